"""``draft --notes notes.md``: write a follow-up. The group itself is the main command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import click
from pydantic import BaseModel, ConfigDict

from draft.cli.options import RECALL_CHOICES, RecallChoice, country_option, fail, kind_names, load_notes, no_history_option, notes_options, overrides, rules_options, say, settings_path, today_option
from draft.config import Config
from draft.errors import DraftError

Format = Literal["text", "markdown", "json", "eml"]


class DraftGroup(click.Group):
    """``draft --notes x`` drafts; ``draft check ...`` lints: the group itself is the main command."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write("Usage: draft --notes NOTES.md [OPTIONS]\n")
        formatter.write("       draft COMMAND [ARGS]...   (check, plan, ...: 'draft COMMAND --help')\n")


class RunOptions(BaseModel):
    """Everything one ``draft`` run was asked to do, validated once at the edge."""

    model_config = ConfigDict(frozen=True)

    notes_path: Path | None
    header: dict
    kind: str = "thank-you"
    today: dt.date
    force: bool = False
    overwrite: bool = False
    fmt: Format = "text"
    out: Path | None = None
    open_client: bool = False
    tone: str | None = None
    model: str | None = None
    strategy: Literal["auto", "scaffold", "free", "body", "template"] = "auto"
    recall: RecallChoice = "auto"
    attempts: int = 3
    seed: int = 0
    threads: int | None = None
    disabled: frozenset[str] = frozenset()
    rules_dirs: tuple[Path, ...] = ()
    use_cache: bool = True
    quiet: bool = False
    verbose: bool = False
    backend: str | None = None
    settings_file: Config = Config()
    country: str | None = None
    no_history: bool = False
    each: bool | None = None  # None: one each when the notes ask for it
    addressee: str | None = None  # the name --to gave with an address ('Tom Becker <tom@example.com>'): whose the address is


def build_settings(**options) -> RunOptions:
    """Turn the command line's options into validated run settings (the settings file hooks in here)."""
    from draft.config import config_path, load_config, merge_run_options, rule_settings

    from draft.cli.recipients import addressee

    path = config_path(options.pop("config_path"))
    settings_file = load_config(path)
    options = merge_run_options(options, settings_file, path, kind_names() + ["next"])
    today = options.pop("today")
    options["addressee"] = addressee(options["to"])
    header = overrides(options.pop("to"), options.pop("company"), options.pop("role"), options.pop("sender"))
    as_json, fmt = options.pop("as_json"), options.pop("fmt")
    disabled, rules_dirs = rule_settings(settings_file, options.pop("disable"), tuple(options.pop("rules_dirs")))
    return RunOptions(
        header=header, today=today.date() if today else dt.date.today(),
        fmt="json" if as_json else fmt, disabled=disabled, rules_dirs=rules_dirs,
        use_cache=not options.pop("no_cache"), model=options.pop("model_option"), settings_file=settings_file, **options,
    )


