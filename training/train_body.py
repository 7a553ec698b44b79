"""Train the whole-body writer: a LoRA adapter that reads a notes file's lines and writes the message's body.

    OMP_WAIT_POLICY=PASSIVE python -m training.train_body --model smollm2 --epochs 2

The other granularity issue 16 asks to measure beside the per-line reading (``train_lora``): one example per notes
file, the prompt exactly as the run time renders it (``draft.understanding.body_reading``: the lines the model may
see, under the message's header), the answer the body of the file's reference message (what a capable writer sent:
no subject, greeting or sign-off). Loss on the answer only; exported to ``adapters/body-<model>.gguf`` with a record
(``task: body``) that ``draft.adapters`` finds for ``--strategy body``. Needs the optional extra ``pip install '.[train]'``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
from pathlib import Path

from training.dataset import CORPUS, annotations, splits
from training.train_lora import ADAPTERS, BASES, ROOT, export, log, lora_model, seeded_base, sha256, train_epochs, write_record

_GREETING = re.compile(r"^(?:dear|hi|hello|hey|good (?:morning|afternoon))\b(?:[^\n]{0,200}[,:][^\S\n]*\n|[^,\n]{0,80},)\s*", re.IGNORECASE)
"""A greeting line of its own, however many names it holds ('Dear Rohit, Aisling and Chen,'), or a greeting that
opens the first sentence ('Hi Nhung, it was great ...')."""
_SIGN_OFF = re.compile(r"^(?:best|kind|warm|warmest|sincerely|regards|thank you|thanks|many thanks|yours|respectfully|cheers|all the best|with thanks)\b[^.!?\n]{0,25},?$", re.IGNORECASE)


def reference_body(reference: str) -> str | None:
    """The body of a reference message: no subject line, greeting or sign-off (None when nothing is left)."""
    lines = [line.rstrip() for line in reference.strip().splitlines()]
    if lines and lines[0].lower().startswith("subject:"):
        lines = lines[1:]
    text = "\n".join(lines).strip()
    text = _GREETING.sub("", text, count=1)
    kept = []
    for line in text.splitlines():
        if _SIGN_OFF.match(line.strip()):
            break
        kept.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return body[:1].upper() + body[1:] if body else None


def body_examples(split: str) -> list[tuple[str, str, str]]:
    """(file, prompt's user text, body) for every annotated file of ``split`` whose reference has a body."""
    from draft.notes import parse_notes
    from draft.understanding.body_reading import body_user_text, shown_units

    out = []
    for annotation in annotations(splits()[split]):
        body = reference_body(annotation.reference)
        path = CORPUS / "notes" / annotation.file
        if not body or not path.is_file():
            continue
        try:
            notes = parse_notes(path.read_text(encoding="utf-8"))
        except Exception:  # noqa: BLE001 - notes the parser refuses get no draft: nothing to learn from
            continue
        units = shown_units(annotation.kind, notes.units, set(notes.ignored))
        out.append((annotation.file, body_user_text(annotation.context, units), body))
    return out


def encoded(llm, split: str, max_tokens: int) -> list[tuple[list[int], int, bool]]:
    from draft.understanding.body_reading import BODY_SYSTEM

    end = llm._llm.token_eos()
    out = []
    for _file, user, body in body_examples(split):
        prompt_ids = llm._llm.tokenize(llm.chat_prompt(BODY_SYSTEM, user).encode("utf-8"), add_bos=True, special=True)
        answer_ids = llm._llm.tokenize(body.encode("utf-8"), add_bos=False, special=False)
        ids = prompt_ids + answer_ids + [end]
        if len(ids) <= max_tokens:  # a longer file is left out, never cut: a cut body teaches stopping mid-sentence
            out.append((ids, len(prompt_ids), True))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(BASES), default="smollm2")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, default=1200)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="train on the first N examples only (a smoke run)")
    parser.add_argument("--out", type=Path, help="default: adapters/body-<model>.gguf")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    from draft.model import LlamaGenerator

    gguf = seeded_base(args.model, args.seed, args.threads)
    out = args.out or ADAPTERS / f"body-{args.model}.gguf"

    llm = LlamaGenerator(gguf, n_ctx=2048, threads=1, adapter=False)
    data = encoded(llm, "train", args.max_tokens)
    if args.limit:
        data = data[: args.limit]
    log(f"{len(data)} training files from {gguf.name}, {sum(len(d[0]) for d in data)} tokens")
    peft_model = lora_model(gguf, args.rank)
    started = time.time()
    total = train_epochs(peft_model, data, args.epochs, args.batch, args.lr, llm._llm.token_eos(), log)
    run = ROOT / "training" / "runs" / f"body-{args.model}"
    peft_model.save_pretrained(run / "adapter")
    export(peft_model, run, out)
    record = {
        "task": "body", "model": args.model, "base_gguf": gguf.name, "base_sha256": sha256(gguf), "adapter_sha256": sha256(out),
        "trained": dt.date.today().isoformat(), "examples": len(data), "steps": total, "epochs": args.epochs,
        "batch": args.batch, "base_size": gguf.stat().st_size, "lr": args.lr, "rank": args.rank, "minutes": round((time.time() - started) / 60, 1),
        "command": " ".join(["python -m training.train_body", *sys.argv[1:]]),
    }
    write_record(out, record)


if __name__ == "__main__":
    main()
