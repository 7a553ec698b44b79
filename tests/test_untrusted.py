"""Every input is untrusted, not only the notes (issue 17): the server, the settings, the history, special files
and signals. One test (or a few) per class of the issue, through the real CLI where the issue asks for it.

The backend cases run a fake OpenAI-compatible server on 127.0.0.1 whose answers the test scripts; every wait is
bounded (the settings' backend.timeout is a few seconds, joins and reads have timeouts)."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from draft.cli import main

NOTES = """---
interviewer: Dana Whitfield
company: Northwind Analytics
role: Data Engineer
interview_date: 2026-11-20
sender: Alex Moreno
---
## What we discussed
- Migrating the ETL pipeline from cron to Airflow
## I forgot to mention
- I cut warehouse spend by 30% in a cost review
## Notes to self
- salary range 120-140k?? ask the recruiter about the equity split
- the office smelled of burnt coffee and the team looked exhausted
"""
PRIVATE = ["salary range 120-140k?? ask the recruiter about the equity split", "the office smelled of burnt coffee and the team looked exhausted"]


# -- a fake OpenAI-compatible server ----------------------------------------------------------------------------

Answer = Callable[[BaseHTTPRequestHandler, dict | None], None]


class FakeServer(BaseHTTPRequestHandler):
    """Routes 'METHOD /path' to a function(handler, body) that writes the answer (so it can drip, stall or flood)."""

    routes: dict[str, Answer] = {}
    received: list = []

    def log_message(self, *args) -> None:
        pass

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.received.append({"method": method, "path": self.path, "body": body})
        answer = self.routes.get(f"{method} {self.path}") or self.routes.get("*") or not_found
        try:
            answer(self, body)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the client hung up: what a bounded client does

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")


def not_found(handler, body) -> None:
    json_answer(404, {"error": "no such path"})(handler, body)


def json_answer(status: int, payload) -> Answer:
    def answer(handler, body) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return answer


def sse(events: list) -> Answer:
    def answer(handler, body) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.end_headers()
        for event in events:
            handler.wfile.write(f"data: {event if isinstance(event, str) else json.dumps(event)}\n\n".encode())

    return answer


def chat_events(text: str) -> list:
    return [{"choices": [{"delta": {"content": text}, "finish_reason": None}]}, {"choices": [{"delta": {}, "finish_reason": "stop"}]}, "[DONE]"]


def models(*names: str) -> Answer:
    return json_answer(200, {"object": "list", "data": [{"id": name, "object": "model"} for name in names]})


def user_content(body: dict | None) -> str:
    messages = (body or {}).get("messages") or []
    return messages[-1]["content"] if messages else (body or {}).get("prompt", "")


def chat(write: Callable[[str], str]) -> Answer:
    """A chat endpoint whose answer is ``write(the last user message)``: the learned reader's prompts get a reading
    (the Airflow line a topic, every other line a remark), the body prompt gets what ``write`` says."""
    def answer(handler, body) -> None:
        content = user_content(body)
        line = re.search(r"^Line: (.*)$", content, re.MULTILINE)
        if line:
            if "Begin with: class: topic" in content:
                text = "class: topic\nsay: I enjoyed our conversation about migrating the ETL pipeline from cron to Airflow."
            else:
                text = "class: topic" if "Airflow" in line.group(1) else ("class: forgot" if "warehouse" in line.group(1) else "class: remark")
        else:
            text = write(content)
        sse(chat_events(text))(handler, body)

    return answer


@pytest.fixture
def server():
    """Start a scripted server: ``server(routes)`` -> (url, received); every server is shut down after the test."""
    started = []

    def start(routes: dict[str, Answer]):
        handler = type("Handler", (FakeServer,), {"routes": routes, "received": []})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        started.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}", handler.received

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def write_notes(tmp_path: Path, text: str = NOTES) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    return path


def settings_file(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def draft(*args: str, env: dict | None = None, input: str | None = None):
    base = {"DRAFT_BACKEND": None, "DRAFT_API_KEY": None, "DRAFT_MODEL": None, "DRAFT_CONFIG": os.devnull + ".none.toml"}
    return CliRunner().invoke(main, list(args), env=base | (env or {}), input=input)


def one_line_error(result, *fragments: str) -> str:
    lines = [line for line in result.output.strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("draft: error:")]
    assert result.exit_code == 2 and len(errors) == 1, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in errors[0], errors[0]
    return errors[0]


# -- 1. private lines never reach a prompt, first or retry ------------------------------------------------------


def test_a_server_that_echoes_a_private_line_never_gets_it_back(server, tmp_path):
    """The server's body says a private line (P1 fails), three attempts: no request body, first or retry, holds any
    private line's text, or the sentence of the server's that said it."""
    echo = "I enjoyed our conversation about migrating the ETL pipeline from cron to Airflow. " + PRIVATE[0] + ". " + PRIVATE[1] + "."
    url, received = server({"GET /v1/models": models("fake-3b"), "POST /v1/chat/completions": chat(lambda prompt: echo)})
    result = draft("--notes", str(write_notes(tmp_path)), "--backend", url, "--strategy", "free", "--attempts", "3",
                   "--today", "2026-11-20", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    bodies = [r["body"] for r in received if r["path"] == "/v1/chat/completions"]
    body_prompts = [b for b in bodies if "Write the body" in user_content(b)]
    assert len(body_prompts) == 3, "three attempts were asked of the server"
    assert any("P1" in a["failed_rules"] for a in data["attempts"]), data["attempts"]  # the echo was caught
    assert "P1:" in user_content(body_prompts[1])  # the retry names the rule...
    everything = json.dumps([r["body"] for r in received]).casefold()
    for line in PRIVATE:  # ...never the private text, nor a piece of it
        for piece in (line, "120-140k", "equity split", "burnt coffee", "looked exhausted"):
            assert piece.casefold() not in everything, piece
    assert "120-140k" not in data["text"] and "burnt coffee" not in data["text"]


def test_check_still_shows_the_user_which_private_line_a_draft_says(tmp_path):
    """The user's own 'draft check' keeps the detail the retry feedback leaves out."""
    message = tmp_path / "draft.txt"
    message.write_text("Subject: Thank you\n\nDear Dana,\n\nThank you for the conversation about migrating the ETL pipeline "
                       "from cron to Airflow. The office smelled of burnt coffee and the team looked exhausted.\n\n"
                       "I remain very interested in the Data Engineer role at Northwind Analytics.\n\nBest regards,\nAlex Moreno\n")
    result = draft("check", str(message), "--notes", str(write_notes(tmp_path)))
    assert "P1" in result.output and "private: the office smelled" in result.output


