"""The sendability measures: for each, a draft that trips it and one that does not."""

from pathlib import Path

import pytest

from benchmarks.measures import Expectations, leaks, measure, missing, notes_header, seams, sender_of, unsigned, unsupported
from benchmarks.runner import load_cases

NOTES = """---
interviewer: Tom Brennan
company: Quillstack
role: Backend Engineer
interview_date: 2026-11-17
sender: Ayesha Siddiqui
---
## What we talked about
- their Kafka -> Flink migration for the billing events pipeline
- Tom asked how I handle handoffs between time zones
- team is 6 ppl, mgr wants it done by Q2
## Concerns
- he thinks I'm too junior for the Scala codebase
## Notes to self
- 30 min, video, camera kept freezing
- Sam was super relaxed
"""

GOOD = """Subject: Thank you for the Backend Engineer interview

Dear Tom Brennan,

Thank you for taking the time to speak with me about the Backend Engineer position at Quillstack.

I especially enjoyed our conversation about the Flink migration for the billing events pipeline, and your question about how I handle handoffs between time zones.

I am excited about the opportunity and look forward to hearing about the next steps.

Best regards,
Ayesha Siddiqui
"""


def body(sentence: str) -> str:
    return GOOD.replace("I am excited", sentence + " I am excited")


# --- leaks ---

def test_leaks_trip_on_a_private_remark_case_and_space_insensitively():
    assert leaks(body("Sam was  SUPER relaxed."), ["super relaxed"]) == ["super relaxed"]


def test_leaks_match_shorthand_as_whole_tokens_only():
    assert leaks(body("We talked w/ the team."), ["w/"]) == ["w/"]
    assert leaks(GOOD, ["w/", "abt"]) == []  # 'with', 'about' are not the tokens
    assert leaks("I manage a team of engineers.", ["eng"]) == []


def test_leaks_match_long_phrases_fuzzily():
    assert leaks(body("You think I'm too junior for the Scala code base."), ["thinks I'm too junior for the Scala codebase"])
    assert leaks(GOOD, ["thinks I'm too junior for the Scala codebase", "camera kept freezing"]) == []


def test_leaks_do_not_fuzzy_match_a_different_sentence():
    assert leaks("I am sure I would enjoy working with your team.", ["not sure I'd fit in"]) == []


# --- seams ---

@pytest.mark.parametrize("sentence", [
    "I especially enjoyed our conversation about discussed the onboarding flow.",
    "I also appreciated learning about she described the rotation.",
    "I enjoyed our conversation about talked abt their move to the cloud.",
    "I was glad to hear that i said i shipped instant payouts.",
    "I enjoyed our conversation about perio program: you want to start laser therapy.",
    "I enjoyed learning more about on-call is 1 week in 6.",
    "I especially enjoyed our conversation about for ages about the teen board.",
    "I particularly enjoyed discussing you're the design lead.",
    "I was also glad to hear that I validated an MSD panel.",
    "I enjoyed hearing about **SDK docs** and more.",
    "I enjoyed the [quickstart](https://example.com/q) you showed me.",
    "We covered three things, 2. the pipeline and more.",
])
def test_seams_trip_on_a_raw_note_after_a_frame(sentence):
    assert seams(body(sentence), NOTES), sentence


def test_seams_trip_on_a_quoted_notes_line():
    found = seams(body('On the point you raised, "he thinks I\'m too junior for the Scala codebase", I would be glad to say more.'), NOTES)
    assert any("quot" in f for f in found)


@pytest.mark.parametrize("sentence", [
    "I especially enjoyed our conversation about how incidents are reviewed.",
    "On the point you raised, I have been learning Scala since August.",
    "I was glad to hear that you are growing the team.",
    "I also appreciated learning about your move to the cloud.",
    "I was glad to hear that you want to grow the PhD intake by 25%.",
    "I especially enjoyed learning about its history.",
])
def test_seams_pass_a_rewritten_sentence(sentence):
    assert seams(body(sentence), NOTES) == []


