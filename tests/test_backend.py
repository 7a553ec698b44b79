"""--backend: an OpenAI-compatible server behind the Generator interface.

Unit tests use tiny local HTTP servers (garbage, a refused key, a scripted OpenAI API);
the e2e tests start a REAL llama-cpp-python server with the default model.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from draft.backends.openai import ServerGenerator, _mean_logprob
from draft.cli import main
from draft.errors import ModelError
from draft.model import DEFAULT_MODEL_PACKAGE, packaged_gguf

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-0123456789"

NOTES = """---
interviewer: {name}
company: {company}
role: Data Engineer
interview_date: 2026-11-20
sender: Alex Moreno
---
## What we discussed
- Migrating the {topic} pipeline to Airflow
## I forgot to mention
- I cut warehouse spend by 30% in a cost review
## Notes to self
- The office smelled of burnt coffee; salary seems low
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder(BaseHTTPRequestHandler):
    """A scripted server: ``routes`` maps 'METHOD /path' to (status, body or SSE events)."""

    routes: dict = {}
    received: list = []

    def log_message(self, *args) -> None:  # quiet
        pass

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.received.append({"path": self.path, "body": body, "authorization": self.headers.get("Authorization")})
        status, payload = self.routes.get(f"{method} {self.path}", self.routes.get("*", (404, {"error": "no such path"})))
        if callable(payload):
            status, payload = payload(body)
        if isinstance(payload, list):  # server-sent events
            self.send_response(status)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for event in payload:
                self.wfile.write(f"data: {event if isinstance(event, str) else json.dumps(event)}\n\n".encode())
            return
        data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if not isinstance(payload, str) else "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")


@pytest.fixture
def fake_server():
    """Start a scripted server; yields a function(routes) -> (url, received)."""
    servers = []

    def start(routes: dict):
        handler = type("Handler", (Recorder,), {"routes": routes, "received": []})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}", handler.received

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def stream(*pieces: str) -> list:
    return [{"choices": [{"text": piece, "index": 0}]} for piece in pieces] + ["[DONE]"]


def openai_routes(model: str = "fake-3b", completion=None) -> dict:
    sentence = stream(" I especially valued", " hearing how your team", " plans the migration.")
    return {
        "GET /v1/models": (200, {"object": "list", "data": [{"id": model, "object": "model"}]}),
        "POST /v1/completions": completion or (200, sentence),
        "POST /v1/chat/completions": (200, [{"choices": [{"delta": {"content": "Thank you for the conversation about the Airflow migration."}}]}, "[DONE]"]),
    }


def notes_file(tmp_path: Path, index: int = 0) -> Path:
    path = tmp_path / f"notes{index}.md"
    names = ["Dana Whitfield", "Raj Patel", "Mei Chen", "Olu Bello", "Ines Ruiz", "Tom Varga", "Aiko Sato", "Lena Berg"]
    companies = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove"]
    topics = ["ETL", "billing", "telemetry", "payments", "search", "ledger", "inventory", "catalog"]
    path.write_text(NOTES.format(name=names[index], company=companies[index], topic=topics[index]), encoding="utf-8")
    return path


def run_draft(*args: str, env: dict | None = None):
    base = {"DRAFT_BACKEND": None, "DRAFT_API_KEY": None, "DRAFT_MODEL": None, "DRAFT_CONFIG": os.devnull + ".none.toml"}
    return CliRunner().invoke(main, [*args, "--today", "2026-11-20"], env=base | (env or {}))


def one_line_error(result) -> str:
    lines = [line for line in result.output.strip().splitlines() if line.startswith("draft: error:")]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    return lines[0]


# -- errors: down, refused key, missing model, garbage ------------------------------------------


def test_a_server_that_is_down_is_a_one_line_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    line = one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url))
    assert "no server answers there (connection refused, 3 tries)" in line and url in line


def test_garbage_is_a_one_line_error(fake_server, tmp_path):
    url, _ = fake_server({"*": (200, "<html>hello, this is not an API</html>")})
    line = one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url))
    assert "the answer to /models is not JSON" in line


def test_json_that_is_not_a_model_list_is_a_one_line_error(fake_server, tmp_path):
    url, _ = fake_server({"GET /v1/models": (200, {"models": "yes"})})
    assert "is not an OpenAI model list" in one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url))


def test_a_garbled_stream_is_a_one_line_error(fake_server, tmp_path):
    routes = openai_routes() | {"POST /v1/chat/completions": (200, ["{not json", "[DONE]"])}
    url, _ = fake_server(routes)
    line = one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url, "--strategy", "free"))
    assert "streamed answer to /chat/completions is not JSON" in line


