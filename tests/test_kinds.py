"""Every kind of message: its template passes its own rules; its kind-specific rules catch bad drafts."""

import pytest

from draft.guardrails import check_draft
from draft.kinds import kinds
from draft.loop import Settings, write_draft
from draft.notes import read_notes_file
from tests.conftest import EXAMPLES

KINDS = list(kinds())


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("notes_path", EXAMPLES, ids=lambda p: p.name)
def test_template_for_each_kind_passes_that_kinds_rules(kind, notes_path):
    notes = read_notes_file(notes_path)
    result = write_draft(notes, None, Settings(kind=kind, strategy="template"))
    report = check_draft(result.text, notes, kind)
    assert report.passed, [v.format() for v in report.hard]
    assert notes.company in result.text


@pytest.mark.parametrize("tone, marker", [("formal", "Sincerely"), ("warm", "Warm regards"), ("neutral", "Best regards")])
def test_tone_changes_the_wording(notes, tone, marker):
    assert marker in write_draft(notes, None, Settings(strategy="template", tone=tone)).text


def test_industry_sets_the_default_tone(notes):
    conservative = notes.model_copy(update={"industry": "conservative"})
    assert "Sincerely" in write_draft(conservative, None, Settings(strategy="template")).text


def _failed(text, notes, kind):
    return check_draft(text, notes, kind).failed_rules


def test_status_check_must_ask_about_next_steps(notes):
    text = write_draft(notes, None, Settings(kind="status-check", strategy="template")).text
    assert _failed(text, notes, "status-check") == []
    bad = text.replace("Could you let me know if there is any update?", "I am still here.")
    assert "T6" in _failed(bad, notes, "status-check")


def test_handwritten_note_length_and_no_subject_needed(notes):
    text = write_draft(notes, None, Settings(kind="handwritten", strategy="template")).text
    assert not text.startswith("Subject:") and _failed(text, notes, "handwritten") == []
    padded = text.replace("I appreciate your time and consideration.", "I appreciate your time and consideration. " + "It was a long and good day. " * 20)
    assert "L1" in _failed(padded, notes, "handwritten")


def test_linkedin_message_is_short(notes):
    text = write_draft(notes, None, Settings(kind="linkedin", strategy="template")).text
    assert _failed(text, notes, "linkedin") == []
    assert "L1" in _failed(text.replace("stay connected.", "stay connected. " + "We covered a great deal of ground together. " * 15), notes, "linkedin")


def test_phone_script_has_call_and_voicemail_each_short(notes):
    text = write_draft(notes, None, Settings(kind="phone", strategy="template")).text
    assert "Call script:" in text and "Voicemail:" in text and _failed(text, notes, "phone") == []
    assert "L2" in _failed(text.split("Voicemail:")[0], notes, "phone")
    assert "L2" in _failed(text.replace("Thank you for your time.", "Thank you for your time. " + "I enjoyed the visit. " * 30, 1), notes, "phone")


def test_feedback_request_never_asks_what_went_wrong(notes):
    text = write_draft(notes, None, Settings(kind="feedback-request", strategy="template")).text
    assert _failed(text, notes, "feedback-request") == []
    assert "F7" in _failed(text.replace("Thank you again for your time", "Could you tell me why I was not selected? Thank you again for your time"), notes, "feedback-request")


def test_status_check_is_shorter_than_the_thank_you(notes):
    thank_you = write_draft(notes, None, Settings(strategy="template")).text
    status = write_draft(notes, None, Settings(kind="status-check", strategy="template")).text
    assert len(status.split()) < len(thank_you.split())
