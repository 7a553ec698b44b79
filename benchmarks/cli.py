"""python -m benchmarks: draft every corpus case (or your own notes) with each prompt variant and model; write JSON + Markdown."""

from __future__ import annotations

import datetime as dt
import platform
import sys
import tempfile
from pathlib import Path

import click

from benchmarks.comparison import compare_runs, compare_within, text_diffs
from benchmarks.report import aggregate, compare, failures_markdown, markdown_table
from benchmarks.runner import load_cases, load_notes_cases, run_matrix
from benchmarks.store import RunFile, default_folder, find_run, output_stem, read_run, refuse_to_replace, write_files
from draft.errors import DraftError


class PromptVariant(click.ParamType):
    """A folder of prompt files overlaying prompts/, or 'default' (None: the shipped prompts)."""

    name = "prompts"

    def convert(self, value, param, ctx):
        if value is None or isinstance(value, Path) or value == "default":
            return None if value == "default" else value
        return click.Path(exists=True, file_okay=False, path_type=Path).convert(value, param, ctx)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--models", multiple=True, default=["smollm2"], show_default=True, help="GGUF paths, or 'smollm2' / 'gemma', or any name 'draft models' lists; repeatable.")
@click.option("--prompts", "prompt_dirs", multiple=True, type=PromptVariant(), metavar="DIR|default",
              help="Prompt variant folders (each overlays prompts/), or 'default' for the shipped prompts; repeatable "
                   "('--prompts default --prompts mine/' drafts each case with both). Default: the shipped prompts.")
@click.option("--corpus", type=click.Choice(["clean", "messy", "all"]), default="clean", show_default=True,
              help="corpus/ (clean notes), corpus-messy/ (notes as people write them), or both.")
@click.option("--notes", "notes_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Your own notes files (DIR/*.md) instead of a corpus: a thank-you each, signed as your settings sign; "
                   "DIR/cases.toml may give a file's kind and expectations (must, never) as the corpus does.")
@click.option("--strategy", "strategies", multiple=True, type=click.Choice(["auto", "template", "scaffold", "free"]),
              help="Drafting strategies to compare (repeatable; default: auto).")
@click.option("--kinds", multiple=True, help="Only cases of these kinds.")
@click.option("--cases", "case_names", multiple=True, help="Only these cases (file names without .md).")
@click.option("--limit", type=click.IntRange(1), help="Only the first N cases.")
@click.option("--repeat", type=click.IntRange(1), default=1, show_default=True, help="Drafts per case (different seeds).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--attempts", type=click.IntRange(1), default=3, show_default=True)
@click.option("--threads", type=click.IntRange(1), help="CPU threads (default: the tool's default).")
@click.option("--kv-cache", default="fresh", show_default=True,
              help="Prompt-prefix KV cache on disk: 'fresh' (a new empty folder: each case starts cold), 'off', or a folder.")
@click.option("--sweep", is_flag=True, help="Also measure plain decode at 1..N threads, idle and with a busy process (several minutes).")
@click.option("--wide", is_flag=True, help="Print every column (the JSON and the .md file always hold them all).")
@click.option("--results", "results_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The folder the run's files go to. Default: 'benchmarks' in your data folder ($DRAFT_DATA_DIR, beside the history).")
@click.option("--out", metavar="NAME", help="This run's file name in the results folder (NAME.json, NAME.md), or a path. Default: run-<date>-<time>.")
@click.option("--overwrite", is_flag=True, help="Replace the files of an earlier run with the same --out NAME.")
@click.option("--compare", "compare_with", multiple=True, type=click.Path(path_type=Path), metavar="RUN",
              help="An earlier run (a results file, or its NAME in the results folder): compare this run with it, case by case "
                   "on the cases both hold. Given twice (OLD, then NEW): compare those two runs, run nothing.")
@click.option("--backend", metavar="URL", help="Load run: draft the corpus against this OpenAI-compatible server (beside the same drafts in-process).")
@click.option("--concurrency", multiple=True, type=click.IntRange(1, 64), help="Load run: workers drafting at once (repeatable: 1 and 4). Default: 1.")
def main(models, prompt_dirs, corpus, notes_dir, strategies, kinds, case_names, limit, repeat, seed, attempts, threads, kv_cache, sweep, wide,
         results_dir, out, overwrite, compare_with, backend, concurrency) -> None:
    """Evaluate prompts and models on the corpus or on your own notes: hard rules, sendability measures (leaks,
    seams, unsupported words, signature, must-coverage), fallback rate, latency; case by case against an earlier run."""
    try:
        run(models, prompt_dirs, corpus, notes_dir, strategies, kinds, case_names, limit, repeat, seed, attempts, threads, kv_cache, sweep, wide,
            results_dir or default_folder(), out, overwrite, compare_with, backend, concurrency)
    except DraftError as error:
        click.echo(f"benchmarks: error: {error.message}", err=True)
        sys.exit(error.exit_code)