def test_a_refused_key_is_a_one_line_error_that_never_shows_the_key(fake_server, tmp_path):
    url, received = fake_server({"*": (401, {"error": {"message": "Invalid API key"}})})
    result = run_draft("--notes", str(notes_file(tmp_path)), "--backend", url, env={"DRAFT_API_KEY": KEY})
    line = one_line_error(result)
    assert "refused the API key (HTTP 401)" in line and KEY not in result.output
    assert received[0]["authorization"] == f"Bearer {KEY}"


def test_a_model_the_server_does_not_have_is_a_one_line_error(fake_server, tmp_path):
    url, _ = fake_server(openai_routes())
    line = one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url, "--model", "qwen9:70b"))
    assert "model 'qwen9:70b' not found on the server (it lists: fake-3b)" in line


def test_a_busy_server_is_retried_with_backoff(fake_server):
    calls = []

    def busy_then_fine(body):
        calls.append(time.perf_counter())
        return (503, {"error": "busy"}) if len(calls) < 3 else (200, {"object": "list", "data": [{"id": "m-1b"}]})

    url, _ = fake_server({"GET /v1/models": (200, busy_then_fine)})
    generator = ServerGenerator(url + "/v1")
    assert generator.model == "m-1b" and len(calls) == 3
    assert calls[2] - calls[0] >= 1.4  # 0.5 s then 1 s


def test_tls_is_verified(monkeypatch):
    seen = {}
    original = httpx.Client.__init__

    def spy(self, *args, **kwargs):
        seen.update(kwargs)
        original(self, *args, **kwargs)

    monkeypatch.setattr(httpx.Client, "__init__", spy)
    with pytest.raises(ModelError):
        ServerGenerator(f"https://127.0.0.1:{free_port()}", timeout=1)
    assert seen.get("verify", True) is True


# -- what is sent ---------------------------------------------------------------------------------


def test_json_shows_exactly_what_was_sent_and_nothing_private(fake_server, tmp_path):
    url, received = fake_server(openai_routes())
    result = run_draft("--notes", str(notes_file(tmp_path)), "--backend", url, "--strategy", "free", "--attempts", "1",
                       "--json", env={"DRAFT_API_KEY": KEY})
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    sent = data["backend"]["sent"]
    generation = [r["body"] for r in received if r["path"] in ("/v1/completions", "/v1/chat/completions")]
    assert [s["body"] for s in sent] == generation and generation
    everything = json.dumps(generation)
    assert "burnt coffee" not in everything and "salary" not in everything  # private notes items never leave
    assert "Notes to self" not in everything  # nor the raw notes text
    assert KEY not in result.stdout and KEY not in everything
    assert data["backend"]["capabilities"]["template"] == "chat-endpoint"  # no template endpoint, no local GGUF


def test_a_server_without_a_chat_template_gets_chat_messages(fake_server, tmp_path):
    url, received = fake_server(openai_routes())
    generator = ServerGenerator(url)
    completion = generator.complete(generator.chat_prompt("You write emails.", "Recall the migration."), max_tokens=40,
                                    stop=[], temperature=0.7, seed=1)
    assert completion.text == "Thank you for the conversation about the Airflow migration."
    request = received[-1]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["messages"][1] == {"role": "user", "content": "Recall the migration."}
    assert generator.n_params == 3_000_000_000  # from the model's name


def test_the_guard_stops_a_stream_early(fake_server):
    url, _ = fake_server(openai_routes())
    generator = ServerGenerator(url)
    completion = generator.complete("raw prompt", max_tokens=40, stop=[], temperature=0.7, seed=1, guard=lambda text: "team" in text)
    assert completion.stopped_by_guard and completion.text == " I especially valued hearing how your team"


def test_mean_logprob_reads_aligned_and_shifted_answers():
    echoed = {"tokens": ["A", " b", " c"], "text_offset": [0, 1, 3], "token_logprobs": [None, -1.0, -3.0],
              "top_logprobs": [{" b": -0.5, " x": -2.0}, {" c": -0.25}, {"!": -0.1}]}
    assert _mean_logprob(echoed, 1, 5, "aligned") == -2.0
    assert _mean_logprob(echoed, 1, 5, "shifted") == pytest.approx((-0.5 - 0.25) / 2)
    assert _mean_logprob(echoed, 3, 5, "shifted") == -0.25


# -- a real llama-cpp-python server ---------------------------------------------------------------

