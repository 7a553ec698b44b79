"""The settings file: validation, precedence with provenance, `draft config`, and the profile's sign-off."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main
from draft.config import Config, ConfigError, layered, load_config, merge_run_options, set_value, show

NOTES_WITHOUT_SENDER = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Senior Data Engineer
interview_date: 2026-11-20
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow; they run about 40 DAGs today
"""


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    return tmp_path / "config.toml"


@pytest.fixture
def notes_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(NOTES_WITHOUT_SENDER, encoding="utf-8")
    return path


def draft(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env={"DRAFT_BACKEND": None, "DRAFT_MODEL": None, **(env or {})})


def test_a_missing_file_is_the_built_in_defaults(settings):
    assert load_config(settings) == Config()


def test_set_writes_a_validated_value_and_keeps_comments(settings):
    settings.write_text("# my settings\n[profile]\n# the name I sign with\n", encoding="utf-8")
    set_value(settings, "profile.name", "Alex Moreno")
    set_value(settings, "defaults.attempts", "4")
    set_value(settings, "rules.disabled", "C6, C8")
    set_value(settings, "models.aliases.qwen", "qwen2.5:3b")
    text = settings.read_text()
    assert "# the name I sign with" in text
    config = load_config(settings)
    assert config.profile.name == "Alex Moreno"
    assert config.defaults.attempts == 4
    assert config.rules.disabled == ["C6", "C8"]
    assert config.models.aliases == {"qwen": "qwen2.5:3b"}


def test_a_number_for_a_text_key_stays_text(settings):
    set_value(settings, "profile.phone", "5550102030")
    assert load_config(settings).profile.phone == "5550102030"


def test_set_refuses_a_wrong_value_and_leaves_the_file_alone(settings):
    set_value(settings, "defaults.attempts", "2")
    with pytest.raises(ConfigError, match=r"config.toml: defaults.attempts: input should be less than or equal to 10"):
        set_value(settings, "defaults.attempts", "40")
    assert load_config(settings).defaults.attempts == 2


def test_set_refuses_an_unknown_key(settings):
    with pytest.raises(ConfigError, match="unknown key 'profile.nmae'"):
        set_value(settings, "profile.nmae", "Alex")
    assert not settings.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[profile]\nnmae = 'Alex'\n", "profile.nmae: unknown key"),
        ("[defaults]\nattempts = 'many'\n", "defaults.attempts: input should be a valid integer"),
        ("[defaults]\ntone = 'angry'\n", "defaults.tone: input should be 'formal', 'neutral' or 'warm'"),
        ("[colours]\nx = 1\n", "colours: unknown key"),
        ("[profile\n", "is not valid TOML"),
    ],
)
def test_a_malformed_file_is_one_line_naming_the_file_and_the_key(settings, text, message):
    settings.write_text(text, encoding="utf-8")
    result = draft("config", "show", "--config", str(settings))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(settings) in lines[0] and message in lines[0]


def test_a_malformed_file_stops_a_draft_too(settings, notes_file):
    settings.write_text("[defaults]\nkind = 'sonnet'\n", encoding="utf-8")
    result = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template")
    assert result.exit_code == 2
    assert f"{settings}: defaults.kind: unknown kind 'sonnet'" in result.output


def test_precedence_option_then_environment_then_notes_then_file_then_built_in(settings):
    set_value(settings, "defaults.model", "from-file")
    config = load_config(settings)
    env = {"DRAFT_MODEL": "from-env"}
    assert layered("defaults.model", config, settings, option="from-option", notes="n", environ=env).source == "option"
    assert layered("defaults.model", config, settings, notes="n", environ=env).source == "environment ($DRAFT_MODEL)"
    assert layered("defaults.model", config, settings, notes="from-notes", environ={}).value == "from-notes"
    from_file = layered("defaults.model", config, settings, environ={})
    assert (from_file.value, from_file.source) == ("from-file", str(settings))
    assert layered("defaults.backend", config, settings, environ={}).source == "built-in"


