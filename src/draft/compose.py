"""Compose a message: the understood notes items said in frames, and the email frame around them.

The frame (``prompts/<kind>/email.j2``) writes everything that must be right (subject,
greeting with the names, thanks, role and company, interest, sign-off). Slots
(``prompts/<kind>/slots.toml``) carry the sentences drawn from the notes: each takes the
next item of a pool and offers the sentences of a frame set (``prompts/frames.toml``)
that fit the shape of the item's rewritten phrase. The first is the template's; a model
may choose another.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from nameparser import HumanName
from pydantic import BaseModel, ConfigDict, Field

from draft.closing import SIGN_OFF
from draft.guardrails.scrub import scrub_item
from draft.names import SALUTATION, addressed_as_the_notes_say, called_by_name, company_in_prose, role_in_prose, salutation_name, without_postnominals, written_in_full
from draft.notes import Notes, topic_specificity
from draft.prompting import prompt_file, render, render_string
from draft.understanding import NoteItem
from draft.understanding.lexicon import shapes
from draft.understanding.rewrite import in_full

TONES = ("formal", "neutral", "warm")
_TONE_BY_INDUSTRY = {"conservative": "formal", "competitive": "warm"}
_POOL_KINDS = {"topics": ("topic", "question", "fit"), "forgot": ("forgot",), "concerns": ("concern",)}
_TOPIC_PREFERENCE = {"topic": 0, "question": 1, "fit": 2}
_SHAPE_PREFERENCE = {"heard": 0, "about": 0, "activity": 0, "question": 1, "fit": 1, "that": 2, "statement": 2}


class SlotSpec(BaseModel):
    """One ``[[slot]]`` of a kind's slots.toml."""

    model_config = ConfigDict(extra="forbid")
    name: str
    pool: str
    group: str
    frames: str
    model: bool = True
    min_interviewers: int = Field(1, description="said only when the notes name at least this many interviewers (a third topic for a panel of three)")


class Slot(BaseModel):
    """One sentence of the message that says a notes item; ``candidates[0]`` is the template's."""

    name: str
    group: str
    item: str = Field(description="the phrase said, as the reader reads it")
    candidates: list[str]
    model: bool = True
    sources: list[str] = Field(default_factory=list, description="the notes lines it says (what a later message must not say again)")

    @property
    def fallback(self) -> str:
        return self.candidates[0]


def choose_tone(notes: Notes, override: str | None = None) -> str:
    """--tone wins, then the notes' ``tone:`` (or 'keep tone formal'), then ``industry:`` (conservative -> formal)."""
    for value in (override, notes.tone, _TONE_BY_INDUSTRY.get(notes.industry or "")):
        if value in TONES:
            return value
    return "neutral"


@lru_cache(maxsize=4)
def frame_sets(prompts: Path | None = None) -> dict[str, dict[str, list[str]]]:
    with prompt_file("frames.toml", prompts).open("rb") as handle:
        return tomllib.load(handle)


def _slot_specs(kind: str, prompts: Path | None) -> list[SlotSpec]:
    with prompt_file(f"{kind}/slots.toml", prompts).open("rb") as handle:
        return [SlotSpec.model_validate(spec) for spec in tomllib.load(handle).get("slot", [])]


def pool(notes: Notes, name: str, limit: int) -> list[NoteItem]:
    """The items a pool draws on: sayable items of its kinds, the most telling first, in the notes' order."""
    items = [item for item in notes.items if item.kind in _POOL_KINDS[name] and item.sayable]
    if name == "topics":
        ranked = sorted(items, key=_topic_rank)
        clean = [item for item in ranked if item.phrase.clean]  # type: ignore[union-attr]
        chosen = _varied(clean, limit) or ranked[:1]  # a phrase with problems only when nothing reads cleanly (C3 asks for one)
        return [item for item in items if item in chosen]
    if name == "concerns":
        return [item for item in items if item.answer][:limit]  # never said as written (P3): only my answer is, when the notes hold one
    return [item for item in items if item.phrase.clean][:limit]  # type: ignore[union-attr]


