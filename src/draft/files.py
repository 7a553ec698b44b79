"""Read the user's files safely: regular files only, a hard read limit, one-line errors that name the file.

The limit is enforced on the bytes actually read, never on ``st_size`` (``/dev/zero``
and pipes report 0). FIFOs, devices and directories are refused before any read, and
files are opened non-blocking so a FIFO cannot hang the open itself. ``-`` reads
standard input under the same limit.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from draft.errors import DraftError

STDIN = "-"
DEFAULT_MAX_BYTES = 1_000_000
_CHUNK = 65536


def file_kind(mode: int) -> str:
    """What a non-regular file is, for messages."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _read_limited(handle: BinaryIO, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` bytes of ``handle``; None when there is more."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = handle.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            return None


def open_regular(path: Path, error: type[DraftError], what: str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file; anything else is a one-line ``error``."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error("no such file", path) from None
    except PermissionError:
        raise error("cannot be read (permission denied)", path) from None
    except IsADirectoryError:
        raise error(f"is a directory, not {what}", path) from None
    except OSError as problem:
        raise error(f"cannot be read ({problem.strerror or problem})", path) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise error(f"is {file_kind(mode)}, not {what}; give a regular file", path)
    if hasattr(os, "set_blocking"):
        os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def read_bytes_bounded(path: Path, error: type[DraftError], what: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file (or stdin for ``-``), refusing more than ``max_bytes``."""
    limit = f"{max_bytes / 1e6:g} MB" if max_bytes >= 1_000_000 else f"{max_bytes / 1e3:g} KB"
    if str(path) == STDIN:
        stdin = getattr(sys.stdin, "buffer", None)
        if stdin is None or stdin.closed:
            raise error("standard input is closed: there is nothing to read (give a file, or pipe the text in)", "<stdin>")
        try:
            data = _read_limited(stdin, max_bytes)
        except (OSError, ValueError) as problem:
            raise error(f"cannot be read ({getattr(problem, 'strerror', None) or problem})", "<stdin>") from None
        if data is None:
            raise error(f"is over {limit}; input over {limit} is refused as {what} (keep the key points)", "<stdin>")
        return data
    try:
        with open_regular(path, error, what) as handle:
            data = _read_limited(handle, max_bytes)
    except OSError as problem:
        raise error(f"cannot be read ({problem.strerror or problem})", path) from None
    if data is None:
        raise error(f"is over {limit}; files over {limit} are refused as {what} (keep the key points)", path)
    return data


def read_text(path: Path, error: type[DraftError], what: str, max_bytes: int = DEFAULT_MAX_BYTES, *, missing_ok: bool = False) -> str | None:
    """The UTF-8 text of a regular file, at most ``max_bytes``; FIFOs, devices and directories refused without
    a read. ``missing_ok``: None for a file that does not exist (a settings file not written yet)."""
    if missing_ok and str(path) != STDIN and not os.path.exists(path):
        return None
    data = read_bytes_bounded(path, error, what, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise error(f"is not UTF-8 text (bad byte at offset {problem.start}); save it as UTF-8", "<stdin>" if str(path) == STDIN else path) from None


def read_user_text(path: Path, error: type[DraftError], what: str, empty: str, max_bytes: int | None = None) -> str:
    """The UTF-8 text of ``path`` (``what`` names the kind of file in messages; ``empty`` says what to write)."""
    text = read_text(path, error, what, max_bytes or DEFAULT_MAX_BYTES) or ""
    if not text.strip():
        raise error(f"is empty{': ' + empty if empty else ''}", "<stdin>" if str(path) == STDIN else path)
    return text
