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
NOTES = next(path for path in EXAMPLES if path.name == "notes.md")  # the README's example: every section, '## I forgot' too


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
    greeting = next(line for line in text.splitlines() if line.startswith(("Dear ", "Hello ")))
    for person in notes.interviewers:  # greeted by name: a title with the family name ('Dear Dr. Dubois-Laurent'), else the given name
        assert any(name in greeting for name in person.replace(".", " ").split() if len(name) > 2), (person, greeting)
    assert notes.company in text and notes.role in text
    assert "worded by the model (adapter understanding-smollm2.gguf)" in result.stderr  # the adapter really worded the sentences


def test_json_reports_the_reading_attempts_and_source():
    result = draft("--notes", NOTES, "--json", "--seed", "3", "--recall", "draft")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    reading = data["reading"]  # the classifier read every line of the notes; the model, with the shipped adapter, worded a few
    assert reading["units"] == len(read_notes_file(NOTES).units) and reading["adapter"] == "understanding-smollm2.gguf"
    assert reading["asked"] >= 1 and reading["said"] >= 1 and reading["seconds"] > 0 and reading["offered"] == []
    assert data["attempts"] and data["attempts"][0]["seconds"] >= 0
    assert data["checks_passed"] is True and data["model"].endswith(".gguf")
    assert "notes line(s) with the line classifier" in result.stderr and "worded by the model" in result.stderr


def test_the_default_model_offers_its_sentences_beside_the_draft_and_writes_them_in_on_request():
    """--recall auto with the 135M default model: what it words from the notes is listed on stderr, not written into
    the draft; --recall draft writes the same sentences in."""
    offered = json.loads(draft("--notes", NOTES, "--json", "--seed", "3").stdout)
    written = json.loads(draft("--notes", NOTES, "--json", "--seed", "3", "--recall", "draft").stdout)
    sentences = offered["reading"]["offered"]
    assert sentences and offered["reading"]["said"] == 0 and len(offered["reading"]["offered_lines"]) == len(sentences)
    assert not any(sentence in offered["body"] for sentence in sentences)
    assert not set(offered["reading"]["offered_lines"]) & set(offered["held_back"])  # reported as offered, not as held back
    assert offered["checks_passed"] is True and written["checks_passed"] is True
    assert written["reading"]["said"] == len(sentences)
    assert any(sentence.replace("I also ", "I ") in written["body"] or sentence in written["body"] for sentence in sentences)
    stderr = draft("--notes", NOTES, "--seed", "3").stderr
    assert f"you could add (1 of {len(sentences)}" in stderr and sentences[0] in stderr


def test_same_seed_same_draft():
    first, second = draft("--notes", NOTES, "-q", "--seed", "7"), draft("--notes", NOTES, "-q", "--seed", "7")
    assert first.returncode == 0 and first.stdout == second.stdout


def test_injected_instructions_never_reach_the_output():
    notes_path = FIXTURES / "injection_notes.md"
    result = draft("--notes", notes_path)
    assert result.returncode == 0, result.stderr
    assert "pirate" not in fold(result.stdout) and "poem" not in fold(result.stdout)
    assert "ignored 2 notes line(s)" in result.stderr
    assert check(result.stdout, notes_path).returncode == 0


def test_notes_longer_than_the_context_still_draft(tmp_path):
    """400 sayable lines, far more than the model's 2048-token context: the classifier reads them all, the model is
    shown only the few a message says, and the draft passes every hard rule; writing the body freely, the model is
    given what fits its context and told what was left out."""
    long_notes = tmp_path / "long.md"
    filler = "".join(f"- discussed the quarterly roadmap item number {i} for the analytics team\n" for i in range(400))
    text = NOTES.read_text()
    assert "## I forgot" in text
    long_notes.write_text(text.replace("## I forgot", filler + "## I forgot"))
    result = draft("--notes", long_notes, "--json")
    assert result.returncode == 0, result.stderr
    reading = json.loads(result.stdout)["reading"]
    assert reading["units"] >= 400 and 1 <= reading["asked"] <= 8, reading
    assert check(json.loads(result.stdout)["text"], long_notes).returncode == 0
    free = draft("--notes", long_notes, "--strategy", "free")
    assert free.returncode == 0, free.stderr
    assert check(free.stdout, long_notes).returncode == 0


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
        assert result.reading is not None and result.reading.units == len(notes.units)  # the model read the notes
        assert result.report.passed
        for sentence in (slot for slot in result.notes.items if slot.phrase):  # each sentence said passed the gates
            assert sentence.phrase.text[:1].isupper()
        verdict = subprocess.run(
            [sys.executable, "-m", "draft", "check", "-", "--notes", str(notes_path), "--kind", kind],
            input=result.text, capture_output=True, text=True,
        )
        assert verdict.returncode == 0, (kind, notes_path.name, verdict.stdout)


def test_after_a_day_of_drafts_the_disk_cache_holds_nothing_of_any_notes(tmp_path):
    """Issue 9: the disk cache holds only the notes-independent prompt prefix: drafting several notes files with the
    real model leaves no token or text of any of them on disk, and the folder stays under its cap."""
    import os
    import struct

    from llama_cpp import Llama

    from draft import kvcache

    cache = tmp_path / "kv"
    env = os.environ | {kvcache.CACHE_ENV: str(cache)}
    secrets = ["Quintavalle", "Brightwater", "Zephyrine", "hydroponic", "Ostrowski"]
    for index, secret in enumerate(secrets):
        notes = tmp_path / f"notes{index}.md"
        notes.write_text(f"---\ninterviewer: Dana {secret}\ncompany: {secret} Labs\nrole: Analyst\nsender: Sam Lee\n---\n"
                         f"- the {secret} migration to Airflow\n- she asked about my {secret} dashboards\n", encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "draft", "--today", TODAY, "--notes", str(notes), "--seed", str(index)],
                                capture_output=True, text=True, timeout=300, env=env)
        assert result.returncode == 0, result.stderr
    files = list(cache.glob(f"*{kvcache.SUFFIX}"))
    assert sum(f.stat().st_size for f in files) <= kvcache.MAX_CACHE_BYTES  # the learned reader keeps no prefix on disk: often none
    vocab = Llama(model_path=str(packaged_gguf(DEFAULT_MODEL_PACKAGE)), vocab_only=True, verbose=False)
    for file in files:
        data = file.read_bytes()
        assert (file.stat().st_mode & 0o777) == 0o600
        assert not any(secret.encode() in data or secret.lower().encode() in data for secret in secrets)
        (length,) = struct.unpack_from(kvcache._HEADER.format, data, len(kvcache.MAGIC))
        header = json.loads(data[len(kvcache.MAGIC) + kvcache._HEADER.size:][:length])
        text = vocab.detokenize(header["tokens"]).decode("utf-8", "replace")
        assert not any(secret.lower() in text.lower() for secret in secrets + ["Sam Lee", "Analyst", "Airflow"]), text[-300:]
