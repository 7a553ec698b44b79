"""The drafting loop: one guarded loop for every strategy.

    propose -> fix (each rule may offer a safe fix) -> check -> feedback -> next proposal,
    or give up to the template.

The strategies supply only how they propose a message:

* ``scaffold`` (models under 1B parameters): the frame writes everything a rule demands;
  each notes item has a few candidate sentences (``prompts/frames.toml``), and the model's
  score (mean log-probability per token) chooses among them; a sentence that makes the
  message fail is set aside and the next one tried.
* ``body`` (a model with a shipped body adapter, ``training/train_body.py``): the model reads the notes lines it
  may see and writes the whole body as the corpus's capable writers did; every sentence passes the per-line
  gates or is left out (draft.understanding.body_reading); when no attempt passes, the scaffold follows.
* ``free`` (capable 1-4B models): the model writes the body from the understood notes
  items (never the private ones); the frame adds subject, greeting and sign-off;
  failures are fed back into the next attempt.

Whatever happens, the printed draft passes every hard rule: if nothing else does, the
fallback template (the frame with the template's sentences) is used.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from draft.compose import Slot, choose_tone, echo_stems, in_full_slots, plan_slots, render_message, topic_alternatives, unechoed_first, vary_frames
from draft.errors import DraftError, NotesError
from draft.guardrails import CheckReport, Rule, apply_fixes, check_draft, load_rules
from draft.guardrails.models import Violation
from draft.kinds import kind_spec, kinds
from draft.model import Completion, Generator, Scores
from draft.notes import Notes, SentMessage, topic_specificity
from draft.prompting import render
from draft.said import Said, repeats, said_in, without_said
from draft.text import line_col
from draft.text import sentences
from draft.understanding.body_reading import BODY_SYSTEM, BODY_TOKENS, body_user_text, gated_body, shown_units
from draft.understanding.reading import UnitContext
from draft.understood import Recall, with_learned_items

StrategyName = Literal["auto", "scaffold", "free", "body", "template"]
SCAFFOLD_BELOW_PARAMS = 1_000_000_000
SENTENCE_TOKENS = 64  # room for one scored sentence
SCORED_CANDIDATES = 2  # per slot: the template's sentence and one alternative (each costs a batch decode)


class Settings(BaseModel):
    kind: str = "thank-you"
    attempts: int = Field(default=3, ge=1, le=10)
    seed: int = 0
    strategy: StrategyName = "auto"
    tone: str | None = None
    temperature: float = 0.7
    prompts: Path | None = None
    disabled: frozenset[str] = frozenset()
    rules_dirs: tuple[Path, ...] = ()
    cache_dir: Path | None = None  # where the notes-independent prompt prefix persists between runs (None: memory only)
    earlier: list[SentMessage] = Field(default_factory=list, description="the messages recorded for this round, oldest first: what they said is not said again")
    said: Said = Field(default_factory=Said, description="what other messages said (the panel's other messages with --each): not said again")
    of_panel: bool = Field(False, description="the notes are a panel's and this message goes to one of them (draft --each)")
    recall: Literal["auto", "draft", "own", "suggest"] = Field("auto", description="where the learned reader's sentences go: into the draft, "
                                                               "only the job seeker's own points to add into it (the rest offered beside it), "
                                                               "or all offered beside it; auto: offered for a small model (is_small)")


class AttemptRecord(BaseModel):
    """One proposal: what it cost and which rules it failed."""

    number: int
    strategy: str
    failed_rules: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    fixed_by: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_seconds: float | None = None
    decode_seconds: float = 0.0
    generations: int = 0
    scored: int = Field(0, description="candidate sentences the model's score ranked")
    scored_tokens: int = Field(0, description="tokens of those candidates the model evaluated")
    stopped_early: int = 0
    passed: bool = False

    def add(self, completion: Completion) -> None:
        self.generations += 1
        self.seconds += completion.seconds
        self.prompt_tokens += completion.prompt_tokens
        self.completion_tokens += completion.completion_tokens
        self.stopped_early += int(completion.stopped_by_guard)
        self.decode_seconds += completion.seconds - (completion.first_token_seconds or 0.0)
        if self.first_token_seconds is None:
            self.first_token_seconds = completion.first_token_seconds

    def add_scores(self, scores: Scores) -> None:
        self.scored += len(scores.values)
        self.seconds += scores.seconds
        self.prompt_tokens += scores.prompt_tokens
        self.scored_tokens += scores.scored_tokens


class ReadingReport(BaseModel):
    """What the learned reader did with the notes (draft.understood): for the report and --json."""

    units: int = 0
    said: int = 0
    held_back: int = 0
    dropped: int = Field(0, description="sentences the model proposed that a gate rejected")
    asked: int = Field(0, description="sentences asked of the model")
    adapter: str | None = None
    seconds: float = 0.0
    offered: list[str] = Field(default_factory=list, description="sentences offered beside the draft, not written into it (--recall)")
    offered_lines: list[str] = Field(default_factory=list, description="the notes lines those sentences come from")


class DraftResult(BaseModel):
    text: str
    kind: str
    tone: str
    strategy: str
    source: Literal["model", "template"]
    model: str | None = None
    model_sentences: int = Field(0, description="sentences the model wrote itself (free strategy: the body counts as one)")
    model_choices: int = Field(0, description="sentences the model's score chose over the template's first choice")
    attempts: list[AttemptRecord] = Field(default_factory=list)
    report: CheckReport
    left_out: list[str] = Field(default_factory=list)
    ignored_lines: list[str] = Field(default_factory=list)
    private_lines: list[str] = Field(default_factory=list)
    notes: Notes | None = Field(None, exclude=True, description="the notes as drafted from (the learned reader's items): what a later check of the text must use")
    reading: ReadingReport | None = Field(None, description="the learned reader's work; None on the rules-only path (--strategy template)")
    recalled: int = Field(0, description="sentences that recall something specific of the notes (0: the message thanks them for the conversation about the role)")
    said_before: list[str] = Field(default_factory=list, description="notes lines left out because an earlier message said them")
    said_before_by: str | None = Field(None, description="which earlier messages ('the thank-you email sent on 2026-11-20')")
    said: Said = Field(default_factory=Said, exclude=True, description="what this message says of the notes: what a later one must not say again")
    seconds: float = 0.0


class Strategy(Protocol):
    """How a strategy proposes a whole message for attempt ``number`` given the last attempt's feedback."""

    name: str

    def propose(self, number: int, feedback: list[str], record: AttemptRecord) -> str | None: ...


