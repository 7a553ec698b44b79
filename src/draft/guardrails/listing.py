"""What ``draft rules`` shows: every rule as a plain record (like ``vale ls-config``)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
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
    """'all', or the shorter of the kinds themselves and 'all but' the ones left out."""
    every = list(all_kinds())
    if "*" in kinds or all(k in kinds for k in every):
        return "all"
    listed = ",".join(k for k in every if k in kinds)
    but = "all but " + ",".join(k for k in every if k not in kinds)
    return but if len(but) < len(listed) else listed


def rule_record(rule: Rule) -> dict[str, Any]:
    """A rule as JSON-ready data: its fields, typed parameters (defaults filled in) and example count."""
    params = rule.params.model_dump() if hasattr(rule.params, "model_dump") else dict(rule.params)
    return {
        "id": rule.id, "name": rule.name, "severity": rule.severity, "enabled": rule.enabled, "kinds": rule.kinds,
        "check": rule.check, "message": rule.message, "source": rule.source, "file": rule.file,
        "params": params, "examples": len(rule.examples),
    }


WIDTH = 100  # columns of 'draft rules'


def rule_table(rules: list[Rule], folders: list[Path], width: int = WIDTH) -> list[str]:
    """Each rule as an aligned line (id, severity, kinds, file) and its message with its check type, wrapped, below
    it; files are named relative to their folder (``folders``: the shipped one first), which a legend names."""
    labels = _folder_labels(folders)
    rows = [("ID", "SEVERITY", "KINDS", "FILE")]
    messages = [""]
    for rule in in_id_order(rules):
        severity = rule.severity if rule.enabled else f"{rule.severity} (off)"
        rows.append((rule.id, severity, kinds_label(rule.kinds), _relative(rule.file, labels)))
        messages.append(f"{rule.message} [{rule.check}]")
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    room = max(12, width - sum(widths) - 2 * len(widths))
    lines = [_legend(labels)]
    indent = " " * (widths[0] + 2)
    for row, message in zip(rows, messages):
        cells = [cell.ljust(w) for cell, w in zip(row[:3], widths)] + [_shorten(row[3], room)]
        lines.append("  ".join(cells).rstrip())
        if message:
            lines += textwrap.wrap(message, width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False)
    return lines


def _folder_labels(folders: list[Path]) -> dict[Path, str]:
    """Each rule folder and how its files are named: the shipped folder's plainly, another's under its folder's name."""
    labels: dict[Path, str] = {}
    for index, folder in enumerate(folders):
        resolved = Path(folder).expanduser().resolve()
        labels.setdefault(resolved, "" if index == 0 else f"{resolved.name or 'rules'}/")
    return labels


def _relative(file: str, labels: dict[Path, str]) -> str:
    """The rule file as its folder's label and its name (as loaded when the folder is not one of ``labels``)."""
    path = Path(file).resolve()
    label = labels.get(path.parent)
    return file if label is None else label + path.name


def _legend(labels: dict[Path, str]) -> str:
    """'# FILE is relative to its folder:', then a line per folder ('#   <shipped folder> (shipped)', '#   rules/ =
    <your folder>'), the home folder as '~': an installed package's long path fits 100 columns on a line of its own."""
    home = str(Path.home())
    parts = []
    for folder, label in labels.items():
        shown = str(folder).replace(home, "~", 1) if str(folder).startswith(home + "/") else str(folder)
        parts.append(f"{shown} (shipped)" if not label else f"{label} = {shown}")
    return "\n".join(["# FILE is relative to its folder:", *(f"#   {part}" for part in parts)])  # a path is never cut


def _shorten(text: str, room: int) -> str:
    """``text`` in at most ``room`` characters, its middle left out ('my-long…name.toml')."""
    if len(text) <= room:
        return text
    keep = room - 1
    return text[: keep // 2] + "…" + text[len(text) - (keep - keep // 2):]
