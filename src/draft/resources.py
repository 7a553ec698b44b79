"""Where the data folders (prompts/, guardrails/) live: inside the wheel, or in the source tree."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Return the folder ``name`` ("prompts" or "guardrails").

    An installed wheel carries them under ``draft/_data``; an editable install or a
    checkout uses the top-level folders of the repository.
    """
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found next to the draft package")
