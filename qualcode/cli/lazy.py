"""A click group whose commands are imported only when one of them runs or shows its help.

`qualcode --help` would otherwise import every command module, and with them SQLAlchemy,
pandas and numpy: seconds on a busy machine for a screen of text. The group lists its
commands from a table of names, import paths and one-line help instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from gettext import gettext as _
from typing import Any

import click


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives (`module:attribute`) and the short help `--help` lists for it.

    The help must equal the command's own short help; a test holds the two together.
    """

    target: str
    help: str

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(click.Group):
    """Resolves commands from `lazy_commands` on first use.

    A name with a space (`"export flags"`) adds a command to a subgroup once that subgroup
    is loaded, so a command under `export` is registered in the same table as the rest.
    """

    def __init__(self, *args: Any, lazy_commands: Mapping[str, LazyCommand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = {name: entry for name, entry in lazy_commands.items() if " " not in name}
        self.nested_commands = {name: entry for name, entry in lazy_commands.items() if " " in name}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            self.add_command(self._load(cmd_name), cmd_name)
        return super().get_command(ctx, cmd_name)

    def _load(self, name: str) -> click.Command:
        command = self.lazy_commands[name].load()
        prefix = f"{name} "
        children = {
            child.removeprefix(prefix): entry
            for child, entry in self.nested_commands.items()
            if child.startswith(prefix)
        }
        if children:
            if not isinstance(command, click.Group):
                raise TypeError(f"{name} has subcommands in the table but is not a group")
            if isinstance(command, LazyGroup):
                command.lazy_commands |= children
            else:
                for child, entry in children.items():
                    command.add_command(entry.load(), child)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, as click would lay it out, without importing any."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                listed = click.Command(name, help=self.lazy_commands[name].help)
                rows.append((name, listed.get_short_help_str(limit)))
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)
