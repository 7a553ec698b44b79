"""Run corpus cases x prompt variants x models; record latency and quality per draft."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from benchmarks.measures import Expectations, Measures, measure
from benchmarks.yardstick import plain_decode
from draft.errors import DraftError, ModelError, RulesError
from draft.guardrails import check_draft
from draft.guardrails.checks import topic_is_referenced
from draft.loop import Settings, write_draft
from draft.model import LlamaGenerator, resolve_model_path
from draft.config import Config, Profile, personalize
from draft.kinds import is_email, kinds
from draft.notes import Notes, read_notes_file
from draft.prompting import render
from draft.text import stem, words

CORPUS = Path(__file__).parent / "corpus"
CORPORA = {"clean": CORPUS, "messy": Path(__file__).parent / "corpus-messy"}


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelled key of a cases.toml is an error, not ignored

    name: str
    path: Path
    kind: str
    corpus: str = "clean"
    expect: list[str] = Field(default_factory=list)
    must: list[str] = Field(default_factory=list)
    never: list[str] = Field(default_factory=list)
    profile: Profile = Field(default_factory=Profile, description="the user's settings file [profile] this case drafts with (a name to sign with when the notes give none)")

    def notes(self) -> Notes:
        """The case's notes as `draft` reads them for a user whose settings hold ``profile``."""
        return personalize(read_notes_file(self.path), Config(profile=self.profile), email=is_email(self.kind))

    def known_text(self) -> str:
        """What the case's draft may draw on: its notes, and the profile's name and phone (as header lines) for the measures."""
        text = self.path.read_text(encoding="utf-8")
        return text + (f"\nsender: {self.profile.name}\n" if self.profile.name else "") + (f"\nphone: {self.profile.phone}\n" if self.profile.phone else "")

    @property
    def expectations(self) -> Expectations:
        """The clean corpus's expected topics are its must-phrases; only the messy corpus lists never-phrases."""
        return Expectations(must=self.must or self.expect, never=self.never)


class DraftRecord(BaseModel):
    case: str
    kind: str
    model: str
    prompts: str
    repeat: int
    wall_seconds: float
    attempts: int
    first_attempt_passed: bool | None
    failed_rules: list[list[str]]
    attempt_seconds: list[float]
    attempt_generations: list[int]
    source: str
    final_passes: bool
    prompt_tokens: int
    completion_tokens: int
    scored_tokens: int = 0  # candidate sentences' tokens the model's score evaluated (scaffold)
    scored: int = 0  # candidate sentences scored
    first_token_seconds: float | None
    decode_seconds: float
    personalization: float | None
    check_ms: float
    model_sentences: int
    corpus: str = "clean"
    strategy: str = "auto"
    text: str = ""
    measures: Measures | None = None
    error: str | None = None


class ModelRun(BaseModel):
    model: str
    path: str
    n_params: int
    load_seconds: float
    ready_seconds: float | None = None
    plain_decode_tps: list[float] = Field(default_factory=list)
    plain_prompt_tps: list[float] = Field(default_factory=list)
    pipeline_decode_tps: list[float] = Field(default_factory=list)
    threads: int
    threads_sweep: dict[str, dict[str, float]] = Field(default_factory=dict)


def load_cases(names: list[str] | None = None, limit: int | None = None, kinds: list[str] | None = None, corpus: str = "clean") -> list[Case]:
    """The cases of one corpus ('clean', 'messy') or of 'all'."""
    cases = []
    for corpus_name, folder in CORPORA.items():
        if corpus not in (corpus_name, "all"):
            continue
        with open(folder / "cases.toml", "rb") as handle:
            table = tomllib.load(handle)
        cases += [Case(name=name, path=folder / f"{name}.md", corpus=corpus_name, **spec) for name, spec in table.items()]
    if names:
        cases = [c for c in cases if c.name in names]
    if kinds:
        cases = [c for c in cases if c.kind in kinds]
    return cases[:limit] if limit else cases


NOTES_CORPUS = "notes"  # the corpus name of a user's own notes files (--notes DIR)


