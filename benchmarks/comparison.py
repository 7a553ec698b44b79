"""Compare benchmark runs case by case: on the cases both hold, naming the ones only one holds.

A run is a group of drafts of one (model, prompt variant, strategy). Two groups are compared on the
cases they share (a 3-case slice against a 32-case run compares 3 cases, and says which 29 are missing),
so a difference is never an artefact of different cases. Works on the records of results files as they
were written (plain dicts), old files included: a field a file lacks is a measure it did not take.
"""

from __future__ import annotations

import difflib
import statistics
from collections import defaultdict

from pydantic import BaseModel, Field

Label = tuple[str, str, str]  # model, prompts, strategy

MAX_NAMED = 8  # missing cases named before '... and N more'


class CaseResult(BaseModel):
    """One case of one group, over its repeats."""

    case: str
    kind: str = ""
    drafts: int
    passes: float = Field(description="share of drafts passing every hard rule")
    clean: float | None = Field(default=None, description="share with no leak, seam, unsupported word or missing signature")
    must_coverage: float | None = None
    p50_seconds: float
    problems: list[str] = Field(default_factory=list, description="what the measures found, in the drafts of this case")
    texts: list[str] = Field(default_factory=list)


def label_of(record: dict) -> Label:
    return record.get("model", "?"), record.get("prompts", "default"), record.get("strategy", "auto")


def describe(label: Label) -> str:
    return " / ".join(label)


def groups(records: list[dict]) -> dict[Label, list[dict]]:
    grouped: dict[Label, list[dict]] = defaultdict(list)
    for record in records:
        grouped[label_of(record)].append(record)
    return dict(grouped)


def _problems(record: dict) -> list[str]:
    if record.get("error"):
        return [f"error: {record['error']}"]
    found = [] if record.get("final_passes", True) else ["fails a hard rule"]
    measures = record.get("measures") or {}
    found += [f"leak: {x}" for x in measures.get("leaks", [])] + [f"seam: {x}" for x in measures.get("seams", [])]
    found += [f"unsupported: {x}" for x in measures.get("unsupported", [])] + [f"missing: {x}" for x in measures.get("missing", [])]
    return found + (["unsigned"] if measures.get("unsigned") else [])


def _clean(measures: dict) -> bool:
    """As :attr:`benchmarks.measures.Measures.clean` (a property: results files do not hold it)."""
    return not any(measures.get(key) for key in ("leaks", "seams", "unsupported", "unsigned"))


def case_key(record: dict) -> str:
    """A case by its corpus and name ('clean/eng-data-senior'): two corpora may share a name."""
    return f"{record.get('corpus', 'clean')}/{record['case']}"


