"""Run the ``[[examples]]`` a rule file carries: each example is checked against its own rule alone.

A passing example must draw no finding from the rule, a failing one at least one. An
example without notes uses :data:`DEFAULT_NOTES`; without a kind, the rule's first kind
(``thank-you`` for a rule of every kind). :data:`BASIC_NOTES` (the same notes without a
concern) is what the tests start from.
"""

from __future__ import annotations

from pydantic import BaseModel

from draft.guardrails.engine import check_draft
from draft.guardrails.models import Rule, RuleExample, Violation
from draft.notes import Notes, parse_notes

BASIC_NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Senior Data Engineer
interview_date: 2026-11-20
sender: Alex Moreno
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow; they run about 40 DAGs today
- Their on-call rotation and blameless incident reviews
## I forgot to mention
- I cut warehouse spend by 30% in a Snowflake cost review
"""
DEFAULT_NOTES = BASIC_NOTES + """## Concerns
- Whether I have enough streaming experience (Kafka)
"""


class ExampleResult(BaseModel):
    rule: str
    name: str
    file: str
    index: int
    expected_pass: bool
    violations: list[Violation]

    @property
    def ok(self) -> bool:
        return self.expected_pass == (not self.violations)

    def describe(self) -> str:
        expected = "pass" if self.expected_pass else "fail"
        found = "; ".join(f"{v.span!r}: {v.message}" for v in self.violations) or "nothing"
        return f"{self.file}: examples[{self.index}] should {expected} {self.rule} '{self.name}', found {found}"


def example_notes(example: RuleExample) -> Notes:
    notes = parse_notes(example.notes or DEFAULT_NOTES)
    if example.private:
        notes = notes.model_copy(update={"private": [*getattr(notes, "private", []), *example.private]})
    return notes


def example_kind(rule: Rule, example: RuleExample) -> str:
    if example.kind:
        return example.kind
    return "thank-you" if "*" in rule.kinds else rule.kinds[0]


def run_example(rule: Rule, index: int) -> ExampleResult:
    example = rule.examples[index]
    alone = rule.model_copy(update={"enabled": True})
    report = check_draft(example.text, example_notes(example), example_kind(rule, example), [alone])
    return ExampleResult(rule=rule.id, name=rule.name, file=rule.file, index=index, expected_pass=example.passes, violations=report.violations)


def run_examples(rules: list[Rule]) -> list[ExampleResult]:
    """Every example of every rule, in order."""
    return [run_example(rule, index) for rule in rules for index in range(len(rule.examples))]
