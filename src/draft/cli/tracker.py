"""``draft sent``, ``draft reply``, ``draft rejected``, ``draft history [clear]``: the local record.

    draft sent --notes notes.md --kind thank-you [--date yesterday] [--channel email]
    draft reply --notes notes.md [--date 2026-11-27]
    draft rejected --notes notes.md [--date 2026-11-30]
    draft history [--notes notes.md] [--json]
    draft history clear [--notes notes.md] [--yes]
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import click

from draft.cli.options import fail, json_option, kind_names, load_notes, no_history_option, say, settings_path, today_option
from draft.errors import DraftError

NOTES_OPTION_HELP = "The interview notes: company, role and interviewer name the application (renaming the file keeps its history)."


def timing_context(country: str | None, no_history: bool, settings=None):
    """The history (None when switched off) and the working-day calendar (``profile.working_days``, the country's
    holidays), from the options and the settings file (``settings`` when the caller has read it already, else the
    file --config or $DRAFT_CONFIG names)."""
    from draft.config import load_config
    from draft.dates import WorkCalendar, parse_working_days, resolve_country
    from draft.history import open_history

    settings = settings if settings is not None else load_config(settings_path())
    country = resolve_country(country, settings.profile.country, str(settings_path()))  # an unknown one names its source
    calendar = WorkCalendar(country, parse_working_days(settings.profile.working_days))
    return open_history(settings, no_history), calendar


def _day(value: str | None, today: dt.date, what: str) -> dt.date:
    from draft.dates import parse_day

    return parse_day(value, today, what) if value else today


def _today(today: dt.datetime | None) -> dt.date:
    return today.date() if today else dt.date.today()


def _history_or_fail(no_history: bool):
    history, _ = timing_context(None, no_history)
    if history is None:
        raise DraftError("the history is switched off (--no-history or '[history] enabled = false' in the settings); nothing was recorded")
    return history


def record_sent(notes_path: Path, day: dt.date, history, today: dt.date, kind: str, channel: str | None = None, force: bool = False) -> str:
    """Record ``kind`` as sent on ``day``; a second thank-you or a third check is refused (exit 3) unless ``force``."""
    from draft.errors import TimingError
    from draft.history import Event, log_for
    from draft.plan import recording_refusal

    notes = load_notes(notes_path, today=today)
    refuse_before_the_interview(notes, day, history)
    log = log_for(notes, history)
    refusal = recording_refusal(log, kind)
    if refusal and not force:
        raise TimingError(f"{refusal}; nothing recorded (--force records it anyway)")
    record_told_rejection(history, notes, log, day, notes_path)
    history.record(notes, Event(what="sent", kind=kind, date=day, channel=channel), notes_path.resolve())
    return f"recorded: {kind} sent on {day.isoformat()} for {notes.role} at {notes.company} ({notes.interviewers[0]}{round_label(history, notes)})"


def refuse_before_the_interview(notes, day: dt.date, history) -> None:
    """A message or an answer dated before the notes' interview belongs to no round of the record: refused (exit 2),
    unless an earlier round was recorded (then it is that round's: a reply that led to this interview)."""
    from draft.dates import describe

    if notes.interview_date and day < notes.interview_date and not any(start <= day for start in history.rounds(notes)):
        raise DraftError(f"--date {day.isoformat()} is before the interview in the notes ({describe(notes.interview_date)}); "
                         "what is recorded for an interview comes after it (check the date, or the notes' interview_date)")


def round_label(history, notes) -> str:
    """', round 2' when the application has had more than one interview, else ''."""
    rounds = history.rounds(notes)
    if len(rounds) < 2 or notes.interview_date not in rounds:
        return ""
    return f", round {rounds.index(notes.interview_date) + 1}"


def record_told_rejection(history, notes, log, day: dt.date, notes_path: Path) -> None:
    """When the notes say they said no ('got the rejection email') and the record does not know it yet, record it with
    what is sent, so 'draft plan --all' (which reads only the record) agrees with the notes."""
    from draft.history import Event

    if log.rejected_in_notes and not any(event.what == "rejected" for event in history.events(notes)):
        history.record(notes, Event(what="rejected", date=min(log.rejected_on or day, day)), notes_path.resolve())


def record_answer(what: str, notes_path: Path, day: dt.date, history, today: dt.date) -> str:
    """Record their answer (``what``: 'reply' or 'rejected') as given on ``day``."""
    from draft.history import Event

    notes = load_notes(notes_path, today=today)
    refuse_before_the_interview(notes, day, history)
    history.record(notes, Event(what=what, date=day), notes_path.resolve())
    said = "they replied" if what == "reply" else "they said no"
    return f"recorded: {said} on {day.isoformat()} ({notes.role} at {notes.company}{round_label(history, notes)}); 'draft plan --notes {notes_path}' shows what follows"


def record_command(name: str, summary: str, date_help: str, today_help: str, record: Callable[..., str], extra_options: tuple = ()) -> click.Command:
    """A command that records one event for --notes on --date (default: today) and prints what it recorded:
    ``record(notes_path, day, history, today, **extra_options' values)`` records it and returns that line."""

    def command(notes_path, date_text, today, no_history, **extra) -> None:
        try:
            history = _history_or_fail(no_history)
            day = _today(today)
            click.echo(record(notes_path, _day(date_text, day, "--date"), history, day, **extra))
        except DraftError as error:
            fail(error)

    command.__doc__ = summary
    for option in reversed([
        click.option("--notes", "notes_path", type=click.Path(path_type=Path), required=True, help=NOTES_OPTION_HELP),
        *extra_options,
        click.option("--date", "date_text", metavar="DATE", help=date_help),
        today_option(today_help),
        no_history_option,
    ]):
        command = option(command)
    return click.command(name)(command)


sent_command = record_command(
    "sent", "Record a message as sent, so the plan moves on and it is not drafted twice.",
    "When you sent it: 2026-11-20, 'yesterday', 'last Thursday', 'Nov 20' (default: today).",
    "Pretend today is this date (YYYY-MM-DD); relative --date values count from it.",
    extra_options=(
        click.option("--kind", type=click.Choice(kind_names()), required=True, help="The kind of message you sent."),
        click.option("--channel", help="How you sent it (email, LinkedIn, phone, card...)."),
        click.option("--force", is_flag=True, help="Record it even if the record already has one (a second thank-you, a third check)."),
    ),
    record=record_sent,
)
reply_command = record_command(
    "reply", "Record their reply: no more status checks; answer them instead.",
    "When they replied (default: today).", "Pretend today is this date (YYYY-MM-DD).",
    record=partial(record_answer, "reply"),
)
rejected_command = record_command(
    "rejected", "Record a rejection: only a feedback request or a keep-in-touch note follows.",
    "When they said no (default: today).", "Pretend today is this date (YYYY-MM-DD).",
    record=partial(record_answer, "rejected"),
)


@click.group("history", invoke_without_command=True)
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="Only this application (every round of it).")
@json_option
@click.pass_context
def history_group(ctx: click.Context, notes_path, as_json) -> None:
    """The local record of what was sent (a SQLite file in your data folder, readable only by you).

    Without a subcommand, lists what was recorded, per application, newest first: each
    interview (round), each message sent, their reply or their no. 'draft history clear'
    deletes it.
    """
    if ctx.invoked_subcommand is not None:
        return
    import json

    from draft.history import History

    try:
        history = History()
        applications = history.applications()
        if notes_path is not None:
            key = history.key(load_notes(notes_path))
            applications = [a for a in applications if a.key == key]
    except DraftError as error:
        fail(error)
    applications.sort(key=_last_activity, reverse=True)
    for problem in history.problems:  # a row draft cannot use: said, the others listed
        click.echo(f"draft: warning: {problem}", err=True)
    if as_json:
        click.echo(json.dumps([_as_data(a) for a in applications], indent=2, ensure_ascii=False))
    elif not applications:
        where = f" for {notes_path}" if notes_path else ""
        click.echo(f"Nothing recorded{where} yet: 'draft sent --notes FILE --kind thank-you' records the first message.")
    else:
        click.echo("\n\n".join("\n".join(history_lines(a)) for a in applications))