def case_results(records: list[dict]) -> dict[str, CaseResult]:
    by_case: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_case[case_key(record)].append(record)
    results = {}
    for key, drafts in by_case.items():
        measured = [r["measures"] for r in drafts if r.get("measures")]
        coverage = [m["must_coverage"] for m in measured if m.get("must_coverage") is not None]
        problems = list(dict.fromkeys(p for r in drafts for p in _problems(r)))
        results[key] = CaseResult(
            case=drafts[0]["case"], kind=drafts[0].get("kind", ""), drafts=len(drafts),
            passes=sum(bool(r.get("final_passes")) for r in drafts) / len(drafts),
            clean=sum(_clean(m) for m in measured) / len(measured) if measured else None,
            must_coverage=statistics.mean(coverage) if coverage else None,
            p50_seconds=statistics.median(r.get("wall_seconds", 0.0) for r in drafts),
            problems=problems, texts=[r.get("text", "") for r in drafts],
        )
    return results


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _mean(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.mean(present) if present else None


def _named(keys: list[str]) -> str:
    names = [key.split("/", 1)[1] for key in sorted(keys)]
    shown = ", ".join(names[:MAX_NAMED])
    return shown + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")


def counterpart(label: Label, others: dict[Label, list[dict]]) -> Label | None:
    """The group of ``others`` to compare ``label`` with: the same model, prompts and strategy; else the same
    model and strategy (a prompt variant against the run it varies); else the only group there is."""
    if label in others:
        return label
    same = [other for other in others if (other[0], other[2]) == (label[0], label[2])]
    if len(same) == 1:
        return same[0]
    return next(iter(others)) if len(others) == 1 else None


def compare_groups(old: list[dict], new: list[dict], old_name: str, new_name: str) -> str:
    """Two groups of drafts, case by case on the cases both hold; the others named."""
    before, after = case_results(old), case_results(new)
    shared = [key for key in after if key in before]
    lines = [f"{old_name} -> {new_name}: {len(shared)} shared case(s)"]
    if only_old := [key for key in before if key not in after]:
        lines.append(f"  missing from {new_name} ({len(only_old)}): {_named(only_old)}")
    if only_new := [key for key in after if key not in before]:
        lines.append(f"  missing from {old_name} ({len(only_new)}): {_named(only_new)}")
    if not shared:
        lines.append("  no case in common: nothing to compare")
        return "\n".join(lines)
    for title, measure in (("hard rules pass", lambda r: r.passes), ("clean", lambda r: r.clean), ("must-coverage", lambda r: r.must_coverage)):
        a, b = _mean([measure(before[k]) for k in shared]), _mean([measure(after[k]) for k in shared])
        if a is not None or b is not None:
            lines.append(f"  {title:<16} {_share(a):>5} -> {_share(b)}")
    a, b = statistics.median(before[k].p50_seconds for k in shared), statistics.median(after[k].p50_seconds for k in shared)
    lines.append(f"  {'p50 s':<16} {a:>5.2f} -> {b:.2f}")
    changed = 0
    for key in shared:
        differences = case_differences(before[key], after[key])
        if differences:
            changed += 1
            lines.append(f"  {before[key].case}: " + "; ".join(differences))
    lines.append(f"  {len(shared) - changed} case(s) unchanged" if changed else "  every shared case unchanged")
    return "\n".join(lines)


def case_differences(old: CaseResult, new: CaseResult) -> list[str]:
    """What changed in one case: the text, the hard rules, the measures (problems found or gone), the time when it doubled."""
    found = []
    if old.texts and new.texts and old.texts != new.texts:
        found.append("text changed")
    for title, a, b in (("hard rules pass", old.passes, new.passes), ("clean", old.clean, new.clean), ("must-coverage", old.must_coverage, new.must_coverage)):
        if a is not None and b is not None and a != b:
            found.append(f"{title} {_share(a)} -> {_share(b)}")
    found += [f"now {p}" for p in new.problems if p not in old.problems]
    found += [f"no longer {p}" for p in old.problems if p not in new.problems]
    if old.p50_seconds > 0 and (new.p50_seconds > 2 * old.p50_seconds or new.p50_seconds < old.p50_seconds / 2):
        found.append(f"{old.p50_seconds:.2f} -> {new.p50_seconds:.2f} s")
    return found


def compare_runs(old: list[dict], new: list[dict], old_name: str, new_name: str) -> str:
    """Every group of ``new`` against its counterpart in ``old`` (:func:`counterpart`), case by case."""
    old_groups, new_groups = groups(old), groups(new)
    parts = []
    for label, records in new_groups.items():
        match = counterpart(label, old_groups)
        if match is None:
            parts.append(f"{describe(label)} ({new_name}): no counterpart in {old_name} (it holds {', '.join(map(describe, old_groups))})")
            continue
        parts.append(compare_groups(old_groups[match], records, f"{describe(match)} ({old_name})", f"{describe(label)} ({new_name})"))
    return "\n\n".join(parts)


def compare_within(records: list[dict]) -> str | None:
    """A run of several prompt variants or models: each group against the first, case by case (None: one group)."""
    grouped = groups(records)
    if len(grouped) < 2:
        return None
    (first, base), *rest = grouped.items()
    return "\n\n".join(compare_groups(base, other, describe(first), describe(label)) for label, other in rest)


def text_diffs(records: list[dict]) -> str:
    """Markdown: per case, the first draft of each group against the first group's, as a unified diff (identical: said)."""
    grouped = groups(records)
    if len(grouped) < 2:
        return ""
    (first, base), *rest = grouped.items()
    base_texts = {case_key(r): r.get("text", "") for r in base if r.get("repeat", 0) == 0}
    sections = []
    for key, text in base_texts.items():
        sections.append(f"### {key.split('/', 1)[1]}\n")
        for label, other in rest:
            theirs = next((r.get("text", "") for r in other if case_key(r) == key and r.get("repeat", 0) == 0), None)
            if theirs is None:
                sections.append(f"{describe(label)}: not drafted\n")
            elif theirs == text:
                sections.append(f"{describe(label)}: the same text\n")
            else:
                diff = difflib.unified_diff(text.splitlines(), theirs.splitlines(), describe(first), describe(label), lineterm="")
                sections.append("```diff\n" + "\n".join(diff) + "\n```\n")
    return "\n".join(sections)
