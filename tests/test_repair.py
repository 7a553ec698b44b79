"""repair.py's fixes follow the rule files they serve."""

from draft import repair
from draft.guardrails import load_rules


def test_tame_exclamations_reads_f4s_maximum_from_its_rule_file(monkeypatch):
    f4 = next(r for r in load_rules() if r.id == "F4")
    assert repair.tame_exclamations("Great!!! Thanks! Bye!") == "Great! Thanks. Bye."  # F4: max = 1, replacement = "."
    two = f4.model_copy(update={"params": f4.params.model_copy(update={"max": 2})})
    monkeypatch.setattr(repair, "load_rules", lambda: [two])
    assert repair.tame_exclamations("Great!!! Thanks! Bye!") == "Great! Thanks! Bye."
