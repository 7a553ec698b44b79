"""What the line classifier sees of one notes unit: hashed sparse features, the same at training and run time.

    (kind, heading, line before, line, position) -> sorted feature indices in [0, BUCKETS)

Words and word pairs of the line, character trigrams (typos and shorthand share them), the heading's and the line
before's words, the section the heading names (the notes format's own headings), the line's first and last words, its marks (a question mark, an arrow, a currency sign, digits,
capitals, quotes), its length and place in the notes, and the message kind. No word list: what a feature means is
learned from the annotated corpus (``training/train_classifier.py``). Pure functions.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Sequence
from typing import Protocol

from draft.text import fold
from draft.understanding.lines import section_of

BUCKETS = 1 << 16
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


_MARKS: dict[str, Callable[[str], bool]] = {
    "question-mark": lambda text: "?" in text,
    "arrow-or-colon": lambda text: bool(re.search(r"->|=>|→|:\s", text)),
    "money": lambda text: bool(re.search(r"[$€£¥₹]|\b\d+\s?k\b|/hr\b|/h\b", text, re.IGNORECASE)),
    "digit": lambda text: bool(re.search(r"\d", text)),
    "capitals": lambda text: bool(re.search(r"\b[A-Z]{2,}\b", text)),
    "quote": lambda text: bool(re.search(r"[\"“”]", text)),
    "capital-start": lambda text: text[:1].isupper(),
    "exclamation": lambda text: "!" in text,
    "emoji": lambda text: bool(re.search(r"[\U0001F300-\U0001FAFF☀-➿]", text)),
    "brackets": lambda text: bool(re.search(r"\([^)]*\)", text)),
}
"""The marks a line may carry, by name: what its punctuation and figures say before its words do."""


def _marks(text: str) -> list[str]:
    return [name for name, carries in _MARKS.items() if carries(text)]


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % BUCKETS


def feature_names(kind: str, heading: str | None, before: str | None, text: str, position: float) -> list[str]:
    """The features of one unit, by name (for inspection; ``features`` hashes them)."""
    words = _words(text)
    names = ["bias", f"kind={kind}"]
    names += [f"w={w}" for w in words]
    names += [f"ww={a}_{b}" for a, b in zip(words, words[1:])]
    folded = " " + " ".join(words) + " "
    names += [f"c={folded[i:i + 3]}" for i in range(len(folded) - 2)]
    if words:
        names += [f"first={words[0]}", f"last={words[-1]}", f"first2={'_'.join(words[:2])}"]
    names += [f"h={w}" for w in _words(heading or "")] or ["h=none"]
    names.append(f"section={section_of(heading) if heading else 'none'}")
    names += [f"b={w}" for w in _words(before or "")[:12]] or ["b=none"]
    names += [f"mark={m}" for m in _marks(text)]
    length = len(words)
    names.append(f"len={min(length // 4, 8)}")
    names.append(f"place={min(int(position * 5), 4)}")
    return names


def features(kind: str, heading: str | None, before: str | None, text: str, position: float) -> list[int]:
    """The hashed features of one unit: sorted, each once."""
    return sorted({_bucket(name) for name in feature_names(kind, heading, before, text, position)})


class Unit(Protocol):
    """A notes unit as both the run time (``NoteLine``) and the training corpus (an annotated unit) hold it."""

    @property
    def heading(self) -> str | None: ...

    @property
    def text(self) -> str: ...


def unit_features(kind: str, units: Sequence[Unit]) -> list[list[int]]:
    """The features of every unit of one notes file, in order: each with the line before it and its place in the
    file. The one way the classifier's input is built, at training and at run time."""
    total = max(1, len(units) - 1)
    found = []
    before = None
    for index, unit in enumerate(units):
        found.append(features(kind, unit.heading, before, unit.text, index / total))
        before = unit.text
    return found
