"""Valid notes always get read: headers as people type them (issue 16: 'valid notes always get a draft')."""

from __future__ import annotations

import datetime as dt

from draft.notes import parse_notes

TODAY = dt.date(2026, 12, 6)


def test_a_quoted_nickname_and_a_role_in_brackets_are_not_part_of_the_name():
    notes = parse_notes('---\ninterviewer: Chef Nicolas "Nick" Laurent, Jolene Marsh (practice mgr, MICU)\ncompany: Acme\nrole: Cook\nsender: Harold "Hal" Brennan\n---\n- the menu', today=TODAY)
    assert notes.interviewers == ["Chef Nicolas Laurent", "Jolene Marsh"]
    assert notes.sender == "Harold Brennan"


def test_front_matter_that_is_not_yaml_is_read_as_key_value_lines():
    notes = parse_notes('---\ninterviewer: Ana "Annie" Ruiz: HR\ncompany: Acme: the good one\nrole: Analyst\n---\n- the data', today=TODAY)
    assert notes.company.startswith("Acme")
    assert notes.role == "Analyst"


def test_header_keys_typed_loosely_are_read():
    notes = parse_notes("**interviewer:** Hélène Marchetti\nCOMPANY - Maison Duval\nrole:: Pastry Cook\n\n- lamination by hand", today=TODAY)
    assert (notes.interviewers, notes.company, notes.role) == (["Hélène Marchetti"], "Maison Duval", "Pastry Cook")


def test_a_date_written_with_words_around_it_is_read_and_an_unreadable_one_is_a_warning():
    notes = parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\ninterview_date: Dec 3 (modeling test + final round)\n\n- x y z", today=TODAY)
    assert notes.interview_date == dt.date(2026, 12, 3)
    vague = parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\ninterview_date: first week of march, the thursday\n\n- x y z", today=TODAY)
    assert vague.interview_date is None and "interview_date" in vague.warnings[0]


def test_a_voice_memo_of_one_long_paragraph_is_read_sentence_by_sentence():
    memo = " ".join(["so we talked about the night shift and the new unit and how they do handoffs at the bedside."] * 20)
    notes = parse_notes(f"interviewer: Ana Ruiz\ncompany: Acme\nrole: Nurse\n\n{memo}", today=TODAY)
    assert len(notes.units) >= 20 and all(len(u.text) < 200 for u in notes.units)
