"""Options shared by several commands, as decorators, and the small helpers every command uses."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, NoReturn, get_args

import click

from draft.errors import DraftError, NotesError
from draft.kinds import kinds
from draft.notes import Notes, read_notes_file
from draft.sanitize import parse_calendar_date

NOTES_HELP = """Markdown notes: YAML front matter or 'Key: value' lines (interviewer, company, role,
interview_date, sender, timeline, channel), then bullets or sentences under headings such as
'What we discussed', 'I forgot to mention', 'Concerns', 'Notes to self'."""


def fail(error: DraftError) -> NoReturn:
    """Print a user error as one line and exit with its code (2, or 3 for timing).

    A problem with the notes that names no file (found after parsing: nothing to say, no
    interview date for the plan) names the command's --notes file."""
    if isinstance(error, NotesError):
        context = click.get_current_context(silent=True)
        error = error.about(context.params.get("notes_path") if context else None)
    click.echo(f"draft: error: {error.message}", err=True)
    sys.exit(error.exit_code)


def settings_path(option: Path | None = None) -> Path:
    """The settings file a command reads: its own --config, else the main command's
    (``draft --config FILE plan ...``, ``draft --notes x --config FILE``), else $DRAFT_CONFIG,
    else the platform's config folder."""
    from draft.config import config_path

    if option is None:
        context = click.get_current_context(silent=True)
        if context is not None:
            option = context.find_root().params.get("config_path")
    return config_path(option)


def say(message: str, quiet: bool = False) -> None:
    """A progress or report line on stderr (the draft itself goes to stdout)."""
    if not quiet:
        click.echo(message, err=True)


RecallChoice = Literal["auto", "draft", "own", "suggest"]
"""``--recall``: where the learned reader's sentences go (``draft.loop.recall_scope`` reads it)."""
RECALL_CHOICES: list[str] = list(get_args(RecallChoice))


def kind_names() -> list[str]:
    return list(kinds())


def notes_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--notes and the overrides of the notes' header (--to, --company, --role, --sender)."""
    for decorator in reversed(
        [
            click.option("--notes", "notes_path", type=click.Path(path_type=Path), help=NOTES_HELP),
            click.option("--to", multiple=True, help="Interviewer name, or name and address ('Tom Becker <tom@example.com>': the eml's To); repeat for a panel; overrides the notes."),
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


class OptionError(click.BadParameter):
    """A bad option value, shown as one line naming the option (not click's usage block)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"draft: error: {self.message}", err=True)


class CalendarDay(click.ParamType):
    """A real calendar date, YYYY-MM-DD, in the years the tool plans for (sanitize.parse_calendar_date).

    Converted to a ``datetime`` at midnight: the commands call ``.date()`` on it."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.datetime:
        if isinstance(value, dt.datetime):
            return value
        name = param.opts[0] if param and param.opts else "the date"
        try:
            day = parse_calendar_date(value, name)
        except DraftError as error:
            raise OptionError(error.message, ctx=ctx, param=param) from None
        return dt.datetime.combine(day, dt.time())


def today_option(help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--today", type=CalendarDay(), help=help_text)


def overrides(to: tuple[str, ...], company: str | None, role: str | None, sender: str | None) -> dict[str, Any]:
    """The notes' header as the options give it; a --to of a name and an address gives the notes' 'email' too."""
    from draft.cli.recipients import named_addresses

    names, address = named_addresses(to)
    header = {"interviewers": names or None, "company": company, "role": role, "sender": sender}
    return header | ({"email": address} if address else {})


def load_notes(path: Path | None, header_overrides: dict[str, Any] | None = None, today: Any = None) -> Notes:
    if path is None:
        raise DraftError("no notes given: pass --notes notes.md (see 'draft --help' for the format)")
    return read_notes_file(path, header_overrides or {}, notes_written_on(path, today))


def notes_written_on(path: Path, today: Any = None) -> dt.date:
    """The day relative dates in a notes file ('interview_date: yesterday', 'last Thursday') count from:
    the day the file was last saved, or today (--today) when that is earlier. Notes written the day
    after the interview keep saying so four days later, instead of the interview moving with the calendar."""
    day = today.date() if isinstance(today, dt.datetime) else today or dt.date.today()
    if str(path) == "-":
        return day
    try:
        saved = dt.date.fromtimestamp(path.stat().st_mtime)
    except (OSError, OverflowError, ValueError):
        return day
    return min(day, saved) if saved.year > 1970 else day


def country_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--country: whose public holidays are not working days (the follow-up plan)."""
    return click.option("--country", metavar="CODE", help="Working days skip this country's public holidays (US, GB, DE, US-CA...). Default: profile.country in the settings, else the locale.")(function)


def no_history_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """--no-history: neither read nor write the local record of what was sent."""
    return click.option("--no-history", is_flag=True, help="Do not read or write the local record of what was sent (draft sent, draft plan --all).")(function)
