"""What other messages for the same application said, so that a message does not say it again (issue 18, 6 and 7).

A message recalls the notes in slots (``draft.compose``), each holding the notes lines it says. A later message
(a status check after the recorded thank-you; the second of a panel's messages with ``--each``) leaves out every
item whose notes line an earlier one said, or whose phrase reads like one it said (rapidfuzz), and its text is
checked for any such phrase before it is printed (``draft.loop``).

The record (``draft sent``, the notes' ``sent:``) holds each message's kind and date, never its text: what an
earlier message said is rebuilt from the same notes (what ``draft`` writes for that kind), and nothing more is
written to disk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz

from draft.notes import Notes

SAME_PHRASE = 85
"""token_sort_ratio at which two phrases say one thing ('the Airflow migration' and 'the migration to Airflow')."""
CONTAINED = 90
"""partial_ratio at which a phrase is said inside a longer one (or a sentence)."""
MIN_PHRASE = 12
"""Characters a phrase needs to count as said inside a longer text: 'SQL' in another sentence is no repetition."""


class Said(BaseModel):
    """What earlier messages said of the notes: the lines they said, how they said them, and which messages."""

    model_config = ConfigDict(frozen=True)

    sources: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()
    by: tuple[str, ...] = ()

    def __or__(self, other: Said) -> Said:
        return Said(sources=self.sources | other.sources, phrases=tuple(dict.fromkeys(self.phrases + other.phrases)),
                    by=tuple(dict.fromkeys(self.by + other.by)))

    def __bool__(self) -> bool:
        return bool(self.sources or self.phrases)

    def who(self) -> str:
        """'the thank-you email sent on 2026-11-20 and the message to Raj Patel'."""
        by = list(self.by) or ["an earlier message"]
        return by[0] if len(by) == 1 else ", ".join(by[:-1]) + " and " + by[-1]


def said_in(slots: Iterable, by: str) -> Said:
    """What a message made of ``slots`` (``draft.compose.Slot``) says."""
    slots = list(slots)
    return Said(sources=frozenset(source for slot in slots for source in slot.sources),
                phrases=tuple(dict.fromkeys(slot.item for slot in slots if slot.item.strip())), by=(by,))


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w%$'+#]+", " ", text.casefold()).split())


def same_content(one: str, other: str) -> bool:
    """Whether two phrases say the same thing: nearly the same words, or one (long enough to tell) inside the other."""
    one, other = _plain(one), _plain(other)
    if not one or not other:
        return False
    if fuzz.token_sort_ratio(one, other) >= SAME_PHRASE:
        return True
    short, long = sorted((one, other), key=len)
    return len(short) >= MIN_PHRASE and fuzz.partial_ratio(short, long) >= CONTAINED


def already_said(source: str, phrases: Iterable[str], said: Said) -> bool:
    """Whether a notes line (``source``), said as ``phrases``, is one ``said`` holds: the same line, or the same content."""
    return source in said.sources or any(same_content(phrase, before) for phrase in phrases for before in said.phrases)


def without_said(notes: Notes, said: Said) -> tuple[Notes, list[str]]:
    """``notes`` with every item ``said`` already said made unsayable (kept, so a concern stays one: P3), and the notes
    lines left out. The lists the rules read (discussed, forgot) follow the items."""
    if not said:
        return notes, []
    items, left_out = [], []
    for item in notes.items:
        phrases = [phrase.text for phrase in (item.phrase, item.answer) if phrase is not None]
        if phrases and already_said(item.source, phrases, said):
            item = item.model_copy(update={"phrase": None, "answer": None})
            left_out.append(item.source)
        items.append(item)
    return notes.with_items(items), list(dict.fromkeys(left_out))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def repeats(text: str, said: Said, frame: str = "") -> list[str]:
    """The phrases of ``said`` that ``text`` says again, in a sentence of its own (not one of ``frame``, the message's
    fixed sentences, which every message of a kind shares)."""
    fixed = {_plain(sentence) for sentence in _SENTENCE_END.split(frame)}
    sentences = [plain for sentence in _SENTENCE_END.split(text) if (plain := _plain(sentence)) and plain not in fixed]
    found = []
    for phrase in said.phrases:
        plain = _plain(phrase)
        if len(plain) < MIN_PHRASE:
            continue
        if any(fuzz.token_sort_ratio(plain, sentence) >= SAME_PHRASE
               or (len(plain) <= len(sentence) and fuzz.partial_ratio(plain, sentence) >= CONTAINED) for sentence in sentences):
            found.append(phrase)
    return found
