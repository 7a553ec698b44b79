"""Typed results of the understanding stage: what each notes line is, and how it reads to the interviewer."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ItemKind = Literal[
    "topic", "question", "fit", "forgot", "concern", "next_step", "profile",
    "logistics", "private", "self_instruction", "model_instruction",
]
SAYABLE: frozenset[str] = frozenset({"topic", "question", "fit", "forgot", "concern", "next_step", "profile"})

Shape = Literal["about", "heard", "activity", "that", "question", "fit", "statement", "artifact", "sentence"]
"""How a phrase fits into a sentence:

* ``about``: a noun phrase after "our conversation about ..."      (your move to the cloud)
* ``heard``: a noun phrase they told me about: "hearing about ..."  (the rotation program for new grads)
* ``activity``: something we did together: "I enjoyed ..."         (the group exercise)
* ``that``: a clause: "hearing that ..."                            (the team is growing to 8)
* ``question``: what they asked me: "your question about ..."      (how I handle handoffs)
* ``fit``: what I told them: "telling you about ..."               (my time at Acme)
* ``statement``: a first-person clause: "... mention that ..."     (I led the Snowflake cost review)
* ``sentence``: a whole sentence the learned reader wrote for the reader, said as it is
"""


class NoteLine(BaseModel):
    """One line of the notes body: a bullet, a numbered item, or one sentence of a paragraph."""

    text: str
    section: str = "discussed"
    heading: str | None = None
    line: int = 0


class Phrase(BaseModel):
    """A notes line rewritten for the reader, and the shape of sentence it fits."""

    text: str
    shape: Shape
    problems: list[str] = Field(default_factory=list, description="the quality checks it fails (understanding/quality.toml): said only when nothing clean is left")
    discussed: bool = Field(False, description="a subject they mentioned, not news they told me: talked about, never 'learned about'")

    @property
    def clean(self) -> bool:
        return not self.problems


class NoteItem(BaseModel):
    """A notes line understood: what it is, the cleaned text, and (when sayable) the phrase for the reader."""

    kind: ItemKind
    text: str
    source: str
    section: str = "discussed"
    line: int = 0
    phrase: Phrase | None = None
    answer: Phrase | None = None
    answer_given: bool = Field(False, description="the notes say I gave the answer in the interview ('My answer: ...'), so it is recalled, not news")
    speaker: str | None = Field(None, description="on a panel, the interviewer the line is about ('Carmen (HR) - walked through ...' and the lines after it)")
    tone: str | None = None

    @property
    def sayable(self) -> bool:
        return self.kind in SAYABLE and self.phrase is not None
