"""What may leave the machine: no request to a server carries a private notes line (issue 17).

The prompts are built from the sayable items only and the retry feedback never quotes a
private line; this is the last check before the network, whatever built the prompt. A
private line is withheld as its 40-character windows (each starting at a word), compared
case- and space-insensitively with every string of a request body, so a line cut short
("Before: ..."), quoted inside feedback or sent whole is caught alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

WINDOW = 40
MIN_CHARS = 8  # shorter lines ('ugh', 'lol') say nothing a prompt could leak, and would match ordinary words


def fold(text: str) -> str:
    """Case, width and spacing folded: the form both sides are compared in."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fragments(lines: Iterable[str]) -> frozenset[str]:
    """The pieces of ``lines`` no request may hold: each line's 40-character windows (the whole line when shorter)."""
    found: set[str] = set()
    for line in lines:
        folded = fold(line)
        if len(folded) < MIN_CHARS:
            continue
        if len(folded) <= WINDOW:
            found.add(folded)
            continue
        for start in [0, *(m.end() for m in re.finditer(r"\s", folded))]:
            if len(folded) - start < WINDOW:
                break
            found.add(folded[start : start + WINDOW])
    return frozenset(found)


def strings(value: Any) -> Iterator[str]:
    """Every string in a JSON-like body (keys too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from strings(item)


def holds_withheld(body: Any, withheld: frozenset[str]) -> bool:
    """Does any string of ``body`` contain one of the ``withheld`` fragments? (Linear in the body: its windows are
    looked up, at every position a word or a mark begins.)"""
    if not withheld:
        return False
    short = [fragment for fragment in withheld if len(fragment) < WINDOW]
    for text in strings(body):
        folded = fold(text)
        if any(fragment in folded for fragment in short):
            return True
        for index in range(max(0, len(folded) - WINDOW + 1)):
            if (index == 0 or not folded[index - 1].isalnum() or not folded[index].isalnum()) and folded[index : index + WINDOW] in withheld:
                return True
    return False
