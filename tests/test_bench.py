"""The benchmark suite runs on a small slice (3 cases, 1 repeat) with the real default model."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.e2e
def test_benchmark_slice_writes_json_markdown_and_compares(tmp_path):
    stem = tmp_path / "slice"
    # the free strategy generates tokens (the scaffold only scores), so the decode measures have something to time
    command = [sys.executable, "-m", "benchmarks", "--limit", "3", "--repeat", "1", "--strategy", "free", "--attempts", "1", "--out", str(stem)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "[3/3]" in first.stderr  # progress while it runs
    data = json.loads(stem.with_suffix(".json").read_text())
    row = data["aggregates"][0]
    assert row["drafts"] == 3 and row["final_pass_rate"] == 1.0
    for key in ("first_attempt_pass_rate", "model_written_share", "template_fallback_rate", "personalization",
                "p50_wall_seconds", "p95_wall_seconds", "decode_tokens_per_second", "decode_ratio_vs_plain", "median_check_ms"):
        assert row[key] is not None, key
    record = data["records"][0]
    assert record["prompt_tokens"] > 0 and record["completion_tokens"] > 0 and record["first_token_seconds"] > 0
    assert data["models"][0]["load_seconds"] > 0 and data["models"][0]["threads_sweep"]
    assert "| model |" in stem.with_suffix(".md").read_text()

    worse = json.loads(stem.with_suffix(".json").read_text())
    worse["aggregates"][0]["first_attempt_pass_rate"] = 1.5  # a fake 'old' run that was better
    old = tmp_path / "old.json"
    old.write_text(json.dumps(worse))
    again = command[:-1] + [str(tmp_path / "again"), "--no-sweep", "--compare", str(old)]
    second = subprocess.run(again, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "1st-attempt pass" in second.stdout and "150% ->" in second.stdout


def test_compare_two_result_files_runs_nothing(tmp_path):
    """--compare OLD --compare NEW prints the differences of two saved runs; an old run without strategies still matches."""
    from click.testing import CliRunner

    from benchmarks.cli import main

    row = {"model": "m.gguf", "prompts": "default", "drafts": 3, "final_pass_rate": 1.0, "p50_wall_seconds": 2.0, "median_check_ms": 3.0}
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"aggregates": [row]}))  # recorded before --strategy existed
    new.write_text(json.dumps({"aggregates": [row | {"strategy": "template", "p50_wall_seconds": 0.5}]}))
    result = CliRunner().invoke(main, ["--compare", str(old), "--compare", str(new)])
    assert result.exit_code == 0, result.output
    assert "m.gguf / default / template:" in result.output and "p50 s" in result.output and "2.00 ->     0.50" in result.output
    assert "2 other measure(s) unchanged" in result.output and "[1/" not in result.output
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    assert CliRunner().invoke(main, ["--compare", str(bad), "--compare", str(new)]).exit_code == 2
