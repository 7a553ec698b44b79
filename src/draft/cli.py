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
from draft.files import read_user_text
from draft.guardrails import CheckReport, check_draft, load_rules
from draft.notes import Notes, read_notes_file

import datetime as dt

from draft.kinds import kinds

KINDS = list(kinds())
TIMING_EXIT = 3


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
        formatter.write("Usage: draft --notes NOTES.md [OPTIONS]\n")
        formatter.write("       draft check DRAFT.txt --notes NOTES.md [--kind KIND]\n")
        formatter.write("       draft plan --notes NOTES.md [--ics plan.ics]\n")


NOTES_HELP = """Markdown notes: YAML front matter or 'Key: value' lines (interviewer, company, role,
interview_date, sender, timeline, channel), then bullets under headings such as
'What we discussed', 'I forgot to mention', 'Concerns'."""


@click.group(cls=DraftGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help=NOTES_HELP)
@click.option("--to", multiple=True, help="Interviewer name (repeat for a panel); overrides the notes.")
@click.option("--company", help="Company; overrides the notes.")
@click.option("--role", help="Role; overrides the notes.")
@click.option("--sender", help="Your name for the sign-off; overrides the notes.")
@click.option("--kind", type=click.Choice(KINDS + ["next"]), default="thank-you", show_default=True,
              help="Kind of message; 'next' drafts whatever the plan says is due today.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Pretend today is this date (YYYY-MM-DD) for the timing rules.")
@click.option("--force", is_flag=True, help="Draft even when the timing rules say it is too early or too late; overwrite --out.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "eml"]), default="text", show_default=True,
              help="text to paste; markdown; json (subject, body, checks, attempts); eml (an RFC 5322 message to open in a mail client).")
@click.option("--out", type=click.Path(path_type=Path), help="Write the draft to this file instead of stdout (never overwrites without --force).")
@click.option("--tone", type=click.Choice(["formal", "neutral", "warm"]), help="Tone (default: from the notes' tone/industry).")
@click.option("--model", "model_option", metavar="PATH", help="A GGUF model file, or 'smollm2' / 'gemma'. Default: $DRAFT_MODEL, else SmolLM2-135M.")
@click.option("--strategy", type=click.Choice(["auto", "scaffold", "free", "template"]), default="auto", show_default=True,
              help="scaffold: the model completes sentences in a fixed frame (small models); free: it writes the body (1B+ models); template: no model.")
