"""The local record: a private SQLite file; an application is its company, role and interviewer."""

import datetime as dt
import stat

import pytest

from draft.config import Config, parse_config
from draft.history import Event, History, HistoryError, application_key, history_enabled, history_path
from draft.notes import parse_notes

D = dt.date(2026, 11, 20)


def notes(company="Acme", role="Buyer", interviewer="Dana Lee"):
    return parse_notes(f"---\ninterviewer: {interviewer}\ncompany: {company}\nrole: {role}\ninterview_date: 2026-11-20\ntimeline: by December 5\n---\n- supplier pricing\n")


def test_the_data_dir_comes_from_the_environment(tmp_path):
    assert history_path({"DRAFT_DATA_DIR": str(tmp_path)}) == tmp_path / "history.sqlite3"


def test_file_is_private_and_reading_creates_nothing(tmp_path):
    history = History(tmp_path / "data" / "history.sqlite3")
    assert history.events(notes()) == [] and history.applications() == []
    assert not (tmp_path / "data").exists()  # reading never creates the file
    history.record(notes(), Event(what="sent", kind="thank-you", date=D))
    assert stat.S_IMODE(history.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(history.path.parent.stat().st_mode) == 0o700


def test_same_application_despite_case_spacing_and_a_renamed_file(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    history.record(notes(), Event(what="sent", kind="thank-you", date=D), "old-name.md")
    renamed = notes(company="  ACME ", role="buyer", interviewer="dana   lee")
    assert application_key(renamed) == application_key(notes())
    assert [e.kind for e in history.events(renamed)] == ["thank-you"]
    assert history.events(notes(company="Other Co")) == []
    other_round = notes(interviewer="Sam Park")  # same company and role, another interviewer: another application
    assert history.events(other_round) == []


def test_applications_keep_what_the_plan_needs(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    history.record(notes(), Event(what="sent", kind="thank-you", date=D))
    history.record(notes(), Event(what="reply", date=dt.date(2026, 11, 24)))
    [application] = history.applications()
    assert application.interview_date == D and application.timeline == "by December 5"
    assert [e.what for e in application.events] == ["sent", "reply"]
    assert application.as_notes().company == "Acme"


def test_forget_and_clear(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    history.record(notes(), Event(what="sent", kind="thank-you", date=D))
    history.record(notes("Beta"), Event(what="sent", kind="thank-you", date=D))
    assert history.forget(notes()) == 1 and [a.company for a in history.applications()] == ["Beta"]
    assert history.clear() and not history.path.exists() and not history.clear()


def test_a_damaged_file_is_a_one_line_error(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="not a readable history database"):
        History(path).events(notes())


def test_switches():
    assert history_enabled(Config()) and not history_enabled(Config(), no_history=True)
    off = parse_config("[history]\nenabled = false\n", None)
    assert not history_enabled(off)


@pytest.mark.parametrize("a, b, same", [
    ("Tom Becker (eng mgr)", "Tom Becker", True), ("Dr. Tom Becker", "tom becker", True), ("Tom", "Tom Becker", True),
    ("Tom Becker - Engineering Manager", "Tom Becker", True), ("José Núñez", "Jose Nunez", True), ("Tom A. Becker", "Tom Becker", True),
    ("Tom Becker", "Tom Smith", False), ("Ana", "Tom", False), ("Robert Chen, PhD", "Robert Chen", True),
])
def test_one_person_as_people_write_the_name(a, b, same):
    from draft.identity import same_person

    assert same_person(a, b) is same and same_person(b, a) is same


def test_rounds_keep_their_own_events(tmp_path):
    history = History(tmp_path / "h.sqlite3")
    history.record(notes(), Event(what="sent", kind="thank-you", date=D))
    history.record(notes(), Event(what="reply", date=dt.date(2026, 11, 24)))
    final = notes().model_copy(update={"interview_date": dt.date(2026, 12, 1), "timeline": "by December 10"})
    history.record(final, Event(what="sent", kind="thank-you", date=dt.date(2026, 12, 1)))
    assert [(e.what, e.date.day) for e in history.events(notes())] == [("sent", 20), ("reply", 24)]
    assert [(e.what, e.date.day) for e in history.events(final)] == [("sent", 1)]
    [application] = history.applications()
    assert application.interview_date == dt.date(2026, 12, 1) and application.timeline == "by December 10"
    assert len(application.rounds) == 2 and len(application.all_events) == 3 and len(application.events) == 1
    history.record(notes(), Event(what="sent", kind="status-check", date=dt.date(2026, 11, 27)))  # the first round, later
    [application] = history.applications()
    assert application.interview_date == dt.date(2026, 12, 1)  # still the latest round
    assert history.forget(final) == 4 and history.applications() == []