def run(models, prompt_dirs, corpus, notes_dir, strategies, kinds, case_names, limit, repeat, seed, attempts, threads, kv_cache, sweep, wide,
        results: Path, out, overwrite, compare_with, backend, concurrency) -> None:
    if len(compare_with) > 2:
        raise click.UsageError("--compare takes one run (compare this run with it) or two (OLD and NEW)")
    earlier = [(path, read_run(path)) for path in (find_run(name, results) for name in compare_with)]  # a bad file fails before any work
    if len(earlier) == 2:
        (old_path, old), (new_path, new) = earlier
        click.echo(comparison(old, new, str(old_path), str(new_path)))
        return
    cases = select(notes_dir, corpus, list(case_names) or None, limit, list(kinds) or None)
    progress = lambda message: click.echo(message, err=True)  # noqa: E731
    if backend:
        stem = output_stem(out, results, "load")
        refuse_to_replace(stem, overwrite)
        load_main(cases, backend, list(concurrency) or [1], (strategies or ("free",))[0], models[0], threads, attempts, seed, stem, progress)
        return
    stem = output_stem(out, results)
    refuse_to_replace(stem, overwrite)
    with tempfile.TemporaryDirectory(prefix="draft-kv-") as fresh:
        cache_dir = None if kv_cache == "off" else Path(fresh) if kv_cache == "fresh" else Path(kv_cache)
        records, runs = run_matrix(cases, list(models), list(prompt_dirs) or [None], repeat, seed, threads, attempts, progress, cache_dir, sweep,
                                   tuple(strategies) or ("auto",))
    rows = aggregate(records, runs)
    source = str(notes_dir) if notes_dir else f"{corpus} corpus"
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": platform.platform(), "python": sys.version.split()[0],
            "cases": len(cases), "corpus": "notes" if notes_dir else corpus, "notes": str(notes_dir) if notes_dir else None,
            "strategies": list(strategies) or ["auto"], "repeat": repeat, "seed": seed, "kv_cache": kv_cache, "sweep": sweep}
    this = RunFile(meta=meta, aggregates=rows, models=[r.model_dump() for r in runs], records=[r.model_dump(mode="json") for r in records])
    within = compare_within(this.records)
    markdown = (f"# Benchmark run {meta['date']}\n\n{meta['machine']}, {source}, {len(cases)} cases x {repeat} repeat(s)\n\n"
                f"{markdown_table(rows)}\n\n## Drafts that failed a measure\n\n{failures_markdown(records)}\n")
    if within:
        markdown += f"\n## Per case, between the variants\n\n```text\n{within}\n```\n\n## The drafts, variant against variant\n\n{text_diffs(this.records)}\n"
    json_path, md_path = write_files(stem, this.model_dump(), markdown)
    click.echo(markdown_table(rows, wide=wide))
    click.echo(f"wrote {json_path} and {md_path}", err=True)
    if within:
        click.echo(f"\nPer case, between the variants (the drafts side by side: {md_path}):\n" + within)
    for path, old in earlier:
        click.echo(f"\nCompared with {path}:\n" + comparison(old, this, str(path), "this run"))


def select(notes_dir: Path | None, corpus: str, names: list[str] | None, limit: int | None, kinds: list[str] | None):
    """The cases to draft: a corpus's, or the user's own notes files; filtered by name and kind, then cut to ``limit``."""
    if notes_dir:
        from draft.config import config_path, load_config

        cases = load_notes_cases(notes_dir, load_config(config_path(None)).profile)
        cases = [c for c in cases if (not names or c.name in names) and (not kinds or c.kind in kinds)][:limit]
    else:
        cases = load_cases(names, limit, kinds, corpus)
    if not cases:
        raise click.UsageError("no cases match")
    return cases


def comparison(old: RunFile, new: RunFile, old_name: str, new_name: str) -> str:
    """Case by case when both runs hold their records; the aggregates otherwise (said)."""
    if old.records and new.records:
        return compare_runs(old.records, new.records, old_name, new_name)
    without = old_name if not old.records else new_name
    return f"({without} holds no per-case records: its aggregates are compared, over whatever cases each run drafted)\n" + compare(old.aggregates, new.aggregates)


def load_main(cases, url, workers, strategy, model, threads, attempts, seed, stem: Path, progress) -> None:
    """--backend URL --concurrency N: drafts per minute and p50/p95, in-process (one worker) beside the server."""
    from benchmarks.load import load_table, run_load
    from draft.backends import server_generator
    from draft.config import Config
    from draft.model import LlamaGenerator, resolve_model_path

    path = resolve_model_path(model)
    runs = [run_load(cases, lambda: LlamaGenerator(path, threads=threads), "in-process", 1, strategy, attempts, seed, progress)]
    for count in workers:
        runs.append(run_load(cases, lambda: server_generator(url, Config()), url, count, strategy, attempts, seed, progress))
    table = load_table(runs)
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": platform.platform(), "cases": len(cases), "model": path.name}
    json_path, md_path = write_files(stem, {"meta": meta, "runs": [r.model_dump() for r in runs]},
                                     f"# Load run {meta['date']}\n\n{meta['machine']}, {len(cases)} cases, {path.name}\n\n{table}\n")
    click.echo(table)
    click.echo(f"wrote {json_path} and {md_path}", err=True)


if __name__ == "__main__":
    main()
