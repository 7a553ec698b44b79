"""The whole-body reading: the model reads the notes' lines and writes the message's body in one go.

    prompt:  the message's header (kind, interviewers, company, role), then the notes' lines the body may draw on
    answer:  the body, one or more paragraphs, as a capable writer would send it (no subject, greeting or sign-off)

Shared by the run time (``draft.loop``'s ``body`` strategy) and the training (``training/train_body.py``), so the
adapter is trained on exactly the prompts it is given. Which lines the model sees is decided here, before it reads
anything: a line the line classifier reads as pay, a remark about people or the place, or a feeling, a line that
holds a sum of money, a line under a private heading, and a line the notes tell the model to ignore are never shown
(default-deny holds by construction: what the model never saw it cannot repeat). Every sentence it writes then passes
the same gates as a sentence worded from one line (``gates.gate``), with the lines it saw as the source; a sentence
that fails is left out, never rewritten. Pure functions, no model.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from draft.text import fold, sentences
from draft.understanding.gates import fold_header, gate, holds_pay
from draft.understanding.line_classifier import guess_lines
from draft.understanding.models import NoteLine
from draft.understanding.reading import Reading, UnitContext, _one_line, header_block

BODY_SYSTEM = ("Write the body of a short follow-up message after a job interview, from the candidate's notes: "
               "thank the reader, recall what was discussed, say only what the notes support, restate interest. "
               "No subject, greeting or sign-off.")
NEVER_SHOWN = frozenset({"pay", "remark", "feeling"})
"""Classes whose lines the body model never sees (``reading.SAYABLE_CLASSES`` minus instructions and logistics,
which a body may act on: 'mention the EAD news', 'the tour after')."""
BODY_TOKENS = 260


class BodySentence(BaseModel):
    text: str
    kept: bool
    reason: str = ""


def shown_units(kind: str, units: list[NoteLine], hidden: set[str] | None = None) -> list[NoteLine]:
    """The lines the body model may read, in the notes' order."""
    hidden = hidden or set()
    guesses = guess_lines(kind, units)
    return [unit for unit, guess in zip(units, guesses)
            if guess.cls not in NEVER_SHOWN and unit.section != "private" and unit.text not in hidden and not holds_pay(unit.text)]


def body_user_text(context: UnitContext, units: list[NoteLine]) -> str:
    lines = []
    heading = None
    for unit in units:
        if unit.heading and unit.heading != heading:
            heading = unit.heading
            lines.append(f"[{_one_line(heading, 120)}]")
        lines.append(f"- {_one_line(unit.text)}")
    return header_block(context) + "Notes:\n" + "\n".join(lines)


def gated_body(body: str, units: list[NoteLine], context: UnitContext) -> tuple[str, list[BodySentence]]:
    """The body with only the sentences that pass every gate, paragraphs kept; and what happened to each sentence."""
    source = "\n".join(f"{unit.heading or ''}\n{unit.text}" for unit in units)
    header = fold_header(context.interviewers, context.company, context.role)
    people = fold(" ".join(context.interviewers))
    paragraphs, report = [], []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        kept = []
        for sentence in (segment.text for segment in sentences(" ".join(paragraph.split()))):
            verdict = gate(Reading(cls="topic", say=sentence), source, header, people=people)
            report.append(BodySentence(text=sentence, kept=verdict.say is not None, reason=verdict.reason or ""))
            if verdict.say:
                kept.append(verdict.say)
        if kept:
            paragraphs.append(" ".join(kept))
    return "\n\n".join(paragraphs), report