def _entries(application) -> list[tuple[dt.date, str]]:
    """The application's interviews and events, newest first (on one day, what followed the interview comes first)."""
    rounds = [(r.interview_date, 0, f"interview (round {i})" if len(application.rounds) > 1 else "interview")
              for i, r in enumerate(application.rounds, start=1)]
    said = {"reply": "they replied", "rejected": "they said no"}
    events = [(e.date, n, said.get(e.what) or f"sent {e.kind}" + (f" ({e.channel})" if e.channel else ""))
              for n, e in enumerate(application.all_events, start=1)]
    return [(day, text) for day, _, text in sorted(rounds + events, reverse=True)]


def _last_activity(application) -> dt.date:
    return max([day for day, _ in _entries(application)] or [dt.date.min])


def history_lines(application) -> list[str]:
    """One application as ``draft history`` prints it: a title line, then one line per entry, newest first."""
    where = f"; notes: {application.notes_path}" if application.notes_path else ""
    lines = [f"{application.role} at {application.company} ({', '.join(application.interviewers)}){where}"]
    return lines + [f"  {day.isoformat()} {day.strftime('%a')}  {text}" for day, text in _entries(application)]


def _as_data(application) -> dict:
    return {"application": application.title, "company": application.company, "role": application.role,
            "interviewers": application.interviewers, "notes_path": application.notes_path,
            "entries": [{"date": day.isoformat(), "what": text} for day, text in _entries(application)]}


@history_group.command("clear")
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="Forget only this application.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def clear_command(notes_path, yes) -> None:
    """Delete the record: every application, or the one --notes names."""
    from draft.history import History

    try:
        history = History()
        target = f"the history of {notes_path}" if notes_path else f"the whole history ({history.path})"
        if not yes:
            if not sys.stdin.isatty():
                raise DraftError(f"clearing {target} needs --yes when not asked on a terminal")
            click.confirm(f"Delete {target}?", abort=True, err=True)
        if notes_path:
            count = history.forget(load_notes(notes_path))
            click.echo(f"removed {count} recorded event(s) for {notes_path}")
        else:
            click.echo(f"removed {history.path}" if history.clear() else "no history to remove")
    except DraftError as error:
        fail(error)


def offer_to_record(notes, notes_path: Path | None, kind: str, today: dt.date, send_on: dt.date | None, history, quiet: bool = False) -> None:
    """After a draft is written on a terminal: 'Mark as sent today? [y/N]' (never when piped or scripted)."""
    from draft.history import Event, log_for
    from draft.plan import recording_refusal

    if history is None or notes_path is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return
    log = log_for(notes, history)
    if recording_refusal(log, kind):
        return
    day = send_on or today
    when = "today" if day == today else f"on {day.strftime('%A')} {day.isoformat()}"
    if click.confirm(f"Mark as sent {when}?", default=False, err=True):
        record_told_rejection(history, notes, log, day, notes_path)
        history.record(notes, Event(what="sent", kind=kind, date=day), notes_path.resolve())
        say(f"draft: recorded: {kind} sent on {day.isoformat()} ('draft plan --all' lists every application)", quiet)


commands = [sent_command, reply_command, rejected_command, history_group]
