"""Train the line classifier: what each notes unit is, and whether a careful writer would say it.

    python -m training.train_classifier [--epochs 300] [--out understanding/line_classifier.npz]

A linear model over hashed sparse features (``draft.understanding.line_features``): a softmax over the 13
classes and a sigmoid for "an annotator said something from this unit", trained together with Adam on the
train split (by writer, ``corpus/splits.toml``), the regularisation chosen on dev. Seconds on a laptop, no
extra dependency (numpy comes with llama-cpp-python). The weights ship as float16 (``line_classifier.npz``) with
a record of the dev figures (``line_classifier.json``) that a test checks the shipped file against.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from draft.understanding.line_features import BUCKETS, unit_features
from draft.understanding.reading import CLASSES, SAYABLE_CLASSES
from training.dataset import Annotation, annotations, splits

OUT = Path(__file__).resolve().parent.parent / "understanding" / "line_classifier.npz"


class Matrix:
    """Examples as padded index rows (a sparse 0/1 design matrix) with their targets."""

    def __init__(self, found: list[Annotation]):
        rows, classes, said, files = [], [], [], []
        for number, annotation in enumerate(found):
            rows += unit_features(annotation.kind, annotation.units)
            for unit in annotation.units:
                classes.append(CLASSES.index(unit.cls))
                said.append(1.0 if unit.said else 0.0)
                files.append(number)
        width = max(len(r) for r in rows)
        self.index = np.zeros((len(rows), width), dtype=np.int64)
        self.mask = np.zeros((len(rows), width), dtype=np.float32)
        for i, row in enumerate(rows):
            self.index[i, : len(row)] = row
            self.mask[i, : len(row)] = 1.0
        self.cls = np.array(classes)
        self.said = np.array(said, dtype=np.float32)
        self.files = np.array(files)


def forward(weights: np.ndarray, data: Matrix) -> np.ndarray:
    return (weights[data.index] * data.mask[:, :, None]).sum(axis=1)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def train(data: Matrix, epochs: int, l2: float, rate: float = 0.05, progress=print) -> np.ndarray:
    """Full-batch Adam on mean cross-entropy (classes) + binary cross-entropy (said), L2 on the weights."""
    outputs = len(CLASSES) + 1
    weights = np.zeros((BUCKETS, outputs), dtype=np.float32)
    first = np.zeros_like(weights)
    second = np.zeros_like(weights)
    n = len(data.cls)
    onehot = np.eye(len(CLASSES), dtype=np.float32)[data.cls]
    for epoch in range(1, epochs + 1):
        logits = forward(weights, data)
        probs = softmax(logits[:, :-1])
        said = 1 / (1 + np.exp(-logits[:, -1]))
        delta = np.concatenate([probs - onehot, (said - data.said)[:, None]], axis=1) / n
        flat = data.index.ravel()
        grad = np.stack([np.bincount(flat, (delta[:, None, j] * data.mask).ravel(), minlength=BUCKETS) for j in range(outputs)], axis=1)
        grad = grad.astype(np.float32) + l2 * weights
        first = 0.9 * first + 0.1 * grad
        second = 0.999 * second + 0.001 * grad * grad
        weights -= rate * (first / (1 - 0.9 ** epoch)) / (np.sqrt(second / (1 - 0.999 ** epoch)) + 1e-8)
        if epoch % 50 == 0:
            loss = -np.log(probs[np.arange(n), data.cls] + 1e-9).mean()
            progress(f"epoch {epoch}: class loss {loss:.3f}")
    return weights


def measure(weights: np.ndarray, data: Matrix, top: int = 3, floor: float = 0.5) -> dict:
    """Class accuracy; said-or-not accuracy; and precision first: per file, the ``top`` units most likely said (and
    above ``floor``), how many an annotator said, and how many the annotation keeps back (a class never said)."""
    logits = forward(weights, data)
    probs = softmax(logits[:, :-1])
    said = 1 / (1 + np.exp(-logits[:, -1]))
    sayable = np.array([CLASSES[c] in SAYABLE_CLASSES for c in range(len(CLASSES))])
    p_say = said * probs[:, sayable].sum(axis=1)
    picked = gold = private = 0
    files_with_pick = 0
    for number in np.unique(data.files):
        rows = np.where(data.files == number)[0]
        chosen = [r for r in rows[np.argsort(-p_say[rows])][:top] if p_say[r] >= floor]
        files_with_pick += bool(chosen)
        picked += len(chosen)
        gold += int(data.said[chosen].sum())
        private += sum(CLASSES[data.cls[r]] not in SAYABLE_CLASSES for r in chosen)
    return {
        "units": int(len(data.cls)),
        "class_accuracy": round(float((probs.argmax(axis=1) == data.cls).mean()), 3),
        "said_accuracy": round(float(((said >= 0.5) == (data.said == 1)).mean()), 3),
        "picked": picked, "picked_said_by_annotator": round(gold / max(1, picked), 3),
        "picked_from_kept_back_classes": private, "files_with_a_pick": files_with_pick,
        "files": int(len(np.unique(data.files))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=300)
    parser.add_argument("--l2", type=float, nargs="*", default=[1e-4, 3e-4, 1e-3], help="chosen on dev")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    started = time.perf_counter()
    parts = splits()
    train_data, dev_data = Matrix(annotations(parts["train"])), Matrix(annotations(parts["dev"]))
    best = None
    for l2 in args.l2:
        weights = train(train_data, args.epochs, l2, progress=lambda m: None)
        dev = measure(weights, dev_data)
        print(f"l2 {l2:g}: dev {dev}")
        if best is None or (dev["picked_said_by_annotator"], dev["class_accuracy"]) > (best[1]["picked_said_by_annotator"], best[1]["class_accuracy"]):
            best = (l2, dev, weights)
    assert best is not None
    l2, dev, weights = best
    record = {"trained_on": parts["train"], "chosen_on": parts["dev"], "epochs": args.epochs, "l2": l2,
              "buckets": BUCKETS, "classes": list(CLASSES), "train": measure(weights, train_data), "dev": dev,
              "seconds": round(time.perf_counter() - started, 1), "date": time.strftime("%Y-%m-%d")}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, weights=weights.astype(np.float16))
    args.out.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=1))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
