"""The suite ignores the machine's user (issue 19.4): each test runs in an empty HOME with its own settings file
location and data folder (tests/conftest.py), and the suite passes with a settings file holding a profile, a
country and a rules folder in the real HOME, as .ci/run sets one (.ci/user-settings)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from draft.cli import main
from tests.conftest import KEPT_VARIABLES, ROOT

# Tests that read the user's settings, rules or history when nothing isolates them (each failed with the
# settings of .ci/user-settings in HOME before tests/conftest.py gave every test its own HOME).
SENSITIVE = [
    "tests/test_check_cli.py::test_check_without_notes_passes_a_good_draft",  # profile.name signs: P4 wants it
    "tests/test_rule_loader.py::test_rules_lists_every_rule_and_the_users",  # rules.folder adds a rule
    "tests/test_cli.py::test_check_passes_a_good_draft",  # the folder's rule bans 'thank you'
    "tests/test_cli.py::test_template_strategy_drafts_without_a_model",  # $DRAFT_MODEL names no file
]


def test_each_test_has_an_empty_home_of_its_own(_isolated_user):
    home = Path(os.environ["HOME"])
    assert home == _isolated_user and home != Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert sorted(p.name for p in home.iterdir()) == []
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "DRAFT_CONFIG", "DRAFT_DATA_DIR"):
        assert Path(os.environ[name]).is_relative_to(home), name
    assert {name for name in os.environ if name.startswith("DRAFT_")} - KEPT_VARIABLES == {"DRAFT_CONFIG", "DRAFT_DATA_DIR", "DRAFT_CACHE_DIR"}
    result = CliRunner().invoke(main, ["config", "path"])
    assert result.exit_code == 0 and Path(result.stdout.strip()).is_relative_to(home)


def test_the_suite_passes_with_a_users_settings_in_the_real_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    data = tmp_path / "user-data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"the user's record")
    machine = {name: value for name, value in os.environ.items() if not name.startswith(("DRAFT_", "XDG_"))}
    machine |= {"HOME": str(home), "LANG": "de_DE.UTF-8", "DRAFT_MODEL": str(tmp_path / "no-such-model.gguf"),
                "DRAFT_DATA_DIR": str(data), "DRAFT_BACKEND": "http://127.0.0.1:9/v1"}
    written = subprocess.run([str(ROOT / ".ci" / "user-settings"), "write"], env=machine, capture_output=True, text=True, check=True)
    settings = Path(written.stdout.strip())
    assert settings.is_relative_to(home) and "country = \"DE\"" in settings.read_text(encoding="utf-8")
    machine["DRAFT_CONFIG"] = str(settings)
    before = {path: path.read_bytes() for path in (*home.rglob("*"), *data.rglob("*")) if path.is_file()}

    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SENSITIVE],
                         cwd=ROOT, env=machine, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert f"{len(SENSITIVE)} passed" in run.stdout
    after = {path: path.read_bytes() for path in (*home.rglob("*"), *data.rglob("*")) if path.is_file()}
    assert after == before  # nothing of the user's was read into a test, changed or added to

    subprocess.run([str(ROOT / ".ci" / "user-settings"), "restore"], env=machine, check=True)
    assert not settings.exists() and not (settings.parent / "ci-rules").exists()


def test_ci_settings_put_the_users_own_file_back(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    own = tmp_path / ".config" / "draft" / "config.toml"
    own.parent.mkdir(parents=True)
    own.write_text("[profile]\nname = \"Mine\"\n", encoding="utf-8")
    script = str(ROOT / ".ci" / "user-settings")
    subprocess.run([script, "write"], env=env, check=True, capture_output=True)
    assert "Quinn Zabriskie" in own.read_text(encoding="utf-8")
    again = subprocess.run([script, "write"], env=env, capture_output=True, text=True)
    assert again.returncode == 2 and "restore" in again.stderr  # never a second backup over the first
    subprocess.run([script, "restore"], env=env, check=True)
    assert own.read_text(encoding="utf-8") == "[profile]\nname = \"Mine\"\n"
    assert sorted(p.name for p in own.parent.iterdir()) == ["config.toml"]


def test_ci_runs_the_readme_test_command_word_for_word_after_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "pip install '.[test]' && python -m pytest"
    assert f"```bash\n{command}\n```" in readme
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert command in lines and lines.index(".ci/user-settings write >/dev/null") < lines.index(command)
