"""Every command a user can type is documented in the README (datasette's test_docs habit)."""

from pathlib import Path

import click

from rulingdesk.cli import cli

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}"
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_command_is_in_the_readme():
    missing = [name for name in _commands(cli) if f"$R {name}" not in README]
    assert missing == []
