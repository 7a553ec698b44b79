"""Check types: the *how* behind rules. A rule file names one with ``check = "..."``.

Each check is a pure function ``(context, params) -> list[Finding]``; an empty list
means the rule holds. Register new ones with :func:`check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import emoji
from rapidfuzz import fuzz

from draft.guardrails.matchers import find_patterns, find_phrases
from draft.guardrails.models import Finding
from draft.notes import Notes, name_parts
from draft.text import EmailLayout, Segment, contains_phrase, fold, keywords, parse_email, sentences, stem, words


@dataclass
class CheckContext:
    """A draft under check, with the notes it must agree with."""

    text: str
    notes: Notes
    kind: str
    layout: EmailLayout = field(init=False)

    def __post_init__(self) -> None:
        self.layout = parse_email(self.text)

    def scope(self, name: str) -> list[Segment]:
        """The parts of the draft a rule looks at: ``all``, ``body``, ``message`` (no subject)."""
        layout = self.layout
        if name == "body":
            return layout.paragraphs
        if name == "message":
            start = layout.subject.end if layout.subject else 0
            return [Segment(start, len(self.text), self.text[start:])]
        return [Segment(0, len(self.text), self.text)]

    @cached_property
    def protected(self) -> list[tuple[int, int]]:
        """Spans that quote the notes' own names (company, role, people): banned-word rules skip them."""
        entities = [self.notes.company, self.notes.role, self.notes.sender or "", *self.notes.interviewers]
        lowered = self.text.lower()
        return [
            (match.start(), match.end())
            for entity in filter(None, entities)
            for match in re.finditer(re.escape(entity.lower()), lowered)
        ]

    def is_protected(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.protected)


CheckFunction = Callable[[CheckContext, dict[str, Any]], list[Finding]]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS[name] = function
        return function

    return register


def _spans_in_scope(ctx: CheckContext, params: dict[str, Any], finder: Callable[[str], list[tuple[int, int, str]]]) -> list[Finding]:
    findings = []
    for segment in ctx.scope(params.get("scope", "all")):
        for start, end, what in finder(segment.text):
            start, end = segment.start + start, segment.start + end
            if not ctx.is_protected(start, end):
                findings.append(Finding(start=start, end=end, detail=what))
    return findings


