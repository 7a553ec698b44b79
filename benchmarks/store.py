"""Where a benchmark run's files go, and how a saved run is read back.

Results go to a folder the user names (``--results DIR``), by default ``benchmarks/`` in the user's data
folder (``$DRAFT_DATA_DIR``, else the platform's: beside the history), never into the checkout. The
drafts of a user's own notes are as private as the notes: the folder is made readable only by its owner
(0700) and each file 0600. A file is never replaced unless the user says so (``--overwrite``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from draft.errors import DraftError

SUFFIXES = (".json", ".md")


class RunFile(BaseModel):
    """A results file as ``python -m benchmarks`` writes it (older files may lack the records)."""

    meta: dict[str, Any] = Field(default_factory=dict)
    aggregates: list[dict[str, Any]]
    models: list[dict[str, Any]] = Field(default_factory=list)
    records: list[dict[str, Any]] = Field(default_factory=list)


def default_folder() -> Path:
    from draft.history import data_dir

    return data_dir() / "benchmarks"


def output_stem(out: str | None, folder: Path, prefix: str = "run") -> Path:
    """The path of a run's files without their suffix: ``--out NAME`` in the results folder, ``--out PATH``
    (one with a folder) where it says; by default ``<prefix>-<date>-<time>`` in the results folder."""
    if not out:
        return folder / f"{prefix}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    path = Path(out).expanduser()
    if path.suffix in SUFFIXES:
        path = path.with_suffix("")
    return path if path.is_absolute() or len(path.parts) > 1 else folder / path


def refuse_to_replace(stem: Path, overwrite: bool) -> None:
    existing = [str(stem.with_suffix(s)) for s in SUFFIXES if stem.with_suffix(s).exists()]
    if existing and not overwrite:
        raise DraftError(f"{existing[0]} already exists: choose another --out NAME, or pass --overwrite to replace it")


def write_files(stem: Path, data: dict[str, Any], markdown: str) -> tuple[Path, Path]:
    """The run's JSON and Markdown, in a folder only the user can read (files 0600)."""
    stem.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = stem.with_suffix(".json"), stem.with_suffix(".md")
    for path, text in zip(paths, (json.dumps(data, indent=2, default=str), markdown)):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
    return paths


def find_run(name: Path, folder: Path) -> Path:
    """A results file as the user names it: a path, or a name in the results folder (``baseline``, ``baseline.json``)."""
    candidates = [name, folder / name, folder / f"{name}.json"]
    for path in candidates:
        if path.is_file():
            return path
    tried = ", ".join(dict.fromkeys(str(p) for p in candidates))
    raise DraftError(f"no such results file (tried {tried})")


def read_run(path: Path) -> RunFile:
    try:
        return RunFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise DraftError(f"not a benchmark results file ({where}: {first['msg'].lower()})", path) from None
    except (OSError, ValueError) as error:
        raise DraftError(f"not a benchmark results file ({error.__class__.__name__}: {error})", path) from None
