"""Run the rules that apply to a message kind against a draft; pure."""

from __future__ import annotations

from draft.guardrails.checks import CHECKS, CheckContext
from draft.guardrails.loader import load_rules
from draft.guardrails.models import CheckReport, Rule, Violation
from draft.notes import Notes
from draft.text import line_col


def check_draft(text: str, notes: Notes, kind: str = "thank-you", rules: list[Rule] | None = None) -> CheckReport:
    """Check ``text`` against every enabled rule for ``kind``; violations sorted by position."""
    ctx = CheckContext(text=text, notes=notes, kind=kind)
    report = CheckReport(kind=kind)
    for rule in rules if rules is not None else load_rules():
        if not rule.applies_to(kind):
            continue
        report.rules_checked.append(rule.id)
        for finding in CHECKS[rule.check](ctx, rule.params):
            line, column = line_col(text, finding.start)
            message = rule.message + (f" ({finding.detail})" if finding.detail else "")
            report.violations.append(
                Violation(
                    rule=rule.id, name=rule.name, severity=rule.severity, message=message, line=line, column=column,
                    start=finding.start, end=finding.end, span=text[finding.start : finding.end],
                )
            )
    report.violations.sort(key=lambda v: (v.start, v.rule))
    return report
