"""Options shared by several commands, as decorators, and the small helpers every command uses."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from draft.errors import DraftError
from draft.kinds import kinds
from draft.notes import Notes, read_notes_file

NOTES_HELP = """Markdown notes: YAML front matter or 'Key: value' lines (interviewer, company, role,
interview_date, sender, timeline, channel), then bullets or sentences under headings such as
'What we discussed', 'I forgot to mention', 'Concerns', 'Notes to self'."""


def fail(error: DraftError) -> NoReturn:
    """Print a user error as one line and exit with its code (2, or 3 for timing)."""
    click.echo(f"draft: error: {error.message}", err=True)
    sys.exit(error.exit_code)


def say(message: str, quiet: bool = False) -> None:
    """A progress or report line on stderr (the draft itself goes to stdout)."""
    if not quiet:
        click.echo(message, err=True)


def kind_names() -> list[str]:
    return list(kinds())


def notes_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--notes and the overrides of the notes' header (--to, --company, --role, --sender)."""
    for decorator in reversed(
        [
            click.option("--notes", "notes_path", type=click.Path(path_type=Path), help=NOTES_HELP),
            click.option("--to", multiple=True, help="Interviewer name (repeat for a panel); overrides the notes."),
            click.option("--company", help="Company; overrides the notes."),
            click.option("--role", help="Role; overrides the notes."),
            click.option("--sender", help="Your name for the sign-off; overrides the notes."),
        ]
    ):
        function = decorator(function)
    return function


def rules_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--disable RULE and --rules DIR (both repeatable)."""
    function = click.option("--rules", "rules_dirs", multiple=True, type=click.Path(path_type=Path), metavar="DIR",
                            help="A folder of your own rule files (*.toml): they extend the shipped rules, and one with a shipped rule's id replaces it; repeatable. See 'draft rules'.")(function)
    return click.option("--disable", multiple=True, metavar="RULE", help="Switch off a rule by id (e.g. C6); repeatable.")(function)


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(function)


def today_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help=help_text)


def overrides(to: tuple[str, ...], company: str | None, role: str | None, sender: str | None) -> dict[str, Any]:
    return {"interviewers": list(to) if to else None, "company": company, "role": role, "sender": sender}


def load_notes(path: Path | None, header_overrides: dict[str, Any] | None = None, today: Any = None) -> Notes:
    if path is None:
        raise DraftError("no notes given: pass --notes notes.md (see 'draft --help' for the format)")
    return read_notes_file(path, header_overrides or {}, today)  # today: relative dates in the notes count from --today


def country_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--country: whose public holidays are not working days (the follow-up plan)."""
    return click.option("--country", metavar="CODE", help="Working days skip this country's public holidays (US, GB, DE, US-CA...). Default: profile.country in the settings, else the locale.")(function)


def no_history_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--no-history: neither read nor write the local record of what was sent."""
    return click.option("--no-history", is_flag=True, help="Do not read or write the local record of what was sent (draft sent, draft plan --all).")(function)
