"""Dates as people write them (dateparser), working days with public holidays (holidays)."""

import datetime as dt

import pytest

from draft.dates import DateError, WorkCalendar, country_from_locale, parse_day, read_timeline

THURSDAY = dt.date(2026, 11, 19)
FRIDAY = dt.date(2026, 11, 20)
MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("text, expected", [
    ("yesterday", "2026-11-22"), ("last Thursday", "2026-11-19"), ("Nov 20", "2026-11-20"),
    ("2026-11-20", "2026-11-20"), ("20 November 2026", "2026-11-20"),
    ("Nov 25", "2025-11-25"),  # a day without a year is the most recent one: interviews are in the past
])
def test_days_as_people_write_them(text, expected):
    assert parse_day(text, MONDAY, "'interview_date'").isoformat() == expected


@pytest.mark.parametrize("text", ["whenever", "0000-01-01", "9999-12-31", "in 99999999 weeks", "9" * 5000, "1969-12-31"])
def test_unreadable_or_implausible_days_are_one_line_errors(text):
    with pytest.raises(DateError) as error:
        parse_day(text, MONDAY, "'interview_date'")
    assert "\n" not in str(error.value) and "'interview_date'" in str(error.value) and len(str(error.value)) < 200


@pytest.mark.parametrize("text, said_on, expected", [
    ("in a fortnight", THURSDAY, "2026-12-03"),
    ("within 10 business days", FRIDAY, "2026-12-04"),
    ("by the end of next week", THURSDAY, "2026-11-27"),
    ("early December", THURSDAY, "2026-12-10"),
    ("mid-January", THURSDAY, "2027-01-15"),
    ("late December", THURSDAY, "2026-12-20"),
    ("after the holidays", THURSDAY, "2027-01-04"),  # Jan 1 2027 is a Friday: the first working day after is Monday the 4th
    ("by December 5", THURSDAY, "2026-12-05"),
    ("They expect to decide by December 5", THURSDAY, "2026-12-05"),
    ("next Friday", THURSDAY, "2026-11-27"),  # said on a Thursday: the Friday of next week, not tomorrow
    ("by Friday", THURSDAY, "2026-11-20"),
    ("by Friday", FRIDAY, "2026-11-27"),
    ("next week", FRIDAY, "2026-11-27"),
    ("5th of January", FRIDAY, "2027-01-05"),
    ("within two weeks", FRIDAY, "2026-12-04"),
    ("a couple of weeks", FRIDAY, "2026-12-04"),
    ("2-3 weeks", FRIDAY, "2026-12-11"),
    ("by November 19", FRIDAY, "2026-11-19"),  # already passed, not next year's
    ("in December", FRIDAY, "2026-12-31"),
    ("end of the month", FRIDAY, "2026-11-30"),
    ("by the 18th", FRIDAY, "2026-12-18"),  # issue 18.13: the next 18th on or after the day it was said
    ("decision by the 18th", dt.date(2026, 11, 10), "2026-11-18"),
    ("they'll decide by Friday the 18th", dt.date(2026, 12, 8), "2026-12-18"),  # not the Friday after (the 11th)
    ("by Friday the 13th", FRIDAY, "2026-12-13"),  # no Friday the 13th within two months: the date wins
    ("the 2nd round is on the 3rd", FRIDAY, "2026-12-03"),  # 'the 2nd round' is no day
    ("early next week", FRIDAY, "2026-11-24"),  # said on a Friday: Tuesday of next week, not its Friday
    ("mid next week", FRIDAY, "2026-11-25"),
    ("late next week", FRIDAY, "2026-11-27"),
])
def test_timelines(text, said_on, expected):
    reading = read_timeline(text, said_on)
    assert reading.date and reading.date.isoformat() == expected, reading.how


@pytest.mark.parametrize("text, why", [
    ("soon", "no date could be read"),
    ("We will let you know", "no date could be read"),  # 'We' is not Wednesday
    ("on the 32nd", "does not exist"),
    ("in 99999999 weeks", "too large"),
    ("in " + "9" * 5000 + " weeks", "too long"),
    ("by 9999-12-31", "outside the dates"),
    ("by February 30", "no date could be read"),
])
def test_unreadable_timelines_say_why(text, why):
    reading = read_timeline(text, FRIDAY)
    assert reading.date is None and why in reading.how


def test_business_days_skip_the_countrys_holidays():
    plain, us = read_timeline("within 10 business days", THURSDAY), read_timeline("within 10 business days", THURSDAY, WorkCalendar("US"))
    assert plain.date == dt.date(2026, 12, 3)
    assert us.date == dt.date(2026, 12, 4) and "US public holidays" in us.how  # Thanksgiving 2026-11-26 is skipped