@click.group(cls=DraftGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@notes_options
@click.option("--kind", type=click.Choice(kind_names() + ["next"]),
              help="Kind of message; 'next' drafts whatever the plan says is due today.  [default: thank-you, or the settings' defaults.kind]")
@today_option("Pretend today is this date (YYYY-MM-DD) for the timing rules.")
@click.option("--force", is_flag=True, help="Draft even when the timing rules say it is too early or too late (the timing rules only: see --overwrite).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "eml"]), default="text", show_default=True,
              help="text to paste; markdown; json (subject, body, checks, attempts); eml (an RFC 5322 message to open in a mail client).")
@click.option("--out", type=click.Path(path_type=Path), help="Write the draft to this file instead of stdout (an existing file only with --overwrite).")
@click.option("--overwrite", is_flag=True, help="Replace the --out file if it exists (a regular file only).")
@click.option("--open", "open_client", is_flag=True,
              help="Open the email in your mail client (nothing is sent): with --format eml the .eml file, else a new message (mailto:) with To, Subject and body.")
@click.option("--each/--together", default=None,
              help="A panel: one message per interviewer, each greeting only that person and recalling only what was theirs "
                   "(no detail in two messages), printed one after another; with --out, one file each (FILE-name.ext). One interviewer: one message. "
                   "Default: one each when the notes ask for it ('thank them separately'), else one message to all (--together).")
@click.option("--tone", type=click.Choice(["formal", "neutral", "warm"]), help="Tone (default: from the notes' tone/industry).")
@click.option("--model", "model_option", metavar="NAME", help="A name from 'draft models' (e.g. an Ollama tag), an alias from the settings, or a GGUF path; with --backend, the server's model. Default: $DRAFT_MODEL, the settings, else SmolLM2-135M.")
@click.option("--backend", metavar="URL", help="Generate on an OpenAI-compatible server (llama-server, Ollama's /v1, vLLM, llama-cpp-python's server). Default: $DRAFT_BACKEND, the settings, else in-process.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="The settings file (default: $DRAFT_CONFIG, else 'draft config path').")
@click.option("--strategy", type=click.Choice(["auto", "scaffold", "free", "body", "template"]), default="auto", show_default=True,
              help="scaffold: the model works sentence by sentence in a fixed frame (small models); free: it writes the body (1B+ models); body: the shipped body adapter writes it, each sentence gated (then scaffold); template: no model.")
@click.option("--recall", type=click.Choice(RECALL_CHOICES), default="auto", show_default=True,
              help="Where the sentences the model words from your notes go: draft: into the draft; own: only your own points to add "
                   "(what you forgot to say, what your notes ask the message to say) into it, the rest listed beside it; suggest: "
                   "all listed beside it (stderr) for you to add, the draft recalling only the role and company; auto: suggest with a model under 1B parameters (the default "
                   "135M one: blind readers rated its drafts better without its sentences), draft with a larger one, one of unknown size (a server "
                   "that does not say), or --strategy free/body.")
@click.option("--attempts", type=click.IntRange(1, 10), help="Model attempts before the template steps in.  [default: 3]")
@click.option("--seed", type=int, default=0, show_default=True, help="Sampling seed: the same seed and notes give the same draft.")
@click.option("--threads", type=click.IntRange(1, 64), help="CPU threads for the model (default: half the logical cores, and both of a 2-core machine).")
@rules_options
@country_option
@no_history_option
@click.option("--no-cache", is_flag=True, help="Do not keep the evaluated prompt prefix on disk.")
@click.option("--json", "as_json", is_flag=True, help="Print the draft, its checks and every attempt as JSON (same as --format json).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the draft (no attempt report on stderr).")
@click.option("--verbose", "-v", is_flag=True, help="Show llama.cpp's own log.")
@click.version_option(package_name="draft-followup")
@click.pass_context
def main(ctx: click.Context, **options) -> None:
    """Write a personalized interview follow-up from your notes, privately, on this machine.

    A local GGUF model drafts it, deterministic rules check it (names, thanks, a specific
    topic, no invented facts, nothing private, no begging...), failures are regenerated
    with feedback, and a template steps in when the model cannot get it right: what is
    printed always passes the hard rules. The draft goes to stdout; the report to stderr.

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
        run(build_settings(**options))
    except DraftError as error:
        fail(error)


def run(options: RunOptions) -> None:
    """Read the notes, decide the timing, draft, and print or write the result."""
    from draft.cli.panel import each_paths, joined
    from draft.output import write_output
    from draft.plan import timing_decision

    notes = load_notes(options.notes_path, options.header, options.today)
    from draft.each import asks_for_one_each

    asked = options.each is None and asks_for_one_each(notes)
    each = bool(options.each or asked) and len(notes.interviewers) > 1  # one interviewer: one message, as without --each
    outs = (each_paths(options.out, notes.interviewers) if each else [options.out]) if options.out is not None else []
    for out in outs:
        refuse_out_early(out, options.overwrite)
    from draft.cli.tracker import offer_to_record, timing_context
    from draft.history import log_unless_locked

    history, calendar = timing_context(options.country, options.no_history, options.settings_file)
    log, history = log_unless_locked(notes, history, lambda line: say(f"draft: warning: {line}", options.quiet))
    decision = timing_decision(notes, options.kind, options.today, options.force, log, calendar)
    from draft.cli.signing import sender_settings
    from draft.config import personalize
    from draft.kinds import is_email

    if options.open_client:
        from draft.cli.mailclient import refuse_open_early

        refuse_open_early(decision.kind, options.fmt)
    settings = sender_settings(notes, options.settings_file, settings_path(), decision.kind)  # on a terminal, asks once
    notes = personalize(notes, settings, email=is_email(decision.kind))
    if asked:
        say("draft: the notes ask for one message per interviewer: one each (--together for one message to all)", options.quiet)
    if options.each and not each:
        say(f"draft: --each: the notes name one interviewer ({notes.interviewers[0]}): one message", options.quiet)
    for notice in decision.notices:
        say(f"draft: {notice}", options.quiet)
    messages = draft_texts(notes, decision.kind, options, earlier=log.sent, each=each)
    if options.fmt == "eml":
        for message_notes, _ in messages:
            if not message_notes.email:
                whose = f" of the message to {message_notes.interviewers[0]}" if each else ""
                say(f"draft: the .eml{whose} has no To: add 'email: tom@example.com' to the notes, or pass --to 'Tom Becker <tom@example.com>'"
                    + (" (one address, for the person it names)" if each else ""), options.quiet)
    if options.out is None:
        text = joined([(n.interviewers[0], t) for n, t in messages], options.fmt) if each else messages[0][1]
        click.echo(text, nl=not text.endswith("\n"))
    else:
        for out, (_, text) in zip(outs, messages):
            write_output(text, out, options.overwrite)
            say(f"draft: wrote {out}", options.quiet)
    if options.open_client:
        from draft.cli.mailclient import open_message

        for (message_notes, text), out in zip(messages, outs or [None] * len(messages)):
            say(f"draft: opened {open_message(text, options.fmt, message_notes.email, out)} in your mail client", options.quiet)
    offer_to_record(notes, options.notes_path, decision.kind, options.today, decision.send_on, history, options.quiet)


def refuse_out_early(out: Path, overwrite: bool) -> None:
    """Say before drafting what --out cannot be: a directory, a link or a device (even with --overwrite),
    an existing file (without it), a path in a missing folder. Only an early answer: the write
    itself creates the file exclusively and checks again (draft.writing)."""
    import os
    import stat

    from draft.files import file_kind

    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        if not out.parent.is_dir():
            raise DraftError(f"cannot be written: there is no folder {out.parent}", out) from None
        return
    except OSError as error:
        raise DraftError(f"cannot be written ({error.strerror or error})", out) from None
    if stat.S_ISREG(mode):
        if not overwrite:
            raise DraftError("already exists; pass --overwrite to replace it", out)
        return
    kind = "a symbolic link" if stat.S_ISLNK(mode) else file_kind(mode)
    raise DraftError(f"is {kind}; give the path of a regular file to write", out)


def draft_texts(notes, kind: str, options: RunOptions, earlier=(), each: bool = False) -> list[tuple]:
    """Load the model (unless --strategy template), write the draft (``each``: one per interviewer), report on stderr,
    render the format: each message's notes (its interviewer and address) with its text. ``earlier``: the messages
    recorded for this round, whose content is not said again."""
    from draft.loop import Settings, write_draft, write_each  # imported here: 'draft check' needs no model code

    for warning in notes.warnings:  # what was read leniently: a date that could not be read is left out
        say(f"draft: {warning}", options.quiet)
    if notes.ignored:
        say(f"draft: ignored {len(notes.ignored)} notes line(s) that read like instructions to the model: " + " | ".join(i[:60] for i in notes.ignored), options.quiet)
    from draft.config import file_tone

    generator, cache_dir = load_generator(notes, options)
    settings = Settings(kind=kind, attempts=options.attempts, seed=options.seed, strategy=options.strategy, recall=options.recall,
                        tone=options.tone or file_tone(notes, options.settings_file),
                        disabled=options.disabled, rules_dirs=options.rules_dirs, cache_dir=cache_dir, earlier=list(earlier))
    if not each:
        result = write_draft(notes, generator, settings)
        report_result(result, options)
        return [(notes, render(result, notes, options, generator))]
    messages = []
    for result in write_each(notes, generator, settings, options.addressee):
        say(f"draft: the message to {result.notes.interviewers[0]}:", options.quiet)
        report_result(result, options)
        messages.append((result.notes, render(result, result.notes, options, generator)))
    return messages


def load_generator(notes, options: RunOptions):
    """The model that drafts (None with --strategy template) and the folder of its prompt cache."""
    if options.strategy != "template" and options.backend:
        from draft.backends import server_generator

        generator = server_generator(options.backend, options.settings_file, options.model)
        generator.withhold([*notes.private, *notes.ignored])  # never sent, whatever prompt holds them (issue 17)
        say(f"draft: generating on {generator.name} ({generator.info.capabilities.template} prompts)", options.quiet)
        return generator, None
    if options.strategy != "template":
        from draft.model import LlamaGenerator, kv_cache_dir, resolve_model_path

        cache_dir = kv_cache_dir() if options.use_cache else None
        path = resolve_model_path(options.model, configured=options.settings_file.defaults.model,
                                  aliases=options.settings_file.models.aliases, folders=options.settings_file.models.folders)
        say(f"draft: loading {path.name} ...", options.quiet)
        generator = LlamaGenerator(path, threads=options.threads, verbose=options.verbose)
        say(f"draft: model ready in {generator.load_seconds:.2f} s", options.quiet)
        return generator, cache_dir
    return None, None


def report_result(result, options: RunOptions) -> None:
    """How the draft was made, on stderr; what was left out because an earlier message said it; a draft that recalls
    nothing specific is always said, even with --quiet."""
    from draft.output import attempt_report

    for line in attempt_report(result):
        say(f"draft: {line}", options.quiet)
    if result.said_before:
        shown = " | ".join(line[:50] for line in result.said_before[:4]) + (" | ..." if len(result.said_before) > 4 else "")
        say(f"draft: left out {len(result.said_before)} notes line(s) {result.said_before_by} already said: {shown}", options.quiet)
    offered = result.reading.offered if result.reading else []
    for number, sentence in enumerate(offered, 1):  # never quiet: this is content for the draft, not a report
        say(f"draft: you could add ({number} of {len(offered)}, the model's wording from your notes: check it is true): {sentence}", False)
    if not result.recalled and not offered:  # precision first: no specific topic rather than a wrong one, and the user is told
        where = "<stdin>" if str(options.notes_path) == "-" else options.notes_path
        if result.said_before:
            say(f"draft: note: {where}: everything specific the notes hold was said by {result.said_before_by}, so this message recalls nothing specific", False)
        else:
            say(f"draft: note: {where}: nothing in the notes could be said as a specific topic, so the draft thanks them for the conversation about the role; 'draft explain' shows why each line was held back", False)


def render(result, notes, options: RunOptions, generator) -> str:
    """The draft in the asked format; as JSON with a server, exactly what left the machine."""
    from draft.output import render_result

    text = render_result(result, notes, options.fmt, sender_email=options.settings_file.profile.email)
    sent = getattr(generator, "sent", None)
    if options.fmt == "json" and sent is not None:  # exactly what left the machine (the API key is a header, never recorded)
        import json

        data = json.loads(text) | {"backend": {"url": generator.url, "model": generator.model,
                                              "capabilities": generator.info.capabilities.model_dump(), "sent": sent}}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return text
