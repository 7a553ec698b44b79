"""The drafting loop: generate, repair, check, regenerate with feedback, fall back to the template.

Two strategies, chosen by model size (``--strategy`` overrides):

* ``scaffold`` (models under 1B parameters): the frame writes everything a rule demands;
  the model completes one sentence per notes item, each checked in context and kept only
  if the whole draft still passes. A slot that never gets a passing sentence keeps its
  template sentence.
* ``free`` (capable 1-4B models): the model writes the body; the frame adds subject,
  greeting and sign-off; failures are fed back into the next attempt.

Whatever happens, the printed draft passes every hard rule: if nothing else does,
the fallback template (the frame with its own sentences) is used.
"""

from __future__ import annotations

import os
import re
import time
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from draft.compose import Slot, choose_tone, plan_slots, render_message
from draft.errors import DraftError
from draft.guardrails import CheckReport, Rule, check_draft, load_rules
from draft.kinds import kind_spec
from draft.model import Completion, Generator
from draft.notes import Notes, name_parts, topic_specificity
from draft.prompting import prompt_file, render
from draft.repair import repair
from draft.text import contains_phrase, first_sentence_end, fold, keywords, stem, words

Strategy = Literal["auto", "scaffold", "free", "template"]
SCAFFOLD_BELOW_PARAMS = 1_000_000_000
SENTENCE_MAX_TOKENS = 48  # a body's budget is per kind, in prompts/kinds.toml


class Settings(BaseModel):
    kind: str = "thank-you"
    attempts: int = Field(default=3, ge=1, le=10)
    seed: int = 0
    strategy: Strategy = "auto"
    tone: str | None = None
    temperature: float = 0.7
    prompts: Path | None = None
    disabled: frozenset[str] = frozenset()
    cache_dir: Path | None = None  # where prompt-prefix KV states persist between runs (None: memory only)


class AttemptRecord(BaseModel):
    """One model draft: what it cost and which rules it failed."""

    number: int
    strategy: str
    failed_rules: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    first_token_seconds: float | None = None
    decode_seconds: float = 0.0
    generations: int = 0
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


class DraftResult(BaseModel):
    text: str
    kind: str
    tone: str
    strategy: str
    source: Literal["model", "template"]
    model: str | None = None
    model_sentences: int = 0
    template_sentences: int = 0
    attempts: list[AttemptRecord] = Field(default_factory=list)
    report: CheckReport
    left_out: list[str] = Field(default_factory=list)
    ignored_lines: list[str] = Field(default_factory=list)
    seconds: float = 0.0


def choose_strategy(requested: Strategy, generator: Generator | None) -> str:
    if generator is None or requested == "template":
        return "template"
    if requested != "auto":
        return requested
    return "scaffold" if 0 < generator.n_params < SCAFFOLD_BELOW_PARAMS else "free"


def describe(report: CheckReport) -> list[str]:
    """Failures as feedback lines for the next prompt."""
    return [f"{v.rule}: {v.message}" + (f" - '{v.span[:60]}'" if v.span and len(v.span) < 80 else "") for v in report.hard][:5]


def slot_feedback(report: CheckReport) -> list[str]:
    """Short feedback for a one-sentence regeneration: the offending words and the rule (fewer tokens to evaluate)."""
    lines = []
    for v in report.hard[:3]:
        what = f"'{v.span[:40]}'" if v.span and len(v.span) <= 40 else v.name.replace("-", " ")
        lines.append(f"{v.rule}: not {what}" if v.rule == "C9" else f"{v.rule}: avoid {what}")
    return list(dict.fromkeys(lines))


def fit_items(notes: Notes, generator: Generator, settings: Settings, reserve: int) -> tuple[dict[str, list[str]], list[str]]:
    """The notes items that fit the model's context, most specific first; the rest are left out."""
    sections = {"discussed": notes.discussed, "forgot": notes.forgot, "concerns": notes.concerns, "profile": notes.profile}
    empty = {name: [] for name in sections}
    base = generator.count_tokens(render("body.j2", settings.prompts, notes=notes, items=empty, failures=[], spec=kind_spec(settings.kind)))
    budget = generator.n_ctx - reserve - base - 100  # 100: headings and feedback lines
    if budget <= 0:
        raise DraftError(f"the model's context of {generator.n_ctx} tokens is too small for the prompt")
    ranked = sorted(
        ((topic_specificity(item), name, index, item) for name, values in sections.items() for index, item in enumerate(values)),
        key=lambda c: -c[0],
    )
    kept: set[tuple[str, int]] = set()
    left_out: list[str] = []
    for _, name, index, item in ranked:
        cost = generator.count_tokens(f"- {item}\n")
        if cost <= budget:
            kept.add((name, index))
            budget -= cost
        else:
            left_out.append(item)
    items = {name: [i for k, i in enumerate(values) if (name, k) in kept] for name, values in sections.items()}
    return items, left_out