class Draft(BaseModel):
    """What the loop and the strategies share about one message being drafted."""

    model_config = {"arbitrary_types_allowed": True}
    notes: Notes
    settings: Settings
    tone: str
    slots: list[Slot]
    rules: list[Rule]
    said: Said = Field(default_factory=Said, description="what earlier messages said: a sentence that says it again fails")
    frame: str = Field("", description="the skeleton, whose fixed sentences every message of the kind shares")

    def message(self, chosen: dict[str, str] | None = None, body: str | None = None) -> str:
        return render_message(self.notes, self.settings.kind, self.tone, self.slots, chosen, self.settings.prompts, body, self.settings.of_panel)

    def skeleton(self) -> str:
        """The frame alone: the message without the sentences that say notes items."""
        return render_message(self.notes, self.settings.kind, self.tone, [], prompts=self.settings.prompts, of_panel=self.settings.of_panel)

    def check(self, text: str) -> CheckReport:
        report = check_draft(text, self.notes, self.settings.kind, self.rules)
        if self.said:
            report.rules_checked.append(SAID_BEFORE)
            for phrase in repeats(text, self.said, self.frame):
                report.violations.append(said_before_violation(text, phrase, self.said))
        return report


SAID_BEFORE = "said-before"
"""Not a rule file's: the loop's own check that a message does not say again what an earlier one said (draft.said)."""


def said_before_violation(text: str, phrase: str, said: Said) -> Violation:
    start = max(0, text.lower().find(phrase.lower()[:20]))
    line, column = line_col(text, start)
    return Violation(rule=SAID_BEFORE, name="not what an earlier message said", severity="hard",
                     message=f"says again what {said.who()} said; recall something else, or nothing specific",
                     line=line, column=column, start=start, end=start, span=phrase[:80])


