"""A blind panel over a corpus split: `draft`'s drafts beside the capable writer's reference messages.

    python -m training.panel build --split test --system learned=DIR --system rules-only=DIR --out DIR [--packets 2]
    python -m training.panel score --out DIR

Every notes file of the split is shown with each system's draft and the annotator's reference message, under
random ids, shuffled, in packets (all drafts of one notes file in the same packet); two readers rate each packet
on their own (benchmarks/panel.py's rubric). A file a system drew no draft for is counted as 'no draft', not
shown. The key (id -> file, system) is written to ``keys/``, outside the packets: readers never see it.
"""

from __future__ import annotations

import argparse
import json
import random
import uuid
from pathlib import Path

from benchmarks.panel import KeyEntry, PacketItem, read_key, read_ratings, score_table, write_panel
from training.dataset import CORPUS, annotations, splits

REFERENCE = "reference"
KIND_NAMES = {"thank-you": "thank-you email", "status-check": "status check email", "feedback-request": "reply to a rejection asking for feedback",
              "keep-in-touch": "reply to a rejection, keeping in touch", "linkedin": "LinkedIn message"}


def build(split: str, systems: dict[str, Path], out: Path, packets: int, seed: int) -> None:
    draw = random.Random(seed)
    found = annotations(splits()[split])
    draw.shuffle(found)
    missing: dict[str, list[str]] = {name: [] for name in systems}
    groups: list[list[PacketItem]] = [[] for _ in range(packets)]
    for index, annotation in enumerate(found):
        notes = (CORPUS / "notes" / annotation.file).read_text(encoding="utf-8")
        drafts = {REFERENCE: annotation.reference}
        for name, folder in systems.items():
            path = folder / (annotation.file.replace("/", "__").removesuffix(".md") + ".txt")
            if path.is_file():
                drafts[name] = path.read_text(encoding="utf-8")
            else:
                missing[name].append(annotation.file)
        for name, text in drafts.items():
            key = KeyEntry(case=annotation.file, corpus=split, kind=annotation.kind, model=name, strategy=name, seed=0)
            groups[index % packets].append(PacketItem(id=uuid.UUID(int=draw.getrandbits(128)).hex[:8], notes=notes,
                                                      kind=KIND_NAMES.get(annotation.kind, annotation.kind), draft=text, key=key))
    (out / "keys").mkdir(parents=True, exist_ok=True)
    for number, items in enumerate(groups, 1):
        draw.shuffle(items)
        write_panel(out / f"packet-{number}", items)
        (out / f"packet-{number}" / "key.json").replace(out / "keys" / f"packet-{number}.json")  # readers never see it
    (out / "no-draft.json").write_text(json.dumps(missing, indent=1) + "\n", encoding="utf-8")
    print(f"{sum(map(len, groups))} items in {packets} packet(s) under {out}; no draft: " + ", ".join(f"{k} {len(v)}" for k, v in missing.items()))


def score(out: Path) -> None:
    key, readers = {}, []
    for packet in sorted(p for p in out.glob("packet-*") if p.is_dir()):
        packet_key = read_key(out / "keys" / f"{packet.name}.json")
        key |= packet_key
        readers += [read_ratings(path, packet_key) for path in sorted(packet.glob("ratings-*.jsonl"))]
    print(score_table(readers, key))
    missing = json.loads((out / "no-draft.json").read_text(encoding="utf-8"))
    print("\nNo draft: " + ", ".join(f"{name} {len(files)}" for name, files in missing.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    built = sub.add_parser("build")
    built.add_argument("--split", default="test")
    built.add_argument("--system", action="append", default=[], help="NAME=DIR of drafts (training.evaluate --drafts)")
    built.add_argument("--out", type=Path, required=True)
    built.add_argument("--packets", type=int, default=1)
    built.add_argument("--seed", type=int, default=16)
    scored = sub.add_parser("score")
    scored.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "build":
        build(args.split, {name: Path(folder) for name, folder in (s.split("=", 1) for s in args.system)}, args.out, args.packets, args.seed)
    else:
        score(args.out)


if __name__ == "__main__":
    main()
