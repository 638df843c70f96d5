"""The `rulingdesk` command. Thin: each sub-command parses its arguments, calls a stage's
public functions and prints. Sub-commands live in `rulingdesk/commands/`, one module each.

Exit status (contract §0): 0 done; 1 some input could not be used; 2 wrong usage.
"""

from __future__ import annotations

import importlib

import click

from rulingdesk import __version__

# Each module defines one click command or group named `command`.
COMMAND_MODULES = [
    "rulingdesk.commands.extract",
    "rulingdesk.commands.catalogue",
    "rulingdesk.commands.match",
    "rulingdesk.commands.serve",
    "rulingdesk.commands.demo",
    "rulingdesk.commands.draft",
    "rulingdesk.commands.objection",
    "rulingdesk.commands.index",
    "rulingdesk.commands.user",
    "rulingdesk.commands.audit",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rulingdesk")
@click.option(
    "--home",
    type=click.Path(file_okay=False),
    envvar="RULINGDESK_HOME",
    help="Data folder (database, originals, index, settings.toml). Default: ~/rulingdesk.",
)
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """rulingdesk: read patent rulings, match accused products, draft the notices."""
    ctx.ensure_object(dict)
    ctx.obj["home"] = home


for _name in COMMAND_MODULES:
    cli.add_command(importlib.import_module(_name).command)


def main() -> None:
    cli(prog_name="rulingdesk")
