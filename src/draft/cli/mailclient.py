"""``draft --open``: hand the message to the user's mail client through the desktop's opener.

With ``--format eml`` the .eml file is opened (``--out``, else a private temporary file): Outlook and
Apple Mail open it as a draft (``X-Unsent: 1``). Otherwise a ``mailto:`` link opens a new message
with To, Subject and body filled in. Nothing is sent: the mail client shows the message first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from draft.errors import DraftError
from draft.kinds import is_email, kind_spec

OPENABLE_FORMATS = ("text", "eml")


def refuse_open_early(kind: str, fmt: str) -> None:
    """Say before drafting what --open cannot open: a message that is not an email, or a format a mail client does not take."""
    if not is_email(kind):
        raise DraftError(f"--open: a {kind_spec(kind).label} is not an email; copy it from the output instead")
    if fmt not in OPENABLE_FORMATS:
        raise DraftError(f"--open works with --format text (a new message through a mailto: link) or eml (the .eml file), not {fmt}")


def mailto_url(address: str | None, subject: str | None, body: str) -> str:
    """A ``mailto:`` link (RFC 6068) with the recipient, subject and body; every character of them percent-encoded."""
    fields = [("subject", subject)] if subject else []
    fields.append(("body", body.replace("\r\n", "\n").replace("\n", "\r\n")))
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in fields)
    return f"mailto:{quote(address or '', safe='@')}?{query}"


def open_message(text: str, fmt: str, address: str | None, out: Path | None) -> str:
    """Open ``text`` (the printed message) in the mail client; returns what was handed over (for the report line)."""
    if fmt == "eml":
        target = str(out) if out is not None else _private_eml(text)
        _open(target)
        return target
    from draft.output import split_subject

    subject, body = split_subject(text)
    _open(mailto_url(address, subject, body))
    return "a new message (mailto:)"


def _private_eml(text: str) -> str:
    """A temporary .eml readable only by you (it stays for the mail client; the system's temp folder clears it)."""
    handle, path = tempfile.mkstemp(prefix="draft-", suffix=".eml")
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
        file.write(text)
    return path


def _open(target: str) -> None:
    """Hand ``target`` (a file path or a URL) to the desktop's opener: xdg-open, macOS's open, or Windows' default handler."""
    if sys.platform == "win32":
        try:
            os.startfile(target)  # type: ignore[attr-defined]
        except OSError as error:
            raise DraftError(f"--open: Windows could not open it ({error.strerror or error})") from None
        return
    name = "open" if sys.platform == "darwin" else "xdg-open"
    program = shutil.which(name)
    if program is None:
        raise DraftError(f"--open: there is no '{name}' to hand the message to; open the .eml yourself (--format eml --out FILE)")
    process = subprocess.Popen([program, target], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:  # some openers wait for the mail client: it is open
        return
    if code != 0:
        raise DraftError(f"--open: {name} could not open it (exit {code}); is a mail client set as the default?")
