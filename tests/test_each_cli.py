"""A panel's follow-up as one message per interviewer, ``draft --each`` (issue 18, point 7), through the real command
line: a temporary settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) for each test, no model
(--strategy template)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main
from tests.conftest import DraftCli, fake_opener

ROOT = Path(__file__).resolve().parents[1]
PANEL_HEADER = """---
interviewer: [Dana Whitfield, Raj Patel]
company: Northwind Analytics
role: Senior Data Engineer
interview_date: 2026-11-20
sender: Alex Moreno
---
"""
PANEL = PANEL_HEADER + """## What we discussed
- Dana walked me through migrating the ETL pipeline from cron to Airflow
- Raj asked how I would monitor data quality in the finance models
- Their on-call rotation and blameless incident reviews

## I forgot to mention
- I cut warehouse spend by 30% in a Snowflake cost review

## Notes to self
- thank both, separate emails, different detail in each
- Raj seemed tired, pay band not discussed
"""
DANAS = "migrating the ETL pipeline from cron to Airflow"
RAJS = "monitor data quality in the finance models"
NO_ONES = ("on-call rotation", "warehouse spend")  # lines that name no one: each in one message, never two
SEPARATOR = re.compile(r"^===== message (\d) of (\d): to (.+) =====$", re.MULTILINE)


class Cli(DraftCli):
    NOTES = PANEL

    def each(self, notes: Path, *args: object):
        return self("--notes", notes, "--each", "--strategy", "template", "--today", "2026-11-20", "--no-history", *args)

    def passes_check(self, text: str, notes: Path, to: str) -> bool:
        draft = self.folder / "message.txt"
        draft.write_text(text, encoding="utf-8")
        result = self("check", draft, "--notes", notes, "--to", to)
        return result.exit_code == 0 and "passes the hard rules" in result.output


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


def messages(stdout: str) -> dict[str, str]:
    """The printed messages by interviewer, from the separators."""
    found = list(SEPARATOR.finditer(stdout))
    assert [int(m.group(1)) for m in found] == list(range(1, len(found) + 1)) and {m.group(2) for m in found} == {str(len(found))}
    ends = [m.start() for m in found[1:]] + [len(stdout)]
    return {m.group(3): stdout[m.end():end].strip() for m, end in zip(found, ends)}


def test_each_interviewer_gets_a_message_greeting_only_them_with_only_their_detail(cli):
    notes = cli.notes()
    result = cli.each(notes)
    assert result.exit_code == 0, result.output
    by_name = messages(result.stdout)
    assert list(by_name) == ["Dana Whitfield", "Raj Patel"]
    dana, raj = by_name["Dana Whitfield"], by_name["Raj Patel"]
    assert "\nDear Dana,\n" in "\n" + dana and "Raj" not in dana
    assert "\nDear Raj,\n" in "\n" + raj and "Dana" not in raj
    assert DANAS in dana and DANAS not in raj
    assert RAJS in raj and RAJS not in dana
    for detail in NO_ONES:  # a line that names no one goes to one message, never two
        assert (detail in dana) != (detail in raj), detail
    for text in (dana, raj):
        assert "tired" not in text and "pay band" not in text and "separate emails" not in text
    assert cli.passes_check(dana, notes, "Dana Whitfield") and cli.passes_check(raj, notes, "Raj Patel")


def test_the_same_detail_written_for_two_people_is_said_in_one_message_only(cli):
    text = PANEL.replace("- Their on-call rotation and blameless incident reviews\n",
                         "- Raj also walked me through migrating the ETL pipeline from cron to Airflow\n")
    result = cli.each(cli.notes(text))
    assert result.exit_code == 0, result.output
    by_name = messages(result.stdout)
    assert sum("cron to Airflow" in message for message in by_name.values()) == 1
    assert RAJS in by_name["Raj Patel"]


def test_a_heading_that_names_an_interviewer_gives_them_the_lines_under_it(cli):
    text = PANEL_HEADER + """## With Raj
- how I would monitor data quality in the finance models
- their plan to move the finance models to dbt with tests

