"""Check types for speaking to the reader (RULES.md P1-P4): private remarks stay private,
notes are rewritten rather than pasted, concerns are answered rather than restated, and
the message is signed. Their word lists are data, in the rule files."""

from __future__ import annotations

import calendar
import math
import re
from functools import lru_cache

from rapidfuzz import fuzz

from draft.guardrails.checks.base import Check, CheckContext, CheckParams, regex_list
from draft.guardrails.models import Finding
from draft.notes import Notes, name_parts
from draft.text import contains_phrase, fold, keywords, sentences, stem, words


def _stems(text: str) -> set[str]:
    return {stem(w) for w in words(text)}


def _alternation(items: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(i).replace(r"\ ", r"\s+") for i in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=1)
def frame_stems() -> frozenset[str]:
    """Stems of every word the frames write themselves (each kind's email.j2, _frame.j2, frames.toml; tags left out;
    the greeting's salutation and titles, the sign-offs, the months of a date): a private line that also says 'thank
    you', 'next steps', 'Dear Mr. Salo' or 'sincerely gutted' never makes the frame's own words a leak."""
    from draft.closing import CLOSING_WORDS
    from draft.names import GREETING_WORDS
    from draft.resources import data_dir

    folder = data_dir("prompts")
    frames = [*sorted(folder.glob("*/email.j2")), folder / "_frame.j2", folder / "frames.toml"]  # what a message is made of
    text = " ".join(path.read_text(encoding="utf-8") for path in frames if path.is_file())
    text = re.sub(r"\{[{%#][^{}]*[}%#]\}", " ", text)
    text = " ".join([text, *GREETING_WORDS, *CLOSING_WORDS, *calendar.month_name[1:]])
    return frozenset(_stems(text))


def _sayable_stems(notes: Notes) -> set[str]:
    """Stems of every word the notes allow a draft to say: the sayable items, names, company, role."""
    sayable = [*notes.discussed, *notes.forgot, *notes.concerns, *notes.profile, notes.timeline or "",
               notes.company, notes.role, notes.sender or "", *notes.interviewers]
    return _stems(" ".join(sayable))


class PrivateStaysPrivateCheck(Check):
    """P1: no sentence of the draft says what a private notes line says.

    Each private line is split into clauses; a clause is compared on its *distinctive*
    content words (not ``common_words``, not in any sayable notes line, not a name, the
    company or the role). A sentence is flagged when it holds at least ``share`` of them
    (and ``min_hits``), or when it holds one and reads like the clause (rapidfuzz partial
    ratio at least ``threshold``, ``fillers`` left out on both sides).
    """

    name = "private_stays_private"
    needs = frozenset({"notes"})
    private_findings = True

    class Params(CheckParams):
        common_words: list[str] = []
        fillers: list[str] = []
        clause_split: str = r"[,;:()]|\s[-–—]\s|\b(?:and|but)\b"
        share: float = 0.6
        min_hits: int = 2
        threshold: float = 85
        min_chars: int = 8
        valid_patterns = regex_list("clause_split")

    def _normalized(self, text: str) -> str:
        fillers = {fold(f) for f in self.params.fillers}
        return " ".join(w for w in words(text) if w not in fillers)

    def find(self, ctx: CheckContext) -> list[Finding]:
        p = self.params
        private = getattr(ctx.notes, "private", [])
        if not private:
            return []
        common = {fold(w) for w in p.common_words}
        sayable = _sayable_stems(ctx.notes) | frame_stems()
        draft = [(s, _stems(s.text), self._normalized(s.text)) for s in sentences(ctx.text)]
        findings: dict[int, Finding] = {}
        for line in private:
            for clause in re.split(p.clause_split, line):
                distinctive = {stem(w) for w in keywords(clause) if w not in common} - sayable
                if not distinctive:
                    continue
                required = max(p.min_hits, math.ceil(p.share * len(distinctive)))
                normalized = self._normalized(clause)
                for sentence, stems, sentence_normalized in draft:
                    hits = len(distinctive & stems)
                    if not hits or sentence.start in findings:
                        continue
                    reads_alike = len(normalized) >= p.min_chars and fuzz.partial_ratio(normalized, sentence_normalized) >= p.threshold
                    if hits >= required or reads_alike:
                        findings[sentence.start] = Finding(start=sentence.start, end=sentence.end, detail=f"private: {line[:50]}")
        return sorted(findings.values(), key=lambda f: f.start)


