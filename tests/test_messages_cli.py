"""Messages and formats as a job seeker uses them (issue 18, points 1-5), through the real command line:
a temporary settings file ($DRAFT_CONFIG) and data folder ($DRAFT_DATA_DIR) for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DraftCli, fake_opener

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


class Cli(DraftCli):
    """``draft`` as a user runs it, with its own settings file and data folder."""

    NOTES = NOTES

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


def test_without_a_name_the_draft_is_unsigned_and_draft_and_check_say_so_alike(cli):
    notes = cli.notes()
    unsigned = cli.write(notes, "-q")
    assert unsigned.exit_code == 0, unsigned.output
    assert unsigned.stdout.rstrip().endswith("Best regards,")
    warning = "draft: warning: no name for the sign-off (P4), so it is unsigned"
    assert warning in unsigned.stderr  # --quiet does not hide it: the draft is not finished
    printed = cli.folder / "unsigned.txt"
    printed.write_text(unsigned.stdout, encoding="utf-8")
    same = cli("check", printed, "--notes", notes)
    assert same.exit_code == 0 and warning in same.stderr  # the same notes and settings: the same verdict and the same line
    assert cli("config", "set", "profile.name", "Alex Moreno").exit_code == 0
    assert cli("check", printed, "--notes", notes).exit_code == 1  # now a name is known: unsigned fails P4 ...
    signed = cli.write(notes, "-q")
    assert signed.stdout.rstrip().endswith("Best regards,\nAlex Moreno") and signed.stderr == ""  # ... and the draft signs
    printed.write_text(signed.stdout, encoding="utf-8")
    assert cli("check", printed, "--notes", notes).exit_code == 0


def _on_a_terminal(cli: Cli, notes: Path, *typed: str) -> tuple[str, str]:
    """Run ``draft`` as in a terminal session (stdin and stderr a pseudo-terminal, stdout a pipe); answer each
    question with the next of ``typed``."""
    import os
    import select
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFT_")} | {k: v for k, v in cli.env.items() if v is not None}
    leader, follower = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "draft", "--notes", str(notes), "--strategy", "template", "--today", "2026-11-20", "--no-history"],
                               stdin=follower, stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    answers = list(typed)
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            process.kill()
            raise AssertionError(f"no answer from draft on the terminal: {seen!r}")
        try:
            chunk = os.read(leader, 1024)
        except OSError:  # the terminal closed: draft has finished
            break
        if not chunk:
            break
        seen += chunk
        if answers and seen.count(b"(saved as profile.name") > len(typed) - len(answers) and seen.rstrip().endswith(b":"):
            os.write(leader, answers.pop(0).encode() + b"\n")
    stdout = process.stdout.read().decode()
    process.wait(timeout=30)
    os.close(leader)
    return stdout, seen.decode(errors="replace")


def test_on_a_terminal_draft_asks_once_for_the_name_and_saves_it_to_the_profile(cli):
    notes = cli.notes()
    stdout, terminal = _on_a_terminal(cli, notes, "Alex Moreno")
    assert "your name for the sign-off" in terminal and f"saved profile.name = Alex Moreno in {cli.settings}" in terminal
    assert stdout.rstrip().endswith("Best regards,\nAlex Moreno"), stdout
    assert 'name = "Alex Moreno"' in cli.settings.read_text(encoding="utf-8")
    stdout, terminal = _on_a_terminal(cli, notes, "Someone Else")
    assert "(saved as profile.name" not in terminal and stdout.rstrip().endswith("Alex Moreno")  # asked once


def test_on_a_terminal_enter_skips_the_question_and_a_bad_name_is_asked_again(cli):
    notes = cli.notes()
    stdout, terminal = _on_a_terminal(cli, notes, "")
    assert stdout.rstrip().endswith("Best regards,") and "so it is unsigned" in terminal and not cli.settings.exists()
    stdout, terminal = _on_a_terminal(cli, notes, "<script>", "")
    assert "Error: a person's name" in terminal and terminal.count("(saved as profile.name") == 2 and not cli.settings.exists()


def _eml(text: str):
    import email.parser
    import email.policy

    return email.parser.Parser(policy=email.policy.default).parsestr(text)


def test_eml_has_to_with_an_address_from_to_and_from_with_the_profile_email(cli):
    cli("config", "set", "profile.name", "Alex Moreno")
    cli("config", "set", "profile.email", "alex.moreno@example.com")
    result = cli.write(cli.notes(), "--format", "eml", "--to", "Tom Becker <tom@example.com>")
    assert result.exit_code == 0, result.output
    message = _eml(result.stdout)
    assert message["To"] == "Tom Becker <tom@example.com>"
    assert message["From"] == "Alex Moreno <alex.moreno@example.com>"
    assert message["Subject"] == "Thank you for the Senior Data Engineer interview"
    assert message.get_content().startswith("Dear Tom,")


def test_eml_to_comes_from_the_notes_email_key_without_the_role_in_brackets(cli):
    notes = cli.notes(NOTES.replace("interviewer: Dana Whitfield", "interviewer: Tom Becker (eng mgr)\nemail: tom@example.com"))
    result = cli.write(notes, "--format", "eml")
    assert result.exit_code == 0, result.output
    assert _eml(result.stdout)["To"] == "Tom Becker <tom@example.com>"
    assert "From" not in _eml(result.stdout)  # no profile.email: the mail client fills it in


def test_eml_without_an_address_says_how_to_give_one(cli):
    result = cli.write(cli.notes(), "--format", "eml")
    assert result.exit_code == 0 and "To" not in _eml(result.stdout)
    assert "the .eml has no To: add 'email: tom@example.com' to the notes, or pass --to 'Tom Becker <tom@example.com>'" in result.stderr


@pytest.mark.parametrize(("to", "problem"), [
    (["Tom Becker <tom at example.com>"], "--to: the address must be one address such as"),
    (["<tom@example.com>"], "--to: give the name with the address"),
    (["Tom Becker <tom@example.com>", "Ana Lopez <ana@example.com>"], "--to: one address per message"),
    (["Tom Becker <tom@example.com>, bcc@evil.example"], "--to: "),
])
def test_a_bad_address_in_to_is_one_line_naming_the_option(cli, to, problem):
    args = [arg for value in to for arg in ("--to", value)]
    result = cli.write(cli.notes(), "--format", "eml", *args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"draft: error: {problem}"), result.stderr


def test_a_profile_email_that_is_not_one_address_is_refused_by_config_set(cli):
    result = cli("config", "set", "profile.email", "alex@example.com\nBcc: x@evil.example")
    assert result.exit_code == 2 and "profile.email: must be one address such as alex@example.com" in result.stderr
    assert not cli.settings.exists()


@pytest.fixture
def opener(tmp_path: Path, cli: Cli) -> Path:
    """A stand-in for the desktop's opener (xdg-open) first on PATH: it records what it was handed."""
    return fake_opener(tmp_path, cli.env)


