from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# The suite explores a fixed set of examples, the same on every run and every machine: CI (.ci/run) sets no
# environment variable, so this is the default, not a CI profile. No example database either: a failure
# found once is not replayed on one machine only. HYPOTHESIS_PROFILE=explore draws new examples each run;
# the nightly-style run of the fallback property is benchmarks/fallback.py (2,000 examples).
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True, max_examples=100)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

from draft.guardrails.examples import BASIC_NOTES  # noqa: F401 - one source for the notes the tests and the rule examples use
from draft.model import Completion, Scores
from draft.notes import Notes, parse_notes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.md"))
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _private_history(tmp_path_factory, monkeypatch):
    """Every test gets its own empty history folder: the user's record of sent messages is never read or written."""
    monkeypatch.setenv("DRAFT_DATA_DIR", str(tmp_path_factory.mktemp("draft-data")))


@pytest.fixture
def notes() -> Notes:
    return parse_notes(BASIC_NOTES)


class ScriptedGenerator:
    """A stand-in model for unit tests of the loop: replies come from a script, prompts are recorded."""

    name = "scripted"
    n_ctx = 4096

    def __init__(self, replies: list[str] | Callable[[str], str], n_params: int = 135_000_000,
                 scorer: Callable[[str], float] | None = None):
        self.replies = replies
        self.n_params = n_params
        self.scorer = scorer
        self.prompts: list[str] = []
        self.scored: list[str] = []

    def score(self, prompt: str, continuations: list[str]) -> Scores | None:
        self.prompts.append(prompt)
        self.scored += continuations
        if self.scorer is None:
            return None
        return Scores(values=[self.scorer(c) for c in continuations], prompt_tokens=self.count_tokens(prompt),
                      scored_tokens=sum(self.count_tokens(c) for c in continuations), seconds=0.01)

    def chat_prompt(self, system: str, user: str, assistant_prefix: str = "") -> str:
        return f"<system>{system}</system><user>{user}</user><assistant>{assistant_prefix}"

    def count_tokens(self, text: str) -> int:
        return len(text.split())

    def complete(self, prompt, *, max_tokens, stop, temperature, seed, guard=None) -> Completion:
        self.prompts.append(prompt)
        if callable(self.replies):
            text = self.replies(prompt)
        else:
            text = self.replies.pop(0) if self.replies else "and that is all."
        return Completion(text=text, prompt_tokens=self.count_tokens(prompt), completion_tokens=len(text.split()), seconds=0.01)
