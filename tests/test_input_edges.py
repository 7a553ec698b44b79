"""Issue 9, the remaining edges of user input: indentation kept, typed bullets, numbers as words,
'24*7', --today, errors that name the file, --out onto a directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main
from draft.guardrails.scrub import scrub_item
from draft.guardrails import check_draft, load_rules
from draft.notes import parse_notes, read_notes_file
from draft.sanitize import normalize_text
from draft.understanding.lines import normalize_bullets, split_lines

ROOT = Path(__file__).resolve().parents[1]
HEADER = "Interviewer: Dana Whitfield\nCompany: Northwind Analytics\nRole: Data Engineer\nDate: 2026-11-20\nSender: Alex Moreno\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.output.splitlines() if line.strip() and not line.startswith("draft: note:")]
    assert len(lines) == 1 and lines[0].startswith("draft: error:"), result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output
    return lines[0]


# --- 1. sanitizing keeps indentation and line structure ------------------------------------------

CRLF_NESTED = (
    "---\r\ninterviewer: Charlotte Beaumont\r\ncompany: Ashford Kline LLP\r\nrole: Litigation Paralegal\r\n"
    "interview_date: 2026-11-02\r\nsent:\r\n  - kind: thank-you\r\n    date: 2026-11-03\r\n"
    "  - kind: status-check\r\n    date:   2026-11-12\r\n---\r\n- e-discovery: they use Relativity\r\n"
)


def test_crlf_front_matter_with_nested_list_parses(tmp_path):
    path = tmp_path / "crlf.md"
    path.write_bytes(CRLF_NESTED.encode())
    notes = read_notes_file(path, today=dt.date(2026, 11, 20))
    assert [(s.kind, s.date) for s in notes.sent] == [("thank-you", dt.date(2026, 11, 3)), ("status-check", dt.date(2026, 11, 12))]
    # the corpus file that was refused ("not valid YAML (line 11)")
    messy = read_notes_file(ROOT / "benchmarks/corpus-messy/crlf-litigation-paralegal.md", today=dt.date(2026, 11, 20))
    assert len(messy.sent) == 2


def test_multiline_normalization_keeps_indentation_and_lines():
    text = "a:\r\n  - x\r\n    y:  1\t 2  \r\n\t- tab\r\rend"
    assert normalize_text(text, "f", multiline=True) == "a:\n  - x\n    y: 1 2\n    - tab\n\nend"


def test_tab_indented_front_matter_parses():
    notes = parse_notes("---\ninterviewer: Dana Whitfield\ncompany: N\nrole: R\nsent:\n\t- kind: thank-you\n\t  date: 2026-11-03\n---\n- Kafka\n")
    assert [(s.kind, s.date) for s in notes.sent] == [("thank-you", dt.date(2026, 11, 3))]


def test_indented_notes_lines_are_not_lost_as_code_blocks():
    notes = parse_notes(HEADER + "\n## What we discussed\n\n    - Migrating the ETL pipeline to Airflow\n        - their 40 DAGs\n")
    assert any("Airflow" in item for item in notes.discussed) and any("40 DAGs" in item for item in notes.discussed)


# --- 2. bullets people type ----------------------------------------------------------------------

@pytest.mark.parametrize("bullet", ["\u2022 ", "\u2022", "\u2023 ", "\u25e6 ", "\u25aa ", "\u2013 ", "* "])
def test_typed_bullets_are_list_items(bullet):
    body = f"{bullet}holiday staffing: hiring 15 seasonal\n{bullet}shrink 2.1% in outerwear\n"
    assert [line.text for line in split_lines(body)] == ["holiday staffing: hiring 15 seasonal", "shrink 2.1% in outerwear"]


def test_bullet_normalization_leaves_text_alone():
    text = "**Concerns**\n*emphasis* here\n\u20135 degrees\n  \u25e6 nested"
    assert normalize_bullets(text) == "**Concerns**\n*emphasis* here\n\u20135 degrees\n  - nested"


def test_phone_notes_with_dot_bullets_yield_a_topic():
    notes = read_notes_file(ROOT / "benchmarks/corpus-messy/phone-assistant-store-manager.md", today=dt.date(2026, 11, 9))
    assert any("seasonal" in item for item in notes.discussed)
    assert not any("\u2022" in item.source for item in notes.items)


# --- 3. C9: numbers as digits on one side, words on the other ------------------------------------

def c9_findings(text: str, bullet: str) -> list[str]:
    notes = parse_notes(HEADER + f"\n## What we discussed\n- {bullet}\n")
    rules = [rule for rule in load_rules() if rule.id == "C9"]
    return [v.span for v in check_draft(text, notes, "thank-you", rules).violations]


@pytest.mark.parametrize("draft_says, notes_say", [
    ("the four pages of the writing sample", "they want a 4-page writing sample"),     # word in the draft, digits in the notes
    ("the 4-page writing sample", "they want a writing sample of four pages"),         # digits in the draft, word in the notes
    ("your 24 regional teams", "twenty-four regional teams"),
    ("your twenty-four regional teams", "24 regional teams"),
    ("about three hundred stores", "300 stores across the region"),
    ("the 1,000 tickets a week", "about a thousand tickets a week"),
    ("the two dozen engineers", "24 engineers on the platform team"),
    ("the 2.1 percent shrink in outerwear", "shrink 2.1% in outerwear"),                # 'percent' against '%'
    ("the 2.1% shrink in outerwear", "shrink 2.1 percent in outerwear"),
    ("the 2.1 percent shrink in outerwear", "shrink 2.1 per cent in outerwear"),
    ("the twenty percent shrink in outerwear", "20 pct shrink in outerwear"),
    ("a shrink of a few percent in outerwear", "shrink in outerwear"),                  # a unit is no fact: its number is
    ("the 2.1 percent shrink in outerwear", "shrink 2.1 in outerwear"),
    ("the $1200 budget for outerwear", "a $1,200 budget for outerwear"),
])
def test_c9_accepts_a_number_written_the_other_way(draft_says, notes_say):
    assert c9_findings(f"I enjoyed hearing about {draft_says}.", notes_say) == []


@pytest.mark.parametrize("draft_says, notes_say, flagged", [
    ("the five pages of the writing sample", "they want a 4-page writing sample", "five"),
    ("the 5-page writing sample", "they want a writing sample of four pages", "5"),
    ("your twenty-five regional teams", "24 regional teams", "twenty"),
    ("your 25 regional teams", "twenty-four regional teams", "25"),
    ("about four hundred stores", "300 stores across the region", "hundred"),
    ("the 2,000 tickets a week", "about a thousand tickets a week", "2,000"),
    ("the 3.1 percent shrink in outerwear", "shrink 2.1% in outerwear", "3.1"),
    ("the 2.15 percent shrink in outerwear", "shrink 2.1% in outerwear", "2.15"),            # a decimal as written
    ("the 12 stores in the region", "8 stores in the region, visited on 2026-11-12", "12"),  # a date's digits
])
def test_c9_still_flags_a_number_the_notes_do_not_hold(draft_says, notes_say, flagged):
    assert flagged in c9_findings(f"I enjoyed hearing about {draft_says}.", notes_say)


# --- the regexes added here are linear on 100 KB worst cases ---------------------------------------

def _new_patterns():
    from draft.guardrails.checks import numbers
    from draft.understanding import lines

    return [numbers.NUMBER, numbers.THOUSANDS, numbers.WORD, numbers.JOINER, numbers.DATE, lines._OTHER_BULLET]


@pytest.mark.parametrize("index", range(6))
def test_new_patterns_are_linear(index):
    import time

    from tests.regex_inventory import worst_cases

    pattern = _new_patterns()[index]
    started = time.perf_counter()
    for case in worst_cases(pattern.pattern) + ["\u2022" + " " * 100_000 + "\n", "four" + " " * 100_000 + ",five"]:
        for _ in pattern.finditer(case):
            pass
        pattern.fullmatch(case)
    assert time.perf_counter() - started < 2.0, pattern.pattern


def test_c9_on_a_long_run_of_number_words_is_fast():
    import time

    started = time.perf_counter()
    c9_findings("I enjoyed " + "four - " * 20_000 + "pages.", "a 4-page writing sample")
    assert time.perf_counter() - started < 3.0


# --- 4. '24*7' stays '24*7' ----------------------------------------------------------------------

def test_star_between_digits_reaches_the_draft_and_passes():
    from draft.loop import Settings, write_draft

    notes = parse_notes(HEADER + "\n## What we discussed\n- Their 24*7 support rotation, a **blameless** review and 9*5 hours\n")
    item = next(i for i in notes.items if "support" in i.source)
    assert "24*7" in item.text and "9*5" in item.text and "*" not in item.text.replace("24*7", "").replace("9*5", "")
    assert scrub_item(item.text, notes, "thank-you").count("24*7") == 1
    result = write_draft(notes, None, Settings(strategy="template"))
    assert "24*7" in result.text and "247" not in result.text
    assert check_draft(result.text, notes, "thank-you", load_rules()).passed


# --- 5. --today is a calendar date on every command that takes it ---------------------------------

NOTES = HEADER + "\n## What we discussed\n- Migrating the ETL pipeline from cron to Airflow\n"


@pytest.mark.parametrize("day, problem", [
    ("2026-02-30", "real ISO date"), ("0000-01-01", "real ISO date"), ("9999-12-31", "between 1970-01-01 and 2100-12-31"),
    ("garbage", "real ISO date"), ("2026-11-20T10:00", "real ISO date"), ("9" * 5000, "ISO date"),
])
@pytest.mark.parametrize("command", [["--strategy", "template"], ["plan"], ["sent", "--no-history"], ["reply", "--no-history"], ["rejected", "--no-history"]])
def test_today_must_be_a_calendar_date(tmp_path, command, day, problem):
    notes = tmp_path / "n.md"
    notes.write_text(NOTES)
    line = one_line_error(run(*command, "--notes", str(notes), "--today", day), "--today", problem)
    assert len(line) < 200


def test_a_valid_today_still_works(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text(NOTES)
    result = run("--strategy", "template", "--notes", str(notes), "--today", "2026-11-20", "-q")
    assert result.exit_code == 0 and "Airflow" in result.output


# --- 6. errors name the notes file; --out onto a directory -----------------------------------------

@pytest.mark.parametrize("body", ["", "\n## Notes to self\n- salary seemed low\n"])
def test_nothing_to_say_still_drafts_and_a_note_names_the_notes_file(tmp_path, body):
    """Valid notes always get a draft (issue 16): with nothing to recall, the message thanks them for the conversation
    about the role, no private line in it, and a note on stderr names the file and says why."""
    notes = tmp_path / "n.md"
    notes.write_text(HEADER + body)
    result = run("--strategy", "template", "--notes", str(notes), "-q")
    assert result.exit_code == 0, result.output
    assert "Data Engineer position at Northwind Analytics" in result.stdout and "salary" not in result.stdout
    assert f"draft: note: {notes}: nothing in the notes could be said" in result.stderr


def test_nothing_to_say_from_stdin_names_stdin():
    result = CliRunner().invoke(main, ["--strategy", "template", "--notes", "-", "-q"], input=HEADER)
    assert result.exit_code == 0 and "draft: note: <stdin>: nothing in the notes" in result.stderr


def test_plan_without_interview_date_names_the_notes_file(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text(NOTES.replace("Date: 2026-11-20\n", ""))
    one_line_error(run("plan", "--notes", str(notes)), f"{notes}: ", "interview date")
    one_line_error(run("--kind", "next", "--strategy", "template", "--notes", str(notes)), f"{notes}: ", "interview date")


@pytest.mark.parametrize("force", [[], ["--overwrite"]])
def test_out_onto_a_directory_says_so(tmp_path, monkeypatch, force):
    notes = tmp_path / "n.md"
    notes.write_text(NOTES)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    one_line_error(run("--strategy", "template", "--notes", str(notes), "--out", ".", *force), ".: is a directory")
    one_line_error(run("--strategy", "template", "--notes", str(notes), "--out", str(tmp_path), *force), f"{tmp_path}: is a directory")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written, nothing left behind


def test_out_in_a_missing_folder_is_refused_before_drafting(tmp_path):
    notes = tmp_path / "n.md"
    notes.write_text(NOTES)
    one_line_error(run("--strategy", "template", "--notes", str(notes), "--out", str(tmp_path / "no" / "x.txt")), "there is no folder")


def test_out_existing_file_without_overwrite_is_kept(tmp_path):
    notes, out = tmp_path / "n.md", tmp_path / "out.txt"
    notes.write_text(NOTES)
    out.write_text("mine")
    one_line_error(run("--strategy", "template", "--notes", str(notes), "--out", str(out)), "already exists")
    assert out.read_text() == "mine"
    assert run("--strategy", "template", "--notes", str(notes), "--out", str(out), "--overwrite", "-q").exit_code == 0
    assert "Airflow" in out.read_text()


# --- 7. header values are what their field says: a name has letters, a tone is one of the tones ------

YAML_HEADER = "---\ninterviewer: Dana Whitfield\ncompany: Northwind Analytics\nrole: Data Engineer\nsender: Alex Moreno\n"


@pytest.mark.parametrize("field, value", [
    ("interviewer", "5"), ("interviewer", "42; 7"), ("interviewer", "---"), ("sender", "5"), ("company", "42"),
    ("role", "7"), ("role", "(1)"),
])
@pytest.mark.parametrize("style", ["key-value", "yaml"])
def test_a_name_field_without_letters_is_refused_naming_file_and_field(tmp_path, field, value, style):
    notes = tmp_path / "n.md"
    if style == "yaml":  # 'interviewer: 5' is a YAML number, not text
        header = "\n".join(f"{field}: {value}" if line.startswith(f"{field}:") else line for line in YAML_HEADER.splitlines())
        notes.write_text(header + "\n---\n- Migrating the ETL pipeline from cron to Airflow\n")
    else:
        key = field.capitalize()
        notes.write_text("\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in NOTES.splitlines()) + "\n")
    for command in (["--strategy", "template", "--today", "2026-11-20"], ["plan", "--today", "2026-11-20"]):
        line = one_line_error(run(*command, "--notes", str(notes)), f"{notes}: '{field}' must be ")
        assert "Dear" not in line


@pytest.mark.parametrize("field, value", [("interviewer", "Dana Whitfield 2"), ("company", "3M"), ("role", "7th Grade Math Teacher"), ("company", "37signals")])
def test_a_name_field_with_digits_and_letters_is_kept(field, value):
    key = field.capitalize()
    notes = parse_notes("\n".join(f"{key}: {value}" if line.startswith(f"{key}:") else line for line in NOTES.splitlines()) + "\n")
    assert value.split()[0] in " ".join([notes.company, notes.role, *notes.interviewers])


@pytest.mark.parametrize("value", ["furious", "formal warm", "9", "tone", "furious, he was rude", "tbd (ask Sam)"])
def test_an_unknown_tone_is_refused_with_the_tones(tmp_path, value):
    notes = tmp_path / "n.md"
    notes.write_text(HEADER + f"Tone: {value}\n" + NOTES[len(HEADER):])
    one_line_error(run("--strategy", "template", "--notes", str(notes), "--today", "2026-11-20"), f"{notes}: 'tone' must be formal, neutral or warm, not '{value}'")
    notes.write_text(YAML_HEADER + f"tone: {value}\n---\n- Migrating the ETL pipeline from cron to Airflow\n")
    one_line_error(run("check", str(notes), "--notes", str(notes)), f"{notes}: 'tone' must be formal, neutral or warm")


@pytest.mark.parametrize("value, tone", [("formal", "formal"), ("Warm", "warm"), ("NEUTRAL", "neutral"), ("conservative", "formal"), ("friendly", "warm"),
                                         ("warm, he's a real down home kinda guy", "warm"), ("formal (she is old school)", "formal"),
                                         ("casual - they all wore hoodies", "warm"), ("professional; it's a bank", "formal")])
def test_a_tone_or_a_word_for_one_is_kept(tmp_path, value, tone):
    assert parse_notes(HEADER + f"Tone: {value}\n" + NOTES[len(HEADER):]).tone == tone
    notes = tmp_path / "n.md"
    notes.write_text(HEADER + f"Tone: {value}\n" + NOTES[len(HEADER):])
    result = run("--strategy", "template", "--notes", str(notes), "--today", "2026-11-20", "-q")
    assert result.exit_code == 0 and {"formal": "Sincerely", "warm": "Warm regards", "neutral": "Best regards"}[tone] in result.output


def test_industry_stays_free_text():
    notes = parse_notes(HEADER + "Industry: maritime logistics\n" + NOTES[len(HEADER):])
    assert notes.industry == "maritime logistics"
