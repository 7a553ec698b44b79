"""The local record of what was sent and what came back, across every application.

One SQLite file, ``history.sqlite3``, in ``platformdirs.user_data_dir("draft")``
(``$DRAFT_DATA_DIR`` points elsewhere, e.g. in tests): the folder is 0700, the file 0600.
An application is identified by company, role and first interviewer, compared without
regard to case or spacing, so renaming or moving the notes file keeps its history. The
row also keeps what the plan needs (interview date, timeline, channel), so ``draft plan
--all`` works without the notes files.

Reading never creates the file: only recording does.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from draft.errors import DraftError
from draft.hiring import stated_timeline
from draft.notes import Notes

DATA_ENV = "DRAFT_DATA_DIR"
FILE_NAME = "history.sqlite3"
What = Literal["sent", "reply", "rejected"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS applications (
    key TEXT PRIMARY KEY,
    company TEXT NOT NULL,
    role TEXT NOT NULL,
    interviewers TEXT NOT NULL,
    interview_date TEXT,
    timeline TEXT,
    channel TEXT,
    notes_path TEXT,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL REFERENCES applications(key) ON DELETE CASCADE,
    what TEXT NOT NULL CHECK (what IN ('sent', 'reply', 'rejected')),
    kind TEXT,
    date TEXT NOT NULL,
    channel TEXT,
    recorded TEXT NOT NULL
);
"""


class HistoryError(DraftError):
    """The history file cannot be opened or written, or a record would contradict it."""


class Event(BaseModel):
    """One thing that happened: a message sent (with its kind), their reply, a rejection."""

    what: What
    date: dt.date
    kind: str | None = None
    channel: str | None = None


class Application(BaseModel):
    """What the record knows of one application: enough to plan it without its notes file."""

    key: str
    company: str
    role: str
    interviewers: list[str]
    interview_date: dt.date | None = None
    timeline: str | None = None
    channel: str | None = None
    notes_path: str | None = None
    events: list[Event] = []

    def as_notes(self) -> Notes:
        return Notes(interviewers=self.interviewers, company=self.company, role=self.role, interview_date=self.interview_date,
                     timeline=self.timeline, channel=self.channel)

    @property
    def title(self) -> str:
        return f"{self.role} at {self.company} ({self.interviewers[0]})"


def _same(text: str) -> str:
    return " ".join(text.casefold().split())


def application_key(notes: Notes) -> str:
    """Company | role | first interviewer, case and spacing ignored."""
    return "|".join(_same(part) for part in (notes.company, notes.role, notes.interviewers[0]))


