"""The LoRA adapters shipped with `draft` (``adapters/``): which one fits a model file.

An adapter is trained for one base GGUF (``training/train_lora.py`` records its name, size and sha256 beside it)
and is loaded on that base only; any other model reads the notes without one.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from draft.resources import data_dir


class AdapterRecord(BaseModel):
    task: str = "understanding"
    """What the adapter does: 'understanding' reads one notes line (training/train_lora.py), 'body' writes the whole
    body from the notes (training/train_body.py, ``--strategy body``)."""
    model: str
    base_gguf: str
    base_size: int
    adapter_sha256: str
    dev_class_accuracy: float | None = None


def adapter_for(model_path: Path, task: str = "understanding") -> Path | None:
    """The adapter for ``task`` trained on exactly this base model file (same name and size), or None."""
    try:
        folder = data_dir("adapters")
        size = model_path.stat().st_size
    except (FileNotFoundError, OSError):
        return None
    for record_path in sorted(folder.glob("*.json")):
        try:
            record = AdapterRecord.model_validate_json(record_path.read_text(encoding="utf-8"))
        except (ValidationError, OSError, json.JSONDecodeError):
            continue
        adapter = record_path.with_suffix(".gguf")
        if record.task == task and record.base_gguf == model_path.name and record.base_size == size and adapter.is_file():
            return adapter
    return None
