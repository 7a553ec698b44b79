"""The benchmark a user can run (issue 19.5): a slice in under a minute (the threads sweep is opt-in), comparisons
case by case on the cases both runs hold, the user's own notes, a short table, results in the user's data folder;
and the README's benchmark commands, run word for word on a one-case slice with the real default model."""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.cli import main
from benchmarks.report import COLUMNS, SHORT, markdown_table
from benchmarks.runner import NOTES_CORPUS, load_notes_cases
from benchmarks.store import default_folder
from draft.config import Profile
from draft.errors import DraftError

ROOT = Path(__file__).resolve().parents[1]


def bench(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def record(case, text="Subject: Hi there\n\nDear Dana,\n\nThanks.", prompts="default", passes=True, leaks=(), wall=1.0, corpus="clean"):
    return {"case": case, "kind": "thank-you", "model": "m.gguf", "prompts": prompts, "strategy": "auto", "repeat": 0, "corpus": corpus,
            "wall_seconds": wall, "final_passes": passes, "source": "model", "text": text,
            "measures": {"leaks": list(leaks), "seams": [], "unsupported": [], "unsigned": False, "missing": [], "must_coverage": 1.0}}


def run_file(path, records):
    path.write_text(json.dumps({"meta": {}, "aggregates": [{"model": "m.gguf", "prompts": records[0]["prompts"], "drafts": len(records)}],
                                "records": records}))
    return path


def one_line_error(result, *fragments):
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("benchmarks: error: "), result.stderr
    assert all(fragment in lines[0] for fragment in fragments), lines[0]
    assert "Traceback" not in result.output


# --- comparisons: case by case, on the shared cases ---------------------------------------------------------

def test_compare_is_case_by_case_on_the_shared_cases_and_names_the_missing(tmp_path):
    old = run_file(tmp_path / "full.json", [record("a"), record("b", passes=False), record("c", passes=False), record("d")])
    new = run_file(tmp_path / "slice.json", [record("a", text="Subject: Hi there\n\nDear Dana,\n\nThank you.", prompts="mine", leaks=["pay band"]),
                                             record("d", prompts="mine"), record("e", prompts="mine")])
    result = bench("--compare", old, "--compare", new)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "m.gguf / default / auto" in out and "m.gguf / mine / auto" in out  # a prompt variant against the run it varies
    assert "2 shared case(s)" in out
    assert "missing from m.gguf / mine / auto" in out and "(2): b, c" in out  # the slice lacks b and c
    assert "(1): e" in out
    assert re.search(r"^  hard rules pass +100% -> 100%$", out, re.MULTILINE)  # b and c failed in the full run: not counted
    assert re.search(r"^  clean +100% -> 50%$", out, re.MULTILINE)
    assert re.search(r"^  a: text changed; clean 100% -> 0%; now leak: pay band$", out, re.MULTILINE), out
    assert "  1 case(s) unchanged" in out and "[1/" not in out


def test_compare_with_no_case_in_common_says_so(tmp_path):
    old = run_file(tmp_path / "old.json", [record("a")])
    new = run_file(tmp_path / "new.json", [record("b")])
    result = bench("--compare", old, "--compare", new)
    assert result.exit_code == 0 and "0 shared case(s)" in result.stdout and "no case in common" in result.stdout


def test_compare_without_records_compares_the_aggregates_and_says_so(tmp_path):
    """An old results file (aggregates only, no strategy recorded) still compares, with a note."""
    row = {"model": "m.gguf", "prompts": "default", "drafts": 3, "final_pass_rate": 1.0, "p50_wall_seconds": 2.0, "median_check_ms": 3.0}
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"aggregates": [row]}))
    new.write_text(json.dumps({"aggregates": [row | {"strategy": "template", "p50_wall_seconds": 0.5}]}))
    result = bench("--compare", old, "--compare", new)
    assert result.exit_code == 0, result.output
    assert "holds no per-case records" in result.stdout
    assert "m.gguf / default / auto -> m.gguf / default / template:" in result.stdout and "2.00 ->     0.50" in result.stdout
    assert "2 other measure(s) unchanged" in result.stdout


def test_compare_finds_a_run_by_name_in_the_results_folder(tmp_path):
    results = tmp_path / "results"
    results.mkdir()
    run_file(results / "baseline.json", [record("a")])
    run_file(results / "mine.json", [record("a", prompts="mine")])
    result = bench("--results", results, "--compare", "baseline", "--compare", "mine.json")
    assert result.exit_code == 0, result.output
    assert "every shared case unchanged" in result.stdout


