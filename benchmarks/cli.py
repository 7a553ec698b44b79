"""python -m benchmarks: draft every corpus case with each prompt variant and model; write JSON + Markdown."""

from __future__ import annotations

import datetime as dt
import json
import platform
import sys
import tempfile
from pathlib import Path

import click

from benchmarks.report import aggregate, compare, failures_markdown, markdown_table
from benchmarks.runner import load_cases, run_matrix

RESULTS = Path(__file__).parent / "results"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--models", multiple=True, default=["smollm2"], show_default=True, help="GGUF paths, or 'smollm2' / 'gemma'; repeatable.")
@click.option("--prompts", "prompt_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Prompt variant folders (each overlays prompts/); repeatable. Default: the shipped prompts.")
@click.option("--corpus", type=click.Choice(["clean", "messy", "all"]), default="clean", show_default=True,
              help="corpus/ (clean notes), corpus-messy/ (notes as people write them), or both.")
@click.option("--strategy", "strategies", multiple=True, type=click.Choice(["auto", "template", "scaffold", "free"]),
              help="Drafting strategies to compare (repeatable; default: auto).")
@click.option("--kinds", multiple=True, help="Only cases of these kinds.")
@click.option("--cases", "case_names", multiple=True, help="Only these cases (file names without .md).")
@click.option("--limit", type=int, help="Only the first N cases (CI runs a slice).")
@click.option("--repeat", type=int, default=1, show_default=True, help="Drafts per case (different seeds).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--attempts", type=int, default=3, show_default=True)
@click.option("--threads", type=int, help="CPU threads (default: the tool's default).")
@click.option("--kv-cache", default="fresh", show_default=True,
              help="Prompt-prefix KV cache on disk: 'fresh' (a new empty folder: each case starts cold), 'off', or a folder.")
@click.option("--sweep/--no-sweep", default=True, show_default=True, help="Measure plain decode at 1..N threads, idle and busy.")
@click.option("--out", type=click.Path(path_type=Path), help="Output stem (default: benchmarks/results/run-<time>).")
@click.option("--compare", "compare_with", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A previous run's JSON: print how this run differs from it. Given twice (OLD, then NEW): compare those two runs, run nothing.")
@click.option("--backend", metavar="URL", help="Load run: draft the corpus against this OpenAI-compatible server (beside the same drafts in-process).")
@click.option("--concurrency", multiple=True, type=click.IntRange(1, 64), help="Load run: workers drafting at once (repeatable: 1 and 4). Default: 1.")
def main(models, prompt_dirs, corpus, strategies, kinds, case_names, limit, repeat, seed, attempts, threads, kv_cache, sweep, out, compare_with,
         backend, concurrency) -> None:
    """Evaluate prompts and models on the corpus: pass rates, fallback rate, sendability measures, personalization, latency."""
    if len(compare_with) > 2:
        raise click.UsageError("--compare takes one file (compare this run with it) or two (OLD and NEW)")
    if len(compare_with) == 2:
        old, new = compare_with
        click.echo(f"{old} -> {new}:\n" + compare(aggregates(old), aggregates(new)))
        return
    cases = load_cases(list(case_names) or None, limit, list(kinds) or None, corpus)
    if not cases:
        raise click.UsageError("no cases match")
    progress = lambda message: click.echo(message, err=True)  # noqa: E731
    if backend:
        load_main(cases, backend, list(concurrency) or [1], (strategies or ("free",))[0], models[0], threads, attempts, seed, out, progress)
        return
    cache_dir = None if kv_cache == "off" else Path(tempfile.mkdtemp(prefix="draft-kv-")) if kv_cache == "fresh" else Path(kv_cache)
    records, runs = run_matrix(cases, list(models), list(prompt_dirs) or [None], repeat, seed, threads, attempts, progress, cache_dir, sweep,
                               tuple(strategies) or ("auto",))
    rows = aggregate(records, runs)
    stem = out or RESULTS / f"run-{dt.datetime.now():%Y%m%d-%H%M%S}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": platform.platform(), "python": sys.version.split()[0],
            "cases": len(cases), "corpus": corpus, "strategies": list(strategies) or ["auto"], "repeat": repeat, "seed": seed, "kv_cache": kv_cache}
    data = {"meta": meta, "aggregates": rows, "models": [r.model_dump() for r in runs], "records": [r.model_dump() for r in records]}
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(data, indent=2, default=str))
    table = markdown_table(rows)
    md_path.write_text(f"# Benchmark run {meta['date']}\n\n{meta['machine']}, {corpus} corpus, {len(cases)} cases x {repeat} repeat(s)\n\n{table}\n\n"
                       f"## Drafts that failed a measure\n\n{failures_markdown(records)}\n")
    click.echo(table)
    click.echo(f"wrote {json_path} and {md_path}", err=True)
    if compare_with:
        click.echo("\nCompared with " + str(compare_with[0]) + ":\n" + compare(aggregates(compare_with[0]), rows))


def aggregates(path: Path) -> list[dict]:
    """A results file's aggregate rows (its records aggregated again when it has none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.BadParameter(f"{path}: not a benchmark results file ({error})", param_hint="--compare") from None
    if not isinstance(data, dict) or not isinstance(data.get("aggregates"), list):
        raise click.BadParameter(f"{path}: not a benchmark results file (no 'aggregates')", param_hint="--compare")
    return data["aggregates"]


def load_main(cases, url, workers, strategy, model, threads, attempts, seed, out, progress) -> None:
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
    stem = out or RESULTS / f"load-{dt.datetime.now():%Y%m%d-%H%M%S}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    meta = {"date": dt.datetime.now().isoformat(timespec="seconds"), "machine": platform.platform(), "cases": len(cases), "model": path.name}
    stem.with_suffix(".json").write_text(json.dumps({"meta": meta, "runs": [r.model_dump() for r in runs]}, indent=2))
    stem.with_suffix(".md").write_text(f"# Load run {meta['date']}\n\n{meta['machine']}, {len(cases)} cases, {path.name}\n\n{table}\n")
    click.echo(table)
    click.echo(f"wrote {stem.with_suffix('.json')} and {stem.with_suffix('.md')}", err=True)


if __name__ == "__main__":
    main()
