"""The confirmation every command that deletes coded work shares, and the report of `remove`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from qualcode.service.admin_ops import Removal
    from qualcode.store.removals import Holdings


def confirm_loss(question: str, held: Holdings, yes: bool) -> None:
    """Ask before coded work is deleted (default no); nothing coded, or --yes, asks nothing."""
    if held.any and not yes:
        click.confirm(f"{question}? (the project is backed up first)", default=False, abort=True)


def confirm_and_report(what: str, held: Holdings, yes: bool, remove: Callable[[], Removal]) -> None:
    """Ask before deleting coded work, then say what went and where the backup is."""
    confirm_loss(f"remove {what} with {held.describe()}", held, yes)
    removal = remove()
    if removal.backup is not None:
        click.echo(f"backed up project to {removal.backup}")
    click.echo(f"removed {what} ({removal.held.describe()})")
