"""Check types about the shape of a message: subject line, paragraphs, required phrasing, lengths, spoken parts, repeats."""

from __future__ import annotations

import re
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from draft.guardrails.checks.base import Check, CheckContext, CheckParams, Scope, regex_list
from draft.guardrails.matchers import find_patterns
from draft.guardrails.models import Finding
from draft.text import Segment, fold, sentences, words


class RequiredPatternCheck(Check):
    """At least one of ``patterns`` in the scope, optionally within its first ``within_sentences``."""

    name = "required_pattern"

    class Params(CheckParams):
        patterns: list[str]
        scope: Scope = "body"
        within_sentences: int | None = None
        valid_patterns = regex_list("patterns")

    def find(self, ctx: CheckContext) -> list[Finding]:
        p = self.params
        segments = ctx.scope(p.scope)
        if p.within_sentences:
            segments = [s for seg in segments for s in sentences(seg.text, seg.start)][: p.within_sentences]
        if any(find_patterns(seg.text, p.patterns) for seg in segments):
            return []
        where = segments[0] if segments else Segment(0, 0, "")
        return [Finding(start=where.start, end=where.end)]


class MaxParagraphsCheck(Check):
    """At most ``max`` paragraphs in the body (greeting and sign-off excluded)."""

    name = "max_paragraphs"

    class Params(CheckParams):
        max: int

    def find(self, ctx: CheckContext) -> list[Finding]:
        paragraphs = ctx.layout.paragraphs
        if len(paragraphs) <= self.params.max:
            return []
        extra = paragraphs[self.params.max]
        return [Finding(start=extra.start, end=paragraphs[-1].end, detail=f"{len(paragraphs)} paragraphs")]


class SubjectLineCheck(Check):
    """A 'Subject: ...' first line of at least ``min_words`` words."""

    name = "subject_line"

    class Params(CheckParams):
        min_words: int = 2

    def find(self, ctx: CheckContext) -> list[Finding]:
        subject = ctx.layout.subject
        least = self.params.min_words
        if subject is None:
            return [Finding(start=0, end=len(ctx.text.split("\n", 1)[0]), detail=f"no 'Subject:' line; a subject of at least {least} words")]
        count = len(subject.text.split())
        if count >= least:
            return []
        said = f"'{subject.text.strip()}' is {count} word{'' if count == 1 else 's'}" if count else "the subject is empty"
        return [Finding(start=subject.start, end=subject.end, detail=f"{said}; a subject needs at least {least}")]


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    min: int = 0
    max: int = 10**9


class WordCountCheck(Check):
    """Words in the scope within the kind's ``limits`` (``{kind = {min, max}}``); kinds not listed are not limited."""

    name = "word_count"

    class Params(CheckParams):
        limits: dict[str, Limits]
        scope: Scope = "body"

    def find(self, ctx: CheckContext) -> list[Finding]:
        limits = self.params.limits.get(ctx.kind)
        if not limits:
            return []
        segments = ctx.scope(self.params.scope)
        count = sum(len(re.findall(r"\S+", s.text)) for s in segments)
        if limits.min <= count <= limits.max:
            return []
        start, end = (segments[0].start, segments[-1].end) if segments else (0, 0)
        bound = f"at most {limits.max}" if count > limits.max else f"at least {limits.min}"
        return [Finding(start=start, end=end, detail=f"{count} words; {ctx.kind} wants {bound}")]


class CharCountCheck(Check):
    """At most ``max`` characters in the body."""

    name = "char_count"

    class Params(CheckParams):
        max: int

    def find(self, ctx: CheckContext) -> list[Finding]:
        length = len(ctx.layout.body_text)
        return [] if length <= self.params.max else [Finding(start=0, end=0, detail=f"{length} characters")]


class SpokenPartsCheck(Check):
    """Each named part (a line 'Name:' and the text after it) exists and stays under ``max_words``."""

    name = "spoken_parts"

    class Params(CheckParams):
        parts: list[str]
        max_words: int

    def find(self, ctx: CheckContext) -> list[Finding]:
        findings = []
        names = self.params.parts
        heading = re.compile(rf"^\s*({'|'.join(map(re.escape, names))})\s*:\s*$", re.IGNORECASE | re.MULTILINE)
        marks = list(heading.finditer(ctx.text))
        found = {fold(m.group(1)) for m in marks}
        for name in names:
            if fold(name) not in found:
                findings.append(Finding(start=0, end=0, detail=f"no '{name}:' part"))
        for index, mark in enumerate(marks):
            end = marks[index + 1].start() if index + 1 < len(marks) else len(ctx.text)
            count = len(ctx.text[mark.end() : end].split())
            if count > self.params.max_words:
                findings.append(Finding(start=mark.start(), end=end, detail=f"'{mark.group(1)}' has {count} words"))
        return findings


_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)(\s+\1\b)+", re.IGNORECASE)


def undouble_words(text: str, allowed_doubles: list[str], keep: Callable[[int, int], bool] = lambda start, end: False) -> str:
    """'the the end' -> 'the end'; words in ``allowed_doubles`` ('had had', 'that that') and spans ``keep`` names stay."""
    allowed = {fold(w) for w in allowed_doubles}

    def single(match: re.Match[str]) -> str:
        if fold(match.group(1)) in allowed or keep(match.start(), match.end()):
            return match.group(0)
        return match.group(1)

    return _DOUBLED_WORD.sub(single, text)


class RepetitionCheck(Check):
    """Repeated sentences (fuzzy) and doubled words ('the the'); the fix removes doubled words."""

    name = "repetition"

    class Params(CheckParams):
        threshold: float = 92
        min_words: int = 4
        allowed_doubles: list[str] = ["had", "that"]

    def find(self, ctx: CheckContext) -> list[Finding]:
        p = self.params
        findings = []
        seen: list[str] = []
        for paragraph in ctx.layout.paragraphs:
            for sentence in sentences(paragraph.text, paragraph.start):
                normalized = " ".join(words(sentence.text))
                if len(normalized.split()) < p.min_words:
                    continue
                if any(fuzz.ratio(normalized, earlier) >= p.threshold for earlier in seen):
                    findings.append(Finding(start=sentence.start, end=sentence.end, detail="repeated sentence"))
                seen.append(normalized)
        allowed = {fold(w) for w in p.allowed_doubles}
        for match in re.finditer(r"\b([^\W\d_]+)\s+\1\b", ctx.text, re.IGNORECASE):
            if fold(match.group(1)) not in allowed and not ctx.is_protected(match.start(), match.end()):
                findings.append(Finding(start=match.start(), end=match.end(), detail=f"repeated word '{match.group(1)}'"))
        return findings

    def fix(self, text: str, ctx: CheckContext) -> str | None:
        fixed = undouble_words(text, self.params.allowed_doubles, ctx.is_protected)
        return fixed if fixed != text else None
