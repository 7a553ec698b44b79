"""Errors the user can act on. The CLI prints them as one line and exits with ``exit_code``."""

from __future__ import annotations

from pathlib import Path


class DraftError(Exception):
    """A problem with the user's input, reported as one line without a traceback."""

    exit_code = 2

    def __init__(self, problem: str, path: Path | str | None = None):
        self.problem = problem
        self.path = str(path) if path is not None else None
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem


class NotesError(DraftError):
    """The notes file is missing, unreadable or lacks a required key."""


class ModelError(DraftError):
    """The model file cannot be found or is not a GGUF file."""


class RulesError(DraftError):
    """A guardrail rule file is malformed."""


class TimingError(DraftError):
    """The timing rules say this message should not be sent today (exit 3; --force overrides)."""

    exit_code = 3
