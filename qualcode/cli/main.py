"""The `qualcode` command group and its error boundary."""

from __future__ import annotations

import sys
from typing import Any

import click
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from qualcode import __version__
from qualcode.cli.options import db_option
from qualcode.errors import QualcodeError


class QualcodeGroup(click.Group):
    """Turns the core's errors into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QualcodeError as error:
            raise click.ClickException(str(error)) from None
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise click.ClickException(f"database error: {reason}") from None
        except SQLAlchemyError as error:
            raise click.ClickException(f"database error: {error.__class__.__name__}: {error}") from None


@click.group(cls=QualcodeGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="qualcode")
@db_option
@click.pass_context
def cli(ctx: click.Context, db_url: str | None) -> None:
    """qualcode: qualitative coding in the terminal.

    Without a command, opens a picker over the projects under projects/
    (and in the database given by --db or QUALCODE_DATABASE_URL).

    \b
    Example:
      qualcode init study && qualcode import study interviews/*.txt
    """
    if ctx.invoked_subcommand is None:
        from qualcode.cli.code_commands import interactive, run_picker

        if interactive():
            run_picker(db_url)
        else:
            click.echo(ctx.get_help())


def _register() -> None:
    from qualcode.cli import (
        agree_commands,
        apply_commands,
        code_commands,
        codebook_commands,
        coder_commands,
        consensus_commands,
        export_commands,
        import_commands,
        project_commands,
        retrieval_commands,
        sample_commands,
    )

    for module in (
        project_commands,
        import_commands,
        codebook_commands,
        coder_commands,
        apply_commands,
        code_commands,
        export_commands,
        retrieval_commands,
        agree_commands,
        consensus_commands,
        sample_commands,
    ):
        module.register(cli)


_register()


def main() -> None:
    try:
        cli(prog_name="qualcode")
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