@lru_cache(maxsize=8)
def _seam_regex(frames: tuple[str, ...], verbs: tuple[str, ...], pronouns: tuple[str, ...], headings: tuple[str, ...]) -> re.Pattern[str]:
    """A frame word followed by a raw note fragment: a reporting verb (after an optional name), a pronoun, a heading,
    a list marker, a notes key ('Channel:')."""
    frame = rf"(?i:\b(?:{_alternation(list(frames))})\s+)"
    fragment = (
        rf"(?:[A-Z][\w'’-]*\s+)?(?i:(?:{_alternation(list(verbs))}))\b"
        rf"|(?i:(?:{_alternation(list(pronouns))}))(?![\w/'’])"
        rf"|(?i:(?:{_alternation(list(headings))}))\b:?"
        r"|(?:\d{1,2}[.)]|[-*+\u2022])\s"
        r"|[A-Z][a-z]+:\s"  # a notes key: 'about Channel: phone'
    )
    return re.compile(f"{frame}(?:{fragment})")


@lru_cache(maxsize=8)
def _shorthand_regex(tokens: tuple[str, ...]) -> re.Pattern[str]:
    """Shorthand as whole tokens: 'w/' may touch the next word ('w/Ana'); 'int' never sits inside a word or "Int'l"."""
    slashed = [t for t in tokens if t.endswith("/")]
    plain = [t for t in tokens if not t.endswith("/")]
    parts = []
    if slashed:
        parts.append(f"(?:{_alternation(slashed)})")
    if plain:
        parts.append(rf"(?:{_alternation(plain)})(?![\w/]|['’]\w)")
    return re.compile(rf"(?<![\w/.@:'’-])(?:{'|'.join(parts) or '(?!)'})", re.IGNORECASE)


class SpeaksToReaderCheck(Check):
    """P2: no note pasted into a frame, no note shorthand or Markdown, no shouting, no lowercase names.

    A seam is a ``frames`` word ("about", "learning about"...) followed by a raw note
    fragment: a past-tense reporting verb (optionally after a name: "about Tom asked"), a
    subject pronoun, a heading word, or a list marker.
    """

    name = "speaks_to_reader"
    needs = frozenset({"notes"})

    class Params(CheckParams):
        frames: list[str]
        reporting_verbs: list[str]
        pronouns: list[str]
        heading_words: list[str]
        shorthand: list[str]
        markdown: list[str]
        shouted_words: list[str] = []
        shouted_suffixes: list[str] = ["ED", "ING", "LY"]
        caps_min_letters: int = 3
        lowercase_sentence_start: bool = True
        valid_patterns = regex_list("markdown")

    def find(self, ctx: CheckContext) -> list[Finding]:
        findings = [*self._seams(ctx), *self._shorthand(ctx), *self._markdown(ctx), *self._shouting(ctx), *self._lowercase_starts(ctx)]
        outside_names = [f for f in findings if not ctx.is_protected(f.start, f.end)]
        return sorted([*outside_names, *self._lowercase_names(ctx)], key=lambda f: f.start)

    def _seams(self, ctx: CheckContext) -> list[Finding]:
        p = self.params
        seam = _seam_regex(tuple(p.frames), tuple(p.reporting_verbs), tuple(p.pronouns), tuple(p.heading_words))
        return [
            Finding(start=m.start(), end=m.end(), detail=f"a note pasted after a frame: '{m.group().strip()}'")
            for m in seam.finditer(ctx.text)
        ]

    def _shorthand(self, ctx: CheckContext) -> list[Finding]:
        return [
            Finding(start=m.start(), end=m.end(), detail=f"note shorthand '{m.group()}'")
            for m in _shorthand_regex(tuple(self.params.shorthand)).finditer(ctx.text)
        ]

    def _lowercase_starts(self, ctx: CheckContext) -> list[Finding]:
        """A body sentence that starts with a lowercase pronoun or reporting verb ('you said "not really"'): a note fragment."""
        if not self.params.lowercase_sentence_start:
            return []
        p = self.params
        note_words = {w.lower() for w in [*p.pronouns, *p.reporting_verbs, "you"]}
        findings = []
        for paragraph in ctx.layout.paragraphs:
            for sentence in sentences(paragraph.text, paragraph.start):
                first = re.match(r"[^\W\d_]+", sentence.text)
                if first and first.group().islower() and first.group() in note_words:
                    findings.append(Finding(start=sentence.start, end=sentence.start + first.end(), detail=f"a sentence starts in lowercase '{first.group()}'"))
        return findings

    def _markdown(self, ctx: CheckContext) -> list[Finding]:
        return [
            Finding(start=m.start(), end=m.end(), detail=f"Markdown left in '{m.group()}'")
            for pattern in self.params.markdown
            for m in re.finditer(pattern, ctx.text, re.MULTILINE)
        ]

    def _shouting(self, ctx: CheckContext) -> list[Finding]:
        """Words in capitals: allowed when the notes use them as an acronym (capitals, not a shouted word)."""
        p = self.params
        shouted = {w.upper() for w in p.shouted_words}
        notes_caps = set(re.findall(r"\b[^\W\d_a-z]{2,}\b", ctx.notes.grounding_text))
        findings = []
        for m in re.finditer(rf"(?<![\w'’-])[^\W\d_a-z]{{{p.caps_min_letters},}}(?![\w'’-])", ctx.text):
            word = m.group()
            if not word.isupper():
                continue
            inflected = len(word) >= 5 and word.endswith(tuple(s.upper() for s in p.shouted_suffixes))
            if word in notes_caps and word not in shouted and not inflected:
                continue
            findings.append(Finding(start=m.start(), end=m.end(), detail=f"shouting '{word}'"))
        return findings

    def _lowercase_names(self, ctx: CheckContext) -> list[Finding]:
        """A person's full name, a multi-word company, or any name in the greeting, written in lowercase."""
        notes = ctx.notes
        findings = []
        names = [(" ".join(name_parts(n)), None) for n in notes.interviewers if len(name_parts(n)) > 1]
        if len(notes.company.split()) > 1:
            names.append((notes.company, None))
        greeting = ctx.layout.greeting
        if greeting:
            names += [(part, greeting) for n in notes.interviewers for part in name_parts(n)]
        for name, within in names:
            if name == name.lower():
                continue
            pattern = r"(?<!\w)" + re.escape(name).replace(r"\ ", r"\s+") + r"(?!\w)"
            start, end = (within.start, within.end) if within else (0, len(ctx.text))
            region = ctx.text[start:end]
            if within and re.search(pattern, region):
                continue  # written properly in the greeting; a lowercase twin is an ordinary word ('Dear Ana And and Raj')
            for m in re.finditer(pattern, region, re.IGNORECASE):
                if m.group() == m.group().lower():
                    findings.append(Finding(start=start + m.start(), end=start + m.end(), detail=f"name in lowercase '{m.group()}'"))
        return findings


