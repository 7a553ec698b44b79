"""Where the learned reader's sentences go: into the draft, or offered beside it (--recall)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from draft.loop import SCAFFOLD_BELOW_PARAMS, Settings, choose_strategy, recall_scope
from draft.understanding.gates import Verdict
from draft.understanding.models import NoteItem, NoteLine, Phrase
from draft.understanding.reading import Reading
from draft.understood import OFFERED, OWN_KINDS, UnitUnderstanding, offered_instead


@pytest.mark.parametrize(("parameters", "in_draft"), [
    (134_515_008, False),  # SmolLM2-135M, the default
    (268_098_176, False),  # Gemma 3 270M
    (1_543_714_304, True),  # a 1.5B model of the user's
    (SCAFFOLD_BELOW_PARAMS, True),
    (0, True),  # a server that does not say its size
    (None, True),  # a generator with no size at all
])
def test_auto_offers_a_small_models_sentences_and_writes_a_larger_ones_in(parameters, in_draft):
    generator = SimpleNamespace(n_params=parameters) if parameters is not None else SimpleNamespace(url="http://127.0.0.1:8080")
    assert recall_scope(generator, Settings()) == ("all" if in_draft else "none")
    if parameters is not None:  # one size decides both: the small model's scaffold and where its sentences go
        assert (choose_strategy("auto", generator) == "scaffold") is not in_draft


@pytest.mark.parametrize("strategy", ["free", "body"])
def test_asking_the_model_to_write_the_body_writes_its_sentences_in(strategy):
    assert recall_scope(SimpleNamespace(n_params=134_515_008), Settings(strategy=strategy)) == "all"


@pytest.mark.parametrize("parameters", [134_515_008, 7_000_000_000])
def test_the_option_overrides_the_size(parameters):
    generator = SimpleNamespace(n_params=parameters)
    assert recall_scope(generator, Settings(recall="draft")) == "all"
    assert recall_scope(generator, Settings(recall="own")) == "own"
    assert recall_scope(generator, Settings(recall="suggest")) == "none"


def _understood(text: str, say: str | None, kind: str) -> UnitUnderstanding:
    item = NoteItem(kind=kind, text=say or text, source=text, phrase=Phrase(text=say, shape="sentence") if say else None)
    return UnitUnderstanding(unit=NoteLine(text=text), reading=Reading(cls="topic", say=say), verdict=Verdict(say=say), item=item)


def test_an_offered_sentence_is_kept_out_of_the_draft_like_a_private_line_and_kept_for_the_job_seeker():
    topic = _understood("toured the SCADA room after", "I enjoyed the tour of the SCADA room.", "topic")
    pay = UnitUnderstanding(unit=NoteLine(text="41/hr"), reading=Reading(cls="pay"), verdict=Verdict(say=None, reason="pay: never said"),
                            item=NoteItem(kind="private", text="41/hr", source="41/hr"))
    offered, private = offered_instead([topic, pay])
    assert offered.offered == "I enjoyed the tour of the SCADA room." and offered.verdict.say is None and offered.verdict.reason == OFFERED
    assert offered.item.kind == "private" and offered.item.phrase is None and offered.item.text == "toured the SCADA room after"
    assert private == pay  # what was not said is untouched
    assert topic.verdict.say  # the input is not changed


def test_the_job_seekers_own_points_stay_in_the_draft_and_the_rest_is_offered():
    topic = _understood("toured the SCADA room after", "I enjoyed the tour of the SCADA room.", "topic")
    point = _understood("forgot to say I have my CSCS card", "I also wanted to mention that I have my CSCS card.", "forgot")
    offered, kept = offered_instead([topic, point], keep=OWN_KINDS)
    assert offered.offered == "I enjoyed the tour of the SCADA room." and offered.verdict.say is None
    assert kept == point and kept.offered is None and kept.verdict.say  # said in the draft, as it was


def test_the_cli_offers_exactly_the_choices_the_settings_accept():
    from typing import get_args

    from draft.cli.options import RECALL_CHOICES

    assert RECALL_CHOICES == list(get_args(Settings.model_fields["recall"].annotation))
