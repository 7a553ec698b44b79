"""What the learned understanding reads and writes: the prompt for one notes unit and the reading it answers.

Shared by the run time (``draft.understanding.learned``) and the training (``training/``), so the adapter is
trained on exactly the prompts it is given. Pure functions, no model.

    prompt:  the message's header (kind, interviewers, company, role), the heading, the unit before, the unit
    answer:  "class: <one of CLASSES>" then, when something may be said, "say: <one sentence to the reader>"
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

LearnedClass = Literal[
    "topic", "their_question", "my_answer", "my_fit", "forgot", "their_concern", "next_steps",
    "logistics", "pay", "remark", "feeling", "instruction", "other",
]
CLASSES: tuple[str, ...] = LearnedClass.__args__  # type: ignore[attr-defined]
SAYABLE_CLASSES: frozenset[str] = frozenset({"topic", "their_question", "my_answer", "my_fit", "forgot", "their_concern"})
"""Default-deny: only these classes may be said; pay, remarks, feelings, logistics, instructions never are."""
WORDED_CLASSES: frozenset[str] = SAYABLE_CLASSES | {"instruction"}
"""The classes the model words. A line that tells the tool what to say ('mention I have my CSCS card') is worded too,
and said only as a point to add, through the gates, when it asks for something to be said (``draft.understood``)."""

SYSTEM = "Read one line of interview notes: give its class and the sentence a follow-up message would say from it, or SKIP."
MAX_UNIT_CHARS = 400
SKIP = "SKIP"


class UnitContext(BaseModel):
    """What a unit means depends on: the message wanted and who it is for."""

    kind: str = "thank-you"
    interviewers: list[str]
    company: str
    role: str


class Reading(BaseModel):
    """The model's reading of one unit: what it is, and the sentence to say (None: nothing)."""

    cls: LearnedClass
    say: str | None = None
    raw: str = Field("", description="the model's answer as written, for explain and evaluation")


def _one_line(text: str, limit: int = MAX_UNIT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def header_block(context: UnitContext) -> str:
    """The part of every unit's prompt that is the same for the whole notes file (a prefix the KV cache keeps)."""
    return (
        f"Message: {context.kind}\n"
        f"Interviewers: {'; '.join(context.interviewers)}\n"
        f"Company: {_one_line(context.company, 120)}\nRole: {_one_line(context.role, 120)}\n"
    )


def unit_block(heading: str | None, before: str | None, text: str) -> str:
    """The part of a unit's prompt that is its own."""
    return f"Heading: {_one_line(heading or '-', 120)}\nBefore: {_one_line(before or '-', 100)}\nLine: {_one_line(text)}"


def user_text(context: UnitContext, heading: str | None, before: str | None, text: str) -> str:
    return header_block(context) + unit_block(heading, before, text)


def answer_text(cls: str, say: str | None) -> str:
    """The answer the model is trained to give."""
    return f"class: {cls}\nsay: {say if say else SKIP}"


_CLASS = re.compile(r"^[^\S\n]*class:[^\S\n]*([a-z_]+)", re.MULTILINE)
_SAY = re.compile(r"^[^\S\n]*say:[^\S\n]*(\S[^\n]*)", re.MULTILINE)


def parse_answer(raw: str) -> Reading:
    """The model's answer read strictly: an unknown class is 'other' (never said); a missing or SKIP say is None."""
    match = _CLASS.search(raw)
    cls = match.group(1) if match and match.group(1) in CLASSES else "other"
    said = _SAY.search(raw)
    say = said.group(1).strip() if said else None
    if say is None or say.upper().startswith(SKIP) or cls not in WORDED_CLASSES:
        say = None
    return Reading(cls=cls, say=say, raw=raw)  # type: ignore[arg-type]
