"""Interview notes: the Markdown format, parsed into a typed :class:`Notes`.

A notes file starts with YAML front matter (``---`` ... ``---``) or with ``Key: value``
lines, followed by free notes: bullets, optionally under headings such as "What we
discussed", "I forgot to mention", "Concerns", "Timeline". Headings match loosely.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from draft.errors import NotesError
from draft.files import read_user_text
from draft.injection import looks_like_instruction
from draft.text import fold, keywords

MAX_NOTES_BYTES = 1_000_000

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

_HEADING = re.compile(r"^\s*(?:#{1,6}\s*(?P<md>.+?)\s*#*\s*|\*\*(?P<bold>[^*]+)\*\*:?\s*|(?P<colon>[A-Za-z][^:\n]{1,60}):\s*)$")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u2023\u25e6]|\d{1,2}[.)])\s+")
_KEY_VALUE = re.compile(r"^\s*(?P<key>[A-Za-z][A-Za-z _-]{0,30}?)\s*:\s*(?P<value>.*\S)\s*$")
_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame")


class SentMessage(BaseModel):
    """One message already sent for this application (the log kept in the notes file)."""

    kind: str
    date: dt.date


class Notes(BaseModel):
    """Everything the tool knows about one interview."""

    interviewers: list[str] = Field(min_length=1)
    company: str = Field(min_length=1)
    role: str = Field(min_length=1)
    interview_date: dt.date | None = None
    sender: str | None = None
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
    sent: list[SentMessage] = Field(default_factory=list)
    reply: dt.date | None = None
    rejected: bool = False
    source_text: str = ""

    @field_validator("interviewers")
    @classmethod
    def _unique_names(cls, names: list[str]) -> list[str]:
        unique: dict[str, str] = {}
        for name in names:
            cleaned = " ".join(name.split())
            if cleaned:
                unique.setdefault(fold(cleaned), cleaned)
        return list(unique.values())

    @field_validator("company", "role", "sender", "timeline", "channel", "email")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        return " ".join(value.split()) if value else value

    @property
    def topics(self) -> list[str]:
        """The interview's specific topics (what C3 asks a draft to reference)."""
        return self.discussed + self.concerns or self.forgot

    @property
    def grounding_text(self) -> str:
        """All the text a draft may draw facts from: the notes without injected lines, and derived dates."""
        ignored = set(self.ignored)
        kept = [line for line in self.source_text.splitlines() if _BULLET.sub("", line).strip() not in ignored]
        derived = [self.company, self.role, self.sender or "", *self.interviewers, *self.profile]
        if self.interview_date:
            day = self.interview_date
            derived += [day.isoformat(), day.strftime("%A"), day.strftime("%B"), f"{day.strftime('%B')} {day.day}", str(day.year)]
        return "\n".join(kept + derived)


def topic_specificity(item: str) -> int:
    """How specific a notes item is: content words, plus extra weight for numbers and names."""
    return len(keywords(item)) + 2 * len(re.findall(r"\d+|\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z]{2,}\b", item))


def name_parts(name: str) -> list[str]:
    """First and last name without honorifics: 'Dr. Ana-María Núñez' -> ['Ana-María', 'Núñez']."""
    parts = [p for p in name.replace(",", " ").split() if p.rstrip(".").lower() not in _TITLES]
    if not parts:
        return [name]
    return [parts[0], parts[-1]] if len(parts) > 1 else parts


def has_title(name: str) -> bool:
    return bool(name.split()) and name.split()[0].rstrip(".").lower() in _TITLES


def _split_names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    return [n.strip() for n in re.split(r"\s*(?:;|,|&|\band\b|/)\s*", text) if n.strip()]


