"""Safe deterministic repairs, applied before a draft is checked (and before any regeneration).

The fixes belong to the rules they serve (F3 emoji, F10 doubled words; see
``draft.guardrails.apply_fixes``); this module applies them without notes, to a sentence
or a notes item.

Each repair only removes or normalizes characters: it never adds a fact.
"""

from __future__ import annotations

import re

from draft.guardrails import load_rules
from draft.guardrails.checks.base import tidy_spaces
from draft.guardrails.checks.phrases import remove_emoji
from draft.guardrails.checks.structure import undouble_words as _undouble_words


def _exclamation_limit() -> tuple[int, str]:
    """F4's ``max`` and ``replacement``, from F4's rule file (at most one '!', the rest become full stops)."""
    rule = next((r for r in load_rules() if r.id == "F4" and r.check == "max_count"), None)
    if rule is None:
        return 1, "."
    return rule.params.max, rule.params.replacement or "."


def tame_exclamations(text: str, keep: int | None = None) -> str:
    """'!!!' -> '!', and every '!' past the first ``keep`` (default: F4's maximum) becomes F4's replacement."""
    limit, replacement = _exclamation_limit()
    keep = limit if keep is None else keep
    text = re.sub(r"!{2,}", "!", text)
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "!" if count <= keep else replacement

    return re.sub(r"!", replace, text)


def undouble_words(text: str) -> str:
    """'the the' -> 'the', keeping the doubles F10's ``allowed_doubles`` allows ('had had')."""
    allowed = [w for rule in load_rules() if rule.check == "repetition" for w in rule.params.allowed_doubles]
    return _undouble_words(text, allowed)


def repair(text: str) -> tuple[str, list[str]]:
    """Apply every repair; return the text and the names of the repairs that changed it."""
    applied = []
    for name, function in (("emoji", remove_emoji), ("exclamations", tame_exclamations), ("doubled-words", undouble_words), ("spaces", tidy_spaces)):
        fixed = function(text)
        if fixed != text:
            applied.append(name)
            text = fixed
    return text, applied
