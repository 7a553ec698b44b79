"""Write an output file (``--out``, ``--ics``) without ever losing or leaving anything.

* Without ``overwrite`` the file is created exclusively: the content goes to a private
  temporary file in the same folder, which is then hard-linked to the target name;
  ``link`` fails if the name exists, so a file created meanwhile (another run, the
  user) is never overwritten, and the target never appears half-written. Where hard
  links are unsupported, ``O_CREAT | O_EXCL`` does the same job.
* With ``overwrite`` only a regular file is replaced, atomically (``os.replace``); a
  symlink, a directory, a device or a FIFO is refused, never written through.
* The temporary name is unique (``tempfile``), so a user's own ``NAME.partial`` is
  never touched, and on any failure (a full disk...) it is removed: nothing is left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from draft.errors import DraftError
from draft.files import file_kind


class OutputError(DraftError):
    """An output file cannot be written where the user asked."""


def _existing_kind(out: Path) -> str | None:
    """None when nothing is at ``out``; 'regular' for a regular file; else what it is."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OutputError(f"cannot be written ({error.strerror})", out) from None
    if stat.S_ISREG(mode):
        return "regular"
    return "a symbolic link" if stat.S_ISLNK(mode) else file_kind(mode)


def _write_temp(folder: Path, name: str, data: bytes, mode: int | None = None) -> Path:
    """``data`` in a new private file in ``folder``, flushed to disk, then given ``mode`` (default: what the umask
    allows a new file); removed again on failure."""
    descriptor, temp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _create_exclusive(out: Path, temp: Path, data: bytes) -> None:
    try:
        os.link(temp, out)
        return
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
    # no hard links here (FAT, some network shares): exclusive creation, removed again on failure
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(out)
        raise


@contextlib.contextmanager
def _signals_end_the_write() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit (128 + the signal) while a file is written, as SIGINT raises
    KeyboardInterrupt: the ``finally`` below removes the temporary file instead of the process dying with the
    whole draft left in it (issue 17). A signal the process ignores (nohup) stays ignored; only in the main thread
    (the only one Python delivers signals to)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def end(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) not in (signal.SIG_IGN, None):
            previous[number] = signal.signal(number, end)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def write_file(out: Path, content: str | bytes, overwrite: bool = False, mode: int | None = None) -> None:
    """Write ``content`` to ``out``: never over an existing file without ``overwrite``, never
    through a symlink or onto a non-regular file, nothing left behind on failure. ``mode``: the
    file's permissions (0o600 for a file that may hold a secret), else what the umask allows."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    existing = _existing_kind(out)
    if existing not in (None, "regular"):
        raise OutputError(f"is {existing}; give the path of a regular file to write", out)
    if existing == "regular" and not overwrite:
        raise OutputError("already exists; pass --overwrite to replace it", out)
    folder = out.parent if str(out.parent) else Path(".")
    with _signals_end_the_write():
        _write(out, folder, data, overwrite, mode)


def _write(out: Path, folder: Path, data: bytes, overwrite: bool, mode: int | None) -> None:
    temp: Path | None = None
    try:
        temp = _write_temp(folder, out.name, data, mode)
        if overwrite:
            if _existing_kind(out) not in (None, "regular"):
                raise OutputError("was replaced by something that is not a regular file; not written", out)
            os.replace(temp, out)  # a rename replaces the name itself, never what a symlink points to
            temp = None
        else:
            _create_exclusive(out, temp, data)
    except FileExistsError:
        raise OutputError("already exists (created while the draft was being written); pass --overwrite to replace it", out) from None
    except IsADirectoryError:
        raise OutputError("is a directory; give the path of a regular file to write", out) from None
    except OSError as error:
        raise OutputError(f"cannot be written ({error.strerror or error})", out) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
