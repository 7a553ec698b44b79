"""Run the rules that apply to a message kind against a draft, and apply their safe fixes; pure."""

from __future__ import annotations

from collections.abc import Iterable

from draft.guardrails.checks import CHECKS, Check, CheckContext
from draft.guardrails.checks.base import Need
from draft.guardrails.loader import load_rules
from draft.guardrails.models import CheckReport, Rule, Violation
from draft.notes import Notes
from draft.text import line_col, split_signature


def checker(rule: Rule) -> Check:
    """The check that implements ``rule``, with its typed parameters (validated here if the rule was built by hand)."""
    check_type = CHECKS[rule.check]
    params = rule.params if isinstance(rule.params, check_type.Params) else check_type.Params.model_validate(rule.params or {})
    return check_type(params)


def runnable(rules: Iterable[Rule], kind: str, known: frozenset[Need] | None = None) -> tuple[list[tuple[Rule, Check]], dict[str, list[str]]]:
    """The enabled rules for ``kind`` with their checks, and the ids of those skipped with what they lack.

    ``known`` is what of the notes is known (``None``: everything, a notes file was read); a rule
    whose check needs something else is skipped, never run on an empty stand-in."""
    run: list[tuple[Rule, Check]] = []
    skipped: dict[str, list[str]] = {}
    for rule in rules:
        if not rule.applies_to(kind):
            continue
        check = checker(rule)
        missing = set(check.needs - known) if known is not None else set()
        if missing:
            skipped[rule.id] = sorted(missing | set(skipped.get(rule.id, [])))
        else:
            run.append((rule, check))
    return run, skipped


def check_draft(text: str, notes: Notes, kind: str = "thank-you", rules: list[Rule] | None = None,
                known: frozenset[Need] | None = None) -> CheckReport:
    """Check ``text`` against every enabled rule for ``kind`` that ``known`` allows (:func:`runnable`);
    violations sorted by position.

    The signature block under the name (profile.signature) is the user's own: no rule sees it."""
    ctx = CheckContext(text=split_signature(text, notes.signature)[0], notes=notes, kind=kind)
    run, skipped = runnable(rules if rules is not None else load_rules(), kind, known)
    report = CheckReport(kind=kind, rules_skipped=skipped)
    for rule, check in run:
        report.rules_checked.append(rule.id)
        for finding in check.find(ctx):
            line, column = line_col(text, finding.start)
            if check.private_findings:  # what it quotes never goes back into a prompt (issue 17)
                message, span, note = rule.message, "", finding.detail
            else:
                message, span, note = rule.message + (f" ({finding.detail})" if finding.detail else ""), text[finding.start : finding.end], None
            report.violations.append(
                Violation(
                    rule=rule.id, name=rule.name, severity=rule.severity, message=message, line=line, column=column,
                    start=finding.start, end=finding.end, span=span, private=check.private_findings, note=note,
                )
            )
    report.violations.sort(key=lambda v: (v.start, v.rule))
    return report


def apply_fixes(text: str, notes: Notes, kind: str = "thank-you", rules: list[Rule] | None = None,
                known: frozenset[Need] | None = None) -> tuple[str, list[str]]:
    """Apply the safe fix of every enabled rule for ``kind`` that offers one (in rule order; only the
    rules ``known`` allows, as in :func:`check_draft`).

    Returns the fixed text and the ids of the rules whose fix changed it. A fix only
    removes or normalizes characters (emoji, extra '!', doubled words); it never adds a fact.
    The signature block is left as the user wrote it.
    """
    text, signature = split_signature(text, notes.signature)
    fixed_by: list[str] = []
    for rule, check in runnable(rules if rules is not None else load_rules(), kind, known)[0]:
        fixed = check.fix(text, CheckContext(text=text, notes=notes, kind=kind))
        if fixed is not None and fixed != text:
            text = fixed
            if rule.id not in fixed_by:
                fixed_by.append(rule.id)
    return text + signature, fixed_by
