"""``draft plan``: when to follow up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from draft.cli.options import fail, json_option, load_notes, today_option
from draft.errors import DraftError


@click.command("plan")
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="The interview notes, with their log (sent:, reply:, rejected:).")
@today_option("Plan as of this date (default: today).")
@click.option("--ics", "ics_path", type=click.Path(path_type=Path), help="Also write the schedule as an iCalendar file.")
@click.option("--force", is_flag=True, help="Overwrite an existing --ics file.")
@json_option
def command(notes_path, today, ics_path, force, as_json) -> None:
    """When to follow up: the thank-you within 24 h, a status check after the stated
    timeline (or a week), a second a week later, then stop; never two in one day.

    Record what you sent in the notes (sent: [{kind: thank-you, date: 2026-11-20}],
    reply: DATE, rejected: true) and the plan moves on.
    """
    from draft.output import plan_to_ics, write_output
    from draft.plan import build_plan

    try:
        notes = load_notes(notes_path)
        plan = build_plan(notes, today.date() if today else dt.date.today())
        if ics_path is not None:
            write_output(plan_to_ics(plan, notes), ics_path, force)
    except DraftError as error:
        fail(error)
    if as_json:
        click.echo(plan.model_dump_json(indent=2))
        return
    click.echo(f"Follow-up plan: {notes.role} at {notes.company}, interview {plan.interview_date.isoformat()}, as of {plan.today.isoformat()}")
    if plan.timeline:
        click.echo(f"Their timeline: {plan.timeline!r}" + (f" -> {plan.timeline_date.isoformat()}" if plan.timeline_date else " (no date found in it)"))
    for step in plan.steps:
        click.echo(f"  {step.date.isoformat()} {step.date.strftime('%a')}  {step.kind:<16} {step.status:<9} {','.join(step.rules):<12} {step.reason}")
    if ics_path is not None:
        click.echo(f"wrote {ics_path}", err=True)