## With Dana
- migrating the ETL pipeline from cron to Airflow
"""
    notes = cli.notes(text)
    result = cli.each(notes)
    assert result.exit_code == 0, result.output
    by_name = messages(result.stdout)
    assert "cron to Airflow" in by_name["Dana Whitfield"] and "dbt" not in by_name["Dana Whitfield"]
    assert "dbt with tests" in by_name["Raj Patel"] and "cron to Airflow" not in by_name["Raj Patel"]
    assert all(cli.passes_check(message, notes, name) for name, message in by_name.items())


def test_a_panel_of_three_from_the_examples_passes_every_hard_rule_each(cli):
    notes = ROOT / "examples" / "panel-nursing.md"
    result = cli("--notes", notes, "--each", "--strategy", "template", "--today", "2026-11-19", "--no-history")
    assert result.exit_code == 0, result.output
    by_name = messages(result.stdout)
    assert list(by_name) == ["Dr. Amélie Dubois-Laurent", "Kwame Mensah", "Siobhán O'Neill"]
    assert by_name["Dr. Amélie Dubois-Laurent"].split("\n")[2] == "Dear Dr. Dubois-Laurent,"
    assert "conflict between staff" in by_name["Kwame Mensah"]  # the line that names him
    for name, message in by_name.items():
        assert cli.passes_check(message, notes, name), name


def test_out_writes_one_file_per_interviewer_and_never_replaces_one(cli):
    notes = cli.notes()
    out = cli.folder / "followup.txt"
    result = cli.each(notes, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in cli.folder.glob("followup*"))
    assert files == ["followup-dana-whitfield.txt", "followup-raj-patel.txt"]
    dana = (cli.folder / "followup-dana-whitfield.txt").read_text(encoding="utf-8")
    assert dana.startswith("Subject: ") and "Dear Dana," in dana and "=====" not in dana
    (cli.folder / "followup-raj-patel.txt").write_text("my own edits", encoding="utf-8")
    again = cli.each(notes, "--out", out)
    assert again.exit_code == 2 and "followup-dana-whitfield.txt: already exists; pass --overwrite" in again.output
    assert (cli.folder / "followup-raj-patel.txt").read_text(encoding="utf-8") == "my own edits"  # nothing of the user's lost
    assert cli.each(notes, "--out", out, "--overwrite").exit_code == 0
    assert "Dear Raj," in (cli.folder / "followup-raj-patel.txt").read_text(encoding="utf-8")


def test_json_is_one_list_and_eml_gives_the_address_to_the_person_it_names(cli):
    notes = cli.notes()
    result = cli.each(notes, "--format", "json", "--quiet")
    data = json.loads(result.stdout)
    assert [message["to"] for message in data] == ["Dana Whitfield", "Raj Patel"] and all(m["checks_passed"] for m in data)
    out = cli.folder / "followup.eml"
    result = cli.each(notes, "--format", "eml", "--out", out, "--to", "Dana Whitfield", "--to", "Raj Patel <raj@northwind.example>")
    assert result.exit_code == 0, result.output
    raj = (cli.folder / "followup-raj-patel.eml").read_text(encoding="utf-8")
    dana = (cli.folder / "followup-dana-whitfield.eml").read_text(encoding="utf-8")
    assert "To: Raj Patel <raj@northwind.example>" in raj and "\nTo:" not in "\n" + dana
    assert "the .eml of the message to Dana Whitfield has no To" in result.stderr


def test_each_with_one_interviewer_is_the_one_message(cli):
    notes = cli.notes(PANEL.replace("[Dana Whitfield, Raj Patel]", "Dana Whitfield"))
    alone = cli.each(notes)
    plain = cli("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--no-history")
    assert alone.exit_code == 0 and alone.stdout == plain.stdout and "=====" not in alone.stdout
    assert "--each: the notes name one interviewer (Dana Whitfield): one message" in alone.stderr


def test_each_is_in_the_help_and_the_readme():
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert "--each" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    options = readme[readme.index("Useful options"):]
    assert "`--each`" in options[:2000]


def test_open_hands_each_message_to_the_mail_client(cli, tmp_path):
    from urllib.parse import parse_qs, unquote, urlsplit

    record = fake_opener(tmp_path, cli.env, each_on_a_line=True)
    result = cli.each(cli.notes(), "--open", "--to", "Dana Whitfield", "--to", "Raj Patel <raj@northwind.example>")
    assert result.exit_code == 0, result.output
    links = [urlsplit(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [unquote(link.path) for link in links] == ["", "raj@northwind.example"]  # Dana's address is not known
    bodies = [parse_qs(link.query)["body"][0] for link in links]
    assert bodies[0].startswith("Dear Dana,") and bodies[1].startswith("Dear Raj,")


def test_notes_that_ask_for_one_message_each_get_one_each_without_the_flag(tmp_path):
    cli = Cli(tmp_path)
    notes = cli.notes()  # its notes to self: 'thank both, separate emails, different detail in each'
    result = cli("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--no-history")
    assert result.exit_code == 0, result.output
    assert [m.group(3) for m in SEPARATOR.finditer(result.stdout)] == ["Dana Whitfield", "Raj Patel"]
    assert "one message per interviewer" in result.stderr and "--together" in result.stderr
    together = cli("--notes", notes, "--together", "--strategy", "template", "--today", "2026-11-20", "--no-history")
    assert together.exit_code == 0 and not SEPARATOR.search(together.stdout)
    assert "Dana" in together.stdout.split("\n\n")[1] and "Raj" in together.stdout.split("\n\n")[1]  # one greeting to both


@pytest.mark.parametrize("line", ["one email to both is fine", "don't do separate emails, one is enough", "a separate sentence for Raj"])
def test_notes_that_only_allow_one_message_each_get_one_message(tmp_path, line):
    cli = Cli(tmp_path)
    notes = cli.notes(PANEL.replace("thank both, separate emails, different detail in each", line))
    result = cli("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--no-history")
    assert result.exit_code == 0, result.output
    assert not SEPARATOR.search(result.stdout) and "one message per interviewer" not in result.stderr


HEADED_PANEL = """---
interviewer: [Dr. Aaron Feldstein, Dr. Yuna Seo]
company: Corvalis Energy Storage
role: Senior R&D Engineer
interview_date: 2026-11-20
sender: Minho Kang
---
Dr. Aaron Feldstein (VP R&D):
- we talked about cost per kWh in cell design for their ESS line
- the LFP transition they are planning for the Georgia plant

