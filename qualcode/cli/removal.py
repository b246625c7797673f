"""The confirmation and report every `remove` command shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from qualcode.service.admin_ops import Removal
    from qualcode.store.removals import Holdings


def confirm_and_report(what: str, held: Holdings, yes: bool, remove: Callable[[], Removal]) -> None:
    """Ask before deleting coded work (default no), then say what went and where the backup is."""
    if held.any and not yes:
        click.confirm(
            f"remove {what} with {held.describe()}? (the project is backed up first)",
            default=False,
            abort=True,
        )
    removal = remove()
    if removal.backup is not None:
        click.echo(f"backed up project to {removal.backup}")
    click.echo(f"removed {what} ({removal.held.describe()})")
