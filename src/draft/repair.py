"""Safe deterministic repairs, applied before a draft is checked (and before any regeneration).

Each repair only removes or normalizes characters: it never adds a fact.
"""

from __future__ import annotations

import re

import emoji

_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)(\s+\1\b)+", re.IGNORECASE)
_KEEP_DOUBLED = {"had", "that"}


def remove_emoji(text: str) -> str:
    return text if text.isascii() else emoji.replace_emoji(text, replace="")


def tame_exclamations(text: str, keep: int = 1) -> str:
    """'!!!' -> '!', and every '!' past the first ``keep`` becomes a full stop."""
    text = re.sub(r"!{2,}", "!", text)
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return "!" if count <= keep else "."

    return re.sub(r"!", replace, text)


def undouble_words(text: str) -> str:
    return _DOUBLED_WORD.sub(lambda m: m.group(0) if m.group(1).lower() in _KEEP_DOUBLED else m.group(1), text)


def tidy_spaces(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return re.sub(r"[ \t]+\n", "\n", text)


def repair(text: str) -> tuple[str, list[str]]:
    """Apply every repair; return the text and the names of the repairs that changed it."""
    applied = []
    for name, function in (("emoji", remove_emoji), ("exclamations", tame_exclamations), ("doubled-words", undouble_words), ("spaces", tidy_spaces)):
        fixed = function(text)
        if fixed != text:
            applied.append(name)
            text = fixed
    return text, applied
