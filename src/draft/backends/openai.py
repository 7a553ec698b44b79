"""``--backend URL``: generation on a server speaking the OpenAI API, behind the same :class:`Generator`.

Servers differ; what they offer is discovered once per URL and model for the process
(or set in the settings' ``[backend]`` table), never assumed:

* raw prompts: ``/v1/completions`` with the prompt the loop built (the model's chat
  template applied here, so the scaffold strategy's assistant prefix is kept). The
  template comes from the server (llama-server's ``/apply-template``) or from the GGUF
  header when the model file is on this machine (llama-cpp-python's server names its
  model by path). Without either, the backend uses ``/v1/chat/completions``.
* log-probabilities with the prompt echoed (``score``): llama-cpp-python's server
  started with ``--logits_all true``, vLLM. Ollama's ``/v1`` and llama-server have none.
* ``n`` completions per request, a grammar: probed, recorded, reported.

Privacy: token counts are estimated here, so no notes text goes to a tokenizer
endpoint; the only text sent is the prompts themselves and fixed probes, and every
request (endpoint and body, probes marked) is kept in :attr:`ServerGenerator.sent` for ``--json``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from draft.backends.http import BackendError, HttpClient, Unsupported, Withheld
from draft.discovery import params_from_label
from draft.gguf_header import GGUFError, read_header
from draft.model import Completion, Scores
from draft.sanitize import clean_foreign

DEFAULT_N_CTX = 2048  # llama-cpp-python's server default; servers that say otherwise are asked
MAX_ECHO_MS_PER_TOKEN = 5.0
CHARS_PER_TOKEN = 3.0  # a conservative estimate (English averages ~4): the context budget errs on the safe side
CHAT_MARK = "\u0000chat:"  # a prompt for the chat endpoint: this mark, then the messages as JSON
_PROBE_PROMPT = "The sky is"
_ALIGNMENT_PROBE = "One, two, three, four, five, six, seven, eight, nine, ten. Monday, Tuesday, Wednesday, Thursday, Friday."


class Capabilities(BaseModel):
    """What one server and model offer; ``None`` means not probed yet."""

    template: Literal["server", "gguf", "chat-endpoint"]
    logprobs: bool | None = None  # echo + log-probabilities of the prompt (what ``score`` needs)
    alignment: Literal["aligned", "shifted"] | None = None  # shifted: llama-cpp-python reports each token under the next position
    echo_ms_per_token: float | None = None  # what an echoed token costs; scoring is used only when it is cheap
    n: bool | None = None
    grammar: bool | None = None
    echo: bool | None = None


class ServerInfo(BaseModel):
    model: str
    models: list[str]
    n_ctx: int
    n_params: int
    capabilities: Capabilities


_PROBED: dict[str, ServerInfo] = {}
_PROBE_LOCK = threading.Lock()


class ServerGenerator:
    """A model served over HTTP; one instance per draft run (requests are recorded per instance)."""

    def __init__(
        self, url: str, *, model: str | None = None, api_key: str | None = None, timeout: float = 120.0,
        n_params: int | None = None, n_ctx: int | None = None, capabilities: dict[str, bool | None] | None = None,
        transport: Any = None,
    ):
        self.http = HttpClient(url, api_key=api_key, timeout=timeout, transport=transport)
        self.url = self.http.api
        key = f"{self.url}|{model or ''}"
        with _PROBE_LOCK:
            if key not in _PROBED:
                _PROBED[key] = self._probe(model)
            info = _PROBED[key].model_copy(deep=True)
        for name, value in (capabilities or {}).items():
            if value is not None:
                setattr(info.capabilities, name, value)
        self._forced_logprobs = bool((capabilities or {}).get("logprobs"))
        self.info = info
        self.model = info.model
        self.name = f"{Path(info.model).name} @ {self.url}"
        self.n_ctx = n_ctx or info.n_ctx
        self.n_params = n_params or info.n_params
        self.load_seconds = 0.0
        self._template = None
        self._bos = self._eos = ""
        self._server_adds_bos = True
        if info.capabilities.template == "gguf":
            self._load_gguf_template(Path(info.model))

    def withhold(self, lines: list[str]) -> None:
        """Never send these lines (the notes' private ones), whatever prompt holds them: a generation whose prompt
        would is not asked for (an empty answer, so the loop moves on), a reading of one is read as private."""
        self.http.withhold(lines)

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every request this run sent, in order, probes marked (the API key is a header and is never recorded)."""
        return self.http.sent

    # -- discovery --------------------------------------------------------------------------

    def _probe(self, wanted: str | None) -> ServerInfo:
        try:
            listing = self.http.get("/models")
        except Unsupported:
            raise BackendError("no OpenAI-compatible API there (HTTP 404 for /v1/models); the URL usually ends in /v1", self.url) from None
        entries = listing.get("data") if isinstance(listing, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries):
            raise BackendError("the answer to /v1/models is not an OpenAI model list", self.url)
        names = [clean_foreign(e["id"], multiline=False) for e in entries]  # printed: 'draft models', stderr
        if wanted is None and not names:
            raise BackendError("the server lists no model", self.url)
        model = wanted or names[0]
        if wanted is not None and names and wanted not in names:
            raise BackendError(f"model {wanted!r} not found on the server (it lists: {', '.join(names[:5])})", self.url)
        entry = next((e for e in entries if clean_foreign(e["id"], multiline=False) == model), {})
        meta = entry.get("meta") if isinstance(entry.get("meta"), dict) else {}
        local = Path(model)
        header = None
        if local.is_file():
            try:
                header = read_header(local)
            except GGUFError:
                header = None
        n_params = int(meta.get("n_params") or (header.n_params if header else 0) or params_from_label(model) or 0)
        n_ctx = self._server_n_ctx(entry)
        template = "server" if self._server_templates() else ("gguf" if header and header.metadata.get("tokenizer.chat_template") else "chat-endpoint")
        return ServerInfo(model=model, models=names, n_ctx=n_ctx, n_params=n_params, capabilities=Capabilities(template=template))

    def _server_n_ctx(self, entry: dict) -> int:
        if isinstance(entry.get("max_model_len"), int):  # vLLM
            return entry["max_model_len"]
        try:
            props = self.http.get("/props", root=True)  # llama-server
            value = props.get("default_generation_settings", {}).get("n_ctx") if isinstance(props, dict) else None
            if isinstance(value, int) and value > 0:
                return value
        except (Unsupported, BackendError):
            pass
        return DEFAULT_N_CTX

    def _server_templates(self) -> bool:
        try:
            answer = self.http.post("/apply-template", {"messages": [{"role": "user", "content": "x"}]}, root=True, probe=True)
        except (Unsupported, BackendError):
            return False
        return isinstance(answer, dict) and isinstance(answer.get("prompt"), str)

    def _load_gguf_template(self, path: Path) -> None:
        header = read_header(path, arrays={"tokenizer.ggml.tokens"})
        tokens = header.metadata.get("tokenizer.ggml.tokens") or []
        self._template = ImmutableSandboxedEnvironment().from_string(header.metadata["tokenizer.chat_template"])
        self._server_adds_bos = bool(header.metadata.get("tokenizer.ggml.add_bos_token", True))
        for attribute, key in (("_bos", "tokenizer.ggml.bos_token_id"), ("_eos", "tokenizer.ggml.eos_token_id")):
            index = header.metadata.get(key)
            if isinstance(index, int) and 0 <= index < len(tokens):
                setattr(self, attribute, tokens[index])

    def probe_all(self) -> Capabilities:
        """Probe every capability not known yet (``draft models --backend`` shows them)."""
        caps = self.info.capabilities
        if caps.logprobs is None or caps.echo is None:
            self._probe_logprobs()
        if caps.n is None:
            caps.n = self._try_completion({"n": 2}, lambda a: len(a.get("choices", [])) == 2)
        if caps.grammar is None:
            caps.grammar = self._try_completion({"grammar": 'root ::= "yes"', "max_tokens": 3}, lambda a: a["choices"][0].get("text") == "yes")
        self._remember()
        return caps

    def _remember(self) -> None:
        with _PROBE_LOCK:
            _PROBED[f"{self.url}|{self.model}"] = self.info.model_copy(deep=True)

    def _try_completion(self, extra: dict, accepted: Callable[[dict], bool]) -> bool:
        body = {"model": self.model, "prompt": _PROBE_PROMPT, "max_tokens": 1, "temperature": 0} | extra
        try:
            answer = self.http.post("/completions", body, probe=True)
            return bool(accepted(answer))
        except (Unsupported, KeyError, IndexError, TypeError, AttributeError):
            return False

    # -- the Generator interface ---------------------------------------------------------------

    def chat_prompt(self, system: str, user: str, assistant_prefix: str = "") -> str:
        messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
        mode = self.info.capabilities.template
        if mode == "server":
            try:
                answer = self.http.post("/apply-template", {"messages": messages}, root=True)
                return answer["prompt"] + assistant_prefix
            except Withheld:  # never sent; complete() will not send it either
                return CHAT_MARK + json.dumps({"messages": messages, "prefix": assistant_prefix}, ensure_ascii=False)
            except (Unsupported, KeyError, TypeError):
                raise BackendError("the server stopped applying its chat template", self.url) from None
        if mode == "gguf" and self._template is not None:
            return self._render(messages) + assistant_prefix
        return CHAT_MARK + json.dumps({"messages": messages, "prefix": assistant_prefix}, ensure_ascii=False)

    def _render(self, messages: list[dict[str, str]]) -> str:
        render = lambda m: self._template.render(messages=m, add_generation_prompt=True, bos_token=self._bos, eos_token=self._eos)  # noqa: E731
        try:
            text = render(messages)
        except Exception:  # noqa: BLE001 - templates that reject a system role (Gemma)
            text = render([{"role": "user", "content": f"{messages[0]['content']}\n\n{messages[1]['content']}"}])
        if self._server_adds_bos and self._bos and text.startswith(self._bos):
            return text[len(self._bos):]  # the server's tokenizer adds it
        return text

    def count_tokens(self, text: str) -> int:
        """An estimate made here (no text leaves the machine to be counted); errs high, so the context budget holds."""
        return int(len(text) / CHARS_PER_TOKEN) + 1

    adapted = False  # a server's model reads the notes from worked examples (draft.understanding.learned)

    def read_line(self, prompt: str, *, max_tokens: int, stop: list[str]) -> str:
        """A greedy completion: the learned understanding's reading of one notes unit."""
        return self.complete(prompt, max_tokens=max_tokens, stop=stop, temperature=0.0, seed=0).text

    def complete(self, prompt, *, max_tokens, stop, temperature, seed, guard=None) -> Completion:
        started = time.perf_counter()
        try:
            return self._complete(prompt, max_tokens=max_tokens, stop=stop, temperature=temperature, seed=seed, guard=guard, started=started)
        except Withheld:  # the prompt held a private line: nothing was sent, nothing is answered
            return Completion(text="", prompt_tokens=0, completion_tokens=0, seconds=time.perf_counter() - started)

    def _complete(self, prompt, *, max_tokens, stop, temperature, seed, guard, started) -> Completion:
        sampling = {"max_tokens": max_tokens, "temperature": temperature, "top_p": 0.9, "seed": seed, "stream": True}
        if prompt.startswith(CHAT_MARK):
            request = json.loads(prompt[len(CHAT_MARK):])
            messages, prefix = request["messages"], request["prefix"]
            if prefix:  # no raw prompt here: ask for the sentence to begin with the prefix, then cut it off
                messages = [messages[0], {"role": "user", "content": f"{messages[1]['content']}\n\nBegin with: {prefix}"}]
            path, body, piece = "/chat/completions", {"model": self.model, "messages": messages} | sampling, _chat_piece
        else:
            prefix = ""
            stops = list(dict.fromkeys(stop + ([self._eos] if self._eos else [])))
            path, body, piece = "/completions", {"model": self.model, "prompt": prompt} | sampling, _completion_piece
            if stops:
                body["stop"] = stops
        if stop and "stop" not in body:
            body["stop"] = stop
        pieces: list[str] = []
        first = None
        stopped = finished = False
        events = self.http.stream(path, body)
        try:
            for event in events:
                finished = finished or _finish_reason(event) is not None
                text = piece(event, self.url)
                if text is None:
                    continue
                if first is None:
                    first = time.perf_counter() - started
                pieces.append(text)
                if guard and guard(_without_prefix("".join(pieces), prefix)):
                    stopped = True
                    break
        except Unsupported as problem:
            raise BackendError(f"the server cannot complete ({problem})", self.url) from None
        finally:
            events.close()
        if not stopped and not finished:
            # The stream ended without saying why (no finish_reason): the server cut it off. llama-cpp-python's server
            # does so to a stream whenever another request is waiting (interrupt_requests, its default); an answer
            # that is not streamed is never cut, so ask again for the whole of it at once.
            text, tokens = self._complete_at_once(path, body | {"stream": False}, prefix)
            return Completion(text=text, prompt_tokens=self.count_tokens(prompt), completion_tokens=tokens,
                              seconds=time.perf_counter() - started, first_token_seconds=None, stopped_by_guard=False)
        text = clean_foreign(_without_prefix("".join(pieces), prefix))  # checked as it will be printed (issue 17)
        return Completion(
            text=text, prompt_tokens=self.count_tokens(prompt), completion_tokens=len(pieces),
            seconds=time.perf_counter() - started, first_token_seconds=first, stopped_by_guard=stopped,
        )

    def _complete_at_once(self, path: str, body: dict[str, Any], prefix: str) -> tuple[str, int]:
        """One completion, not streamed: its text and its completion tokens (the server's count, else an estimate)."""
        try:
            answer = self.http.post(path, body)
        except Unsupported as problem:
            raise BackendError(f"the server cannot complete ({problem})", self.url) from None
        try:
            choice = answer["choices"][0]
            text = choice["message"]["content"] if path == "/chat/completions" else choice["text"]
        except (KeyError, IndexError, TypeError):
            raise BackendError(f"the answer to {path} has no choices (not an OpenAI-compatible answer)", self.url) from None
        if not isinstance(text, str):
            raise BackendError(f"the answer to {path} has no text", self.url)
        usage = answer.get("usage") if isinstance(answer.get("usage"), dict) else {}
        tokens = usage.get("completion_tokens")
        return clean_foreign(_without_prefix(text, prefix)), tokens if isinstance(tokens, int) else self.count_tokens(text)

    def score(self, prompt: str, continuations: list[str]) -> Scores | None:
        """Mean log-probability per token of each continuation after ``prompt``, and its cost (each
        continuation is one echo request of the whole prompt); None when the server cannot say."""
        caps = self.info.capabilities
        if caps.logprobs is None or (caps.logprobs and caps.alignment is None):
            self._probe_logprobs()
        if not caps.logprobs or prompt.startswith(CHAT_MARK) or not self._scoring_affordable():
            return None
        started = time.perf_counter()
        scores: list[float] = []
        prompt_tokens = scored_tokens = 0
        for continuation in continuations:
            answer = self._echo(prompt + continuation)
            value = _mean_logprob(answer, len(prompt), len(prompt + continuation), caps.alignment) if answer else None
            if answer is None or value is None:
                return None
            scores.append(value)
            offsets = answer["text_offset"]
            prompt_tokens += sum(1 for offset in offsets if offset < len(prompt))
            scored_tokens += sum(1 for index, offset in enumerate(offsets) if index and len(prompt) <= offset < len(prompt + continuation))
        return Scores(values=scores, prompt_tokens=prompt_tokens, scored_tokens=scored_tokens, seconds=time.perf_counter() - started)

    def _scoring_affordable(self) -> bool:
        """Echoing a whole prompt per candidate is worth it on servers that compute prompt log-probabilities
        natively (vLLM: well under a millisecond a token); llama-cpp-python's server computes them in Python
        (about 57 ms a token measured: 17 s per candidate), so it is used only when the settings say logprobs = true."""
        return self._forced_logprobs or (self.info.capabilities.echo_ms_per_token or 0) <= MAX_ECHO_MS_PER_TOKEN

    def _echo(self, text: str, probe: bool = False) -> dict | None:
        """The text echoed with its per-token log-probabilities and top alternatives, or None."""
        top = 1 if self.info.capabilities.alignment == "aligned" else 20
        body = {"model": self.model, "prompt": text, "max_tokens": 1, "temperature": 0, "echo": True, "logprobs": top}
        try:
            logprobs = self.http.post("/completions", body, probe=probe)["choices"][0]["logprobs"]
            fields = [logprobs[k] for k in ("tokens", "text_offset", "token_logprobs", "top_logprobs")]
        except (Unsupported, Withheld, KeyError, IndexError, TypeError):
            return None
        if not all(isinstance(f, list) and len(f) == len(fields[0]) for f in fields) or len(fields[0]) < 2:
            return None
        return logprobs

    def _probe_logprobs(self) -> None:
        """Does the server echo log-probabilities, and which position holds each token's? Decided on a sentence
        any model predicts: where the alternatives' favourite matches the actual token, position i or i-1."""
        caps = self.info.capabilities
        started = time.perf_counter()
        answer = self._echo(_ALIGNMENT_PROBE, probe=True)
        caps.echo = answer is not None
        if answer is not None:
            caps.echo_ms_per_token = round(1000 * (time.perf_counter() - started) / len(answer["tokens"]), 2)
        caps.logprobs, caps.alignment = False, None
        if answer is not None:
            tokens, top = answer["tokens"], answer["top_logprobs"]
            best = [max(t, key=t.get) if isinstance(t, dict) and t else None for t in top]
            aligned = sum(best[i] == tokens[i] for i in range(1, len(tokens)))
            shifted = sum(best[i - 1] == tokens[i] for i in range(1, len(tokens)))
            if max(aligned, shifted) >= len(tokens) // 4:
                caps.logprobs, caps.alignment = True, "aligned" if aligned > shifted else "shifted"
        self._remember()

    def close(self) -> None:
        self.http.close()


def _mean_logprob(logprobs: dict, start: int, end: int, alignment: str | None) -> float | None:
    """The mean log-probability of the tokens that begin in [start, end) of the echoed text.

    'shifted' servers put log P(token i) in the alternatives of position i-1; a token outside
    those top alternatives counts as the least likely of them (an upper bound)."""
    tokens, offsets, values, top = (logprobs[k] for k in ("tokens", "text_offset", "token_logprobs", "top_logprobs"))
    chosen = []
    for index, offset in enumerate(offsets):
        if not (start <= offset < end) or index == 0:
            continue
        if alignment == "aligned":
            value = values[index]
        else:
            alternatives = top[index - 1] if isinstance(top[index - 1], dict) else {}
            value = alternatives.get(tokens[index], min(alternatives.values(), default=None))
        if isinstance(value, (int, float)):
            chosen.append(float(value))
    return sum(chosen) / len(chosen) if chosen else None


def _finish_reason(event: dict) -> str | None:
    """Why the server ended a choice ('stop', 'length'...), when this event is the one that says so."""
    choices = event.get("choices")
    if not isinstance(choices, list):
        return None
    return next((c["finish_reason"] for c in choices if isinstance(c, dict) and c.get("finish_reason")), None)


def _completion_piece(event: dict, url: str) -> str | None:
    try:
        text = event["choices"][0].get("text")
    except (KeyError, IndexError, TypeError, AttributeError):
        raise BackendError("a streamed completion has no choices (not an OpenAI-compatible answer)", url) from None
    if text is not None and not isinstance(text, str):
        raise BackendError("a streamed completion's text is not a string", url)
    return text or None


def _chat_piece(event: dict, url: str) -> str | None:
    try:
        choices = event["choices"]
        if not choices:  # a final usage-only event
            return None
        text = (choices[0].get("delta") or {}).get("content")
    except (KeyError, TypeError, AttributeError):
        raise BackendError("a streamed chat answer has no choices (not an OpenAI-compatible answer)", url) from None
    if text is not None and not isinstance(text, str):
        raise BackendError("a streamed chat answer's content is not a string", url)
    return text or None


def _without_prefix(text: str, prefix: str) -> str:
    stripped = text.lstrip()
    return stripped[len(prefix):] if prefix and stripped.startswith(prefix) else text


__all__ = ["Capabilities", "ServerGenerator", "ServerInfo"]
