"""`draft check` without false alarms (issue 19.3), through the real command line: a one-word subject is
told the minimum, 'percent' is no invented fact, a date's digits ground no count, a draft is checked
without notes (the rules that need none, the others named), and --fix prints the fixed draft."""

import json
import re

import pytest
from click.testing import CliRunner

from draft.cli import main
from tests.conftest import BASIC_NOTES
from tests.test_rules import GOOD


def check(*args, stdin=None):
    return CliRunner().invoke(main, ["check", *map(str, args)], input=stdin)


@pytest.fixture
def write(tmp_path):
    def written(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return written


def rules_in(output: str) -> set[str]:
    """The rule ids of the 'FILE:LINE:COL RULE message' lines."""
    return {m[1] for m in re.finditer(r"^\S+:\d+:\d+ (\S+) ", output, re.MULTILINE)}


def test_a_one_word_subject_is_told_the_minimum(write):
    notes = write("notes.md", BASIC_NOTES)
    result = check(write("d.txt", GOOD.replace("Thank you for the Senior Data Engineer interview", "Thanks!")), "--notes", notes)
    assert result.exit_code == 1
    f2 = [line for line in result.stdout.splitlines() if " F2 " in line]
    assert len(f2) == 1 and "'Thanks!' is 1 word" in f2[0] and "at least 2" in f2[0], result.stdout
    assert ":1:10 F2 " in f2[0]  # it points at the subject itself
    two_words = check(write("d2.txt", GOOD.replace("Thank you for the Senior Data Engineer interview", "Thank you!")), "--notes", notes)
    assert "F2" not in rules_in(two_words.stdout) and two_words.exit_code == 0


def test_a_missing_subject_says_so(write):
    result = check(write("d.txt", GOOD.split("\n", 2)[2]), "--notes", write("notes.md", BASIC_NOTES))
    assert result.exit_code == 1 and "no 'Subject:' line" in result.stdout


@pytest.mark.parametrize("notes_line, sentence", [
    ("- uptime went from 97 to 99.9 after the migration", "Taking uptime to 99.9 percent after the migration taught me a lot."),
    ("- shrink in outerwear was the big topic", "I enjoyed our talk about the few percent of shrink in outerwear."),
    ("- I cut warehouse spend by 30% in a Snowflake cost review", "I cut warehouse spend by 30 percent in a Snowflake cost review."),
])
def test_percent_is_no_invented_fact(write, notes_line, sentence):
    notes = write("notes.md", BASIC_NOTES + notes_line + "\n")
    result = check(write("d.txt", GOOD.replace("I especially enjoyed", sentence + " I especially enjoyed")), "--notes", notes)
    assert "C9" not in rules_in(result.stdout), result.stdout
    assert result.exit_code == 0


def test_the_number_before_percent_is_still_checked(write):
    notes = write("notes.md", BASIC_NOTES + "- uptime went from 97 to 99.9 after the migration\n")
    result = check(write("d.txt", GOOD.replace("I especially enjoyed", "Taking uptime to 99.99 percent taught me a lot. I especially enjoyed")), "--notes", notes)
    assert result.exit_code == 1 and any(" C9 " in line and "(99.99)" in line for line in result.stdout.splitlines())


def test_a_count_is_not_grounded_by_the_digits_of_the_interview_date(write):
    notes = write("notes.md", BASIC_NOTES.replace("2026-11-20", "2026-11-12"))
    count = check(write("d.txt", GOOD.replace("contribute to the team.", "contribute to the team of 12 engineers.")), "--notes", notes)
    assert count.exit_code == 1 and any(" C9 " in line and "(12)" in line for line in count.stdout.splitlines()), count.stdout
    date = check(write("d2.txt", GOOD.replace("Thank you for taking the time", "Thank you for taking the time on November 12")), "--notes", notes)
    assert "C9" not in rules_in(date.stdout) and date.exit_code == 0, date.stdout
    said = write("notes2.md", BASIC_NOTES.replace("2026-11-20", "2026-11-12") + "- the platform team has 12 engineers\n")
    grounded = check(write("d3.txt", GOOD.replace("contribute to the team.", "contribute to the team of 12 engineers.")), "--notes", said)
    assert "C9" not in rules_in(grounded.stdout) and grounded.exit_code == 0, grounded.stdout


def test_a_count_is_not_grounded_by_a_timeline_date(write):
    notes = write("notes.md", BASIC_NOTES.replace("sender: Alex Moreno", "sender: Alex Moreno\ntimeline: They expect to decide by December 5"))
    result = check(write("d.txt", GOOD.replace("contribute to the team.", "contribute to a team of 5.")), "--notes", notes)
    assert any(" C9 " in line and "(5)" in line for line in result.stdout.splitlines()), result.stdout


def test_check_without_notes_runs_the_rules_that_need_none_and_names_the_others(write):
    draft = write("d.txt", GOOD.replace("Best regards", "I need to know ASAP.\n\nBest regards").replace("Thank you for the Senior Data Engineer interview", "Thanks"))
    result = check(draft)
    assert result.exit_code == 1, result.output
    assert {"F2", "F6"} <= rules_in(result.stdout)  # phrasing and subject rules ran
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and skipped[0].startswith(f"{draft}: skipped "), result.stderr
    for rule, needs in (("C9", "--notes"), ("C3", "--notes"), ("P1", "--notes"), ("C1", "--to"), ("C5", "--company and --role")):
        assert rule in skipped[0] and needs in skipped[0], (rule, skipped[0])
    assert "draft: error" not in result.output


def test_check_without_notes_passes_a_good_draft(write):
    result = check(write("d.txt", GOOD))
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr and "passes the hard rules" in result.stderr


def test_header_options_run_the_rules_that_need_only_them(write):
    draft = write("d.txt", GOOD.replace("Dear Dana Whitfield,", "Dear Hiring Team,"))
    result = check(draft, "--to", "Dana Whitfield", "--company", "Northwind Analytics", "--role", "Senior Data Engineer", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and "C1" in {v["rule"] for v in data["violations"]}
    assert {"C1", "C5"} <= set(data["rules_checked"]) and "C1" not in data["rules_skipped"]
    assert data["rules_skipped"]["C9"] == ["notes"] and "C5" not in data["rules_skipped"]
    wrong_company = check(write("d2.txt", GOOD), "--company", "Globex", "--role", "Senior Data Engineer")
    assert wrong_company.exit_code == 1 and any(" C5 " in line and "Globex" in line for line in wrong_company.stdout.splitlines())


def test_a_bad_header_option_without_notes_is_one_line_naming_it(write):
    result = check(write("d.txt", GOOD), "--to", "5")
    assert result.exit_code == 2
    assert result.stderr.strip() == "draft: error: --to must be a person's name, not '5'"


def test_fix_prints_the_fixed_draft_and_leaves_the_file_alone(write):
    text = GOOD.replace("Subject: Thank you for the Senior Data Engineer interview", "Subject: Thank you for the the interview!!").replace(
        "I look forward to hearing about the next steps.", "I look forward to hearing about the next steps \U0001F600!!")
    draft = write("d.txt", text)
    result = check(draft, "--notes", write("notes.md", BASIC_NOTES), "--fix")
    assert draft.read_text(encoding="utf-8") == text
    fixed = result.stdout
    assert "\U0001F600" not in fixed and "!!" not in fixed and "the the" not in fixed
    assert fixed.startswith("Subject: Thank you for the interview!\n") and fixed.rstrip().endswith("Alex Moreno")
    assert f"{draft}: fixed F10, F3, F4" in result.stderr
    assert result.exit_code == 0, result.output  # nothing hard is left
    again = check(write("fixed.txt", fixed), "--notes", write("notes2.md", BASIC_NOTES))
    assert again.exit_code == 0 and not {"F3", "F4", "F10"} & rules_in(again.stdout)


def test_fix_reports_what_no_fix_can_mend(write):
    draft = write("d.txt", GOOD.replace("Best regards", "I need to know ASAP!!!\n\nBest regards"))
    result = check(draft, "--fix", "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["fixed_by"] == ["F4"] and "!!" not in data["fixed"]
    assert {v["rule"] for v in data["violations"]} >= {"F6"} and "C9" in data["rules_skipped"]


def test_the_rules_readme_names_every_check_that_needs_the_notes():
    from draft.guardrails.checks import CHECKS
    from tests.conftest import ROOT

    readme = (ROOT / "guardrails" / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("A check type declares what of the notes it reads"):].split("\n\n", 1)[0]
    assert sorted(name for name, check in CHECKS.items() if check.needs and f"`{name}`" not in paragraph) == []
    assert sorted(name for name, check in CHECKS.items() if not check.needs and f"`{name}`" in paragraph) == []
