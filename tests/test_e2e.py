"""End to end with the real default model (SmolLM2-135M through llama-cpp-python): no stand-in."""

import json
import subprocess
import sys

import pytest

from draft.model import DEFAULT_MODEL_PACKAGE, packaged_gguf
from draft.notes import read_notes_file
from draft.text import fold
from tests.conftest import EXAMPLES, FIXTURES

pytestmark = pytest.mark.e2e

if packaged_gguf(DEFAULT_MODEL_PACKAGE) is None:  # pragma: no cover - CI installs it
    pytest.fail(f"the default model package {DEFAULT_MODEL_PACKAGE} is not installed", pytrace=False)


TODAY = "2026-11-21"  # within 48 hours of every example's interview: the timing guard allows a thank-you


def draft(*args):
    command = [sys.executable, "-m", "draft", "--today", TODAY, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def check(text, notes_path):
    return subprocess.run([sys.executable, "-m", "draft", "check", "-", "--notes", str(notes_path)], input=text, capture_output=True, text=True)


@pytest.mark.parametrize("notes_path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_drafts_a_message_that_draft_check_accepts(notes_path):
    result = draft("--notes", notes_path)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    verdict = check(text, notes_path)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
    notes = read_notes_file(notes_path)
    for person in notes.interviewers:
        assert person in text
    assert notes.company in text and notes.role in text
    assert "attempt 1 (scaffold)" in result.stderr  # the model really ran


def test_json_reports_attempts_tokens_and_source():
    result = draft("--notes", EXAMPLES[0], "--json", "--seed", "3")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] in ("model", "template") and data["strategy"] == "scaffold"
    attempt = data["attempts"][0]
    assert attempt["prompt_tokens"] > 50 and attempt["completion_tokens"] > 0 and attempt["seconds"] > 0
    assert data["checks_passed"] is True and data["model"].endswith(".gguf")


def test_same_seed_same_draft():
    first, second = draft("--notes", EXAMPLES[0], "-q", "--seed", "7"), draft("--notes", EXAMPLES[0], "-q", "--seed", "7")
    assert first.returncode == 0 and first.stdout == second.stdout


def test_injected_instructions_never_reach_the_output():
    notes_path = FIXTURES / "injection_notes.md"
    result = draft("--notes", notes_path)
    assert result.returncode == 0, result.stderr
    assert "pirate" not in fold(result.stdout) and "poem" not in fold(result.stdout)
    assert "ignored 2 notes line(s)" in result.stderr
    assert check(result.stdout, notes_path).returncode == 0


def test_notes_longer_than_the_context_still_draft(tmp_path):
    long_notes = tmp_path / "long.md"
    filler = "".join(f"- small talk about the {'very ' * (i % 5)}nice office and the coffee\n" for i in range(1500))
    long_notes.write_text((EXAMPLES[0]).read_text().replace("## I forgot", filler + "## I forgot"))
    result = draft("--notes", long_notes)
    assert result.returncode == 0, result.stderr
    assert "left out" in result.stderr and "to fit the model's context" in result.stderr
    assert check(result.stdout, long_notes).returncode == 0


@pytest.fixture(scope="module")
def real_model():
    from draft.model import LlamaGenerator, resolve_model_path

    return LlamaGenerator(resolve_model_path(None))


KINDS = ["thank-you", "status-check", "second-check", "handwritten", "linkedin", "phone", "feedback-request", "keep-in-touch"]


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_from_each_example_with_the_real_model(real_model, kind):
    from draft.loop import Settings, write_draft

    for notes_path in EXAMPLES:
        notes = read_notes_file(notes_path)
        result = write_draft(notes, real_model, Settings(kind=kind, seed=1))
        assert result.attempts and result.attempts[0].generations > 0  # the model was asked
        verdict = subprocess.run(
            [sys.executable, "-m", "draft", "check", "-", "--notes", str(notes_path), "--kind", kind],
            input=result.text, capture_output=True, text=True,
        )
        assert verdict.returncode == 0, (kind, notes_path.name, verdict.stdout)
