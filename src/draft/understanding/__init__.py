"""Notes understanding: each notes line becomes a typed item that says what it is and who it is
about, and (when it may be said) how it reads to the interviewer.

    notes body -> lines (bullets, numbered items, sentences) -> classify -> rewrite for the reader

Private remarks, logistics and instructions to myself are kept for the job seeker and never
reach a prompt or a message (rule P1); instructions to a model are dropped (rule X1).
"""

from __future__ import annotations

import re

from draft.understanding.classify import classify, tone_instruction
from draft.understanding.lexicon import classes
from draft.understanding.lines import split_lines
from draft.understanding.models import SAYABLE, ItemKind, NoteItem, NoteLine, Phrase, Shape
from draft.understanding.rewrite import Context, clean, named_at_start, rewrite, split_answer, without_asides


def understand_line(line: NoteLine, ctx: Context) -> NoteItem:
    """One notes line, understood."""
    text = clean(line.text, ctx)
    said = without_asides(text).strip() or text  # an aside in parentheses is never said, so it does not decide ('the IV room certification (they'll pay for it)')
    kind = classify(said, line.section) if text and not _ASIDE.fullmatch(line.text) else "private"
    if kind in ("topic", "question", "fit", "next_step") and _private_as_written(without_asides(line.text)):
        kind = "private"  # 'parking lol', 'crunch??': what cleaning removed still says it is for me
    item = NoteItem(kind=kind, text=text, source=line.text, section=line.section, line=line.line)
    if kind == "self_instruction" or (kind == "private" and classes()["self_instruction"].matches(text)):
        item.tone = tone_instruction(text)
    if kind not in SAYABLE:
        return item
    if kind == "concern":
        concern, answer = split_answer(text)
        item.text = concern
        item.answer = rewrite(answer, ctx, "forgot") if answer else None
        item.answer_given = bool(answer) and bool(_GIVEN.match(text))  # 'My answer: I finished ...'
        item.phrase = Phrase(text=concern, shape="about")  # never said as such (rule P3): only its answer is
        return item
    item.phrase = rewrite(text, ctx, kind)
    return item


_ASIDE = re.compile(r"(?<!\s)\s*(?:\[[^\[\]]*\]|\([^()]*\))\s*")
"""A line wholly in brackets or parentheses: a note about the notes ('[voice memo, walking to the car]')."""


def _private_as_written(raw: str) -> bool:
    """A line whose raw form marks it as mine: slang a filler list removes, or a question I still have ('need CDL?')."""
    return classes()["private"].matches(raw) or bool(re.search(r"\?\s*$|\?\?", raw))


_GIVEN = re.compile(r"(?i)^(?:my answer|answer|i said|i answered|i replied|i told (?:him|her|them))\b")
"""An answer the notes say I gave in the interview, not one I mean to add."""


def _my_answer(item: NoteItem, ctx: Context) -> Phrase | None:
    """The line after a concern, when it is my answer ('My answer: I finished the cert')."""
    text = re.sub(r"(?i)^(?:my answer|answer|i said|i answered|i replied|response)\s*[:-]?\s*", "", item.text)
    if re.match(r"(?i)^(i|i'm|i've|i'd|i have|i am|my)\b", text):
        return rewrite(text, ctx, "forgot")
    return None


def _attribute_speakers(items: list[NoteItem], ctx: Context) -> None:
    """On a panel, each line that starts by naming an interviewer is theirs, and so are the sentences after it in
    the same paragraph ('Carmen (HR) - walked through the union contract. Asked about a time I handled a grievance.')."""
    speaker, paragraph = None, None
    for item in items:
        if item.line != paragraph:
            speaker, paragraph = None, item.line
        speaker = named_at_start(item.source, ctx) or speaker
        item.speaker = speaker


_CLAUSE_BREAK = re.compile(r"(?<!\s)\s*(?:;|,(?=\s+(?:and\s+|but\s+)?(?:he|she|they)\b))\s*")
"""Where a line of notes turns to another thought: '; ', or a comma before a new 'he/she/they'."""


def understand_clauses(line: NoteLine, ctx: Context) -> list[NoteItem]:
    """A line, understood; a private line of a discussion section that holds several thoughts is understood clause by
    clause, so the one for the interviewer is said and the others stay private ('Rafael had me do a mise en place test
    and then a braise, he liked the sauce but said my brunoise was uneven': the tasting, not his verdict)."""
    item = understand_line(line, ctx)
    if item.kind != "private" or line.section == "private":
        return [item]
    parts = [part for part in _CLAUSE_BREAK.split(line.text) if part.strip()]
    if len(parts) < 2:
        return [item]
    clauses = [understand_line(line.model_copy(update={"text": part}), ctx) for part in parts]
    return clauses if any(clause.sayable for clause in clauses) else [item]


def understand(body: str, ctx: Context) -> list[NoteItem]:
    """Every line of a notes body, understood, in the order written (empty lines dropped); a concern
    followed by a line of mine that answers it carries that answer."""
    items = [item for line in split_lines(body) for item in understand_clauses(line, ctx)]
    items = [item for item in items if item.text or item.kind == "model_instruction"]
    if len(ctx.interviewers) > 1:
        _attribute_speakers(items, ctx)
    for index, item in enumerate(items[:-1]):
        following = items[index + 1]
        if item.kind == "concern" and item.answer is None and following.kind not in ("private", "model_instruction"):
            if answer := _my_answer(following, ctx):
                item.answer = answer
                item.answer_given = bool(_GIVEN.match(following.text))
                following.kind, following.phrase = "concern", None  # said once, as the answer
    return items


__all__ = ["Context", "ItemKind", "NoteItem", "NoteLine", "Phrase", "Shape", "understand", "understand_line"]
