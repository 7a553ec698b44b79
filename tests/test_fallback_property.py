"""Property: the fallback template passes every hard rule for arbitrary valid notes."""

import re

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


def fallback_outcome(text: str, tone: str) -> tuple[str, str]:
    """What the fallback guarantee says of one notes text: ("passed" | "refused" | "skipped" | "failed", detail).

    The template's message must pass every hard rule. It may refuse in one line notes whose topics cannot be said
    cleanly ('aa about 0' reads as a note pasted after a frame: P2), never notes whose topics are plain words. Notes
    with no topic that can be said to the reader, with a word of its own, are outside the guarantee ("skipped"): a
    concern is never said as such (P3), and a topic that is only a placeholder or a name says nothing."""
    try:
        notes = parse_notes(text)
    except DraftError as error:
        return "failed", f"parse: {error.problem[:120]}"
    topics = [item for item in notes.items if item.kind in ("topic", "question", "fit") and item.sayable]
    if not any(specific_words(item.phrase.text, notes) for item in topics):
        return "skipped", ""
    try:
        result = write_draft(notes, None, Settings(strategy="template", tone=tone))
    except DraftError as refusal:
        if "\n" in refusal.message:
            return "failed", "refusal on more than one line"
        if all(PLAIN.fullmatch(item.text) for item in topics):
            return "failed", f"refused plain topics: {refusal.problem[:100]}"
        return "refused", refusal.problem
    report = check_draft(result.text, notes)
    if not report.passed:
        return "failed", "check: " + ", ".join(report.failed_rules)
    if result.source != "template":
        return "failed", f"source {result.source}"
    greeting = next((line for line in result.text.splitlines() if line.startswith(("Dear ", "Hello ", "Hi "))), "")
    for person in notes.interviewers:  # by a name of theirs: the family name after a title ('Mr Ie' -> 'Dear Mr. Ie'), or the given name
        names = [word.strip(".,") for word in person.split() if word.strip(".,").lower() not in ("dr", "mr", "mrs", "ms", "mx", "prof", "professor")]
        if not any(name in greeting for name in names if len(name) > 1):
            return "failed", f"not greeted: {person}"
    return "passed", ""


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_text(), st.sampled_from(["formal", "neutral", "warm"]))
# a topic of one word beside one no draft may say: C3 asks for the word the message can say (found in CI)
@example(HEADER + "- Kubernetes [tbd]\n", "formal")
@example(HEADER + "- Kubernetes ASAP\n", "neutral")
@example(HEADER + "- Kubernetes (tbd)\n", "warm")
def test_fallback_template_passes_every_hard_rule(text, tone):
    outcome, detail = fallback_outcome(text, tone)
    assume(outcome != "skipped")
    assert outcome != "failed", (detail, text)


PLAIN = re.compile(r"[^\W\d_]+(?: [^\W\d_]+)*")  # words of letters only: a topic the template can always say


def test_a_topic_that_cannot_be_said_gives_way_to_the_next():
    notes = parse_notes(HEADER.replace("Dana Lee", "Ab Ab") + "- aa\n- aa about 0\n")  # found by the property above (seed 5)
    result = write_draft(notes, None, Settings(strategy="template"))
    assert "about aa." in result.text and check_draft(result.text, notes).passed


DRAWS = '''
import os
from hypothesis import given, settings, strategies as st


@given(st.text(), st.integers())
def test_draws(text, number):
    assert settings.default.database is None and settings.default.derandomize
    with open(os.environ["DRAWN"], "a", encoding="utf-8") as out:
        out.write(repr((text, number)) + "\\n")
'''


def test_hypothesis_draws_the_same_examples_on_every_run_without_any_environment_variable(tmp_path):
    """CI (.ci/run) sets no variable: the suite's own settings (tests/conftest.py) make every property explore the
    same examples on every run, with no example database that one machine would replay and another not."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "test_draws.py").write_text(DRAWS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE", "PYTEST_ADDOPTS") and not k.startswith("GITHUB")}
    runs = []
    for run in range(2):
        drawn = tmp_path / f"drawn{run}.txt"
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider", str(tmp_path / "test_draws.py")],
            cwd=root, env=env | {"DRAWN": str(drawn)}, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        runs.append(drawn.read_text(encoding="utf-8").splitlines())
    assert len(runs[0]) >= 50 and runs[0] == runs[1]