def test_show_says_where_each_value_comes_from_and_masks_the_key(settings):
    set_value(settings, "profile.name", "Alex Moreno")
    set_value(settings, "backend.api_key", "sk-very-secret")
    result = draft("config", "show", "--config", str(settings), env={"DRAFT_BACKEND": "http://127.0.0.1:9/v1"})
    assert result.exit_code == 0
    lines = {line.split(" = ")[0]: line for line in result.output.splitlines() if " = " in line}
    assert lines["profile.name"].endswith(f"# {settings}")
    assert "environment ($DRAFT_BACKEND)" in lines["defaults.backend"]
    assert lines["defaults.tone"].endswith("# built-in")
    assert "sk-very-secret" not in result.output and "********" in lines["backend.api_key"]
    assert all(row.key != "backend.api_key" or row.value == "sk-very-secret" for row in show(load_config(settings), settings, {}))


def test_run_defaults_come_from_the_file_unless_an_option_says_otherwise(settings):
    set_value(settings, "defaults.kind", "linkedin")
    set_value(settings, "defaults.attempts", "5")
    set_value(settings, "rules.disabled", "C6")
    config = load_config(settings)
    kinds = ["thank-you", "linkedin", "next"]
    merged = merge_run_options({"kind": None, "attempts": None, "disable": ("C8",)}, config, settings, kinds, environ={})
    assert (merged["kind"], merged["attempts"], set(merged["disable"])) == ("linkedin", 5, {"C6", "C8"})
    merged = merge_run_options({"kind": "thank-you", "attempts": 2, "disable": ()}, config, settings, kinds, environ={})
    assert (merged["kind"], merged["attempts"]) == ("thank-you", 2)


def test_config_set_profile_name_signs_a_draft_whose_notes_name_no_sender(settings, notes_file):
    assert draft("config", "set", "profile.name", "Alex Moreno", "--config", str(settings)).exit_code == 0
    result = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("Best regards,\nAlex Moreno")


def test_the_signature_block_goes_under_the_name_in_emails_only(settings, notes_file):
    draft("config", "set", "profile.name", "Alex Moreno", "--config", str(settings))
    draft("config", "set", "profile.signature", "+1 555 010 2030\nalex.moreno@example.com", "--config", str(settings))
    args = ["--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q"]
    email = draft(*args)
    assert email.exit_code == 0, email.output
    assert email.output.rstrip().endswith("Alex Moreno\n+1 555 010 2030\nalex.moreno@example.com")
    card = draft(*args, "--kind", "linkedin")
    assert card.exit_code == 0, card.output
    assert card.output.rstrip().endswith("Alex Moreno") and "555" not in card.output


def test_draft_check_reads_the_profile_a_draft_was_signed_with(settings, notes_file, tmp_path):
    draft("config", "set", "profile.name", "Alex Moreno", "--config", str(settings))
    draft("config", "set", "profile.signature", "+1 555 010 2030\nalex.moreno@example.com", "--config", str(settings))
    email = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q")
    assert email.exit_code == 0 and "555 010 2030" in email.output
    printed = tmp_path / "draft.txt"
    printed.write_text(email.output, encoding="utf-8")
    verdict = draft("check", str(printed), "--notes", str(notes_file), "--config", str(settings))
    assert verdict.exit_code == 0, verdict.output  # the signature's numbers are yours, not invented facts (C9)
    elsewhere = draft("check", str(printed), "--notes", str(notes_file), "--config", str(tmp_path / "none.toml"))
    assert elsewhere.exit_code == 1 and "C9" in elsewhere.output  # without the profile they are not in the notes


def test_the_notes_sender_wins_over_the_profile(settings, notes_file):
    draft("config", "set", "profile.name", "Alex Moreno", "--config", str(settings))
    notes_file.write_text(NOTES_WITHOUT_SENDER.replace("interview_date", "sender: Sam Lee\ninterview_date"), encoding="utf-8")
    result = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q")
    assert result.output.rstrip().endswith("Sam Lee") and "Alex Moreno" not in result.output


def test_draft_config_environment_variable_points_elsewhere(settings):
    result = draft("config", "path", env={"DRAFT_CONFIG": str(settings)})
    assert result.output.strip() == str(settings)


