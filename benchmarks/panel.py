"""A blind reader panel: a shuffled packet of notes + drafts for human readers, a separate key, and scoring.

``python -m benchmarks.panel build`` drafts each case with each model and strategy and writes
``packet.md`` (random ids, the notes as written, the draft; nothing names the model, the
strategy or the case), ``rubric.md`` (what readers judge) and ``key.json`` (id -> case,
model, strategy, seed), which readers never see. Readers return ``ratings-<name>.jsonl``;
``python -m benchmarks.panel score`` joins them with the key and prints the table per model
and strategy, with the agreement between readers.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import click
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from benchmarks.runner import Case, load_cases
from draft.errors import DraftError
from draft.kinds import kind_spec

TEMPLATE = "template"
NO_MODEL = "-"  # the key's model for template drafts, which no model writes

RUBRIC = """# Rubric for readers

You rate drafts of interview follow-up messages. Each item of `packet.md` shows the job
seeker's notes, written for themselves right after the interview, and a draft written
from them. Read every item in two roles:

- **(a) the hiring manager** who interviewed the job seeker and receives this message;
- **(b) the job seeker**, deciding whether to send the draft as it is.

## Verdict (one per item)

- `send`: you would paste it and send it without touching it.
- `edit`: a small edit first (one word or one sentence).
- `rewrite`: more than that.

## Counts (0 when there is none)

- `grammar`: grammar errors (a broken sentence, a wrong verb form, a missing word, wrong capitalization).
- `unsupported`: unsupported claims: anything the notes do not support (an invented fact,
  number, opinion or experience).
- `leaks`: anything private or unprofessional from the notes that should not reach the
  interviewer: opinions of people or the office, pay and benefits, commute, doubts and
  self-assessments, logistics ("30 min, video"), worries as written, shorthand ("abt", "w/").
- `odd`: odd sentences: awkward, filler, the wrong person ("her team" written to her),
  robotic or repetitive.

## How to answer

One JSON object per line in `ratings-<your name>.jsonl`, one line per item, in any order:

```json
{"id": "3f2a9c1b", "verdict": "edit", "grammar": 1, "unsupported": 0, "leaks": 0, "odd": 1, "comment": "the second sentence pastes a note"}
```

Rate on your own: do not compare notes with the other reader until both files are handed in.
"""


class PanelError(DraftError):
    """A panel file (ratings, key) is missing or malformed, or an option is wrong."""


class KeyEntry(BaseModel):
    """What an id stands for; only the key holds it."""

    case: str
    corpus: str
    kind: str
    model: str
    strategy: str
    seed: int


class PacketItem(BaseModel):
    id: str
    notes: str
    kind: str = Field("", description="the kind of message the job seeker asked for ('handwritten thank-you note'): readers judge a note card as one")
    draft: str
    key: KeyEntry


class Rating(BaseModel):
    """One reader's judgement of one packet item."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    verdict: Literal["send", "edit", "rewrite"]
    grammar: int = Field(ge=0)
    unsupported: int = Field(ge=0)
    leaks: int = Field(ge=0)
    odd: int = Field(ge=0)
    comment: str = ""


Drafter = Callable[[Case, str, str, int], str]
"""(case, model, strategy, seed) -> the draft's text."""


