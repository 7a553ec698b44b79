"""Interview notes: the Markdown format, parsed into a typed :class:`Notes`.

A notes file starts with YAML front matter (``---`` ... ``---``) or with ``Key: value``
lines, followed by free notes: bullets, optionally under headings such as "What we
discussed", "I forgot to mention", "Concerns", "Timeline". Headings match loosely.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from itertools import takewhile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from draft.errors import DraftError, NotesError
from draft.files import read_user_text
from draft.injection import instruction_indices, looks_like_instruction, strip_html_comments
from draft.sanitize import CalendarDate, normalize_text, parse_calendar_date, shorten
from draft.names import is_job_title, is_postnominal, person_name, title_case, without_job_title_abbreviation, without_postnominals
from draft.text import fold, keywords
from draft.understanding.lexicon import known_casings
from draft.understanding import Context, NoteItem, NoteLine, understand
from draft.understanding.lines import split_lines

MAX_NOTES_BYTES = 1_000_000
# Limits on what one notes file may hold (README "Reliability"); past them the file is refused, naming the limit.
MAX_INTERVIEWERS = 12
MAX_NAME_CHARS = 100
MAX_FIELD_CHARS = 300
MAX_ITEMS = 1_000
MAX_ITEM_CHARS = 6_000  # a voice memo is one long paragraph: its sentences are the units
MAX_SENT = 20
# What is understood line by line (about 25 microseconds a character): a bound checked before that
# work, so no notes file, however shaped, takes more than a few seconds to refuse or draft.
MAX_BODY_CHARS = 50_000  # about 8,000 words: ten times the longest real interview notes

_KEY_ALIASES = {
    "interviewer": "interviewers", "interviewers": "interviewers", "to": "interviewers", "panel": "interviewers",
    "hiring_manager": "interviewers", "company": "company", "employer": "company", "organization": "company",
    "organisation": "company", "role": "role", "position": "role", "job": "role", "job_title": "role", "title": "role",
    "interview_date": "interview_date", "date": "interview_date", "interviewed": "interview_date",
    "sender": "sender", "from": "sender", "my_name": "sender", "candidate": "sender",
    "timeline": "timeline", "decision": "timeline", "next_steps": "timeline",
    "channel": "channel", "prefers": "channel", "tone": "tone", "industry": "industry",
    "email": "email", "interviewer_email": "email", "profile": "profile", "background": "profile",
    "sent": "sent", "reply": "reply", "replied": "reply", "rejected": "rejected",
}

_SECTION_WORDS = {
    "forgot": ("forgot", "forget", "didn't mention", "did not mention", "didnt mention", "add", "missed", "follow up with", "wish i"),
    "concerns": ("concern", "worr", "hesitat", "doubt", "pushback", "push back", "gap", "weakness", "reservation", "objection"),
    "timeline": ("timeline", "next step", "decision", "hear back", "timing", "when"),
    "profile": ("about me", "my background", "my profile", "my experience", "me:"),
    "discussed": ("discuss", "talk", "topic", "conversation", "covered", "notes", "highlights", "questions", "they said", "learned"),
}

# Linear on any line: every repeat is either bounded or over characters its neighbour cannot match;
# a Markdown heading's trailing '#' and spaces are stripped in Python (see _heading_title).
_HEADING = re.compile(r"^[ \t]*(?:(?P<hashes>#{1,6})(?P<md>[^\n]*)|\*\*(?P<bold>[^*\n]+)\*\*:?[ \t]*|(?P<colon>[A-Za-z][^:\n]{1,60}):[ \t]*)$")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2023\u25e6]|\d{1,2}[.)])\s+")
_KEY_VALUE = re.compile(r"^[ \t]*(?:\*\*|__)?(?P<key>[A-Za-z][A-Za-z_-]{0,30}(?: [A-Za-z_-]{1,30}){0,3})[ \t]*(?::{1,2}|;|=|[ \t][-\u2013\u2014](?=[ \t]))(?:\*\*|__)?(?P<value>[^\n]*)$")
"""A header line as people type it: 'Key: value', '**Key:** value', 'KEY - value', 'key; value', 'Role:: value'."""
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame")


class SentMessage(BaseModel):
    """One message already sent for this application (the log kept in the notes file)."""

    kind: str
    date: CalendarDate
    channel: str | None = None


class Notes(BaseModel):
    """Everything the tool knows about one interview."""

    interviewers: list[str] = Field(min_length=1)
    company: str = Field(min_length=1)
    role: str = Field(min_length=1)
    interview_date: CalendarDate | None = None
    sender: str | None = None
    signature: str | None = None  # the block under the sender's name (settings: profile.signature), emails only
    phone: str | None = None  # the sender's number (settings: profile.phone), left in a voicemail
    email: str | None = None
    timeline: str | None = None
    channel: str | None = None
    tone: str | None = None
    industry: str | None = None
    discussed: list[str] = Field(default_factory=list)
    forgot: list[str] = Field(default_factory=list)
    concerns: list[str] = Field(default_factory=list)
    profile: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list, description="lines dropped because they instruct the model")
    private: list[str] = Field(default_factory=list, description="notes lines kept for the job seeker: never said in a message")
    items: list[NoteItem] = Field(default_factory=list, description="every notes line, understood (draft.understanding)")
    sent: list[SentMessage] = Field(default_factory=list)
    reply: CalendarDate | None = None
    rejected: bool = False
    source_text: str = ""
    warnings: list[str] = Field(default_factory=list, description="what was read leniently (a date that could not be read)")

    @field_validator("interviewers")
    @classmethod
    def _unique_names(cls, names: list[str]) -> list[str]:
        unique: dict[str, str] = {}
        for name in names:
            cleaned = person_name(" ".join(name.split()))
            if cleaned:
                unique.setdefault(fold(cleaned), cleaned)
        return list(unique.values())

    @field_validator("company", "role", "sender", "timeline", "channel", "email")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value else value

    @field_validator("company", "role")
    @classmethod
    def _capitalized(cls, value: str) -> str:
        return title_case(value)

    @field_validator("sender")
    @classmethod
    def _sender_name(cls, value: str | None) -> str | None:
        return person_name(without_name_asides(value)) if value else value

    @property
    def units(self) -> list[NoteLine]:
        """The body cut into the units the learned understanding reads: bullets, lines, sentences of a paragraph."""
        return split_lines(split_front_matter(self.source_text)[1])

    def with_items(self, items: list[NoteItem], **update: Any) -> Notes:
        """These notes read anew: ``items`` in place of their items, the lists the rules read of what is said
        (``discussed``, ``forgot``) following them, and any other field in ``update``."""
        phrases = lambda *kinds: [i.phrase.text for i in items if i.kind in kinds and i.phrase is not None]  # noqa: E731
        return self.model_copy(update={"items": items, "discussed": phrases("topic", "question", "fit"), "forgot": phrases("forgot")} | update)

    @property
    def topics(self) -> list[str]:
        """The interview's specific topics (what C3 asks a draft to reference)."""
        return self.discussed + self.concerns or self.forgot

    @property
    def grounding_text(self) -> str:
        """All the text a draft may draw facts from: the notes without injected lines, and derived dates."""
        ignored = set(self.ignored)
        kept = [line for line in self.source_text.splitlines() if _BULLET.sub("", line).strip() not in ignored]
        derived = [self.company, self.role, self.sender or "", self.signature or "", self.phone or "", *self.interviewers, *self.profile]
        derived += [item.text for item in self.items if item.sayable]  # shorthand expanded: 'mgr' -> 'manager'
        if self.interview_date:
            day = self.interview_date
            derived += [day.isoformat(), day.strftime("%A"), day.strftime("%B"), f"{day.strftime('%B')} {day.day}", str(day.year)]
        return "\n".join(kept + derived)


