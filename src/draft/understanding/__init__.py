"""Notes understanding: each notes line becomes a typed item that says what it is and who it is
about, and (when it may be said) how it reads to the interviewer.

    notes body -> lines (bullets, numbered items, sentences) -> classify -> rewrite for the reader

Private remarks, logistics and instructions to myself are kept for the job seeker and never
reach a prompt or a message (rule P1); instructions to a model are dropped (rule X1).
"""

from __future__ import annotations

from draft.understanding.classify import classify, tone_instruction
from draft.understanding.lexicon import classes
from draft.understanding.lines import split_lines
from draft.understanding.models import SAYABLE, ItemKind, NoteItem, NoteLine, Phrase, Shape
from draft.understanding.rewrite import Context, clean, rewrite, split_answer


def understand_line(line: NoteLine, ctx: Context) -> NoteItem:
    """One notes line, understood."""
    text = clean(line.text, ctx)
    kind = classify(text, line.section) if text else "private"
    item = NoteItem(kind=kind, text=text, source=line.text, section=line.section, line=line.line)
    if kind == "self_instruction" or (kind == "private" and classes()["self_instruction"].matches(text)):
        item.tone = tone_instruction(text)
    if kind not in SAYABLE:
        return item
    if kind == "concern":
        concern, answer = split_answer(text)
        item.text = concern
        item.answer = rewrite(answer, ctx, "forgot") if answer else None
        item.phrase = Phrase(text=concern, shape="about")  # never said as such (rule P3): only its answer is
        return item
    item.phrase = rewrite(text, ctx, kind)
    return item


def understand(body: str, ctx: Context) -> list[NoteItem]:
    """Every line of a notes body, understood, in the order written (empty lines dropped)."""
    items = [understand_line(line, ctx) for line in split_lines(body)]
    return [item for item in items if item.text or item.kind == "model_instruction"]


__all__ = ["Context", "ItemKind", "NoteItem", "NoteLine", "Phrase", "Shape", "understand", "understand_line"]
