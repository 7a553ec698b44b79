"""Rule files are validated when they load: a bad file is one line naming the file and the field, exit 2."""

import re
import shutil

import pytest

from draft.errors import RulesError
from draft.guardrails import check_draft, load_rules
from draft.guardrails.loader import merge_rules
from draft.notes import parse_notes
from draft.resources import data_dir
from tests.conftest import BASIC_NOTES

SHIPPED = data_dir("guardrails")
GOOD_RULE = """id = "U1"
name = "no-synergy"
severity = "hard"
check = "phrases"
message = "Say what you mean"
source = "house style"
[params]
phrases = ["synergy"]
"""


def load_error(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(extra=[tmp_path])
    message = caught.value.message
    assert "\n" not in message and name in message and caught.value.exit_code == 2
    return message


def shipped(name):
    return (SHIPPED / name).read_text(encoding="utf-8")


def test_misspelled_parameter_names_the_field_and_what_the_check_takes(tmp_path):
    text = shipped("F8_no_apologizing.toml").replace("\nphrases =", "\nphrasez =")
    message = load_error(tmp_path, "F8_no_apologizing.toml", text)
    assert message.endswith("F8_no_apologizing.toml: params.phrasez: unknown parameter (F8 'phrases' check takes: phrases, threshold, scope)")


def test_unknown_check_type(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace('check = "phrases"', 'check = "phrase"'))
    assert "check: unknown check type 'phrase'" in message and "phrases" in message


def test_missing_message(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace('message = "Say what you mean"\n', ""))
    assert "U1.toml: message: missing" in message


def test_misspelled_rule_field(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace("message =", "mesage ="))
    assert "U1.toml: mesage: unknown field" in message


def test_invalid_toml(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace('check = "phrases"', "check = phrases"))
    assert "U1.toml: not valid TOML" in message and "line 4" in message


def test_wrong_type(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE + "threshold = 'high'\n")
    assert "U1.toml: params.threshold:" in message and "'high'" in message


def test_wrong_severity(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace('"hard"', '"error"'))
    assert "U1.toml: severity:" in message and "'hard' or 'soft'" in message


def test_invalid_regular_expression(tmp_path):
    text = GOOD_RULE.replace('check = "phrases"', 'check = "patterns"').replace('phrases = ["synergy"]', "patterns = ['(synergy']")
    message = load_error(tmp_path, "U1.toml", text)
    assert "U1.toml: params.patterns: item 0 is not a valid regular expression" in message


def test_parameter_given_to_a_check_that_takes_none(tmp_path):
    message = load_error(tmp_path, "C1.toml", shipped("C1_interviewer_name.toml").replace("\n[[examples]]", "\n[params]\nthreshold = 3\n\n[[examples]]", 1))
    assert "params.threshold: unknown parameter (C1 'interviewer_names' check takes no parameters)" in message


def test_unknown_kind(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE.replace("[params]", 'kinds = ["thank-yuo"]\n[params]'))
    assert "U1.toml: kinds: unknown kind 'thank-yuo'" in message


def test_example_of_a_kind_the_rule_does_not_apply_to(tmp_path):
    text = GOOD_RULE.replace("[params]", 'kinds = ["linkedin"]\n[params]') + '[[examples]]\ntext = "synergy"\npasses = false\nkind = "phone"\n'
    message = load_error(tmp_path, "U1.toml", text)
    assert "U1.toml: examples[0].kind: the rule does not apply to 'phone'" in message


def test_bad_example(tmp_path):
    message = load_error(tmp_path, "U1.toml", GOOD_RULE + '[[examples]]\ntext = "synergy"\npases = false\n')
    assert "U1.toml: examples[0].pases: unknown field" in message


def test_two_files_define_the_same_rule(tmp_path):
    (tmp_path / "a.toml").write_text(GOOD_RULE, encoding="utf-8")
    message = load_error(tmp_path, "b.toml", GOOD_RULE)
    assert "b.toml: id: rule U1 'no-synergy' is already defined in a.toml" in message


def test_missing_folder(tmp_path):
    with pytest.raises(RulesError, match="no such folder"):
        load_rules(extra=[tmp_path / "nowhere"])


def test_shipped_folder_with_a_bad_file_is_reported_too(tmp_path):
    folder = tmp_path / "guardrails"
    shutil.copytree(SHIPPED, folder)
    (folder / "F8_no_apologizing.toml").write_text(shipped("F8_no_apologizing.toml").replace("\nphrases =", "\nphrasez ="), encoding="utf-8")
    with pytest.raises(RulesError, match=r"F8_no_apologizing.toml: params.phrasez: unknown parameter"):
        load_rules(folder)


def test_data_files_that_are_not_rules_are_skipped():
    assert "injection" not in {r.name for r in load_rules()}


def test_user_rule_extends_the_shipped_rules(tmp_path):
    (tmp_path / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    rules = load_rules(extra=[tmp_path])
    assert len(rules) == len(load_rules()) + 1
    user = next(r for r in rules if r.id == "U1")
    assert user.file.endswith("U1.toml")
    report = check_draft("Thank you. I admire the synergy of your team.", parse_notes(BASIC_NOTES), rules=[user])
    assert [v.span for v in report.violations] == ["synergy"]


def test_user_rule_with_a_shipped_id_replaces_it(tmp_path):
    (tmp_path / "mine.toml").write_text(GOOD_RULE.replace('id = "U1"', 'id = "F8"'), encoding="utf-8")
    rules = load_rules(extra=[tmp_path])
    f8 = [r for r in rules if r.id == "F8"]
    assert len(f8) == 1 and f8[0].name == "no-synergy"
    assert len(rules) == len(load_rules())


def test_shared_id_is_told_apart_by_name():
    """F3 is two files; a user F3 named 'no-slang' replaces only that one, an F3 with a new name replaces both."""
    base = load_rules()
    slang = next(r for r in base if r.name == "no-slang")
    mine = slang.model_copy(update={"message": "mine"})
    merged = merge_rules(base, [mine])
    assert sorted((r.name, r.message == "mine") for r in merged if r.id == "F3") == [("no-emoji", False), ("no-slang", True)]
    merged = merge_rules(base, [mine.model_copy(update={"name": "house-style"})])
    assert [r.name for r in merged if r.id == "F3"] == ["house-style"]


def test_params_are_typed_with_the_defaults_in_the_model():
    f10 = next(r for r in load_rules() if r.id == "F10")
    assert f10.params.allowed_doubles == ["had", "that"] and f10.params.threshold == 92


# The command line: draft check --rules DIR, draft --rules DIR, draft rules.

def cli(*args):
    from click.testing import CliRunner

    from draft.cli import main

    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def files(tmp_path):
    from tests.test_rules import GOOD

    notes = tmp_path / "notes.md"
    notes.write_text(BASIC_NOTES, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text(GOOD.replace("contribute to the team.", "contribute to the team's synergy. I need to know by Friday."), encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    return notes, draft, rules


def test_check_reports_a_user_rule(files):
    notes, draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    result = cli("check", draft, "--notes", notes, "--rules", rules)
    assert result.exit_code == 1
    assert f"{draft}:9:" in result.stdout and " U1 Say what you mean (synergy)" in result.stdout
    assert " F6 " in result.stdout


def test_check_honours_the_settings_files_rules_folder_and_disabled_ids(files, monkeypatch):
    notes, draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    settings = rules.parent / "config.toml"
    settings.write_text(f'[rules]\nfolder = "{rules.as_posix()}"\ndisabled = ["F6"]\n', encoding="utf-8")
    result = cli("check", draft, "--notes", notes, "--config", settings)
    assert result.exit_code == 1 and " U1 Say what you mean (synergy)" in result.stdout
    assert " F6 " not in result.stdout  # switched off in the settings, as the main command does
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    assert " U1 Say what you mean (synergy)" in cli("check", draft, "--notes", notes).stdout


def test_check_user_rule_with_a_shipped_id_replaces_it(files):
    notes, draft, rules = files
    (rules / "F6.toml").write_text(GOOD_RULE.replace('id = "U1"', 'id = "F6"'), encoding="utf-8")
    result = cli("check", draft, "--notes", notes, "--rules", rules)
    assert "F6 Say what you mean (synergy)" in result.stdout
    assert "need to know" not in result.stdout  # the shipped F6 is gone


def test_bad_user_rule_file_is_one_line_and_exit_2(files):
    notes, draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE.replace("phrases = ", "phrasez = "), encoding="utf-8")
    for args in (["check", draft, "--notes", notes], ["--notes", notes, "--strategy", "template", "--today", "2026-11-20"], ["rules"]):
        result = cli(*args, "--rules", rules)
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [f"draft: error: {rules / 'U1.toml'}: params.phrasez: unknown parameter (U1 'phrases' check takes: phrases, threshold, scope)"]


def test_draft_with_user_rules_writes_a_draft_that_passes_them(files):
    notes, _draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    result = cli("--notes", notes, "--strategy", "template", "--today", "2026-11-20", "--rules", rules, "--quiet")
    assert result.exit_code == 0, result.output
    assert "Dear Dana," in result.stdout


def test_rules_lists_every_rule_and_the_users(files):
    import json

    _notes, _draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    result = cli("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    table = lines[next(i for i, line in enumerate(lines) if line.startswith("ID ")) + 1:]  # the legend may wrap
    listed = [line.split()[0] for line in table if not line.startswith(" ")]
    assert sorted(listed) == sorted(r.id for r in load_rules())
    # the file relative to its folder, which the first line names ('guardrails' in a checkout, '.../_data/guardrails' installed)
    assert re.search(r"^P4 +hard +all but phone +P4_signed_with_name\.toml\n +Sign .*\[signed_with_name\]", result.stdout, re.MULTILINE)
    assert re.match(r"# FILE is relative to its folder:\n#   \S*guardrails \(shipped\)\n", result.stdout)
    records = json.loads(cli("rules", "--json", "--rules", rules).stdout)
    user = next(r for r in records if r["id"] == "U1")
    assert user["check"] == "phrases" and user["file"].endswith("U1.toml") and user["params"]["threshold"] == 88
    assert {"id", "severity", "kinds", "check", "message", "source", "file"} <= set(records[0])


def test_rules_honours_the_settings_files_rules_folder_and_disabled_ids(files, monkeypatch):
    import json

    _notes, _draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE, encoding="utf-8")
    settings = rules.parent / "config.toml"
    settings.write_text(f'[rules]\nfolder = "{rules.as_posix()}"\ndisabled = ["F6"]\n', encoding="utf-8")
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    for args in (["rules"], ["rules", "--config", settings], ["--config", settings, "rules"]):
        if args != ["rules"]:
            monkeypatch.setenv("DRAFT_CONFIG", str(rules.parent / "missing.toml"))
        result = cli(*args)
        assert result.exit_code == 0, result.output
        assert re.search(rf"^U1 +hard +all +{rules.name}/U1\.toml\n +Say what you mean \[phrases\]$", result.stdout, re.MULTILINE), result.stdout
        assert re.search(r"^F6 +hard \(off\) ", result.stdout, re.MULTILINE), result.stdout
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    records = {r["id"]: r for r in json.loads(cli("rules", "--json").stdout)}
    assert records["U1"]["file"].endswith("U1.toml") and records["F6"]["enabled"] is False and records["F5"]["enabled"] is True
    assert cli("rules", "--test").exit_code == 0  # the examples of a switched-off rule still run


def test_every_command_reads_the_settings_files_rules_folder(files, monkeypatch):
    notes, draft, rules = files
    (rules / "U1.toml").write_text(GOOD_RULE.replace("phrases = ", "phrasez = "), encoding="utf-8")
    settings = rules.parent / "config.toml"
    settings.write_text(f'[rules]\nfolder = "{rules.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setenv("DRAFT_CONFIG", str(settings))
    for args in (["check", draft, "--notes", notes], ["--notes", notes, "--strategy", "template", "--today", "2026-11-20"], ["rules"]):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().splitlines() == [f"draft: error: {rules / 'U1.toml'}: params.phrasez: unknown parameter (U1 'phrases' check takes: phrases, threshold, scope)"]


def test_rules_test_runs_the_examples(files):
    _notes, _draft, rules = files
    assert cli("rules", "--test").exit_code == 0
    (rules / "U1.toml").write_text(GOOD_RULE + '[[examples]]\npasses = true\ntext = "Our synergy."\n', encoding="utf-8")
    result = cli("rules", "--test", "--rules", rules)
    assert result.exit_code == 1
    assert "U1.toml: examples[0] should pass U1 'no-synergy', found 'synergy'" in result.stdout


def test_readme_documents_every_check_type():
    from draft.guardrails.checks import CHECKS

    readme = (SHIPPED / "README.md").read_text(encoding="utf-8")
    assert [name for name in CHECKS if f"| `{name}` |" not in readme] == []


def test_readme_documents_every_parameter_of_every_check_type():
    from draft.guardrails.checks import CHECKS

    rows = {line.split("|")[1].strip(" `"): line for line in (SHIPPED / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("| `")}
    undocumented = {name: [field for field in check.Params.model_fields if f"`{field}" not in rows[name].rsplit("|", 2)[1]]
                    for name, check in CHECKS.items()}
    assert {name: fields for name, fields in undocumented.items() if fields} == {}
