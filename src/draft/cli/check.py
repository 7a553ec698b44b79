"""``draft check``: lint a draft against the rules, like a linter."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from draft.cli.options import fail, json_option, kind_names, load_notes, notes_options, overrides, rules_options, settings_path
from draft.errors import DraftError
from draft.files import read_user_text
from draft.guardrails import CheckReport, check_draft, load_rules


def _report_json(report: CheckReport, filename: str) -> str:
    return json.dumps(
        {"file": filename, "kind": report.kind, "passed": report.passed, "violations": [v.model_dump() for v in report.violations]},
        indent=2, ensure_ascii=False,
    )


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
@json_option
def command(draft_file: Path, notes_path, to, company, role, sender, kind, disable, rules_dirs, config_path, as_json) -> None:
    """Lint a draft (yours or the tool's) against the rules, like a linter.

    Prints 'FILE:LINE:COL RULE message' for each violation; exits 1 when a hard rule
    fails, 0 otherwise. Use '-' to read the draft from stdin. The rules are those the
    main command drafts with: the settings file's rules.disabled and rules.folder too, and
    its profile (the name and signature block a draft is signed with).
    """
    from draft.cli.signing import unsigned_warning
    from draft.config import load_config, personalize, rule_settings
    from draft.kinds import is_email

    try:
        settings = load_config(settings_path(config_path))
        disabled, folders = rule_settings(settings, disable, rules_dirs)
        notes = load_notes(notes_path, overrides(to, company, role, sender))
        notes = personalize(notes, settings, email=is_email(kind))  # your name and signature, as drafted
        if not notes.sender and notes_path is not None:  # what the draft said of the same notes and settings
            click.echo(unsigned_warning(kind), err=True)
        text = read_draft(draft_file)
        report = check_draft(text, notes, kind, load_rules(disabled=disabled, extra=folders))
    except DraftError as error:
        fail(error)
    name = str(draft_file)
    if as_json:
        click.echo(_report_json(report, name))
    else:
        for violation in report.violations:
            level = "" if violation.severity == "hard" else " (advice)"
            click.echo(violation.format(name) + level)
        click.echo(f"{name}: {len(report.hard)} hard, {len(report.soft)} soft; {'passes' if report.passed else 'FAILS'} the hard rules", err=True)
    sys.exit(0 if report.passed else 1)
