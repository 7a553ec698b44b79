"""One message per interviewer of a panel (``draft --each``): the notes cut into one set per person.

Each person's notes greet only them and may say only what is theirs: the items the notes attribute to them (a line
that names them, or a line under a heading that names them: ``NoteItem.speaker``, ``draft.understood.speaker_of``),
the items that name no one after a line that names them (notes go on about the last person they named: on the
train split's panels, of the lines an annotator gives to one interviewer and no line names, the last one named is
right for 226 of 297, dev 39 of 44; shared out evenly, about one in two), and some of the items before any name,
each given to exactly one person (the one with the fewest items of its kind so far), so no two messages say the
same thing. Everything else stays in the notes, unsayable: private lines
stay private (P1) and a concern stays a concern (P3) in every message.
"""

from __future__ import annotations

import re

from draft.identity import same_person
from draft.notes import Notes
from draft.understanding.models import NoteItem
from draft.understood import speaker_of

_MESSAGES = r"(?:e-?mails?|mails?|notes?|messages?|thank[- ]?yous?)"
_ONE_EACH = re.compile(rf"(?i)\b(?:separately(?!:)|separate (?:short )?(?:{_MESSAGES}|ones?)|individual(?:ly| {_MESSAGES})|"
                       rf"one (?:{_MESSAGES} )?each|(?:two|three|2|3) (?:separate )?{_MESSAGES})")
_ONE_IS_FINE = re.compile(rf"(?i)\b(?:don'?t|do not|not|no need)\b[^.]{{0,30}}\bseparate|\bone {_MESSAGES}\b[^.]{{0,40}}\b(?:ok|okay|fine)\b")
_MESSAGE = re.compile(rf"(?i)\b(?:{_MESSAGES}|thank|write|send)")


def asks_for_one_each(notes: Notes) -> bool:
    """Whether the notes ask for one message per interviewer ('thank both separately', 'separate short notes to each',
    'two emails'), not only allow it ('one email is fine'): a line that speaks of the message and of writing it to each
    person apart (on the train split: 17 of the 25 lines that speak of separate messages ask for them)."""
    return len(notes.interviewers) > 1 and any(_ONE_EACH.search(unit.text) and _MESSAGE.search(unit.text) and not _ONE_IS_FINE.search(unit.text)
                                               for unit in notes.units)


_POOL = {"topic": "topics", "question": "topics", "fit": "topics", "forgot": "forgot", "concern": "concerns", "profile": "profile"}


def sayable(item: NoteItem) -> bool:
    """Whether a message may say something of the item (a concern: only my answer)."""
    return item.sayable or (item.kind == "concern" and item.answer is not None)


def whose(notes: Notes) -> list[str | None]:
    """Each item's interviewer: the one the reading gave it, else the one its line or its heading names, else None."""
    headings = {unit.line: unit.heading for unit in notes.units}
    return [item.speaker or speaker_of(item.source, headings.get(item.line), notes.interviewers) for item in notes.items]


def last_named(notes: Notes) -> list[str | None]:
    """Each item's interviewer, an item that names no one taking the last one named before it (None before any)."""
    carried: list[str | None] = []
    last = None
    for owner in whose(notes):
        last = owner or last
        carried.append(last)
    return carried


def shares(notes: Notes) -> dict[str, list[int]]:
    """Which items each interviewer's message may say (indexes into ``notes.items``): theirs (named, or after their
    name), then an even share of the items before any name, each to one person only."""
    owners = last_named(notes)
    share: dict[str, list[int]] = {name: [] for name in notes.interviewers}
    counts: dict[str, dict[str, int]] = {name: {} for name in notes.interviewers}
    for index, (item, owner) in enumerate(zip(notes.items, owners)):
        if owner in share and sayable(item):
            share[owner].append(index)
            pool = _POOL.get(item.kind, item.kind)
            counts[owner][pool] = counts[owner].get(pool, 0) + 1
    for index, (item, owner) in enumerate(zip(notes.items, owners)):
        if owner in share or not sayable(item):
            continue
        pool = _POOL.get(item.kind, item.kind)
        name = min(notes.interviewers, key=lambda n: (counts[n].get(pool, 0), len(share[n]), notes.interviewers.index(n)))
        share[name].append(index)
        counts[name][pool] = counts[name].get(pool, 0) + 1
    return share


def one_each(notes: Notes, addressee: str | None = None) -> list[Notes]:
    """The notes as one message per interviewer, in the notes' order. The notes' address (``email:``) goes with a
    message only when it is known to be that person's (one interviewer, or ``addressee``: the name --to gave it with)."""
    if len(notes.interviewers) < 2:
        return [notes]
    share = shares(notes)
    owners = whose(notes)
    each = []
    for name in notes.interviewers:
        mine = set(share[name])
        items = [item.model_copy(update={"speaker": owner}) if index in mine or not sayable(item)
                 else item.model_copy(update={"phrase": None, "answer": None, "speaker": owner})
                 for index, (item, owner) in enumerate(zip(notes.items, owners))]
        email = notes.email if addressee and same_person(addressee, name) else None
        each.append(notes.with_items(items, interviewers=[name], email=email))
    return each
