"""Errors the user can act on. The CLI prints them as one line and exits with ``exit_code``."""

from __future__ import annotations

import copy
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

    def about(self, path: Path | str | None) -> DraftError:
        """This error naming ``path``, unless it already names a file (or there is none to name)."""
        if self.path is not None or path is None:
            return self
        named = copy.copy(self)
        named.path = "<stdin>" if str(path) == "-" else str(path)
        named.args = (named.message,)
        return named


class NotesError(DraftError):
    """The notes file is missing, unreadable, lacks a required key, or holds nothing to draft from.

    Code that sees only the parsed notes (the drafting loop, the plan) raises it without a
    path; the command line names the notes file (``cli.options.fail``)."""


class ModelError(DraftError):
    """The model file cannot be found or is not a GGUF file."""


class RulesError(DraftError):
    """A guardrail rule file is malformed."""


class TimingError(DraftError):
    """The timing rules say this message should not be sent today (exit 3; --force overrides)."""

    exit_code = 3
