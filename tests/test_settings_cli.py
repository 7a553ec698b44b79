"""Settings and docs as a job seeker uses them (issue 18, points 16-19), through the real command line:
a temporary settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_messages_cli import NOTES, Cli


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def test_config_show_says_not_set_instead_of_none(cli):
    shown = cli("config", "show")
    assert shown.exit_code == 0, shown.output
    assert "None" not in shown.stdout
    lines = {line.split(" = ")[0]: line for line in shown.stdout.splitlines()}
    assert lines["profile.name"] == "profile.name = (not set)  # built-in"
    assert lines["history.enabled"] == "history.enabled = True  # built-in"  # a default that is a value is shown


def test_config_unset_removes_a_key_keeps_the_comments_and_the_default_applies_again(cli):
    notes = cli.notes(NOTES)
    cli.settings.parent.mkdir(parents=True)
    cli.settings.write_text("# my settings\n[profile]\n# the name I sign with\n", encoding="utf-8")
    assert cli("config", "set", "profile.name", "Alex Moreno").exit_code == 0
    assert cli("config", "set", "models.aliases.writer", "qwen2.5:3b").exit_code == 0
    assert cli.write(notes, "-q").stdout.rstrip().endswith("Alex Moreno")
    removed = cli("config", "unset", "profile.name")
    assert removed.exit_code == 0 and removed.stderr.strip() == f"draft: {cli.settings}: profile.name removed"
    assert cli("config", "unset", "models.aliases.writer").exit_code == 0
    text = cli.settings.read_text(encoding="utf-8")
    assert "# the name I sign with" in text and "Alex Moreno" not in text and "qwen" not in text
    assert "profile.name = (not set)  # built-in" in cli("config", "show").stdout
    assert cli.write(notes, "-q").stdout.rstrip().endswith("Best regards,")  # unsigned again
    again = cli("config", "unset", "profile.name")
    assert again.exit_code == 0 and "profile.name was not set" in again.stderr


def test_config_unset_of_an_unknown_key_is_one_line_naming_the_file_and_the_key(cli):
    result = cli("config", "unset", "profile.nmae")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"draft: error: {cli.settings}: unknown key 'profile.nmae'")
    assert not cli.settings.exists()


def test_force_and_overwrite_are_two_permissions(cli):
    notes = cli.notes(NOTES)
    out = cli.folder / "followup.txt"
    out.write_text("my own draft", encoding="utf-8")
    early = ["--notes", notes, "--strategy", "template", "--today", "2026-11-21", "--no-history", "--kind", "status-check", "-q"]
    forced = cli(*early, "--out", out, "--force")  # --force lets the early status check be drafted, never over a file
    assert forced.exit_code == 2 and "already exists; pass --overwrite to replace it" in forced.stderr
    assert out.read_text(encoding="utf-8") == "my own draft"
    replaced = cli(*early, "--out", out, "--overwrite")  # --overwrite replaces the file, never the timing rules
    assert replaced.exit_code == 3 and "--force" in replaced.stderr and out.read_text(encoding="utf-8") == "my own draft"
    both = cli(*early, "--out", out, "--overwrite", "--force")
    assert both.exit_code == 0 and out.read_text(encoding="utf-8").startswith("Subject: Following up")


def test_plan_ics_is_replaced_with_overwrite_not_force(cli):
    notes = cli.notes(NOTES)
    ics = cli.folder / "plan.ics"
    ics.write_text("my calendar", encoding="utf-8")
    plan = ["plan", "--notes", notes, "--today", "2026-11-20", "--no-history", "--ics", ics]
    refused = cli(*plan)
    assert refused.exit_code == 2 and "pass --overwrite to replace it" in refused.stderr and ics.read_text() == "my calendar"
    assert cli(*plan, "--force").exit_code == 2  # no such option: --force is about timing
    assert cli(*plan, "--overwrite").exit_code == 0 and ics.read_text().startswith("BEGIN:VCALENDAR")


def test_rules_names_files_relative_to_their_folder_and_fits_100_columns(cli, tmp_path):
    from draft.guardrails.loader import shipped_folder

    mine = tmp_path / "my-rules"
    mine.mkdir()
    (mine / "U1_plain_words.toml").write_text(
        'id = "U1"\nname = "plain-words"\nseverity = "soft"\ncheck = "phrases"\nmessage = "Say what you mean"\n'
        'source = "my own"\n[params]\nphrases = ["synergy"]\n', encoding="utf-8")
    result = cli("rules", "--rules", mine)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100, max(lines, key=len)
    legend, table = [line for line in lines if line.startswith("#")], [line for line in lines if not line.startswith("#")]
    assert str(shipped_folder().resolve().relative_to(Path("/"))) not in "\n".join(table)  # no full paths in the table
    assert "(shipped)" in " ".join(legend) and "my-rules/ = " in " ".join(legend)
    assert any(line.split()[:4] == ["P4", "hard", "all", "but"] and line.endswith("  P4_signed_with_name.toml") for line in table)
    assert any(line.startswith("U1 ") and line.endswith("  my-rules/U1_plain_words.toml") for line in table)
    assert "Say what you mean [phrases]" in result.stdout


ROOT = Path(__file__).resolve().parents[1]


def _table_ids(markdown: str) -> set[str]:
    """The ids in the first column of a Markdown table ('| C1 | ...', '| T1, T3 | ...')."""
    import re

    return {rule_id for cells in re.findall(r"^\| *([A-Z][0-9]+(?:, [A-Z][0-9]+)*) *\|", markdown, re.MULTILINE) for rule_id in cells.split(", ")}


def test_the_rules_and_their_sources_are_in_the_repository_and_the_readme_lists_every_rule(cli):
    import json
    import re

    shipped = {record["id"] for record in json.loads(cli("rules", "--json").stdout)}
    rules_md = (ROOT / "RULES.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert shipped <= _table_ids(rules_md), shipped - _table_ids(rules_md)
    section = readme.split("## The rules", 1)[1].split("\n## ", 1)[0]
    assert shipped <= _table_ids(section), shipped - _table_ids(section)  # P1-P4 too
    assert "[RULES.md](RULES.md)" in section and "../shared" not in readme
    # every article a rule cites has its title and passages under Sources
    sources = rules_md.split("## Sources", 1)[1]
    cited = set(re.findall(r"\b(00[0-9])\b", rules_md.split("## Sources", 1)[0]))
    assert cited and cited <= set(re.findall(r"^\*\*(00[0-9]), ", sources, re.MULTILINE))


def test_the_examples_name_only_their_own_people_and_the_readme_shows_them_as_they_are():
    import re

    from draft.notes import read_notes_file

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "examples").glob("*.md")):
        notes = read_notes_file(path)
        people = {part for name in [*notes.interviewers, notes.sender or ""] for part in name.split()}
        for line in path.read_text(encoding="utf-8").splitlines():
            said = re.match(r"^[-*] ([A-Z][a-z]+) (?:was|is|asked|said|told|described|mentioned|seemed)\b", line)
            assert not said or said.group(1) in people, f"{path.name}: '{line}' names {said.group(1)}, who is not in its header"
        shown = re.search(rf"\(`examples/{re.escape(path.name)}`\):\n\n```markdown\n(.*?)```", readme, re.DOTALL)
        if shown:
            assert shown.group(1) == path.read_text(encoding="utf-8"), f"README's copy of examples/{path.name} differs from the file"


def _discussed(notes: Path, line: str) -> None:
    """Fill in a template as a user does: a topic under 'What we discussed'."""
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("## I forgot to mention", f"- {line}\n\n## I forgot to mention"), encoding="utf-8")


def test_draft_new_writes_a_commented_template_that_drafts_once_filled_in(cli):
    notes = cli.folder / "northwind.md"
    made = cli("new", notes, "--to", "Dana Whitfield", "--company", "Northwind Analytics", "--role", "Senior Data Engineer", "--date", "2026-11-20")
    assert made.exit_code == 0, made.output
    assert f"draft: wrote {notes}; fill it in, then: draft --notes {notes}" in made.stderr
    text = notes.read_text(encoding="utf-8")
    assert "## What we discussed" in text and "## Notes to self" in text and "<!--" in text and "# sender:" in text
    _discussed(notes, "their Kafka streaming rollout")
    result = cli.write(notes, "-q")
    assert result.exit_code == 0, result.output
    assert "Dear Dana," in result.stdout and "your Kafka streaming rollout" in result.stdout
    for comment in ("One line per topic", "jot", "Airflow", "Snowflake", "too junior", "commute", "THIS_FILE", "Raj Patel"):
        assert comment not in result.stdout  # the template's comments and examples never reach a draft


def test_draft_new_unfilled_says_which_key_to_fill_and_never_overwrites(cli):
    printed = cli("new", "--date", "2026-11-20")
    assert printed.exit_code == 0 and printed.stdout.startswith("---\n")
    notes = cli.notes(printed.stdout, "blank.md")
    _discussed(notes, "their Kafka streaming rollout")
    unfilled = cli.write(notes)
    assert unfilled.exit_code == 2 and "no interviewer given: add a line 'interviewer: ...'" in unfilled.stderr
    again = cli("new", notes)
    assert again.exit_code == 2 and "already exists; pass --overwrite to replace it" in again.stderr
    assert "their Kafka streaming rollout" in notes.read_text(encoding="utf-8")  # the user's notes are kept
    assert cli("new", notes, "--overwrite").exit_code == 0 and "Kafka" not in notes.read_text(encoding="utf-8")


def test_draft_new_quotes_what_yaml_would_misread(cli):
    from draft.notes import read_notes_file

    notes = cli.folder / "quoted.md"
    made = cli("new", notes, "--to", "Smith, Jr.", "--to", "Ana Lopez", "--company", "Acme: Labs #1", "--role", "- Analyst", "--date", "2026-11-20")
    assert made.exit_code == 0, made.output
    _discussed(notes, "their Kafka streaming rollout")
    read = read_notes_file(notes)
    assert (read.company, read.role) == ("Acme: Labs #1", "- Analyst") and len(read.interviewers) == 2
    bad = cli("new", "--company", "Acme\nrole: injected")
    assert bad.exit_code == 0 and "\nrole: injected" not in bad.stdout  # one line, whatever the option held
