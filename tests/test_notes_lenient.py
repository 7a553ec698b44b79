"""Valid notes always get read: headers as people type them (issue 16: 'valid notes always get a draft')."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_a_spoken_run_on_with_no_stops_is_split_where_the_speaker_pauses():
    memo = ("ok so um just left the shop and it went good he asked how many years I been mowing and I told him since I was "
            "sixteen with forty yards of my own um he needs a crew lead for a three man crew and the schedule is on the iPad "
            "uh he asked about irrigation and I said I done repairs not installs and he said that is fine they got a guy")
    notes = parse_notes(f"interviewer: Wade Tillery\ncompany: Tillery Lawn\nrole: Crew Lead\n\n{memo}", today=TODAY)
    texts = [u.text for u in notes.units]
    assert len(texts) == 3
    assert texts[1].startswith("he needs a crew lead") and texts[2].startswith("he asked about irrigation")
    assert not any(" um " in f" {t} " or " uh " in f" {t} " for t in texts)


def test_a_short_line_that_says_um_is_left_whole():
    notes = parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\n\n- um, she asked about SQL joins and um window functions", today=TODAY)
    assert [u.text for u in notes.units] == ["um, she asked about SQL joins and um window functions"]


def test_the_senders_name_given_in_a_notes_line_signs_the_message():
    body = "- went well\n- sender Ryan McInally, keep it short, nae fuss"
    assert parse_notes(f"interviewer: Callum Ferguson\ncompany: Ferguson & Sons\nrole: Apprentice\n\n{body}", today=TODAY).sender == "Ryan McInally"
    named = parse_notes("interviewer: Mrs. Deborah Kwan\ncompany: Wonderwood\nrole: Associate\n\nshort thank you pls. my name is Aaliyah Brooks", today=TODAY)
    assert named.sender == "Aaliyah Brooks"
    header = parse_notes("interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\nsender: Li Wei\n\n- my name is Bob Stone", today=TODAY)
    assert header.sender == "Li Wei"  # the header's name wins


def test_a_line_that_only_mentions_signing_names_no_sender():
    for line in ("- i signed the NDA at the desk", "- I signed NDA and W-4 forms", "- the sender is me", "- from: the posting"):
        assert parse_notes(f"interviewer: Ana Ruiz\ncompany: Acme\nrole: Analyst\n\n{line}", today=TODAY).sender is None, line


def test_credentials_after_an_interviewers_name_are_not_another_interviewer():
    notes = parse_notes("interviewer: Priyanka Deshmukh, PE, PTOE\ncompany: Carver\nrole: Engineer\n\n- signal timing", today=TODAY)
    assert len(notes.interviewers) == 1
    panel = parse_notes("interviewer: Dana Lee, CFA and Bo Kim\ncompany: Carver\nrole: Analyst\n\n- the model", today=TODAY)
    assert len(panel.interviewers) == 2


@pytest.mark.parametrize(("header", "people", "greeting"), [
    ("interviewer: Ms. Janet Okafor, PharmD", ["Ms. Janet Okafor, PharmD"], "Ms. Okafor"),
    ("interviewer: Lena Park, MSc and Tom Reyes", ["Lena Park, MSc", "Tom Reyes"], None),
    ("interviewers: Farah Haddad, OTR/L; Jo Smith", ["Farah Haddad, OTR/L", "Jo Smith"], None),
    ("interviewers: Tom Reyes, Ed", ["Tom Reyes", "Ed"], None),  # a given name that is also a degree's letters
    ("interviewer: Lena Park, M.Ed., BCBA", ["Lena Park, M.Ed., BCBA"], None),  # dotted letters
    ("interviewer: Lena Park, M.S., CCC-SLP", ["Lena Park, M.S., CCC-SLP"], None),
    ("interviewers: Dale Furlong / Thanh Nguyen / C", ["Dale Furlong", "Thanh Nguyen", "C"], None),  # an initial, not 'Nguyen/C'
    ("interviewer: [Dr. Amir Sadeghi, PharmD, BCPS, Linnea van der Berg]", ["Dr. Amir Sadeghi, PharmD, BCPS", "Linnea van der Berg"], None),
])
def test_credentials_in_mixed_case_or_a_list_entry_of_their_own_stay_with_the_name_before(header, people, greeting):
    """Letters nameparser knows as a credential ('PharmD', 'MSc', 'OTR/L') are never a second interviewer, whether
    after a comma, split at a slash or given as a YAML list entry of their own."""
    from draft.compose import greeting_names

    notes = parse_notes(f"---\n{header}\ncompany: Wellbrook Pharmacy\nrole: Technician\n---\n- counting controlled substances", today=TODAY)
    assert notes.interviewers == people
    if greeting:
        assert greeting_names(notes) == greeting


@pytest.mark.parametrize(("field", "people"), [
    ("Luis Ortega, Sales Mgr", ["Luis Ortega"]),
    ("Luis Ortega - Sales Mgr", ["Luis Ortega"]),
    ("Mgr. Luis Ortega", ["Luis Ortega"]),
    ("Ana Ruiz, Hiring Manager and Tom Bell, Store Director", ["Ana Ruiz", "Tom Bell"]),
    ("Ana Ruiz - would be my manager", ["Ana Ruiz"]),
])
def test_a_job_title_written_beside_a_name_is_not_a_person(field, people):
    notes = parse_notes(f"interviewer: {field}\ncompany: Acme\nrole: Sales Associate\n\n- the floor plan", today=TODAY)
    assert notes.interviewers == people


def test_a_job_title_beside_a_name_in_a_yaml_list_is_left_out_too():
    notes = parse_notes("---\ninterviewer: [Mgr. Luis Ortega, Ana Ruiz - Store Director]\ncompany: Acme\nrole: Clerk\n---\n- the floor", today=TODAY)
    assert notes.interviewers == ["Luis Ortega", "Ana Ruiz"]


@pytest.mark.parametrize("field", ["Martin King, Sara Dean", "Dr. Ana Lee, Prof. Tom Bell", "Capt. Rosa Ruiz, Tom Bell"])
def test_names_that_end_in_a_word_like_a_title_stay_people(field):
    notes = parse_notes(f"interviewer: {field}\ncompany: Acme\nrole: Analyst\n\n- the data", today=TODAY)
    assert len(notes.interviewers) == 2 and notes.interviewers == [n.strip() for n in field.split(",")]


def test_the_senders_name_said_in_a_voice_memo_signs_the_message():
    memo = "ok so um it went well she asked about the driving okay um sender is Terrell Watkins I guess make it normal"
    assert parse_notes(f"interviewer: Shonda Baptiste\ncompany: Metro Courier\nrole: Dispatcher\n\n{memo}", today=TODAY).sender == "Terrell Watkins"
