"""The corpus as training examples: what the adapter is taught to word, and what the classifier learns is said."""

from __future__ import annotations

from training.dataset import AnnotatedUnit, examples, splits


def unit(cls: str, say: str) -> AnnotatedUnit:
    return AnnotatedUnit.model_validate({"id": 1, "text": "mention i have my CSCS card", "class": cls, "say": say})


def test_a_line_asking_for_something_to_be_said_is_worded_but_never_counted_as_said():
    asked = unit("instruction", "I also have my CSCS card.")
    assert asked.worded == "I also have my CSCS card."  # the adapter learns to word it
    assert asked.said is None  # the classifier still learns an instruction is not said as written
    assert unit("topic", "I enjoyed the tour.").said == unit("topic", "I enjoyed the tour.").worded == "I enjoyed the tour."


def test_private_classes_and_skips_are_never_worded():
    for cls in ("pay", "remark", "feeling", "logistics", "next_steps", "other"):
        assert unit(cls, "I enjoyed hearing about the pay.").worded is None, cls
    assert unit("instruction", "SKIP").worded is None


def test_the_splits_are_by_writer_and_the_training_examples_answer_what_the_annotators_worded():
    parts = splits()
    writers = [w for names in parts.values() for w in names]
    assert len(writers) == len(set(writers))  # no writer on two sides
    found = [e for e in examples("dev") if e.cls == "instruction" and e.say]
    assert found and all(e.answer == f"class: instruction\nsay: {e.say}" for e in found)