@click.option("--attempts", type=click.IntRange(1, 10), default=3, show_default=True, help="Model attempts before the template steps in.")
@click.option("--seed", type=int, default=0, show_default=True, help="Sampling seed: the same seed and notes give the same draft.")
@click.option("--threads", type=click.IntRange(1, 64), help="CPU threads for the model (default: half the cores).")
@click.option("--disable", multiple=True, metavar="RULE", help="Switch off a rule by id (e.g. C6); repeatable.")
@click.option("--no-cache", is_flag=True, help="Do not keep the evaluated prompt prefix on disk (~/.cache/draft/kv, or $DRAFT_CACHE_DIR).")
@click.option("--json", "as_json", is_flag=True, help="Print the draft, its checks and every attempt as JSON (same as --format json).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the draft (no attempt report on stderr).")
@click.option("--verbose", "-v", is_flag=True, help="Show llama.cpp's own log.")
@click.version_option(package_name="draft-followup")
@click.pass_context
def main(ctx: click.Context, notes_path, to, company, role, sender, kind, today, force, fmt, out, tone, model_option, strategy, attempts, seed, threads, disable, no_cache, as_json, quiet, verbose) -> None:
    """Write a personalized interview follow-up from your notes, privately, on this machine.

    A local GGUF model drafts it, deterministic rules check it (names, thanks, a specific
    topic, no invented facts, no begging...), failures are regenerated with feedback, and
    a template steps in when the model cannot get it right: what is printed always passes
    the hard rules. The draft goes to stdout; the attempt report to stderr.

    \b
    Examples:
      draft --notes examples/notes.md
      draft --notes notes.md --model ~/models/qwen2.5-1.5b-instruct-q4_k_m.gguf
      draft --notes notes.md --kind next --format eml --out followup.eml
      draft check my_draft.txt --notes notes.md
      draft plan --notes notes.md --ics plan.ics
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        notes = _load_notes(notes_path, _overrides(to, company, role, sender))
        if out is not None and out.exists() and not force:
            raise DraftError("already exists; pass --force to overwrite it", out)
        kind = _timing_guard(notes, kind, today.date() if today else dt.date.today(), force, quiet)
        text = _draft(notes, kind, tone, model_option, strategy, attempts, seed, threads, frozenset(disable), "json" if as_json else fmt, quiet, verbose, no_cache)
        _emit(text, out, quiet)
    except DraftError as error:
        _fail(error)


def _emit(text: str, out: Path | None, quiet: bool) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(out)
    except OSError as error:
        raise DraftError(f"cannot be written ({error.strerror})", out) from None
    _say(f"draft: wrote {out}", quiet)


def _timing_guard(notes: Notes, kind: str, today: dt.date, force: bool, quiet: bool) -> str:
    """Refuse the wrong message at the wrong time (exit 3), unless --force; resolve --kind next."""
    from draft.plan import build_plan, timing_advice, timing_refusal

    if notes.interview_date is None:
        if kind == "next":
            raise DraftError("--kind next needs the interview date: add 'interview_date: YYYY-MM-DD' to the notes")
        return kind
    plan = build_plan(notes, today)
    if kind == "next":
        step = plan.due
        if step is None:
            upcoming = next((s for s in plan.steps if s.status in ("upcoming", "stop")), None)
            later = f"; next: {upcoming.kind} on {upcoming.date.isoformat()} ({upcoming.reason})" if upcoming else ""
            raise TimingError(f"nothing is due today ({today.isoformat()}){later}")
        kind = "phone" if step.channel == "phone" else step.kind
        _say(f"draft: due today: {kind} ({', '.join(step.rules)}: {step.reason})", quiet)
        return kind
    advice = timing_advice(plan, kind)
    if advice:
        _say(f"draft: note: {advice}", quiet)
    refusal = timing_refusal(plan, kind, notes)
    if refusal and not force:
        raise TimingError(refusal + ". Use --force to draft it anyway.")
    if refusal:
        _say(f"draft: warning: {refusal} (drafting anyway: --force)", quiet)
    return kind


class TimingError(DraftError):
    exit_code = TIMING_EXIT


def _draft(notes, kind, tone, model_option, strategy, attempts, seed, threads, disabled, fmt, quiet, verbose, no_cache=False) -> str:
    from draft.loop import Settings, write_draft  # imported here: 'draft check' needs no model code
    from draft.output import render_result

    if notes.ignored:
        _say(f"draft: ignored {len(notes.ignored)} notes line(s) that read like instructions to the model: " + " | ".join(i[:60] for i in notes.ignored), quiet)
    generator = None
    cache_dir = None
    if strategy != "template":
        from draft.model import LlamaGenerator, kv_cache_dir, resolve_model_path

        cache_dir = None if no_cache else kv_cache_dir()
        path = resolve_model_path(model_option)
        _say(f"draft: loading {path.name} ...", quiet)
        generator = LlamaGenerator(path, threads=threads, verbose=verbose)
        _say(f"draft: model ready in {generator.load_seconds:.2f} s", quiet)
    result = write_draft(notes, generator, Settings(kind=kind, attempts=attempts, seed=seed, strategy=strategy, tone=tone, disabled=disabled, cache_dir=cache_dir))
    if result.left_out:
        _say(f"draft: left out {len(result.left_out)} least specific notes item(s) to fit the model's context: " + " | ".join(i[:50] for i in result.left_out), quiet)
    for attempt in result.attempts:
        if attempt.passed:
            outcome = "passed"
        elif attempt.failed_rules:
            outcome = "failed rules: " + ", ".join(attempt.failed_rules)
        else:
            outcome = "sentences rejected by the quality filters"
        _say(
            f"draft: attempt {attempt.number} ({attempt.strategy}): {outcome}; "
            f"{attempt.generations} generation(s), {attempt.prompt_tokens} prompt + {attempt.completion_tokens} completion tokens, {attempt.seconds:.2f} s",
            quiet,
        )
    origin = {"model": f"the model ({result.model_sentences} model-written part(s))", "template": "the fallback template"}[result.source]
    soft = f"; advice: {', '.join(sorted({v.rule for v in result.report.soft}))}" if result.report.soft else ""
    _say(f"draft: written by {origin}; {len(result.report.rules_checked)} rules checked, every hard rule passes{soft}; {result.seconds:.2f} s", quiet)
    return render_result(result, notes, fmt)


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
@click.option("--kind", type=click.Choice(KINDS), default="thank-you", show_default=True, help="The kind of message the draft is.")
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


@main.command("plan")
@click.option("--notes", "notes_path", type=click.Path(path_type=Path), help="The interview notes, with their log (sent:, reply:, rejected:).")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Plan as of this date (default: today).")
@click.option("--ics", "ics_path", type=click.Path(path_type=Path), help="Also write the schedule as an iCalendar file.")
@click.option("--force", is_flag=True, help="Overwrite an existing --ics file.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
def plan_command(notes_path, today, ics_path, force, as_json) -> None:
    """When to follow up: the thank-you within 24 h, a status check after the stated
    timeline (or a week), a second a week later, then stop; never two in one day.

    Record what you sent in the notes (sent: [{kind: thank-you, date: 2026-11-20}],
    reply: DATE, rejected: true) and the plan moves on.
    """
    from draft.output import plan_to_ics
    from draft.plan import build_plan

    try:
        notes = _load_notes(notes_path, {})
        plan = build_plan(notes, today.date() if today else dt.date.today())
        if ics_path is not None:
            if ics_path.exists() and not force:
                raise DraftError("already exists; pass --force to overwrite it", ics_path)
            try:
                ics_path.write_bytes(plan_to_ics(plan, notes))
            except OSError as error:
                raise DraftError(f"cannot be written ({error.strerror})", ics_path) from None
    except DraftError as error:
        _fail(error)
        return
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


def _read_draft(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    return read_user_text(path, DraftError, "a draft", "")

if __name__ == "__main__":
    main()
