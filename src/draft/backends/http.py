"""The HTTP edge of ``--backend``: JSON requests with a timeout, a bounded retry, and one-line errors.

TLS certificates are verified (httpx's default). The API key travels in the
``Authorization`` header only: it is never part of a message, a log or the record of
what was sent.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import httpx

from draft.backends.egress import fragments, holds_withheld
from draft.errors import ModelError
from draft.sanitize import clean_foreign, shorten

RETRIES = 3
MAX_ANSWER_BYTES = 4_000_000  # a completion is a few KB; a model list of hundreds of models well under 1 MB
ERROR_BYTES = 65_536  # of an error page, only the start is quoted
BACKOFF_SECONDS = 0.5
_RETRY_STATUS = {429, 502, 503, 504}  # a 500 is an answer (often: a parameter the server lacks), not a hiccup


class BackendError(ModelError):
    """The server is down, refuses the key, lacks the model, or answers something that is not the API."""


class Withheld(BackendError):
    """A request would carry a private notes line (draft.backends.egress): it is not sent."""


class Unsupported(Exception):
    """The server does not offer this endpoint or parameter (a capability it lacks, not an error)."""


def server_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host; else a one-line error naming it ('http://[::1' is no URL)."""
    shown = shorten(url, 80)
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, ValueError, TypeError) as error:
        raise BackendError(f"the backend URL {shown} is not a valid URL ({clean_foreign(str(error), multiline=False)[:80]}); "
                           "give one like http://127.0.0.1:8080/v1") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise BackendError(f"the backend URL {shown} is not an http:// or https:// URL with a host; give one like http://127.0.0.1:8080/v1")
    return str(parsed)


