from __future__ import annotations

import os
import shutil
import tempfile
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


# --- the suite never sees the machine's user --------------------------------------------------------------
# A settings file in the real HOME (a profile, a country, a rules folder), the history, the cache and every DRAFT_
# variable would change what the tests see. Each test runs in an empty HOME of its own: the XDG folders under it,
# $DRAFT_CONFIG and $DRAFT_DATA_DIR where draft would look there, no model folders of the user's, no DRAFT_ variable
# of the machine, a locale without a country. The same holds at collection time and for the subprocesses tests
# start (pytest_configure). A test that wants something else sets it itself.

KEPT_VARIABLES = frozenset({"DRAFT_RULES_DIRS"})
"""The suite's own opt-in, read by tests/test_rule_examples.py: run your rule files' examples too (guardrails/README.md)."""
MACHINE_VARIABLES = ("OLLAMA_MODELS", "HF_HOME", "HF_HUB_CACHE", "LC_TIME", "LANG", "LANGUAGE")
"""Where the user's models live and which locale they use: left out (model discovery then looks in the empty HOME)."""


def isolated_environment(environ: dict[str, str], home: Path, cache: Path) -> dict[str, str | None]:
    """The changes to ``environ`` that make ``home`` the user's home: values to set, and None for variables to remove.
    ``cache`` is the model's prompt cache ($DRAFT_CACHE_DIR), shared by the tests of one run (it holds no notes)."""
    changes: dict[str, str | None] = {name: None for name in environ if name.startswith("DRAFT_") and name not in KEPT_VARIABLES}
    changes |= {name: None for name in MACHINE_VARIABLES}
    config, data = home / ".config", home / ".local" / "share"
    changes |= {
        "HOME": str(home), "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(data), "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"), "LC_ALL": "C.UTF-8",
        "DRAFT_CONFIG": str(config / "draft" / "config.toml"), "DRAFT_DATA_DIR": str(data / "draft"), "DRAFT_CACHE_DIR": str(cache),
    }
    return changes


_SESSION: dict[str, object] = {}


def pytest_configure(config):
    """Isolate the whole run (collection, module-level code, subprocesses) before any test module is imported."""
    root = Path(tempfile.mkdtemp(prefix="draft-tests-"))
    (root / "home").mkdir()
    (root / "cache").mkdir(mode=0o700)
    changes = isolated_environment(dict(os.environ), root / "home", root / "cache")
    _SESSION.update(root=root, cache=root / "cache", saved={name: os.environ.get(name) for name in changes})
    apply_environment(os.environ, changes)


def pytest_unconfigure(config):
    saved = _SESSION.get("saved")
    if isinstance(saved, dict):
        apply_environment(os.environ, saved)
    root = _SESSION.get("root")
    if isinstance(root, Path):
        shutil.rmtree(root, ignore_errors=True)


def apply_environment(environ, changes: dict[str, str | None]) -> None:
    for name, value in changes.items():
        if value is None:
            environ.pop(name, None)
        else:
            environ[name] = value


@pytest.fixture(autouse=True)
def _isolated_user(tmp_path_factory, monkeypatch):
    """Every test gets its own empty HOME, settings file location and data folder (history): nothing of the user's
    is read or written, and nothing one test writes is seen by another."""
    home = tmp_path_factory.mktemp("home")
    for name, value in isolated_environment(dict(os.environ), home, Path(str(_SESSION["cache"]))).items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return home


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


# --- `draft` run as a user runs it, through the real command line ---------------------------------------------
class DraftCli:
    """``draft`` with its own settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) under ``tmp_path``, no
    cache, no server or model of the environment's. ``NOTES``: the notes a test file writes when it names none."""

    NOTES = BASIC_NOTES

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path
        self.data = tmp_path / "data"
        self.settings = tmp_path / "settings" / "config.toml"
        self.env: dict[str, str | None] = {"DRAFT_CONFIG": str(self.settings), "DRAFT_DATA_DIR": str(self.data), "DRAFT_CACHE_DIR": "off",
                                           "DRAFT_BACKEND": None, "DRAFT_MODEL": None}

    def __call__(self, *args: object, stdin: str | None = None):
        from click.testing import CliRunner

        from draft.cli import main

        return CliRunner().invoke(main, [str(a) for a in args], env=self.env, input=stdin)

    def notes(self, text: str | None = None, name: str = "notes.md") -> Path:
        path = self.folder / name
        path.write_text(self.NOTES if text is None else text, encoding="utf-8")
        return path


def fake_opener(tmp_path: Path, env: dict, each_on_a_line: bool = False) -> Path:
    """A stand-in for the desktop's opener (xdg-open), first on ``env``'s PATH: it records what it was handed, in the
    file it returns (``each_on_a_line``: every call, one per line; else the last call's argument as it was)."""
    import stat

    folder = tmp_path / "bin"
    folder.mkdir()
    record = tmp_path / "opened.txt"
    script = folder / "xdg-open"
    line = f"printf '%s\\n' \"$1\" >> '{record}'" if each_on_a_line else f"printf '%s' \"$1\" > '{record}'"
    script.write_text(f"#!/bin/sh\n{line}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env["PATH"] = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    return record
