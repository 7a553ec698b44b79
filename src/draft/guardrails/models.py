"""Typed rules, findings and reports."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Severity = Literal["hard", "soft"]


class Rule(BaseModel):
    """One rule of RULES.md, as written in a ``guardrails/*.toml`` file."""

    id: str
    name: str
    severity: Severity
    check: str = Field(description="the check type that implements it, like Vale's 'extends'")
    message: str
    source: str
    kinds: list[str] = Field(default_factory=lambda: ["*"])
    enabled: bool = True
    params: dict[str, Any] = Field(default_factory=dict)

    def applies_to(self, kind: str) -> bool:
        return self.enabled and ("*" in self.kinds or kind in self.kinds)


class Finding(BaseModel):
    """What a check found: a span of the draft (offsets) and an optional detail."""

    start: int = 0
    end: int = 0
    detail: str | None = None


class Violation(BaseModel):
    rule: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    start: int
    end: int
    span: str

    def format(self, filename: str = "-") -> str:
        return f"{filename}:{self.line}:{self.column} {self.rule} {self.message}"


class CheckReport(BaseModel):
    kind: str
    violations: list[Violation] = Field(default_factory=list)
    rules_checked: list[str] = Field(default_factory=list)

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
