"""Output formats and files: .eml parses back with email.parser; .ics with two independent readers."""

import datetime as dt
import email.parser
import email.policy
import json
import re
from pathlib import Path

import ics
import icalendar
from click.testing import CliRunner

from draft.cli import main
from tests.conftest import BASIC_NOTES

NOTES = BASIC_NOTES.replace("sender: Alex Moreno\n", "sender: Alex Moreno\nemail: dana@northwind.example\ntimeline: by December 5\n")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def notes_file(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES, encoding="utf-8")
    return path


def test_eml_parses_back_with_the_right_headers(tmp_path):
    result = run("--notes", notes_file(tmp_path), "--strategy", "template", "--format", "eml", "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    message = email.parser.Parser(policy=email.policy.default).parsestr(result.stdout)
    assert message["To"] == "Dana Whitfield <dana@northwind.example>"
    assert message["Subject"] == "Thank you for the Senior Data Engineer interview"
    body = message.get_content()
    assert body.startswith("Dear Dana,") and "Subject:" not in body


def test_json_format_has_subject_body_and_checks(tmp_path):
    result = run("--notes", notes_file(tmp_path), "--strategy", "template", "--format", "json", "--today", "2026-11-20")
    data = json.loads(result.stdout)
    assert data["subject"].startswith("Thank you") and data["body"].startswith("Dear")
    assert data["kind"] == "thank-you" and data["checks_passed"] is True and data["source"] == "template"


def test_markdown_format(tmp_path):
    result = run("--notes", notes_file(tmp_path), "--strategy", "template", "--format", "markdown", "--today", "2026-11-20")
    assert result.stdout.startswith("**Subject:** Thank you")


def test_out_never_overwrites_without_overwrite(tmp_path):
    out = tmp_path / "draft.txt"
    out.write_text("my earlier draft")
    args = ["--notes", notes_file(tmp_path), "--strategy", "template", "--today", "2026-11-20", "--out", out]
    refused = run(*args)
    assert refused.exit_code == 2 and "already exists" in refused.stderr and out.read_text() == "my earlier draft"
    assert run(*args, "--force").exit_code == 2 and out.read_text() == "my earlier draft"  # --force is the timing rules' only
    assert run(*args, "--overwrite").exit_code == 0 and out.read_text().startswith("Subject:")


def test_status_check_too_early_is_refused_with_exit_3(tmp_path):
    result = run("--notes", notes_file(tmp_path), "--kind", "status-check", "--today", "2026-11-22", "--strategy", "template")
    assert result.exit_code == 3
    assert "their timeline, 'by December 5'" in result.stderr and "2026-12-07" in result.stderr and result.stdout == ""
    forced = run("--notes", notes_file(tmp_path), "--kind", "status-check", "--today", "2026-11-22", "--strategy", "template", "--force")
    assert forced.exit_code == 0 and "Subject: Following up" in forced.stdout


def test_kind_next_drafts_what_is_due(tmp_path):
    thanked = tmp_path / "thanked.md"
    thanked.write_text(NOTES.replace("timeline:", "sent: [{kind: thank-you, date: 2026-11-20}]\ntimeline:"), encoding="utf-8")
    due = run("--notes", thanked, "--kind", "next", "--today", "2026-12-07", "--strategy", "template")
    assert due.exit_code == 0 and due.stdout.startswith("Subject: Following up")
    late_thanks = run("--notes", notes_file(tmp_path), "--kind", "next", "--today", "2026-12-01", "--strategy", "template")
    assert late_thanks.exit_code == 0 and late_thanks.stdout.startswith("Subject: Thank you")  # late is better than never (T1)
    nothing = run("--notes", thanked, "--kind", "next", "--today", "2026-12-01", "--strategy", "template")
    assert nothing.exit_code == 3 and "nothing is due today" in nothing.stderr


def test_plan_command_prints_dates_and_rules(tmp_path):
    result = run("plan", "--notes", notes_file(tmp_path), "--today", "2026-11-20")
    assert result.exit_code == 0
    assert "2026-12-07 Mon  status-check" in result.stdout and "their timeline, 'by December 5'" in result.stdout
    assert "T3" not in result.stdout  # rule ids only in --json
    assert '"T3"' in run("plan", "--notes", notes_file(tmp_path), "--today", "2026-11-20", "--json").stdout


def test_plan_ics_parses_back_with_two_readers(tmp_path):
    path = tmp_path / "plan.ics"
    assert run("plan", "--notes", notes_file(tmp_path), "--today", "2026-11-20", "--ics", path).exit_code == 0
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events["Send status-check (email): Senior Data Engineer at Northwind Analytics"] == dt.date(2026, 12, 7)
    other = ics.Calendar(path.read_text())
    assert {e.name for e in other.events} == set(events)
    assert any(e.begin.date() == dt.date(2026, 12, 14) for e in other.events)
    assert run("plan", "--notes", notes_file(tmp_path), "--ics", path).exit_code == 2  # no overwrite


def _shape(line: str) -> str:
    """A report line with its numbers and rule lists generalized: what the README can promise."""
    line = re.sub(r"\b[A-Z]\d+(?:, [A-Z]\d+)*\b", "RULES", line)
    return re.sub(r"\d+(?:\.\d+)?", "N", line)


def test_readme_shows_the_attempt_report_as_printed(notes):
    """README's stderr example is the report a draft with the learned reader prints, line for line (numbers and rule
    ids aside)."""
    from draft.loop import Settings, write_draft
    from draft.output import attempt_report
    from tests.conftest import ScriptedGenerator

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^stderr reports each attempt.*?\n```text\n(?P<lines>.*?)```", readme, re.MULTILINE | re.DOTALL)
    assert block, "README: no example of the attempt report"
    class Reader(ScriptedGenerator):
        """The learned reader's part, scripted: every line a topic, one grounded sentence for each."""

        adapted, adapter = True, None

        def read_line(self, prompt, *, max_tokens, stop):
            return " topic" if prompt.endswith("class:") else " I enjoyed our conversation about the Airflow migration."

    result = write_draft(notes, Reader([], scorer=lambda sentence: 0.0), Settings(strategy="scaffold"))
    printed = [f"draft: {line}" for line in attempt_report(result) if line.startswith(("attempt", "written"))]
    assert [_shape(line) for line in block.group("lines").splitlines()] == [_shape(line) for line in printed]
