"""Every example of every rule file, checked against its own rule alone (generated from the files).

A new rule is a TOML file and nothing else: its ``[[examples]]`` are its tests. Folders
of user rules are included when listed in ``DRAFT_RULES_DIRS`` (separated like PATH).
"""

import os
from pathlib import Path

import pytest

from draft.guardrails import load_rules
from draft.guardrails.examples import run_example

USER_FOLDERS = [Path(p) for p in os.environ.get("DRAFT_RULES_DIRS", "").split(os.pathsep) if p]
RULES = load_rules(extra=USER_FOLDERS)
CASES = [(rule, index) for rule in RULES for index in range(len(rule.examples))]


@pytest.mark.parametrize(("rule", "index"), CASES, ids=[f"{r.id}-{r.name}-{i}" for r, i in CASES])
def test_rule_example(rule, index):
    result = run_example(rule, index)
    assert result.ok, result.describe()


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.id}-{r.name}" for r in RULES])
def test_rule_file_has_a_passing_and_a_failing_example(rule):
    outcomes = {example.passes for example in rule.examples}
    assert outcomes == {True, False}, f"{rule.file}: needs at least one example with passes = true and one with passes = false"


def test_an_example_that_does_not_hold_is_reported(tmp_path):
    """The generated test can fail: a 'failing' example the rule does not catch is described."""
    (tmp_path / "Z1.toml").write_text(
        'id = "Z1"\nname = "no-synergy"\nseverity = "hard"\ncheck = "phrases"\nmessage = "m"\nsource = "s"\n'
        '[params]\nphrases = ["synergy"]\n[[examples]]\npasses = false\ntext = "We talked about teamwork."\n',
        encoding="utf-8",
    )
    rule = next(r for r in load_rules(extra=[tmp_path]) if r.id == "Z1")
    result = run_example(rule, 0)
    assert not result.ok
    assert "examples[0] should fail Z1" in result.describe()
