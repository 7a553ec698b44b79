"""What a notes line is: the first class in ``understanding/classes.toml`` whose cue matches,
after the section its heading gives."""

from __future__ import annotations

import re

from draft.injection import looks_like_instruction
from draft.understanding.lexicon import classes
from draft.understanding.models import ItemKind

_SECTION_KINDS: dict[str, ItemKind] = {"forgot": "forgot", "concerns": "concern", "timeline": "next_step", "profile": "profile"}
_NEVER_SAYABLE = ("self_instruction", "private", "logistics")
_TONES = {"formal": "formal", "professional": "formal", "conservative": "formal", "warm": "warm", "friendly": "warm",
          "enthusiastic": "warm", "casual": "warm", "neutral": "neutral"}


def classify(text: str, section: str = "discussed") -> ItemKind:
    """The kind of one cleaned notes line, given the section it sits in."""
    if looks_like_instruction(text):
        return "model_instruction"
    if section == "private":
        return "private"
    specs = classes()
    for name in _NEVER_SAYABLE:
        if specs[name].matches(text):
            return name  # type: ignore[return-value]
    if section in _SECTION_KINDS:
        return _SECTION_KINDS[section]
    for name, spec in specs.items():
        if name in _NEVER_SAYABLE or not spec.sayable:
            continue
        if name == "question" and re.match(r"(?i)^\s*i\b", text):
            continue  # 'I asked about their roadmap' is what they told me, not their question
        if spec.matches(text):
            return name  # type: ignore[return-value]
    return "topic"


def tone_instruction(text: str) -> str | None:
    """'keep tone formal' -> 'formal'."""
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _TONES and re.search(r"\b(tone|formal|warm|casual|friendly|professional|enthusiastic)\b", text.lower()):
            return _TONES[word]
    return None