def test_working_days():
    us = WorkCalendar("US")
    assert us.on_or_after(dt.date(2026, 11, 26)) == dt.date(2026, 11, 27)
    assert us.on_or_after(dt.date(2026, 11, 28)) == dt.date(2026, 11, 30)
    assert us.on_or_after(dt.date(2026, 11, 30), {dt.date(2026, 11, 30)}) == dt.date(2026, 12, 1)
    assert WorkCalendar().on_or_after(dt.date(2026, 11, 26)) == dt.date(2026, 11, 26)
    assert WorkCalendar("US-CA").holiday(dt.date(2026, 11, 27)) == "Day After Thanksgiving"


def test_unknown_country_is_a_one_line_error():
    with pytest.raises(DateError, match="XX.*: not a country"):
        WorkCalendar("XX")


@pytest.mark.parametrize("environ, expected", [
    ({"LANG": "en_US.UTF-8"}, "US"), ({"LC_ALL": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "DE"),
    ({"LANG": "C.UTF-8"}, None), ({"LANG": "POSIX"}, None),
])
def test_country_from_the_locale(environ, expected):
    assert country_from_locale(environ) == expected


def _notes(header: str):
    from draft.notes import parse_notes

    return parse_notes(f"---\ninterviewer: Dana Lee\ncompany: Acme\nrole: Buyer\n{header}---\n- supplier pricing\n", today=MONDAY)


@pytest.mark.parametrize("written, expected", [("yesterday", "2026-11-22"), ("last Thursday", "2026-11-19"), ("Nov 20", "2026-11-20")])
def test_notes_dates_as_people_write_them_count_from_today(written, expected):
    notes = _notes(f"interview_date: {written}\nsent:\n  - {{kind: thank-you, date: {written}}}\nreply: {written}\n")
    assert notes.interview_date.isoformat() == expected == notes.sent[0].date.isoformat() == notes.reply.isoformat()


@pytest.mark.parametrize("header", ["interview_date: 0000-01-01\n", "interview_date: 9999-12-31\n", f"interview_date: {'9' * 5000}\n"])
def test_a_date_written_as_one_that_cannot_be_is_a_one_line_error(header):
    from draft.errors import NotesError

    with pytest.raises(NotesError) as error:
        _notes(header)
    assert "interview_date" in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("header", ["interview_date: in 99999999 weeks\n", "interview_date: whenever\n"])
def test_an_interview_date_that_cannot_be_read_is_a_one_line_warning_and_no_date(header):
    """Valid notes always get a draft (issue 16): the date is left out, and the warning says why in one line."""
    notes = _notes(header)
    assert notes.interview_date is None
    assert len(notes.warnings) == 1 and "interview_date" in notes.warnings[0] and "\n" not in notes.warnings[0]


def test_a_sent_date_that_cannot_be_read_is_a_one_line_error():
    from draft.errors import NotesError

    with pytest.raises(NotesError) as error:
        _notes("sent:\n  - {kind: thank-you, date: someday}\n")
    assert "sent.date" in str(error.value) and "\n" not in str(error.value)


# --- the same shapes through the command line, with --today pinned ---------------------------------------

def saved(path, day: str) -> None:
    """Pin the notes file's last-saved day: its relative dates count from it (or from --today, if earlier)."""
    import os

    noon = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12)).timestamp()
    os.utime(path, (noon, noon))


def _plan(tmp_path, header: str, today: str, *options: str):
    import json

    from click.testing import CliRunner

    from draft.cli import main

    path = tmp_path / "notes.md"
    path.write_text(f"---\ninterviewer: Dana Lee\ncompany: Acme\nrole: Buyer\n{header}---\n## What we discussed\n- supplier pricing\n", encoding="utf-8")
    saved(path, today)
    run = CliRunner().invoke
    as_json, text = run(main, ["plan", "--notes", str(path), "--today", today, "--json", *options]), run(main, ["plan", "--notes", str(path), "--today", today, *options])
    assert as_json.exit_code == 0 == text.exit_code, as_json.output
    return json.loads(as_json.stdout), text.stdout, path


@pytest.mark.parametrize("header, today, interview", [
    ("interview_date: yesterday\n", "2026-11-20", "2026-11-19"),
    ("Date: last Thursday\n", "2026-11-23", "2026-11-19"),  # 'Date:' as a new user writes it
    ("interview_date: Nov 20\n", "2026-11-23", "2026-11-20"),
    ("interview_date: Nov 25\n", "2026-11-23", "2025-11-25"),  # no year: the most recent Nov 25, not this week's
])
def test_interview_dates_as_people_write_them_through_draft_plan(tmp_path, header, today, interview):
    plan, text, _ = _plan(tmp_path, header, today)
    assert plan["interview_date"] == interview and plan["today"] == today
    assert f"interview {dt.date.fromisoformat(interview).strftime('%A')} {interview}, as of" in text


