"""The command line: a thin edge that reads files, builds validated settings, calls the library and prints.

    draft --notes notes.md                 write a follow-up from interview notes (cli/write.py)
    draft check DRAFT.txt --notes notes.md lint any draft against the rules       (cli/check.py)
    draft explain --notes notes.md         how each notes line is read, and why     (cli/explain.py)
    draft plan --notes notes.md            when to follow up                      (cli/plan.py)

Each subcommand is a module of this package that defines ``command``; list it in
``COMMANDS`` to register it. Shared options are decorators in ``cli/options.py``.
"""

from __future__ import annotations

from importlib import import_module

from draft.cli.write import main

COMMANDS = ["new", "check", "explain", "plan", "config", "models", "cache", "rules"]

for _name in COMMANDS:
    main.add_command(import_module(f"draft.cli.{_name}").command)
for _command in import_module("draft.cli.tracker").commands:  # sent, reply, rejected, history: one module, the record
    main.add_command(_command)

__all__ = ["main"]