def _my_news_left(notes: Notes, topics: list[NoteItem]) -> list[NoteItem]:
    """What I said of myself ('I speak Arabic and French') that the topic sentences leave out, cleanly said."""
    return [item for item in notes.items if item.sayable and item not in topics and item.kind in _POOL_KINDS["topics"]
            and item.phrase.shape == "statement" and item.phrase.clean]  # type: ignore[union-attr]


def _topic_rank(item: NoteItem) -> tuple[int, int, int, int]:
    """What a message recalls first: a clean phrase; what they told me (a noun phrase) before their
    question, before what I said, before a bare fact; the more specific first."""
    phrase = item.phrase
    assert phrase is not None
    return (int(not phrase.clean), _SHAPE_PREFERENCE.get(phrase.shape, 3), _TOPIC_PREFERENCE[item.kind], -topic_specificity(phrase.text))


_VARIETY = {"about": "about", "heard": "about", "activity": "about", "question": "question", "fit": "fit"}


def _varied(items: list[NoteItem], limit: int) -> list[NoteItem]:
    """The first ``limit`` items: on a panel, one of each interviewer's first; then a topic, their question and
    what I told them before two of one kind; a bare fact ('that HRIS is Paylocity') only when nothing else is left."""
    chosen: list[NoteItem] = []
    for item in items:
        if len(chosen) < limit and item.speaker and all(other.speaker != item.speaker for other in chosen):
            chosen.append(item)
    for item in items:
        group = _VARIETY.get(item.phrase.shape)  # type: ignore[union-attr]
        if len(chosen) < limit and group and item not in chosen and all(_VARIETY.get(other.phrase.shape) != group for other in chosen):  # type: ignore[union-attr]
            chosen.append(item)
    for item in items:  # a sentence that opens as a chosen one does ('I enjoyed discussing ...' twice) waits its turn
        if len(chosen) < limit and item not in chosen and _opening(item) not in {_opening(other) for other in chosen}:
            chosen.append(item)
    for item in items:
        if len(chosen) < limit and item not in chosen:
            chosen.append(item)
    return chosen


def _opening(item: NoteItem) -> str:
    """The first three words of a whole sentence the reader wrote (readers called three 'I enjoyed discussing' in a row
    machine-like); an item said in a frame has none of its own."""
    phrase = item.phrase
    if phrase is None or phrase.shape != "sentence":
        return ""
    return " ".join(phrase.text.lower().replace(" also ", " ").split()[:3])


_LEARNED = re.compile(r"learning|hearing|\bhear\b|\blearn\b|useful")
"""Frame words that say they taught me something: never for a subject they asked about or mentioned."""


def _candidates(frames: dict[str, list[str]], shape: str, phrase: str, prompts: Path | None, discussed: bool = False) -> list[str]:
    """The sentences that can say ``phrase``: its shape's frames, less the ones that read badly with it. What they asked
    about is never thanked for (readers of panels 9 and 10 called 'I enjoyed your question about ...' filler): a
    how-question is talked through, something of mine is told ('I was glad to tell you about my dbt work at Corvid'),
    and a subject is discussed like one they mentioned ('I also valued our discussion of par levels': they tested me,
    I did not learn it from them)."""
    templates = frames.get(shape) or frames.get("fit" if shape == "artifact" else "about") or []
    if re.match(r"[a-z]+ing\b", phrase):  # 'discussing migrating the pipeline' reads badly, 'learning more about dropping the GRE' as if I were
        templates = [t for t in templates if not re.search(r"(?i)(?:discussing|learning(?: more)? about|hearing about) \{\{ x \}\}", t)] or templates
    if shape == "question" and not re.match(r"(?:how|what|why|whether|which|when|where|who|a time|the time)\b", phrase):
        mine = re.search(r"(?i)\b(?:my|mine|I|I'm|I've|I'd|me)(?![\w'])", phrase)
        templates = frames.get("fit" if mine else "about") or templates
        discussed = discussed or not mine
    elif shape == "question":
        templates = [t for t in templates if "question" not in t and "for asking" not in t] or templates
    if discussed:  # 'he mentioned SEO and SEM': 'I also valued our discussion of SEO', never 'learning more about' it
        templates = [t for t in templates if not _LEARNED.search(t)] or templates
    return [sentence for sentence in (render_string(t, prompts, x=phrase) for t in templates) if sentence]  # a frame may not fit the phrase