def test_a_bad_or_missing_run_is_one_line(tmp_path):
    one_line_error(bench("--results", tmp_path, "--compare", "nope", "--compare", "nope2"), "no such results file", str(tmp_path / "nope.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("[]")
    one_line_error(bench("--compare", bad, "--compare", bad), str(bad), "not a benchmark results file")
    bad.write_text("{not json")
    one_line_error(bench("--compare", bad), str(bad), "not a benchmark results file")


# --- where results go -----------------------------------------------------------------------------------------

def test_results_go_to_the_users_data_folder_by_default():
    assert default_folder() == Path(os.environ["DRAFT_DATA_DIR"]) / "benchmarks"  # tests/conftest.py: a temporary data folder
    assert not default_folder().is_relative_to(ROOT)


def test_an_earlier_run_is_never_replaced_without_overwrite(tmp_path):
    (tmp_path / "baseline.json").write_text("{}")
    started = time.perf_counter()
    one_line_error(bench("--results", tmp_path, "--out", "baseline", "--limit", "1"), str(tmp_path / "baseline.json"), "--overwrite")
    assert time.perf_counter() - started < 10  # refused before any model is loaded
    assert (tmp_path / "baseline.json").read_text() == "{}"


# --- your own notes --------------------------------------------------------------------------------------------

def test_your_notes_are_cases_with_optional_expectations(tmp_path):
    shutil.copy(ROOT / "examples" / "notes.md", tmp_path / "northwind.md")
    shutil.copy(ROOT / "examples" / "panel-nursing.md", tmp_path / "nursing.md")
    (tmp_path / "cases.toml").write_text('[nursing]\nkind = "status-check"\nmust = ["preceptorship"]\n')
    cases = {case.name: case for case in load_notes_cases(tmp_path, Profile(name="Sam Rivera"))}
    assert sorted(cases) == ["northwind", "nursing"]
    assert cases["northwind"].kind == "thank-you" and cases["northwind"].expectations.must == [] and cases["northwind"].corpus == NOTES_CORPUS
    assert cases["nursing"].kind == "status-check" and cases["nursing"].expectations.must == ["preceptorship"]
    assert cases["northwind"].profile.name == "Sam Rivera"  # signed as the user's settings sign


@pytest.mark.parametrize("spec, fragments", [
    ('[other]\nkind = "thank-you"\n', ("'other' names no notes file other.md",)),
    ('[northwind]\nkind = "thank-yuo"\n', ("'northwind'.kind", "no kind 'thank-yuo'")),
    ('[northwind]\nmusts = ["x"]\n', ("'northwind'.musts",)),
    ("[northwind\n", ("not a cases file",)),
])
def test_a_bad_cases_file_is_one_line_naming_it(tmp_path, spec, fragments):
    shutil.copy(ROOT / "examples" / "notes.md", tmp_path / "northwind.md")
    (tmp_path / "cases.toml").write_text(spec)
    with pytest.raises(DraftError) as caught:
        load_notes_cases(tmp_path, Profile())
    assert caught.value.message.startswith(f"{tmp_path / 'cases.toml'}: ")
    assert all(fragment in caught.value.message for fragment in fragments), caught.value.message
    one_line_error(bench("--notes", tmp_path), "cases.toml", *fragments)


def test_a_folder_without_notes_is_one_line(tmp_path):
    one_line_error(bench("--notes", tmp_path), str(tmp_path), "no notes files (*.md)")


# --- the table -------------------------------------------------------------------------------------------------

def test_the_default_table_is_short_and_wide_has_every_column():
    row = {key: 0.5 for key, _, _ in COLUMNS} | {"model": "m.gguf", "prompts": "default", "strategy": "auto", "drafts": 3, "errors": 0}
    short, wide = markdown_table([row], wide=False), markdown_table([row])
    assert short.splitlines()[0].count("|") - 1 == len(SHORT) <= 10
    assert wide.splitlines()[0].count("|") - 1 == len(COLUMNS)
    assert "| hard rules pass | clean | must-coverage | errors | p50 s | p95 s |" in short


def test_the_threads_sweep_is_opt_in():
    assert main.make_context("benchmarks", []).params["sweep"] is False
    assert main.make_context("benchmarks", ["--sweep"]).params["sweep"] is True


# --- with the real default model -------------------------------------------------------------------------------

@pytest.mark.e2e
def test_benchmark_slice_writes_json_markdown_and_compares(tmp_path):
    stem = tmp_path / "slice"
    # the free strategy generates tokens (the scaffold only scores), so the decode measures have something to time
    command = [sys.executable, "-m", "benchmarks", "--limit", "3", "--repeat", "1", "--strategy", "free", "--attempts", "1", "--out", str(stem)]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "[3/3]" in first.stderr and "threads sweep" not in first.stderr  # progress; no sweep unless asked
    data = json.loads(stem.with_suffix(".json").read_text())
    row = data["aggregates"][0]
    assert row["drafts"] == 3 and row["final_pass_rate"] == 1.0
    for key in ("first_attempt_pass_rate", "model_written_share", "template_fallback_rate", "personalization",
                "p50_wall_seconds", "p95_wall_seconds", "decode_tokens_per_second", "decode_ratio_vs_plain", "median_check_ms"):
        assert row[key] is not None, key
    record = data["records"][0]
    assert record["prompt_tokens"] > 0 and record["completion_tokens"] > 0 and record["first_token_seconds"] > 0
    assert data["models"][0]["load_seconds"] > 0 and data["models"][0]["threads_sweep"] == {} and data["meta"]["sweep"] is False
    assert "| model |" in stem.with_suffix(".md").read_text() and "| regen/first |" in stem.with_suffix(".md").read_text()
    assert "| regen/first |" not in first.stdout  # the short table; --wide has every column
    assert stat_mode(stem.with_suffix(".json")) == 0o600

    worse = json.loads(stem.with_suffix(".json").read_text())
    worse["records"][0]["text"] = "an older draft"
    worse["records"][0]["measures"]["leaks"] = ["pay band"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(worse))
    again = command[:-1] + [str(tmp_path / "again"), "--compare", str(old), "--limit", "2"]
    second = subprocess.run(again, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "2 shared case(s)" in second.stdout and "(1): " in second.stdout  # the third case is named as missing
    assert f"{data['records'][0]['case']}: text changed" in second.stdout and "no longer leak: pay band" in second.stdout


def stat_mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def readme_benchmark_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Benchmarks\n"):readme.index("\n## ", readme.index("## Benchmarks\n") + 1)]
    block = section[section.index("```bash\n") + 8:section.index("\n```", section.index("```bash\n"))]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.startswith("python -m benchmarks")]


@pytest.mark.e2e
def test_the_readmes_benchmark_commands_run_on_a_one_case_slice(tmp_path):
    """Each command of the README's Benchmarks section, word for word (one case: --limit 1 added), in a folder holding
    the README's my-prompts/ and my-notes/, with the results in the (temporary) data folder."""
    commands = readme_benchmark_commands()
    assert len(commands) >= 4 and any("--compare" in c for c in commands) and any("--notes" in c for c in commands)
    (tmp_path / "my-prompts" / "thank-you").mkdir(parents=True)
    shipped = (ROOT / "prompts" / "thank-you" / "email.j2").read_text(encoding="utf-8")
    changed = shipped.replace("look forward to hearing from you.", "hope to hear from you soon.")
    assert changed != shipped
    (tmp_path / "my-prompts" / "thank-you" / "email.j2").write_text(changed, encoding="utf-8")
    (tmp_path / "my-notes").mkdir()
    shutil.copy(ROOT / "examples" / "notes.md", tmp_path / "my-notes" / "northwind.md")
    env = os.environ | {"PYTHONPATH": str(ROOT)}  # the benchmarks package lives in the checkout
    outputs = {}
    for command in commands:
        words = shlex.split(command)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, *words[1:], "--limit", "1"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)
        seconds = time.perf_counter() - started
        if "gemma" in words and "Gemma 3 270M is not installed" in result.stderr:
            lines = result.stderr.strip().splitlines()  # not in the test extras: the command says how to install it, in one line
            assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("benchmarks: error: Gemma 3 270M is not installed: pip install"), result.stderr
            continue
        assert result.returncode == 0, (command, result.stderr[-2000:])
        assert "| hard rules pass |" in result.stdout and "[1/" in result.stderr, command
        outputs[command] = (result.stdout, seconds)
    results = Path(os.environ["DRAFT_DATA_DIR"]) / "benchmarks"
    assert (results / "baseline.json").is_file() and not list(tmp_path.glob("*.json"))  # the data folder, not the working folder
    compared = next(out for command, (out, _) in outputs.items() if "--compare" in command)
    assert "1 shared case(s)" in compared and "eng-data-senior" in compared
    notes = next(out for command, (out, _) in outputs.items() if "--notes" in command)
    assert "Per case, between the variants" in notes and "northwind: text changed" in notes
