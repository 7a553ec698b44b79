"""``draft rules``: list every rule (shipped and the user's), like ``vale ls-config``; ``--test`` runs their examples."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from draft.cli.options import fail, json_option, rules_options, settings_path
from draft.errors import DraftError
from draft.guardrails import load_rules
from draft.guardrails.examples import run_examples
from draft.guardrails.listing import in_id_order, rule_record, rule_table


@click.command("rules")
@rules_options
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="The settings file (default: $DRAFT_CONFIG, else 'draft config path'): its rules.disabled and rules.folder apply.")
@click.option("--test", "run_tests", is_flag=True, help="Run every rule file's [[examples]] and report the ones that do not hold (exit 1).")
@json_option
def command(disable, rules_dirs, config_path, run_tests, as_json) -> None:
    """List every rule: id, severity, kinds and file, then its message and check type (--json: everything).

    Rules are TOML files: the shipped ones, plus your folders given with --rules DIR and the
    settings file's rules.folder (a file with a shipped rule's id replaces it); rules switched
    off (--disable, the settings' rules.disabled) are listed as '(off)', as 'draft' and 'draft
    check' leave them out. See guardrails/README.md for the format.
    """
    from draft.config import load_config, rule_settings

    try:
        disabled, folders = rule_settings(load_config(settings_path(config_path)), disable, rules_dirs)
        rules = load_rules(disabled=disabled, extra=folders)
    except DraftError as error:
        fail(error)
    if run_tests:
        results = run_examples(rules)
        failures = [r for r in results if not r.ok]
        for result in failures:
            click.echo(result.describe())
        click.echo(f"{len(results) - len(failures)} of {len(results)} examples hold in {len(rules)} rules", err=True)
        sys.exit(1 if failures else 0)
    if as_json:
        click.echo(json.dumps([rule_record(r) for r in in_id_order(rules)], indent=2, ensure_ascii=False))
    else:
        from draft.guardrails.loader import shipped_folder

        for line in rule_table(rules, [shipped_folder(), *folders]):
            click.echo(line)
