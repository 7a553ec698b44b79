"""The kinds of follow-up (``prompts/kinds.toml``): what each asks of the model and how long it may be."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from draft.resources import data_dir


class KindSpec(BaseModel):
    name: str
    channel: Literal["email", "card", "linkedin", "phone"]
    label: str
    group: Literal["thank-you", "status-check", "after-rejection", "connection"]
    brief: str
    asks: list[str]
    max_words: int
    body_tokens: int


@lru_cache(maxsize=1)
def kinds() -> dict[str, KindSpec]:
    with open(data_dir("prompts") / "kinds.toml", "rb") as handle:
        table = tomllib.load(handle)
    return {name: KindSpec(name=name, **spec) for name, spec in table.items()}


def kind_spec(name: str) -> KindSpec:
    return kinds()[name]


def is_email(name: str) -> bool:
    """The kind is an email: it has a subject line and carries the settings' signature block."""
    return kinds()[name].channel == "email"


def kinds_in_group(group: str) -> tuple[str, ...]:
    """The kinds of one timing group ('thank-you', 'status-check', 'after-rejection', 'connection'), in file order."""
    return tuple(name for name, spec in kinds().items() if spec.group == group)