def finish_sentence(lead: str, continuation: str) -> tuple[str | None, str | None]:
    """Lead + the model's continuation, cut at the first sentence end; or a problem."""
    text = continuation.strip().strip('"')
    end = first_sentence_end(text)
    if end is None:
        return None, "the sentence was not finished"
    text = text[:end].strip()
    count = len(text.split())
    if count < 3 or count > 35:
        return None, f"the sentence should have 3 to 35 words, not {count}"
    if "?" in text or '"' in text:
        return None, "no questions or quotations in this sentence"
    return f"{lead} {text}", None


@lru_cache(maxsize=4)
def _meta_words(prompts: Path | None) -> tuple[str, ...]:
    with prompt_file("slot_filters.toml", prompts).open("rb") as handle:
        return tuple(tomllib.load(handle).get("meta_words", []))


def sentence_problem(continuation: str, slot: Slot, notes: Notes, prompts: Path | None = None) -> str | None:
    """Quality filters for a model's continuation that the rules do not cover."""
    folded = fold(continuation)
    if any(contains_phrase(folded, part) for name in notes.interviewers for part in name_parts(name)):
        return "do not name the reader; write to them as 'you'"
    if any(contains_phrase(folded, word) for word in _meta_words(prompts)):
        return "talk about the topic, not about the message or the hiring process"
    echoed = {stem(k) for k in keywords(slot.item)} & {stem(w) for w in words(continuation)}
    if len(echoed) >= 2:
        return "do not repeat the topic; say what it meant to you"
    return None


def _sentence_done(text: str) -> bool:
    """Stream guard: stop once the first sentence ends or a placeholder bracket appears."""
    return first_sentence_end(text.strip()) is not None or bool(re.search(r"[\[\]{}<>]", text))


def run_scaffold(notes: Notes, generator: Generator, settings: Settings, tone: str, slots: list[Slot], items: dict, rules: list[Rule]) -> tuple[dict[str, str], list[AttemptRecord]]:
    system = render("system.j2", settings.prompts, tone=tone)
    chosen: dict[str, str] = {}
    feedback: dict[str, list[str]] = {}
    records = []
    spec = kind_spec(settings.kind)
    for number in range(1, settings.attempts + 1):
        pending = [s for s in slots if s.model and s.name not in chosen]
        if not pending:
            break
        record = AttemptRecord(number=number, strategy="scaffold")
        prompts = [
            generator.chat_prompt(system, render("slot.j2", settings.prompts, notes=notes, items=items, lead=slot.lead, item=slot.item, failures=feedback.get(slot.name, []), spec=spec), assistant_prefix=slot.lead)
            for slot in pending
        ]
        if number == 1:  # the first attempt pays for the shared prefix; regenerations reuse it
            warm_started = time.perf_counter()
            warm_shared_prefix(generator, system, prompts, settings.cache_dir)
            record.seconds += time.perf_counter() - warm_started
        for index, (slot, prompt) in enumerate(zip(pending, prompts)):
            completion = generator.complete(
                prompt, max_tokens=SENTENCE_MAX_TOKENS,
                stop=["\n"], temperature=settings.temperature, seed=settings.seed + 1000 * number + index, guard=_sentence_done,
            )
            record.add(completion)
            sentence, problem = finish_sentence(slot.lead, completion.text)
            problem = problem or sentence_problem(sentence[len(slot.lead):], slot, notes, settings.prompts)
            if problem:
                record.problems.append(f"{slot.name}: {problem}")
                feedback[slot.name] = [problem]
                continue
            sentence, _ = repair(sentence)
            report = check_draft(render_message(notes, settings.kind, tone, slots, chosen | {slot.name: sentence}, settings.prompts), notes, settings.kind, rules)
            if report.passed:
                chosen[slot.name] = sentence
            else:
                record.failed_rules = sorted(set(record.failed_rules) | set(report.failed_rules))
                record.problems += [f"{slot.name}: {line}" for line in describe(report)]
                feedback[slot.name] = slot_feedback(report)
        record.passed = all(s.name in chosen for s in slots if s.model)
        records.append(record)
    return chosen, records


