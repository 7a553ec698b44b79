"""The command line: a thin edge that reads files, calls the pipeline and prints.

    draft --notes notes.md                 write a follow-up from interview notes
    draft check DRAFT.txt --notes notes.md lint any draft against the rules
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from draft.errors import DraftError
from draft.guardrails import CheckReport, check_draft, load_rules
from draft.notes import Notes, read_notes_file

KINDS = ["thank-you"]


def _fail(error: DraftError) -> None:
    click.echo(f"draft: error: {error.message}", err=True)
    sys.exit(error.exit_code)


def _overrides(to: tuple[str, ...], company: str | None, role: str | None, sender: str | None) -> dict:
    return {"interviewers": list(to) if to else None, "company": company, "role": role, "sender": sender}


def _load_notes(path: Path | None, overrides: dict) -> Notes:
    if path is None:
        raise DraftError("no notes given: pass --notes notes.md (see 'draft --help' for the format)")
    return read_notes_file(path, overrides)


def _say(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(message, err=True)


class DraftGroup(click.Group):
    """``draft --notes x`` drafts; ``draft check ...`` lints: the group itself is the main command."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("draft", "--notes NOTES.md [OPTIONS]\n       draft check DRAFT.txt --notes NOTES.md")


NOTES_HELP = """Markdown notes: YAML front matter or 'Key: value' lines (interviewer, company, role,
interview_date, sender, timeline, channel), then bullets under headings such as
'What we discussed', 'I forgot to mention', 'Concerns'."""


@click.group(cls=DraftGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help=NOTES_HELP)
@click.option("--to", multiple=True, help="Interviewer name (repeat for a panel); overrides the notes.")
@click.option("--company", help="Company; overrides the notes.")
@click.option("--role", help="Role; overrides the notes.")
@click.option("--sender", help="Your name for the sign-off; overrides the notes.")
@click.option("--kind", type=click.Choice(KINDS), default="thank-you", show_default=True, help="Kind of message.")
@click.option("--tone", type=click.Choice(["formal", "neutral", "warm"]), help="Tone (default: from the notes' tone/industry).")
@click.option("--model", "model_option", metavar="PATH", help="A GGUF model file, or 'smollm2' / 'gemma'. Default: $DRAFT_MODEL, else SmolLM2-135M.")
@click.option("--strategy", type=click.Choice(["auto", "scaffold", "free", "template"]), default="auto", show_default=True,
              help="scaffold: the model completes sentences in a fixed frame (small models); free: it writes the body (1B+ models); template: no model.")
