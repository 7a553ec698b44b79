"""Deterministic guardrails: rules loaded from ``guardrails/`` and checked against a draft.

Checking is pure (draft text + notes in, violations out) and knows nothing of models.
"""

from draft.guardrails.engine import check_draft
from draft.guardrails.loader import load_rules
from draft.guardrails.models import CheckReport, Rule, Violation

__all__ = ["CheckReport", "Rule", "Violation", "check_draft", "load_rules"]
