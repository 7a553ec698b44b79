"""``draft plan``: when to follow up, for one application or (``--all``) every one with a record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from draft.cli.options import country_option, fail, json_option, load_notes, no_history_option, today_option
from draft.errors import DraftError


@click.command("plan")
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="The interview notes (their log, sent:/reply:/rejected:, adds to the history's).")
@click.option("--all", "every", is_flag=True, help="Every application in the history, one line each: what is due, what comes next, which are finished.")
@today_option("Plan as of this date (default: today).")
@country_option
@no_history_option
@click.option("--ics", "ics_path", type=click.Path(path_type=Path), help="Also write the steps to come as an iCalendar file (a reminder at 09:00 on each).")
@click.option("--overwrite", is_flag=True, help="Replace an existing --ics file.")
@json_option
def command(notes_path, every, today, country, no_history, ics_path, overwrite, as_json) -> None:
    """When to follow up: the thank-you within 24 h, a status check after the stated
    timeline (or a week), a second a week later, then stop; never two in one day;
    weekends and public holidays skipped.

    Record what you send with 'draft sent --notes FILE --kind KIND' (or in the notes:
    sent: [{kind: thank-you, date: 2026-11-20}], reply: DATE, rejected: true) and the plan
    moves on. 'draft plan --all' lists every application you recorded.
    """
    from draft.cli.tracker import timing_context
    from draft.history import application_key, log_for
    from draft.output import write_output
    from draft.plan import Log, build_plan, plan_lines, summary_line
    from draft.reminders import PlannedApplication, plans_to_ics

    try:
        day = today.date() if today else dt.date.today()
        history, calendar = timing_context(country, no_history)
        if every == (notes_path is not None):
            raise DraftError("pass either --notes FILE (one application) or --all (every application in the history)")
        planned, skipped = [], []
        if every:
            if history is None:
                raise DraftError("--all lists the history, which is switched off (--no-history or '[history] enabled = false')")
            for application in history.applications():
                notes = application.as_notes()
                if notes.interview_date is None:
                    skipped.append(f"{application.title}: no interview date recorded; add one to its notes and record again")
                    continue
                plan = build_plan(notes, day, Log.of(notes, application.events), calendar)
                planned.append(PlannedApplication(key=application.key, title=application.title, plan=plan))
        else:
            notes = load_notes(notes_path, today=day)
            plan = build_plan(notes, day, log_for(notes, history), calendar)
            rounds = history.rounds(notes) if history else []
            which = f" (round {rounds.index(notes.interview_date) + 1})" if len(rounds) > 1 and notes.interview_date in rounds else ""
            key = history.key(notes) if history else application_key(notes)  # the same calendar UIDs as 'plan --all'
            planned.append(PlannedApplication(key=key, title=f"{notes.role} at {notes.company}{which}", plan=plan))
        if ics_path is not None:
            write_output(plans_to_ics(planned), ics_path, overwrite)
    except DraftError as error:
        fail(error)
    if as_json:
        data = [{"application": p.title, **json.loads(p.plan.model_dump_json())} for p in planned]
        click.echo(json.dumps(data if every else data[0], indent=2, ensure_ascii=False))
    elif every:
        if not planned and not skipped:
            click.echo("No application recorded yet: 'draft sent --notes FILE --kind thank-you' records the first message.")
        for application in planned:
            click.echo(summary_line(application.plan, application.title))
        for line in skipped:
            click.echo(line)
    else:
        click.echo("\n".join(plan_lines(planned[0].plan, planned[0].title)))
    for problem in getattr(history, "problems", []) if every else []:  # a row draft cannot use: said, the others listed
        click.echo(f"draft: warning: {problem}", err=True)
    if ics_path is not None:
        click.echo(f"wrote {ics_path}", err=True)
