"""Compose a message: notes items phrased for a sentence, slots, and the email frame.

The frame (``prompts/<kind>/email.j2``) writes everything that must be right (subject,
greeting with the names, thanks, role and company, interest, sign-off). Slots carry
the sentences drawn from the notes; each holds a model sentence or its fallback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel

from draft.guardrails import check_draft, load_rules
from draft.notes import Notes, topic_specificity
from draft.prompting import prompt_file, render, render_string
from draft.repair import repair
from draft.text import STOPWORDS, fold, keywords, sentences, stem

MAX_ITEM_WORDS = 18
_TONE_BY_INDUSTRY = {"conservative": "formal", "competitive": "warm"}
_SIGN_OFF = {"formal": "Sincerely", "neutral": "Best regards", "warm": "Warm regards"}
_PRONOUNS = {"their": "your", "they": "you", "they're": "you're", "theirs": "yours", "them": "you"}
_SCRUB_CHECKS = {"phrases", "patterns", "no_placeholders", "emoji"}


class Slot(BaseModel):
    """One sentence of the message that draws on a notes item."""

    name: str
    group: str
    item: str
    lead: str
    fallback: str
    model: bool = True


def choose_tone(notes: Notes, override: str | None = None) -> str:
    """--tone wins, then the notes' ``tone:``, then ``industry:`` (conservative -> formal)."""
    for value in (override, notes.tone, _TONE_BY_INDUSTRY.get(notes.industry or "")):
        if value in _SIGN_OFF:
            return value
    return "neutral"


def scrub_item(item: str, notes: Notes, kind: str) -> str:
    """Remove from a notes item whatever a hard phrase rule would reject in a draft."""
    text, _ = repair(re.sub(r"[!?\u2026]+", " ", item))
    text = ", ".join(s.text.rstrip(".").strip() for s in sentences(text))  # one item, one sentence
    text = re.sub(r"[\[\]{}<>_|*#`]", "", text)
    rules = [r for r in load_rules() if r.check in _SCRUB_CHECKS and r.severity == "hard"]
    for violation in sorted(check_draft(text, notes, kind, rules).violations, key=lambda v: -v.start):
        text = text[: violation.start] + text[violation.end :]
    return re.sub(r"\s+", " ", text).strip(" ,;:-.")


_COMMON_SUFFIXES = ("ing", "ed", "ly", "tion", "sion", "ment", "ness", "ity", "ies", "ance", "ence", "ship", "ive", "ous", "al")
_COMMON_STARTS = {"current", "recent", "new", "future", "next", "last", "remote", "hybrid", "overall", "general", "daily",
                  "weekly", "team", "teams", "culture", "growth", "onboarding", "career", "plans", "plan", "challenges",
                  "goals", "budget", "roadmap", "expectations", "salary", "benefits", "questions", "projects", "project"}


def _is_common_word(word: str, notes_text: str) -> bool:
    """A capitalized first word that is an ordinary word (lowercase it) rather than a name (keep it)."""
    lowered = word.lower()
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    return (
        lowered in STOPWORDS or lowered in _COMMON_STARTS or lowered in ("how", "why", "what", "whether")
        or lowered.endswith(_COMMON_SUFFIXES) or re.search(rf"(?<![\w]){re.escape(lowered)}(?![\w])", notes_text) is not None
    )


def phrase_item(item: str, notes_text: str = "") -> str:
    """Turn a notes bullet into a phrase that reads inside a sentence."""
    first_clause = re.split(r";\s|\s[-\u2013\u2014]\s", item, maxsplit=1)[0]
    if len(first_clause.split()) >= 3:
        item = first_clause
    words = item.split()
    if len(words) > MAX_ITEM_WORDS:
        head = " ".join(words[:MAX_ITEM_WORDS])
        cut = max((head.rfind(mark) for mark in (";", ":", " - ", " \u2014 ", "(", ",")), default=-1)
        item = head[:cut] if cut > 20 and len({stem(k) for k in keywords(head[:cut])}) >= 3 else head
        words = item.split()
    words = [_PRONOUNS.get(w.lower(), w) if w.lower() in _PRONOUNS else w for w in words]
    if words and _is_common_word(words[0], notes_text):
        words[0] = words[0].lower()
    while words and fold(words[-1].strip(",;:")) in ("and", "or", "but", "with", "the", "a", "to", "of"):
        words.pop()
    return " ".join(words).strip(" ,;:-.(")


def usable_items(notes: Notes, section: str, kind: str, limit: int) -> list[str]:
    """The most specific items of a section, in the order the notes give them, scrubbed and phrased."""
    items = notes.topics if section == "topics" else list(getattr(notes, section))
    ranked = sorted(items, key=topic_specificity, reverse=True)[: limit * 2]
    chosen = []
    for item in items:
        if item in ranked and len(chosen) < limit:
            phrased = phrase_item(scrub_item(item, notes, kind), notes.source_text)
            if len(phrased) >= 2:
                chosen.append(phrased)
    return chosen


def plan_slots(notes: Notes, kind: str, prompts: Path | None = None) -> list[Slot]:
    """Fill the kind's slot definitions with the notes' items."""
    path = prompt_file(f"{kind}/slots.toml", prompts)
    with path.open("rb") as handle:
        specs = tomllib.load(handle).get("slot", [])  # an empty file: the kind draws on no notes item
    wanted: dict[str, int] = {}
    for spec in specs:
        wanted[spec["section"]] = wanted.get(spec["section"], 0) + 1
    pools = {section: usable_items(notes, section, kind, count) for section, count in wanted.items()}
    slots = []
    used: set[str] = set()
    for spec in specs:
        pool = [i for i in pools[spec["section"]] if fold(i) not in used]
        if pool:
            item = pool[0]
            pools[spec["section"]].remove(item)
            used.add(fold(item))
            slots.append(
                Slot(
                    name=spec["name"], group=spec["group"], item=item, model=spec.get("model", True),
                    lead=render_string(spec["lead"], prompts, item=item, first_person=_first_person(item)),
                    fallback=render_string(spec["fallback"], prompts, item=item, first_person=_first_person(item)),
                )
            )
    return slots


def _first_person(item: str) -> bool:
    return item.split()[0].lower() in ("i", "i'm", "i've", "i'd", "my", "we", "our") if item.split() else False


def greeting_names(notes: Notes) -> str:
    names = notes.interviewers
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def frame_context(notes: Notes, kind: str, tone: str) -> dict:
    return {
        "notes": notes, "kind": kind, "tone": tone, "panel": len(notes.interviewers) > 1,
        "salutation": "Dear", "greeting_names": greeting_names(notes), "sign_off": _SIGN_OFF[tone],
    }


def render_message(
    notes: Notes, kind: str, tone: str, slots: list[Slot], sentences: dict[str, str] | None = None,
    prompts: Path | None = None, body: str | None = None,
) -> str:
    """The whole message: each slot gets its model sentence if given, else its fallback.

    ``body`` (free writing by a capable model) replaces the slots' paragraphs.
    """
    sentences = sentences or {}
    groups: dict[str, list[str]] = {"topics": [], "extra": []}
    for slot in slots:
        groups.setdefault(slot.group, []).append(sentences.get(slot.name) or slot.fallback)
    context = frame_context(notes, kind, tone) | {"slots": groups, "body": body}
    return render(f"{kind}/email.j2", prompts, **context) + "\n"
