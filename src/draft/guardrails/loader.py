"""Load rule files (one TOML file per rule): the shipped ``guardrails/`` plus the user's folders.

Each file is validated when it loads, like Vale decoding a rule into its ``extends``
type: the rule's fields, then its ``[params]`` against the check type's ``Params``
model, then its ``[[examples]]``. A bad file is one :class:`RulesError` line naming the
file and the field.

A user's folder extends the shipped rules; a user rule *replaces* the shipped rule with
the same ``id`` and ``name``, or, when no shipped rule has that name, every shipped rule
with that ``id`` (F3 is two files, ``no-emoji`` and ``no-slang``: a user ``F3`` named
``no-slang`` replaces only that one, a user ``F3`` with a new name replaces both).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from draft.errors import RulesError
from draft.files import read_text
from draft.guardrails.checks import CHECKS, Check
from draft.guardrails.models import Rule
from draft.kinds import kinds
from draft.resources import data_dir

_RULE_KEYS = ("id", "check", "message", "severity")
_RULE_FIELDS = "a rule file takes: id, name, severity, check, message, source (required), kinds, enabled, params, examples"


def shipped_folder() -> Path:
    return data_dir("guardrails")


def load_rules(folder: Path | None = None, disabled: Iterable[str] = frozenset(), extra: Iterable[Path] = ()) -> list[Rule]:
    """The rules of ``folder`` (default: the shipped ``guardrails/``), extended or overridden by
    the rule files of each folder in ``extra`` (in order), with ``disabled`` ids switched off."""
    rules = list(_load_folder((folder or shipped_folder()).resolve()))
    for user_folder in extra:
        path = Path(user_folder).expanduser()
        if not path.is_dir():
            raise RulesError("no such folder of rule files", path)
        rules = merge_rules(rules, _load_folder(path.resolve()))
    off = frozenset(disabled)
    return [r.model_copy(update={"enabled": False}) if r.id in off else r for r in rules]


def merge_rules(base: Iterable[Rule], overrides: Iterable[Rule]) -> list[Rule]:
    """``base`` with each rule of ``overrides`` added, or put in place of the rules it replaces (same id and name, else same id)."""
    rules = list(base)
    for rule in overrides:
        same = [r for r in rules if r.id == rule.id and r.name == rule.name] or [r for r in rules if r.id == rule.id]
        if not same:
            rules.append(rule)
            continue
        index = rules.index(same[0])
        rules = [r for r in rules if r not in same]
        rules.insert(min(index, len(rules)), rule)
    return rules


@lru_cache(maxsize=16)
def _load_folder(folder: Path) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: dict[tuple[str, str], Path] = {}
    for path in sorted(folder.glob("*.toml")):
        rule = load_rule_file(path)
        if rule is None:
            continue
        key = (rule.id, rule.name)
        if key in seen:
            raise RulesError(f"id: rule {rule.id} '{rule.name}' is already defined in {seen[key].name}", _shown(path))
        seen[key] = path
        rules.append(rule)
    return tuple(rules)


def load_rule_file(path: Path) -> Rule | None:
    """One rule file, validated; ``None`` for a TOML data file that is not a rule (such as ``injection.toml``)."""
    shown = _shown(path)
    try:
        spec = tomllib.loads(read_text(path, RulesError, "a rule file") or "")  # regular files only, at most 1 MB
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"not valid TOML ({error})", shown) from None
    except RulesError as error:
        raise RulesError(error.problem, shown) from None
    if not any(key in spec for key in _RULE_KEYS):
        return None
    try:
        rule = Rule.model_validate(spec)
    except ValidationError as error:
        raise RulesError(_problem(error, "", _RULE_FIELDS), shown) from None
    check_type = CHECKS.get(rule.check)
    if check_type is None:
        raise RulesError(f"check: unknown check type {rule.check!r} (known: {', '.join(sorted(CHECKS))})", shown)
    if not isinstance(rule.params, dict):
        raise RulesError("params: must be a table ([params])", shown)
    try:
        params = check_type.Params.model_validate(rule.params)
    except ValidationError as error:
        raise RulesError(_problem(error, "params.", _takes(rule, check_type)), shown) from None
    known = set(kinds())
    for where, kind in [("kinds", k) for k in rule.kinds] + [(f"examples[{i}].kind", e.kind) for i, e in enumerate(rule.examples)]:
        if kind is not None and kind != "*" and kind not in known:
            raise RulesError(f"{where}: unknown kind {kind!r} (known: *, {', '.join(sorted(known))})", shown)
    for index, example in enumerate(rule.examples):
        if example.kind and "*" not in rule.kinds and example.kind not in rule.kinds:
            raise RulesError(f"examples[{index}].kind: the rule does not apply to {example.kind!r} (kinds: {', '.join(rule.kinds)})", shown)
    return rule.model_copy(update={"params": params, "file": str(shown)})


def _takes(rule: Rule, check_type: type[Check]) -> str:
    fields = list(check_type.Params.model_fields)
    what = "takes: " + ", ".join(fields) if fields else "takes no parameters"
    return f"{rule.id} '{rule.check}' check {what}"


def _problem(error: ValidationError, prefix: str, context: str) -> str:
    """One validation error as 'field: problem (context)'; a misspelled name is reported before what it leaves missing."""
    first = sorted(error.errors(), key=lambda e: e["type"] != "extra_forbidden")[0]
    field = (prefix + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]).lstrip(".")).rstrip(".")
    if field.startswith("examples["):
        context = "an example takes: text, passes (required), notes, kind, private"
    kind = first["type"]
    if kind == "extra_forbidden":
        noun = "parameter" if prefix == "params." else "field"
        return f"{field}: unknown {noun} ({context})"
    if kind == "missing":
        return f"{field}: missing ({context})"
    message = first["msg"].removeprefix("Value error, ")
    got = first.get("input")
    shown = f" (got {_short(got)})" if kind != "value_error" and not isinstance(got, (dict, list)) else ""
    return f"{field}: {message}{shown}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _shown(path: Path) -> Path:
    """The path as the user would write it: relative to the working directory when under it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
