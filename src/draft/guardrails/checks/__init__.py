"""Check types: the *how* behind rules. A rule file names one with ``check = "..."``.

One family per module (``phrases``, ``structure``, ``grounding``, ``reader``); every
check type is registered here, in :data:`CHECKS`, and nowhere else.
"""

from __future__ import annotations

from draft.guardrails.checks.base import Check, CheckContext, CheckParams
from draft.guardrails.checks.grounding import (
    GroundedFactsCheck,
    InterviewerNamesCheck,
    NoInjectedTextCheck,
    NotesItemsCoveredCheck,
    RoleAndCompanyCheck,
    TopicReferenceCheck,
    topic_is_referenced,
)
from draft.guardrails.checks.phrases import EmojiCheck, MaxCountCheck, NoPlaceholdersCheck, PatternsCheck, PhrasesCheck
from draft.guardrails.checks.reader import ConcernNotRestatedCheck, PrivateStaysPrivateCheck, SignedWithNameCheck, SpeaksToReaderCheck
from draft.guardrails.checks.structure import (
    CharCountCheck,
    MaxParagraphsCheck,
    RepetitionCheck,
    RequiredPatternCheck,
    SpokenPartsCheck,
    SubjectLineCheck,
    WordCountCheck,
)

CHECKS: dict[str, type[Check]] = {
    check.name: check
    for check in (
        PhrasesCheck, PatternsCheck, NoPlaceholdersCheck, EmojiCheck, MaxCountCheck,
        RequiredPatternCheck, MaxParagraphsCheck, SubjectLineCheck, WordCountCheck, CharCountCheck, SpokenPartsCheck, RepetitionCheck,
        InterviewerNamesCheck, RoleAndCompanyCheck, TopicReferenceCheck, NotesItemsCoveredCheck, GroundedFactsCheck, NoInjectedTextCheck,
        PrivateStaysPrivateCheck, SpeaksToReaderCheck, ConcernNotRestatedCheck, SignedWithNameCheck,
    )
}

__all__ = ["CHECKS", "Check", "CheckContext", "CheckParams", "topic_is_referenced"]
