"""A job title in the interviewer field never stops a draft or reaches the greeting (issue 16: every valid notes
file gets a draft), through the CLI with the rules-only strategy."""

from __future__ import annotations

import re

import pytest

from tests.conftest import DraftCli

BODY = "\n- she walked me through the spring floor reset\n- asked how I would handle a return without a receipt\n"


@pytest.mark.parametrize("field", ["Mgr. Luis Ortega", "Luis Ortega, Sales Mgr", "Luis Ortega - Sales Mgr"])
def test_a_job_title_beside_the_interviewers_name_still_gets_a_draft_greeting_the_person(tmp_path, field):
    cli = DraftCli(tmp_path)
    notes = tmp_path / "notes.md"
    notes.write_text(f"interviewer: {field}\ncompany: Brightline Outfitters\nrole: Sales Associate\n{BODY}", encoding="utf-8")
    result = cli("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--no-history")
    assert result.exit_code == 0, result.output
    greeting = next(line for line in result.output.splitlines() if line.startswith("Dear "))
    assert re.fullmatch(r"Dear (?:Ms\. |Mr\. |Luis )?Ortega,", greeting), greeting
    assert "Mgr" not in result.output