def test_seams_pass_a_clean_draft():
    assert seams(GOOD, NOTES) == []


# --- unsupported ---

def test_unsupported_reports_words_the_notes_do_not_hold():
    words = unsupported(body("I am sure you are the best of friends with the leadership."), NOTES)
    assert "friends" in words and "leadership" in words


def test_unsupported_passes_notes_words_by_stem_vocabulary_dates_and_shorthand_expansions():
    sentence = ("I was glad to hear that the team is six people and that the manager wants the migration done by Q2, "
                "as we discussed on Tuesday, November 17.")
    assert unsupported(body(sentence), NOTES) == []
    assert unsupported(GOOD, NOTES) == []


# --- unsigned ---

def test_unsigned_trips_when_the_sign_off_lacks_the_known_sender():
    assert unsigned(GOOD.replace("Ayesha Siddiqui\n", ""), NOTES)
    assert not unsigned(GOOD, NOTES)


def test_unsigned_does_not_apply_without_a_sender_and_reads_name_and_me_keys():
    no_sender = NOTES.replace("sender: Ayesha Siddiqui\n", "")
    assert not unsigned(GOOD.replace("Ayesha Siddiqui\n", ""), no_sender)
    assert sender_of("Interviewer: A B\nMe: Jo Park\n\n- x") == "Jo Park"
    assert sender_of(no_sender.replace("company:", "name: Ayesha Siddiqui\ncompany:")) == "Ayesha Siddiqui"


def test_unsigned_for_a_call_script_looks_for_the_caller_anywhere():
    script = "Call script:\nHello Tom Brennan, this is Ayesha Siddiqui. I wanted to follow up.\n"
    assert not unsigned(script, NOTES, "phone")
    assert unsigned(script.replace("Ayesha Siddiqui", "the candidate"), NOTES, "phone")


def test_notes_header_reads_key_value_lines_with_crlf():
    assert notes_header("Interviewer: Ana Lopez\r\nSender: Sam Lee\r\n\r\n- topic\r\n")["sender"] == "Sam Lee"


# --- missing ---

def test_missing_lists_absent_topics_and_matches_by_stem_ignoring_glue_words():
    assert missing(GOOD, ["Flink", "on-call rotation"]) == ["on-call rotation"]
    assert missing("We discussed the state's local taxes.", ["state and local tax"]) == []


def test_measure_combines_every_measure():
    result = measure(body("Sam was super relaxed."), NOTES, "thank-you", Expectations(must=["Flink", "Scala"], never=["super relaxed"]))
    assert result.leaks == ["super relaxed"] and result.missing == ["Scala"] and result.must_coverage == 0.5
    assert not result.clean
    assert measure(GOOD, NOTES, "thank-you", Expectations(must=["Flink"], never=["super relaxed"])).clean


# --- the messy corpus itself ---

def test_messy_corpus_has_36_cases_with_honest_ground_truth():
    cases = load_cases(corpus="messy")
    assert len(cases) >= 36
    for case in cases:
        text = case.path.read_text(encoding="utf-8")
        folded = " ".join(text.casefold().split())
        for phrase in case.never:  # every never-phrase is in the notes as written
            assert " ".join(phrase.casefold().split()) in folded, (case.name, phrase)
        for phrase in case.must:  # every must-phrase's words are in the notes
            assert not missing(text, [phrase]), (case.name, phrase)
    assert b"\r\n" in Path(cases[0].path.parent / "crlf-claims-adjuster.md").read_bytes()


def test_a_number_written_against_its_unit_supports_the_number_alone():
    assert unsupported("the hull redesign for the 40-meter ferries", "- hull cooling redesign for the 40m ferries") == []
    assert unsupported("the hull redesign for the 45-meter ferries", "- hull cooling redesign for the 40m ferries") == ["45"]