def test_the_main_commands_config_reaches_its_subcommands(settings, tmp_path):
    set_value(settings, "profile.name", "Alex Moreno")
    broken = tmp_path / "broken.toml"
    broken.write_text("[profile\n", encoding="utf-8")
    env = {"DRAFT_CONFIG": str(broken)}  # what the option must win over
    assert draft("--config", str(settings), "config", "path", env=env).output.strip() == str(settings)
    shown = draft("--config", str(settings), "config", "show", env=env)
    assert shown.exit_code == 0, shown.output
    assert f"profile.name = 'Alex Moreno'  # {settings}" in shown.output
    assert draft("--config", str(settings), "models", "--json", env=env).exit_code == 0
    assert draft("config", "show", env=env).exit_code == 2  # without --config, $DRAFT_CONFIG is read


def test_a_drafts_config_option_is_the_only_settings_file_it_reads(settings, notes_file, tmp_path):
    # the timing rules (history, working days) read the settings too: the file --config names, not $DRAFT_CONFIG's
    set_value(settings, "profile.name", "Alex Moreno")
    broken = tmp_path / "broken.toml"
    broken.write_text("[profile\n", encoding="utf-8")
    result = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q",
                   env={"DRAFT_CONFIG": str(broken)})
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith("Alex Moreno")


def test_config_set_prints_a_multi_line_value_on_one_line(settings):
    result = draft("config", "set", "profile.signature", "+1 555 010 2030\nalex@example.com", "--config", str(settings))
    assert result.exit_code == 0
    assert result.output.strip() == f"draft: {settings}: profile.signature = '+1 555 010 2030\\nalex@example.com'"


EDITOR = """
import sys
from pathlib import Path
path = Path(sys.argv[1])
path.write_text(path.read_text() + {text!r})
"""


def editor(tmp_path: Path, text: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR.format(text=text), encoding="utf-8")
    return f"{sys.executable} {script}"


def test_edit_opens_the_file_in_the_editor_and_checks_it(settings, tmp_path, notes_file):
    result = draft("config", "edit", "--config", str(settings), env={"EDITOR": editor(tmp_path, 'name = "Alex Moreno"\n'), "VISUAL": None})
    assert result.exit_code == 0, result.output
    assert load_config(settings).profile.name == "Alex Moreno"  # the editor appended to the [profile] table of a new file
    signed = draft("--notes", str(notes_file), "--config", str(settings), "--strategy", "template", "--today", "2026-11-20", "-q")
    assert signed.output.rstrip().endswith("Alex Moreno")


def test_edit_that_breaks_the_file_is_one_line_naming_the_file_and_key(settings, tmp_path):
    settings.write_text("[defaults]\n", encoding="utf-8")
    result = draft("config", "edit", "--config", str(settings), env={"EDITOR": editor(tmp_path, "attempts = 99\n"), "VISUAL": None})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [f"draft: error: {settings}: defaults.attempts: input should be less than or equal to 10"]


@pytest.mark.e2e
def test_the_real_model_signs_with_the_profile_and_draft_check_accepts_it(tmp_path, notes_file):
    # as a user runs it: $DRAFT_CONFIG, 'draft config set', then a draft with the default model and strategy
    env = {k: v for k, v in os.environ.items() if not k.startswith("DRAFT_")} | {
        "DRAFT_CONFIG": str(tmp_path / "settings" / "config.toml"), "DRAFT_CACHE_DIR": "off", "DRAFT_DATA_DIR": str(tmp_path / "data")}

    def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "draft", *args], capture_output=True, text=True, env=env, timeout=300, **kwargs)

    assert cli("config", "set", "profile.name", "Alex Moreno").returncode == 0
    assert cli("config", "set", "profile.signature", "+1 555 010 2030\nalex.moreno@example.com").returncode == 0
    result = cli("--notes", str(notes_file), "--today", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert "attempt 1" in result.stderr  # the model ran
    assert result.stdout.rstrip().endswith("Best regards,\nAlex Moreno\n+1 555 010 2030\nalex.moreno@example.com"), result.stdout
    assert "no sender name" not in result.stderr
    verdict = cli("check", "-", "--notes", str(notes_file), input=result.stdout)
    assert verdict.returncode == 0, verdict.stdout + verdict.stderr