@check("phrases")
def phrases(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Banned phrases, matched exactly or as fuzzy near-variants."""
    threshold = float(params.get("threshold", 88))
    return _spans_in_scope(ctx, params, lambda text: find_phrases(text, params["phrases"], threshold))


@check("patterns")
def patterns(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Banned regular expressions."""
    return _spans_in_scope(ctx, params, lambda text: find_patterns(text, params["patterns"], params.get("ignorecase", True)))


@check("emoji")
def emoji_check(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    def find(text: str) -> list[tuple[int, int, str]]:
        if text.isascii():
            return []
        return [(e["match_start"], e["match_end"], e["emoji"]) for e in emoji.emoji_list(text)]

    return _spans_in_scope(ctx, params, find)


@check("max_count")
def max_count(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """At most ``max`` matches of ``pattern``; reports the ones past the limit."""
    hits = [f for f in _spans_in_scope(ctx, params, lambda text: find_patterns(text, [params["pattern"]]))]
    return hits[int(params["max"]) :]


@check("required_pattern")
def required_pattern(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """At least one of ``patterns`` in the scope, optionally within its first ``within_sentences``."""
    segments = ctx.scope(params.get("scope", "body"))
    limit = params.get("within_sentences")
    if limit:
        segments = [s for seg in segments for s in sentences(seg.text, seg.start)][: int(limit)]
    if any(find_patterns(seg.text, params["patterns"]) for seg in segments):
        return []
    where = segments[0] if segments else Segment(0, 0, "")
    return [Finding(start=where.start, end=where.end)]


@check("interviewer_names")
def interviewer_names(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Every interviewer is named (first or last name) in the greeting or the body."""
    greeting = ctx.layout.greeting
    region = fold("\n".join([greeting.text if greeting else "", ctx.layout.body_text]))
    missing = [name for name in ctx.notes.interviewers if not any(contains_phrase(region, part) for part in name_parts(name))]
    if not missing:
        return []
    where = greeting or (ctx.layout.paragraphs[0] if ctx.layout.paragraphs else Segment(0, 0, ""))
    return [Finding(start=where.start, end=where.end, detail="missing " + ", ".join(missing))]


_LEGAL_SUFFIXES = re.compile(r"[,.]?\s+(inc|llc|ltd|limited|co|corp|corporation|company|gmbh|plc|s\.?a|ag|group)\.?$", re.IGNORECASE)


@check("role_and_company")
def role_and_company(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """The role and the company are both named (the company with or without 'Inc.', 'Ltd.'...)."""
    folded = fold(ctx.text)
    missing = []
    company = ctx.notes.company
    if not (contains_phrase(folded, company) or contains_phrase(folded, _LEGAL_SUFFIXES.sub("", company))):
        missing.append(f"company '{company}'")
    role = ctx.notes.role
    if not contains_phrase(folded, role) and fuzz.partial_ratio(fold(role), folded) < float(params.get("role_threshold", 92)):
        missing.append(f"role '{role}'")
    return [Finding(start=0, end=0, detail="missing " + " and ".join(missing))] if missing else []


def topic_is_referenced(topic: str, draft_stems: set[str]) -> bool:
    """A notes item is referenced when half its content words (by stem; at least two, at most three needed) are in the draft."""
    stems = {stem(k) for k in keywords(topic) or words(topic)}
    if not stems:
        return False
    return len(stems & draft_stems) >= min(len(stems), max(2, (len(stems) + 1) // 2), 3)


@check("topic_reference")
def topic_reference(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """At least one specific topic of the notes is referenced in the body."""
    topics = ctx.notes.topics
    draft_stems = {stem(w) for w in words(ctx.layout.body_text)}
    if any(topic_is_referenced(t, draft_stems) for t in topics):
        return []
    detail = "none of: " + "; ".join(t[:40] for t in topics[:3]) if topics else "the notes list no topics"
    return [Finding(start=0, end=0, detail=detail)]


@check("notes_items_covered")
def notes_items_covered(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Soft: when the notes have items in ``section`` (forgot, concerns), the body mentions one."""
    items = getattr(ctx.notes, params["section"])
    draft_stems = {stem(w) for w in words(ctx.layout.body_text)}
    if not items or any(topic_is_referenced(i, draft_stems) for i in items):
        return []
    return [Finding(start=0, end=0, detail=items[0][:60])]


_NUMBER = re.compile(r"(?<![\w.])\$?\d+(?:[.,:]\d+)*(?:%|k\b)?")
_CAPITALIZED = re.compile(r"(?<![\w'’&-])([^\W\d_a-z][\w&'’.-]*(?:\s+[^\W\d_a-z][\w&'’-]*)*)")


@check("grounded_facts")
def grounded_facts(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Numbers, number words and capitalized names in the draft must come from the notes."""
    allowed_words, allowed_digits = _notes_vocabulary(ctx.notes.grounding_text)
    allowed_words = allowed_words | {fold(w) for w in params.get("allowed_words", [])}
    findings: list[Finding] = []
    for match in _NUMBER.finditer(ctx.text):
        digits = re.findall(r"\d+", match.group())
        if any(d not in allowed_digits for d in digits):
            findings.append(Finding(start=match.start(), end=match.end(), detail=match.group()))
    number_words = {fold(w) for w in params.get("number_words", [])}
    for match in re.finditer(r"[^\W\d_]+", ctx.text):
        word = fold(match.group())
        if word in number_words and word not in allowed_words:
            findings.append(Finding(start=match.start(), end=match.end(), detail=match.group()))
    skip = [s for s in (ctx.layout.subject, ctx.layout.greeting, ctx.layout.closing) if s]
    for paragraph in ctx.layout.paragraphs:
        for sentence in sentences(paragraph.text, paragraph.start):
            findings += _ungrounded_names(ctx.text, sentence, allowed_words, skip)
    return findings


@lru_cache(maxsize=16)
def _notes_vocabulary(grounding_text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words (whole, and split at hyphens and apostrophes) and digit runs of the notes;
    computed once per notes text, not once per candidate sentence."""
    allowed = fold(grounding_text)
    vocabulary: set[str] = set()
    for word in words(allowed):
        vocabulary.add(word)
        vocabulary.update(p for p in re.split(r"[-'&.]", re.sub(r"'s$", "", word)) if p)
    return frozenset(vocabulary), frozenset(re.findall(r"\d+", allowed))


def _ungrounded_names(text: str, sentence: Segment, allowed_words: set[str], skip: list[Segment]) -> list[Finding]:
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


@check("no_placeholders")
def no_placeholders(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    return _spans_in_scope(ctx, {**params, "scope": "all"}, lambda text: find_patterns(text, params["patterns"]))


@check("max_paragraphs")
def max_paragraphs(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    paragraphs = ctx.layout.paragraphs
    limit = int(params["max"])
    if len(paragraphs) <= limit:
        return []
    extra = paragraphs[limit]
    return [Finding(start=extra.start, end=paragraphs[-1].end, detail=f"{len(paragraphs)} paragraphs")]


@check("subject_line")
def subject_line(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    subject = ctx.layout.subject
    if subject and len(subject.text.split()) >= int(params.get("min_words", 2)):
        return []
    return [Finding(start=0, end=len(ctx.text.split("\n", 1)[0]))]


@check("repetition")
def repetition(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Repeated sentences (fuzzy) and doubled words ('the the')."""
    findings = []
    seen: list[tuple[str, Segment]] = []
    for paragraph in [*ctx.layout.paragraphs]:
        for sentence in sentences(paragraph.text, paragraph.start):
            normalized = " ".join(words(sentence.text))
            if len(normalized.split()) < int(params.get("min_words", 4)):
                continue
            if any(fuzz.ratio(normalized, earlier) >= float(params.get("threshold", 92)) for earlier, _ in seen):
                findings.append(Finding(start=sentence.start, end=sentence.end, detail="repeated sentence"))
            seen.append((normalized, sentence))
    allowed = {fold(w) for w in params.get("allowed_doubles", [])}
    for match in re.finditer(r"\b([^\W\d_]+)\s+\1\b", ctx.text, re.IGNORECASE):
        if fold(match.group(1)) not in allowed and not ctx.is_protected(match.start(), match.end()):
            findings.append(Finding(start=match.start(), end=match.end(), detail=f"repeated word '{match.group(1)}'"))
    return findings


@check("no_injected_text")
def no_injected_text(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """No notes line that was dropped as an instruction may reach the draft."""
    folded = fold(ctx.text)
    findings = []
    for line in ctx.notes.ignored:
        target = fold(line)
        alignment = fuzz.partial_ratio_alignment(target, folded)
        if len(target) >= 12 and alignment and alignment.score >= float(params.get("threshold", 85)):
            findings.append(Finding(start=alignment.dest_start, end=alignment.dest_end, detail=line[:50]))
    return findings


@check("word_count")
def word_count(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Words in the scope within the kind's ``limits`` (``{kind = {min, max}}``)."""
    limits = params.get("limits", {}).get(ctx.kind)
    if not limits:
        return []
    segments = ctx.scope(params.get("scope", "body"))
    count = sum(len(re.findall(r"\S+", s.text)) for s in segments)
    low, high = int(limits.get("min", 0)), int(limits.get("max", 10**9))
    if low <= count <= high:
        return []
    start, end = (segments[0].start, segments[-1].end) if segments else (0, 0)
    bound = f"at most {high}" if count > high else f"at least {low}"
    return [Finding(start=start, end=end, detail=f"{count} words; {ctx.kind} wants {bound}")]


@check("char_count")
def char_count(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    length = len(ctx.layout.body_text)
    return [] if length <= int(params["max"]) else [Finding(start=0, end=0, detail=f"{length} characters")]


@check("spoken_parts")
def spoken_parts(ctx: CheckContext, params: dict[str, Any]) -> list[Finding]:
    """Each named part (a line 'Name:' and the text after it) exists and stays under ``max_words``."""
    findings = []
    names = params["parts"]
    heading = re.compile(rf"^\s*({'|'.join(map(re.escape, names))})\s*:\s*$", re.IGNORECASE | re.MULTILINE)
    marks = list(heading.finditer(ctx.text))
    found = {fold(m.group(1)) for m in marks}
    for name in names:
        if fold(name) not in found:
            findings.append(Finding(start=0, end=0, detail=f"no '{name}:' part"))
    for index, mark in enumerate(marks):
        end = marks[index + 1].start() if index + 1 < len(marks) else len(ctx.text)
        count = len(ctx.text[mark.end() : end].split())
        if count > int(params["max_words"]):
            findings.append(Finding(start=mark.start(), end=end, detail=f"'{mark.group(1)}' has {count} words"))
    return findings
