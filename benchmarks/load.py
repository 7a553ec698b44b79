"""Load: draft the corpus with N workers against a server (``--backend URL --concurrency N``),
beside the same drafts in-process, and report throughput (drafts per minute) and p50/p95 latency."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel

from benchmarks.runner import Case
from draft.guardrails import check_draft
from draft.loop import Settings, write_draft
from draft.notes import read_notes_file


class LoadRun(BaseModel):
    where: str  # "in-process" or the server URL
    concurrency: int
    strategy: str
    drafts: int
    wall_seconds: float
    drafts_per_minute: float
    p50_seconds: float
    p95_seconds: float
    passed: int
    from_model: int


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def run_load(cases: list[Case], make_generator: Callable[[], object], where: str, concurrency: int, strategy: str,
             attempts: int, seed: int, progress: Callable[[str], None]) -> LoadRun:
    """Each worker drafts with its own generator (an HTTP client per worker; one shared model in-process)."""
    shared = make_generator() if concurrency == 1 else None

    def one(case: Case) -> tuple[float, bool, bool]:
        generator = shared or make_generator()
        notes = case.notes()
        started = time.perf_counter()
        result = write_draft(notes, generator, Settings(kind=case.kind, seed=seed, attempts=attempts, strategy=strategy))
        seconds = time.perf_counter() - started
        passed = check_draft(result.text, result.notes or notes, case.kind).passed
        progress(f"{where} x{concurrency}: {case.name} ({case.kind}) {seconds:.2f} s, {result.source}")
        return seconds, passed, result.source == "model"

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        outcomes = list(pool.map(one, cases))
    wall = time.perf_counter() - started
    latencies = [seconds for seconds, _, _ in outcomes]
    return LoadRun(
        where=where, concurrency=concurrency, strategy=strategy, drafts=len(outcomes), wall_seconds=round(wall, 2),
        drafts_per_minute=round(60 * len(outcomes) / wall, 1), p50_seconds=round(statistics.median(latencies), 2),
        p95_seconds=round(percentile(latencies, 0.95), 2), passed=sum(p for _, p, _ in outcomes), from_model=sum(m for _, _, m in outcomes),
    )


def load_table(runs: list[LoadRun]) -> str:
    lines = ["| where | workers | strategy | drafts | drafts/min | p50 s | p95 s | pass hard rules | from the model |",
             "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        lines.append(f"| {run.where} | {run.concurrency} | {run.strategy} | {run.drafts} | {run.drafts_per_minute} | {run.p50_seconds} | "
                     f"{run.p95_seconds} | {run.passed}/{run.drafts} | {run.from_model}/{run.drafts} |")
    return "\n".join(lines)