@click.option("--attempts", type=click.IntRange(1, 10), default=3, show_default=True, help="Model attempts before the template steps in.")
@click.option("--seed", type=int, default=0, show_default=True, help="Sampling seed: the same seed and notes give the same draft.")
@click.option("--threads", type=click.IntRange(1, 64), help="CPU threads for the model (default: half the cores).")
@click.option("--disable", multiple=True, metavar="RULE", help="Switch off a rule by id (e.g. C6); repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the draft, its checks and every attempt as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the draft (no attempt report on stderr).")
@click.option("--verbose", "-v", is_flag=True, help="Show llama.cpp's own log.")
@click.version_option(package_name="draft-followup")
@click.pass_context
def main(ctx: click.Context, notes_path, to, company, role, sender, kind, tone, model_option, strategy, attempts, seed, threads, disable, as_json, quiet, verbose) -> None:
    """Write a personalized interview follow-up from your notes, privately, on this machine.

    A local GGUF model drafts it, deterministic rules check it (names, thanks, a specific
    topic, no invented facts, no begging...), failures are regenerated with feedback, and
    a template steps in when the model cannot get it right: what is printed always passes
    the hard rules. The draft goes to stdout; the attempt report to stderr.

    \b
    Examples:
      draft --notes examples/notes.md
      draft --notes notes.md --model ~/models/qwen2.5-1.5b-instruct-q4_k_m.gguf
      draft check my_draft.txt --notes notes.md
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        _draft(notes_path, _overrides(to, company, role, sender), kind, tone, model_option, strategy, attempts, seed, threads, frozenset(disable), as_json, quiet, verbose)
    except DraftError as error:
        _fail(error)


def _draft(notes_path, overrides, kind, tone, model_option, strategy, attempts, seed, threads, disabled, as_json, quiet, verbose) -> None:
    from draft.loop import Settings, write_draft  # imported here: 'draft check' needs no model code

    notes = _load_notes(notes_path, overrides)
    if notes.ignored:
        _say(f"draft: ignored {len(notes.ignored)} notes line(s) that read like instructions to the model: " + " | ".join(i[:60] for i in notes.ignored), quiet)
    generator = None
    if strategy != "template":
        from draft.model import LlamaGenerator, resolve_model_path

        path = resolve_model_path(model_option)
        _say(f"draft: loading {path.name} ...", quiet)
        generator = LlamaGenerator(path, threads=threads, verbose=verbose)
        _say(f"draft: model ready in {generator.load_seconds:.2f} s", quiet)
    result = write_draft(notes, generator, Settings(kind=kind, attempts=attempts, seed=seed, strategy=strategy, tone=tone, disabled=disabled))
    if result.left_out:
        _say(f"draft: left out {len(result.left_out)} least specific notes item(s) to fit the model's context: " + " | ".join(i[:50] for i in result.left_out), quiet)
    for attempt in result.attempts:
        failed = ", ".join(attempt.failed_rules) or "none"
        _say(
            f"draft: attempt {attempt.number} ({attempt.strategy}): {'passed' if attempt.passed else 'failed rules: ' + failed}; "
            f"{attempt.generations} generation(s), {attempt.prompt_tokens} prompt + {attempt.completion_tokens} completion tokens, {attempt.seconds:.2f} s",
            quiet,
        )
    origin = {"model": f"the model ({result.model_sentences} model-written part(s))", "template": "the fallback template"}[result.source]
    soft = f"; advice: {', '.join(sorted({v.rule for v in result.report.soft}))}" if result.report.soft else ""
    _say(f"draft: written by {origin}; {len(result.report.rules_checked)} rules checked, every hard rule passes{soft}; {result.seconds:.2f} s", quiet)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(result.text.rstrip("\n"))


def _report_json(report: CheckReport, filename: str) -> str:
    return json.dumps(
        {"file": filename, "kind": report.kind, "passed": report.passed, "violations": [v.model_dump() for v in report.violations]},
        indent=2, ensure_ascii=False,
    )


@main.command("check")
@click.argument("draft_file", metavar="DRAFT", type=click.Path(path_type=Path))
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="The interview notes the draft must agree with.")
@click.option("--to", multiple=True, help="Interviewer name (repeat for a panel); overrides the notes.")
@click.option("--company", help="Company; overrides the notes.")
@click.option("--role", help="Role; overrides the notes.")
@click.option("--sender", help="Your name; overrides the notes.")
@click.option("--kind", type=click.Choice(KINDS), default="thank-you", show_default=True)
@click.option("--disable", multiple=True, metavar="RULE", help="Switch off a rule by id; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the violations as JSON.")
def check_command(draft_file: Path, notes_path, to, company, role, sender, kind, disable, as_json) -> None:
    """Lint a draft (yours or the tool's) against the rules, like a linter.

    Prints 'FILE:LINE:COL RULE message' for each violation; exits 1 when a hard rule
    fails, 0 otherwise. Use '-' to read the draft from stdin.
    """
    try:
        notes = _load_notes(notes_path, _overrides(to, company, role, sender))
        text = _read_draft(draft_file)
        report = check_draft(text, notes, kind, load_rules(disabled=frozenset(disable)))
    except DraftError as error:
        _fail(error)
        return
    name = str(draft_file)
    if as_json:
        click.echo(_report_json(report, name))
    else:
        for violation in report.violations:
            level = "" if violation.severity == "hard" else " (advice)"
            click.echo(violation.format(name) + level)
        click.echo(f"{name}: {len(report.hard)} hard, {len(report.soft)} soft; {'passes' if report.passed else 'FAILS'} the hard rules", err=True)
    sys.exit(0 if report.passed else 1)


def _read_draft(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError("no such file", path) from None
    except IsADirectoryError:
        raise DraftError("is a directory, not a draft", path) from None
    except OSError as error:
        raise DraftError(f"cannot be read ({error.strerror})", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DraftError(f"is not UTF-8 text (bad byte at offset {error.start})", path) from None
    if not text.strip():
        raise DraftError("is empty", path)
    return text


if __name__ == "__main__":
    main()