def _section_of(heading: str) -> str:
    folded = fold(heading)
    for section, cues in _SECTION_WORDS.items():
        if any(cue in folded for cue in cues):
            return section
    return "discussed"


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Split YAML front matter or leading ``Key: value`` lines from the body."""
    if text.lstrip().startswith("---"):
        stripped = text.lstrip()
        end = re.search(r"^---\s*$", stripped[3:], re.MULTILINE)
        if end:
            block = stripped[3 : 3 + end.start()]
            try:
                data = yaml.safe_load(block) or {}
            except yaml.YAMLError as error:
                mark = getattr(error, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark else ""
                raise NotesError(f"the YAML front matter is not valid YAML{where}") from None
            if not isinstance(data, dict):
                raise NotesError("the YAML front matter must be a mapping of keys to values")
            return data, stripped[3 + end.end() :]
    data: dict[str, Any] = {}
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _KEY_VALUE.match(line)
        key = match and match.group("key").strip().lower().replace(" ", "_").replace("-", "_")
        if not line.strip():
            if data:
                break
        elif match and key in _KEY_ALIASES:
            data[key] = match.group("value")
        elif not line.lstrip().startswith("#"):
            break
        index += 1
    return data, "\n".join(lines[index:])


def _canonical(raw: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = _KEY_ALIASES.get(str(key).strip().lower().replace(" ", "_").replace("-", "_"))
        if name and value not in (None, ""):
            out.setdefault(name, value)
    return out


def _parse_date(value: Any, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise NotesError(f"'{key}' must be an ISO date such as 2026-11-20, not {str(value)!r}") from None


def _body_items(body: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {"discussed": [], "forgot": [], "concerns": [], "timeline": [], "profile": []}
    current = "discussed"
    for line in body.splitlines():
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading and not _BULLET.match(line):
            title = heading.group("md") or heading.group("bold") or heading.group("colon")
            if heading.group("colon") and len(title.split()) > 6:
                heading = None
            else:
                current = _section_of(title)
                continue
        item = _BULLET.sub("", line).strip()
        if item:
            sections[current].append(item)
    return sections


def parse_notes(text: str, overrides: dict[str, Any] | None = None) -> Notes:
    """Parse the text of a notes file; ``overrides`` (from CLI flags) win over the file."""
    raw, body = _front_matter(text)
    fields = _canonical(raw)
    fields.update({k: v for k, v in (overrides or {}).items() if v})
    sections = _body_items(body)
    ignored = [item for items in sections.values() for item in items if looks_like_instruction(item)]
    for name in ("interviewers", "company", "role"):
        if not fields.get(name) or (name == "interviewers" and not _split_names(fields[name])):
            key = "interviewer" if name == "interviewers" else name
            raise NotesError(f"no {key} given: add a line '{key}: ...' at the top of the notes (or pass --{'to' if key == 'interviewer' else key})")
    for name in ("company", "role"):
        if looks_like_instruction(str(fields[name])):
            raise NotesError(f"'{name}' reads like an instruction, not a {name}: {str(fields[name])[:60]!r}")
    timeline = fields.get("timeline") or " ".join(i for i in sections["timeline"] if i not in ignored) or None
    profile = fields.get("profile") or []
    try:
        return Notes(
            interviewers=[n for n in _split_names(fields["interviewers"]) if not looks_like_instruction(n)],
            company=str(fields["company"]),
            role=str(fields["role"]),
            interview_date=_parse_date(fields["interview_date"], "interview_date") if fields.get("interview_date") else None,
            sender=str(fields["sender"]) if fields.get("sender") else None,
            email=str(fields["email"]) if fields.get("email") else None,
            timeline=str(timeline) if timeline else None,
            channel=str(fields["channel"]) if fields.get("channel") else None,
            tone=str(fields["tone"]).lower() if fields.get("tone") else None,
            industry=str(fields["industry"]).lower() if fields.get("industry") else None,
            discussed=[i for i in sections["discussed"] if i not in ignored],
            forgot=[i for i in sections["forgot"] if i not in ignored],
            concerns=[i for i in sections["concerns"] if i not in ignored],
            profile=([profile] if isinstance(profile, str) else [str(p) for p in profile]) + [i for i in sections["profile"] if i not in ignored],
            ignored=ignored,
            sent=[SentMessage(kind=str(s.get("kind", "")), date=_parse_date(s.get("date"), "sent.date")) for s in fields.get("sent") or [] if isinstance(s, dict)],
            reply=_parse_date(fields["reply"], "reply") if fields.get("reply") else None,
            rejected=str(fields.get("rejected", "")).lower() in ("true", "yes", "1"),
            source_text=text,
        )
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "notes"
        raise NotesError(f"'{key}': {first['msg']}") from None


def read_notes_file(path: Path, overrides: dict[str, Any] | None = None) -> Notes:
    """Read and parse a notes file, turning every I/O problem into a one-line :class:`NotesError`."""
    text = read_user_text(path, NotesError, "a notes file", "write the interviewer, company, role and what you discussed", MAX_NOTES_BYTES)
    try:
        return parse_notes(text, overrides)
    except NotesError as error:
        raise NotesError(error.problem, path) from None