def plan_slots(notes: Notes, kind: str, prompts: Path | None = None) -> list[Slot]:
    """Fill the kind's slots with the notes' items, each with its candidate sentences."""
    specs = [spec for spec in _slot_specs(kind, prompts) if len(notes.interviewers) >= spec.min_interviewers]
    sets = frame_sets(prompts)
    wanted: dict[str, int] = {}
    for spec in specs:
        wanted[spec.pool] = wanted.get(spec.pool, 0) + 1
    pools = {name: pool(notes, name, count) for name, count in wanted.items()}
    mine_unsaid = _my_news_left(notes, pools.get("topics", [])) if "forgot" in pools and not pools["forgot"] else []
    slots = []
    for spec in specs:
        if spec.pool == "forgot" and not pools["forgot"] and mine_unsaid:
            spec = spec.model_copy(update={"frames": "recall-also", "group": "topics"})  # no forgotten point: what I said that no topic sentence says, beside the topics
            pools["forgot"] = [mine_unsaid.pop(0)]
        if not pools[spec.pool]:
            continue
        item = pools[spec.pool].pop(0)
        if spec.pool == "forgot" and pools["forgot"] and _said_together(item, pools["forgot"][0]) and "forgot-pair" in sets:
            slot = _pair_slot(spec, item, pools["forgot"].pop(0), notes, kind, sets["forgot-pair"], prompts)
        else:
            slot = _item_slot(spec, item, notes, kind, sets, prompts)
        if slot:
            slots.append(slot)
    return slots


def _said_together(first: NoteItem, second: NoteItem) -> bool:
    """Two things I forgot to mention, each a clean statement, read as one sentence (readers called the second,
    said on its own, 'tacked on')."""
    return all(item.phrase is not None and item.phrase.shape == "statement" and item.phrase.clean for item in (first, second))


def _pair_slot(spec: SlotSpec, first: NoteItem, second: NoteItem, notes: Notes, kind: str, frames: dict[str, list[str]], prompts: Path | None) -> Slot | None:
    """'I did not get to mention that I completed the Passive House designer course in 2024, or that my thesis was on
    timber joinery.'"""
    x, y = (scrub_item(item.phrase.text, notes, kind) for item in (first, second))  # type: ignore[union-attr]
    candidates = [sentence for sentence in (render_string(t, prompts, x=x, y=y) for t in frames.get("statement", [])) if sentence]
    return Slot(name=spec.name, group=spec.group, item=f"{x}; {y}", candidates=candidates, model=spec.model,
                sources=[first.source, second.source]) if candidates else None


def _item_slot(spec: SlotSpec, item: NoteItem, notes: Notes, kind: str, sets: dict, prompts: Path | None) -> Slot | None:
    """One item said in a slot: its phrase (a concern's: my answer) in the frames of the slot's set, or None."""
    said = item.answer if spec.pool == "concerns" else item.phrase
    assert said is not None
    phrase = scrub_item(said.text, notes, kind)
    if said.shape == "sentence" and phrase:
        phrase += "."  # the learned reader's whole sentence: scrubbing took its full stop
    if spec.pool != "concerns" and len(phrase) < 2:
        return None
    frames = sets["answer-given"] if spec.pool == "concerns" and item.answer_given and "answer-given" in sets else sets[spec.frames]
    candidates = _candidates(frames, said.shape, phrase, prompts, discussed=said.discussed)
    if spec.pool != "concerns" and item.speaker and len(notes.interviewers) > 1:
        candidates = asked_by(candidates, salutation_name(item.speaker, notes.source_text, familiar=True))
    return Slot(name=spec.name, group=spec.group, item=phrase, candidates=candidates, model=spec.model, sources=[item.source]) if candidates else None


