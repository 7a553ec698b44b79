"""Aggregate benchmark records into a results table; compare two runs."""

from __future__ import annotations

import statistics
from collections import defaultdict

from benchmarks.runner import DraftRecord, ModelRun, median


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def aggregate(records: list[DraftRecord], runs: list[ModelRun]) -> list[dict]:
    """One row per (model, prompt variant, strategy)."""
    groups: dict[tuple[str, str, str], list[DraftRecord]] = defaultdict(list)
    for record in records:
        groups[(record.model, record.prompts, record.strategy)].append(record)
    by_model = {run.model: run for run in runs}
    rows = []
    for (model, prompts, strategy), group in groups.items():
        run = by_model.get(model)
        walls = [r.wall_seconds for r in group]
        decode_tokens = sum(r.completion_tokens for r in group)
        decode_seconds = sum(r.decode_seconds for r in group)
        first = [r.first_attempt_passed for r in group if r.first_attempt_passed is not None]
        personal = [r.personalization for r in group if r.personalization is not None]
        regen = [
            (r.attempt_seconds[i] / r.attempt_generations[i]) / (r.attempt_seconds[0] / r.attempt_generations[0])
            for r in group for i in range(1, len(r.attempt_seconds))
            if r.attempt_generations[0] and r.attempt_generations[i] and r.attempt_seconds[0] > 0
        ]
        cold = [
            (r.attempt_seconds[1] / r.attempt_generations[1]) / (r.attempt_seconds[0] / r.attempt_generations[0])
            for r in group if r.repeat == 0 and len(r.attempt_seconds) > 1
            and r.attempt_generations[0] and r.attempt_generations[1] and r.attempt_seconds[0] > 0
        ]
        plain = median(run.plain_decode_tps) if run else None
        pipeline = median(run.pipeline_decode_tps) if run else None
        rows.append({
            "model": model,
            "prompts": prompts,
            "strategy": strategy,
            "drafts": len(group),
            **sendability(group),
            "final_pass_rate": sum(r.final_passes for r in group) / len(group),
            "first_attempt_pass_rate": sum(first) / len(first) if first else None,
            "model_written_share": sum(r.source == "model" for r in group) / len(group),
            "template_fallback_rate": sum(r.source == "template" for r in group) / len(group),
            "mean_attempts": statistics.mean(r.attempts for r in group),
            "personalization": statistics.mean(personal) if personal else None,
            "p50_wall_seconds": _percentile(walls, 0.5),
            "p95_wall_seconds": _percentile(walls, 0.95),
            "median_first_token_seconds": median([r.first_token_seconds for r in group if r.first_token_seconds]),
            "decode_tokens_per_second": decode_tokens / decode_seconds if decode_seconds else None,
            "plain_decode_tokens_per_second": plain,
            "pipeline_decode_tokens_per_second": pipeline,
            "decode_ratio_vs_plain": pipeline / plain if plain and pipeline else None,
            "plain_prompt_tokens_per_second": median(run.plain_prompt_tps) if run else None,
            "regeneration_cost_ratio": median(regen),
            "regeneration_cost_ratio_cold": median(cold),
            "median_check_ms": median([r.check_ms for r in group]),
            "load_seconds": run.load_seconds if run else None,
            "ready_seconds": run.ready_seconds if run else None,
        })
    return rows


def sendability(group: list[DraftRecord]) -> dict:
    """Shares of drafts that leak, show a seam, use unsupported words, miss the signature; must-coverage; errors."""
    measured = [r.measures for r in group if r.measures is not None]
    coverage = [m.must_coverage for m in measured if m.must_coverage is not None]
    share = lambda test: sum(map(test, measured)) / len(measured) if measured else None  # noqa: E731
    return {
        "leak_rate": share(lambda m: bool(m.leaks)),
        "seam_rate": share(lambda m: bool(m.seams)),
        "unsupported_rate": share(lambda m: bool(m.unsupported)),
        "unsigned_rate": share(lambda m: m.unsigned),
        "clean_rate": share(lambda m: m.clean),
        "must_coverage": statistics.mean(coverage) if coverage else None,
        "errors": sum(r.error is not None for r in group),
    }


def failures_markdown(records: list[DraftRecord]) -> str:
    """Each draft that failed a measure or a hard rule (or could not be drafted), with the offending text."""
    lines = []
    for r in records:
        m = r.measures
        problems = [f"error: {r.error}"] if r.error else []
        if not r.error and not r.final_passes:
            problems.append("fails a hard rule")
        if m:
            problems += [f"leak: {x}" for x in m.leaks] + [f"seam: {x}" for x in m.seams]
            problems += [f"unsupported: {', '.join(m.unsupported)}"] if m.unsupported else []
            problems += ["unsigned: the sign-off lacks the sender's name"] if m.unsigned else []
            problems += [f"missing: {', '.join(m.missing)}"] if m.missing else []
        if problems:
            lines.append(f"- **{r.case}** ({r.kind}; {r.model}, {r.strategy}, repeat {r.repeat})")
            lines += [f"  - {p.replace(chr(10), ' ')}" for p in problems]
    return "\n".join(lines) if lines else "No draft failed a measure."


