"""``draft explain``: every notes line, what it was understood to be, and whether (and why) it will be said."""

from __future__ import annotations

import json
import textwrap

import click

from draft.cli.options import RECALL_CHOICES, fail, json_option, kind_names, load_notes, notes_options, overrides, say
from draft.errors import DraftError


def fate(entry) -> str:
    """said | offered (beside the draft: --recall) | held back (private by class) | left out (the message has enough) |
    dropped (the gates rejected it)."""
    verdict = entry.verdict
    if verdict.say:
        return "said"
    if entry.offered:
        return "offered"
    if verdict.reason and verdict.reason.startswith("not needed"):
        return "left out"
    if verdict.reason and (verdict.reason.startswith(("words", "names", "numbers", "form")) or verdict.reason == "nothing to say"):
        return "dropped"
    return "held back"


def rows(understood) -> list[dict]:
    return [{
        "line": entry.unit.line, "heading": entry.unit.heading, "text": entry.unit.text,
        "class": entry.reading.cls if entry.reading else entry.item.kind, "fate": fate(entry),
        "why": entry.verdict.reason or "passed every gate", "say": entry.verdict.say or entry.offered, "interviewer": entry.item.speaker,
    } for entry in understood]


@click.command("explain")
@notes_options
@click.option("--kind", type=click.Choice(kind_names()), default="thank-you", show_default=True, help="The message the notes are read for.")
@click.option("--model", "model_path", help="A GGUF model (default: the packaged model and its adapter).")
@click.option("--recall", type=click.Choice(RECALL_CHOICES), default="auto", show_default=True,
              help="As for drafting: whether what the model words is said in the draft (all, or only your own points) or offered beside it.")
@json_option
def command(notes_path, to, company, role, sender, kind, model_path, recall, as_json) -> None:
    """Show how `draft` reads your notes: every line, what it was understood to be, whether it will be said,
    offered beside the draft, held back as private, left out for space or dropped by a gate, why, and which
    interviewer it belongs to.

    Change a line and run it again to see what changes: this is where you learn what to write.
    """
    from draft.loop import Settings, recall_scope
    from draft.model import LlamaGenerator, resolve_model_path
    from draft.understood import understand_units

    try:
        notes = load_notes(notes_path, overrides(to, company, role, sender))
        path = resolve_model_path(str(model_path) if model_path else None)
        say(f"draft: reading {len(notes.units)} notes line(s) with {path.name} ...", as_json)
        reader = LlamaGenerator(path)
        understood = understand_units(notes, reader, kind, recall_scope(reader, Settings(kind=kind, recall=recall)))
    except DraftError as error:
        fail(error)
    found = rows(understood)
    if as_json:
        click.echo(json.dumps({"notes": str(notes_path), "kind": kind, "lines": found}, indent=2, ensure_ascii=False))
        return
    for row in found:
        who = f" [{row['interviewer']}]" if row["interviewer"] else ""
        click.echo(f"line {row['line']}: {row['fate']}: {row['class']}{who}: {row['why']}")
        click.echo(textwrap.indent(textwrap.fill(row["text"], 96), "    > "))
        if row["say"]:
            click.echo(textwrap.indent(textwrap.fill(row["say"], 96), "    = "))
    counts = {name: sum(r["fate"] == name for r in found) for name in ("said", "offered", "held back", "left out", "dropped")}
    click.echo("; ".join(f"{n} {name}" for name, n in counts.items()), err=True)
