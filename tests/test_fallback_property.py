"""Property: the fallback template passes every hard rule for arbitrary valid notes."""

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from draft.errors import DraftError
from draft.guardrails import check_draft
from draft.loop import Settings, write_draft
from draft.notes import parse_notes
from draft.text import keywords

LETTERS = "abcdefghijklmnopqrstuvwxyzéèêëáàâäíïóöôúüñçøåæœšžłńőűčřß"
word = st.text(alphabet=LETTERS, min_size=2, max_size=11)
capitalized = word.map(lambda w: w[:1].upper() + w[1:])
name = st.builds(
    lambda first, last, hyphen, prefix: f"{first} {prefix}{last}" + (f"-{hyphen}" if hyphen else ""),
    capitalized, capitalized, st.none() | capitalized, st.sampled_from(["", "", "O'", "Mc", "van "]),
)
title = st.lists(capitalized, min_size=1, max_size=4).map(" ".join)
company = st.builds(lambda words, suffix: words + suffix, title, st.sampled_from(["", " Inc.", " GmbH", " & Co.", " Ltd", "!"]))
token = st.one_of(word, capitalized, st.integers(0, 2030).map(str), st.sampled_from(["and", "the", "of", "for", "%", "-", "(draft)", "Q3", "a/b", "R&D", "x!", "I", "?", "[tbd]", "..."]))
topic = st.lists(token, min_size=1, max_size=45).map(" ".join).filter(lambda t: any(ch.isalpha() for ch in t))


@st.composite
def notes_text(draw):
    panel = draw(st.lists(name, min_size=1, max_size=4, unique_by=str.lower))
    lines = [
        f"Interviewer: {'; '.join(panel)}",
        f"Company: {draw(company)}",
        f"Role: {draw(title)}",
        "Date: 2026-11-20",
    ]
    if draw(st.booleans()):
        lines.append(f"Sender: {draw(name)}")
    lines += ["", "## What we discussed"] + [f"- {t}" for t in draw(st.lists(topic, min_size=1, max_size=6))]
    if draw(st.booleans()):
        lines += ["", "## I forgot to mention", f"- {draw(topic)}"]
    if draw(st.booleans()):
        lines += ["", "## Concerns", f"- {draw(topic)}"]
    return "\n".join(lines) + "\n"


def specific_words(text: str, notes) -> set[str]:
    """The content words of a topic a message can recall: not a placeholder ('[tbd]') and not one of the names."""
    names = {word for name in [notes.company, notes.role, notes.sender or "", *notes.interviewers] for word in keywords(name)}
    return set(keywords(re.sub(r"\[[^\]]*\]", " ", text))) - names


HEADER = "Interviewer: Dana Lee\nCompany: Acme\nRole: Buyer\nDate: 2026-11-20\n\n## What we discussed\n"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_text(), st.sampled_from(["formal", "neutral", "warm"]))
# a topic of one word beside one no draft may say: C3 asks for the word the message can say (found in CI)
@example(HEADER + "- Kubernetes [tbd]\n", "formal")
@example(HEADER + "- Kubernetes ASAP\n", "neutral")
@example(HEADER + "- Kubernetes (tbd)\n", "warm")
def test_fallback_template_passes_every_hard_rule(text, tone):
    """What the template prints passes every hard rule; it may refuse (one line) notes whose topics cannot be said
    cleanly ('aa about 0' reads as a note pasted after a frame: P2), never notes whose topics are plain words."""
    notes = parse_notes(text)
    # a concern is never said as such (rule P3): the message needs a topic that can be said to the reader, with a word
    # of its own (a topic that is only a placeholder or only a name is refused: 'the notes list no specific topic')
    topics = [item for item in notes.items if item.kind in ("topic", "question", "fit") and item.sayable]
    assume(any(specific_words(item.phrase.text, notes) for item in topics))
    try:
        result = write_draft(notes, None, Settings(strategy="template", tone=tone))
    except DraftError as refusal:
        assert "\n" not in refusal.message
        assert not all(PLAIN.fullmatch(item.text) for item in topics), refusal.message
        return
    report = check_draft(result.text, notes)
    assert report.passed, (result.text, [v.format() for v in report.hard])
    assert result.source == "template"
    for person in notes.interviewers:  # greeted by the family name, with the title the notes give ('Mr Ie' -> 'Dear Mr. Ie')
        assert person.split()[-1] in result.text, person


PLAIN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")  # words of letters only: a topic the template can always say


@pytest.mark.xfail(reason="known gap: the template drops a topic sentence that breaks a rule instead of saying the next topic", strict=False)
def test_a_topic_that_cannot_be_said_gives_way_to_the_next():
    notes = parse_notes(HEADER.replace("Dana Lee", "Ab Ab") + "- aa\n- aa about 0\n")  # found by the property above (seed 5)
    result = write_draft(notes, None, Settings(strategy="template"))
    assert "about aa." in result.text and check_draft(result.text, notes).passed
