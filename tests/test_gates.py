"""The gates of the learned understanding: what a proposed sentence must pass before it is said."""

from __future__ import annotations

import pytest

from draft.text import fold
from draft.understanding.gates import agreeing_articles, claim_problem, fold_header, form_problem, gate, holds_pay, whose_problem
from draft.understanding.reading import CLASSES, SAYABLE_CLASSES, Reading, parse_answer

HEADER = fold_header(["Denise Okafor"], "St. Brendan's Regional Medical Center", "ICU Nurse")


def said(cls: str, say: str, unit: str, context: str = "") -> str | None:
    return gate(Reading(cls=cls, say=say), unit, HEADER, context).say


@pytest.mark.parametrize("cls", sorted(set(CLASSES) - SAYABLE_CLASSES))
def test_a_class_that_is_never_said_is_denied_whatever_the_sentence(cls):
    unit = "talked about their ECMO program and how they train in house"
    assert said(cls, "I enjoyed hearing about your ECMO program.", unit) is None


def test_a_sayable_class_with_a_grounded_sentence_is_said():
    unit = "talked about their ECMO program and how they train in house"
    assert said("topic", "I enjoyed hearing about your ECMO program and how you train in house.", unit) == \
        "I enjoyed hearing about your ECMO program and how you train in house."


@pytest.mark.parametrize("unit", ["ratio 1:2, pay is $52/hr plus night diff", "base 95k + bonus", "20 an hour to start", "£30,000 and a car"])
def test_a_unit_that_holds_pay_is_never_said_even_when_the_model_calls_it_a_topic(unit):
    assert holds_pay(unit)
    assert said("topic", "I enjoyed hearing about the ratio.", unit) is None


def test_a_name_or_term_the_notes_do_not_hold_is_rejected():
    unit = "talked about the new charting system"
    assert said("topic", "I enjoyed hearing about your move to Epic charting.", unit) is None
    assert said("topic", "I enjoyed hearing about your new charting system.", unit) is not None


def test_a_number_the_unit_does_not_hold_is_rejected():
    unit = "precepted new grads last yr"
    assert said("my_answer", "I precepted 4 new graduates last year.", unit) is None
    assert said("my_answer", "I precepted new graduates last year.", unit) is not None


def test_shorthand_typos_and_other_forms_count_as_the_same_word():
    unit = "mgmt asked abt migrating pts to the new bldg, managment is worried"
    assert said("their_question", "Thank you for asking about migrating patients to the new building.", unit) is not None


def test_a_paraphrase_may_add_at_most_two_ordinary_words():
    unit = "asked how I handle a crashing pt at 3am"
    assert said("their_question", "I appreciated your question about how I handle a crashing patient at 3am.", unit) is not None
    many = "I appreciated your question about how I calmly coordinate rapid response teams and families for a crashing patient at 3am."
    assert said("their_question", many, unit) is None


def test_the_heading_and_the_line_before_ground_a_sentence_too():
    unit = "A: I'd call the charge nurse first"
    context = "Q&A\nQ: what if a family member is aggressive"
    assert said("my_answer", "If a family member became aggressive, I would call the charge nurse first.", unit, context) is not None


@pytest.mark.parametrize("say", ["i enjoyed it", "enjoyed hearing about your ECMO program", "SKIP.", "I enjoyed hearing about your ECMO program and " * 6 + "it."])
def test_a_sentence_that_is_not_finished_prose_is_rejected(say):
    assert said("topic", say, "talked about their ECMO program") is None


def test_the_model_answer_is_read_strictly():
    assert parse_answer("class: topic\nsay: I enjoyed it a lot.").say == "I enjoyed it a lot."
    assert parse_answer("class: pay\nsay: I enjoyed hearing about the pay.").say is None  # never said, whatever follows
    assert parse_answer("class: banana\nsay: Hello there friend.").cls == "other"
    assert parse_answer("class: topic\nsay: SKIP").say is None
    assert parse_answer("nonsense").cls == "other"


def test_a_sentence_that_loops_is_rejected():
    unit = "they're moving LIMS from paper → LabWare Q3."
    assert said("topic", "I was glad to hear that the LIMS from paper to LabWare is moving from paper to LabWare.", unit) is None
    assert said("my_answer", "I used Civil 3D for the alignment alignments already.", "I used Civil 3D for the alignments already") is None
    assert said("topic", "I was glad to hear that you are moving your LIMS from paper to LabWare.", unit) is not None


def test_a_word_before_a_short_word_it_starts_with_is_no_loop():
    """'interested in', 'training in', 'answer an': a stop word after a word that starts with it is not a repeat."""
    assert form_problem("I am very interested in the role and look forward to hearing from you.") is None
    assert form_problem("I enjoyed hearing about the training in your ICU and the answer an RN gave.") is None
    assert form_problem("I used Civil 3D for the alignment alignments already.") is not None


