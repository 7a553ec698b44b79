"""The line classifier: what each notes unit is and how likely a careful writer is to say something from it.

    units -> hashed features (line_features) -> linear model (line_classifier.npz) -> LineGuess per unit

Trained on the annotated corpus (``python -m training.train_classifier``), measured on writers it never saw
(``line_classifier.json``). It runs in milliseconds, on every line, inside the process: the model (and a server)
is asked only to word the few lines a message will say.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pydantic import BaseModel

from draft.errors import DraftError
from draft.resources import data_dir
from draft.understanding.line_features import BUCKETS, unit_features
from draft.understanding.models import NoteLine
from draft.understanding.reading import CLASSES, SAYABLE_CLASSES, LearnedClass

_SAYABLE = np.array([c in SAYABLE_CLASSES for c in CLASSES])


class LineGuess(BaseModel):
    """The classifier's reading of one unit."""

    cls: LearnedClass
    confidence: float
    say: float
    """How likely an annotator says something from this unit: the chance it is said times the chance its class may be."""

    def describe(self) -> str:
        return f"classifier: {self.cls} ({self.confidence:.0%}), say {self.say:.0%}"


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    path = data_dir("understanding") / "line_classifier.npz"
    try:
        with np.load(path) as stored:
            found = stored["weights"].astype(np.float32)
    except (OSError, KeyError, ValueError) as error:
        raise DraftError(f"the line classifier cannot be read ({error}): reinstall draft", path) from error
    if found.shape != (BUCKETS, len(CLASSES) + 1):
        raise DraftError(f"the line classifier has shape {found.shape}, not {(BUCKETS, len(CLASSES) + 1)}: reinstall draft", path)
    return found


def guess_lines(kind: str, units: list[NoteLine]) -> list[LineGuess]:
    """Each unit's class and chance of being said, in order (the line before and the place in the notes count)."""
    table = weights()
    guesses = []
    for row in unit_features(kind, units):
        logits = table[row].sum(axis=0)
        shifted = np.exp(logits[:-1] - logits[:-1].max())
        probs = shifted / shifted.sum()
        said = 1 / (1 + np.exp(-logits[-1]))
        best = int(probs.argmax())
        guesses.append(LineGuess(cls=CLASSES[best], confidence=round(float(probs[best]), 3),  # type: ignore[arg-type]
                                 say=round(float(said * probs[_SAYABLE].sum()), 3)))
    return guesses
