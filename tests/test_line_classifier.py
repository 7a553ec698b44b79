"""The line classifier as shipped: its dev figures as recorded, its features, and how the reader uses it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from draft.errors import DraftError
from draft.notes import parse_notes
from draft.understanding import line_classifier
from draft.understanding.line_classifier import guess_lines
from draft.understanding.line_features import BUCKETS, feature_names, features
from draft.understanding.models import NoteLine
from draft.understanding.reading import SAYABLE_CLASSES
from draft.understood import SAY_FLOOR, quotas, understand_units
from training.dataset import annotations, splits
from training.train_classifier import Matrix, measure

ROOT = Path(__file__).resolve().parents[1]
RECORD = json.loads((ROOT / "understanding" / "line_classifier.json").read_text(encoding="utf-8"))


def test_the_shipped_classifier_reads_the_dev_split_as_recorded():
    """Writers it never saw: the figures recorded at training are what the shipped (float16) weights give."""
    dev = measure(line_classifier.weights(), Matrix(annotations(splits()["dev"])))
    assert dev["units"] == RECORD["dev"]["units"]
    assert dev["class_accuracy"] == pytest.approx(RECORD["dev"]["class_accuracy"], abs=0.01)
    assert dev["picked_said_by_annotator"] == pytest.approx(RECORD["dev"]["picked_said_by_annotator"], abs=0.02)
    assert dev["class_accuracy"] >= 0.6  # 13 classes: chance is under 0.2, the first adapter read 0.41
    assert dev["picked_said_by_annotator"] >= 0.8


def test_features_are_stable_and_depend_on_the_line_and_its_context():
    one = features("thank-you", "What we discussed", None, "talked abt their Airflow migration", 0.2)
    assert one == features("thank-you", "What we discussed", None, "talked abt their Airflow migration", 0.2)
    assert one == sorted(set(one)) and all(0 <= f < BUCKETS for f in one)
    assert one != features("thank-you", "Private", None, "talked abt their Airflow migration", 0.2)
    assert one != features("thank-you", "What we discussed", None, "base is 95k plus bonus", 0.2)
    names = feature_names("thank-you", None, None, "Q: why leave? -> $40/hr", 0.0)
    assert {"mark=question-mark", "mark=arrow-or-colon", "mark=money", "h=none", "b=none"} <= set(names)


def test_a_broken_weights_file_is_a_one_line_error(tmp_path, monkeypatch):
    (tmp_path / "line_classifier.npz").write_bytes(b"not a numpy file")
    monkeypatch.setattr(line_classifier, "data_dir", lambda name: tmp_path)
    line_classifier.weights.cache_clear()
    try:
        with pytest.raises(DraftError, match="line classifier cannot be read") as raised:
            guess_lines("thank-you", [NoteLine(text="anything")])
        assert "\n" not in raised.value.message and str(tmp_path) in raised.value.message
        np.savez_compressed(tmp_path / "line_classifier.npz", weights=np.zeros((3, 3), dtype=np.float16))
        line_classifier.weights.cache_clear()
        with pytest.raises(DraftError, match="has shape"):
            guess_lines("thank-you", [NoteLine(text="anything")])
    finally:
        line_classifier.weights.cache_clear()


NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Data Engineer
date: 2026-11-20
---
- talked about their migration from cron to Airflow, 40 DAGs
- she asked how I would test the finance dbt models, I said with schema tests and freshness checks
- the on-call rotation is one week in six and incidents get blameless reviews
- base is 95k plus 10% bonus, more than I make now
- she seemed tired and distracted, office smelled like paint
- I think I rambled on the Kafka question, nervous
- remind me to send the thank-you before 5pm
- they use Snowflake and Looker, team of 8 engineers
"""


class CountingReader:
    """A stand-in that records which lines are shown to it and words each one plainly."""

    adapted, adapter, name = True, None, "counting"

    def __init__(self):
        self.shown: list[str] = []

    def chat_prompt(self, system, user, assistant_prefix=""):
        return f"{user}\n{assistant_prefix}"

    def read_line(self, prompt, *, max_tokens, stop):
        line = prompt.split("Line: ", 1)[1].split("\n", 1)[0]
        self.shown.append(line)
        return f" I enjoyed our conversation about {line.split(',')[0].removeprefix('talked about ')}."


def test_the_model_is_shown_only_the_lines_a_message_needs_the_most_likely_said_first():
    notes = parse_notes(NOTES)
    reader = CountingReader()
    understood = understand_units(notes, reader, "thank-you")
    guesses = guess_lines("thank-you", notes.units)
    shown = set(reader.shown)
    assert len(reader.shown) <= sum(quotas(1).values())
    for unit, guess in zip(notes.units, guesses):
        if unit.text in shown:
            assert guess.cls in SAYABLE_CLASSES and guess.say >= SAY_FLOOR
    assert not any("95k" in line or "tired" in line for line in shown)  # pay and a remark are never worded
    said = [u for u in understood if u.verdict.say]
    assert said and all(u.unit.text in shown for u in said)
    ranked = [unit.text for unit, _ in sorted(zip(notes.units, guesses), key=lambda pair: -pair[1].say) if unit.text in shown]
    assert reader.shown == ranked  # the most likely said first
    assert all(u.verdict.say or u.verdict.reason for u in understood)  # every line's fate is explained


def test_one_topic_per_interviewer_is_said_and_a_panel_gets_one_each():
    """A single interviewer's message recalls one topic (the quota the dev panel preferred); a panel of two, two."""
    def topics_said(notes: str) -> int:
        understood = understand_units(parse_notes(notes), CountingReader(), "thank-you")
        return sum(bool(u.verdict.say and u.reading and u.reading.cls in ("topic", "their_question", "my_answer", "my_fit")) for u in understood)

    assert topics_said(NOTES) == 1
    assert topics_said(NOTES.replace("interviewer: Dana Whitfield", "interviewers: [Dana Whitfield, Omar Haddad]")) == 2
    assert quotas(3)["topics"] == 3 and quotas(0)["topics"] == 1