SERVER_MAIN = """
import runpy
try:  # llama.cpp's repacked weights crash on CPUs that report AMX in VMs that do not grant it
    from draft.model import disable_weight_repacking
    disable_weight_repacking()
except ImportError:
    pass
runpy.run_module("llama_cpp.server", run_name="__main__", alter_sys=True)
"""


@pytest.fixture(scope="module")
def llama_server():
    """The default model behind llama-cpp-python's OpenAI-compatible server, with an API key; always stopped."""
    pytest.importorskip("llama_cpp.server", reason="pip install '.[server]'")
    model = packaged_gguf(DEFAULT_MODEL_PACKAGE)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_MAIN, "--model", str(model), "--host", "127.0.0.1", "--port", str(port),
         "--api_key", KEY, "--n_ctx", "2048"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/models", headers={"Authorization": f"Bearer {KEY}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the llama-cpp-python server did not start within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DRAFT_")}
    environment |= {"DRAFT_CONFIG": os.devnull + ".none.toml", "DRAFT_CACHE_DIR": "off"} | (env or {})
    return subprocess.run([sys.executable, "-m", "draft", *args], capture_output=True, text=True, env=environment, timeout=300, cwd=ROOT)


KINDS = ["thank-you", "status-check", "second-check", "handwritten", "linkedin", "phone", "feedback-request", "keep-in-touch"]


@pytest.mark.e2e
def test_every_kind_drafted_through_the_server_passes_draft_check(llama_server, tmp_path):
    notes = notes_file(tmp_path)
    runner = CliRunner()
    env = {"DRAFT_API_KEY": KEY, "DRAFT_BACKEND": None, "DRAFT_MODEL": None, "DRAFT_CONFIG": os.devnull + ".none.toml", "DRAFT_CACHE_DIR": "off"}
    for kind in KINDS:
        result = runner.invoke(main, ["--notes", str(notes), "--backend", llama_server, "--kind", kind, "--strategy", "free",
                                      "--attempts", "1", "--today", "2026-12-20", "--force", "--json"], env=env)
        assert result.exit_code == 0, (kind, result.output)
        data = json.loads(result.stdout)
        assert any(r["endpoint"].endswith("/v1/completions") for r in data["backend"]["sent"]), kind
        draft_file = tmp_path / f"{kind}.txt"
        draft_file.write_text(data["text"], encoding="utf-8")
        check = runner.invoke(main, ["check", str(draft_file), "--notes", str(notes), "--kind", kind], env=env)
        assert check.exit_code == 0, (kind, check.output)


@pytest.mark.e2e
def test_the_real_server_wrong_key_is_a_one_line_error(llama_server, tmp_path):
    result = cli("--notes", str(notes_file(tmp_path)), "--backend", llama_server, "--today", "2026-11-20",
                 env={"DRAFT_API_KEY": "sk-wrong-key"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "refused the API key (HTTP 401)" in result.stderr
    assert "sk-wrong-key" not in result.stderr + result.stdout


@pytest.mark.e2e
def test_the_real_server_capabilities_and_scores(llama_server):
    generator = ServerGenerator(llama_server, api_key=KEY, capabilities={"logprobs": True})
    caps = generator.probe_all()
    assert caps.template == "gguf"  # llama-cpp-python names its model by path: the template comes from the header
    assert caps.logprobs and caps.alignment == "shifted" and caps.grammar is True
    scores = generator.score("The capital of France is", [" Paris.", " a purple elephant."])
    likely, unlikely = scores.values
    assert likely > unlikely
    assert scores.prompt_tokens >= 8 and scores.scored_tokens >= 4 and scores.seconds > 0  # one echo of the whole prompt per candidate
    assert generator.n_params == pytest.approx(134_515_008)
    assert ServerGenerator(llama_server, api_key=KEY).score("The capital of France is", [" Paris."]) is None  # too slow unless forced


@pytest.mark.e2e
def test_eight_drafts_at_once_keep_their_own_notes(llama_server, tmp_path):
    files = [notes_file(tmp_path, index) for index in range(8)]

    def one(path: Path) -> tuple[Path, subprocess.CompletedProcess]:
        return path, cli("--notes", str(path), "--backend", llama_server, "--strategy", "free", "--attempts", "1",
                         "--today", "2026-11-20", "-q", env={"DRAFT_API_KEY": KEY})

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, files))
    companies = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove"]
    for index, (path, result) in enumerate(results):
        assert result.returncode == 0, result.stderr
        assert companies[index] in result.stdout
        assert not any(other in result.stdout for other in companies if other != companies[index]), result.stdout