def topic_specificity(item: str) -> int:
    """How specific a notes item is: content words, plus extra weight for numbers and names."""
    return len(keywords(item)) + 2 * len(re.findall(r"\d+|\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z]{2,}\b", item))


def _name_tokens(name: str) -> list[str]:
    """The words of a name without titles and post-nominals ('Dr. Ana-María Núñez, PhD' -> ['Ana-María', 'Núñez'])."""
    return [p for p in without_postnominals(name).replace(",", " ").split() if p.rstrip(".").lower() not in _TITLES]


def name_parts(name: str) -> list[str]:
    """First and last name without honorifics: 'Dr. Ana-María Núñez' -> ['Ana-María', 'Núñez']."""
    parts = _name_tokens(name)
    if not parts:
        return [name]
    return [parts[0], parts[-1]] if len(parts) > 1 else parts


def name_words(name: str) -> list[str]:
    """Every word a person may be greeted by, without titles and particles: 'Luis Alberto Fernández de la Torre' ->
    ['Luis', 'Alberto', 'Fernández', 'Torre'] (a Spanish or Portuguese name is addressed by its first family name,
    'Mr. Fernández'; a Vietnamese one by its last, 'Ms. Lan'). A particle is a word in lower case before the last word
    of a name that has capitals; the last word is always kept ('Dana hydroponic')."""
    parts = _name_tokens(name)
    if any(p[:1].isupper() for p in parts):
        parts = [p for p in parts[:-1] if not p[:1].islower()] + parts[-1:]
    return parts or [name]