# -- 2. text from the server or the settings is normalized before it is checked or printed ---------------------

HOSTILE = "\u202e\x1bc\x07\x1b]0;pwned\x07\x1b[2J\u2066"
BODY = ("Thank you for taking the time to speak with me about the Data Engineer role at Northwind Analytics.{0} I enjoyed "
        "our conversation about migrating the ETL pipeline from cron to Airflow. I remain very interested in the role{0} "
        "and would welcome the chance to contribute to the team.{0}")


def no_control(text: str) -> bool:
    return not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)


def test_escapes_and_bidi_from_the_servers_text_never_reach_the_draft(server, tmp_path):
    url, _ = server({"GET /v1/models": models("fake-3b"), "POST /v1/chat/completions": chat(lambda prompt: BODY.format(HOSTILE))})
    notes = str(write_notes(tmp_path))
    result = draft("--notes", notes, "--backend", url, "--strategy", "free", "--attempts", "1", "--today", "2026-11-20", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "model" and "Airflow" in data["body"], data  # the server's text was used...
    assert no_control(result.output), repr(result.output)  # ...without what a terminal or a mail client would run
    out = tmp_path / "draft.eml"
    result = draft("--notes", notes, "--backend", url, "--strategy", "free", "--attempts", "1", "--today", "2026-11-20",
                   "--format", "eml", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert no_control(out.read_text(encoding="utf-8").replace("\r\n", "\n")) and no_control(result.output)


def test_escapes_in_a_servers_error_or_model_id_never_reach_the_terminal(server, tmp_path):
    url, _ = server({"GET /v1/models": models("evil\x1b]0;pwned\x07\u202e-3b"),
                     "POST /v1/chat/completions": json_answer(503, {"error": {"message": "overloaded\x1bc\x07\u202e now"}})})
    result = draft("--notes", str(write_notes(tmp_path)), "--backend", url, "--strategy", "free", "--attempts", "1", "--today", "2026-11-20")
    assert no_control(result.output), repr(result.output)
    assert "evil" in result.output and "overloaded now" in result.output  # said, cleaned
    listing = draft("models", "--backend", url)
    assert listing.exit_code == 0 and "evil" in listing.output and no_control(listing.output), repr(listing.output)


def test_the_settings_profile_is_normalized_or_refused(tmp_path):
    notes = write_notes(tmp_path, NOTES.replace("sender: Alex Moreno\n", ""))
    config = settings_file(tmp_path, '[profile]\nname = "Alex\\u202e Moreno\\u0007"\nsignature = "Data engineer\\u0007\\nalex@example.com"\n')
    result = draft("--notes", str(notes), "--strategy", "template", "--config", str(config), "--today", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert "Alex Moreno" in result.stdout and no_control(result.output), repr(result.output)
    config.write_text('[profile]\nname = "Alex\\u001bc Moreno"\n', encoding="utf-8")
    result = draft("--notes", str(notes), "--strategy", "template", "--config", str(config), "--today", "2026-11-20")
    one_line_error(result, str(config), "profile.name", "escape")
    assert "\x1b" not in result.output


# -- 3. --backend has a total bound: a deadline per request, a cap on what is read ------------------------------


def drip(handler, body) -> None:
    """Headers at once, then one byte every 0.2 s (for at most 20 s): each read succeeds, the answer never ends."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    for byte in (b'data: {"choices": [{"delta": {"content": "Thank you' * 10)[:100]:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.2)


def endless_stream(handler, body) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/event-stream")
    handler.end_headers()
    event = f"data: {json.dumps(chat_events(' and more')[0])}\n\n".encode()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        handler.wfile.write(event * 50)


def endless_body(handler, body) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    handler.wfile.write(b'{"object": "list", "data": [')
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        handler.wfile.write(b'{"id": "m", "object": "model"},' * 1000)


def huge_completion(handler, body) -> None:
    sse(chat_events("Thank you " * 1_000_000))(handler, body)  # 10 MB of text in one event


@pytest.mark.parametrize("routes, expected", [
    ({"POST /v1/chat/completions": drip}, "took over 2 s"),
    ({"POST /v1/chat/completions": endless_stream}, ""),
    ({"POST /v1/chat/completions": huge_completion}, "over 4 MB"),
    ({"GET /v1/models": endless_body}, "over 4 MB"),
], ids=["one-byte-every-0.2s", "endless-stream", "10-MB-completion", "endless-model-list"])
def test_a_server_that_drips_floods_or_never_ends_is_a_one_line_error_in_bounded_time(server, tmp_path, routes, expected):
    url, _ = server({"GET /v1/models": models("fake-3b")} | routes)
    config = settings_file(tmp_path, "[backend]\ntimeout = 2\n")
    started = time.monotonic()
    result = draft("--notes", str(write_notes(tmp_path)), "--backend", url, "--config", str(config), "--strategy", "free",
                   "--attempts", "1", "--today", "2026-11-20")
    assert time.monotonic() - started < 15
    line = one_line_error(result, url)
    assert expected in line and ("took over 2 s" in line or "over 4 MB" in line), line
