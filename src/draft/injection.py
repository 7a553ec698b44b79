"""Recognise notes lines that try to instruct the model ("ignore all previous instructions...")."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from draft.resources import data_dir


@lru_cache(maxsize=1)
def injection_patterns() -> tuple[re.Pattern[str], ...]:
    with open(data_dir("guardrails") / "injection.toml", "rb") as handle:
        spec = tomllib.load(handle)
    return tuple(re.compile(p, re.IGNORECASE) for p in spec["patterns"])


def looks_like_instruction(line: str) -> bool:
    return any(p.search(line) for p in injection_patterns())
