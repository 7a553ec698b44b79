"""Does a rewritten phrase read cleanly inside its frame? The checks and their word lists are
data (``understanding/quality.toml``); a phrase with any problem is not said.

Used by the rewriter to choose among the pieces of a notes line, and by the composer to choose
which items a message says: saying less, cleanly, beats pasting a fragment.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection
from pydantic import BaseModel, ConfigDict, Field

from draft.text import STOPWORDS
from draft.understanding.lexicon import load_data
from draft.understanding.models import Phrase

_OBJECT_STARTS = {"a", "an", "the", "your", "my", "our", "their", "his", "her", "some", "more"}
_WORD = re.compile(r"[\w'\u2019/&-]+")


class QualityCheck(BaseModel):
    """One problem a phrase may show, with the words or pattern that reveal it and its examples."""

    model_config = ConfigDict(extra="forbid")
    description: str
    pattern: str | None = None
    words: list[str] = Field(default_factory=list)
    case_sensitive_words: list[str] = Field(default_factory=list)
    shapes: list[str] = Field(default_factory=list)
    generic: list[str] = Field(default_factory=list)
    allowed: list[str] = Field(default_factory=list)
    min_content_words: int = 0
    max_letters: int = 0
    max_words: int = 0
    trips: list[str] = Field(default_factory=list)
    passes: list[str] = Field(default_factory=list)


@lru_cache(maxsize=1)
def quality_checks() -> dict[str, QualityCheck]:
    return {name: QualityCheck.model_validate(spec) for name, spec in load_data("quality.toml").items()}


def _tokens(text: str) -> list[str]:
    return [t.strip("'\u2019-") for t in _WORD.findall(text) if t.strip("'\u2019-")]


def _is_verb_form(word: str) -> bool:
    """'drove', 'wants': an inflected verb that is not also a noun or adjective."""
    lemmas = getAllLemmas(word.lower())
    verbs = lemmas.get("VERB")
    if not verbs or "NOUN" in lemmas or "ADJ" in lemmas:
        return False
    lemma = verbs[0]
    forms = {(getInflection(lemma, tag) or ("",))[0] for tag in ("VBD", "VBZ", "VBN")}
    return word.lower() in forms and word.lower() != lemma


def _known(word: str) -> bool:
    return bool(getAllLemmas(word.lower())) or word.lower() in STOPWORDS


def problems(phrase: Phrase) -> list[str]:
    """The names of the checks a phrase fails (empty: it reads cleanly in its frame)."""
    text, shape = phrase.text, ("about" if phrase.shape == "activity" else phrase.shape)  # an activity is a noun phrase too
    tokens = _tokens(text)
    lowered = [t.lower() for t in tokens]
    found: list[str] = []
    for name, check in quality_checks().items():
        if check.shapes and shape not in check.shapes:
            continue
        if _fails(name, check, text, shape, tokens, lowered):
            found.append(name)
    return found


def _fails(name: str, check: QualityCheck, text: str, shape: str, tokens: list[str], lowered: list[str]) -> bool:
    if not tokens:
        return True
    words = {w.lower() for w in check.words}
    if name == "bad_start":
        start = lowered[1:] if lowered[0] == "the" and len(lowered) > 1 else lowered
        first = start[0]
        imperative = len(start) > 1 and start[1] in _OBJECT_STARTS and "VERB" in getAllLemmas(first) and not first.endswith("ing") and shape in ("about", "heard")
        return first in words or imperative or (shape in ("about", "heard") and _is_verb_form(first) and not first.endswith("ing"))
    if name == "dangling_end":
        return lowered[-1] in words
    if name == "no_content":
        generic = {w.lower() for w in check.generic}
        content = [t for t in tokens if t.lower() not in STOPWORDS and t.lower() not in generic and len(t) > 1 and not t[:1].isdigit()]
        named = any(t[:1].isupper() and t not in ("I", "I'm", "I've", "I'd") for t in content) or any(t[:1].isdigit() for t in tokens)
        return len(content) < check.min_content_words and not (content and named)
    if name == "unknown_word":
        allowed = {w.lower() for w in check.allowed}
        return any(t.isalpha() and t.islower() and len(t) <= check.max_letters and t not in allowed and not _known(t) for t in tokens)
    if name == "too_long":
        return len(tokens) > check.max_words
    if check.pattern and re.search(check.pattern, text, re.IGNORECASE if name != "raw_punctuation" else 0):
        return True
    if words and any(w in words for w in lowered):
        return True
    return bool(check.case_sensitive_words) and any(t in check.case_sensitive_words for t in tokens)


def reads_cleanly(phrase: Phrase | None) -> bool:
    return phrase is not None and not problems(phrase)


def parse_example(example: str) -> Phrase:
    """'about: the teen advisory board' -> Phrase(shape='about', text='the teen advisory board')."""
    shape, _, text = example.partition(": ")
    return Phrase(text=text, shape=shape)  # type: ignore[arg-type]
