"""Nightly-style run of the fallback guarantee: the template passes every hard rule for arbitrary valid notes.

    python -m benchmarks.fallback --examples 2000          # explores new notes each run
    python -m benchmarks.fallback --examples 2000 --seed 7 # reproducible

Uses the property's own notes generator (tests/test_fallback_property.py; CI runs a
deterministic 100-example slice of it) and prints each failing class (the first line of
the error) with one example of notes that shows it. Exit 1 when any example fails.
"""

from __future__ import annotations

import collections
import sys
import time

import click
from hypothesis import HealthCheck, given, seed as hypothesis_seed, settings
from hypothesis import strategies as st

from draft.errors import DraftError
from draft.guardrails import check_draft
from draft.loop import Settings, write_draft
from draft.notes import parse_notes
from draft.text import keywords
from tests.test_fallback_property import notes_text


@click.command()
@click.option("--examples", type=click.IntRange(1, 1_000_000), default=2000, show_default=True)
@click.option("--seed", type=int, default=None, help="Hypothesis seed (default: a new one each run).")
def main(examples: int, seed: int | None) -> None:
    failures: dict[str, list[str]] = collections.defaultdict(list)
    counted = {"examples": 0, "skipped": 0}

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(notes_text(), st.sampled_from(["formal", "neutral", "warm"]))
    def property_run(text: str, tone: str) -> None:
        counted["examples"] += 1
        try:
            notes = parse_notes(text)
        except DraftError as error:
            failures[f"parse: {error.problem[:120]}"].append(text)
            return
        if not any(keywords(t) for t in notes.topics):
            counted["skipped"] += 1
            return
        try:
            result = write_draft(notes, None, Settings(strategy="template", tone=tone))
        except DraftError as error:
            failures[f"draft: {error.problem[:120]}"].append(text)
            return
        report = check_draft(result.text, notes)
        if not report.passed:
            failures["check: " + ", ".join(report.failed_rules)].append(text)

    if seed is not None:
        property_run = hypothesis_seed(seed)(property_run)
    started = time.perf_counter()
    property_run()
    failed = sum(len(v) for v in failures.values())
    click.echo(f"fallback property: {counted['examples']} examples ({counted['skipped']} without a topic), {failed} failed, {time.perf_counter() - started:.1f} s")
    for problem, texts in sorted(failures.items(), key=lambda item: -len(item[1])):
        click.echo(f"\n{len(texts)} x {problem}\n" + "\n".join("    " + line for line in texts[0].splitlines()))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
