"""Render a finished draft as text, Markdown, JSON or an RFC 5322 message (.eml). (A plan as iCalendar: draft.reminders.)"""

from __future__ import annotations

import json
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate

from pathlib import Path

from draft.loop import DraftResult
from draft.notes import Notes
from draft.sanitize import normalize_text
from draft.text import parse_email
from draft.writing import write_file


def split_subject(text: str) -> tuple[str | None, str]:
    """The subject line (if any) and the rest of the message."""
    layout = parse_email(text)
    if layout.subject is None:
        return None, text.strip()
    return layout.subject.text, text[text.index("\n", layout.subject.end - 1) + 1 :].strip() if "\n" in text else ""


def render_result(result: DraftResult, notes: Notes, fmt: str, sender_email: str | None = None) -> str:
    subject, body = split_subject(result.text)
    if fmt == "markdown":
        head = f"**Subject:** {subject}\n\n" if subject else ""
        return head + markdown_lines(body) + "\n"
    if fmt == "json":
        data = {
            "kind": result.kind, "subject": subject, "body": body, "text": result.text,
            "source": result.source, "strategy": result.strategy, "model": result.model, "tone": result.tone,
            "checks_passed": result.report.passed, "rules_checked": result.report.rules_checked,
            "advice": [v.model_dump() for v in result.report.soft],
            "attempts": [a.model_dump() for a in result.attempts], "model_choices": result.model_choices,
            "tokens": {key: sum(getattr(a, key) for a in result.attempts) for key in ("prompt_tokens", "completion_tokens", "scored_tokens")},
            "left_out": result.left_out, "reading": result.reading.model_dump() if result.reading else None,
            "held_back": result.private_lines,
            "said_before": {"by": result.said_before_by, "lines": result.said_before} if result.said_before else None,
            "ignored_lines": result.ignored_lines, "seconds": round(result.seconds, 3),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "eml":
        return to_eml(subject, body, notes, sender_email)
    return result.text.rstrip("\n") + "\n"


def markdown_lines(text: str) -> str:
    """``text`` with each line break inside a paragraph kept when the Markdown is rendered (two trailing spaces,
    a hard break): the sign-off, the name and the signature block stay on their own lines, as do a call script's parts."""
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return "\n\n".join("  \n".join(line.rstrip() for line in paragraph.split("\n")) for paragraph in paragraphs)


def to_eml(subject: str | None, body: str, notes: Notes, sender_email: str | None = None) -> str:
    """A real RFC 5322 message, ready to open in a mail client: To from the notes' ``email:`` (or ``--to 'Name
    <address>'``), From from the settings' ``profile.email`` and the sender's name, and the Subject.

    Headers are built by the standard library from validated values (``Address`` for To and From,
    one normalized line for Subject), so no input can add a recipient or a header. A panel's
    address is written without a name: the notes do not say whose it is.
    """
    message = EmailMessage(policy=SMTP)
    if notes.email:
        message["To"] = Address(display_name=notes.interviewers[0] if len(notes.interviewers) == 1 else "", addr_spec=notes.email)
    if sender_email:
        message["From"] = Address(display_name=notes.sender or "", addr_spec=sender_email)
    if subject:
        message["Subject"] = normalize_text(subject, "the subject")
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"  # opens as a draft in Outlook and Apple Mail
    message.set_content(body + "\n")
    return message.as_bytes().decode("utf-8")


def write_output(content: str | bytes, out: Path, overwrite: bool = False) -> None:
    """Write ``content`` to ``out`` (exclusive creation; ``overwrite`` replaces only a regular file): see :mod:`draft.writing`."""
    write_file(out, content, overwrite)


def attempt_report(result: DraftResult) -> list[str]:
    """The stderr lines that say how the draft was made: each attempt, and where the final text came from."""
    lines = []
    if result.reading:
        r = result.reading
        lines.append(f"read {r.units} notes line(s) with the line classifier; {r.asked} worded by the model "
                     f"({'adapter ' + r.adapter if r.adapter else 'no adapter: worked examples'}): "
                     f"{r.said} to say, {f'{len(r.offered)} offered beside the draft, ' if r.offered else ''}{r.held_back} held back, "
                     f"{r.dropped} dropped by the gates; {r.seconds:.2f} s")
    if result.left_out:
        lines.append(f"left out {len(result.left_out)} least specific notes item(s) to fit the model's context: " + " | ".join(i[:50] for i in result.left_out))
    for attempt in result.attempts:
        if attempt.passed:
            outcome = "passed"
        elif attempt.failed_rules:
            outcome = "failed rules: " + ", ".join(attempt.failed_rules)
        elif attempt.problems:
            outcome = attempt.problems[-1]
        else:
            outcome = "sentences rejected by the quality filters"
        lines.append(
            f"attempt {attempt.number} ({attempt.strategy}): {outcome}; {attempt.generations} generation(s), "
            f"{attempt.scored} sentence(s) scored, {attempt.prompt_tokens} prompt + {attempt.completion_tokens} completion + "
            f"{attempt.scored_tokens} scored tokens, {attempt.seconds:.2f} s"
        )
    if result.source == "template":
        origin = "the fallback template"
    elif result.strategy == "free":
        origin = "the model (it wrote the body)"
    elif result.strategy == "body":
        origin = "the model with its body adapter (each sentence passed the gates)"
    else:
        origin = f"the frame, with the model's score choosing {result.model_choices} sentence(s) over the template's first choice"
    soft = f"; advice: {', '.join(sorted({v.rule for v in result.report.soft}))}" if result.report.soft else ""
    lines.append(f"written by {origin}; {len(result.report.rules_checked)} rules checked, every hard rule passes{soft}; {result.seconds:.2f} s")
    if result.private_lines:
        shown = " | ".join(line[:40] for line in result.private_lines[:4]) + (" | ..." if len(result.private_lines) > 4 else "")
        lines.append(f"held back {len(result.private_lines)} private notes line(s) (P1: never said to the interviewer): {shown}; move a line out of 'notes to self' to have it said")
    return lines
