"""``draft models``: every model draft can use, found on this machine (or on a server) without loading any."""

from __future__ import annotations

import json
from pathlib import Path

import click

from draft.cli.options import fail, settings_path
from draft.errors import DraftError


@click.command("models")
@click.option("--backend", metavar="URL", help="List the models of an OpenAI-compatible server and what it supports, instead.")
@click.option("--config", "config_file", type=click.Path(path_type=Path), help="The settings file (its [models] folders and aliases).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def command(backend, config_file, as_json) -> None:
    """List every model 'draft --model NAME' accepts: the packaged ones, Ollama's store,
    the Hugging Face cache, LM Studio's folders and the settings' [models] folders, with
    size, parameters, quantization and where each was found. Only file headers are read.

    \b
    Examples:
      draft models
      draft --notes notes.md --model qwen2.5:3b
      draft models --backend http://127.0.0.1:8080/v1
    """
    from draft.config import load_config

    try:
        settings = load_config(settings_path(config_file))
        if backend:
            _server(backend, settings, as_json)
            return
        from draft.discovery import default_locations, discover

        models = discover(default_locations(settings.models.folders))
    except DraftError as error:
        fail(error)
    if as_json:
        click.echo(json.dumps([m.model_dump(mode="json") for m in models], indent=2))
        return
    aliases = {target: name for name, target in settings.models.aliases.items()}
    width = max([len(m.name) for m in models] + [4])
    click.echo(f"{'NAME':<{width}}  {'SIZE':>8}  {'PARAMS':>6}  {'QUANT':<8}  {'SOURCE':<11}  PATH")
    for m in models:
        alias = f"  (alias: {aliases[m.name]})" if m.name in aliases else ""
        quant = m.quantization or ("?" if m.problem is None else "damaged")
        click.echo(f"{m.name:<{width}}  {m.size_bytes / 1e6:>6.0f}MB  {m.params_label:>6}  {quant:<8}  {m.source:<11}  {m.path}{alias}")
    if not models:
        click.echo("draft: no models found", err=True)


def _server(url: str, settings, as_json: bool) -> None:
    from draft.backends import server_generator

    generator = server_generator(url, settings)
    caps = generator.probe_all()
    info = {"url": generator.url, "models": generator.info.models, "model": generator.model, "n_params": generator.n_params,
            "n_ctx": generator.n_ctx, "capabilities": caps.model_dump()}
    generator.close()
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    click.echo(f"{info['url']}: {len(info['models'])} model(s): {', '.join(info['models'])}")
    click.echo(f"using {info['model']} ({info['n_params'] or 'unknown'} parameters, context {info['n_ctx']})")
    for name, value in info["capabilities"].items():
        click.echo(f"  {name}: {value}")
