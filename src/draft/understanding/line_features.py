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

from draft.text import fold
from draft.understanding.lines import section_of

BUCKETS = 1 << 16
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _marks(text: str) -> list[str]:
    marks = []
    if "?" in text:
        marks.append("question-mark")
    if re.search(r"->|=>|→|:\s", text):
        marks.append("arrow-or-colon")
    if re.search(r"[$€£¥₹]|\b\d+\s?k\b|/hr\b|/h\b", text, re.IGNORECASE):
        marks.append("money")
    if re.search(r"\d", text):
        marks.append("digit")
    if re.search(r"\b[A-Z]{2,}\b", text):
        marks.append("capitals")
    if re.search(r"[\"“”]", text):
        marks.append("quote")
    if text[:1].isupper():
        marks.append("capital-start")
    if re.search(r"!", text):
        marks.append("exclamation")
    if re.search(r"[\U0001F300-\U0001FAFF☀-➿]", text):
        marks.append("emoji")
    if re.search(r"\([^)]*\)", text):
        marks.append("brackets")
    return marks


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
