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


class Offer(BaseModel):
    """What a concern lets me offer to say more about (``understanding/offers.toml``)."""

    model_config = ConfigDict(extra="forbid")
    pattern: str
    says: str
    trips: list[str] = Field(default_factory=list)


class Offers(BaseModel):
    model_config = ConfigDict(extra="forbid")
    offer: list[Offer]
    passes: list[str] = Field(default_factory=list)

    def subject(self, concern: str) -> str | None:
        """The phrase offered for ``concern`` ('my experience with behavior plans'), or None."""
        for offer in self.offer:
            if found := re.search(offer.pattern, concern, re.IGNORECASE):
                return offer.says.format(x=found.group("x").strip())
        return None


class Shapes(BaseModel):
    """Words that decide how a phrase is said (``understanding/shapes.toml``)."""

    model_config = ConfigDict(extra="forbid")
    activities: list[str]
    tails: list[str]

    def is_activity(self, phrase: str) -> bool:
        return bool(re.search(rf"(?i)\b(?:{'|'.join(re.escape(a) for a in self.activities)})$", phrase.strip()))

    def without_tail(self, phrase: str) -> str:
        for tail in self.tails:
            phrase = re.sub(tail, "", phrase, flags=re.IGNORECASE)
        return phrase


@lru_cache(maxsize=1)
def shapes() -> Shapes:
    return Shapes.model_validate(load_data("shapes.toml"))


@lru_cache(maxsize=1)
def offers() -> Offers:
    return Offers.model_validate(load_data("offers.toml"))


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
