"""Check types that look for words: banned phrases, banned patterns, counted patterns, emoji, placeholders."""

from __future__ import annotations

import re

import emoji

from draft.guardrails.checks.base import Check, CheckContext, CheckParams, Scope, regex_list, spans_in_scope, tidy_spaces
from draft.guardrails.matchers import find_patterns, find_phrases
from draft.guardrails.models import Finding


class ScopedCheck(Check):
    """A check that runs one finder, :meth:`spans`, over the part of the draft its ``scope`` names (all of it without one)."""

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        raise NotImplementedError

    def find(self, ctx: CheckContext) -> list[Finding]:
        return spans_in_scope(ctx, getattr(self.params, "scope", "all"), self.spans)


class PhrasesCheck(ScopedCheck):
    """Banned phrases, matched exactly or as fuzzy near-variants (rapidfuzz)."""

    name = "phrases"

    class Params(CheckParams):
        phrases: list[str]
        threshold: float = 88
        scope: Scope = "all"

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return find_phrases(text, self.params.phrases, self.params.threshold)


class PatternParams(CheckParams):
    patterns: list[str]
    ignorecase: bool = True
    valid_patterns = regex_list("patterns")


class PatternsCheck(ScopedCheck):
    """Banned regular expressions."""

    name = "patterns"

    class Params(PatternParams):
        scope: Scope = "all"

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return find_patterns(text, self.params.patterns, self.params.ignorecase)


class NoPlaceholdersCheck(PatternsCheck):
    """Unfilled template placeholders, anywhere in the message (no scope)."""

    name = "no_placeholders"
    Params = PatternParams


def remove_emoji(text: str) -> str:
    return text if text.isascii() else emoji.replace_emoji(text, replace="")


class EmojiCheck(ScopedCheck):
    """No emoji; the fix removes them."""

    name = "emoji"

    class Params(CheckParams):
        scope: Scope = "all"

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        if text.isascii():
            return []
        return [(e["match_start"], e["match_end"], e["emoji"]) for e in emoji.emoji_list(text)]

    def fix(self, text: str, ctx: CheckContext) -> str | None:
        if text.isascii() or not emoji.emoji_list(text):
            return None
        return tidy_spaces(remove_emoji(text))


class MaxCountCheck(ScopedCheck):
    """At most ``max`` matches of ``pattern``; reports the ones past the limit.

    With ``replacement`` set, the fix collapses runs of the pattern ('!!!' -> '!') and
    replaces every match past the limit ('!' -> '.').
    """

    name = "max_count"

    class Params(CheckParams):
        pattern: str
        max: int
        scope: Scope = "all"
        replacement: str | None = None
        valid_patterns = regex_list("pattern")

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        return find_patterns(text, [self.params.pattern])

    def find(self, ctx: CheckContext) -> list[Finding]:
        return super().find(ctx)[self.params.max :]

    def fix(self, text: str, ctx: CheckContext) -> str | None:
        p = self.params
        if p.replacement is None or not self.find(ctx):
            return None
        collapsed = re.sub(f"(?:{p.pattern}){{2,}}", lambda m: re.match(p.pattern, m.group(), re.IGNORECASE).group(), text, flags=re.IGNORECASE)
        extra = self.find(CheckContext(collapsed, ctx.notes, ctx.kind))
        for finding in sorted(extra, key=lambda f: -f.start):
            collapsed = collapsed[: finding.start] + p.replacement + collapsed[finding.end :]
        return collapsed if collapsed != text else None
