"""What ``draft rules`` shows: every rule as a plain record (like ``vale ls-config``)."""

from __future__ import annotations

import re
from typing import Any

from draft.guardrails.models import Rule
from draft.kinds import kinds as all_kinds


def in_id_order(rules: list[Rule]) -> list[Rule]:
    """C1, C2, ..., C10, F1, ...: by the id's letters, then its number, then the name."""
    def key(rule: Rule) -> tuple[str, int, str]:
        match = re.fullmatch(r"([A-Za-z]*)(\d*)(.*)", rule.id)
        letters, number, rest = match.groups() if match else (rule.id, "", "")
        return (letters, int(number or 0), rest + rule.name)

    return sorted(rules, key=key)


def kinds_label(kinds: list[str]) -> str:
    """'all', 'all but phone', or the kinds themselves."""
    if "*" in kinds:
        return "all"
    missing = [k for k in all_kinds() if k not in kinds]
    if not missing:
        return "all"
    return "all but " + ",".join(missing) if len(missing) <= 2 else ",".join(kinds)


def rule_record(rule: Rule) -> dict[str, Any]:
    """A rule as JSON-ready data: its fields, typed parameters (defaults filled in) and example count."""
    params = rule.params.model_dump() if hasattr(rule.params, "model_dump") else dict(rule.params)
    return {
        "id": rule.id, "name": rule.name, "severity": rule.severity, "enabled": rule.enabled, "kinds": rule.kinds,
        "check": rule.check, "message": rule.message, "source": rule.source, "file": rule.file,
        "params": params, "examples": len(rule.examples),
    }


def rule_table(rules: list[Rule]) -> list[str]:
    """One aligned line per rule: id, severity, kinds, check type, file, message."""
    rows = [("ID", "SEVERITY", "KINDS", "CHECK", "FILE", "MESSAGE")]
    for rule in in_id_order(rules):
        severity = rule.severity if rule.enabled else f"{rule.severity} (off)"
        rows.append((rule.id, severity, kinds_label(rule.kinds), rule.check, rule.file, rule.message))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5] for row in rows]
