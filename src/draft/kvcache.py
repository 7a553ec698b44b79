"""The disk cache of evaluated prompt prefixes (llama.cpp KV states), private and self-checking.

What is stored: ONLY the notes-independent prefix of the prompt (the static system part
rendered from ``prompts/``), keyed by the model file, the context size, the llama.cpp
version and the prefix text. Nothing derived from a notes file is ever written here:
the model asks :func:`store` only for prefixes it knows to be static.

Where: ``platformdirs.user_cache_dir("draft")/kv`` (``$XDG_CACHE_HOME/draft/kv`` on
Linux, ``~/Library/Caches/draft/kv`` on macOS), or ``$DRAFT_CACHE_DIR``; ``off``
disables it. The folder is 0700, files 0600. The total stays under ``MAX_CACHE_BYTES``
(oldest entries go first). Each file carries a SHA-256 of its payload, verified before
loading: a damaged, truncated, empty or foreign file is ignored and replaced, never
fatal. A folder that cannot be written (read-only) only means no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO

import platformdirs
from pydantic import BaseModel, ValidationError

from draft.errors import DraftError
from draft.files import open_regular

CACHE_ENV = "DRAFT_CACHE_DIR"
MAX_CACHE_BYTES = 64 * 1024 * 1024
SUFFIX = ".kvstate"
MAGIC = b"DRAFTKV2"
_HEADER = struct.Struct(">I")  # length of the JSON header that follows the magic
_MAX_HEADER_BYTES = 1 << 20


class EntryHeader(BaseModel):
    """What a cache file says about itself; checked against the request before the payload is trusted."""

    key: str
    tokens: list[int]
    size: int
    sha256: str


class CacheInfo(BaseModel):
    folder: str | None
    files: int
    bytes: int
    cap_bytes: int = MAX_CACHE_BYTES


def cache_root() -> Path:
    """The per-user cache folder of draft (platformdirs; honours ``XDG_CACHE_HOME``)."""
    return Path(platformdirs.user_cache_dir("draft", appauthor=False))


def configured_folder() -> Path | None:
    """Where KV states live, without creating anything; None when ``$DRAFT_CACHE_DIR`` is 'off'."""
    value = os.environ.get(CACHE_ENV, "")
    if value.lower() in ("off", "0", "none"):
        return None
    return Path(value).expanduser() if value else cache_root() / "kv"


def kv_dir() -> Path | None:
    """The cache folder, created 0700 if needed; None when disabled or not writable (no cache, no error)."""
    folder = configured_folder()
    if folder is None:
        return None
    try:
        created = not folder.exists()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if (created or not os.environ.get(CACHE_ENV)) and folder.stat().st_mode & 0o077:
            folder.chmod(0o700)  # a folder draft made; $DRAFT_CACHE_DIR's own folder keeps the modes its owner gave it
        if not os.access(folder, os.W_OK | os.X_OK):
            return None
    except OSError:
        return None
    _purge_foreign(folder)
    return folder


class _NotRegular(Exception):
    """A cache entry that is a named pipe, a device or a folder: never opened for reading, never removed."""


def _open_entry(file: Path) -> BinaryIO:
    """A cache file for reading, if it is a regular file (a FIFO would hang the open or the read)."""
    try:
        return open_regular(file, DraftError, "a cache file")
    except DraftError as error:
        if error.problem == "no such file":
            raise FileNotFoundError(file) from None
        raise _NotRegular(file) from None


# The names draft gives its files, and only those are ever removed (the folder may be shared, issue 17): an entry
# (a 40-hex-digit key), one of an older version (32 digits, which held whole prompts), that version's partial
# writes, and the temporary file of an interrupted write (tempfile's '.KEY.XXXXXXXX.tmp').
_ENTRY = re.compile(r"[0-9a-f]{40}\.kvstate")
_OLD_ENTRY = re.compile(r"[0-9a-f]{32}\.kvstate(?:\.partial\.npz)?")
_TEMPORARY = re.compile(r"\.[0-9a-f]{40}\.[a-z0-9_]{8}\.tmp")


def _own(folder: Path, *patterns: re.Pattern[str]) -> list[Path]:
    """The files of ``folder`` whose names are draft's, by ``patterns`` (regular files only)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / name for name in sorted(names) if any(p.fullmatch(name) for p in patterns) and (folder / name).is_file()]


