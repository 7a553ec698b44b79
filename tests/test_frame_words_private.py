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
    assert "look forward" in result.text and "Thank you" in result.text  # the frame said its own words


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


@pytest.mark.parametrize("notes", [
    # a private line that suggests the greeting: the greeting's salutation and title are the frame's own words
    "interviewer: Pekka Virtanen\ncompany: Nordlys Frames\nrole: picture framer\n\n## What we discussed\n"
    "- he showed me the mat cutter and the conservation glazing\n\n## Notes to self\n- Pekka is old school, maybe \"Dear Mr. Virtanen\".\n",
    # a Spanish name greeted by its first family name, as the notes call him (C1 takes any given or family name)
    "interviewer: Luis Alberto Fernández de la Torre (partner)\ncompany: Halvorsen Legal\nrole: paralegal\ntone: formal\n\n"
    "- Mr. Fernández talked about the discovery backlog and the new review platform\n",
    # a family name with particles the notes write with a title, not in the header: the greeting takes all of it
    "interviewers: Thu Nguyễn, Rafael de la Cruz\ncompany: Harbor County Procurement\nrole: Buyer II\ntone: formal\n\n"
    "- Ms. Nguyễn walked me through bid tabulation\n- Mr. de la Cruz asked how I would handle a vendor protest\n",
])
def test_valid_notes_get_a_draft_however_the_greeting_is_written(notes):
    result = write_draft(parse_notes(notes), None, Settings(kind="thank-you", strategy="template"))
    assert result.report.passed
    greeting = result.text.split("\n\n")[1]
    assert greeting.startswith(("Dear Mr. ", "Dear Ms. "))
    assert "Mr. de," not in greeting  # never the first particle alone


def test_the_words_a_person_may_be_greeted_by_leave_out_titles_and_particles_but_never_the_last_word():
    from draft.notes import name_words

    assert name_words("Luis Alberto Fernández de la Torre") == ["Luis", "Alberto", "Fernández", "Torre"]
    assert name_words("Pieter van der Berg") == ["Pieter", "Berg"]
    assert name_words("Dr. Ana-María Núñez") == ["Ana-María", "Núñez"]
    assert name_words("Dana hydroponic") == ["Dana", "hydroponic"]  # a family name written in lower case is still one


@pytest.mark.parametrize("tone", ["formal", "neutral", "warm"])
def test_a_private_line_that_shares_the_sign_off_does_not_stop_the_frame(tone):
    """'Sincerely,' and 'Best regards,' are the frame's words: a private 'sincerely gutted' never makes them a leak."""
    head = NOTES.split("## private")[0].replace("sender: Alex Moreno", f"sender: Alex Moreno\ntone: {tone}")
    notes = parse_notes(head + "## private\n- sincerely gutted, best regards to the warm team i will never join\n")
    assert notes.tone == tone
    for kind in ("keep-in-touch", "thank-you"):
        result = write_draft(notes, None, Settings(kind=kind, strategy="template"))
        assert result.report.passed and "gutted" not in result.text


@pytest.mark.parametrize("role", ["Site Civil Eng (grad)", "Asst. Mgr (nights)"])
def test_shorthand_in_the_role_the_frame_writes_without_its_aside_does_not_stop_the_template(role):
    """P2 skips the notes' own names; the role as the frame writes it in prose ('Site Civil Eng', its aside left out) is
    one of them, so its shorthand is the job's title, not a pasted note."""
    notes = parse_notes(NOTES.replace("role: Data Engineer", f"role: {role}"))
    result = write_draft(notes, None, Settings(kind="thank-you", strategy="template"))
    assert result.report.passed
    assert role.split(" (")[0] in result.text


def test_a_title_in_the_interviewers_name_the_greeting_keeps_does_not_stop_the_template():
    """'Eng. Tunde Bakare' is greeted 'Dear Eng. Bakare': the greeting's form of a name is the notes' own name too."""
    notes = parse_notes(NOTES.replace("interviewer: Dana Whitfield", "interviewer: Eng. Tunde Bakare"))
    result = write_draft(notes, None, Settings(kind="thank-you", strategy="template"))
    assert result.report.passed
    assert "Dear Eng. Bakare" in result.text
