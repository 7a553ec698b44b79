"""Bad input gets one line on stderr naming the file and the problem, exit code 2, no traceback."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from draft.cli import main
from tests.conftest import BASIC_NOTES, FIXTURES
from tests.test_rules import GOOD


@pytest.fixture
def notes_file(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(BASIC_NOTES, encoding="utf-8")
    return path


def run(*args, stdin=None):
    """Draft commands run as of a fixed day, so the timing rules do not depend on the calendar."""
    args = [str(a) for a in args]
    if args and args[0] not in ("check", "plan") and "--help" not in args:
        args = ["--today", "2026-11-20", *args]
    return CliRunner().invoke(main, args, input=stdin)


def assert_one_line_error(result, *fragments, code=2):
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("draft: error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output


def test_missing_notes_file(tmp_path):
    missing = tmp_path / "nope.md"
    assert_one_line_error(run("--notes", missing, "--strategy", "template"), str(missing), "no such file")


def test_notes_path_is_a_directory(tmp_path):
    assert_one_line_error(run("--notes", tmp_path, "--strategy", "template"), str(tmp_path), "is a directory")


def test_empty_notes_file(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n")
    assert_one_line_error(run("--notes", empty, "--strategy", "template"), str(empty), "is empty")


def test_notes_not_utf8(tmp_path):
    latin = tmp_path / "latin1.md"
    latin.write_bytes("interviewer: José Núñez\ncompany: Acme\nrole: Buyer\n\n- pricing\n".encode("latin-1"))
    assert_one_line_error(run("--notes", latin, "--strategy", "template"), str(latin), "is not UTF-8")


def test_absurdly_large_notes_are_refused(tmp_path):
    huge = tmp_path / "huge.md"
    huge.write_text(BASIC_NOTES + "- filler line about the interview\n" * 40_000)
    assert_one_line_error(run("--notes", huge, "--strategy", "template"), str(huge), "over 1 MB are refused")


def test_missing_key_names_the_key(tmp_path):
    path = tmp_path / "no-company.md"
    path.write_text(BASIC_NOTES.replace("company: Northwind Analytics\n", ""))
    assert_one_line_error(run("--notes", path, "--strategy", "template"), str(path), "no company given", "company: ...")


def test_no_notes_option():
    assert_one_line_error(run("--strategy", "template"), "--notes")


def test_model_path_does_not_exist(notes_file, tmp_path):
    missing = tmp_path / "missing.gguf"
    assert_one_line_error(run("--notes", notes_file, "--model", missing), str(missing), "does not exist")


def test_model_file_is_not_gguf(notes_file, tmp_path):
    fake = tmp_path / "fake.gguf"
    fake.write_text("not a model")
    assert_one_line_error(run("--notes", notes_file, "--model", fake), str(fake), "is not a GGUF model file")


def test_model_from_environment_is_validated(notes_file, tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFT_MODEL", str(tmp_path / "env.gguf"))
    assert_one_line_error(run("--notes", notes_file), "env.gguf", "$DRAFT_MODEL")


def test_template_strategy_drafts_without_a_model(notes_file):
    result = run("--notes", notes_file, "--strategy", "template", "--to", "Sam Ortiz")
    assert result.exit_code == 0
    assert result.stdout.startswith("Subject: ") and "Dear Sam," in result.stdout
    assert "fallback template" in result.stderr


def test_check_passes_a_good_draft(notes_file, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(GOOD)
    result = run("check", draft, "--notes", notes_file)
    assert result.exit_code == 0
    assert all(line.endswith("(advice)") for line in result.stdout.splitlines())  # soft rules only


def test_check_reports_violations_like_a_linter(notes_file, tmp_path):
    draft = tmp_path / "draft.txt"
    text = GOOD.replace("Best regards", "Sorry to bother you. I need to know ASAP!!!\n\nBest regards")
    draft.write_text(text)
    result = run("check", draft, "--notes", notes_file)
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    line_number = text.splitlines().index("Sorry to bother you. I need to know ASAP!!!") + 1
    assert any(line.startswith(f"{draft}:{line_number}:1 F8 ") for line in lines), lines
    assert any(" F6 " in line for line in lines) and any(" F4 " in line for line in lines)


def test_check_json_and_stdin(notes_file):
    result = run("check", "-", "--notes", notes_file, "--json", stdin=GOOD.replace("Dear Dana Whitfield", "Dear Sir"))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["passed"] is False and {v["rule"] for v in data["violations"]} >= {"C1"}


def test_check_missing_draft_file(notes_file, tmp_path):
    assert_one_line_error(run("check", tmp_path / "x.txt", "--notes", notes_file), "x.txt", "no such file")


def test_seed_letter_passes_draft_check():
    result = run("check", FIXTURES / "seed_marketing_letter.txt", "--notes", FIXTURES / "seed_marketing_notes.md")
    assert result.exit_code == 0, result.stdout


def test_help_explains_the_notes_format():
    result = run("--help")
    assert result.exit_code == 0 and "discussed" in result.stdout and "draft check" in result.stdout


def test_real_process_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "draft", "--notes", str(tmp_path / "none.md")], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"draft: error: {tmp_path / 'none.md'}: no such file"
