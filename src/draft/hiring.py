"""What the notes say of the hiring process, read where the tracker decides: when they will decide.

The notes reader (``draft.notes``) takes the header's ``timeline:`` (or ``decision:``) as it is
and, without one, joins the notes lines it understood as next steps. A next step is not always
a time: "final round w/ Tom, culture + team fit" says what comes, not when. Only the lines
that speak of a time are their timeline here.
"""

from __future__ import annotations

import re

from draft.notes import Notes

_TIMING = re.compile(
    r"\b(?:decid\w*|decision|hear(?:ing)?\s+back|get\s+back|let\s+(?:me|us)\s+know|timeline|timeframe|soon|"
    r"tomorrow|today|tonight|days?|weeks?|months?|fortnight|holidays?|new\s+year|christmas|end\s+of|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|(?:in|by|early|mid|late|of)\s+may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
    r"|\d",
    re.IGNORECASE,
)


def speaks_of_time(text: str) -> bool:
    """Whether a notes line says something about when ('decide by the 18th', 'hear back in a week')."""
    return bool(_TIMING.search(text))


def stated_timeline(notes: Notes) -> str | None:
    """Their timeline: the header's as written; else the next-step lines of the notes that speak of a time."""
    if not notes.timeline:
        return None
    steps = [item.text for item in notes.items if item.kind == "next_step" and item.sayable]
    if not steps or " ".join(" ".join(steps).split()) != notes.timeline:
        return notes.timeline  # the header's own key
    timed = [step for step in steps if speaks_of_time(step)]
    return " ".join(" ".join(timed).split()) or None