def choose_strategy(requested: StrategyName, generator: Generator | None) -> str:
    if generator is None or requested == "template":
        return "template"
    if requested != "auto":
        return requested
    return "scaffold" if is_small(generator) else "free"


def is_small(generator: Generator | None) -> bool:
    """A model under ``SCAFFOLD_BELOW_PARAMS`` parameters; one whose size is not known (0, as a server may report) is
    taken as large."""
    return 0 < (getattr(generator, "n_params", 0) or 0) < SCAFFOLD_BELOW_PARAMS


def describe(report: CheckReport) -> list[str]:
    """Failures as feedback lines for the next prompt."""
    return [f"{v.rule}: {v.message}" + (f" - '{v.span[:60]}'" if v.span and len(v.span) < 80 else "") for v in report.hard][:5]


def guarded_loop(strategy: Strategy, draft: Draft) -> tuple[str | None, list[AttemptRecord]]:
    """Propose, fix, check, feed back; the first passing message, or None when every attempt failed."""
    feedback: list[str] = []
    records: list[AttemptRecord] = []
    for number in range(1, draft.settings.attempts + 1):
        record = AttemptRecord(number=number, strategy=strategy.name)
        started = time.perf_counter()
        text = strategy.propose(number, feedback, record)
        records.append(record)
        if text is None:
            break
        text, record.fixed_by = apply_fixes(text, draft.notes, draft.settings.kind, draft.rules)
        report = draft.check(text)
        record.failed_rules, record.passed = report.failed_rules, report.passed
        record.problems += describe(report)
        record.seconds = max(record.seconds, time.perf_counter() - started)
        if report.passed:
            return text, records
        feedback = describe(report)
    return None, records


def model_items(draft: Draft, generator: Generator | None = None, reserve: int = 0) -> tuple[dict[str, list[str]], list[str]]:
    """What a prompt may say of the notes: the rewritten, sayable items only (never private lines or
    concerns as written); with a generator, only the most specific that fit its context (and what was left out)."""
    items = _sayable_items(draft)
    if generator is None:
        return items, []
    spec = kind_spec(draft.settings.kind)
    empty = {name: [] for name in items}
    base = generator.count_tokens(render("body.j2", draft.settings.prompts, notes=draft.notes, items=empty, failures=[], spec=spec))
    budget = generator.n_ctx - reserve - base - 100  # 100: headings and feedback lines
    if budget <= 0:
        raise DraftError(f"the model's context of {generator.n_ctx} tokens is too small for the prompt")
    ranked = sorted(((topic_specificity(text), name, index, text) for name, texts in items.items() for index, text in enumerate(texts)), key=lambda c: -c[0])
    kept: set[tuple[str, int]] = set()
    left_out: list[str] = []
    for _, name, index, text in ranked:
        cost = generator.count_tokens(f"- {text}\n")
        if cost <= budget:
            kept.add((name, index))
            budget -= cost
        else:
            left_out.append(text)
    return {name: [t for k, t in enumerate(texts) if (name, k) in kept] for name, texts in items.items()}, left_out


def _sayable_items(draft: Draft) -> dict[str, list[str]]:
    items: dict[str, list[str]] = {"discussed": [], "forgot": [], "concerns": [], "profile": []}
    for item in draft.notes.items:
        if not item.sayable:
            continue
        if item.kind in ("topic", "question", "fit"):
            items["discussed"].append(item.phrase.text)  # type: ignore[union-attr]
        elif item.kind == "forgot":
            items["forgot"].append(item.phrase.text)  # type: ignore[union-attr]
        elif item.kind == "concern" and item.answer is not None:
            items["concerns"].append(item.answer.text)
        elif item.kind == "profile":
            items["profile"].append(item.phrase.text)  # type: ignore[union-attr]
    return items


