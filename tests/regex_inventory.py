"""Every regular expression that runs on user text, and 100 KB worst cases for each (tests/test_hostile.py).

Three sources, found rather than listed, so a new module or data file is covered without editing this:

- compiled patterns at module level in every module of the ``draft`` package (:func:`module_patterns`);
- patterns written inline, ``re.search(r"...", text)``, anywhere in ``src/draft`` (:func:`inline_patterns`);
- patterns in the data files: the rule files and injection patterns of ``guardrails/`` (:func:`rule_file_patterns`)
  and the cues and patterns of ``understanding/`` (:func:`understanding_patterns`).

A pattern built at run time from the notes (``re.escape(name)`` in an f-string) is not listed: it is
a literal, and literals do not backtrack.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "draft"
SIZE = 100_000
_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


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
        if data.get("check") == "max_count" and isinstance(params.get("pattern"), str):
            found.append(f"(?:{params['pattern']}){{2,}}")  # its fix collapses runs (checks/phrases.py)
        patterns += [(file.name, p) for p in found]
    return patterns


# Modules whose regexes are built at run time, and what of them the inventory holds instead.
BUILT_AT_RUN_TIME = {
    "src/draft/injection.py": "guardrails/injection.toml's patterns (test_hostile lists draft.injection.injection_patterns())",
    "src/draft/guardrails/checks/phrases.py": "the rule files' patterns, and a max_count pattern repeated (rule_file_patterns)",
    "src/draft/names.py": "a name from the notes, escaped (re.escape): a literal",
    "src/draft/understood.py": "an interviewer's name, escaped (re.escape): a literal",
}


def understanding_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(file key, compiled) for every regex in understanding/*.toml: a class's ``cues``, a quality check's or
    an offer's ``pattern`` (compiled case-insensitively, as draft.understanding runs them)."""
    found = []

    def walk(value, where: str, key: str = "") -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, f"{where}.{name}", name)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", key)
        elif isinstance(value, str) and key in ("cues", "pattern", "patterns"):
            found.append((where, re.compile(value, re.IGNORECASE)))

    for file in sorted((ROOT / "understanding").glob("*.toml")):
        walk(tomllib.loads(file.read_text(encoding="utf-8")), file.name)
    return found


def draft_modules() -> list[str]:
    """Every module of the draft package (``__main__`` runs the command line when imported: left out)."""
    import draft

    return ["draft"] + sorted(m.name for m in pkgutil.walk_packages(draft.__path__, "draft.") if not m.name.endswith("__main__"))


def module_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(module.NAME, compiled) for every module-level compiled regex of every module of the draft package."""
    found, seen = [], set()
    for name in draft_modules():
        try:
            module = importlib.import_module(name)
        except ImportError:  # an optional dependency that is not installed
            continue
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern) and id(value) not in seen:  # once, where it is defined or first imported
                seen.add(id(value))
                found.append((f"{name}.{attribute}", value))
    return found


def _flags(node: ast.expr | None) -> int | None:
    """The value of a flags argument written with re's constants (``re.I | re.M``); None when it is not."""
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        value = getattr(re, node.attr, None)
        return int(value) if isinstance(value, re.RegexFlag) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _flags(node.left), _flags(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


def inline_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """(path:line, compiled) for every ``re.FUNCTION("literal", ...)`` in src/draft, with its flags when they are
    written with re's constants (a pattern whose flags are computed is compiled with both cases of its choice)."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_FUNCTIONS
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            flag_position = {"compile": 1, "sub": 4, "subn": 4, "split": 3}.get(node.func.attr, 2)
            flag_node = next((k.value for k in node.keywords if k.arg == "flags"),
                             node.args[flag_position] if len(node.args) > flag_position else None)
            flags = _flags(flag_node)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            # re.match and re.fullmatch try one position: anchored at the start, as they run (a scan would try every one)
            pattern = node.args[0].value
            if node.func.attr in ("match", "fullmatch"):
                inline_flags = re.match(r"\(\?[aiLmsux]+\)", pattern)  # '(?i)' stays first
                head = inline_flags.group() if inline_flags else ""
                pattern = rf"{head}\A(?:{pattern[len(head):]})"
            for value in ([flags] if flags is not None else [0, re.IGNORECASE | re.MULTILINE]):
                found.append((where, re.compile(pattern, value)))
    return found


def all_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Every regex of the inventory, compiled, with where it comes from (the injection patterns are
    listed by the test, from draft.injection, as they are compiled there)."""
    found, seen = [], set()
    for name, pattern in ([(name, re.compile(p, re.IGNORECASE | re.MULTILINE)) for name, p in rule_file_patterns()]
                          + module_patterns() + inline_patterns() + understanding_patterns()):
        if (pattern.pattern, pattern.flags) not in seen:  # a module-level pattern is also written inline: once
            seen.add((pattern.pattern, pattern.flags))
            found.append((name, pattern))
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
    # runs of line ends: in MULTILINE mode, the mode the rule files run in, '^' matches at each one, so '^\s*x' tries
    # every line start and runs to the end each time (F3's '^\s*hey' took 24 s on 80k blank lines, issue 17)
    cases += ["\n" * SIZE + "!", " \n" * (SIZE // 2) + "!", "\r\n" * (SIZE // 2) + "!", "\n\t" * (SIZE // 2)]
    return cases
