"""What every check type shares: the context it reads, its typed parameters, the way it reports.

A check type is a class (like Vale's ``extends`` types and proselint's typed checks):

- ``Params``: a pydantic model of the parameters a rule file may give under ``[params]``;
  unknown or mistyped parameters are an error when the rules load, and the defaults live
  here and nowhere else;
- ``find(ctx)``: the spans of the draft that break the rule (empty when it holds);
- ``fix(text, ctx)``: a safe fix (only removes or normalizes characters, never adds a
  fact), or ``None`` when the check offers none or nothing needs fixing;
- ``needs``: what of the notes it reads (their lines, the interviewers, the company...):
  ``draft check`` without notes runs only the rules whose checks need nothing it lacks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from draft.guardrails.models import Finding
from draft.names import company_in_prose, role_in_prose, salutation_name
from draft.notes import Notes
from draft.text import EmailLayout, Segment, parse_email

Scope = Literal["all", "body"]
Need = Literal["notes", "interviewers", "company", "role", "sender"]
"""What a check may read: the notes' lines ('notes'), or one field of their header."""


@dataclass
class CheckContext:
    """A draft under check, with the notes it must agree with."""

    text: str
    notes: Notes
    kind: str
    layout: EmailLayout = field(init=False)

    def __post_init__(self) -> None:
        self.layout = parse_email(self.text)

    def scope(self, name: Scope) -> list[Segment]:
        """The parts of the draft a rule looks at: ``all`` of it or the ``body`` paragraphs."""
        if name == "body":
            return self.layout.paragraphs
        return [Segment(0, len(self.text), self.text)]

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        """Spans that quote the notes' own names (company, role, people): banned-word rules skip them. The forms the
        frame writes count too: the role and the company in prose ('Site Civil Eng' for 'Site Civil Eng (grad)') and each person as a
        greeting names them ('Eng. Bakare' for 'Eng. Tunde Bakare')."""
        people = self.notes.interviewers
        greeted = [salutation_name(name, self.notes.source_text, familiar=familiar) for name in people for familiar in (False, True)]
        entities = [self.notes.company, company_in_prose(self.notes.company), self.notes.role, role_in_prose(self.notes.role), self.notes.sender or "", *people, *greeted]
        lowered = self.text.lower()
        return [
            (match.start(), match.end())
            for entity in filter(None, entities)
            for match in re.finditer(re.escape(entity.lower()), lowered)
        ]

    def is_protected(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.protected)


class CheckParams(BaseModel):
    """Parameters of a check type; a rule file's ``[params]`` table is validated against it."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Check:
    """A check type. Subclasses set ``name``, ``Params`` and implement ``find``."""

    name: ClassVar[str]
    Params: ClassVar[type[CheckParams]] = CheckParams
    needs: ClassVar[frozenset[Need]] = frozenset()
    private_findings: ClassVar[bool] = False
    """True when a finding quotes notes text no prompt may hold (a private line, a concern as written, an injected
    line) or the draft's sentence that says it: the user sees it, a model's retry feedback never does."""

    def __init__(self, params: CheckParams):
        self.params = params

    def find(self, ctx: CheckContext) -> list[Finding]:
        raise NotImplementedError

    def fix(self, text: str, ctx: CheckContext) -> str | None:
        """The text with this rule's safe fix applied; ``None`` when there is nothing to fix."""
        return None


def spans_in_scope(ctx: CheckContext, scope: Scope, finder: Callable[[str], list[tuple[int, int, str]]]) -> list[Finding]:
    """Run ``finder`` over each segment of ``scope``; findings inside protected names are skipped."""
    findings = []
    for segment in ctx.scope(scope):
        for start, end, what in finder(segment.text):
            start, end = segment.start + start, segment.start + end
            if not ctx.is_protected(start, end):
                findings.append(Finding(start=start, end=end, detail=what))
    return findings


def compile_patterns(patterns: list[str]) -> list[str]:
    """Validate a list of regular expressions when the rule loads (an error names the bad one)."""
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as error:
            raise ValueError(f"item {index} is not a valid regular expression ({error})") from None
    return patterns


def regex_list(*fields: str):
    """A field validator that checks each listed field holds valid regular expressions."""
    return field_validator(*fields)(lambda cls, value: compile_patterns(value) if isinstance(value, list) else compile_patterns([value])[0])


def tidy_spaces(text: str) -> str:
    """Collapse the runs of spaces a removal leaves behind, and spaces before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"(?<! ) +([,.;:!?])", r"\1", text)  # a run of spaces is tried once, from its start: linear
    return re.sub(r"(?<![ \t])[ \t]+\n", "\n", text)
