"""The understanding stage's data: sections, item classes and shorthand (``understanding/*.toml``)."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from draft.errors import RulesError
from draft.resources import data_dir


class SectionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cues: list[str]
    examples: list[str] = Field(default_factory=list)


class ClassSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sayable: bool
    description: str
    cues: list[str]
    trips: list[str] = Field(default_factory=list)
    passes: list[str] = Field(default_factory=list)

    def matches(self, text: str) -> bool:
        return any(pattern.search(text) for pattern in compiled(tuple(self.cues)))


class Shorthand(BaseModel):
    model_config = ConfigDict(extra="forbid")
    expand: dict[str, str]
    fillers: list[str]
    openers: list[str]
    formal: dict[str, str] = Field(default_factory=dict)


@lru_cache(maxsize=64)
def compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def load_data(name: str) -> dict:
    path = data_dir("understanding") / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"not valid TOML ({error})", path) from None


@lru_cache(maxsize=1)
def sections() -> dict[str, SectionSpec]:
    return {name: SectionSpec.model_validate(spec) for name, spec in load_data("sections.toml").items()}


@lru_cache(maxsize=1)
def classes() -> dict[str, ClassSpec]:
    return {name: ClassSpec.model_validate(spec) for name, spec in load_data("classes.toml").items()}


class Shapes(BaseModel):
    """Words that decide how a phrase is said (``understanding/shapes.toml``)."""

    model_config = ConfigDict(extra="forbid")
    activities: list[str]
    tails: list[str]
    upcoming_tails: list[str] = Field(default_factory=list)
    plan_tails: list[str] = Field(default_factory=list)
    repeating_tails: list[str] = Field(default_factory=list)
    institutions: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    artifacts: list[str] = Field(default_factory=list)
    mass_endings: list[str] = Field(default_factory=list)
    mass_heads: list[str] = Field(default_factory=list)

    def is_artifact(self, phrase: str) -> bool:
        """'my preprint on cell-type deconvolution': work of mine a reader may want to see (its head noun, before any 'on')."""
        head = re.split(r"(?<!\s)\s+(?:on|about|for|at|with|from|in)\s+", phrase.lower(), maxsplit=1)[0]
        return any(re.search(rf"\b{re.escape(artifact)}$", head) for artifact in self.artifacts)

    def is_mass(self, noun: str) -> bool:
        """'management', 'exposure': a noun said without 'the' ('our conversation about medication therapy management')."""
        lower = noun.lower()
        return lower in self.mass_heads or lower.endswith(tuple(self.mass_endings))

    def with_article(self, company: str) -> str:
        """'Riverside Museum of Art' -> 'the Riverside Museum of Art'; 'Fennel Pay', 'The Copper Still' as written."""
        words = company.split()
        if not words or words[0].lower() == "the" or any(w.endswith(("'s", "\u2019s")) for w in words):  # 'St. Brigid's Medical Center'
            return company
        if " of " in company or words[-1] in self.institutions:
            return "the " + company
        return company

    def is_activity(self, phrase: str) -> bool:
        return bool(re.search(rf"(?i)\b(?:{'|'.join(re.escape(a) for a in self.activities)})$", phrase.strip()))

    def without_tail(self, phrase: str) -> str:
        for tail in self.tails:
            phrase = re.sub(tail, "", phrase, flags=re.IGNORECASE)
        for tail in self.upcoming_tails:
            shorter = re.sub(tail, "", phrase, flags=re.IGNORECASE)
            if shorter != phrase:
                determined = re.match(r"(?i)(?:the|your|our|their|a|an|this|that)\s", shorter)
                phrase = shorter if determined else "your upcoming " + shorter
        for tail in self.repeating_tails:
            if (match := re.search(tail, phrase, flags=re.IGNORECASE)) and _content_words(phrase[:match.start()]) & _content_words(match.group()):
                phrase = phrase[:match.start()]
        determined = re.match(r"(?i)(?:the|your|our|their|a|an|this|that)\s", phrase)
        if not determined and any(re.search(tail, phrase, flags=re.IGNORECASE) for tail in self.plan_tails):
            phrase = "your plan for " + phrase
        return phrase


def _content_words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"[^\W\d_]{4,}", text)}


@lru_cache(maxsize=1)
def shapes() -> Shapes:
    return Shapes.model_validate(load_data("shapes.toml"))


@lru_cache(maxsize=1)
def shorthand() -> Shorthand:
    return Shorthand.model_validate(load_data("shorthand.toml"))


@lru_cache(maxsize=1)
def known_casings() -> tuple[str, ...]:
    """Names of tools and products as they are written (``understanding/casing.toml``)."""
    names = load_data("casing.toml").get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise RulesError("'names' must be a list of strings", data_dir("understanding") / "casing.toml")
    return tuple(names)
