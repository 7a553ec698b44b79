"""Messages and formats as a job seeker uses them (issue 18, points 1-5), through the real command line:
a temporary settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) for each test."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main

NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Senior Data Engineer
interview_date: 2026-11-20
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow; they run about 40 DAGs today
- Their on-call rotation and blameless incident reviews

## I forgot to mention
- I cut warehouse spend by 30% in a Snowflake cost review
"""
SIGNATURE = "Alex Moreno\nalex.moreno@example.com | +1 555 010 2030\nlinkedin.com/in/alexmoreno"


class Cli:
    """``draft`` as a user runs it, with its own settings file and data folder."""

    def __init__(self, tmp_path: Path):
        self.folder = tmp_path
        self.settings = tmp_path / "settings" / "config.toml"
        self.env = {"DRAFT_CONFIG": str(self.settings), "DRAFT_DATA_DIR": str(tmp_path / "data"), "DRAFT_CACHE_DIR": "off",
                    "DRAFT_BACKEND": None, "DRAFT_MODEL": None}

    def __call__(self, *args: object, stdin: str | None = None):
        return CliRunner().invoke(main, [str(a) for a in args], env=self.env, input=stdin)

    def notes(self, text: str = NOTES, name: str = "notes.md") -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        return path

    def write(self, notes: Path, *args: object):
        return self("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--no-history", *args)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_a_multi_line_signature_is_not_body_text_and_the_name_is_printed_once(cli):
    assert cli("config", "set", "profile.name", "Alex Moreno").exit_code == 0
    assert cli("config", "set", "profile.signature", SIGNATURE).exit_code == 0
    result = cli.write(cli.notes())
    assert result.exit_code == 0, result.output
    # every paragraph the notes give is still there (F1 counted the signature's lines as paragraphs)
    assert "One thing I did not get to mention is that I cut warehouse spend by 30%" in result.stdout
    assert result.stdout.rstrip().endswith("Best regards,\nAlex Moreno\nalex.moreno@example.com | +1 555 010 2030\nlinkedin.com/in/alexmoreno")
    assert result.stdout.count("Alex Moreno") == 1  # the signature's own first line is the name: not printed twice
    printed = cli.folder / "draft.txt"
    printed.write_text(result.stdout, encoding="utf-8")
    verdict = cli("check", printed, "--notes", cli.notes())
    assert verdict.exit_code == 0, verdict.output


def test_the_help_example_of_a_signature_does_not_repeat_the_name(cli):
    example = next(line for line in cli("config", "--help").stdout.splitlines() if "profile.signature" in line)
    assert "Alex Moreno" not in example


def test_a_signature_of_many_lines_with_marks_the_rules_forbid_in_a_message_changes_no_draft(cli):
    # the block is the user's own: no rule judges or counts it, and no fix touches it
    signature = "Alex Moreno\nData Engineer!! | she/her\n+1 555 010 2030\n\nalex.moreno@example.com\nlinkedin.com/in/alexmoreno\nPortfolio: alexmoreno.dev"
    cli("config", "set", "profile.name", "Alex Moreno")
    plain = cli.write(cli.notes())
    cli("config", "set", "profile.signature", signature)
    signed = cli.write(cli.notes())
    assert signed.exit_code == 0, signed.output
    assert signed.stdout.rstrip() == plain.stdout.rstrip() + "\n" + signature.split("\n", 1)[1]


EMAIL_KINDS = ["thank-you", "status-check", "second-check", "feedback-request", "keep-in-touch"]


@pytest.mark.parametrize("kind", ["thank-you", "status-check", "second-check", "handwritten", "linkedin", "phone", "feedback-request", "keep-in-touch"])
def test_every_email_kind_and_only_an_email_carries_the_signature_block(cli, kind):
    cli("config", "set", "profile.name", "Alex Moreno")
    cli("config", "set", "profile.signature", "+1 555 010 2030\nlinkedin.com/in/alexmoreno")
    result = cli.write(cli.notes(), "--kind", kind, "--force")
    assert result.exit_code == 0, result.output
    if kind in EMAIL_KINDS:
        assert result.stdout.rstrip().endswith("Alex Moreno\n+1 555 010 2030\nlinkedin.com/in/alexmoreno"), result.stdout
    else:
        assert "555 010 2030" not in result.stdout and "linkedin.com" not in result.stdout