_ASIDE_IN_NAME = re.compile(r"(?<!\s)\s*(?:\([^()]*\)?|\[[^\[\]]*\]?|\"[^\"]*\"|\u201c[^\u201d]*\u201d|'[^'\s][^']*'(?=\s))")
"""What people add to a name that is not the name: a role in brackets ('Jolene Marsh (practice mgr)'), a quoted
nickname ('Grzegorz "Greg" Wisniewski'), an unclosed bracket at the end of a line."""


_AFTER_A_DASH = re.compile(r"(?<!\s)\s+[-\u2013\u2014]\s+(.*)", re.DOTALL)  # a run of spaces entered once: linear
"""A spaced dash after a name may begin an aside ('Luis Ortega - Sales Mgr'); a hyphen inside a name never does."""


def without_name_asides(text: str) -> str:
    return " ".join(_ASIDE_IN_NAME.sub(" ", text).split())


def _without_job_title(name: str) -> str:
    """A name with the job title written beside it left out: after a spaced dash ('Luis Ortega - Sales Mgr', 'Ana
    Ruiz - would be my manager') or abbreviated before it ('Mgr. Luis Ortega')."""
    if (aside := _AFTER_A_DASH.search(name)) and (is_job_title(rest := aside.group(1)) or rest[:1].islower()):
        name = name[: aside.start()]
    return without_job_title_abbreviation(name)


def _split_names(value: Any) -> list[str]:
    if isinstance(value, list):  # one person per entry, but for letters or a job title after a name ('[Dr. Amir Sadeghi, PharmD]')
        parts = [without_name_asides(str(v)).strip() for v in value]
    else:
        parts = [n.strip() for n in re.split(r"[;,&/]|\band\b", without_name_asides(str(value)))]  # no '\s*' to backtrack over
    names: list[str] = []
    for part in parts:
        part = _without_job_title(part)
        if part and names and re.fullmatch(r"[A-Z]", part) and is_postnominal(names[-1].rpartition(",")[2]):
            names[-1] += "/" + part  # 'OTR/L', split at its slash (a letter alone after a name is an initial)
        elif part and names and is_postnominal(part):
            names[-1] += ", " + part  # 'Robert Chen, Esq.', 'Priyanka Deshmukh, PE' is one person
        elif part and names and is_job_title(part):
            continue  # 'Luis Ortega, Sales Mgr': a role after a name is not a second person
        elif part:
            names.append(part)
    return names


def _section_of(heading: str) -> str:
    folded = fold(heading)
    for section, cues in _SECTION_WORDS.items():
        if any(cue in folded for cue in cues):
            return section
    return "discussed"


