"""Cut each notes file of the corpus into the units the learned understanding reads, for the annotators.

    python -m training.units training/corpus/notes/w01 [...]

writes ``X.units.json`` beside each ``X.md`` (header, kind from the writer's manifest, numbered units
with their headings). The units are exactly what ``draft`` reads at run time (``draft.understanding.units``),
so an annotation is an example of the model's real input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from draft.errors import DraftError
from draft.notes import Notes, parse_notes, split_front_matter
from draft.understanding.lines import split_lines
from draft.understanding.models import NoteLine


def header_and_units(text: str) -> tuple[dict, list[NoteLine]]:
    """The header an annotator needs and the units of the body, as ``draft`` reads them."""
    notes: Notes = parse_notes(text)
    header = {"interviewers": notes.interviewers, "company": notes.company, "role": notes.role, "sender": notes.sender or ""}
    return header, notes.units


def _body(text: str) -> str:
    try:
        return split_front_matter(text)[1]
    except DraftError:  # front matter the parser refuses: the body is what follows its closing '---'
        parts = text.split("\n---", 2)
        return parts[-1] if len(parts) == 3 else text


def manifest(folder: Path) -> dict[str, dict]:
    path = folder / "manifest.jsonl"
    if not path.exists():
        return {}
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {entry["file"]: entry for entry in entries}


def unit_file(path: Path, kind: str) -> dict:
    text = path.read_text(encoding="utf-8")
    try:
        header, units = header_and_units(text)
        problem = None
    except DraftError as error:  # kept for annotation all the same: valid notes must get a draft (a finding to fix)
        header, units, problem = {}, split_lines(_body(text)), error.problem
    return {
        "file": f"{path.parent.name}/{path.name}",
        "kind": kind,
        "header": header,
        "parse_problem": problem,
        "units": [{"id": i, "heading": u.heading or "", "text": u.text} for i, u in enumerate(units, 1)],
    }


def main(folders: list[str]) -> None:
    for folder in map(Path, folders):
        kinds = manifest(folder)
        for path in sorted(folder.glob("*.md")):
            kind = kinds.get(path.name, {}).get("kind", "thank-you")
            data = unit_file(path, kind)
            path.with_suffix(".units.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            if data["parse_problem"]:
                print(f"{path}: {data['parse_problem']}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