def warm_shared_prefix(generator: Generator, system: str, prompts: list[str], cache_dir: Path | None) -> None:
    """Evaluate what every prompt of this draft shares once: first the static system part
    (the same for every notes file), then system + notes; both persist in ``cache_dir``."""
    warm = getattr(generator, "warm", None)
    if warm is None or not prompts:
        return
    static = os.path.commonprefix([generator.chat_prompt(system, "\u0001"), generator.chat_prompt(system, "\u0002")])
    shared = os.path.commonprefix(prompts) if len(prompts) > 1 else prompts[0]
    shared = shared[: shared.rfind("\n") + 1] or shared
    for prefix in (static, shared):
        if prefix:
            warm(prefix, cache_dir)


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


def run_free(notes: Notes, generator: Generator, settings: Settings, tone: str, slots: list[Slot], items: dict, rules: list[Rule]) -> tuple[str | None, list[AttemptRecord]]:
    system = render("system.j2", settings.prompts, tone=tone)
    feedback: list[str] = []
    records = []
    for number in range(1, settings.attempts + 1):
        record = AttemptRecord(number=number, strategy="free")
        user = render("body.j2", settings.prompts, notes=notes, items=items, failures=feedback, spec=kind_spec(settings.kind))
        completion = generator.complete(
            generator.chat_prompt(system, user), max_tokens=kind_spec(settings.kind).body_tokens, stop=[],
            temperature=settings.temperature, seed=settings.seed + 1000 * number,
            guard=lambda t: bool(re.search(r"[\[{]", t)),
        )
        record.add(completion)
        body = clean_body(completion.text)
        text, _ = repair(render_message(notes, settings.kind, tone, slots, prompts=settings.prompts, body=body or "-"))
        report = check_draft(text, notes, settings.kind, rules)
        record.failed_rules, record.passed = report.failed_rules, report.passed
        record.problems = describe(report)
        records.append(record)
        if report.passed:
            return text, records
        feedback = describe(report)
    return None, records


def write_draft(notes: Notes, generator: Generator | None, settings: Settings) -> DraftResult:
    """Draft a message for ``notes``; the result always passes every hard rule."""
    started = time.perf_counter()
    rules = load_rules(disabled=settings.disabled)
    tone = choose_tone(notes, settings.tone)
    slots = plan_slots(notes, settings.kind, settings.prompts)
    if not any(slot.group == "topics" for slot in slots) and any(r.id == "C3" and r.applies_to(settings.kind) for r in rules):
        raise DraftError("the notes list no specific topic: add bullets under '## What we discussed' (C3 asks the message to recall one)")
    strategy = choose_strategy(settings.strategy, generator)
    records: list[AttemptRecord] = []
    chosen: dict[str, str] = {}
    left_out: list[str] = []
    model_text: str | None = None
    if generator is not None and strategy != "template":
        items, left_out = fit_items(notes, generator, settings, reserve=kind_spec(settings.kind).body_tokens + 64)
        if strategy == "scaffold":
            chosen, records = run_scaffold(notes, generator, settings, tone, slots, items, rules)
            if chosen:
                model_text = render_message(notes, settings.kind, tone, slots, chosen, settings.prompts)
        else:
            model_text, records = run_free(notes, generator, settings, tone, slots, items, rules)
    text, source = model_text, "model"
    report = check_draft(text, notes, settings.kind, rules) if text else None
    if report is None or not report.passed:
        text, source, chosen = render_message(notes, settings.kind, tone, slots, prompts=settings.prompts), "template", {}
        report = check_draft(text, notes, settings.kind, rules)
    if not report.passed:
        raise DraftError("no draft passes the rules for these notes: " + "; ".join(describe(report)))
    model_sentences = len(chosen) if strategy == "scaffold" else int(source == "model")
    return DraftResult(
        text=text, kind=settings.kind, tone=tone, strategy=strategy, source=source,
        model=getattr(generator, "name", None), model_sentences=model_sentences,
        template_sentences=(len(slots) - len(chosen)) if strategy != "free" or source == "template" else 0,
        attempts=records, report=report, left_out=left_out, ignored_lines=notes.ignored,
        seconds=time.perf_counter() - started,
    )


__all__ = ["DraftResult", "Settings", "write_draft"]
