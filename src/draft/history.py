"""The local record of what was sent and what came back, across every application.

One SQLite file, ``history.sqlite3``, in ``platformdirs.user_data_dir("draft")``
(``$DRAFT_DATA_DIR`` points elsewhere, e.g. in tests): the folder is 0700, the file 0600.
An application is its company and role (compared without regard to case or spacing) and a
person who interviewed for it, as people write names (``draft.identity``: "Tom Becker (eng
mgr)", "Dr. Tom Becker" and "Tom" are one person), so renaming or moving the notes file, or
writing the name another way, keeps its history.

An application has rounds: each interview date it was recorded with is one, with its own
timeline and channel, so ``draft plan --all`` works without the notes files. An event
belongs to the round it follows: on or after that round's interview, before the next one's.
The notes of a round see only that round's events (a new ``interview_date`` starts a new
round, with its own thank-you and plan).

Reading never creates the file: only recording does.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from draft.errors import DraftError
from draft.files import file_kind
from draft.hiring import stated_timeline
from draft.identity import key_of, same_text, share_a_person
from draft.notes import Notes
from draft.sanitize import shorten

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
CREATE TABLE IF NOT EXISTS rounds (
    key TEXT NOT NULL REFERENCES applications(key) ON DELETE CASCADE,
    interview_date TEXT NOT NULL,
    timeline TEXT,
    channel TEXT,
    PRIMARY KEY (key, interview_date)
);
INSERT OR IGNORE INTO rounds (key, interview_date, timeline, channel)
    SELECT key, interview_date, timeline, channel FROM applications WHERE interview_date IS NOT NULL;
"""


class HistoryError(DraftError):
    """The history file cannot be opened or written, or a record would contradict it."""

    locked = False


class HistoryLocked(HistoryError):
    """Another process holds the history for longer than the wait: the file is fine, try again."""

    locked = True


LOCK_WAIT_SECONDS = 5


def _explain(error: sqlite3.Error, path: Path) -> HistoryError:
    """What went wrong, said as it is: a lock, a full disk, a read-only file, an older format are not damage, and
    the advice never deletes data that is fine (issue 17)."""
    text = str(error)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return HistoryLocked(f"is locked by another process for over {LOCK_WAIT_SECONDS} s (another draft writing?); "
                             "the file is fine: try again in a moment", path)
    if "disk is full" in lowered or "disk i/o" in lowered:
        return HistoryError(f"cannot be written: the disk is full or failing ({text}); the history is unchanged: free some space", path)
    if "readonly" in lowered or "read-only" in lowered:
        return HistoryError("cannot be written: the file or its folder is read-only; the history is unchanged", path)
    if "no such column" in lowered or "has no column" in lowered or "no such table" in lowered:
        return HistoryError(f"is in a format this version of draft cannot read ({text}); it is left as it is: "
                            "a newer draft wrote it, or it is another program's database", path)
    return HistoryError(f"is not a readable history database ({text}); it is left as it is: move it away and the next "
                        "'draft sent' starts a new one", path)


class Event(BaseModel):
    """One thing that happened: a message sent (with its kind), their reply, a rejection."""

    what: What
    date: dt.date
    kind: str | None = None
    channel: str | None = None


class Round(BaseModel):
    """One interview of an application: its date, and the timeline and channel its notes gave."""

    interview_date: dt.date
    timeline: str | None = None
    channel: str | None = None


class Application(BaseModel):
    """What the record knows of one application: enough to plan it without its notes file.

    ``interview_date``, ``timeline``, ``channel`` and ``events`` are those of its latest round;
    ``rounds`` lists every round and ``all_events`` every event (``draft history``)."""

    key: str
    company: str
    role: str
    interviewers: list[str]
    interview_date: dt.date | None = None
    timeline: str | None = None
    channel: str | None = None
    notes_path: str | None = None
    events: list[Event] = []
    rounds: list[Round] = []
    all_events: list[Event] = []

    def as_notes(self) -> Notes:
        return Notes(interviewers=self.interviewers, company=self.company, role=self.role, interview_date=self.interview_date,
                     timeline=self.timeline, channel=self.channel)

    @property
    def title(self) -> str:
        round_number = f", round {len(self.rounds)}" if len(self.rounds) > 1 else ""
        return f"{self.role} at {self.company} ({self.interviewers[0]}{round_number})"


def application_key(notes: Notes) -> str:
    """The key a new application is stored under: company | role | first interviewer's name, case and spacing ignored
    (an existing application is found by :func:`draft.identity.share_a_person`, whatever its key)."""
    return key_of(notes.company, notes.role, notes.interviewers[0])


