"""The learned understanding: a model reads each notes unit and answers its class and the sentence to say.

    units -> prompt per unit (draft.understanding.reading) -> the model's answer -> Reading

With the default model, a LoRA adapter trained on the annotated corpus (``training/``) does the reading;
a model with no adapter (a 1-4B GGUF, a server) reads from the same prompt with worked examples before it, so
the reading grows with the model. Each unit costs one short greedy generation: the class first, and the
sentence only when the class may be said. What the model answers is never trusted: ``gates`` decide.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Protocol

from draft.resources import data_dir
from draft.understanding.models import NoteLine
from draft.understanding.reading import SAYABLE_CLASSES, SYSTEM, Reading, UnitContext, parse_answer, user_text

CLASS_TOKENS = 8
SAY_TOKENS = 72


class LineReader(Protocol):
    """What the learned understanding needs of a model: its chat prompt and a greedy completion."""

    adapted: bool

    def chat_prompt(self, system: str, user: str, assistant_prefix: str = "") -> str: ...

    def read_line(self, prompt: str, *, max_tokens: int, stop: list[str]) -> str: ...


@lru_cache(maxsize=1)
def worked_examples() -> str:
    """A few annotated units, for a model that has no adapter (understanding/reading_examples.jsonl)."""
    path = data_dir("understanding") / "reading_examples.jsonl"
    if not path.is_file():
        return ""
    shown = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            example = json.loads(line)
            shown.append(f"{example['user']}\n=>\n{example['answer']}")
    return "\n\nExamples:\n\n" + "\n\n".join(shown)


def system_prompt(reader: LineReader) -> str:
    return SYSTEM if reader.adapted else SYSTEM + worked_examples()


def read_unit(reader: LineReader, context: UnitContext, unit: NoteLine, before: str | None) -> Reading:
    """One unit read: its class, then (only when the class may be said) the sentence."""
    system, user = system_prompt(reader), user_text(context, unit.heading, before, unit.text)
    head = "class: " + reader.read_line(reader.chat_prompt(system, user, "class:"), max_tokens=CLASS_TOKENS, stop=["\n"]).strip()
    reading = parse_answer(head)
    if reading.cls not in SAYABLE_CLASSES:
        return reading
    said = reader.read_line(reader.chat_prompt(system, user, f"class: {reading.cls}\nsay:"), max_tokens=SAY_TOKENS, stop=["\n"])
    return parse_answer(f"class: {reading.cls}\nsay: {said.strip()}")


def read_units(reader: LineReader, context: UnitContext, units: list[NoteLine], skip: set[str] | None = None) -> list[Reading | None]:
    """Every unit read in order; a unit in ``skip`` (a line that instructs the model) is never shown to it: None."""
    readings: list[Reading | None] = []
    before = None
    for unit in units:
        readings.append(None if skip and unit.text in skip else read_unit(reader, context, unit, before))
        before = unit.text
    return readings