def test_open_hands_the_eml_file_to_the_desktop_opener(cli, opener):
    cli("config", "set", "profile.email", "alex.moreno@example.com")
    result = cli.write(cli.notes(), "--format", "eml", "--open", "--to", "Tom Becker <tom@example.com>")
    assert result.exit_code == 0, result.output
    opened = Path(opener.read_text())
    assert opened.suffix == ".eml" and f"draft: opened {opened} in your mail client" in result.stderr
    assert (opened.stat().st_mode & 0o777) == 0o600  # readable only by you
    assert _eml(opened.read_text(encoding="utf-8"))["To"] == "Tom Becker <tom@example.com>"
    out = cli.folder / "followup.eml"
    assert cli.write(cli.notes(), "--format", "eml", "--open", "--out", out).exit_code == 0
    assert opener.read_text() == str(out)


def test_open_without_eml_opens_a_new_message_with_a_mailto_link(cli, opener):
    from urllib.parse import parse_qs, unquote, urlsplit

    result = cli.write(cli.notes(), "--open", "--to", "Tom Becker <tom@example.com>")
    assert result.exit_code == 0, result.output
    link = urlsplit(opener.read_text())
    query = parse_qs(link.query)
    assert (link.scheme, unquote(link.path)) == ("mailto", "tom@example.com")
    assert query["subject"] == ["Thank you for the Senior Data Engineer interview"]
    assert query["body"][0].replace("\r\n", "\n") == result.stdout.split("\n\n", 1)[1].rstrip("\n")


@pytest.mark.parametrize(("args", "problem"), [
    (["--kind", "linkedin"], "--open: a LinkedIn message is not an email"),
    (["--format", "json"], "--open works with --format text"),
])
def test_open_refuses_what_a_mail_client_cannot_take_before_drafting(cli, opener, args, problem):
    result = cli.write(cli.notes(), "--open", *args)
    assert result.exit_code == 2 and result.stdout == "" and problem in result.stderr and not opener.exists()


@pytest.mark.parametrize("kind", ["thank-you", "phone"])
def test_markdown_keeps_the_sign_off_name_and_signature_on_their_own_lines_when_rendered(cli, kind):
    from markdown_it import MarkdownIt

    cli("config", "set", "profile.name", "Alex Moreno")
    cli("config", "set", "profile.signature", "+1 555 010 2030\nlinkedin.com/in/alexmoreno")
    result = cli.write(cli.notes(), "--format", "markdown", "--kind", kind, "--force")
    assert result.exit_code == 0, result.output
    html = MarkdownIt("commonmark").render(result.stdout)
    if kind == "phone":  # each part's heading stays on its own line
        assert "Call script:<br />" in html and "Voicemail:<br />" in html
    else:
        assert "Best regards,<br />\nAlex Moreno<br />\n+1 555 010 2030<br />\nlinkedin.com/in/alexmoreno</p>" in html
    printed = cli.folder / "draft.md"
    printed.write_text(result.stdout, encoding="utf-8")
    assert cli("check", printed, "--notes", cli.notes(), "--kind", kind).exit_code == 0  # the Markdown is still the same message
