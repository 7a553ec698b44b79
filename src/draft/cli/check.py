"""``draft check``: lint a draft against the rules, like a linter."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import click

from draft.cli.options import fail, json_option, kind_names, load_notes, notes_options, overrides, rules_options, settings_path
from draft.errors import DraftError
from draft.files import read_user_text
from draft.guardrails import CheckReport, apply_fixes, check_draft, load_rules
from draft.guardrails.checks.base import Need
from draft.notes import Notes, parse_notes

_PLACEHOLDER = "Unknown"  # stands in for a header field no option gave; no rule that reads it runs
_OPTION_OF: dict[str, str] = {"notes": "--notes", "interviewers": "--to", "company": "--company", "role": "--role", "sender": "--sender or profile.name"}


def _report_json(report: CheckReport, filename: str, fixed: str | None = None, fixed_by: list[str] | None = None) -> str:
    data = {"file": filename, "kind": report.kind, "passed": report.passed, "violations": [v.model_dump() for v in report.violations],
            "rules_checked": list(dict.fromkeys(report.rules_checked)), "rules_skipped": report.rules_skipped}
    if fixed is not None:
        data |= {"fixed": fixed, "fixed_by": fixed_by or []}
    return json.dumps(data, indent=2, ensure_ascii=False)


def header_notes(header: dict[str, Any]) -> tuple[Notes, frozenset[Need]]:
    """Notes made of the header options alone (no notes file), validated as a notes header is, and what
    they make known: a field no option gave is left empty, and the rules that read it are skipped."""
    given = {key: value for key, value in header.items() if value}
    placeholders = {key: [_PLACEHOLDER] if key == "interviewers" else _PLACEHOLDER for key in ("interviewers", "company", "role") if key not in given}
    try:
        notes = parse_notes("", given | placeholders)
    except DraftError as error:  # "'interviewer' must be a person's name" is about --to here
        problem = re.sub(r"^'(interviewer|company|role|sender)'", lambda m: _OPTION_OF["interviewers" if m[1] == "interviewer" else m[1]].split()[0], error.problem)
        raise DraftError(problem) from None
    blank = {key: [] if key == "interviewers" else "" for key in placeholders}
    known: frozenset[Need] = frozenset(key for key in ("interviewers", "company", "role", "sender") if key in given)
    return notes.model_copy(update=blank), known


def skipped_line(report: CheckReport, filename: str) -> str | None:
    """'FILE: skipped C3, C9 (they need --notes); C1 (needs --to)': the rules not run, grouped by what they lack."""
    if not report.rules_skipped:
        return None
    groups: dict[tuple[str, ...], list[str]] = {}
    for rule_id, needs in report.rules_skipped.items():
        groups.setdefault(("notes",) if "notes" in needs else tuple(needs), []).append(rule_id)
    parts = []
    for needs, ids in groups.items():
        verb = "needs" if len(ids) == 1 else "need"
        parts.append(f"{', '.join(sorted(ids))} ({verb} {' and '.join(_OPTION_OF[n] for n in needs)})")
    return f"{filename}: skipped {'; '.join(parts)}"


def _print_report(report: CheckReport, name: str, err: bool) -> None:
    for violation in report.violations:
        level = "" if violation.severity == "hard" else " (advice)"
        click.echo(violation.format(name) + level, err=err)


MAX_DRAFT_BYTES = 200_000  # a follow-up is a few hundred words; the limit keeps every rule fast


def read_draft(path: Path) -> str:
    """The message in ``path`` ('-': stdin), bounded, normalized, and unwrapped from the tool's .eml format."""
    from draft.sanitize import normalize_text
    from draft.text import plain_message

    text = read_user_text(path, DraftError, "a draft", "", MAX_DRAFT_BYTES)
    try:
        return plain_message(normalize_text(text, "the draft", multiline=True, keep_spacing=True))
    except DraftError as error:
        raise DraftError(error.problem, "<stdin>" if str(path) == "-" else path) from None


@click.command("check")
@click.argument("draft_file", metavar="DRAFT", type=click.Path(path_type=Path))
@notes_options
@click.option("--kind", type=click.Choice(kind_names()), default="thank-you", show_default=True, help="The kind of message the draft is.")
@rules_options
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="The settings file (default: $DRAFT_CONFIG, else 'draft config path'): its rules.disabled and rules.folder apply.")
@click.option("--fix", is_flag=True, help="Print the draft with the fixes the rules offer (emoji, extra '!', doubled words) on stdout, and what is left to fix on stderr; the file itself is not changed.")
@json_option
def command(draft_file: Path, notes_path, to, company, role, sender, kind, disable, rules_dirs, config_path, fix, as_json) -> None:
    """Lint a draft (yours or the tool's) against the rules, like a linter.

    Prints 'FILE:LINE:COL RULE message' for each violation; exits 1 when a hard rule
    fails, 0 otherwise. Use '-' to read the draft from stdin. The rules are those the
    main command drafts with: the settings file's rules.disabled and rules.folder too, and
    its profile (the name and signature block a draft is signed with).

    Without --notes, the rules that need none run (subject, length, phrasing, style) and
    the others are named as skipped; --to, --company, --role and --sender add the rules
    that need only them.
    """
    from draft.cli.signing import unsigned_warning
    from draft.config import load_config, personalize, rule_settings
    from draft.kinds import is_email

    try:
        settings = load_config(settings_path(config_path))
        disabled, folders = rule_settings(settings, disable, rules_dirs)
        header = overrides(to, company, role, sender)
        known: frozenset[Need] | None = None
        if notes_path is None:
            notes, known = header_notes(header)
        else:
            notes = load_notes(notes_path, header)
        notes = personalize(notes, settings, email=is_email(kind))  # your name and signature, as drafted
        if not notes.sender and notes_path is not None:  # what the draft said of the same notes and settings
            click.echo(unsigned_warning(kind), err=True)
        if known is not None and notes.sender:
            known |= {"sender"}
        text = read_draft(draft_file)
        rules = load_rules(disabled=disabled, extra=folders)
        fixed_by: list[str] = []
        if fix:
            text, fixed_by = apply_fixes(text, notes, kind, rules, known)
        report = check_draft(text, notes, kind, rules, known)
    except DraftError as error:
        fail(error)
    name = str(draft_file)
    if as_json:
        click.echo(_report_json(report, name, text if fix else None, fixed_by))
    else:
        if fix:
            click.echo(text, nl=not text.endswith("\n"))
            click.echo(f"{name}: fixed {', '.join(fixed_by)}" if fixed_by else f"{name}: no rule offers a fix for this draft", err=True)
        _print_report(report, name, err=fix)
        if skipped := skipped_line(report, name):
            click.echo(skipped, err=True)
        click.echo(f"{name}: {len(report.hard)} hard, {len(report.soft)} soft; {'passes' if report.passed else 'FAILS'} the hard rules", err=True)
    sys.exit(0 if report.passed else 1)
