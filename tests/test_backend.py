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
        self.received.append({"method": method, "path": self.path, "body": body, "authorization": self.headers.get("Authorization")})
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


def stream(*pieces: str, finish: str | None = "stop") -> list:
    """A streamed completion; the last piece says why it ended (finish=None: a stream the server cut off)."""
    events = [{"choices": [{"text": piece, "index": 0, "finish_reason": None}]} for piece in pieces]
    events[-1]["choices"][0]["finish_reason"] = finish
    return events + ["[DONE]"]


def openai_routes(model: str = "fake-3b", completion=None) -> dict:
    sentence = stream(" I especially valued", " hearing how your team", " plans the migration.")
    return {
        "GET /v1/models": (200, {"object": "list", "data": [{"id": model, "object": "model"}]}),
        "POST /v1/completions": completion or (200, sentence),
        "POST /v1/chat/completions": (200, [{"choices": [{"delta": {"content": "Thank you for the conversation about the Airflow migration."}, "finish_reason": None}]},
                                              {"choices": [{"delta": {}, "finish_reason": "stop"}]}, "[DONE]"]),
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



def test_a_server_that_does_not_answer_in_time_is_a_one_line_error(fake_server, tmp_path):
    def slow(body):
        time.sleep(1.5)
        return 200, {"object": "list", "data": [{"id": "m-1b"}]}

    url, received = fake_server({"GET /v1/models": (200, slow)})
    settings = tmp_path / "config.toml"
    settings.write_text("[backend]\ntimeout = 0.5\n", encoding="utf-8")
    line = one_line_error(run_draft("--notes", str(notes_file(tmp_path)), "--backend", url, "--config", str(settings)))
    assert "the server did not answer within 0.5 s (3 tries)" in line
    assert len(received) == 3  # a bounded retry


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
    # every request the server received, in order, is listed: method, path and body (the probes marked as such)
    assert [(s["endpoint"].split()[0], s["endpoint"].split()[1].removeprefix(url), s["body"]) for s in sent] == \
        [(r["method"], r["path"], r["body"]) for r in received]
    generation = [s["body"] for s in sent if not s.get("probe")]
    assert generation and all(s["endpoint"] in (f"POST {url}/v1/completions", f"POST {url}/v1/chat/completions") for s in sent if not s.get("probe"))
    assert all(s.get("probe") for s in sent if s["endpoint"].startswith("GET") or "/apply-template" in s["endpoint"])
    everything = json.dumps([r["body"] for r in received])
    assert "burnt coffee" not in everything and "salary" not in everything  # private notes items never leave
    assert "Notes to self" not in everything  # nor the raw notes text
    assert KEY not in result.stdout and KEY not in everything
    assert data["backend"]["capabilities"]["template"] == "chat-endpoint"  # no template endpoint, no local GGUF



def generation_requests(received: list) -> list:
    return [r for r in received if r["path"] in ("/v1/completions", "/v1/chat/completions")]


def test_the_backend_comes_from_the_option_then_the_environment_then_the_settings(fake_server, tmp_path):
    by_option, option_received = fake_server(openai_routes())
    by_env, env_received = fake_server(openai_routes())
    by_file, file_received = fake_server(openai_routes())
    settings = tmp_path / "config.toml"
    settings.write_text(f'[defaults]\nbackend = "{by_file}/v1"\n', encoding="utf-8")
    notes = str(notes_file(tmp_path))
    args = ["--notes", notes, "--strategy", "free", "--attempts", "1", "-q"]

    assert run_draft(*args, "--config", str(settings)).exit_code == 0
    assert generation_requests(file_received) and not env_received and not option_received
    file_received.clear()
    assert run_draft(*args, "--config", str(settings), env={"DRAFT_BACKEND": by_env}).exit_code == 0
    assert generation_requests(env_received) and not file_received and not option_received
    env_received.clear()
    assert run_draft(*args, "--config", str(settings), "--backend", by_option, env={"DRAFT_BACKEND": by_env}).exit_code == 0
    assert generation_requests(option_received) and not env_received and not file_received


def test_the_settings_api_key_is_sent_and_never_shown(fake_server, tmp_path):
    url, received = fake_server(openai_routes())
    settings = tmp_path / "config.toml"
    settings.write_text(f'[defaults]\nbackend = "{url}"\n[backend]\napi_key = "{KEY}"\n', encoding="utf-8")
    result = run_draft("--notes", str(notes_file(tmp_path)), "--config", str(settings), "--strategy", "free", "--attempts", "1", "--json")
    assert result.exit_code == 0, result.output
    assert received and all(r["authorization"] == f"Bearer {KEY}" for r in received)
    assert KEY not in result.output
    shown = CliRunner().invoke(main, ["config", "show", "--config", str(settings)], env={"DRAFT_API_KEY": None})
    assert KEY not in shown.output and "backend.api_key = '********'" in shown.output
    key_from_env = run_draft("--notes", str(notes_file(tmp_path)), "--config", str(settings), "--strategy", "free", "--attempts", "1",
                             "-q", env={"DRAFT_API_KEY": "sk-from-the-environment"})
    assert key_from_env.exit_code == 0 and received[-1]["authorization"] == "Bearer sk-from-the-environment"  # $DRAFT_API_KEY wins


def test_draft_models_backend_lists_the_servers_models_and_what_it_offers(fake_server):
    def completion(body):  # a plain server: streams when asked, else one JSON choice, whatever else the request says
        return (200, stream(" blue.")) if body.get("stream") else (200, {"choices": [{"text": " blue", "index": 0}]})

    routes = openai_routes(completion=(200, completion)) | {"GET /v1/models": (200, {"object": "list", "data": [{"id": "fake-3b"}, {"id": "other-7b"}]})}
    url, _ = fake_server(routes)
    result = CliRunner().invoke(main, ["models", "--backend", url, "--json"], env={"DRAFT_CONFIG": os.devnull + ".none.toml", "DRAFT_API_KEY": None})
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["models"] == ["fake-3b", "other-7b"] and info["model"] == "fake-3b" and info["n_params"] == 3_000_000_000
    caps = info["capabilities"]
    # no echoed log-probabilities, one choice for n = 2, no 'yes' for the grammar
    assert caps["template"] == "chat-endpoint" and caps["logprobs"] is False and caps["n"] is False and caps["grammar"] is False


def test_draft_models_backend_on_a_server_that_is_down_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["models", "--backend", f"http://127.0.0.1:{free_port()}"], env={"DRAFT_CONFIG": os.devnull + ".none.toml"})
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "no server answers there" in result.output


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



