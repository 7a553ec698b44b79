"""The annotated corpus as training examples: one per notes unit, split by writer.

    python -m training.dataset            # counts per split and class

An annotation (``corpus/annotations/<writer>/<file>.ann.json``) holds every unit of one notes file with its
class, the sentence to say (or SKIP) and the pieces that must stay private, and the whole reference message.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from draft.understanding.reading import CLASSES, SAYABLE_CLASSES, SKIP, UnitContext, answer_text, user_text

CORPUS = Path(os.environ.get("DRAFT_TRAINING_CORPUS") or Path(__file__).parent / "corpus")


class AnnotatedUnit(BaseModel):
    id: int
    heading: str = ""
    text: str
    cls: str = Field(alias="class")
    about: str = ""
    say: str = SKIP
    private: list[str] = Field(default_factory=list)

    @field_validator("cls")
    @classmethod
    def _known(cls, value: str) -> str:
        value = value.strip().lower().replace(" ", "_")
        if value not in CLASSES:
            raise ValueError(f"unknown class {value!r}")
        return value

    @property
    def said(self) -> str | None:
        say = " ".join(self.say.split())
        return None if not say or say.upper().startswith(SKIP) or self.cls not in SAYABLE_CLASSES else say


class Annotation(BaseModel):
    file: str
    kind: str = "thank-you"
    header: dict
    annotator: str = ""
    units: list[AnnotatedUnit]
    reference: str = ""

    @property
    def context(self) -> UnitContext:
        return UnitContext(kind=self.kind, interviewers=self.header.get("interviewers") or ["-"],
                           company=self.header.get("company") or "-", role=self.header.get("role") or "-")


class Example(BaseModel):
    writer: str
    file: str
    unit: int
    user: str
    answer: str
    cls: str
    say: str | None
    private: list[str]


def splits() -> dict[str, list[str]]:
    with (CORPUS / "splits.toml").open("rb") as handle:
        return tomllib.load(handle)


def annotations(writers: list[str]) -> list[Annotation]:
    found = []
    for writer in writers:
        for path in sorted((CORPUS / "annotations" / writer).glob("*.ann.json")):
            found.append(Annotation.model_validate_json(path.read_text(encoding="utf-8")))
    return found


def examples(split: str) -> list[Example]:
    out = []
    for annotation in annotations(splits()[split]):
        writer = annotation.file.split("/")[0]
        before = None
        for unit in annotation.units:
            out.append(Example(
                writer=writer, file=annotation.file, unit=unit.id,
                user=user_text(annotation.context, unit.heading, before, unit.text),
                answer=answer_text(unit.cls, unit.said), cls=unit.cls, say=unit.said, private=unit.private,
            ))
            before = unit.text
    return out


def main() -> None:
    for split in ("train", "dev", "test"):
        found = examples(split)
        files = {e.file for e in found}
        print(f"{split}: {len(files)} files, {len(found)} units, said {sum(e.say is not None for e in found)}; "
              + ", ".join(f"{c} {n}" for c, n in Counter(e.cls for e in found).most_common()))


if __name__ == "__main__":
    main()
