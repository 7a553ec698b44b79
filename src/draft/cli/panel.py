"""``draft --each``: a panel's messages, one per interviewer, printed one after another or written one file each."""

from __future__ import annotations

import json
import re
from pathlib import Path

SEPARATOR = "===== message {number} of {count}: to {name} ====="


def separator(number: int, count: int, name: str) -> str:
    return SEPARATOR.format(number=number, count=count, name=name)


def joined(messages: list[tuple[str, str]], fmt: str) -> str:
    """The messages ``(interviewer, rendered text)`` as one output: a JSON list (each message with its ``to``), else
    each message under a separator line that names its interviewer."""
    if fmt == "json":
        return json.dumps([{"to": name} | json.loads(text) for name, text in messages], indent=2, ensure_ascii=False) + "\n"
    parts = [f"{separator(number, len(messages), name)}\n\n{text.rstrip()}\n"
             for number, (name, text) in enumerate(messages, start=1)]
    return "\n".join(parts)


def slug(name: str) -> str:
    """A file-name part for a person: 'Siobhán O'Neill' -> 'siobhan-oneill'."""
    from anyascii import anyascii

    words = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower().replace("'", "")).strip("-")
    return words or "interviewer"


def each_paths(out: Path, names: list[str]) -> list[Path]:
    """One file per interviewer beside ``out``: followup.eml -> followup-dana-whitfield.eml, followup-raj-patel.eml."""
    paths: list[Path] = []
    for name in names:
        base = f"{out.stem}-{slug(name)}"
        path, number = out.with_name(base + out.suffix), 2
        while path in paths:
            path, number = out.with_name(f"{base}-{number}{out.suffix}"), number + 1
        paths.append(path)
    return paths
