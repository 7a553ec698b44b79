"""The name a message is signed with, when neither the notes nor the settings give one (P4).

On a terminal ``draft`` asks once and saves the answer as ``profile.name``; otherwise a draft is
printed unsigned and a warning says how to sign it. ``draft check`` says the same of the same
draft, so the two commands agree (both pass an unsigned draft when no name is known, and both
name P4)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from draft.config import Config
from draft.errors import DraftError

MAX_NAME_CHARS = 100
_NOT_IN_NAMES = frozenset('<>@"{}[]\\|`#*_=')


def unsigned_warning(kind: str) -> str:
    """The one line both ``draft`` and ``draft check`` print when no name is known to sign with."""
    what = "the call script" if kind == "phone" else "the sign-off"
    return (f"draft: warning: no name for {what} (P4), so it is unsigned: add 'sender: Your Name' to the notes, "
            "or run: draft config set profile.name \"Your Name\"")


def is_terminal() -> bool:
    """Someone is at the keyboard: stdin and stderr are a terminal (not a pipe, a file or a test runner)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def checked_name(value: str) -> str:
    """A typed name, refused (and asked again) when it cannot be a person's name."""
    from draft.sanitize import normalize_text

    try:
        name = normalize_text(value, "the name")
    except DraftError as error:
        raise click.BadParameter(error.problem) from None
    if len(name) > MAX_NAME_CHARS:
        raise click.BadParameter(f"at most {MAX_NAME_CHARS} characters")
    if name and (not any(ch.isalpha() for ch in name) or any(ch in _NOT_IN_NAMES for ch in name)):
        raise click.BadParameter("a person's name, such as Alex Moreno")
    return name


def sender_settings(notes, settings: Config, path: Path, kind: str) -> Config:
    """The settings to sign with: unchanged when the notes or the profile name the sender; else, on a terminal,
    the name asked for and saved to ``profile.name`` in ``path`` (Enter skips); else a warning, even with --quiet."""
    if notes.sender or settings.profile.name:
        return settings
    if is_terminal():
        name = click.prompt(f"draft: your name for the sign-off (saved as profile.name in {path}; Enter to skip)",
                            default="", show_default=False, err=True, value_proc=checked_name)
        if name:
            from draft.config import set_value

            saved = set_value(path, "profile.name", name)
            click.echo(f"draft: saved profile.name = {name} in {path}", err=True)
            return saved
    click.echo(unsigned_warning(kind), err=True)
    return settings
