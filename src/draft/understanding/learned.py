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


def _prompts(reader: LineReader, context: UnitContext, unit: NoteLine, before: str | None) -> tuple[str, str]:
    return system_prompt(reader), user_text(context, unit.heading, before, unit.text)


def read_class(reader: LineReader, context: UnitContext, unit: NoteLine, before: str | None) -> Reading:
    """What a unit is: a few tokens of greedy generation."""
    system, user = _prompts(reader, context, unit, before)
    head = reader.read_line(reader.chat_prompt(system, user, "class:"), max_tokens=CLASS_TOKENS, stop=["\n"])
    return parse_answer("class: " + head.strip())


def read_say(reader: LineReader, context: UnitContext, unit: NoteLine, before: str | None, cls: str) -> Reading:
    """The sentence to say from a unit of a class that may be said (the same prompt: its prefix is in the KV cache)."""
    system, user = _prompts(reader, context, unit, before)
    said = reader.read_line(reader.chat_prompt(system, user, f"class: {cls}\nsay:"), max_tokens=SAY_TOKENS, stop=["\n"])
    return parse_answer(f"class: {cls}\nsay: {said.strip()}")


def read_unit(reader: LineReader, context: UnitContext, unit: NoteLine, before: str | None) -> Reading:
    """One unit read whole: its class, then (only when the class may be said) the sentence."""
    reading = read_class(reader, context, unit, before)
    return read_say(reader, context, unit, before, reading.cls) if reading.cls in SAYABLE_CLASSES else reading


def read_units(reader: LineReader, context: UnitContext, units: list[NoteLine], skip: set[str] | None = None,
               classes_only: bool = False) -> list[Reading | None]:
    """Every unit read in order; a unit in ``skip`` (a line that instructs the model) is never shown to it: None.
    ``classes_only``: the class of each, no sentence (``read_say`` asks for the ones a message needs)."""
    readings: list[Reading | None] = []
    before = None
    read = read_class if classes_only else read_unit
    for unit in units:
        readings.append(None if skip and unit.text in skip else read(reader, context, unit, before))
        before = unit.text
    return readings
