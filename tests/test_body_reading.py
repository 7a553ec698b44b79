"""The whole-body reading's pure parts: which lines the body model may see, and which of its sentences are kept."""

from __future__ import annotations

import json

from draft.adapters import adapter_for
from draft.notes import parse_notes
from draft.understanding.body_reading import body_user_text, gated_body, shown_units
from draft.understanding.reading import UnitContext
from training.train_body import reference_body

NOTES = """---
interviewer: Dana Whitfield
company: Harbor Freight Logistics
role: Dispatcher
---
## What we discussed
- she walked me through their TMW dispatch board and the night shift handoff
- they want someone who can run 40 trucks on the board
- offered $24/hr, I was hoping for 27

## Notes to self
- honestly she seemed rushed and a bit cold
"""

CONTEXT = UnitContext(kind="thank-you", interviewers=["Dana Whitfield"], company="Harbor Freight Logistics", role="Dispatcher")


def test_the_body_model_never_sees_pay_or_a_private_section():
    notes = parse_notes(NOTES)
    shown = [unit.text for unit in shown_units("thank-you", notes.units)]
    assert any("TMW dispatch board" in text for text in shown)
    assert not any("$24" in text for text in shown)
    assert not any("rushed" in text for text in shown)
    prompt = body_user_text(CONTEXT, shown_units("thank-you", notes.units))
    assert "Harbor Freight Logistics" in prompt and "TMW" in prompt and "$24" not in prompt and "cold" not in prompt


def test_a_line_the_notes_ignore_is_not_shown():
    notes = parse_notes(NOTES)
    first = notes.units[0].text
    assert first not in [unit.text for unit in shown_units("thank-you", notes.units, {first})]


def test_a_sentence_the_lines_do_not_support_is_left_out_and_the_rest_kept():
    units = shown_units("thank-you", parse_notes(NOTES).units)
    body = ("Thank you for walking me through your TMW dispatch board and the night shift handoff.\n\n"
            "I also enjoyed hearing about your partnership with Maersk in Rotterdam. I look forward to hearing from you.")
    kept, report = gated_body(body, units, CONTEXT)
    assert "TMW dispatch board" in kept
    assert "Maersk" not in kept and "Rotterdam" not in kept
    assert "I look forward to hearing from you." in kept
    dropped = [sentence for sentence in report if not sentence.kept]
    assert len(dropped) == 1 and "Maersk" in dropped[0].text and dropped[0].reason


def test_a_sum_the_lines_never_showed_is_left_out():
    units = shown_units("thank-you", parse_notes(NOTES).units)
    kept, _ = gated_body("I was hoping for 27 dollars an hour on the night shift.", units, CONTEXT)
    assert kept == ""


def test_a_sentence_after_a_title_is_gated_whole():
    """Sentences are the guardrails' own (draft.text.sentences): 'Dr. Seo' does not end one."""
    notes = parse_notes(NOTES.replace("Dana Whitfield", "Dr. Dana Seo"))
    context = CONTEXT.model_copy(update={"interviewers": ["Dr. Dana Seo"]})
    _, report = gated_body("I met Dr. Seo today about the TMW dispatch board. It went well!", shown_units("thank-you", notes.units), context)
    assert [sentence.text for sentence in report] == ["I met Dr. Seo today about the TMW dispatch board.", "It went well!"]


def test_the_reference_body_drops_subject_greeting_and_sign_off():
    message = "Subject: Thank you\n\nDear Ms. Okafor,\n\nThank you for meeting me.\n\nI look forward to it.\n\nBest regards,\nKayla Brunner"
    assert reference_body(message) == "Thank you for meeting me.\n\nI look forward to it."
    linkedin = "Hi Nhung, it was great meeting you at the fair. I applied for the role.\n\nThanks,\nAn"
    assert reference_body(linkedin) == "It was great meeting you at the fair. I applied for the role."
    panel = "Subject: Thank you\n\nDear Rohit, Aisling and Chen,\n\nThank you for the panel interview.\n\nBest regards,\nAn"
    assert reference_body(panel) == "Thank you for the panel interview."


def test_an_adapter_is_found_only_for_its_task(tmp_path, monkeypatch):
    base = tmp_path / "base.gguf"
    base.write_bytes(b"GGUF" + b"\0" * 60)
    folder = tmp_path / "adapters"
    folder.mkdir()
    for task in ("understanding", "body"):
        (folder / f"{task}.gguf").write_bytes(b"GGUF")
        (folder / f"{task}.json").write_text(json.dumps({"task": task, "model": "x", "base_gguf": "base.gguf", "base_size": 64, "adapter_sha256": "0"}))
    monkeypatch.setattr("draft.adapters.data_dir", lambda name: folder)
    assert adapter_for(base) == folder / "understanding.gguf"
    assert adapter_for(base, "body") == folder / "body.gguf"
    assert adapter_for(base, "other") is None


def test_the_model_uses_both_cores_of_a_two_core_machine_and_half_of_more(monkeypatch):
    from draft.model import default_threads

    for cores, wanted in ((1, 1), (2, 2), (4, 2), (8, 4), (16, 8)):
        monkeypatch.setattr("os.cpu_count", lambda cores=cores: cores)
        assert default_threads() == wanted