Dr. Yuna Seo (Cell Design Manager, would be my manager):
- we discussed the formation protocol for the new prismatic cells
- the scale-up from coin cell to pouch to production

Notes to self: thank both separately.
"""


def test_lines_under_a_persons_heading_that_name_no_one_go_to_that_person_only(cli):
    notes = cli.notes(HEADED_PANEL)
    result = cli.each(notes)
    assert result.exit_code == 0, result.output
    said_to = messages(result.stdout)
    assert set(said_to) == {"Dr. Aaron Feldstein", "Dr. Yuna Seo"}
    theirs = {"Dr. Aaron Feldstein": ("cost per kWh", "LFP transition"), "Dr. Yuna Seo": ("formation protocol", "scale-up")}
    said = {name: [topic for topic in topics if topic in said_to[name]] for name, topics in theirs.items()}
    assert all(said.values()), said_to  # each message recalls something of its own person's section
    for name, topics in theirs.items():
        for other, text in said_to.items():
            if other != name:
                assert not any(topic in text for topic in topics), (name, other, text)


CARRIED = PANEL_HEADER + """- Dana walked me through migrating the ETL pipeline from cron to Airflow
- we also covered their lineage tooling in OpenLineage
- and the Kafka consumer lag alerts on their streaming jobs
- Raj asked how I would monitor data quality in the finance models
- thank both, separate emails
"""


def test_a_line_that_names_no_one_goes_with_the_last_person_the_notes_named(cli):
    result = cli.each(cli.notes(CARRIED))
    assert result.exit_code == 0, result.output
    said_to = messages(result.stdout)
    assert "OpenLineage" not in said_to["Raj Patel"] and "Kafka" not in said_to["Raj Patel"], said_to
    assert "OpenLineage" in said_to["Dana Whitfield"] or "Kafka" in said_to["Dana Whitfield"], said_to
