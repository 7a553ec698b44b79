"""``draft config path|show|set|unset|edit``: the settings file (your profile, defaults, rules, models, server)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from draft.cli.options import fail, settings_path
from draft.errors import DraftError

config_option = click.option("--config", "config_file", type=click.Path(path_type=Path),
                             help="The settings file (default: $DRAFT_CONFIG, else the platform's config folder).")


@click.group("config")
def command() -> None:
    """Your settings: [profile] (name, email, phone, linkedin, signature, country),
    [defaults] (model, backend, tone, kind, threads, attempts), [rules] (disabled, folder),
    [models] (aliases, folders), [backend] (api_key, model, timeout, capabilities), [history].

    \b
    Examples:
      draft config set profile.name "Alex Moreno"
      draft config set profile.signature $'+1 555 010 2030 | alex@example.com\\nlinkedin.com/in/alexmoreno'
      draft config set defaults.backend http://127.0.0.1:8080/v1
      draft config set models.aliases.qwen qwen2.5:3b
      draft config set rules.disabled C6,C8
      draft config unset defaults.model
      draft config show
    """


@command.command("path")
@config_option
def path_command(config_file) -> None:
    """Print where the settings file is (it may not exist yet)."""
    click.echo(str(settings_path(config_file)))


@command.command("show")
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON: each key with its value and where it came from.")
def show_command(config_file, as_json) -> None:
    """Print every setting with where its value comes from (environment, the file, built-in); the API key is masked."""
    from draft.config import SECRET_KEYS, load_config, show

    try:
        path = settings_path(config_file)
        values = show(load_config(path), path)
    except DraftError as error:
        fail(error)
    if as_json:
        rows = [{"key": v.key, "value": ("********" if v.key in SECRET_KEYS and v.value else v.value), "source": v.source} for v in values]
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    click.echo(f"# {path}{'' if path.exists() else ' (not created yet: draft config set KEY VALUE)'}", err=True)
    for value in values:
        click.echo(value.shown())


@command.command("set")
@click.argument("key")
@click.argument("value")
@config_option
def set_command(key, value, config_file) -> None:
    """Set KEY (dotted: profile.name, defaults.model, models.aliases.NAME...) to VALUE; validated before it is written."""
    from draft.config import SECRET_KEYS, set_value

    try:
        path = settings_path(config_file)
        set_value(path, key, value)
    except DraftError as error:
        fail(error)
    shown = "********" if key in SECRET_KEYS else value
    click.echo(f"draft: {path}: {key} = {shown!r}" if "\n" in shown else f"draft: {path}: {key} = {shown}", err=True)


@command.command("unset")
@click.argument("key")
@config_option
def unset_command(key, config_file) -> None:
    """Remove KEY from the settings file (its built-in default applies again); comments are kept."""
    from draft.config import unset_value

    try:
        path = settings_path(config_file)
        removed = unset_value(path, key)
    except DraftError as error:
        fail(error)
    click.echo(f"draft: {path}: {key} removed" if removed else f"draft: {path}: {key} was not set", err=True)


@command.command("edit")
@config_option
def edit_command(config_file) -> None:
    """Open the settings file in $EDITOR; it is checked when you save."""
    from draft.config import load_config

    try:
        path = settings_path(config_file)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text("# draft settings: see 'draft config --help'\n\n[profile]\n# name = \"Your Name\"\n", encoding="utf-8")
        click.edit(filename=str(path))
        load_config(path)
    except OSError as error:
        fail(DraftError(f"cannot be edited ({error.strerror})", path))
    except DraftError as error:
        fail(error)
