"""``draft cache``: what the disk cache holds (``info``) and emptying it (``clear``).

It holds only the evaluated static part of the prompt (no notes): see draft/kvcache.py.
"""

from __future__ import annotations

import click

from draft import kvcache
from draft.cli.options import json_option


@click.group("cache")
def command() -> None:
    """The prompt-prefix cache: 'draft cache info', 'draft cache clear'."""


@command.command("info")
@json_option
def info_command(as_json: bool) -> None:
    """Where the cache is, how many files and bytes it holds, and its cap."""
    info = kvcache.info()
    if as_json:
        click.echo(kvcache.describe_json(info))
        return
    if info.folder is None:
        click.echo(f"cache: off (${kvcache.CACHE_ENV}=off)")
        return
    click.echo(f"cache: {info.folder}: {info.files} file(s), {info.bytes / 1e6:.1f} MB of {info.cap_bytes / 1e6:.0f} MB")


@command.command("clear")
def clear_command() -> None:
    """Remove every cached prompt state."""
    removed = kvcache.clear()
    click.echo(f"cache: removed {removed.files} file(s), {removed.bytes / 1e6:.1f} MB from {removed.folder or '(off)'}")
