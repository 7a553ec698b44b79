"""Every import in src/ is used (pyflakes' F401, without needing pyflakes: CI installs only '.[test]')."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "draft"


def unused_imports(path: Path) -> list[str]:
    """'name (line N)' for each name ``path`` imports and never reads; a name in ``__all__``, an import
    marked ``# noqa`` and ``from __future__`` are used."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, str(path))
    lines = text.splitlines()
    imported: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            if "# noqa" in lines[node.lineno - 1] or "# noqa" in lines[getattr(node, "end_lineno", node.lineno) - 1]:
                continue
            for alias in node.names:
                imported.setdefault(alias.asname or alias.name.split(".")[0], node.lineno)
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    for node in ast.walk(tree):  # __all__ = [...] re-exports; a string annotation names a type
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            used |= {e.value for e in getattr(node.value, "elts", []) if isinstance(e, ast.Constant)}
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
            used.add(node.value)
    return [f"{name} (line {line})" for name, line in sorted(imported.items(), key=lambda item: item[1]) if name not in used]


def test_no_unused_imports_in_src():
    found = {str(path.relative_to(SOURCE.parent)): names for path in sorted(SOURCE.rglob("*.py")) if (names := unused_imports(path))}
    assert found == {}


def test_the_checker_finds_an_unused_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("from collections.abc import Callable\nimport re\nfrom typing import Any  # noqa: F401\n\nre.compile('x')\n")
    assert unused_imports(module) == ["Callable (line 1)"]


def test_the_guardrails_import_nothing_from_the_composer_or_the_loop():
    """The pipeline reads one way: notes -> understanding -> compose -> model -> guardrails -> loop; the rules
    judge a draft without knowing how it was written (no import cycle through the composer)."""
    composer = {"draft.compose", "draft.loop", "draft.understood", "draft.writing", "draft.prompting"}
    found = {}
    for path in sorted((SOURCE / "guardrails").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        modules |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        if bad := sorted(modules & composer):
            found[path.name] = bad
    assert found == {}