def notes_as_written(path: Path) -> str:
    """The notes file's text as its author wrote it (line endings made uniform for reading)."""
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def build_items(cases: list[Case], models: list[str], strategies: list[str], per_case: int, seed: int, drafter: Drafter) -> list[PacketItem]:
    """Every (case, model, strategy, repeat) drafted, with random ids, shuffled; deterministic for ``seed``.

    Template drafts do not depend on the model or the seed: each case gets one."""
    rng = random.Random(seed)
    items: list[PacketItem] = []
    used: set[str] = set()
    for case in cases:
        notes = notes_as_written(case.path) + (f"\n[the job seeker's settings sign with: {case.profile.name}]\n" if case.profile.name else "") \
            + (f"\n[the job seeker's settings give their phone: {case.profile.phone}]\n" if case.profile.phone else "")
        for strategy in strategies:
            runs = [(NO_MODEL, 0)] if strategy == TEMPLATE else [(m, seed + i) for m in models for i in range(per_case)]
            for model, draft_seed in runs:
                draft_id = f"{rng.getrandbits(32):08x}"
                while draft_id in used:
                    draft_id = f"{rng.getrandbits(32):08x}"
                used.add(draft_id)
                text = drafter(case, model, strategy, draft_seed)
                items.append(PacketItem(id=draft_id, notes=notes, draft=text, kind=kind_spec(case.kind).label, key=KeyEntry(
                    case=case.name, corpus=case.corpus, kind=case.kind, model=model, strategy=strategy, seed=draft_seed)))
    rng.shuffle(items)
    return items


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def packet_markdown(items: list[PacketItem]) -> str:
    """The readers' packet: ids, notes and drafts only."""
    parts = [
        "# Reader packet\n",
        f"{len(items)} items. Read `rubric.md` first. Each item shows the job seeker's notes, as they "
        "wrote them, and a draft written from them; rate every item in `ratings-<your name>.jsonl`, "
        "one line per item, keyed by the item's id.\n",
    ]
    for number, item in enumerate(items, 1):
        notes_fence, draft_fence = _fence(item.notes), _fence(item.draft)
        parts.append(f"## Item {number}: id `{item.id}`\n\n### Notes\n\n{notes_fence}text\n{item.notes.rstrip()}\n{notes_fence}\n\n"
                     + (f"The job seeker asked for: a {item.kind}.\n\n" if item.kind else "")
                     + f"### Draft\n\n{draft_fence}text\n{item.draft.rstrip()}\n{draft_fence}\n")
    return "\n".join(parts)