def _purge_foreign(folder: Path) -> None:
    """Remove state files not in this format (older versions stored whole prompts, notes included): only files
    named as draft names them."""
    for file in _own(folder, _ENTRY, _OLD_ENTRY):
        try:
            with _open_entry(file) as handle:
                if handle.read(len(MAGIC)) == MAGIC:
                    continue
        except _NotRegular:
            continue
        except OSError:
            pass
        _remove(file)


def entry_key(model_id: str, prefix: str) -> str:
    """The cache key of one prefix for one model (``model_id``: file, size, mtime, context, backend version)."""
    return hashlib.sha256(f"{model_id}\0{prefix}".encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _remove(file: Path) -> None:
    with contextlib.suppress(OSError):
        file.unlink()


def load(folder: Path | None, key: str, tokens: list[int]) -> bytes | None:
    """The stored state for ``key`` if its file is whole, ours and for exactly ``tokens``; else None
    (and a bad file is removed so the next run replaces it)."""
    if folder is None:
        return None
    file = folder / f"{key}{SUFFIX}"
    try:
        with _open_entry(file) as handle:
            if handle.read(len(MAGIC)) != MAGIC:
                raise ValueError("not a draft cache file")
            (length,) = _HEADER.unpack(handle.read(_HEADER.size))
            if length > _MAX_HEADER_BYTES:
                raise ValueError("header too large")
            header = EntryHeader.model_validate_json(handle.read(length))
            if header.key != key or header.tokens != tokens or not 0 < header.size <= MAX_CACHE_BYTES:
                raise ValueError("a different entry")
            payload = handle.read(header.size + 1)
    except (FileNotFoundError, _NotRegular):
        return None
    except (OSError, ValueError, struct.error, ValidationError):
        _remove(file)
        return None
    if len(payload) != header.size or hashlib.sha256(payload).hexdigest() != header.sha256:
        _remove(file)
        return None
    return payload


def store(folder: Path | None, key: str, tokens: list[int], state: bytes) -> bool:
    """Write one entry atomically (0600), then trim the folder under the cap. False when it could not be written."""
    if folder is None or not state or len(state) > MAX_CACHE_BYTES:
        return False
    header = EntryHeader(key=key, tokens=tokens, size=len(state), sha256=hashlib.sha256(state).hexdigest())
    encoded = header.model_dump_json().encode()
    temp = None
    try:
        descriptor, temp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)  # 0600
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(MAGIC + _HEADER.pack(len(encoded)) + encoded)
            handle.write(state)
        os.replace(temp, folder / f"{key}{SUFFIX}")
        temp = None
    except OSError:
        return False
    finally:
        if temp is not None:
            _remove(Path(temp))
    trim(folder)
    return True


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    entries = []
    for file in _own(folder, _ENTRY):
        with contextlib.suppress(OSError):
            info = file.stat()
            entries.append((info.st_mtime, info.st_size, file))
    return sorted(entries)


def trim(folder: Path, cap: int = MAX_CACHE_BYTES) -> None:
    """Remove the oldest entries until the folder holds at most ``cap`` bytes."""
    entries = _entries(folder)
    total = sum(size for _, size, _ in entries)
    for _, size, file in entries:
        if total <= cap:
            break
        _remove(file)
        total -= size


def info() -> CacheInfo:
    folder = configured_folder()
    if folder is None or not folder.is_dir():
        return CacheInfo(folder=str(folder) if folder else None, files=0, bytes=0)
    entries = _entries(folder)
    return CacheInfo(folder=str(folder), files=len(entries), bytes=sum(size for _, size, _ in entries))


def clear() -> CacheInfo:
    """Remove every cache file draft wrote (KV states, leftovers of interrupted writes), known by their names; what
    was removed."""
    folder = configured_folder()
    removed = CacheInfo(folder=str(folder) if folder else None, files=0, bytes=0)
    if folder is None or not folder.is_dir():
        return removed
    for file in _own(folder, _ENTRY, _OLD_ENTRY, _TEMPORARY):  # never a file of someone else's in a shared folder
        with contextlib.suppress(OSError):
            size = file.stat().st_size
            file.unlink()
            removed.files += 1
            removed.bytes += size
    return removed


def describe_json(value: CacheInfo) -> str:
    return json.dumps(value.model_dump(), indent=2)
