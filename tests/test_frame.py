"""The frame every message is written in (subject, greeting, sign-off) reads as a person writes it: what readers of
the panels marked in drafts whose sentences were otherwise fine (issue 16, round 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from draft.compose import plan_slots, render_message
from draft.notes import parse_notes
from tests.conftest import DraftCli

TODAY = dt.date(2026, 12, 6)


def _message(header: str, body: str = "- we talked about the spring schedule", kind: str = "thank-you", tone: str = "neutral") -> str:
    notes = parse_notes(f"{header}\n\n{body}", today=TODAY)
    return render_message(notes, kind, tone, plan_slots(notes, kind))


def test_the_subject_leaves_out_an_aside_in_brackets_the_role_carries():
    text = _message("interviewer: Ana Ruiz\ncompany: Acme\nrole: Dental Receptionist (part-time, 25 hrs)")
    assert text.splitlines()[0] == "Subject: Thank you for the Dental Receptionist interview"
    status = _message("interviewer: Ana Ruiz\ncompany: Acme\nrole: Courier (full time, company employee)", kind="status-check")
    assert "(" not in status.splitlines()[0] and "Courier" in status.splitlines()[0]


def test_a_company_that_ends_in_an_abbreviation_does_not_end_a_sentence_twice():
    text = _message("interviewer: Kenji Sato\ncompany: Driftwood Coffee Co.\nrole: Barista")
    assert "Co.." not in text and "Driftwood Coffee Co." in text
    assert "..." in render_message(parse_notes("interviewer: Kenji Sato\ncompany: Wait...\nrole: Barista\n\n- x y z", today=TODAY),
                                   "thank-you", "neutral", [])  # an ellipsis stays


def test_a_panel_with_no_titles_is_greeted_by_the_names_the_notes_call_them():
    header = "interviewer: Zoë Park, José María Echeverría, Siobhán Ní Bhriain\ncompany: Acme Foods\nrole: Process Engineer"
    body = "- Zoë asked about OEE\n- José María showed the seasoning drum\n- Siobhán asked about allergen validation"
    greeting = _message(header, body).splitlines()[2]
    assert greeting == "Dear Zoë, José María and Siobhán,"


def test_credentials_after_a_name_stay_out_of_the_greeting():
    text = _message("interviewer: Priyanka Deshmukh, PE, PTOE\ncompany: Carver & Lisle\nrole: Traffic Engineer")
    greeting = text.splitlines()[2]
    assert "PE" not in greeting and "PTOE" not in greeting and "Priyanka" in greeting
    assert "all" not in text.split("\n\n")[2].split()[:3]  # one person is not thanked as 'all'


def test_a_name_given_in_the_notes_signs_the_message():
    text = _message("interviewer: Callum Ferguson\ncompany: Ferguson & Sons\nrole: Apprentice Plumber", "- CSCS card\n- sender Ryan McInally, keep it short")
    assert text.rstrip().splitlines()[-1] == "Ryan McInally"


def _learned(notes, sentences: list[str]):
    from draft.understanding.models import NoteItem, Phrase

    items = [NoteItem(kind="topic", text=s, source=f"line {i}", phrase=Phrase(text=s, shape="sentence")) for i, s in enumerate(sentences)]
    return notes.with_items(items)


def test_the_first_sentence_that_recalls_the_conversation_says_no_also():
    notes = _learned(parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\n\n- x y z", today=TODAY),
                     ["I also enjoyed hearing about the new LIMS rollout."])
    text = render_message(notes, "thank-you", "neutral", plan_slots(notes, "thank-you"))
    assert "I enjoyed hearing about the new LIMS rollout." in text and "also enjoyed" not in text


def test_with_no_topic_the_first_point_to_add_says_no_also_either():
    from draft.understanding.models import NoteItem, Phrase

    notes = parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\n\n- x y z", today=TODAY)
    point = "I also wanted to mention that I have my food handler card."
    notes = notes.with_items([NoteItem(kind="forgot", text=point, source="forgot my food handler card", phrase=Phrase(text=point, shape="sentence"))])
    text = render_message(notes, "thank-you", "neutral", plan_slots(notes, "thank-you"))
    assert "I wanted to mention that I have my food handler card." in text and "also wanted" not in text


def test_sentences_that_open_alike_give_way_to_one_that_opens_otherwise():
    sentences = ["I enjoyed discussing the LIMS rollout.", "I enjoyed discussing the night shift.",
                 "I enjoyed discussing the audit findings.", "Thank you for showing me the stability chambers."]
    notes = _learned(parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\n\n- x y z", today=TODAY), sentences)
    said = [slot.item for slot in plan_slots(notes, "thank-you") if slot.group == "topics"]
    assert "Thank you for showing me the stability chambers." in said
    assert sum(s.startswith("I enjoyed discussing") for s in said) == len(said) - 1


@pytest.mark.parametrize("header, greeting", [
    ("Dr. Ana van der Berg", "Dear Dr. van der Berg,"),
    ("Dr. Ana van der Berg, CCC-SLP", "Dear Dr. van der Berg,"),
    ("Prof. José de la Cruz", "Dear Professor de la Cruz,"),
])
def test_a_titled_family_name_of_several_words_is_greeted_whole(header, greeting):
    assert _message(f"interviewer: {header}\ncompany: Riverside Clinic\nrole: Therapist").splitlines()[2] == greeting


@pytest.mark.parametrize("header, greeting", [
    ("Dr. Ana van der Berg, CCC-SLP", "Dear Dr. van der Berg,"),
    ("Maria Lopez, CEO", "Dear Maria,"),
    ("Dana Lee, CFA and Bo Kim", "Dear Dana and Bo,"),
])
def test_a_name_with_letters_after_it_is_greeted_and_the_greeting_passes_every_hard_rule(tmp_path, header, greeting):
    cli = DraftCli(tmp_path)
    notes = cli.notes(f"interviewer: {header}\ncompany: Riverside Clinic\nrole: Analyst\n\n- we talked about the caseload")
    result = cli("--notes", notes, "--strategy", "template", "--no-history", "--today", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[2] == greeting