def write_panel(out: Path, items: list[PacketItem]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "packet.md").write_text(packet_markdown(items), encoding="utf-8")
    (out / "rubric.md").write_text(RUBRIC, encoding="utf-8")
    key = {item.id: item.key.model_dump() for item in items}
    (out / "key.json").write_text(json.dumps(key, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_key(path: Path) -> dict[str, KeyEntry]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {draft_id: KeyEntry.model_validate(entry) for draft_id, entry in raw.items()}
    except FileNotFoundError:
        raise PanelError("no such key file (build writes key.json beside packet.md; pass --key)", path) from None
    except (json.JSONDecodeError, AttributeError, ValidationError) as error:
        raise PanelError(f"not a panel key: {str(error).splitlines()[0]}", path) from None


def read_ratings(path: Path, key: dict[str, KeyEntry]) -> list[Rating]:
    """One reader's ratings; a bad line is a one-line error naming file:line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PanelError("no such ratings file", path) from None
    ratings: list[Rating] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            rating = Rating.model_validate_json(line)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise PanelError(f"{field + ': ' if field else ''}{first['msg']}", where) from None
        if rating.id not in key:
            raise PanelError(f"id {rating.id!r} is not in the key", where)
        if rating.id in seen:
            raise PanelError(f"id {rating.id!r} is rated twice in this file", where)
        seen.add(rating.id)
        ratings.append(rating)
    if not ratings:
        raise PanelError("holds no ratings", path)
    return ratings


def agreement(readers: list[list[Rating]]) -> tuple[float, int] | None:
    """Share of ids rated by both readers of a pair with the same verdict (mean over pairs), and the ids compared."""
    if len(readers) < 2:
        return None
    same = total = 0
    for first, second in itertools.combinations(readers, 2):
        verdicts = {r.id: r.verdict for r in first}
        shared = [r for r in second if r.id in verdicts]
        same += sum(verdicts[r.id] == r.verdict for r in shared)
        total += len(shared)
    return (same / total, total) if total else None


def score_table(readers: list[list[Rating]], key: dict[str, KeyEntry]) -> str:
    """The Markdown table per model and strategy, and the readers' agreement."""
    groups: dict[tuple[str, str], list[Rating]] = defaultdict(list)
    for rating in itertools.chain.from_iterable(readers):
        entry = key[rating.id]
        groups[(entry.model, entry.strategy)].append(rating)
    lines = ["| model | strategy | n | send | edit | rewrite | grammar | unsupported | leaks | odd |", "|---|---|---|---|---|---|---|---|---|---|"]
    for (model, strategy), group in sorted(groups.items()):
        n = len(group)
        share = lambda verdict: f"{sum(r.verdict == verdict for r in group) / n:.0%}"  # noqa: E731
        mean = lambda field: f"{sum(getattr(r, field) for r in group) / n:.2f}"  # noqa: E731
        lines.append(f"| {model} | {strategy} | {n} | {share('send')} | {share('edit')} | {share('rewrite')} | "
                     f"{mean('grammar')} | {mean('unsupported')} | {mean('leaks')} | {mean('odd')} |")
    agreed = agreement(readers)
    if agreed:
        lines += ["", f"Agreement between readers: {agreed[0]:.0%} of {agreed[1]} items rated by both have the same verdict."]
    lines += ["", "grammar, unsupported, leaks, odd: mean count per draft."]
    return "\n".join(lines)


def model_drafter(attempts: int = 3) -> Drafter:
    """Draft with the real pipeline; each model is loaded once, template drafts load none."""
    from draft.loop import Settings, write_draft
    from draft.model import LlamaGenerator, resolve_model_path

    loaded: dict[str, LlamaGenerator] = {}

    def draft(case: Case, model: str, strategy: str, seed: int) -> str:
        generator = None
        if strategy != TEMPLATE:
            if model not in loaded:
                loaded.clear()  # one model in memory at a time
                loaded[model] = LlamaGenerator(resolve_model_path(model))
            generator = loaded[model]
        result = write_draft(case.notes(), generator, Settings(kind=case.kind, seed=seed, strategy=strategy, attempts=attempts))
        return result.text

    return draft


def _split(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Blind reader panel: build a shuffled packet and a separate key; score the readers' ratings."""


@main.command()
@click.option("--corpus", type=click.Choice(["clean", "messy", "all"]), default="messy", show_default=True)
@click.option("--strategies", multiple=True, default=["auto,template"], show_default=True, help="Comma-separated: auto, template, scaffold, free.")
@click.option("--models", multiple=True, default=["smollm2"], show_default=True, help="Comma-separated GGUF paths or names.")
@click.option("--per-case", type=click.IntRange(1, 20), default=1, show_default=True, help="Model drafts per case and model (seeds seed, seed+1...).")
@click.option("--cases", "case_names", multiple=True, help="Only these cases.")
@click.option("--limit", type=int, help="Only the first N cases.")
@click.option("--seed", type=int, default=0, show_default=True, help="Ids, order and drafting seeds follow from it.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("panel"), show_default=True)
def build(corpus, strategies, models, per_case, case_names, limit, seed, out) -> None:
    """Draft each case with each model and strategy; write packet.md, rubric.md and key.json to --out."""
    cases = load_cases(list(case_names) or None, limit, None, corpus)
    if not cases:
        raise PanelError("no cases match --corpus/--cases/--limit")
    chosen = _split(strategies)
    if bad := [s for s in chosen if s not in ("auto", "template", "scaffold", "free")]:
        raise PanelError(f"--strategies: unknown strategy {bad[0]!r} (auto, template, scaffold, free)")
    items = build_items(cases, _split(models), chosen, per_case, seed, model_drafter())
    write_panel(out, items)
    click.echo(f"wrote {out / 'packet.md'} ({len(items)} items), {out / 'rubric.md'} and {out / 'key.json'}; "
               "give readers packet.md and rubric.md only", err=True)


@main.command()
@click.argument("ratings", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path), help="Default: key.json beside the first ratings file.")
def score(ratings, key_path) -> None:
    """Join ratings-*.jsonl with the key; print the table per model and strategy."""
    key = read_key(key_path or ratings[0].parent / "key.json")
    readers = [read_ratings(path, key) for path in ratings]
    click.echo(score_table(readers, key))


def run(argv: list[str] | None = None) -> int:
    try:
        main.main(args=argv, prog_name="python -m benchmarks.panel", standalone_mode=False)
    except DraftError as error:
        click.echo(f"error: {error.message}", err=True)
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(run())