class _NotesYamlLoader(yaml.SafeLoader):
    """Safe YAML for a notes header: no anchors or aliases (a 'billion laughs' never expands),
    and dates, timestamps and numbers too long to be numbers stay text, validated by this module."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise NotesError("the YAML front matter uses an anchor or alias ('&' or '*'); write each value out")
        return super().compose_node(parent, index)


_NotesYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
_NotesYamlLoader.add_constructor(
    "tag:yaml.org,2002:int",
    lambda loader, node: loader.construct_scalar(node) if len(node.value) > 18 else yaml.SafeLoader.construct_yaml_int(loader, node),
)


class _NotYaml(NotesError):
    """Front matter YAML cannot parse (a syntax error): it may still be 'Key: value' lines."""


_YAML_TAG = re.compile(r"^[ \t-]*(?P<key>[A-Za-z][\w -]{0,30}?)[ \t]*:[ \t]*(?P<tag>![!\w/:.-]{0,40})", re.MULTILINE)
"""A header value with a YAML tag ('interviewer: !!binary ...'): refused, never read as a Python value."""


def _load_yaml(block: str) -> Any:
    try:
        return yaml.load(block, Loader=_NotesYamlLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        raise _NotYaml(f"the YAML front matter is not valid YAML{where}") from None
    except (ValueError, RecursionError, OverflowError):
        raise NotesError("the YAML front matter holds a value that cannot be read (too deep or too large)") from None


def _header_key(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _heading_title(heading: re.Match[str]) -> str:
    """The words of a heading line matched by :data:`_HEADING` (Markdown '#' and trailing '#'s stripped)."""
    if heading.group("hashes"):
        return heading.group("md").strip().rstrip("#").strip()
    return (heading.group("bold") or heading.group("colon") or "").strip()


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter or leading ``Key: value`` lines from the body.

    ``Key: value`` lines: the header is the first block of such lines (comments and
    unknown keys such as ``Location: Zoom`` included) up to its last known key; what
    follows is the body.
    """
    stripped = text.lstrip()
    if stripped.startswith("---"):
        end = re.search(r"^---[ \t]*$", stripped[3:], re.MULTILINE)
        if end is None:
            raise NotesError("the YAML front matter opened with '---' is never closed: add a line '---' after the header")
        block = stripped[3 : 3 + end.start()]
        if tagged := _YAML_TAG.search(block):
            raise NotesError(f"'{_header_key(tagged.group('key'))}' uses a YAML tag: write the value as plain text")
        try:
            data = _load_yaml(block) or {}
        except _NotYaml:  # not YAML after all ('interviewer: Ana "Annie" Ruiz: HR'): read it as Key: value lines
            data = _key_value_lines(block)
            if not data:
                raise
        if not isinstance(data, dict):
            raise NotesError("the YAML front matter must be a mapping of keys to values")
        return data, stripped[3 + end.end() :]
    data: dict[str, Any] = {}
    lines = text.split("\n")
    header_end = 0
    for index, line in enumerate(lines):
        if not line.strip():
            if data:
                break
            continue
        match = _KEY_VALUE.match(line)
        if match and _header_key(match.group("key")) in _KEY_ALIASES:
            data.setdefault(_header_key(match.group("key")), match.group("value").strip())
            header_end = index + 1
        elif not match and not line.lstrip().startswith("#"):
            break
    return data, "\n".join(lines[header_end:])


def _key_value_lines(block: str) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for line in block.split("\n"):
        match = _KEY_VALUE.match(line)
        if match and _header_key(match.group("key")) in _KEY_ALIASES:
            data.setdefault(_header_key(match.group("key")), match.group("value").strip())
    return data


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The header's raw keys and the body of a notes text (see :func:`_front_matter`)."""
    return _front_matter(text)