COLUMNS = [
    ("model", "model", "{}"), ("prompts", "prompts", "{}"), ("strategy", "strategy", "{}"), ("drafts", "drafts", "{}"),
    ("final_pass_rate", "hard rules pass", "{:.0%}"), ("clean_rate", "clean", "{:.0%}"), ("leak_rate", "leaks", "{:.0%}"), ("seam_rate", "seams", "{:.0%}"),
    ("unsupported_rate", "unsupported words", "{:.0%}"), ("unsigned_rate", "unsigned", "{:.0%}"),
    ("must_coverage", "must-coverage", "{:.0%}"), ("errors", "errors", "{}"),
    ("first_attempt_pass_rate", "1st-attempt pass", "{:.0%}"),
    ("model_written_share", "model-written", "{:.0%}"), ("template_fallback_rate", "template fallback", "{:.0%}"),
    ("mean_attempts", "mean attempts", "{:.2f}"), ("personalization", "personalization", "{:.0%}"),
    ("p50_wall_seconds", "p50 s", "{:.2f}"), ("p95_wall_seconds", "p95 s", "{:.2f}"),
    ("median_first_token_seconds", "TTFT s", "{:.2f}"), ("decode_tokens_per_second", "decode tok/s", "{:.1f}"),
    ("decode_ratio_vs_plain", "ours/plain decode", "{:.2f}"), ("plain_prompt_tokens_per_second", "prompt tok/s", "{:.0f}"),
    ("regeneration_cost_ratio", "regen/first", "{:.2f}"),
    ("regeneration_cost_ratio_cold", "regen/cold first", "{:.2f}"), ("median_check_ms", "check ms", "{:.2f}"),
    ("ready_seconds", "ready s", "{:.2f}"),
]


def _cell(value, fmt: str) -> str:
    return "-" if value is None else fmt.format(value)


SHORT = ("model", "prompts", "strategy", "drafts", "final_pass_rate", "clean_rate", "must_coverage", "errors", "p50_wall_seconds", "p95_wall_seconds")
"""The columns of the default table: what a prompt or a model changes for the user. The rest: --wide, and the JSON."""


def markdown_table(rows: list[dict], wide: bool = True) -> str:
    columns = COLUMNS if wide else [column for column in COLUMNS if column[0] in SHORT]
    head = "| " + " | ".join(title for _, title, _ in columns) + " |"
    rule = "|" + "---|" * len(columns)
    body = ["| " + " | ".join(_cell(row.get(key), fmt) for key, _, fmt in columns) + " |" for row in rows]
    return "\n".join([head, rule, *body])


def _row_key(row: dict, keys: tuple[str, ...]) -> tuple:
    return tuple(row.get(key, "auto") if key == "strategy" else row.get(key) for key in keys)  # no strategy recorded: 'auto'


def _matching_row(old: list[dict], row: dict) -> dict | None:
    """The old run's row for the same model, prompts and strategy (a run recorded before --strategy existed is
    'auto'); else its only row for the same model and strategy (a prompt variant against the run it varies);
    else its only row."""
    for keys in (("model", "prompts", "strategy"), ("model", "strategy")):
        found = [r for r in old if _row_key(r, keys) == _row_key(row, keys)]
        if len(found) == 1:
            return found[0]
    return old[0] if len(old) == 1 else None


def _label(row: dict) -> str:
    return " / ".join(map(str, _row_key(row, ("model", "prompts", "strategy"))))


def compare(old: list[dict], new: list[dict]) -> str:
    """The differences between two runs' aggregates, metric by metric (unchanged metrics are counted, not listed).
    For runs without per-case records; :mod:`benchmarks.comparison` compares case by case."""
    lines = []
    for row in new:
        before = _matching_row(old, row)
        if before is None:
            lines.append(f"{_label(row)}: no counterpart in the other run")
            continue
        lines.append(f"{_label(row)}:" if _label(before) == _label(row) else f"{_label(before)} -> {_label(row)}:")
        same = 0
        for key, title, fmt in COLUMNS[4:]:
            a, b = before.get(key), row.get(key)
            if a is None or b is None:
                continue
            if a == b:
                same += 1
                continue
            lines.append(f"  {title:<20} {_cell(a, fmt):>8} -> {_cell(b, fmt):>8}  ({b - a:+.3g})")
        lines.append(f"  ({same} other measure(s) unchanged)")
    return "\n".join(lines)
