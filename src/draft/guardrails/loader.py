"""Load rule files (one TOML file per rule) from a guardrails folder."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from draft.errors import RulesError
from draft.guardrails.checks import CHECKS
from draft.guardrails.models import Rule
from draft.resources import data_dir


@lru_cache(maxsize=8)
def _load(folder: Path) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            with path.open("rb") as handle:
                spec = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise RulesError(f"not valid TOML ({error})", path) from None
        if "id" not in spec:
            continue  # a data file that is not a rule (e.g. injection.toml)
        try:
            rule = Rule.model_validate(spec)
        except ValidationError as error:
            first = error.errors()[0]
            raise RulesError(f"rule field '{'.'.join(map(str, first['loc']))}': {first['msg']}", path) from None
        if rule.check not in CHECKS:
            raise RulesError(f"unknown check type {rule.check!r} (known: {', '.join(sorted(CHECKS))})", path)
        rules.append(rule)
    return tuple(rules)


def load_rules(folder: Path | None = None, disabled: frozenset[str] = frozenset()) -> list[Rule]:
    """All rules in ``folder`` (default: the shipped ``guardrails/``), minus ``disabled`` ids."""
    rules = _load((folder or data_dir("guardrails")).resolve())
    return [r.model_copy(update={"enabled": False}) if r.id in disabled else r for r in rules]