def _canonical(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = _KEY_ALIASES.get(_header_key(str(key)))
        if name and value not in (None, ""):
            out.setdefault(name, value)
    return out


def _parse_date(value: Any, key: str, today: dt.date | None = None) -> dt.date:
    """An ISO date, or a day as people write it ('yesterday', 'last Thursday', 'Nov 20') counted from ``today``."""
    try:
        return parse_calendar_date(value, key)
    except DraftError as error:
        if isinstance(value, (dt.date, dt.datetime)) or not isinstance(value, str):
            raise NotesError(error.problem) from None
    from draft.dates import parse_day

    try:
        return parse_day(value, today or dt.date.today(), f"'{key}'")
    except DraftError as error:
        raise NotesError(error.problem) from None


_NUMERIC_DATE = re.compile(r"[\d./-]{1,6000}")
_DATE_PIECES = re.compile(r"(?<!\s)\s*(?:[()\u2014\u2013;,@]|\s-\s|\bat\b)\s*")


def _interview_date(value: Any, today: dt.date | None, warnings: list[str]) -> dt.date | None:
    """The interview's date as the header writes it, or a date inside it ('Dec 3 (modeling test + final round)',
    '9 de octubre / Oct 9'); a date that cannot be read is a warning, never a refused notes file."""
    try:
        return _parse_date(value, "interview_date", today)
    except NotesError as error:
        problem = error.problem
        if not isinstance(value, str) or _NUMERIC_DATE.fullmatch(value.strip()):
            raise  # '2026-02-30', '9999-12-31': a date written as one that cannot be, which the user will want to fix
    if isinstance(value, str):
        pieces = [p.strip() for p in _DATE_PIECES.split(value) if p.strip()]
        for piece in pieces[:1] + [p for p in pieces[1:] + value.split("/") if re.search(r"\d", p)]:  # a later piece only with a number in it
            try:
                return _parse_date(piece, "interview_date", today)
            except NotesError:
                continue
    warnings.append(f"{problem}: the date is left out (the plan and 'when' need one)")
    return None


def _text(value: Any, key: str, limit: int = MAX_FIELD_CHARS) -> str:
    """A header value as one normalized line of text; lists, mappings and over-long values are one-line errors."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise NotesError(f"'{key}' must be text, not {type(value).__name__} {shorten(value, 40)}")
    text = normalize_text(str(value), f"'{key}'")
    if len(text) > limit:
        raise NotesError(f"'{key}' is {len(text)} characters long; at most {limit} are allowed: {shorten(text)}")
    return text


def _text_list(value: Any, key: str, limit: int = MAX_FIELD_CHARS) -> list[str]:
    """Text or a list of text (``profile:``); a number or a mapping is a one-line error."""
    if isinstance(value, str):
        return [_text(value, key, limit)]
    if isinstance(value, list):
        return [_text(item, key, limit) for item in value if item not in (None, "")]
    raise NotesError(f"'{key}' must be text or a list of text, not {type(value).__name__} {shorten(value, 40)}")


_SENT_TEXT = re.compile(r"^(?P<kind>[A-Za-z][A-Za-z _-]{0,30}?)[ \t]*(?:\bon\b|:|,)?[ \t]*(?P<date>\d{1,5}-\d{1,2}-\d{1,2})$", re.IGNORECASE)
# 'thank-you on Nov 19', 'linkedin on yesterday': the date is read as people write it (draft.dates.parse_day)
_SENT_TEXT_ON = re.compile(r"^(?P<kind>[A-Za-z][A-Za-z _-]{0,30}?)[ \t]+on[ \t]+(?P<date>\S.{0,39})$", re.IGNORECASE)
_SENT_KEYS = ("kind", "date", "channel")
_SENT_EXAMPLE = "'{kind: thank-you, date: 2026-11-20}' or 'thank-you on 2026-11-20'"


def _as_written(value: Any, depth: int = 0) -> str:
    """A front-matter value as the notes write it ('{kind: thank you, date: 2026-11-19}', '[a, b]', 'true'),
    never as Python would print it; nesting past two levels and long collections are cut short."""
    if depth > 2 and isinstance(value, (dict, list)):
        return "\u2026"
    if isinstance(value, dict):
        items = [f"{_as_written(k, depth + 1)}: {_as_written(v, depth + 1)}" for k, v in list(value.items())[:6]]
        return "{" + ", ".join(items + ["\u2026"] * (len(value) > 6)) + "}"
    if isinstance(value, list):
        items = [_as_written(v, depth + 1) for v in value[:6]]
        return "[" + ", ".join(items + ["\u2026"] * (len(value) > 6)) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return " ".join(str(value)[:200].split())


def _written(value: Any, limit: int = 60) -> str:
    """:func:`_as_written`, on one line of at most ``limit`` characters, in single quotes."""
    text = _as_written(value)
    return "'" + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + "'"


def _sent_kind(value: Any, where: str) -> str:
    from draft.kinds import kinds

    kind = re.sub(r"[\s_]+", "-", fold(str(value).strip()))
    kind = {"thankyou": "thank-you", "thanks": "thank-you", "status": "status-check", "check-in": "status-check"}.get(kind, kind)
    if isinstance(value, (dict, list)) or kind not in kinds():
        raise NotesError(f"{where}: unknown kind {_written(value, 40)}: use one of {', '.join(kinds())}")
    return kind


def _sent_entries(value: Any, today: dt.date | None = None) -> list[SentMessage]:
    """The ``sent:`` log: a list of ``{kind, date[, channel]}`` mappings, one mapping, or 'KIND on DATE' text.

    Validated strictly: anything else (a mapping of kind to date, a missing date, an unknown key
    or kind, a date that cannot be read) is an error naming the entry, never silently ignored."""
    entries = value if isinstance(value, list) else [value]
    if len(entries) > MAX_SENT:
        raise NotesError(f"'sent' lists {len(entries)} messages; at most {MAX_SENT} are allowed")
    messages = []
    for number, entry in enumerate(entries, start=1):
        where = f"'sent' entry {number}, {_written(entry, 50)}" if isinstance(value, list) else f"'sent', {_written(entry, 50)}"
        if isinstance(entry, str) and (match := _SENT_TEXT.match(entry.strip()) or _SENT_TEXT_ON.match(entry.strip())):
            entry = {"kind": match.group("kind"), "date": match.group("date")}
        if not isinstance(entry, dict) or not entry:
            raise NotesError(f"{where}: not an entry ('sent' entries are written {_SENT_EXAMPLE})")
        keys = {fold(str(key)).strip(): item for key, item in entry.items()}
        if unknown := [key for key in keys if key not in _SENT_KEYS]:
            raise NotesError(f"{where}: unknown key {_written(unknown[0], 30)}; an entry has kind, date and (optionally) channel: {_SENT_EXAMPLE}")
        if missing := [key for key in ("kind", "date") if keys.get(key) in (None, "")]:
            raise NotesError(f"{where}: no {missing[0]}; write {_SENT_EXAMPLE}")
        if isinstance(keys["date"], (dict, list, bool)):
            raise NotesError(f"{where}: 'sent.date' must be a date such as 2026-11-20, not {_written(keys['date'], 40)}")
        try:
            date = _parse_date(keys["date"], "sent.date", today)
            channel = _text(keys["channel"], "sent.channel", MAX_NAME_CHARS) if keys.get("channel") not in (None, "") else None
        except NotesError as error:
            raise NotesError(f"{where}: {error.problem}") from None
        messages.append(SentMessage(kind=_sent_kind(keys["kind"], where), date=date, channel=channel))
    return messages


def _header_fields(raw: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """The header (file, then CLI overrides) validated: normalized text, limits, no instructions."""
    fields = _canonical(raw)
    for key, value in overrides.items():
        if value:
            fields[key] = [normalize_text(v, f"--{'to' if key == 'interviewers' else key}") for v in value] if isinstance(value, list) else normalize_text(str(value), f"--{key}")
    for name in ("interviewers", "company", "role"):
        if not fields.get(name) or (name == "interviewers" and not _split_names(fields[name])):
            key = "interviewer" if name == "interviewers" else name
            raise NotesError(f"no {key} given: add a line '{key}: ...' at the top of the notes (or pass --{'to' if key == 'interviewer' else key})")
    names = _split_names(fields["interviewers"])
    if len(names) > MAX_INTERVIEWERS:
        raise NotesError(f"'interviewer' lists {len(names)} names; at most {MAX_INTERVIEWERS} are allowed")
    fields["interviewers"] = [_text(name, "interviewer", MAX_NAME_CHARS) for name in names]
    for key in ("company", "role", "sender"):
        if fields.get(key):
            fields[key] = _text(fields[key], key, MAX_NAME_CHARS if key == "sender" else MAX_FIELD_CHARS)
    for key, value in [("interviewer", n) for n in fields["interviewers"]] + [(k, fields.get(k) or "") for k in ("sender", "company", "role")]:
        if value and not any(ch.isalpha() for ch in value):
            raise NotesError(f"'{key}' must be {_NAME_FIELDS[key]}, not {shorten(value, 40)}")
    for key in ("email", "timeline", "channel", "tone", "industry"):
        if fields.get(key):
            fields[key] = _text(fields[key], key)
    if fields.get("tone"):
        fields["tone"] = _tone(fields["tone"])
    if fields.get("profile"):
        fields["profile"] = _text_list(fields["profile"], "profile")
    for key in ("company", "role", "sender", "timeline"):
        if fields.get(key) and looks_like_instruction(fields[key]):
            raise NotesError(f"'{key}' reads like an instruction, not a {key}: {shorten(fields[key])}")
    if fields.get("sender"):
        fields["sender"] = without_name_asides(str(fields["sender"]))  # 'Harold "Hal" Brennan'
    for key, name in [("interviewer", n) for n in fields["interviewers"]] + [("sender", fields.get("sender") or "")]:
        if looks_like_instruction(name):
            raise NotesError(f"'{key}' reads like an instruction, not a name: {shorten(name)}")
        if any(ch in _NOT_IN_NAMES for ch in name):
            raise NotesError(f"'{key}' must be a person's name (no {' '.join(sorted(c for c in _NOT_IN_NAMES if c in name))}), not {shorten(name)}")
    if fields.get("email"):
        fields["email"] = _email_address(fields["email"])
    return fields


def _tone_word(word: str) -> str | None:
    """'warm' -> 'warm', 'conservative' -> 'formal', 'friendly' -> 'warm'; None for anything else."""
    from draft.compose import TONES  # the tones a draft can take (imported late: compose reads the notes)
    from draft.understanding.classify import tone_instruction

    return word if word in TONES else tone_instruction(f"tone {word}") if re.fullmatch(r"[a-z]+", word) else None


def _tone(value: str) -> str:
    """A tone the drafts can take ('formal', 'neutral', 'warm'), or a word for one that a notes line
    may also use ('Tone: conservative' -> 'formal', 'friendly' -> 'warm'), alone or followed by a comment on it
    ('warm, he's a real down home kinda guy', 'formal (old school)'); anything else is refused."""
    from draft.compose import TONES

    word = value.strip().lower()
    first, *comment = re.split(r"[,;:(\u2013\u2014]|\s-\s", word, maxsplit=1)
    tone = _tone_word(word) or (_tone_word(first.strip()) if comment else None)
    if tone not in TONES:
        raise NotesError(f"'tone' must be {', '.join(TONES[:-1])} or {TONES[-1]}, not {shorten(value, 40)}")
    return tone


# A name field holds words: a number or punctuation alone ('interviewer: 5') would be greeted as 'Dear 5,'.
_NAME_FIELDS = {"interviewer": "a person's name", "sender": "a person's name", "company": "a company's name", "role": "a job title"}
_NOT_IN_NAMES = frozenset('<>@"{}[]\\|`#*_=')


def _email_address(value: str) -> str:
    """One plain address (``dana@example.com``): anything that could add a recipient or a header is refused."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    problem = f"'email' must be one address such as dana@example.com, not {shorten(value)}"
    if not value.isascii():
        raise NotesError(f"'email' must be an ASCII address (write an international domain as xn--...), not {shorten(value)}")
    if any(ch in value for ch in ',;<>"()[]\\ ') or value.count("@") != 1:
        raise NotesError(problem)
    try:
        address = Address(addr_spec=value)
    except (HeaderParseError, ValueError, IndexError):
        raise NotesError(problem) from None
    if not address.username or "." not in address.domain:
        raise NotesError(problem)
    return value


def _body_items(body: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"discussed": [], "forgot": [], "concerns": [], "timeline": [], "profile": []}
    current = "discussed"
    for line in body.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading and not _BULLET.match(line) and not looks_like_instruction(line):
            title = _heading_title(heading)
            if heading.group("colon") and len(title.split()) > 6:
                heading = None
            else:
                current = _section_of(title)
                continue
        item = _BULLET.sub("", line).strip()
        if item:
            sections[current].append(item)
    return sections


def parse_notes(text: str, overrides: dict[str, Any] | None = None, today: dt.date | None = None) -> Notes:
    """Parse the text of a notes file; ``overrides`` (from CLI flags) win over the file.
    Relative dates ('yesterday', 'last Thursday') count from ``today`` (default: the real today).

    The text is normalized first (NFKC, invisible characters removed, ANSI escapes
    refused) and HTML comments removed, so nothing below sees a disguised character.
    """
    text = strip_html_comments(normalize_text(text, "the notes", multiline=True))
    raw, body = _front_matter(text)
    fields = _header_fields(raw, overrides or {})
    _check_body_size(body)
    items = _understood(body, fields)
    sections: dict[str, list[str]] = {}
    for item in items:
        sections.setdefault(item.section, []).append(item.source)
    for name, lines in sections.items():
        if len(lines) > MAX_ITEMS:
            raise NotesError(f"the notes hold {len(lines)} lines under '{name}'; at most {MAX_ITEMS} are allowed (keep the key points)")
        if long := next((line for line in lines if len(line) > MAX_ITEM_CHARS), None):
            raise NotesError(f"a notes line is {len(long)} characters long; at most {MAX_ITEM_CHARS} are allowed: {shorten(long)}")
    flagged = {lines[i] for lines in sections.values() for i in instruction_indices(lines)}
    items = [item.model_copy(update={"kind": "model_instruction", "phrase": None}) if item.source in flagged else item for item in items]
    ignored = [item.source for item in items if item.kind == "model_instruction"]
    profile = fields.get("profile") or []
    ignored += [item for item in profile if looks_like_instruction(item)]
    said = lambda *kinds: [item.text for item in items if item.kind in kinds and item.sayable]  # noqa: E731
    timeline = fields.get("timeline") or " ".join(said("next_step")) or None
    warnings: list[str] = []
    tone = fields.get("tone") or next((item.tone for item in items if item.tone), None)
    try:
        return Notes(
            interviewers=fields["interviewers"],
            company=fields["company"],
            role=fields["role"],
            interview_date=_interview_date(fields["interview_date"], today, warnings) if fields.get("interview_date") else None,
            sender=fields.get("sender") or sender_named_in(item.source for item in items),
            email=fields.get("email") or None,
            timeline=timeline,
            channel=fields.get("channel") or None,
            tone=tone.lower() if tone else None,
            industry=fields["industry"].lower() if fields.get("industry") else None,
            discussed=said("topic", "question", "fit"),
            forgot=said("forgot"),
            concerns=[item.text for item in items if item.kind == "concern"],
            profile=[p for p in profile if p not in ignored] + said("profile"),
            ignored=ignored,
            private=[item.source for item in items if item.kind in ("private", "logistics", "self_instruction")],
            items=items,
            sent=_sent_entries(fields["sent"], today) if fields.get("sent") else [],
            reply=_parse_date(fields["reply"], "reply", today) if fields.get("reply") else None,
            rejected=str(fields.get("rejected", "")).lower() in ("true", "yes", "1"),
            source_text=text,
            warnings=warnings,
        )
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "notes"
        raise NotesError(f"'{key}': {first['msg']}") from None


_SENDER_LINE = re.compile(r"(?i:\bmy name(?: is|'s)|\bsender(?:\s+is|\s*[:=])?|\bsign(?: it| off| the (?:email|message|note))?(?: as| with|:)|^\W*from:)"
                          r"\s+([^\W\d_][\w'\u2019-]+(?:\s+[^\W\d_][\w'\u2019-]+){0,2})")


def sender_named_in(lines: Iterable[str]) -> str | None:
    """The job seeker's own name when a notes line gives it and the header does not ('my name is Aaliyah Brooks',
    'sender Ryan McInally', 'sign it Maddie'): a name is capitalized, one to three words, the words after it dropped."""
    for line in lines:
        if found := _SENDER_LINE.search(line):
            name = list(takewhile(lambda word: word[:1].isupper(), found.group(1).split()))
            if name and not (len(name) == 1 and name[0].lower() in ("the", "my", "me", "i")):
                return " ".join(name)
    return None


def _check_body_size(body: str) -> None:
    """Refuse, before any line is understood, a body past MAX_BODY_CHARS; name its longest line when that is the cause."""
    if len(body) <= MAX_BODY_CHARS:
        return
    longest = max(body.split("\n"), key=len).strip()
    if len(longest) > MAX_ITEM_CHARS:
        raise NotesError(f"a notes line is {len(longest)} characters long; at most {MAX_ITEM_CHARS} are allowed: {shorten(longest)}")
    lines = sum(1 for line in body.split("\n") if line.strip())
    raise NotesError(f"the notes hold {len(body):,} characters in {lines:,} lines; at most {MAX_BODY_CHARS:,} are read (keep the key points)")


def _understood(body: str, fields: dict[str, Any]) -> list[NoteItem]:
    """The notes body, understood line by line, with the people it speaks to from the header."""
    names = [person_name(str(n)) for n in fields.get("interviewers") or []]
    company = title_case(str(fields.get("company") or ""))
    header = " ".join(str(v) for v in (company, fields.get("role"), *names) if v)
    acronyms = frozenset(re.findall(r"\b[A-Z][A-Z0-9&]{1,}s?\b", header + "\n" + body))
    own = re.findall(r"\b[A-Za-z]*[a-z][A-Z][\w]*\b|\b[A-Z][a-z]+[A-Z]\w*\b", header + "\n" + body)  # BigQuery, PyCon, iOS
    casings = tuple(dict.fromkeys([*own, *known_casings()]))
    return understand(body, Context(interviewers=names, company=company, acronyms=acronyms, casings=casings))


def read_notes_file(path: Path, overrides: dict[str, Any] | None = None, today: dt.date | None = None) -> Notes:
    """Read and parse a notes file, turning every I/O problem into a one-line :class:`NotesError`."""
    text = read_user_text(path, NotesError, "a notes file", "write the interviewer, company, role and what you discussed", MAX_NOTES_BYTES)
    try:
        return parse_notes(text, overrides, today)
    except DraftError as error:  # every problem names the file ('-': standard input)
        raise NotesError(error.problem, "<stdin>" if str(path) == "-" else path) from None