class ConcernNotRestatedCheck(Check):
    """P3: a concern from the notes is not quoted back, nor put as the reader's doubt or the job seeker's worry.

    A sentence restates a concern when it holds at least ``share`` of the concern's
    content words (and ``min_hits``, or all of them when fewer) and either a quotation
    mark (``quotes``) or one of ``doubt_frames``.
    """

    name = "concern_not_restated"
    needs = frozenset({"notes"})
    private_findings = True

    class Params(CheckParams):
        doubt_frames: list[str]
        quotes: str = "[\"\u201c\u201d\u00ab\u00bb]"
        share: float = 0.6
        min_hits: int = 2
        valid_patterns = regex_list("quotes")

    def find(self, ctx: CheckContext) -> list[Finding]:
        p = self.params
        doubt = re.compile(rf"(?<!\w)(?:{_alternation(p.doubt_frames)})(?!\w)", re.IGNORECASE)
        names = _stems(" ".join([ctx.notes.company, *ctx.notes.interviewers]))
        findings: dict[int, Finding] = {}
        for concern in ctx.notes.concerns:
            content = {stem(w) for w in keywords(concern)} - names
            if not content:
                continue
            required = min(len(content), max(p.min_hits, math.ceil(p.share * len(content))))
            for sentence in sentences(ctx.text):
                if sentence.start in findings or len(content & _stems(sentence.text)) < required:
                    continue
                frame = re.search(p.quotes, sentence.text) or doubt.search(sentence.text)
                if frame:
                    how = "quoted" if re.fullmatch(p.quotes, frame.group()) else f"'{frame.group()}'"
                    findings[sentence.start] = Finding(start=sentence.start, end=sentence.end, detail=f"concern restated ({how}): {concern[:40]}")
        return sorted(findings.values(), key=lambda f: f.start)


class SignedWithNameCheck(Check):
    """P4: when the notes give the sender's name, the closing (sign-off and name) carries it (first name or full)."""

    name = "signed_with_name"
    needs = frozenset({"sender"})

    def find(self, ctx: CheckContext) -> list[Finding]:
        sender = ctx.notes.sender
        if not sender:
            return []
        closing = ctx.layout.closing
        if closing is None:
            return [Finding(start=len(ctx.text.rstrip()), end=len(ctx.text.rstrip()), detail=f"no sign-off with '{sender}'")]
        folded = fold(closing.text)
        if contains_phrase(folded, sender) or contains_phrase(folded, name_parts(sender)[0]):
            return []
        return [Finding(start=closing.start, end=closing.end, detail=f"sign with '{sender}'")]