class HttpClient:
    """One server: ``root`` (scheme://host:port[/prefix]) and the OpenAI API under ``api`` (``root/v1``)."""

    def __init__(self, url: str, *, api_key: str | None = None, timeout: float = 120.0, transport: httpx.BaseTransport | None = None):
        url = server_url(url).rstrip("/")
        self.api = url if url.endswith("/v1") else f"{url}/v1"
        self.root = self.api.removesuffix("/v1")
        if api_key and not (api_key.isascii() and api_key.isprintable()):  # an HTTP header carries printable ASCII only
            raise BackendError("the API key ($DRAFT_API_KEY or backend.api_key) holds a character an HTTP header cannot carry "
                               "(a non-ASCII letter or a control character); check the key (it is not shown)")
        headers = {"Accept-Encoding": "identity"} | ({"Authorization": f"Bearer {api_key}"} if api_key else {})
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), transport=transport)
        self.timeout = timeout
        # every request, in order, for --json: the endpoint and the body exactly as sent; the fixed probes of what
        # the server offers are marked "probe" (no headers: the key is never recorded)
        self.sent: list[dict[str, Any]] = []
        self._withheld: frozenset[str] = frozenset()

    def withhold(self, lines: list[str]) -> None:
        """Never send a request that holds any of ``lines`` (the notes' private lines)."""
        self._withheld = self._withheld | fragments(lines)

    def close(self) -> None:
        self._client.close()

    def _fail(self, problem: str) -> BackendError:
        return BackendError(problem, self.api)

    def _raise_for(self, response: httpx.Response, what: str, deadline: float) -> None:
        if response.status_code in (401, 403):
            raise self._fail(f"the server refused the API key (HTTP {response.status_code}); set DRAFT_API_KEY or backend.api_key in the settings")
        if response.status_code == 404:
            raise Unsupported(what)
        if response.status_code >= 400:
            detail = _error_detail(self._read(response, what, deadline, ERROR_BYTES, cut=True))
            if response.status_code in (400, 422, 500, 501):
                raise Unsupported(f"{what}: HTTP {response.status_code}{': ' + detail if detail else ''}")
            raise self._fail(f"{what} failed (HTTP {response.status_code}{': ' + detail if detail else ''})")

    def _send(self, method: str, url: str, body: dict[str, Any] | None) -> tuple[httpx.Response, float]:
        """Send with up to RETRIES tries (connection errors, no answer in time, 429 and 5xx back off and retry); the
        answer's headers, its body still unread, and the deadline by which the whole of it must have been read."""
        last: Exception | None = None
        for attempt in range(RETRIES):
            if attempt:
                time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
            deadline = time.monotonic() + self.timeout
            try:
                request = self._client.build_request(method, url, json=body)
                response = self._client.send(request, stream=True)
            except httpx.ConnectError as error:
                last = error
                if "CERTIFICATE" in str(error).upper() or "SSL" in str(error).upper():
                    raise self._fail("the server's TLS certificate could not be verified") from None
                continue
            except httpx.TimeoutException as error:
                last = error
                continue
            except httpx.HTTPError as error:
                raise self._fail(f"the connection failed ({type(error).__name__})") from None
            if response.status_code in _RETRY_STATUS and attempt < RETRIES - 1:
                response.close()
                continue
            return response, deadline
        if isinstance(last, httpx.TimeoutException):
            raise self._fail(f"the server did not answer within {self.timeout:g} s ({RETRIES} tries)")
        raise self._fail(f"no server answers there (connection refused, {RETRIES} tries); start it or check --backend")

    def _chunks(self, response: httpx.Response, what: str, deadline: float, limit: int, cut: bool = False) -> Iterator[bytes]:
        """The body in chunks, never past ``deadline`` (a server that drips or never ends) nor ``limit`` bytes (one
        that floods): each a one-line error, or with ``cut`` the answer ends there (an error page we only quote)."""
        total = 0
        try:
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > limit:
                    if cut:
                        return
                    raise self._fail(f"the answer to {what} is over {limit // 1_000_000} MB; refused (backend answers are capped)")
                yield chunk
                if time.monotonic() > deadline:
                    if cut:
                        return
                    raise self._fail(f"the answer to {what} took over {self.timeout:g} s (backend.timeout: the whole answer's deadline)")
        except httpx.TimeoutException:
            if cut:
                return
            raise self._fail(f"the server stopped answering {what} for {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            if cut:
                return
            raise self._fail(f"the connection broke ({type(error).__name__})") from None

    def _read(self, response: httpx.Response, what: str, deadline: float, limit: int = MAX_ANSWER_BYTES, cut: bool = False) -> bytes:
        try:
            return b"".join(self._chunks(response, what, deadline, limit, cut))
        finally:
            response.close()

    def _record(self, method: str, url: str, body: dict[str, Any] | None, probe: bool) -> None:
        if holds_withheld(body, self._withheld):
            raise Withheld("a request held a private notes line; it was not sent", self.api)
        self.sent.append({"endpoint": f"{method} {url}", "body": body} | ({"probe": True} if probe else {}))

    def _call(self, method: str, path: str, body: dict[str, Any] | None, root: bool, probe: bool) -> Any:
        url = f"{self.root if root else self.api}{path}"
        self._record(method, url, body, probe)
        response, deadline = self._send(method, url, body)
        try:
            self._raise_for(response, f"{method} {path}", deadline)
            data = self._read(response, f"{method} {path}", deadline)
        finally:
            response.close()
        try:
            return json.loads(data)
        except ValueError:
            raise self._fail(f"the answer to {path} is not JSON: {data[:60].decode('utf-8', 'replace')!r}") from None

    def get(self, path: str, *, root: bool = False) -> Any:
        return self._call("GET", path, None, root, probe=True)

    def post(self, path: str, body: dict[str, Any], *, root: bool = False, probe: bool = False) -> Any:
        return self._call("POST", path, body, root, probe)

    def stream(self, path: str, body: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """Server-sent events of a streamed completion, each parsed; closing the iterator stops the generation. The
        whole stream is bounded like any answer: ``timeout`` seconds, MAX_ANSWER_BYTES."""
        url = f"{self.api}{path}"
        what = f"POST {path}"
        self._record("POST", url, body, probe=False)
        response, deadline = self._send("POST", url, body)
        try:
            self._raise_for(response, what, deadline)
            for raw in _lines(self._chunks(response, what, deadline, MAX_ANSWER_BYTES)):
                line = raw.decode("utf-8", "replace").strip()
                if not line or line.startswith(":") or not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    return
                try:
                    event = json.loads(data)
                except ValueError:
                    raise self._fail(f"the streamed answer to {path} is not JSON: {data[:60]!r}") from None
                if not isinstance(event, dict):
                    raise self._fail(f"the streamed answer to {path} is not an OpenAI-style event")
                if "error" in event:
                    raise self._fail(f"the server reported an error: {_short(event['error'])}")
                yield event
        finally:
            response.close()


def _lines(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of a byte stream (LF, CR LF or CR ends one; CR LF split across two chunks gives an extra empty line,
    which server-sent events ignore), the last one without its end too. Linear: each chunk is split once."""
    pending: list[bytes] = []
    for chunk in chunks:
        for piece in chunk.splitlines(keepends=True):
            if piece.endswith((b"\n", b"\r")):
                yield b"".join(pending) + piece.rstrip(b"\r\n")
                pending = []
            else:
                pending.append(piece)
    if pending:
        yield b"".join(pending)


def _short(error: Any) -> str:
    """A server's error message for one line of ours: its escapes and control characters removed, at most 120 characters."""
    if isinstance(error, dict):
        error = error.get("message", error)
    return clean_foreign(str(error), multiline=False)[:120]


def _error_detail(data: bytes) -> str:
    try:
        answer = json.loads(data)
    except ValueError:
        return _short(data.decode("utf-8", "replace"))
    return _short(answer.get("error", answer.get("detail", ""))) if isinstance(answer, dict) else ""
