"""Scrubbing a phrase before it is said: what a hard phrase rule would reject in a draft is removed.

Shared by the composer (each slot's phrase) and rule C3 (a topic as a draft can say it); it lives with the
guardrails so that the guardrails never import the composer.
"""

from __future__ import annotations

import re

from draft.guardrails.engine import check_draft
from draft.guardrails.loader import load_rules
from draft.notes import Notes
from draft.repair import repair

_SCRUB_CHECKS = {"phrases", "patterns", "no_placeholders", "emoji"}


def scrub_item(text: str, notes: Notes, kind: str) -> str:
    """Remove from a phrase whatever a hard phrase rule would reject in a draft ('ASAP', emoji, brackets); a teacher's
    children are their students."""
    if re.search(r"(?i)\b(?:teach|teacher|school|tutor|classroom)", f"{notes.role} {notes.company}"):
        text = re.sub(r"\bchildren\b", "students", text)
    text, _ = repair(re.sub(r"[!?\u2026]+", " ", text))
    text = re.sub(r"[\[\]{}<>_|`#]", "", text)
    rules = [r for r in load_rules() if r.check in _SCRUB_CHECKS and r.severity == "hard"]
    for violation in sorted(check_draft(text, notes, kind, rules).violations, key=lambda v: -v.start):
        text = text[: violation.start] + text[violation.end :]
    return re.sub(r"\s+", " ", text).strip(" ,;:-.")