class ChooseSentences:
    """Scaffold: the model's score orders each slot's candidate sentences; the best that keeps the message passing wins."""

    name = "scaffold"

    def __init__(self, draft: Draft, generator: Generator):
        self.draft, self.generator = draft, generator
        self.order: dict[str, list[str]] = {}
        self.set_aside: set[str] = set()
        self.chosen: dict[str, str] = {}
        self.left_out: list[str] = []

    def _rank(self, record: AttemptRecord) -> None:
        settings = self.draft.settings
        system = render("system.j2", settings.prompts, tone=self.draft.tone)
        items, self.left_out = model_items(self.draft, self.generator, reserve=SENTENCE_TOKENS * SCORED_CANDIDATES)
        user = render("choose.j2", settings.prompts, notes=self.draft.notes, items=items, spec=kind_spec(settings.kind))
        prompt = self.generator.chat_prompt(system, user)  # one prompt for every slot: evaluated once
        for slot in self.draft.slots:
            if not slot.model or len(slot.candidates) < 2:
                self.order[slot.name] = list(slot.candidates)
                continue
            candidates = slot.candidates[:SCORED_CANDIDATES]
            scores = self.generator.score(prompt, candidates)
            if scores is None:
                self.order[slot.name] = list(slot.candidates)
                continue
            record.add_scores(scores)
            ranked = sorted(zip(scores.values, range(len(candidates))), key=lambda pair: (-pair[0], pair[1]))
            self.order[slot.name] = [candidates[index] for _, index in ranked] + slot.candidates[SCORED_CANDIDATES:]

    def propose(self, number: int, feedback: list[str], record: AttemptRecord) -> str | None:
        if number == 1:
            self._rank(record)
            if not record.scored:  # the template's sentences, said as the template's
                choice = any(slot.model and len(slot.candidates) > 1 for slot in self.draft.slots)
                record.problems.append("the model could not score the sentences" if choice else "no sentence for the model to choose: each slot offers one")
                return None
        elif not feedback:
            return None
        chosen: dict[str, str] = {}
        stems, skeleton = echo_stems(self.draft.settings.prompts), self.draft.skeleton()
        for slot in self.draft.slots:
            said = [skeleton, *chosen.values()]
            for candidate in unechoed_first(self.order.get(slot.name, slot.candidates), said, stems):
                if candidate in self.set_aside:
                    continue
                trial = self.draft.message(chosen | {slot.name: candidate})
                if self.draft.check(trial).passed:
                    chosen[slot.name] = candidate
                    break
                self.set_aside.add(candidate)
                record.problems.append(f"{slot.name}: set aside a sentence that fails the rules")
        self.chosen = chosen
        return self.draft.message(chosen)

    def choices(self) -> int:
        return sum(1 for slot in self.draft.slots if self.chosen.get(slot.name, slot.fallback) != slot.fallback)


_BODY_NOISE = re.compile(r"^\s*(subject(\s+line)?\s*:|dear\b|hi\b|hello\b|body\s*:|email\s*:)", re.IGNORECASE)
_SIGN_OFF_START = re.compile(r"^\s*(best|kind|warm|sincerely|regards|thank you again,?\s*$|thanks,?\s*$|yours|respectfully|cheers)\b[^.]{0,20}$", re.IGNORECASE)


