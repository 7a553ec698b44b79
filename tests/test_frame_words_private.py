"""Valid notes always get a draft: a private line that holds the frame's own words never fails the frame (P1)."""

from __future__ import annotations

import pytest

from draft.loop import Settings, write_draft
from draft.notes import parse_notes

NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Data Engineer
sender: Alex Moreno
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow

## private
- thank you email must go out tonight, they said next steps in a week, I look forward to the opportunity honestly
- subject line: thank you for the interview, position at the team, very interested
"""


def test_a_private_line_made_of_the_frames_words_does_not_stop_the_template():
    notes = parse_notes(NOTES)
    assert any("next steps" in line for line in notes.private)
    result = write_draft(notes, None, Settings(kind="thank-you", strategy="template"))
    assert result.report.passed
    assert "next steps" in result.text and "Thank you" in result.text  # the frame said its own words


def test_a_private_line_is_still_caught_when_its_own_words_are_said():
    from draft.guardrails import check_draft

    notes = parse_notes(NOTES.replace("honestly", "because the commute to Riverside is awful"))
    text = "Subject: Thank you\n\nDear Dana,\n\nThank you for the conversation. The commute to Riverside is awful, honestly.\n\nBest regards,\nAlex Moreno\n"
    assert "P1" in check_draft(text, notes, "thank-you").failed_rules


@pytest.mark.parametrize("kind", ["thank-you", "status-check", "second-check", "handwritten", "linkedin", "phone", "feedback-request", "keep-in-touch"])
def test_every_kind_drafts_when_nothing_in_the_notes_can_be_said(kind):
    """Precision first, never nothing (issue 16): every kind's frame makes a message that passes every hard rule
    (a card's minimum length too) when the notes hold nothing sayable."""
    notes = parse_notes(NOTES.split("## What we discussed")[0] + "## private\n- salary seemed low\n")
    result = write_draft(notes, None, Settings(kind=kind, strategy="template"))
    assert result.report.passed and result.recalled == 0 and "salary" not in result.text