def asked_by(candidates: list[str], who: str) -> list[str]:
    """A panel's question is one person's: 'your question about ...' -> 'Carmen's question about ...'; a sentence that
    thanks everyone for asking is left out."""
    named = [c.replace("your question", f"{who}'s question") for c in candidates if "for asking" not in c]
    return named or candidates


def topic_alternatives(notes: Notes, kind: str, prompts: Path | None = None) -> list[Slot]:
    """The first topic slot said with each sayable topic item in turn, the most telling first: what the template
    tries when the topics it chose cannot be said within the rules (C3 still asks for one)."""
    spec = next((spec for spec in _slot_specs(kind, prompts) if spec.pool == "topics"), None)
    if spec is None:
        return []
    sets = frame_sets(prompts)
    items = sorted((item for item in notes.items if item.kind in _POOL_KINDS["topics"] and item.sayable), key=_topic_rank)
    return [slot for item in items if (slot := _item_slot(spec, item, notes, kind, sets, prompts))]


def echo_stems(prompts: Path | None = None) -> tuple[str, ...]:
    """The words of a frame that read badly twice in one message ('helpful to learn... appreciated learning')."""
    return tuple(frame_sets(prompts).get("echo", {}).get("stems", []))


def echoes(sentence: str, earlier: list[str], stems: tuple[str, ...]) -> int:
    """How many frame words (by stem) ``sentence`` repeats that an earlier sentence of the message already says."""
    said = {stem for stem in stems for text in earlier if re.search(rf"(?i)\b{stem}", text)}
    return sum(1 for stem in said if re.search(rf"(?i)\b{stem}", sentence))


def unechoed_first(candidates: list[str], earlier: list[str], stems: tuple[str, ...]) -> list[str]:
    """The candidates in the same order, those that repeat fewer frame words of ``earlier`` first."""
    return sorted(candidates, key=lambda candidate: echoes(candidate, earlier, stems))


def vary_frames(slots: list[Slot], skeleton: str, stems: tuple[str, ...]) -> list[Slot]:
    """Each slot's template sentence chosen so that it repeats no frame word of the frame (``skeleton``) or of the
    slots before it: 'I was glad to tell you...' beside '...would be glad to contribute' becomes 'I enjoyed the chance...'."""
    earlier = [skeleton]
    varied = []
    alone = sum(slot.group == "topics" for slot in slots) == 1
    for slot in slots:
        candidates = unechoed_first(slot.candidates, earlier, stems)
        if alone and slot.group == "topics":  # 'especially' compares: with one topic there is nothing to compare it with
            candidates = [re.sub(r"\b(?:especially|particularly) ", "", c) for c in candidates]
        varied.append(slot.model_copy(update={"candidates": candidates}))
        earlier.append(candidates[0])
    return varied


def in_full_slots(slots: list[Slot]) -> list[Slot]:
    """A formal message's slots with their contractions said in full ('I'm halfway through my CMA' -> 'I am ...')."""
    return [slot.model_copy(update={"item": in_full(slot.item), "candidates": [in_full(c) for c in slot.candidates]}) for slot in slots]