def clean_body(text: str) -> str:
    """Keep the paragraphs of a model-written body; drop any subject, greeting or sign-off it added."""
    lines = []
    for line in text.strip().splitlines():
        if _SIGN_OFF_START.match(line):
            break
        if not _BODY_NOISE.match(line):
            lines.append(line.rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class WriteBody:
    """Free: a capable model writes the body from the understood items; failures come back as feedback."""

    name = "free"

    def __init__(self, draft: Draft, generator: Generator):
        self.draft, self.generator = draft, generator
        self.items, self.left_out = model_items(draft, generator, reserve=kind_spec(draft.settings.kind).body_tokens + 64)

    def propose(self, number: int, feedback: list[str], record: AttemptRecord) -> str | None:
        settings = self.draft.settings
        spec = kind_spec(settings.kind)
        system = render("system.j2", settings.prompts, tone=self.draft.tone)
        user = render("body.j2", settings.prompts, notes=self.draft.notes, items=self.items, failures=feedback, spec=spec)
        completion = self.generator.complete(
            self.generator.chat_prompt(system, user), max_tokens=spec.body_tokens, stop=[],
            temperature=settings.temperature, seed=settings.seed + 1000 * number, guard=lambda t: bool(re.search(r"[\[{]", t)),
        )
        record.add(completion)
        return self.draft.message(body=clean_body(completion.text) or "-")


FRAME_RULES = frozenset({"C2", "C4", "C5"})
"""What the frame's opening and close always say (thanks near the start, interest, the role and the company)."""


class WriteLearnedBody:
    """Body: the body adapter reads the lines it may see and writes the body; the gates keep the sentences they pass."""

    name = "body"

    def __init__(self, draft: Draft, writer: Generator):
        self.draft, self.writer = draft, writer
        notes = draft.notes
        self.context = UnitContext(kind=draft.settings.kind, interviewers=notes.interviewers, company=notes.company, role=notes.role)
        self.units = shown_units(draft.settings.kind, notes.units, set(notes.ignored))

    def propose(self, number: int, feedback: list[str], record: AttemptRecord) -> str | None:
        if not self.units:
            record.problems.append("no notes line the body model may read")
            return None
        prompt = self.writer.chat_prompt(BODY_SYSTEM, body_user_text(self.context, self.units))
        if self.writer.count_tokens(prompt) + BODY_TOKENS > self.writer.n_ctx:
            record.problems.append("the notes are longer than the body model's context")
            return None
        completion = self.writer.complete(prompt, max_tokens=BODY_TOKENS, stop=[], temperature=0.0 if number == 1 else self.draft.settings.temperature,
                                          seed=self.draft.settings.seed + 1000 * number)
        record.add(completion)
        body, report = gated_body(clean_body(completion.text), self.units, self.context)
        record.problems += [f"left out a sentence ({sentence.reason})" for sentence in report if not sentence.kept]
        if not body:
            return None
        text = self.draft.message(body=body)
        failed = set(self.draft.check(apply_fixes(text, self.draft.notes, self.draft.settings.kind, self.draft.rules)[0]).failed_rules)
        if failed and failed <= FRAME_RULES and (framed := self.framed(body)):
            record.problems.append("the frame's opening and close around the model's middle (" + ", ".join(sorted(failed)) + ")")
            return framed
        return text

    def framed(self, body: str) -> str | None:
        """The frame's opening and close (which say what those rules demand) around the model's middle: its body
        without its first sentence (its own thanks) and, of two paragraphs or more, without its last (its own close)."""
        marker = "\u0000"
        before, _, after = self.draft.message(body=marker).partition(marker)
        skeleton = self.draft.skeleton()
        if not (skeleton.startswith(before) and skeleton.endswith(after)):
            return None
        frame = [p for p in skeleton[len(before): len(skeleton) - len(after)].split("\n\n") if p.strip()]
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        if len(frame) < 2 or not paragraphs:
            return None
        if len(paragraphs) >= 2:
            paragraphs = paragraphs[:-1]
        middle = [" ".join(sentence.text for sentence in sentences(paragraphs[0])[1:]), *paragraphs[1:]]
        middle = [p for p in middle if p.strip()]
        if not middle:
            return None
        return self.draft.message(body="\n\n".join([frame[0], *middle, *frame[1:]]))


def body_writer(generator: Generator) -> Generator | None:
    """The model with its body adapter (None: no body adapter for this model file, or a server)."""
    for_task = getattr(generator, "for_task", None)
    return for_task("body") if for_task else None


def template_message(draft: Draft) -> str:
    """The fallback template; a slot whose sentence would break a hard rule is left out (topics first, one kept at least)."""
    text, _ = apply_fixes(draft.message(), draft.notes, draft.settings.kind, draft.rules)
    if draft.check(text).passed:
        return text
    kept: list[Slot] = []
    for slot in sorted(draft.slots, key=lambda s: s.group != "topics"):
        trial = draft.model_copy(update={"slots": kept + [slot]})
        failed = set(trial.check(apply_fixes(trial.message(), draft.notes, draft.settings.kind, draft.rules)[0]).failed_rules)
        if failed <= {"C3"}:
            kept.append(slot)
    if not any(slot.group == "topics" for slot in kept):  # the chosen topics cannot be said: another topic may be
        for alternative in topic_alternatives(draft.notes, draft.settings.kind, draft.settings.prompts):
            trial = draft.model_copy(update={"slots": [alternative, *kept]})
            text = apply_fixes(trial.message(), draft.notes, draft.settings.kind, draft.rules)[0]
            if trial.check(text).passed:
                return text
    pruned = draft.model_copy(update={"slots": kept})
    return apply_fixes(pruned.message(), draft.notes, draft.settings.kind, draft.rules)[0]


def learns(generator: Generator | None, settings: Settings) -> bool:
    """Whether the learned reader reads the notes (a generator that reads lines, and not --strategy template)."""
    return generator is not None and settings.strategy != "template" and hasattr(generator, "read_line")


_SCOPES: dict[str, Recall] = {"draft": "all", "own": "own", "suggest": "none"}
"""What each ``--recall`` choice but auto writes into the draft."""


def recall_scope(generator: Generator | None, settings: Settings) -> Recall:
    """Which of the learned reader's sentences go into the draft (the rest are offered beside it). ``auto`` offers a
    small model's (``is_small``, the size that also chooses the scaffold): blind readers rated the default 135M model's
    drafts worse with its one recalled sentence than without it (``draft.understood.offered_instead``). It writes them
    all in when the model is asked to write the body (``--strategy free`` or ``body``) or is not small."""
    if settings.recall != "auto":
        return _SCOPES[settings.recall]
    return "all" if settings.strategy in ("free", "body") or not is_small(generator) else "none"


def read_notes(notes: Notes, generator: Generator | None, settings: Settings) -> tuple[Notes, ReadingReport | None]:
    """The notes as the message reads them: the learned reader's items (and its report), else the rules' reading."""
    if not learns(generator, settings):
        return notes, None
    read_started = time.perf_counter()
    read, understood = with_learned_items(notes, generator, settings.kind, recall=recall_scope(generator, settings))  # type: ignore[arg-type]
    adapter = getattr(generator, "adapter", None)
    reading = ReadingReport(
        units=len(understood), said=sum(1 for u in understood if u.verdict.say),
        held_back=sum(1 for u in understood if u.item.kind in ("private", "logistics", "self_instruction", "model_instruction", "next_step")
                      and not u.verdict.say and not u.offered),
        dropped=sum(1 for u in understood if u.reading and u.reading.say and not u.verdict.say and not u.offered),
        asked=sum(1 for u in understood if u.reading and u.reading.raw.startswith("class:") and "\nsay:" in u.reading.raw),
        adapter=adapter.name if adapter else None, seconds=round(time.perf_counter() - read_started, 3),
        offered=[u.offered for u in understood if u.offered], offered_lines=[u.unit.text for u in understood if u.offered])
    return read, reading


def said_earlier(notes: Notes, read: Notes, generator: Generator | None, settings: Settings) -> Said:
    """What the messages recorded for this round (``settings.earlier``, oldest first) said, rebuilt from the same notes:
    the record holds a message's kind and date, never its text. A message is taken to have said what ``draft`` writes
    for its kind by any reading (the rules', this run's, and the learned reader's for that kind), one message to the
    panel or one each; each after leaving out what the messages before it said. More is left out rather than less."""
    from draft.each import one_each

    said = Said()
    for message in settings.earlier:
        if message.kind not in kinds():
            continue
        by = f"the {kind_spec(message.kind).label} sent on {message.date.isoformat()}"
        readings = [notes] + ([read] if read is not notes else [])
        if learns(generator, settings):
            readings.append(with_learned_items(notes, generator, message.kind)[0])  # type: ignore[arg-type]
        this = Said()
        for reading in readings:
            for one in [reading] + (one_each(reading) if len(reading.interviewers) > 1 else []):
                this = this | said_in(plan_slots(without_said(one, said)[0], message.kind, settings.prompts), by)
        said = said | this
    return said


def write_draft(notes: Notes, generator: Generator | None, settings: Settings) -> DraftResult:
    """Draft a message for ``notes``; the result always passes every hard rule, and says nothing an earlier message
    (``settings.earlier``, ``settings.said``) said."""
    started = time.perf_counter()
    rules = load_rules(disabled=settings.disabled, extra=settings.rules_dirs)
    read, reading = read_notes(notes, generator, settings)
    said = settings.said | said_earlier(notes, read, generator, settings)
    return draft_message(read, generator, settings, rules, reading, said, started)


def write_each(notes: Notes, generator: Generator | None, settings: Settings, addressee: str | None = None) -> list[DraftResult]:
    """One message per interviewer (``draft --each``), in the notes' order: each greets only that person and says only
    what is theirs (draft.each), and none says what another, or an earlier recorded message, said. The notes are read
    once. Notes with one interviewer give one message, the same as :func:`write_draft`."""
    from draft.each import one_each

    started = time.perf_counter()
    rules = load_rules(disabled=settings.disabled, extra=settings.rules_dirs)
    read, reading = read_notes(notes, generator, settings)
    said = settings.said | said_earlier(notes, read, generator, settings)
    mine = settings.model_copy(update={"of_panel": len(read.interviewers) > 1})
    results = []
    for one in one_each(read, addressee):
        result = draft_message(one, generator, mine, rules, None if results else reading, said, started)  # read once: reported once
        said = said | result.said
        results.append(result)
        started = time.perf_counter()
    return results


def draft_message(notes: Notes, generator: Generator | None, settings: Settings, rules: list[Rule], reading: ReadingReport | None,
                  said: Said, started: float) -> DraftResult:
    """Draft one message from notes already read, leaving out what ``said`` holds; it always passes every hard rule."""
    notes, said_before = without_said(notes, said)
    draft = Draft(notes=notes, settings=settings, tone=choose_tone(notes, settings.tone), slots=plan_slots(notes, settings.kind, settings.prompts),
                  rules=rules, said=said)
    draft.frame = draft.skeleton()
    draft.slots = vary_frames(draft.slots, draft.frame, echo_stems(settings.prompts))
    if draft.tone == "formal":
        draft.slots = in_full_slots(draft.slots)
    if generator is not None and settings.cache_dir is not None and hasattr(generator, "keep_prefix_in"):
        generator.keep_prefix_in(settings.cache_dir)  # the static system prefix only: nothing of the notes (issue 9)
    name = choose_strategy(settings.strategy, generator)
    strategy: ChooseSentences | WriteBody | WriteLearnedBody | None = None
    records: list[AttemptRecord] = []
    text = None
    if generator is not None and name == "body":
        writer = body_writer(generator)
        if writer is not None and not settings.of_panel:
            text, records = guarded_loop(WriteLearnedBody(draft, writer), draft)
        name = "body" if text else "scaffold"
    if text is None and generator is not None and name == "scaffold":
        strategy = ChooseSentences(draft, generator)
    elif text is None and generator is not None and name == "free":
        strategy = WriteBody(draft, generator)
    if strategy:
        text, more = guarded_loop(strategy, draft)
        records += more
    source: Literal["model", "template"] = "model" if text else "template"
    if text is None:
        text = template_message(draft)
    report = draft.check(text)
    if not report.passed:
        raise NotesError("no draft passes the rules for these notes: " + "; ".join(describe(report)))
    by = f"the message to {notes.interviewers[0]}" if settings.of_panel else f"the {kind_spec(settings.kind).label}"
    return DraftResult(
        text=text, kind=settings.kind, tone=draft.tone, strategy=name, source=source,
        model=getattr(generator, "name", None),
        model_sentences=int(source == "model" and name in ("free", "body")),
        model_choices=strategy.choices() if isinstance(strategy, ChooseSentences) and source == "model" else 0,
        attempts=records, report=report, left_out=getattr(strategy, "left_out", []), ignored_lines=notes.ignored,
        private_lines=[line for line in notes.private if not reading or line not in reading.offered_lines],  # offered lines are reported as offered
        recalled=sum(1 for slot in draft.slots if slot.group in ("topics", "extra")), reading=reading, notes=notes,
        said_before=said_before, said_before_by=said.who() if said_before else None, said=said_in(draft.slots, by),
        seconds=time.perf_counter() - started,
    )


__all__ = ["DraftResult", "Settings", "guarded_loop", "write_draft", "write_each"]
