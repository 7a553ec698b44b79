"""A later message does not say again what an earlier one said (issue 18, point 6), through the real command line:
a temporary settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) for each test, no model (--strategy template)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import DraftCli

NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Senior Data Engineer
interview_date: 2026-11-20
sender: Alex Moreno
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow; they run about 40 DAGs today
- Their plan to move the finance models to dbt with tests
- Their on-call rotation and blameless incident reviews

## I forgot to mention
- I cut warehouse spend by 30% in a Snowflake cost review

## Notes to self
- pay band not discussed, ask the recruiter
"""
FORGOT = "I cut warehouse spend by 30% in a Snowflake cost review"
THANK_YOU_TOPICS = ("cron to Airflow", "finance models to dbt")  # the two topics the thank-you recalls (asserted below)
LEFT_FOR_LATER = "on-call rotation and blameless incident reviews"


class Cli(DraftCli):
    NOTES = NOTES

    def draft(self, notes: Path, today: str, *args: object):
        result = self("--notes", notes, "--strategy", "template", "--today", today, *args)
        assert result.exit_code == 0, result.output
        return result

    def check(self, text: str, notes: Path, kind: str):
        draft = self.folder / f"{kind}.txt"
        draft.write_text(text, encoding="utf-8")
        return self("check", draft, "--notes", notes, "--kind", kind)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_a_status_check_after_the_recorded_thank_you_says_none_of_what_the_thank_you_said(cli):
    notes = cli.notes()
    thank_you = cli.draft(notes, "2026-11-20").stdout
    assert all(topic in thank_you for topic in THANK_YOU_TOPICS) and FORGOT in thank_you and LEFT_FOR_LATER not in thank_you
    assert cli("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-20").exit_code == 0

    result = cli.draft(notes, "2026-11-30", "--kind", "next")
    status_check = result.stdout
    assert status_check.startswith("Subject: Following up")  # --kind next: the status check is due
    assert "did not get to mention" not in status_check and FORGOT not in status_check
    assert not any(topic in status_check for topic in THANK_YOU_TOPICS)
    assert LEFT_FOR_LATER in status_check  # what the thank-you left unsaid is still there to recall
    assert "left out 3 notes line(s) the thank-you email sent on 2026-11-20 already said" in result.stderr
    verdict = cli.check(status_check, notes, "status-check")
    assert verdict.exit_code == 0, verdict.output
    data = json.loads(cli.draft(notes, "2026-11-30", "--kind", "next", "--json").stdout)
    assert data["said_before"]["by"] == "the thank-you email sent on 2026-11-20" and FORGOT in data["said_before"]["lines"]


def test_without_a_record_the_status_check_recalls_what_it_would_anyway(cli):
    # the same status check with nothing recorded: the leaving out comes from the record, not from the kind
    status_check = cli.draft(cli.notes(), "2026-11-30", "--kind", "status-check", "--force").stdout
    assert "did not get to mention" in status_check and FORGOT in status_check
    assert THANK_YOU_TOPICS[0] in status_check


def test_the_notes_own_sent_log_counts_as_the_record_too(cli):
    notes = cli.notes(NOTES.replace("sender: Alex Moreno\n", "sender: Alex Moreno\nsent: thank-you on 2026-11-20\n"))
    status_check = cli.draft(notes, "2026-11-30", "--kind", "next", "--no-history").stdout
    assert FORGOT not in status_check and not any(topic in status_check for topic in THANK_YOU_TOPICS)


def test_each_later_message_leaves_out_what_every_earlier_one_said(cli):
    notes = cli.notes()
    cli("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-20")
    status_check = cli.draft(notes, "2026-11-30", "--kind", "next").stdout
    assert LEFT_FOR_LATER in status_check
    cli("sent", "--notes", notes, "--kind", "status-check", "--date", "2026-11-30", "--today", "2026-11-30")
    result = cli.draft(notes, "2026-12-07", "--kind", "next")
    second = result.stdout
    assert second.startswith("Subject: Checking in")
    assert LEFT_FOR_LATER not in second and not any(topic in second for topic in THANK_YOU_TOPICS) and FORGOT not in second
    assert "the thank-you email sent on 2026-11-20 and the status-check email sent on 2026-11-30 already said" in result.stderr
    # a message that recalls nothing specific says why, and it is not that the notes hold nothing
    assert "everything specific the notes hold was said by" in result.stderr
    assert cli.check(second, notes, "second-check").exit_code == 0


def test_a_linkedin_note_after_the_thank_you_recalls_another_topic(cli):
    notes = cli.notes()
    cli("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-20")
    note = cli.draft(notes, "2026-11-21", "--kind", "linkedin").stdout
    assert LEFT_FOR_LATER in note and not any(topic in note for topic in THANK_YOU_TOPICS)


def test_the_same_point_written_on_another_line_is_not_said_again(cli):
    # the status check's only other line says what the thank-you's forgotten point said: the same content, fuzzily
    text = NOTES.replace("- Their on-call rotation and blameless incident reviews\n", "") + \
        "\n## Next time\n- I cut the warehouse spend by 30% in a Snowflake cost review\n"
    notes = cli.notes(text)
    cli("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-20")
    result = cli.draft(notes, "2026-11-30", "--kind", "next")
    assert "warehouse spend" not in result.stdout
    assert "left out 4 notes line(s)" in result.stderr and "I cut the warehouse spend" in result.stderr  # the other line too


def test_nothing_of_the_notes_is_written_to_disk_beyond_what_the_tracker_writes(cli):
    notes = cli.notes()
    cli("sent", "--notes", notes, "--kind", "thank-you", "--date", "2026-11-20", "--today", "2026-11-20")
    before = {path.relative_to(cli.folder): path.read_bytes() for path in cli.folder.rglob("*") if path.is_file()}
    cli.draft(notes, "2026-11-30", "--kind", "next")
    after = {path.relative_to(cli.folder): path.read_bytes() for path in cli.folder.rglob("*") if path.is_file()}
    assert after == before  # drafting wrote nothing: no file, no row
    with sqlite3.connect(cli.data / "history.sqlite3") as db:
        stored = " ".join(str(value) for table in ("applications", "events", "rounds") for row in db.execute(f"SELECT * FROM {table}") for value in row)
    for words in ("Airflow", "dbt", "on-call", "warehouse", "pay band"):
        assert words not in stored


def test_a_model_that_writes_again_what_an_earlier_message_said_is_not_printed():
    # the free strategy: the model writes the body itself; a body that says the thank-you's point again fails the
    # loop's own check (fed back), and the template, which leaves it out, is printed
    from draft.loop import Settings, write_draft
    from draft.notes import SentMessage, parse_notes
    from tests.conftest import ScriptedGenerator

    body = f"I hope you are well and wanted to follow up on the Senior Data Engineer position. {FORGOT}. Could you let me know about the next steps?"
    generator = ScriptedGenerator(lambda prompt: body, n_params=3_000_000_000)
    earlier = [SentMessage(kind="thank-you", date="2026-11-20")]
    result = write_draft(parse_notes(NOTES), generator, Settings(kind="status-check", strategy="free", earlier=earlier))
    assert result.source == "template" and FORGOT not in result.text
    assert all("said-before" in attempt.failed_rules for attempt in result.attempts)
    assert "said-before" not in write_draft(parse_notes(NOTES), ScriptedGenerator(lambda prompt: body, n_params=3_000_000_000),
                                            Settings(kind="status-check", strategy="free")).report.rules_checked