def test_a_stream_the_server_cuts_off_is_asked_again_at_once(fake_server):
    """llama-cpp-python's server ends a stream early, with no finish_reason, when another request waits."""
    whole = " I especially valued hearing how your team plans the migration."

    def completion(body):
        return (200, stream(" I", finish=None)) if body["stream"] else (200, {"choices": [{"text": whole, "finish_reason": "stop"}],
                                                                            "usage": {"completion_tokens": 11}})

    url, received = fake_server(openai_routes(completion=(200, completion)))
    generator = ServerGenerator(url)
    completion_ = generator.complete("raw prompt", max_tokens=40, stop=[], temperature=0.7, seed=1)
    assert completion_.text == whole and completion_.completion_tokens == 11
    asked = [r["body"] for r in received if r["path"] == "/v1/completions"]
    assert [b["stream"] for b in asked] == [True, False] and asked[0] | {"stream": False} == asked[1]
    assert [s["body"] for s in generator.sent if not s.get("probe")] == asked  # --json lists both


def test_a_cut_off_stream_whose_second_answer_is_garbage_is_an_error(fake_server):
    def completion(body):
        return (200, stream(" I", finish=None)) if body["stream"] else (200, {"id": "x"})

    url, _ = fake_server(openai_routes(completion=(200, completion)))
    with pytest.raises(ModelError, match="the answer to /completions has no choices"):
        ServerGenerator(url).complete("raw prompt", max_tokens=40, stop=[], temperature=0.7, seed=1)


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
                         "--today", "2026-11-20", "--json", env={"DRAFT_API_KEY": KEY})

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, files))
    companies = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove"]
    for index, (path, result) in enumerate(results):
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        own, others = companies[index], [c for c in companies if c != companies[index]]
        assert own in data["text"] and not any(other in data["text"] for other in others), data["text"]
        asked = json.dumps([s["body"] for s in data["backend"]["sent"] if not s.get("probe")])
        assert own in asked and not any(other in asked for other in others)  # each run sent its own notes only
        assert data["checks_passed"], data["text"]


@pytest.mark.e2e
def test_eight_generations_at_once_in_one_process_get_their_own_answers(llama_server):
    """As the load benchmark runs: threads of one process, one generator each, sharing what was probed. Greedy
    decoding makes each prompt's answer a fixed text; eight at once must give each prompt that same text."""
    companies = ["Northwind", "Contoso", "Fabrikam", "Tailspin", "Litware", "Adatum", "Proseware", "Woodgrove"]

    def ask(company: str) -> str:
        generator = ServerGenerator(llama_server, api_key=KEY)
        prompt = generator.chat_prompt("You write short notes.", f"Write one sentence about the company {company} and its office.")
        text = generator.complete(prompt, max_tokens=24, stop=["\n"], temperature=0.0, seed=1).text
        asked = [s["body"] for s in generator.sent if not s.get("probe")]
        assert {b["prompt"] for b in asked} == {prompt} and [b["stream"] for b in asked] in ([True], [True, False]), asked
        return text  # only this thread's prompt was sent: streamed, and again at once if the server cut the stream off

    alone = {company: ask(company) for company in companies}
    assert len(set(alone.values())) > 1, alone  # the prompts do lead to different answers
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = dict(zip(companies, pool.map(ask, companies)))
    assert together == alone
