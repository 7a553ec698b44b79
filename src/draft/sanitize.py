"""Normalize every piece of text the user gives before anything else sees it.

One mechanism for all fields (notes bodies, names, company, role, options): Unicode
NFKC, zero-width, format and control characters removed, ANSI escape sequences refused
(a terminal would run them; click strips them from a pipe, so the printed draft would
differ from the checked one). Also the one place that shortens long values for messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated

from anyascii import anyascii
from pydantic import Field, TypeAdapter, ValidationError

from draft.errors import DraftError

# ESC (7-bit) and CSI (8-bit) introduce every ANSI/VT100 escape sequence.
_ESCAPES = ("\x1b", "\x9b")
_KEEP = frozenset("\n\t")
# Characters whose category is not Cc/Cf but that render as nothing.
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
_SPACES = re.compile(r"[ \t]+")


class InputError(DraftError):
    """A text field holds something that cannot be part of a message (escape codes)."""


def shorten(value: object, limit: int = 60) -> str:
    """``value`` for a message: one line, at most ``limit`` characters, quoted."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return repr(text)


def _removable(ch: str) -> bool:
    if ch in _KEEP:
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Cn") or ch in _INVISIBLE


def normalize_text(value: str, field: str, *, multiline: bool = False, keep_spacing: bool = False) -> str:
    """NFKC ``value`` without invisible or control characters; ANSI escapes are an error naming ``field``.

    ``multiline`` keeps the line structure: CR and CR LF become LF, each line keeps its
    leading indentation (nested YAML lists and Markdown lists depend on it; tabs become spaces),
    loses its trailing spaces, and runs of spaces inside it become one. Otherwise all
    whitespace runs become one space.
    """
    if any(escape in value for escape in _ESCAPES):
        at = min(i for i in (value.find(e) for e in _ESCAPES) if i >= 0)
        where = f" (line {value.count(chr(10), 0, at) + 1})" if multiline else ""
        line = value[value.rfind("\n", 0, at) + 1 :].split("\n", 1)[0]
        raise InputError(f"{field}{where} holds a terminal escape sequence (ANSI codes); remove it: {shorten(line.replace(chr(27), '^[').replace(chr(0x9B), '^['))}")
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFKC", text)
    if not text.isascii() or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        text = "".join(ch for ch in text if not _removable(ch))
    if multiline and keep_spacing:
        return text
    if multiline:
        return "\n".join(_one_line(line) for line in text.split("\n"))
    return " ".join(text.split())


def _one_line(line: str) -> str:
    """``line`` with its indentation kept (tabs as spaces to the next multiple of 4, as Markdown
    reads them; YAML refuses tabs), inner space runs as one space, no trailing space."""
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + _SPACES.sub(" ", body).rstrip() if body else ""


# A whole terminal escape sequence: CSI (ESC [ or 0x9B, parameters, one final byte), OSC/DCS/APC/PM/SOS (ESC ] P _ ^ X
# or their 8-bit forms, up to BEL or ST, or the end of the text), or a two-character escape (ESC c: reset the terminal).
_INTRODUCERS = frozenset("\x1b\x9b\x90\x98\x9d\x9e\x9f")
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|(?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)


def clean_foreign(value: str, *, multiline: bool = True) -> str:
    """Text that did not come from us or the user (a server's completion, error or model id): terminal escape
    sequences removed whole (never an error: the user cannot fix a server), then the notes' normalization
    (NFKC; control, bidi-override and invisible characters removed), so what is checked is what is printed."""
    text = _ESCAPE_SEQUENCE.sub("", value) if any(ch in _INTRODUCERS for ch in value) else value
    return normalize_text(text, "text", multiline=multiline, keep_spacing=multiline)


def skeleton(text: str) -> str:
    """A lower-case ASCII look-alike of ``text`` for screening: 'Іgnore' (Cyrillic І) -> 'ignore', 'Olvídate' -> 'olvidate'.

    Homoglyphs from other scripts collapse onto the Latin letters they imitate, so one
    set of patterns catches every disguise. Only for matching: the text itself is kept.
    """
    folded = unicodedata.normalize("NFKC", text)
    folded = "".join(ch for ch in folded if ch in _KEEP or not _removable(ch))
    return anyascii(folded).lower()


# Dates a user can mean: an interview, a message sent, "today". Anything outside is a typo
# (0000-01-01, 9999-12-31) and would overflow date arithmetic in the plan.
MIN_DATE = dt.date(1970, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)
CalendarDate = Annotated[dt.date, Field(ge=MIN_DATE, le=MAX_DATE)]
_DATE_ADAPTER = TypeAdapter(CalendarDate)


def parse_calendar_date(value: object, field: str) -> dt.date:
    """A real calendar date between MIN_DATE and MAX_DATE from an ISO string or a date; a one-line error naming ``field``."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        text = str(value).strip()
        if len(text) > 40:
            raise InputError(f"'{field}' must be an ISO date such as 2026-11-20, not {shorten(text)}")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"'{field}' must be a real ISO date such as 2026-11-20, not {shorten(text)}") from None
    try:
        return _DATE_ADAPTER.validate_python(value)
    except ValidationError:
        raise InputError(f"'{field}' must be between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}, not {value.isoformat()}") from None
