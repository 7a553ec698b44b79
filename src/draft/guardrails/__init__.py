"""Deterministic guardrails: rules loaded from ``guardrails/`` (and the user's rule folders),
checked against a draft, with the safe fixes some of them offer.

Checking is pure (draft text + notes in, violations out) and knows nothing of models.
"""

from draft.guardrails.engine import apply_fixes, check_draft
from draft.guardrails.loader import load_rules
from draft.guardrails.models import CheckReport, Rule, RuleExample, Violation

__all__ = ["CheckReport", "Rule", "RuleExample", "Violation", "apply_fixes", "check_draft", "load_rules"]
