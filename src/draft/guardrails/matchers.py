"""How rules find spans: exact regexes and fuzzy phrase matching with rapidfuzz.

A rule says *what* to look for (a phrase list, a pattern); these helpers know *how*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from draft.text import fold_preserving_length

# Words that intensify without changing meaning: "I really, really need to know" -> "i need to know".
FILLERS = frozenset({"really", "very", "so", "just", "truly", "totally", "actually", "honestly", "seriously", "absolutely", "simply"})
_TOKEN = re.compile(r"[^\W_]+(?:['][^\W_]+)?")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int


def _light_stem(word: str) -> str:
    """'bothering' -> 'bother', 'asked' -> 'ask': enough for phrase variants, nothing more."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    return word


@lru_cache(maxsize=256)
def tokens(text: str) -> tuple[Token, ...]:
    """Folded, lightly stemmed word tokens with their offsets in the original text, fillers removed."""
    folded = fold_preserving_length(text)
    return tuple(Token(_light_stem(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(folded) if m.group() not in FILLERS)


@lru_cache(maxsize=4096)
def normalize_phrase(phrase: str) -> str:
    return " ".join(t.text for t in tokens(phrase))


def find_phrases(text: str, phrases: list[str], threshold: float = 88.0) -> list[tuple[int, int, str]]:
    """Spans of ``text`` that match any phrase exactly or as a near-variant.

    Short phrases (one word, or under 10 letters) must match exactly, as whole words;
    longer ones match windows of the text's words whose fuzzy ratio reaches ``threshold``,
    so "sorry to be bothering you" matches "sorry to bother you".
    Returns (start, end, phrase) triples, without overlaps.
    """
    toks = tokens(text)
    if not toks:
        return []
    normalized = {normalize_phrase(p): p for p in phrases if normalize_phrase(p)}
    hits: list[tuple[float, int, int, str]] = []
    by_length: dict[int, list[str]] = {}
    joined = " ".join(t.text for t in toks)
    for norm in normalized:
        n = norm.count(" ") + 1
        if n == 1 or len(norm) < 10:
            pattern = r"(?<!\w)" + re.escape(norm) + r"(?!\w)"
            starts = _word_starts(text)
            for match in re.finditer(pattern, joined):
                first = starts[match.start()]
                last = starts[match.end() - 1]
                hits.append((100.0, toks[first].start, toks[last].end, normalized[norm]))
        else:
            by_length.setdefault(n, []).append(norm)
    for n, group in by_length.items():
        # Cheap prefilter in C++: most phrases are nowhere near the text.
        group = [g for g in group if fuzz.partial_ratio(g, joined, score_cutoff=threshold - 10)]
        for size in {max(1, n - 1), n, n + 1}:
            if size > len(toks):
                continue
            windows = _windows(text, size)
            for norm in group:
                for _window, score, i in process.extract(norm, windows, scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
                    hits.append((float(score), toks[i].start, toks[i + size - 1].end, normalized[norm]))
    return _without_overlaps(hits)


@lru_cache(maxsize=256)
def _windows(text: str, size: int) -> list[str]:
    """Every run of ``size`` consecutive tokens, joined by spaces."""
    toks = tokens(text)
    return [" ".join(t.text for t in toks[i : i + size]) for i in range(len(toks) - size + 1)]


@lru_cache(maxsize=256)
def _word_starts(text: str) -> dict[int, int]:
    """Map each character offset of the space-joined token string to its token index."""
    toks = tokens(text)
    mapping: dict[int, int] = {}
    offset = 0
    for index, tok in enumerate(toks):
        for k in range(len(tok.text)):
            mapping[offset + k] = index
        offset += len(tok.text) + 1
    return mapping


def _without_overlaps(hits: list[tuple[float, int, int, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for _score, start, end, phrase in sorted(hits, key=lambda h: (-h[0], h[1])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, phrase))
    return sorted(chosen)


def find_patterns(text: str, patterns: list[str], ignorecase: bool = True) -> list[tuple[int, int, str]]:
    flags = re.IGNORECASE if ignorecase else 0
    return [(m.start(), m.end(), m.group()) for p in patterns for m in re.finditer(p, text, flags | re.MULTILINE)]
