"""draft plan against a table of cases: expected dates and rule ids (RULES.md T1-T7)."""

import datetime as dt

import pytest

from draft.notes import parse_notes
from draft.plan import build_plan, parse_timeline, timing_advice, timing_refusal

D = dt.date(2026, 11, 20)  # a Friday


def notes(extra: str = "", timeline: str | None = None):
    head = "---\ninterviewer: Dana Lee\ncompany: Acme\nrole: Buyer\ninterview_date: 2026-11-20\n"
    if timeline:
        head += f"timeline: {timeline}\n"
    return parse_notes(head + extra + "---\n- supplier pricing\n")


def steps(plan):
    return [(s.kind, s.date.isoformat(), s.status, s.rules[0] if s.rules else None) for s in plan.steps]


CASES = [
    ("no timeline, day of the interview", "", None, "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-11-27", "upcoming", "T4"),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
    ("timeline on a Saturday moves to Monday", "", "by December 5", "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-12-07", "upcoming", "T3"),
      ("second-check", "2026-12-14", "upcoming", "T4"), ("stop", "2026-12-21", "stop", "T5")]),
    ("timeline passed, thank-you window missed", "", "within a week", "2026-12-01",
     [("thank-you", "2026-11-21", "missed", "T1"), ("status-check", "2026-12-01", "due", "T3"),
      ("second-check", "2026-12-08", "upcoming", "T4"), ("stop", "2026-12-15", "stop", "T5")]),
    ("thank-you sent, first check sent", "sent:\n  - {kind: thank-you, date: 2026-11-20}\n  - {kind: status-check, date: 2026-11-27}\n", None, "2026-12-02",
     [("thank-you", "2026-11-20", "sent", None), ("status-check", "2026-11-27", "sent", None),
      ("second-check", "2026-12-04", "upcoming", "T4"), ("stop", "2026-12-11", "stop", "T5")]),
    ("two checks sent: stop", "sent:\n  - {kind: thank-you, date: 2026-11-20}\n  - {kind: status-check, date: 2026-11-27}\n  - {kind: second-check, date: 2026-12-04}\n", None, "2026-12-05",
     [("thank-you", "2026-11-20", "sent", None), ("status-check", "2026-11-27", "sent", None),
      ("second-check", "2026-12-04", "sent", None), ("stop", "2026-12-11", "stop", "T5")]),
    ("reply received: stop", "sent:\n  - {kind: thank-you, date: 2026-11-20}\nreply: 2026-11-24\n", None, "2026-11-25",
     [("thank-you", "2026-11-20", "sent", None), ("stop", "2026-11-24", "stop", "T5")]),
    ("rejection: feedback, then keep in touch the next business day", "sent:\n  - {kind: thank-you, date: 2026-11-20}\nreply: 2026-11-27\nrejected: true\n", None, "2026-11-27",
     [("thank-you", "2026-11-20", "sent", None), ("feedback-request", "2026-11-27", "due", "F7"),
      ("stop", "2026-11-27", "stop", "T5"), ("keep-in-touch", "2026-11-30", "upcoming", "F7")]),
    ("same-day collision: timeline already passed on the thank-you day", "", "by November 19", "2026-11-20",
     [("thank-you", "2026-11-20", "due", "T1"), ("status-check", "2026-11-23", "upcoming", "T3"),
      ("second-check", "2026-11-30", "upcoming", "T4"), ("stop", "2026-12-07", "stop", "T5")]),
]


@pytest.mark.parametrize("name, extra, timeline, today, expected", CASES, ids=[c[0] for c in CASES])
def test_plan_table(name, extra, timeline, today, expected):
    plan = build_plan(notes(extra, timeline), dt.date.fromisoformat(today))
    assert steps(plan) == expected


@pytest.mark.parametrize("text, expected", [
    ("by December 5", "2026-12-05"), ("5th of January", "2027-01-05"), ("within two weeks", "2026-12-04"),
    ("in 10 business days", "2026-12-04"), ("next week", "2026-11-27"), ("by Friday", "2026-11-27"),
    ("2026-12-01", "2026-12-01"), ("a couple of weeks", "2026-12-04"), ("soon", None),
])
def test_parse_timeline(text, expected):
    result = parse_timeline(text, D)
    assert (result.isoformat() if result else None) == expected


@pytest.mark.parametrize("extra, timeline, today, kind, fragment", [
    ("", "by December 5", "2026-11-22", "status-check", "T3"),
    ("", None, "2026-11-22", "status-check", "appropriate from 2026-11-27"),
    ("sent:\n  - {kind: thank-you, date: 2026-11-20}\n  - {kind: status-check, date: 2026-11-27}\n  - {kind: second-check, date: 2026-12-04}\n", None, "2026-12-10", "status-check", "T5"),
    ("rejected: true\n", None, "2026-11-30", "status-check", "after a rejection"),
    ("", None, "2026-11-30", "feedback-request", "follows a rejection"),
    ("sent:\n  - {kind: thank-you, date: 2026-11-20}\n", None, "2026-11-20", "linkedin", "T7"),
])
def test_wrong_message_at_the_wrong_time_is_refused(extra, timeline, today, kind, fragment):
    n = notes(extra, timeline)
    assert fragment in (timing_refusal(build_plan(n, dt.date.fromisoformat(today)), kind, n) or "")


@pytest.mark.parametrize("extra, today, kind", [
    ("", "2026-11-20", "thank-you"), ("", "2026-11-27", "status-check"),
    ("sent:\n  - {kind: status-check, date: 2026-11-27}\n", "2026-12-04", "second-check"),
    ("rejected: true\n", "2026-12-01", "feedback-request"),
])
def test_right_message_at_the_right_time_is_allowed(extra, today, kind):
    n = notes(extra)
    assert timing_refusal(build_plan(n, dt.date.fromisoformat(today)), kind, n) is None


def test_late_thank_you_is_advice_not_a_refusal():
    n = notes()
    plan = build_plan(n, dt.date(2026, 11, 25))
    assert timing_refusal(plan, "thank-you", n) is None
    assert "T1" in timing_advice(plan, "thank-you")
    assert timing_advice(build_plan(n, dt.date(2026, 11, 21)), "thank-you") is None
