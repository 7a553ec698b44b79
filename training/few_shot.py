"""Worked examples for a model with no adapter (a 1-4B GGUF, a server): one short train unit of each class.

    python -m training.few_shot      # writes understanding/reading_examples.jsonl

Chosen from the train split only: per class, the shortest annotated unit whose writer's sentence (if any) passes
the gates, from different writers where possible.
"""

from __future__ import annotations

import json
from pathlib import Path

from draft.understanding.reading import CLASSES
from training.dataset import examples

OUT = Path(__file__).resolve().parents[1] / "understanding" / "reading_examples.jsonl"
WANTED = ["topic", "their_question", "my_answer", "forgot", "their_concern", "pay", "remark", "feeling", "instruction", "logistics"]


def main() -> None:
    chosen, writers = [], set()
    pool = sorted(examples("train"), key=lambda e: len(e.user))
    for cls in WANTED:
        candidates = [e for e in pool if e.cls == cls and (e.say is not None) == (cls in ("topic", "their_question", "my_answer", "forgot", "their_concern")) and 40 < len(e.user.split("Line:")[-1]) < 140]
        pick = next((e for e in candidates if e.writer not in writers), candidates[0] if candidates else None)
        if pick:
            chosen.append(pick)
            writers.add(pick.writer)
    assert all(e.cls in CLASSES for e in chosen)
    OUT.write_text("".join(json.dumps({"writer": e.writer, "file": e.file, "user": e.user, "answer": e.answer}, ensure_ascii=False) + "\n" for e in chosen), encoding="utf-8")
    print(f"{len(chosen)} examples -> {OUT}")


if __name__ == "__main__":
    main()
