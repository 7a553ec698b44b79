"""``draft new [FILE]``: a commented notes template to start from (``prompts/new_notes.md.j2``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import click

from draft.cli.options import CalendarDay, fail, say
from draft.errors import DraftError

# A header value YAML reads back as the same text without quotes; anything else is written as a quoted string.
_PLAIN = re.compile(r"[A-Za-z\u00C0-\u024F][\w .,'()&/+-]*")


def header_value(value: str, option: str, in_list: bool = False) -> str:
    """``value`` as one line of the notes' YAML header (an item of a ``[...]`` list when ``in_list``): normalized
    (no line breaks or control characters), quoted when YAML would read it otherwise."""
    from draft.sanitize import normalize_text

    text = normalize_text(value, option)
    if not text:
        raise DraftError(f"{option}: give a value, or leave the option out to fill it in later")
    plain = _PLAIN.fullmatch(text) and not (in_list and "," in text)
    return text if plain else json.dumps(text, ensure_ascii=False)


def notes_template(to: tuple[str, ...] = (), company: str | None = None, role: str | None = None, day: dt.date | None = None) -> str:
    """The template with what the options already know filled in (the rest left empty, for you to fill)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from draft.resources import data_dir

    names = [header_value(name, "--to", in_list=len(to) > 1) for name in to]
    values = {
        "interviewer": names[0] if len(names) == 1 else f"[{', '.join(names)}]" if names else "",
        "company": header_value(company, "--company") if company is not None else "",
        "role": header_value(role, "--role") if role is not None else "",
        "interview_date": (day or dt.date.today()).isoformat(),
    }
    environment = Environment(loader=FileSystemLoader(data_dir("prompts")), undefined=StrictUndefined, keep_trailing_newline=True)
    return environment.get_template("new_notes.md.j2").render(**values)


@click.command("new")
@click.argument("path", metavar="[FILE]", required=False, type=click.Path(path_type=Path))
@click.option("--to", multiple=True, help="The interviewer (repeat for a panel).")
@click.option("--company", help="The company.")
@click.option("--role", help="The role.")
@click.option("--date", "day", type=CalendarDay(), help="The interview date (YYYY-MM-DD).  [default: today]")
@click.option("--overwrite", is_flag=True, help="Replace FILE if it exists.")
def command(path: Path | None, to, company, role, day, overwrite) -> None:
    """Start a notes file: a commented template with the header keys and the sections
    'draft' reads, written to FILE (never over an existing one without --overwrite), or
    printed when no FILE is given. The comments never reach a draft.

    \b
    Examples:
      draft new notes.md --to "Dana Whitfield" --company Northwind --role "Data Engineer"
      draft new > notes.md
    """
    try:
        text = notes_template(to, company, role, day.date() if day else None)
        if path is None:
            click.echo(text, nl=False)
            return
        from draft.output import write_output

        write_output(text, path, overwrite)
    except DraftError as error:
        fail(error)
    say(f"draft: wrote {path}; fill it in, then: draft --notes {path}")
