"""draft plan against a table of cases (RULES.md T1-T7), and the one timing decision that
``draft``, ``draft plan`` and ``--kind next`` share."""

import datetime as dt

import pytest

from draft.dates import WorkCalendar
from draft.errors import TimingError
from draft.history import Event
from draft.kinds import kinds
from draft.notes import parse_notes
from draft.plan import Log, build_plan, decide, group_of, plan_lines, recording_refusal, summary_line, timing_decision

D = dt.date(2026, 11, 20)  # a Friday


def notes(extra: str = "", timeline: str | None = None, interview: str = "2026-11-20"):
    head = f"---\ninterviewer: Dana Lee\ncompany: Acme\nrole: Buyer\ninterview_date: {interview}\n"
    if timeline:
        head += f"timeline: {timeline}\n"
    return parse_notes(head + extra + "---\n- supplier pricing\n")


def steps(plan):
    return [(s.kind, s.date.isoformat(), s.status, s.rules[0] if s.rules else None) for s in plan.steps]


THANKED = "sent:\n  - {kind: thank-you, date: 2026-11-20}\n"
CASES = [
    ("no timeline, day of the interview", "", None, "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-11-27", "upcoming", "T4"),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
    ("timeline on a Saturday moves to Monday", "", "by December 5", "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-12-07", "upcoming", "T3"),
      ("second-check", "2026-12-14", "upcoming", "T4"), ("stop", "2026-12-21", "stop", "T5")]),
    ("four days late: the thank-you is still due (late is better than never)", "", None, "2026-11-24",
     [("thank-you", "2026-11-24", "due", "T1"), ("status-check", "2026-11-27", "upcoming", "T4"),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
    ("timeline passed, no thank-you yet: the thank-you today, the check the next working day", "", "within a week", "2026-12-01",
     [("thank-you", "2026-12-01", "due", "T1"), ("status-check", "2026-12-02", "upcoming", "T3"),
      ("second-check", "2026-12-09", "upcoming", "T4"), ("stop", "2026-12-16", "stop", "T5")]),
    ("thanked, timeline passed on a Saturday: write the check now, send it Monday", THANKED, "by December 3", "2026-12-05",
     [("thank-you", "2026-11-20", "sent", None), ("status-check", "2026-12-07", "due", "T3"),
      ("second-check", "2026-12-14", "upcoming", "T4"), ("stop", "2026-12-21", "stop", "T5")]),
    ("thank-you sent, first check sent", THANKED + "  - {kind: status-check, date: 2026-11-27}\n", None, "2026-12-02",
     [("thank-you", "2026-11-20", "sent", None), ("status-check", "2026-11-27", "sent", None),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
    ("two checks sent: stop", THANKED + "  - {kind: status-check, date: 2026-11-27}\n  - {kind: second-check, date: 2026-12-04}\n", None, "2026-12-05",
     [("thank-you", "2026-11-20", "sent", None), ("status-check", "2026-11-27", "sent", None),
      ("second-check", "2026-12-04", "sent", None), ("stop", "2026-12-11", "stop", "T5")]),
    ("reply received: stop", THANKED + "reply: 2026-11-24\n", None, "2026-11-25",
     [("thank-you", "2026-11-20", "sent", None), ("stop", "2026-11-24", "stop", "T5")]),
    ("rejection: one message after a no (a feedback request, or a keep-in-touch note instead)", THANKED + "reply: 2026-11-27\nrejected: true\n", None, "2026-11-27",
     [("thank-you", "2026-11-20", "sent", None), ("feedback-request", "2026-11-27", "due", "F7"), ("stop", "2026-11-27", "stop", "T5")]),
    ("rejection answered with a keep-in-touch note: nothing more", THANKED + "  - {kind: keep-in-touch, date: 2026-11-30}\nrejected: true\n", None, "2026-12-01",
     [("thank-you", "2026-11-20", "sent", None), ("keep-in-touch", "2026-11-30", "sent", None), ("stop", "2026-12-01", "stop", "T5")]),
    ("same-day collision: timeline already passed on the thank-you day", "", "by November 19", "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-11-23", "upcoming", "T3"),
      ("second-check", "2026-11-30", "upcoming", "T4"), ("stop", "2026-12-07", "stop", "T5")]),
    ("a message sent today: the due check moves to the next working day (T7)", "sent:\n  - {kind: thank-you, date: 2026-11-30}\n", None, "2026-11-30",
     [("thank-you", "2026-11-30", "sent", None), ("status-check", "2026-12-01", "upcoming", "T4"),
      ("second-check", "2026-12-08", "upcoming", "T4"), ("stop", "2026-12-15", "stop", "T5")]),
    ("a LinkedIn note is another channel: it is no thank-you and takes no day", "sent:\n  - {kind: linkedin, date: 2026-11-20}\n", None, "2026-11-20",
     [("linkedin", "2026-11-20", "sent", None), ("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-11-27", "upcoming", "T4"),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
]


@pytest.mark.parametrize("name, extra, timeline, today, expected", CASES, ids=[c[0] for c in CASES])
def test_plan_table(name, extra, timeline, today, expected):
    plan = build_plan(notes(extra, timeline), dt.date.fromisoformat(today))
    assert steps(plan) == expected


def _expected_answer(plan, kind):
    """What the plan alone says about writing ``kind`` today: allowed iff a step of its group is due."""
    due = plan.due
    if due is None or group_of(due.kind) != group_of(kind):
        return False
    if kind == "second-check" and due.kind == "status-check":
        return False  # the first check comes first
    if group_of(kind) == "after-rejection":  # one message after a no: either note, not both
        return not any(s.status == "sent" and group_of(s.kind) == "after-rejection" for s in plan.steps)
    return True


def _expected_connection(plan, kind):
    """A LinkedIn note: from the interview on, once, unless they said no; whatever the email steps say."""
    said_no = plan.finished is not None and plan.finished.startswith("they said no")
    return plan.today >= plan.interview_date and not said_no and not any(s.kind == kind and s.status == "sent" for s in plan.steps)


@pytest.mark.parametrize("name, extra, timeline, today, expected", CASES, ids=[c[0] for c in CASES])
def test_draft_plan_and_kind_next_agree(name, extra, timeline, today, expected):
    """One source of truth: for every case, `draft --kind K` is allowed exactly when the plan shows a
    step of K's group due, and `--kind next` drafts the plan's due step (or refuses when none is)."""
    n, day = notes(extra, timeline), dt.date.fromisoformat(today)
    plan = build_plan(n, day)
    for kind in kinds():
        expected = _expected_connection(plan, kind) if group_of(kind) == "connection" else _expected_answer(plan, kind)
        assert decide(n, kind, day).allowed == expected, kind
    following = decide(n, "next", day)
    assert following.allowed == (plan.due is not None)
    if plan.due:
        assert following.kind == plan.due.kind
        assert timing_decision(n, "next", day).kind == plan.due.kind
    else:
        with pytest.raises(TimingError, match="nothing is due today"):
            timing_decision(n, "next", day)


def test_four_days_late_all_three_say_send_the_thank_you_now():
    n, day = notes(), dt.date(2026, 11, 24)
    plan = build_plan(n, day)
    assert plan.due.kind == "thank-you" and "late is better than never" in plan.due.reason
    decision = timing_decision(n, "thank-you", day)
    assert any("late is better than never" in line for line in decision.notices)
    assert timing_decision(n, "next", day).kind == "thank-you"
    assert timing_decision(notes(interview="2026-11-19"), "thank-you", D).notices == []  # on time, on a working day: no note
    assert timing_decision(n, "thank-you", dt.date(2026, 11, 21)).notices == ["note: send on Monday 2026-11-23 (Saturday is not a working day)"]


def test_weekend_draft_says_when_to_send_instead_of_refusing():
    n, saturday = notes(THANKED, "by December 3"), dt.date(2026, 12, 5)
    decision = timing_decision(n, "status-check", saturday)
    assert decision.send_on == dt.date(2026, 12, 7)
    assert "note: send on Monday 2026-12-07 (Saturday is not a working day)" in decision.notices


def test_holiday_draft_names_the_holiday():
    n, thanksgiving = notes(THANKED, "by November 24"), dt.date(2026, 11, 26)
    decision = timing_decision(n, "status-check", thanksgiving, calendar=WorkCalendar("US"))
    assert decision.send_on == dt.date(2026, 11, 27)
    assert "Thanksgiving Day (a public holiday in US) is not a working day" in decision.notices[-1]


@pytest.mark.parametrize("extra, timeline, today, kind, fragment", [
    ("", "by December 5", "2026-11-22", "status-check", "their timeline, 'by December 5'"),
    ("", None, "2026-11-22", "status-check", "fits from Friday 2026-11-27"),
    (THANKED + "  - {kind: status-check, date: 2026-11-27}\n  - {kind: second-check, date: 2026-12-04}\n", None, "2026-12-10", "status-check", "two status checks"),
    ("rejected: true\n", None, "2026-11-30", "status-check", "they said no"),
    ("", None, "2026-11-30", "feedback-request", "follows a rejection"),
    (THANKED, None, "2026-11-20", "handwritten", "already sent on Friday 2026-11-20"),
    ("sent:\n  - {kind: linkedin, date: 2026-11-20}\n", None, "2026-11-21", "linkedin", "LinkedIn message was already sent on Friday 2026-11-20; one is enough"),
    ("rejected: true\n", None, "2026-11-30", "linkedin", "they said no"),
    ("", None, "2026-11-19", "linkedin", "not yet"),
    ("", None, "2026-11-27", "second-check", "first status check before the second"),
])
def test_wrong_message_at_the_wrong_time_is_refused(extra, timeline, today, kind, fragment):
    decision = decide(notes(extra, timeline), kind, dt.date.fromisoformat(today))
    assert not decision.allowed and fragment in decision.reason
    assert "T3" not in decision.reason and "'" not in decision.reason.replace(f"'{timeline}'", "") if timeline else True


@pytest.mark.parametrize("extra, today, kind", [
    ("", "2026-11-20", "thank-you"), (THANKED, "2026-11-27", "status-check"), (THANKED, "2026-11-27", "phone"),
    (THANKED + "  - {kind: status-check, date: 2026-11-27}\n", "2026-12-04", "second-check"),
    ("rejected: true\n", "2026-12-01", "feedback-request"), ("rejected: true\n", "2026-12-01", "keep-in-touch"),
    (THANKED, "2026-11-20", "linkedin"), ("", "2026-11-20", "linkedin"), (THANKED + "reply: 2026-11-24\n", "2026-11-25", "linkedin"),
])
def test_right_message_at_the_right_time_is_allowed(extra, today, kind):
    assert decide(notes(extra), kind, dt.date.fromisoformat(today)).allowed


def test_us_thanksgiving_moves_the_first_check_to_the_friday():
    plan = build_plan(notes(interview="2026-11-19"), dt.date(2026, 11, 19), calendar=WorkCalendar("US"))
    check = plan.step_for("status-check")
    assert check.date == dt.date(2026, 11, 27)
    assert "Thanksgiving Day" in check.reason
    assert build_plan(notes(interview="2026-11-19"), dt.date(2026, 11, 19)).step_for("status-check").date == dt.date(2026, 11, 26)


def test_unreadable_timeline_is_said_and_uses_the_one_week_default():
    plan = build_plan(notes(timeline="soon, they hope"), D)
    assert plan.timeline_date is None and "one-week default" in plan.timeline_note
    assert plan.step_for("status-check").date == dt.date(2026, 11, 27)
    assert "gives no date that can be read" in plan.step_for("status-check").reason


def test_history_events_count_like_the_notes_log():
    n = notes()
    log = Log.of(n, [Event(what="sent", kind="thank-you", date=D)])
    assert not decide(n, "thank-you", dt.date(2026, 11, 21), log).allowed
    assert "thank-you" in recording_refusal(log, "handwritten")
    assert recording_refusal(log, "status-check") is None
    rejected = Log.of(n, [Event(what="rejected", date=dt.date(2026, 11, 30))])
    assert decide(n, "next", dt.date(2026, 11, 30), rejected).kind == "feedback-request"


def test_plan_text_is_plain_words_without_rule_ids_or_python_quotes():
    plan = build_plan(notes(timeline="by December 5"), dt.date(2026, 12, 8))
    text = "\n".join(plan_lines(plan, "Buyer at Acme"))
    assert "their timeline, 'by December 5', has passed" in text
    assert not any(rule in text for rule in ("T1", "T3", "T4", "T5", "T6", "T7"))
    assert '"' not in text and "\\" not in text
    assert summary_line(plan, "Buyer at Acme").startswith("Buyer at Acme: DUE today: thank-you")


def test_draft_says_when_a_timeline_cannot_be_read():
    n = notes(THANKED, "when the budget is approved")
    decision = timing_decision(n, "status-check", dt.date(2026, 11, 27))
    assert "note: their timeline, 'when the budget is approved', cannot be read as a date" in decision.notices[-1]
    assert "one-week default" in decision.notices[-1]
    assert all("timeline" not in line for line in timing_decision(notes(timeline="by December 5"), "thank-you", D).notices)