def test_a_short_word_is_no_abbreviation_of_an_invented_one():
    unit = "asked me about KF titration, said no, volumetric only"
    assert said("their_question", "I appreciated your question about KF titration, a no-cloumous option.", unit) is None


def test_whom_a_sentence_addresses_is_not_the_models_to_choose():
    """The reader's 'Dr. Feldstein, I enjoyed ...' addressed the wrong panel member: a leading form of address that
    names an interviewer is dropped; any other opening is kept as written."""
    from draft.understanding.gates import without_vocative

    people = fold("Dr. Hana Seo; José María Ortega")
    assert without_vocative("Dr. Seo, I appreciated your question on scale-up.", people) == "I appreciated your question on scale-up."
    assert without_vocative("José María, thank you for asking about FAT.", people) == "Thank you for asking about FAT."
    assert without_vocative("Northwind, as a company, runs 40 DAGs.", people) == "Northwind, as a company, runs 40 DAGs."
    assert without_vocative("Airflow, Kafka and dbt came up.", people) == "Airflow, Kafka and dbt came up."
    assert without_vocative("I enjoyed it, Dr. Seo.", people) == "I enjoyed it, Dr. Seo."
    reading = Reading(cls="their_question", say="Hana, I appreciated your question on dynamic binding capacity.")
    verdict = gate(reading, "Hana asked about dynamic binding capacity", fold_header(["Dr. Hana Seo"], "Acme Bio", "Scientist"), people=fold("Dr. Hana Seo"))
    assert verdict.say == "I appreciated your question on dynamic binding capacity."


def test_a_line_asking_for_something_to_be_said_is_worded_and_one_asking_to_leave_something_out_never_is():
    from draft.understanding.line_classifier import LineGuess
    from draft.understood import ASKED_FLOOR, SAY_FLOOR, worth_wording

    asked = LineGuess(cls="instruction", confidence=0.9, say=ASKED_FLOOR)
    assert worth_wording(asked, "mention tour + the SCADA upgrade he talked about")
    for line in ("don't mention the money", "do not bring up the commute", "never say I was nervous", "leave out the overtime"):
        assert not worth_wording(asked, line), line
    assert not worth_wording(LineGuess(cls="instruction", confidence=0.9, say=ASKED_FLOOR / 2), "mention the tour")
    assert not worth_wording(LineGuess(cls="pay", confidence=0.9, say=0.99), "mention 41/hr")
    assert worth_wording(LineGuess(cls="topic", confidence=0.9, say=SAY_FLOOR), "the new LIMS")


@pytest.mark.parametrize("sentence, said", [
    ("Thank her for the lab tour.", False), ("Mention the SCADA upgrade.", False), ("Say I am still interested.", False),
    ("Thank you for the lab tour.", True), ("I would be excited to use the new XPS.", True),
    ("Your point about allergen validation stayed with me.", True), ("It was great to see the test bay.", True),
])
def test_a_sentence_from_an_instruction_is_said_only_to_the_reader(sentence, said):
    from draft.understood import to_the_reader

    assert to_the_reader(sentence) is said


def test_an_instruction_holding_pay_or_logistics_is_kept_back_by_the_rules():
    from draft.understood import rules_private

    for line in ("mention my salary expectations", "mention the commute is long", "mention I have a competing offer"):
        assert rules_private(line), line
    assert not rules_private("mention tour + the SCADA upgrade he talked about")


@pytest.mark.parametrize("sentence", [
    "I enjoyed our plant tour of a conventional, coag/floc/sed, dual media filter plant.",
    "I enjoyed discussing how I check pipe gradient min.velocity on a scheme.",
    "I enjoyed talking w/ your team about the night shift.",
])
def test_notes_shorthand_left_in_a_sentence_is_not_said(sentence):
    reading = Reading(cls="topic", say=sentence)
    assert gate(reading, sentence, "").say is None


@pytest.mark.parametrize("sentence", ["I enjoyed hearing about the move to Synchro/SimTraffic.", "I can work days and/or nights on the unit."])
def test_names_and_acronyms_joined_by_a_slash_are_not_shorthand(sentence):
    assert gate(Reading(cls="topic", say=sentence), sentence, "").say == sentence