def in_round(day: dt.date, start: dt.date | None, rounds: list[dt.date]) -> bool:
    """Whether an event on ``day`` belongs to the round that began on ``start`` (None: the notes give no date, every
    event does): on or after it, before the next round."""
    if start is None:
        return True
    later = [other for other in rounds if other > start]
    return start <= day and (not later or day < min(later))


def data_dir(environ: dict[str, str] | None = None) -> Path:
    """The folder of the history: ``$DRAFT_DATA_DIR`` (an absolute path, or one under ``~``), else the platform's."""
    environ = os.environ if environ is None else environ
    if environ.get(DATA_ENV):
        folder = Path(environ[DATA_ENV]).expanduser()
        if not folder.is_absolute():  # 'data' would be a different history in every folder draft runs in (issue 17)
            raise HistoryError(f"${DATA_ENV} is a relative path ({shorten(environ[DATA_ENV])}): the history would change with "
                               "the folder draft runs in; give an absolute path, such as $HOME/draft-data")
        return folder
    import platformdirs

    return Path(platformdirs.user_data_dir("draft"))


def history_path(environ: dict[str, str] | None = None) -> Path:
    return data_dir(environ) / FILE_NAME


class History:
    """The record in ``path``: applications and their events."""

    def __init__(self, path: Path | None = None):
        self.path = path or history_path()
        self.problems: list[str] = []  # rows :meth:`applications` left out, each with why (issue 17)

    @property
    def exists(self) -> bool:
        return self.path.is_file()

    @contextmanager
    def _connection(self, create: bool) -> Iterator[sqlite3.Connection]:
        if create:
            self._create_private_file()
        try:
            connection = sqlite3.connect(self.path if create else f"file:{self.path}?mode=rw", uri=not create, timeout=LOCK_WAIT_SECONDS)
        except sqlite3.Error as error:
            raise HistoryError(f"cannot be opened ({error})", self.path) from None
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            statements = [statement for statement in _SCHEMA.split(";") if statement.strip()]
            tables = [statement for statement in statements if statement.strip().upper().startswith("CREATE")]
            connection.executescript(";".join(tables) + ";")
            _migrate(connection)  # before the statements that read the columns an older file may lack
            connection.executescript(";".join(statement for statement in statements if statement not in tables) + ";")
            with connection:
                yield connection
        except sqlite3.Error as error:
            raise _explain(error, self.path) from None
        finally:
            connection.close()

    def _create_private_file(self) -> None:
        """The file, created 0600 in a folder made 0700 when it is not there yet. Modes are changed only of what draft
        creates (and of its own default folder): a $DRAFT_DATA_DIR the user made keeps the modes they gave it."""
        folder = self.path.parent
        try:
            made = not folder.exists()
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if made or not os.environ.get(DATA_ENV):
                os.chmod(folder, 0o700)
            try:
                descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
            except FileExistsError:
                mode = os.stat(self.path).st_mode
                if not stat.S_ISREG(mode):
                    raise HistoryError(f"is {file_kind(mode)}, not a history file; move it away", self.path) from None
                return
            os.close(descriptor)
            os.chmod(self.path, 0o600)
        except OSError as error:
            raise HistoryError(f"cannot be created ({error.strerror})", self.path) from None

    def _read(self, value: Any) -> Any:
        """``value()``, a value read from a row; one that draft cannot use is a one-line error naming the file."""
        try:
            return value()
        except (ValueError, TypeError, DraftError) as error:
            raise HistoryError(f"holds a value draft cannot use ({_reason(error)}); it is left as it is", self.path) from None

    def _keys(self, db: sqlite3.Connection, notes: Notes) -> list[str]:
        """The applications these notes are: the same company and role, and a person in common (oldest first)."""
        rows = db.execute("SELECT key, company, role, interviewers FROM applications ORDER BY rowid").fetchall()
        text = lambda value: value if isinstance(value, str) else ""  # noqa: E731 - a row another program wrote may hold anything
        return [key for key, company, role, interviewers in rows
                if same_text(text(company), notes.company) and same_text(text(role), notes.role)
                and share_a_person(text(interviewers).split("\n"), notes.interviewers)]

    def _rounds(self, db: sqlite3.Connection, keys: list[str]) -> list[dt.date]:
        marks = ",".join("?" * len(keys))
        return sorted({self._read(lambda: _day(day, "a round's interview_date")) for (day,) in db.execute(f"SELECT interview_date FROM rounds WHERE key IN ({marks})", keys)})

    def remember(self, notes: Notes, notes_path: Path | str | None = None) -> str:
        """Create or refresh the application's row and its round from the notes; its key. Rows of one application
        written before its names were compared as people write them are merged into the oldest."""
        with self._connection(create=True) as db:
            keys = self._keys(db, notes)
            key = keys[0] if keys else application_key(notes)
            for other in keys[1:]:
                db.execute("UPDATE events SET key = ? WHERE key = ?", (key, other))
                db.execute("INSERT OR IGNORE INTO rounds (key, interview_date, timeline, channel) SELECT ?, interview_date, timeline, channel FROM rounds WHERE key = ?", (key, other))
                db.execute("DELETE FROM applications WHERE key = ?", (other,))
            day = notes.interview_date.isoformat() if notes.interview_date else None
            timeline = stated_timeline(notes)
            db.execute(
                """INSERT INTO applications (key, company, role, interviewers, interview_date, timeline, channel, notes_path, updated)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(key) DO UPDATE SET company=excluded.company, role=excluded.role, interviewers=excluded.interviewers,
                     interview_date=CASE WHEN interview_date IS NULL OR excluded.interview_date >= interview_date THEN COALESCE(excluded.interview_date, interview_date) ELSE interview_date END,
                     timeline=CASE WHEN interview_date IS NULL OR excluded.interview_date >= interview_date THEN COALESCE(excluded.timeline, timeline) ELSE timeline END,
                     channel=CASE WHEN interview_date IS NULL OR excluded.interview_date >= interview_date THEN COALESCE(excluded.channel, channel) ELSE channel END,
                     notes_path=COALESCE(excluded.notes_path, notes_path), updated=excluded.updated""",
                (key, notes.company, notes.role, "\n".join(notes.interviewers), day, timeline, notes.channel, str(notes_path) if notes_path else None, _now()),
            )
            if day:
                db.execute("""INSERT INTO rounds (key, interview_date, timeline, channel) VALUES (?, ?, ?, ?)
                              ON CONFLICT(key, interview_date) DO UPDATE SET timeline=COALESCE(excluded.timeline, timeline), channel=COALESCE(excluded.channel, channel)""",
                           (key, day, timeline, notes.channel))
        return key

    def record(self, notes: Notes, event: Event, notes_path: Path | str | None = None) -> None:
        key = self.remember(notes, notes_path)
        with self._connection(create=True) as db:
            db.execute("INSERT INTO events (key, what, kind, date, channel, recorded) VALUES (?, ?, ?, ?, ?, ?)",
                       (key, event.what, event.kind, event.date.isoformat(), event.channel, _now()))

    def events(self, notes: Notes) -> list[Event]:
        """Everything recorded for the round these notes describe (none when there is no file yet): the events from
        their interview date on, before the application's next round."""
        if not self.exists:
            return []
        with self._connection(create=False) as db:
            keys = self._keys(db, notes)
            if not keys:
                return []
            rounds = self._rounds(db, keys)
            marks = ",".join("?" * len(keys))
            rows = db.execute(f"SELECT what, date, kind, channel FROM events WHERE key IN ({marks}) ORDER BY date, id", keys).fetchall()
        events = [self._read(lambda: Event(what=what, date=_day(date, "an event's date"), kind=kind, channel=channel))
                  for what, date, kind, channel in rows]
        return [event for event in events if in_round(event.date, notes.interview_date, rounds)]

    def key(self, notes: Notes) -> str:
        """The key these notes' application is stored under (or would be, when it has no record yet)."""
        if self.exists:
            with self._connection(create=False) as db:
                if keys := self._keys(db, notes):
                    return keys[0]
        return application_key(notes)

    def rounds(self, notes: Notes) -> list[dt.date]:
        """The interview dates recorded for the application these notes are, oldest first."""
        if not self.exists:
            return []
        with self._connection(create=False) as db:
            keys = self._keys(db, notes)
            return self._rounds(db, keys) if keys else []

    def applications(self) -> list[Application]:
        """Every application with a record, in the order they were first recorded: its latest round with that round's
        events, and every round and event."""
        if not self.exists:
            return []
        with self._connection(create=False) as db:
            rows = db.execute("SELECT key, company, role, interviewers, interview_date, timeline, channel, notes_path FROM applications ORDER BY rowid").fetchall()
            events = db.execute("SELECT key, what, date, kind, channel FROM events ORDER BY date, id").fetchall()
            round_rows = db.execute("SELECT key, interview_date, timeline, channel FROM rounds ORDER BY interview_date").fetchall()
        self.problems = []
        by_key: dict[str, list[Event]] = {}
        broken: dict[str, str] = {}  # an application with a row draft cannot use, and why
        for key, what, date, kind, channel in events:
            try:
                by_key.setdefault(key, []).append(Event(what=what, date=_day(date, "an event's date"), kind=kind, channel=channel))
            except (ValueError, TypeError, DraftError) as error:
                broken.setdefault(key, _reason(error))
        rounds: dict[str, list[Round]] = {}
        for key, day, timeline, channel in round_rows:
            try:
                rounds.setdefault(key, []).append(Round(interview_date=_day(day, "a round's interview_date"), timeline=timeline, channel=channel))
            except (ValueError, TypeError, DraftError) as error:
                broken.setdefault(key, _reason(error))
        applications = []
        for key, company, role, interviewers, day, timeline, channel, notes_path in rows:
            try:
                if key in broken:
                    raise ValueError(broken[key])
                latest = _day(day, "interview_date") if day else None
                dates = [r.interview_date for r in rounds.get(key, [])]
                every = by_key.get(key, [])
                application = Application(
                    key=key, company=company, role=role, interviewers=_names(interviewers), interview_date=latest, timeline=timeline,
                    channel=channel, notes_path=notes_path, rounds=rounds.get(key, []), all_events=every,
                    events=[e for e in every if in_round(e.date, latest, dates)])
                application.as_notes()  # what the plan reads of it
            except (ValueError, TypeError, DraftError) as error:
                self.problems.append(f"{self.path}: the application {shorten(f'{company} | {role}')} holds a value draft cannot use "
                                     f"({_reason(error)}); it is left out here and left as it is in the file")
                continue
            applications.append(application)
        return applications

    def forget(self, notes: Notes) -> int:
        """Remove one application (every round) and its events; how many events went with it."""
        if not self.exists:
            return 0
        with self._connection(create=False) as db:
            count = 0
            for key in self._keys(db, notes):
                count += db.execute("SELECT COUNT(*) FROM events WHERE key = ?", (key,)).fetchone()[0]
                db.execute("DELETE FROM events WHERE key = ?", (key,))
                db.execute("DELETE FROM rounds WHERE key = ?", (key,))
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


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a file written by an older draft up to this format: each column it lacks is added (empty for its rows,
    which are kept as they are); a table whose key is missing is another program's, and reading it fails with a
    one-line error that says so."""
    for table, columns in _columns(_SCHEMA).items():
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, declaration in columns.items():
            if name in present or "PRIMARY KEY" in declaration:
                continue
            default = " DEFAULT ''" if "NOT NULL" in declaration and "DEFAULT" not in declaration else ""
            db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration.split(' REFERENCES')[0].split(' CHECK')[0]}{default}")


def _columns(schema: str) -> dict[str, dict[str, str]]:
    """The columns of each CREATE TABLE of ``schema``: name -> its declaration (type and constraints)."""
    tables: dict[str, dict[str, str]] = {}
    for block in schema.split("CREATE TABLE IF NOT EXISTS ")[1:]:
        name, _, body = block.partition(" (")
        columns = {}
        for line in body.split(");")[0].splitlines():
            line = line.strip().rstrip(",")
            if line and not line.startswith("PRIMARY KEY"):
                column, _, declaration = line.partition(" ")
                columns[column] = declaration
        tables[name.strip()] = columns
    return tables


def _day(value: Any, what: str) -> dt.date:
    """A date of a history row: a real calendar date in draft's range, or a one-line error naming ``what``."""
    from draft.sanitize import parse_calendar_date

    return parse_calendar_date(value, what)


def _names(value: Any) -> list[str]:
    """The interviewers of a row: lines of text (another program may have written anything there)."""
    if not isinstance(value, str):
        raise ValueError(f"interviewers: {type(value).__name__} where names were expected")
    return value.split("\n")


def _reason(error: Exception) -> str:
    """Why a row cannot be used, in a few words."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        return f"{'.'.join(str(part) for part in first['loc'])}: {first['msg'].lower()}"
    if isinstance(error, DraftError):
        return error.problem
    return shorten(str(error), 100)


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


def log_unless_locked(notes: Notes, history: History | None, warn: Any) -> tuple[Any, History | None]:
    """:func:`log_for`, except that a history another process holds locked does not stop a draft: ``warn`` says so,
    the timing rules use what the notes record, and the history is left alone for this run (None)."""
    try:
        return log_for(notes, history), history
    except HistoryLocked as error:
        warn(f"{error.message}; the timing rules use the notes only this time, and nothing is recorded")
        return log_for(notes, None), None
