"""Render the Jinja2 templates of ``prompts/`` (prompts for the model and the email frames)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

from draft.errors import DraftError
from draft.resources import data_dir
from draft.understanding.rewrite import with_also


@lru_cache(maxsize=8)
def environment(folder: Path | None = None) -> Environment:
    """Templates from ``folder`` first (a prompt variant), then the shipped ``prompts/``."""
    search = [str(folder)] if folder else []
    search.append(str(data_dir("prompts")))
    env = Environment(loader=FileSystemLoader(search), undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)
    env.filters["with_also"] = with_also  # 'I've written SOPs for GLP' -> 'I've also written SOPs for GLP' (frames.toml)
    return env


def render(name: str, folder: Path | None = None, **context: Any) -> str:
    try:
        return environment(folder).get_template(name).render(**context).strip()
    except TemplateNotFound:
        raise DraftError(f"prompt template {name!r} not found in prompts/") from None


def render_string(source: str, folder: Path | None = None, **context: Any) -> str:
    return environment(folder).from_string(source).render(**context).strip()


def prompt_file(name: str, folder: Path | None = None) -> Path:
    """The file a template name resolves to (for slot definitions stored beside the prompts)."""
    for base in ([folder] if folder else []) + [data_dir("prompts")]:
        if (base / name).is_file():
            return base / name
    raise DraftError(f"prompt file {name!r} not found in prompts/")
