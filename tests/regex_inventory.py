"""Every regular expression that runs on user text, and 100 KB worst cases for each (tests/test_hostile.py)."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ["draft.notes", "draft.text", "draft.plan", "draft.compose", "draft.repair", "draft.guardrails.matchers"]
SIZE = 100_000


def _strings(value, found: list[str]) -> None:
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, list):
        for item in value:
            _strings(item, found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("pattern", "patterns") or isinstance(item, (dict, list)):
                _strings(item, found)


def rule_file_patterns() -> list[tuple[str, str]]:
    """(file, pattern) for every regex in guardrails/*.toml (rule params and injection patterns)."""
    patterns = []
    for file in sorted((ROOT / "guardrails").glob("*.toml")):
        data = tomllib.loads(file.read_text())
        found: list[str] = []
        params = data.get("params", {}) | {"injection": data.get("patterns", {})}
        for key, value in params.items():
            if key in ("pattern", "patterns", "injection") or "pattern" in key:
                _strings(value, found)
        patterns += [(file.name, p) for p in found]
    return patterns


def module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(module.NAME, compiled) for every module-level compiled regex of the modules that parse user text."""
    found = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{name}.{attribute}", value))
    return found


def worst_cases(pattern: str) -> list[str]:
    """100 KB inputs that make a backtracking pattern slow: long runs of each character the
    pattern names, of spaces and of word characters, with and without a tail that fails."""
    literal = {ch for ch in re.sub(r"\\[A-Za-z]", "", pattern) if ch.isprintable() and ch not in "()|?+*^$\\.{},0123456789"}
    seeds = sorted(literal | {" ", "a", "1", "\t"})[:40]
    cases = []
    for ch in seeds:
        cases.append(ch * SIZE + "!")
        cases.append("# a" + ch * SIZE + "b")
    cases += ["a " * (SIZE // 2), "{" * SIZE, "[" * SIZE, "<!--" * (SIZE // 4), "**" * (SIZE // 2), "ignore " * (SIZE // 7)]
    return cases
