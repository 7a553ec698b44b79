"""What the notes say of the hiring process, read where the tracker decides: when they will decide, and
whether they said no.

The notes reader (``draft.notes``) takes the header's ``timeline:`` (or ``decision:``) as it is
and, without one, joins the notes lines it understood as next steps. A next step is not always
a time: "final round w/ Tom, culture + team fit" says what comes, not when. Only the lines
that speak of a time are their timeline here.

A rejection is read from any line of the notes body, a heading too ("got the rejection email",
"## update: they went with someone else"), when it is told as a fact: a line that hedges ("worried
they'll go with someone else", "if they pass on me", "no offer yet") or asks is not one, nor is a no
of mine ("I turned down the counteroffer").
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

from draft.notes import Notes, split_front_matter
from draft.text import fold

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


_WHO = r"(?:candidates?|applicants?|finalists?|persons?|people|hires?|profiles?|guy|gal|woman|man|one)\b"
_OTHERS = (rf"(?:someone|somebody|an?\s+internal\b|(?:another|a\s+different|the\s+other|other|an?\s+(?:\w+\s+)?(?:stronger|senior|experienced|external))\s+"
           rf"(?:\w+\s+)?{_WHO})")
_SAID_NO = re.compile("|".join([
    r"\brejection\s+(?:e-?mail|letter|call|note|message|notice)\b",
    r"\b(?:got|received|had|get|opened)\s+(?:the|a|their)\s+rejection\b",
    r"\b(?:was|got|been|were|am)\s+rejected\b", r"\brejected\s+(?:me|my\s+(?:application|candidacy))\b",
    rf"\bwent\s+(?:with|for)\s+{_OTHERS}",
    rf"\b(?:chose|picked|selected|hired|offered\s+(?:it|the\s+(?:job|role|position))\s+to|gave\s+(?:it|the\s+(?:job|role|position))\s+to|"
    rf"(?:are|is|were)\s+going\s+with|decided\s+to\s+go\s+with|(?:are|is|were)\s+moving\s+forward\s+with)\s+{_OTHERS}",
    r"\b(?:not|n't)\s+(?:be\s+)?(?:moving|going|move|go)\s+forward\s+with\s+(?:me|my)\b",
    r"\bdecided\s+not\s+to\s+(?:move|go|proceed)\b",
    r"\b(?:didn't|did\s+not|didnt)\s+get\s+(?:it|the\s+(?:job|role|offer|position))\b",
    r"\bno\s+offer\b",
    r"\b(?:position|role|job|opening)\s+(?:has\s+been|was|is|got|had\s+been)\s+filled\b",
    r"\bturned\s+me\s+down\b",
    r"\b(?:wasn't|was\s+not|wasnt|not)\s+selected\b",
    r"\bthey\s+said\s+no\b", r"\b(?:got|it's|its)\s+a\s+no\b",
    r"\bpassed\s+on\s+(?:me|my)\b",
    r"\b(?:application|candidacy)\s+(?:was|has\s+been)\s+unsuccessful\b",
]))
_HEDGE = re.compile(
    r"\?|\b(?:if|whether|unless|hope|hoping|hopefully|worr\w*|afraid|fear\w*|scared|nervous|might|may|could|would|maybe|perhaps|"
    r"probably|likely|in\s+case|expect\w*|chance|yet|what\s+if|prepare\w*\s+for|or\s+not)\b"
)
_MY_NO = re.compile(r"\bi\s+(?:rejected|turned\s+down|declined|withdrew|said\s+no|passed)\b")


class SaidNo(BaseModel):
    """A line of the notes that says they said no, and the day it names (when it names one after the interview)."""

    line: str
    date: dt.date | None = None


def says_no(line: str) -> bool:
    """Whether a notes line tells, as a fact, that they said no to me."""
    folded = fold(line)
    return bool(_SAID_NO.search(folded)) and not _HEDGE.search(folded) and not _MY_NO.search(folded)


def said_no(notes: Notes) -> SaidNo | None:
    """The first line of the notes body (a heading too) that says they said no, or None."""
    from draft.dates import written_day_after

    body = split_front_matter(notes.source_text)[1] if notes.source_text else ""
    for raw in body.splitlines():
        line = re.sub(r"^\s*(?:#{1,6}\s*|[-*+\u2022]\s+|\d{1,2}[.)]\s+)", "", raw).strip()
        if line and says_no(line):
            day = written_day_after(line, notes.interview_date) if notes.interview_date else None
            return SaidNo(line=line, date=day)
    return None