def greeting_names(notes: Notes, familiar: bool = False, tone: str = "neutral", of_panel: bool = False) -> str:
    """The names a greeting says. Each interviewer by title and family name when the notes give the title or speak of
    them only as 'she' or only as 'he' (on a panel: in the lines that are theirs) -> 'Dear Ms. Moretti', 'Dear Dr.
    Al-Amin, Ms. Ruiz-Tagle and Mr. Hargreaves'. Failing that for anyone: one interviewer the notes call by one of their
    names is greeted by it unless the tone is formal ('Sam was super relaxed' -> 'Dear Sam'); otherwise everyone by
    full name as written, so no one gets a bare name beside titles. ``familiar`` (calls, LinkedIn): first names.
    ``of_panel``: the notes are a panel's and this message goes to one of them (``draft --each``): as on a panel, only
    the lines that are theirs say how they are addressed."""
    if familiar:
        names = [_familiar_form(notes, name, of_panel) for name in notes.interviewers]
    else:
        forms = [_formal_form(notes, name, of_panel) for name in notes.interviewers]
        single = notes.interviewers[0] if len(notes.interviewers) == 1 else None
        called = called_by_name(single, notes.source_text, (notes.company, notes.role)) if single and tone != "formal" else None
        if all(forms):
            names = forms  # type: ignore[assignment]
        elif called:
            names = [called]
        elif tone != "formal" and not any(forms):
            names = [_familiar_form(notes, name, of_panel) for name in notes.interviewers]  # 'Dear Ingrid', not the mail merge's 'Dear Ingrid Halvorsen'
        else:
            names = [written_in_full(name) for name in notes.interviewers]  # formal, or a title beside no title: everyone in full
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _familiar_form(notes: Notes, name: str, of_panel: bool = False) -> str:
    """A call's or a LinkedIn message's name: the first name; of three names or more (which may hold two given names,
    'Fatima Zahra Benali'), the one the notes call them by, else the title and family name, else the full name."""
    plain = without_postnominals(name)
    if len(plain.split()) < 3 or HumanName(plain).title:
        return salutation_name(name, notes.source_text, familiar=True)
    return called_by_name(name, notes.source_text, (notes.company, notes.role)) or _formal_form(notes, name, of_panel) or plain


def _formal_form(notes: Notes, name: str, of_panel: bool = False) -> str | None:
    """'Dr. Al-Amin' (a title written), 'Ms. Chen' (the notes' title), 'Ms. Ruiz-Tagle' (the notes' pronoun), or None."""
    form = salutation_name(name, notes.source_text)
    if form != without_postnominals(name):
        return form
    panel = of_panel or len(notes.interviewers) > 1
    said = " ".join(item.source for item in notes.items if item.speaker == name) if panel else notes.source_text
    return addressed_as_the_notes_say(name, said)


def frame_context(notes: Notes, kind: str, tone: str, of_panel: bool = False) -> dict:
    return {
        "notes": notes, "kind": kind, "tone": tone, "panel": len(notes.interviewers) > 1, "the_company": shapes().with_article(company_in_prose(notes.company)), "the_role": role_in_prose(notes.role),
        "everyone": "both" if len(notes.interviewers) == 2 else "all",
        "salutation": SALUTATION, "greeting_names": greeting_names(notes, tone=tone, of_panel=of_panel),
        "first_names": greeting_names(notes, familiar=True, of_panel=of_panel), "sign_off": SIGN_OFF[tone],
    }


def render_message(
    notes: Notes, kind: str, tone: str, slots: list[Slot], chosen: dict[str, str] | None = None,
    prompts: Path | None = None, body: str | None = None, of_panel: bool = False,
) -> str:
    """The whole message: each slot says its chosen sentence, else its template sentence.

    ``body`` (free writing by a capable model) replaces the slots' paragraphs; ``of_panel``: to one of a panel
    (``draft --each``), see :func:`greeting_names`.
    """
    chosen = chosen or {}
    groups: dict[str, list[str]] = {"topics": [], "extra": []}
    for slot in slots:
        groups.setdefault(slot.group, []).append(chosen.get(slot.name) or slot.fallback)
    first = "topics" if groups["topics"] else "extra"  # the first sentence the notes give adds to nothing before it: no 'also'
    if groups.get(first):  # (with no topic, that is a point to add: dev readers marked "'also' with nothing before it")
        groups[first][0] = re.sub(r"^(I|We)(?: was| were)? also\b", lambda m: m.group(0).replace(" also", ""), groups[first][0])
    context = frame_context(notes, kind, tone, of_panel) | {"slots": groups, "body": body}
    return without_doubled_stops(render(f"{kind}/email.j2", prompts, **context)) + "\n"


def without_doubled_stops(text: str) -> str:
    """A sentence that ends on an abbreviation ends on its stop: 'at Brightwater Co.' then '.' is 'Co.', not 'Co..'
    (an ellipsis stays)."""
    return re.sub(r"(?<=[^\W\d_]\.)\.(?!\.)", "", text)