def load_notes_cases(folder: Path, profile: Profile) -> list[Case]:
    """A user's own notes files (``DIR/*.md``) as cases: a thank-you each, signed with the settings' ``profile``,
    unless ``DIR/cases.toml`` says otherwise (the corpus format: kind, must, never, profile; every key optional)."""
    files = sorted(path for path in folder.glob("*.md") if path.is_file())
    if not files:
        raise DraftError("no notes files (*.md) in this folder", folder)
    table: dict = {}
    spec_file = folder / "cases.toml"
    if spec_file.is_file():
        try:
            table = tomllib.loads(spec_file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise DraftError(f"not a cases file ({error})", spec_file) from None
    names = {path.stem for path in files}
    if stray := sorted(set(table) - names):
        raise DraftError(f"'{stray[0]}' names no notes file {stray[0]}.md in {folder}", spec_file)
    cases = []
    for path in files:
        spec = table.get(path.stem, {})
        try:
            case = Case.model_validate({"kind": "thank-you", "profile": profile, **spec, "name": path.stem, "path": path, "corpus": NOTES_CORPUS})
        except ValidationError as error:
            first = error.errors()[0]
            raise DraftError(f"'{path.stem}'.{'.'.join(map(str, first['loc']))}: {first['msg'].lower()}", spec_file) from None
        if case.kind not in kinds():
            raise DraftError(f"'{path.stem}'.kind: no kind '{case.kind}' (kinds: {', '.join(kinds())})", spec_file)
        cases.append(case)
    return cases


def personalization(text: str, expect: list[str]) -> float | None:
    """Share of the case's expected topics the draft mentions."""
    if not expect:
        return None
    draft_stems = {stem(w) for w in words(text)}
    return sum(topic_is_referenced(topic, draft_stems) for topic in expect) / len(expect)


def ready_time(model: str, threads: int | None) -> float:
    """Seconds from a fresh interpreter to a loaded model (imports included), as the CLI does it; median of 3."""
    script = (
        "import time; t = time.perf_counter(); import draft.cli, draft.loop; "
        "from draft.model import LlamaGenerator, resolve_model_path; "
        f"LlamaGenerator(resolve_model_path({model!r}), threads={threads!r}); print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


YARDSTICK_REPEATS = 3  # plain decode and our completion path, each this many times: their medians are a ratio


def yardstick(generator: LlamaGenerator, case: Case, repeat: int, ours: bool = True) -> tuple[list[float], list[float], list[float]]:
    """Plain decode vs our completion path on the same slot prompt; medians are taken by the report."""
    # A prompt of the drafting's shape (system prompt, the notes, a sentence to complete), built without the
    # drafting code's slot internals so the yardstick survives changes to them.
    user = case.path.read_text(encoding="utf-8") + "\n\nComplete one sentence about the first topic of these notes."
    prompt = generator.chat_prompt(render("system.j2", tone="neutral"), user, "I especially enjoyed learning about")
    plain, prompt_tps, pipeline = [], [], []
    for index in range(repeat):
        speed = plain_decode(generator._llm, prompt, n_tokens=48, seed=index)
        plain.append(speed.decode_tps)
        prompt_tps.append(speed.prompt_tps)
        if not ours:
            continue
        completion = generator.complete(prompt, max_tokens=48, stop=[], temperature=0.7, seed=index)
        decode = completion.seconds - (completion.first_token_seconds or 0.0)
        if completion.completion_tokens > 1 and decode > 0:
            pipeline.append((completion.completion_tokens - 1) / decode)
    return plain, prompt_tps, pipeline


def threads_sweep(path: Path, generator: LlamaGenerator, case: Case) -> dict[str, dict[str, float]]:
    """Plain decode and prompt speed at 1..N threads (medians of 3), on an idle machine and with
    one other busy process (as on a laptop doing anything else), to choose a robust default."""
    sweep = {}
    for busy in (False, True):
        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"]) if busy else None
        try:
            for count in range(1, (os.cpu_count() or 1) + 1):
                other = LlamaGenerator(path, threads=count)
                plain, prompt_tps, _ = yardstick(other, case, 3, ours=False)
                sweep[f"{count} thread(s){', busy' if busy else ''}"] = {"decode_tps": statistics.median(plain), "prompt_tps": statistics.median(prompt_tps)}
                del other
        finally:
            if hog:
                hog.kill()
                hog.wait()
    return sweep


def run_matrix(
    cases: list[Case], models: list[str], prompt_dirs: list[Path | None], repeat: int, seed: int, threads: int | None,
    attempts: int, progress: Callable[[str], None], cache_dir: Path | None = None, sweep: bool = False,
    strategies: tuple[str, ...] = ("auto",),
) -> tuple[list[DraftRecord], list[ModelRun]]:
    records: list[DraftRecord] = []
    runs: list[ModelRun] = []
    total = len(cases) * len(models) * len(prompt_dirs) * repeat * len(strategies)
    done = 0
    paths = [resolve_model_path(model) for model in models]  # a model not installed fails before any work
    for model, path in zip(models, paths):
        generator = LlamaGenerator(path, threads=threads)
        run = ModelRun(model=path.name, path=str(path), n_params=generator.n_params, load_seconds=generator.load_seconds,
                       threads=threads or 0)
        progress(f"model {path.name}: loaded in {generator.load_seconds:.2f} s; measuring the plain decode yardstick")
        run.plain_decode_tps, run.plain_prompt_tps, run.pipeline_decode_tps = yardstick(generator, cases[0], max(YARDSTICK_REPEATS, repeat))
        run.ready_seconds = ready_time(model, threads)
        if sweep:
            progress("threads sweep: 1..N threads, idle and with one busy process")
            run.threads_sweep = threads_sweep(path, generator, cases[0])
        runs.append(run)
        for prompts in prompt_dirs:
            variant = prompts.name if prompts else "default"
            for strategy in strategies:
                for case in cases:
                    for index in range(repeat):
                        record = draft_case(case, generator, path.name, variant, strategy, index, Settings(
                            kind=case.kind, seed=seed + index, attempts=attempts, prompts=prompts, cache_dir=cache_dir, strategy=strategy))
                        records.append(record)
                        done += 1
                        outcome = f"error: {record.error}" if record.error else f"{len(record.failed_rules)} attempt(s), {record.source}"
                        progress(f"[{done}/{total}] {path.name} {variant} {strategy} {case.name} ({case.kind}): {record.wall_seconds:.2f} s, {outcome}")
        del generator
    return records, runs


def draft_case(case: Case, generator: LlamaGenerator | None, model: str, variant: str, strategy: str, index: int, settings: Settings) -> DraftRecord:
    """Draft one case, check it against the rules and the sendability measures; a notes file the
    tool refuses (a one-line DraftError) is recorded as an error, not raised."""
    base = dict(case=case.name, kind=case.kind, model=model, prompts=variant, repeat=index, corpus=case.corpus, strategy=strategy)
    started = time.perf_counter()
    try:
        notes = case.notes()
        result = write_draft(notes, generator, settings)
    except (RulesError, ModelError):
        raise  # the tool's own files or the model are broken: no case can be drafted
    except DraftError as error:
        return DraftRecord(**base, wall_seconds=time.perf_counter() - started, attempts=0, first_attempt_passed=None, failed_rules=[],
                           attempt_seconds=[], attempt_generations=[], source="error", final_passes=False, prompt_tokens=0,
                           completion_tokens=0, first_token_seconds=None, decode_seconds=0.0, personalization=None, check_ms=0.0,
                           model_sentences=0, error=error.message)
    wall = time.perf_counter() - started
    check_started = time.perf_counter()
    report = check_draft(result.text, result.notes or notes, case.kind)  # the notes as drafted from (the learned reader's items)
    check_ms = (time.perf_counter() - check_started) * 1000
    first = result.attempts[0] if result.attempts else None
    return DraftRecord(
        **base, wall_seconds=wall,
        attempts=len(result.attempts), first_attempt_passed=first.passed if first else None,
        failed_rules=[a.failed_rules for a in result.attempts],
        attempt_seconds=[a.seconds for a in result.attempts],
        attempt_generations=[a.generations for a in result.attempts],
        source=result.source, final_passes=report.passed,
        prompt_tokens=sum(a.prompt_tokens for a in result.attempts),
        completion_tokens=sum(a.completion_tokens for a in result.attempts),
        scored_tokens=sum(a.scored_tokens for a in result.attempts), scored=sum(a.scored for a in result.attempts),
        first_token_seconds=first.first_token_seconds if first else None,
        decode_seconds=sum(a.decode_seconds for a in result.attempts),
        personalization=personalization(result.text, case.expect or case.must), check_ms=check_ms,
        model_sentences=result.model_sentences, text=result.text,
        measures=measure(result.text, case.known_text(), case.kind, case.expectations),
    )


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None