@pytest.mark.parametrize(("say", "line", "problem"), [
    ("I appreciated your question about the Xuri W25 and Prodigy.", "she told me they run the Xuri W25 and the Prodigy", "they asked"),
    ("I did not complete a Phase I in the US yet.", "I did not do a Phase I in the US yet", "I lack"),
    ("I have no experience in house with Figma.", "no experience in house w figma", "I lack"),
    ("I enjoyed hearing about the FDA 2026 transition in 2026.", "FDA 2026 transition, QMSR", "figure twice"),
    ("I was glad to keep it at 10% breakthrough and a DBC at 10%.", "residence time at 10% breakthrough, DBC", "figure twice"),
])
def test_a_claim_the_line_does_not_make_is_not_said(say, line, problem):
    verdict = gate(Reading(cls="topic", say=say), line, "")
    assert verdict.say is None and verdict.reason.startswith("claim:")
    assert claim_problem(say, line) is not None


@pytest.mark.parametrize(("say", "line"), [
    ("I appreciated your question about how I would handle a late driver.", "q: how would i handle a late driver"),
    ("Thank you for asking about my HPLC work.", "she asked abt my hplc work"),
    ("I have not used Experion yet, but I learn new systems quickly.", "never used experion only deltav but he said they train"),
    ("I was glad to hear about the 70/30 split of brand and performance.", "70/30 brand vs performance split"),
])
def test_a_claim_the_line_makes_passes(say, line):
    assert claim_problem(say, line) is None


@pytest.mark.parametrize(("say", "line"), [
    ("I enjoyed hearing about your grant work in Lagos and the field surveys.", "she asked about my grant work in Lagos, the field surveys"),
    ("I enjoyed hearing about your night audits at the two hotels.", "he liked that I've done night audits at two hotels, they have 4"),
    ("I was glad to talk about your forklift certification.", "told him I have my forklift cert, 6 yrs"),
    ("I enjoyed hearing about your test loop.", "I ran my test loop for the customer before"),
])
def test_a_sentence_that_gives_the_reader_what_the_line_says_is_mine_is_not_said(say, line):
    verdict = gate(Reading(cls="topic", say=say), line, "")
    assert verdict.say is None and "mine" in verdict.reason


@pytest.mark.parametrize(("say", "line"), [
    ("I enjoyed hearing about your grant work in Lagos.", "she told me about their grant work in Lagos"),
    ("I appreciated your questions about my grant work in Lagos.", "she asked about my grant work in Lagos"),
    ("I enjoyed hearing how your team moved to night audits.", "they moved to night audits after I left"),
    ("I enjoyed seeing your test loop.", "they have test loop for 3000 hp. I said I did performance test witness before"),
])
def test_a_sentence_that_keeps_whose_it_is_passes(say, line):
    assert whose_problem(say, line) is None


@pytest.mark.parametrize(("say", "agreed"), [
    ("I am working toward a RSA this winter.", "I am working toward an RSA this winter."),
    ("I hold a L1 certificate and an CPR card.", "I hold an L1 certificate and a CPR card."),
    ("It was a interview I enjoyed.", "It was an interview I enjoyed."),
    ("I hold a HACCP Level 2 certificate.", "I hold a HACCP Level 2 certificate."),  # may be read as a word: left
    ("I have a university degree and an hour a day.", "I have a university degree and an hour a day."),
    ("We talked through 3-A and EHEDG principles.", "We talked through 3-A and EHEDG principles."),
])
def test_a_or_an_agrees_with_how_the_next_word_sounds(say, agreed):
    assert agreeing_articles(say) == agreed
    assert gate(Reading(cls="my_fit", say=say), say, "").say in (agreed, None)


@pytest.mark.parametrize("say", ["I also wanted to mention that my wife is a doctor with a residency here.",
                                 "I can work nights because my husband takes care of the kids.",
                                 "I would need to leave early for school pickup on Fridays."])
def test_a_sentence_about_my_family_is_never_said(say):
    verdict = gate(Reading(cls="my_answer", say=say), say, "")
    assert verdict.say is None and "family" in verdict.reason


def test_a_sentence_about_their_families_is_said():
    say = "I would be glad to help the Spanish-speaking families you serve."
    assert gate(Reading(cls="my_fit", say=say), "i speak spanish, half their families speak spanish", "").say == say


def test_an_instruction_is_worded_and_reaches_the_gates_only_as_a_point_to_add():
    from draft.understood import said_as

    worded = parse_answer("class: instruction\nsay: I also wanted to mention that I have my CSCS card.")
    assert worded.say == "I also wanted to mention that I have my CSCS card."  # the adapter words what a line asks to say
    assert gate(worded, "mention i have my CSCS card", "").say is None  # as an instruction, never said
    point = said_as(worded)
    assert point.cls == "forgot" and point.say == worded.say
    assert gate(point, "mention i have my CSCS card", "").say == worded.say
    assert said_as(parse_answer("class: topic\nsay: I enjoyed the tour.")).cls == "topic"
    for private in ("pay", "remark", "feeling", "logistics", "other"):
        assert parse_answer(f"class: {private}\nsay: I enjoyed hearing about it.").say is None
