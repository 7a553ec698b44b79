"""Regenerate the README's example drafts from the current code (run from the repository root).

    python scripts/readme_examples.py            # rewrite README.md in place
    python scripts/readme_examples.py --check    # exit 1 when an example is out of date

Each ```console block whose first line is ``$ draft --notes ...`` gets that command's stdout (and the sentences its
stderr offers beside the draft, ``--recall``), and each
``<details><summary><code>--kind K</code></summary>`` block the stdout of ``draft --notes examples/notes.md --kind K
--seed 2`` (``--force`` where the timing would refuse). Runs in an empty HOME (no settings of yours), with the
default model and its adapter. Nothing else of the README is touched.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONSOLE = re.compile(r"(```console\n\$ (draft --notes [^\n]+)\n)(.*?)(```)", re.DOTALL)
KIND = re.compile(r"(<details><summary><code>--kind ([a-z-]+)</code></summary>\n\n```text\n)(.*?)(```)", re.DOTALL)


def run(command: list[str], home: Path, offers: bool = False) -> str:
    """The draft (stdout); with ``offers``, then the sentences stderr offers beside it ('draft: you could add ...')."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DRAFT_", "XDG_"))} | {"HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "draft", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        sys.exit(f"readme_examples: 'draft {shlex.join(command)}' failed: {done.stderr.strip().splitlines()[-1]}")
    text = done.stdout if done.stdout.endswith("\n") else done.stdout + "\n"
    offered = [line for line in done.stderr.splitlines() if line.startswith("draft: you could add")] if offers else []
    return text + ("\n" + "\n".join(offered) + "\n" if offered else "")


def regenerate(readme: str, home: Path) -> str:
    def console(match: re.Match) -> str:
        return match.group(1) + run(shlex.split(match.group(2))[1:], home, offers=True) + match.group(4)

    def kind(match: re.Match) -> str:
        command = ["--notes", "examples/notes.md", "--kind", match.group(2), "--seed", "2", "--force"]
        return match.group(1) + run(command, home) + match.group(4)

    return KIND.sub(kind, CONSOLE.sub(console, readme))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    path = ROOT / "README.md"
    before = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as home:
        after = regenerate(before, Path(home))
    if args.check:
        sys.exit(0 if after == before else "readme_examples: README.md's examples are out of date")
    path.write_text(after, encoding="utf-8")
    print(f"README.md: {'rewritten' if after != before else 'already current'}")


if __name__ == "__main__":
    main()
