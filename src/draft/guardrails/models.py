"""Typed rules, findings and reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["hard", "soft"]


class RuleExample(BaseModel):
    """A draft that passes or fails this rule, kept in the rule file and run by the test suite."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    passes: bool
    notes: str | None = Field(default=None, description="a notes text in the project's format; a small default when absent")
    kind: str | None = Field(default=None, description="the kind of message; the rule's first kind when absent")
    private: list[str] = Field(default_factory=list, description="notes lines the understanding stage keeps private")


class Rule(BaseModel):
    """One rule of RULES.md, as written in a ``guardrails/*.toml`` file.

    ``params`` is a dict as read from the file; the loader replaces it with the check
    type's typed ``Params`` model.
    """

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    severity: Severity
    check: str = Field(description="the check type that implements it, like Vale's 'extends'")
    message: str = Field(min_length=1)
    source: str
    kinds: list[str] = Field(default_factory=lambda: ["*"], min_length=1)
    enabled: bool = True
    params: Any = Field(default_factory=dict)
    examples: list[RuleExample] = Field(default_factory=list)
    file: str = Field(default="", description="the file the rule was loaded from (set by the loader)")

    def applies_to(self, kind: str) -> bool:
        return self.enabled and ("*" in self.kinds or kind in self.kinds)


class Finding(BaseModel):
    """What a check found: a span of the draft (offsets) and an optional detail."""

    start: int = 0
    end: int = 0
    detail: str | None = None


class Violation(BaseModel):
    """A rule broken at a place of the draft.

    ``message`` and ``span`` may be fed back to a model (the loop's retry feedback); a finding that quotes what
    no prompt may hold (a private notes line, a concern as written, an injected line) is ``private``: its span
    is left empty and its detail is kept in ``note``, shown to the user (``draft check``) and nowhere else.
    """

    rule: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int
    span: str
    private: bool = False
    note: str | None = None

    def format(self, filename: str = "-") -> str:
        note = f" ({self.note})" if self.note else ""
        return f"{filename}:{self.line}:{self.column} {self.rule} {self.message}{note}"


class CheckReport(BaseModel):
    kind: str
    violations: list[Violation] = Field(default_factory=list)
    rules_checked: list[str] = Field(default_factory=list)
    rules_skipped: dict[str, list[str]] = Field(default_factory=dict, description="rules not run, with what of the notes they need and were not given")

    @property
    def hard(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "hard"]

    @property
    def soft(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "soft"]

    @property
    def passed(self) -> bool:
        return not self.hard

    @property
    def failed_rules(self) -> list[str]:
        return sorted({v.rule for v in self.hard})