def data_dir(environ: dict[str, str] | None = None) -> Path:
    environ = os.environ if environ is None else environ
    if environ.get(DATA_ENV):
        return Path(environ[DATA_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("draft"))


def history_path(environ: dict[str, str] | None = None) -> Path:
    return data_dir(environ) / FILE_NAME


class History:
    """The record in ``path``: applications and their events."""

    def __init__(self, path: Path | None = None):
        self.path = path or history_path()

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _connection(self, create: bool) -> Iterator[sqlite3.Connection]:
        if create:
            self._create_private_file()
        try:
            connection = sqlite3.connect(self.path if create else f"file:{self.path}?mode=rw", uri=not create, timeout=5)
        except sqlite3.Error as error:
            raise HistoryError(f"cannot be opened ({error})", self.path) from None
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executescript(_SCHEMA)
            with connection:
                yield connection
        except sqlite3.DatabaseError as error:
            raise HistoryError(f"is not a readable history database ({error}); 'draft history clear' starts a new one", self.path) from None
        finally:
            connection.close()

    def _create_private_file(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(self.path.parent, 0o700)
            descriptor = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
            os.close(descriptor)
            os.chmod(self.path, 0o600)
        except OSError as error:
            raise HistoryError(f"cannot be created ({error.strerror})", self.path) from None

    def remember(self, notes: Notes, notes_path: Path | str | None = None) -> str:
        """Create or refresh the application's row from its notes; its key."""
        key = application_key(notes)
        with self._connection(create=True) as db:
            db.execute(
                """INSERT INTO applications (key, company, role, interviewers, interview_date, timeline, channel, notes_path, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(key) DO UPDATE SET company=excluded.company, role=excluded.role, interviewers=excluded.interviewers,
                     interview_date=COALESCE(excluded.interview_date, interview_date), timeline=COALESCE(excluded.timeline, timeline),
                     channel=COALESCE(excluded.channel, channel), notes_path=COALESCE(excluded.notes_path, notes_path), updated=excluded.updated""",
                (key, notes.company, notes.role, "\n".join(notes.interviewers), notes.interview_date.isoformat() if notes.interview_date else None,
                 stated_timeline(notes), notes.channel, str(notes_path) if notes_path else None, _now()),
            )
        return key

    def record(self, notes: Notes, event: Event, notes_path: Path | str | None = None) -> None:
        key = self.remember(notes, notes_path)
        with self._connection(create=True) as db:
            db.execute("INSERT INTO events (key, what, kind, date, channel, recorded) VALUES (?, ?, ?, ?, ?, ?)",
                       (key, event.what, event.kind, event.date.isoformat(), event.channel, _now()))

    def events(self, notes: Notes) -> list[Event]:
        """Everything recorded for the application these notes describe (none when there is no file yet)."""
        if not self.exists:
            return []
        with self._connection(create=False) as db:
            rows = db.execute("SELECT what, date, kind, channel FROM events WHERE key = ? ORDER BY date, id", (application_key(notes),)).fetchall()
        return [Event(what=what, date=dt.date.fromisoformat(date), kind=kind, channel=channel) for what, date, kind, channel in rows]

    def applications(self) -> list[Application]:
        """Every application with a record, each with its events, in the order they were first recorded."""
        if not self.exists:
            return []
        with self._connection(create=False) as db:
            rows = db.execute("SELECT key, company, role, interviewers, interview_date, timeline, channel, notes_path FROM applications ORDER BY rowid").fetchall()
            events = db.execute("SELECT key, what, date, kind, channel FROM events ORDER BY date, id").fetchall()
        by_key: dict[str, list[Event]] = {}
        for key, what, date, kind, channel in events:
            by_key.setdefault(key, []).append(Event(what=what, date=dt.date.fromisoformat(date), kind=kind, channel=channel))
        return [
            Application(key=key, company=company, role=role, interviewers=interviewers.split("\n"),
                        interview_date=dt.date.fromisoformat(day) if day else None, timeline=timeline, channel=channel,
                        notes_path=notes_path, events=by_key.get(key, []))
            for key, company, role, interviewers, day, timeline, channel, notes_path in rows
        ]

    def forget(self, notes: Notes) -> int:
        """Remove one application and its events; how many events went with it."""
        if not self.exists:
            return 0
        key = application_key(notes)
        with self._connection(create=False) as db:
            count = db.execute("SELECT COUNT(*) FROM events WHERE key = ?", (key,)).fetchone()[0]
            db.execute("DELETE FROM events WHERE key = ?", (key,))
            db.execute("DELETE FROM applications WHERE key = ?", (key,))
        return count

    def clear(self) -> bool:
        """Delete the history file (and SQLite's side files); whether there was one."""
        existed = self.exists
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                Path(str(self.path) + suffix).unlink()
            except FileNotFoundError:
                pass
            except OSError as error:
                raise HistoryError(f"cannot be removed ({error.strerror})", self.path) from None
        return existed


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def history_enabled(settings: Any | None, no_history: bool = False) -> bool:
    """On unless ``--no-history`` or the settings file says ``[history] enabled = false``."""
    if no_history:
        return False
    section = getattr(settings, "history", None)
    if section is not None and "enabled" in section.model_fields_set:
        return bool(section.enabled)
    return True


def open_history(settings: Any | None = None, no_history: bool = False) -> History | None:
    """The user's history, or None when it is switched off."""
    return History() if history_enabled(settings, no_history) else None


def log_for(notes: Notes, history: History | None):
    """The notes' log merged with what the history recorded for the same application."""
    from draft.plan import Log

    return Log.of(notes, history.events(notes) if history else [])
