"""Check types that compare the draft with the notes: names, role and company, topics, facts, injected lines."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from draft.guardrails.checks.base import Check, CheckContext, CheckParams
from draft.guardrails.checks.numbers import NUMBER, date_spans, in_a_date, notes_numbers, number_phrases, number_table
from draft.guardrails.models import Finding
from draft.names import company_in_prose, role_in_prose
from draft.notes import name_words
from draft.text import Segment, contains_phrase, fold, keywords, sentences, stem, words


class InterviewerNamesCheck(Check):
    """Every interviewer is named (a given or family name, 'Mr. Fernández' for Luis Alberto Fernández de la Torre) in the
    greeting or the body."""

    name = "interviewer_names"
    needs = frozenset({"interviewers"})

    def find(self, ctx: CheckContext) -> list[Finding]:
        greeting = ctx.layout.greeting
        region = fold("\n".join([greeting.text if greeting else "", ctx.layout.body_text]))
        missing = [name for name in ctx.notes.interviewers if not any(contains_phrase(region, part) for part in name_words(name))]
        if not missing:
            return []
        where = greeting or (ctx.layout.paragraphs[0] if ctx.layout.paragraphs else Segment(0, 0, ""))
        return [Finding(start=where.start, end=where.end, detail="missing " + ", ".join(missing))]


# Linear: a match starts only where no space or separator precedes it, so a long run of spaces is scanned once, not once per space.
_LEGAL_SUFFIXES = re.compile(r"(?<![\s,.])[,.]?\s+(inc|llc|ltd|limited|co|corp|corporation|company|gmbh|plc|s\.?a|ag|group)\.?$", re.IGNORECASE)


class RoleAndCompanyCheck(Check):
    """The role and the company are both named (the company with or without 'Inc.', 'Ltd.'...; the role with or without
    a parenthesized aside, 'ICU Staff Nurse (nights)')."""

    name = "role_and_company"
    needs = frozenset({"company", "role"})

    class Params(CheckParams):
        role_threshold: float = 92

    def find(self, ctx: CheckContext) -> list[Finding]:
        folded = fold(ctx.text)
        missing = []
        company = ctx.notes.company
        if not any(contains_phrase(folded, form) for form in (company, _LEGAL_SUFFIXES.sub("", company), company_in_prose(company))):
            missing.append(f"company '{company}'")
        role = ctx.notes.role
        said = role_in_prose(role)  # 'ICU Staff Nurse' names 'ICU Staff Nurse (nights)'
        if not any(contains_phrase(folded, r) or fuzz.partial_ratio(fold(r), folded) >= self.params.role_threshold for r in {role, said}):
            missing.append(f"role '{role}'")
        return [Finding(start=0, end=0, detail="missing " + " and ".join(missing))] if missing else []


def topic_is_referenced(topic: str, draft_stems: set[str]) -> bool:
    """A notes item is referenced when half its content words (by stem; at least two, at most three needed) are in the draft."""
    stems = {stem(k) for k in keywords(topic) or words(topic)}
    if not stems:
        return False
    return len(stems & draft_stems) >= min(len(stems), max(2, (len(stems) + 1) // 2), 3)


def said_topics(ctx: CheckContext) -> list[str]:
    """The notes' topics (as :attr:`Notes.topics` picks them) as a draft can say them: each item's phrase with
    what no draft may say removed ('Kubernetes [tbd]' -> 'Kubernetes', 'Kubernetes ASAP' -> 'Kubernetes')."""
    from draft.guardrails.scrub import scrub_item  # imported late: it runs the rule engine, which loads this check

    notes = ctx.notes
    discussed = [item.phrase for item in notes.items if item.kind in ("topic", "question", "fit") and item.sayable]
    discussed += [item.answer for item in notes.items if item.kind == "concern" and item.answer is not None]
    phrases = discussed or [item.phrase for item in notes.items if item.kind == "forgot" and item.sayable]
    said = []
    for phrase in phrases:
        key = (phrase.text, ctx.kind, notes.company, notes.role, notes.sender, tuple(notes.interviewers))
        if key not in _SAID:
            if len(_SAID) >= 4096:
                _SAID.clear()
            _SAID[key] = scrub_item(phrase.text, notes, ctx.kind)
        said.append(_SAID[key])
    return [text for text in said if keywords(text)]


_SAID: dict[tuple, str] = {}  # scrubbing runs the phrase rules: once per phrase and notes


class TopicReferenceCheck(Check):
    """At least one specific topic of the notes is referenced in the body: as written in the notes, or as a draft
    can say it (a word no draft may say, such as a placeholder or 'ASAP', is not asked for)."""

    name = "topic_reference"
    needs = frozenset({"notes"})

    def find(self, ctx: CheckContext) -> list[Finding]:
        topics = ctx.notes.topics
        if not topics:
            return []  # nothing the notes hold may be said: a message recalls the role and company (precision first)
        draft_stems = {stem(w) for w in words(ctx.layout.body_text)}
        if any(topic_is_referenced(t, draft_stems) for t in topics):
            return []
        if topics and any(topic_is_referenced(t, draft_stems) for t in said_topics(ctx)):
            return []
        detail = "none of: " + "; ".join(t[:40] for t in topics[:3]) if topics else "the notes list no topics"
        return [Finding(start=0, end=0, detail=detail)]


class NotesItemsCoveredCheck(Check):
    """When the notes have items in ``section`` (forgot, concerns...), the body mentions one."""

    name = "notes_items_covered"
    needs = frozenset({"notes"})

    class Params(CheckParams):
        section: Literal["discussed", "forgot", "concerns", "profile"]

    def find(self, ctx: CheckContext) -> list[Finding]:
        items = getattr(ctx.notes, self.params.section)
        draft_stems = {stem(w) for w in words(ctx.layout.body_text)}
        if not items or any(topic_is_referenced(i, draft_stems) for i in items):
            return []
        return [Finding(start=0, end=0, detail=items[0][:60])]


class GroundedFactsCheck(Check):
    """Numbers, number words and capitalized names in the draft must come from the notes.

    A number is grounded by a number the notes write, as digits or as words: 'four pages'
    by '4-page' in the notes, '24' by 'twenty-four' (``number_values``). The digits of a
    date ground only a date: 'November 12' is grounded by 'interview_date: 2026-11-12',
    '12 engineers' is not. A unit ('percent', 'engineers') is not a fact: its number is.
    """

    name = "grounded_facts"
    needs = frozenset({"notes"})

    class Params(CheckParams):
        allowed_words: list[str] = []
        number_words: list[str] = []
        number_values: dict[str, int] = {}
        multipliers: list[str] = []

    def find(self, ctx: CheckContext) -> list[Finding]:
        allowed_words = notes_vocabulary(ctx.notes.grounding_text) | {fold(w) for w in self.params.allowed_words}
        table = number_table(self.params.number_values, self.params.multipliers)
        known = notes_numbers(ctx.notes.grounding_text, table)
        draft_dates = date_spans(ctx.text)
        findings = [
            Finding(start=match.start(), end=match.end(), detail=match.group())
            for match in NUMBER.finditer(ctx.text)
            if not known.grounds(match.group(), in_a_date(match, draft_dates))
        ]
        number_words = {fold(w) for w in self.params.number_words}
        for phrase, value in number_phrases(ctx.text, table):
            if value is not None and str(value) in known.counts:
                continue
            for match in phrase:
                word = fold(match.group())
                if word in number_words and word not in allowed_words:
                    findings.append(Finding(start=match.start(), end=match.end(), detail=match.group()))
        skip = [s for s in (ctx.layout.subject, ctx.layout.greeting, ctx.layout.closing) if s]
        for paragraph in ctx.layout.paragraphs:
            for sentence in sentences(paragraph.text, paragraph.start):
                findings += _ungrounded_names(ctx.text, sentence, allowed_words, skip)
        return findings


@lru_cache(maxsize=16)
def notes_vocabulary(grounding_text: str) -> frozenset[str]:
    """The words of the notes (whole, and split at hyphens and apostrophes); computed once per notes
    text, not once per candidate sentence."""
    vocabulary: set[str] = set()
    for word in words(fold(grounding_text)):
        vocabulary.add(word)
        vocabulary.update(p for p in re.split(r"[-'&.]", re.sub(r"'s$", "", word)) if p)
    return frozenset(vocabulary)


def _ungrounded_names(text: str, sentence: Segment, allowed_words: frozenset[str], skip: list[Segment]) -> list[Finding]:
    """Capitalized words past a sentence's first word that the notes never mention."""
    findings = []
    first_word = re.match(r"\W*[\w'’&.-]+", sentence.text)
    body_start = sentence.start + (first_word.end() if first_word else 0)
    for token in re.finditer(r"[\w&'’.-]+", text[body_start : sentence.end]):
        raw = token.group().strip(".-'’")
        start = body_start + token.start()
        if not raw or not raw[0].isupper() or any(s.start <= start < s.end for s in skip):
            continue
        base = re.sub(r"['’]s$", "", raw)
        parts = [p for p in re.split(r"[-&.'’]", fold(base)) if p]
        if fold(raw) not in allowed_words and fold(base) not in allowed_words and not all(p in allowed_words for p in parts):
            findings.append(Finding(start=start, end=start + len(raw), detail=raw))
    return findings


class NoInjectedTextCheck(Check):
    """No notes line that was dropped as an instruction may reach the draft."""

    name = "no_injected_text"
    needs = frozenset({"notes"})
    private_findings = True

    class Params(CheckParams):
        threshold: float = 85
        min_chars: int = 12

    def find(self, ctx: CheckContext) -> list[Finding]:
        folded = fold(ctx.text)
        findings = []
        for line in ctx.notes.ignored:
            target = fold(line)
            alignment = fuzz.partial_ratio_alignment(target, folded)
            if len(target) >= self.params.min_chars and alignment and alignment.score >= self.params.threshold:
                findings.append(Finding(start=alignment.dest_start, end=alignment.dest_end, detail=line[:50]))
        return findings