@pytest.mark.parametrize("timeline, header, today, read_as, check, options", [
    ("in a fortnight", "interview_date: yesterday\n", "2026-11-20", "2026-12-03", "2026-12-04", ()),
    ("within 10 business days", "interview_date: Nov 20\n", "2026-11-23", "2026-12-04", "2026-12-07", ()),
    ("within 10 business days", "interview_date: last Thursday\n", "2026-11-23", "2026-12-03", "2026-12-04", ()),
    ("within 10 business days", "interview_date: last Thursday\n", "2026-11-23", "2026-12-04", "2026-12-07", ("--country", "US")),  # Thanksgiving skipped
    ("by the end of next week", "interview_date: yesterday\n", "2026-11-20", "2026-11-27", "2026-11-30", ()),
    ("early December", "interview_date: yesterday\n", "2026-11-20", "2026-12-10", "2026-12-11", ()),
    ("mid-January", "interview_date: yesterday\n", "2026-11-20", "2027-01-15", "2027-01-18", ()),
    ("mid-January", "interview_date: yesterday\n", "2026-11-20", "2027-01-15", "2027-01-19", ("--country", "US")),  # MLK Day 2027-01-18
    ("after the holidays", "interview_date: yesterday\n", "2026-11-20", "2027-01-04", "2027-01-05", ()),
    ("next Friday", "interview_date: 2026-11-19\n", "2026-11-19", "2026-11-27", "2026-11-30", ()),  # said on a Thursday: not the next day
])
def test_timelines_as_people_write_them_through_draft_plan(tmp_path, timeline, header, today, read_as, check, options):
    plan, text, _ = _plan(tmp_path, header + f"timeline: {timeline}\n", today, *options)
    assert plan["timeline_date"] == read_as
    assert [s["date"] for s in plan["steps"] if s["kind"] == "status-check"] == [check]
    assert f"Their timeline: '{timeline}', read as {dt.date.fromisoformat(read_as).strftime('%A')} {read_as}" in text


def test_a_timeline_that_cannot_be_read_says_so_and_uses_the_one_week_default(tmp_path):
    from click.testing import CliRunner

    from draft.cli import main

    plan, text, path = _plan(tmp_path, "interview_date: yesterday\ntimeline: when the budget is approved\nsent: thank-you on yesterday\n", "2026-11-20")
    assert plan["timeline_date"] is None
    assert [s["date"] for s in plan["steps"] if s["kind"] == "status-check"] == ["2026-11-26"]  # a week after the interview
    assert "Their timeline: 'when the budget is approved', cannot be read as a date (no date could be read from it); using the one-week default" in text
    assert "a week after the interview: their timeline, 'when the budget is approved', gives no date that can be read" in text
    drafted = CliRunner().invoke(main, ["--notes", str(path), "--kind", "status-check", "--today", "2026-11-26", "--strategy", "template"])
    assert drafted.exit_code == 0, drafted.output
    assert "note: their timeline, 'when the budget is approved', cannot be read as a date (no date could be read from it); using the one-week default" in drafted.stderr


def test_found_last_thursday_and_early_december_put_the_check_after_their_timeline(tmp_path):
    """Issue 11, as a new user found it: 'Date: last Thursday' was refused and 'early December' was no date,
    so the status check landed on 2026-11-26, before their timeline and on Thanksgiving."""
    plan, text, _ = _plan(tmp_path, "Date: last Thursday\ntimeline: early December\n", "2026-11-23", "--country", "US")
    assert plan["interview_date"] == "2026-11-19" and plan["timeline_date"] == "2026-12-10"
    assert [s["date"] for s in plan["steps"] if s["kind"] == "status-check"] == ["2026-12-11"]
    assert "2026-11-26" not in text


def test_relative_dates_in_a_notes_file_count_from_the_day_it_was_saved(tmp_path):
    """'interview_date: yesterday' written on Friday 2026-11-20 still means Thursday the 19th when the plan is
    asked for four days later: the thank-you is late, not due 'within 24 hours' of a Monday interview."""
    plan, _, path = _plan(tmp_path, "interview_date: yesterday\n", "2026-11-20")
    assert plan["interview_date"] == "2026-11-19"
    later, text, _ = _plan(tmp_path, "interview_date: yesterday\n", "2026-11-20", "--today", "2026-11-23")  # the last --today wins
    assert later["today"] == "2026-11-23" and later["interview_date"] == "2026-11-19"
    assert "late is better than never" in text
    earlier, _, _ = _plan(tmp_path, "interview_date: yesterday\n", "2026-11-20", "--today", "2026-11-18")  # --today before the file was saved
    assert earlier["interview_date"] == "2026-11-17"
