"""Read the user's text files, turning every I/O problem into a one-line error that names the file."""

from __future__ import annotations

from pathlib import Path

from draft.errors import DraftError


def read_user_text(path: Path, error: type[DraftError], what: str, empty: str, max_bytes: int | None = None) -> str:
    """The UTF-8 text of ``path`` (``what`` names the kind of file in messages; ``empty`` says what to write)."""
    try:
        if path.is_dir():
            raise error(f"is a directory, not {what}", path)
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise error(f"is {size / 1e6:.1f} MB; {what} over {max_bytes / 1e6:.0f} MB are refused (keep the key points)", path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path) from None
    except PermissionError:
        raise error("cannot be read (permission denied)", path) from None
    except OSError as problem:
        raise error(f"cannot be read ({problem.strerror})", path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise error(f"is not UTF-8 text (bad byte at offset {problem.start}); save it as UTF-8", path) from None
    if not text.strip():
        raise error(f"is empty{': ' + empty if empty else ''}", path)
    return text
