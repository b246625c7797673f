"""The `qualcode` command group and its error boundary."""

from __future__ import annotations

import sys
from typing import Any

import click

from qualcode import __version__
from qualcode.cli.lazy import LazyCommand, LazyGroup
from qualcode.cli.options import db_option
from qualcode.cli.output import stdout_closed, until_stdout_closes
from qualcode.errors import QualcodeError

COMMANDS: dict[str, LazyCommand] = {
    # One line per command: its name, where it lives, and its short help exactly as the
    # command's docstring opens (tests/test_cli_lazy.py checks both). A name with a space,
    # such as "export memos", puts a command under a group.
    "agree": LazyCommand(
        "qualcode.cli.agree_commands:agree",
        "Inter-coder reliability: Krippendorff's alpha and friends, per code, per group and per code set.",
    ),
    "agree plan": LazyCommand(
        "qualcode.cli.agree_table_commands:plan",
        "Units two coders must double-code for alpha to be shown above a minimum (Krippendorff's table).",
    ),
    "agree table": LazyCommand(
        "qualcode.cli.agree_table_commands:table",
        "Agreement of two coders from a square CSV of counts: percent agreement, kappa, pi, AC1, BP.",
    ),
    "apply": LazyCommand(
        "qualcode.cli.apply_commands:apply",
        "Apply or remove codes, or record a review, on one or more segments.",
    ),
    "backup": LazyCommand(
        "qualcode.cli.backup_commands:backup",
        "Write a consistent copy of PROJECT while coders go on working.",
    ),
    "code": LazyCommand(
        "qualcode.cli.code_commands:code", "Open the coding workbench on PROJECT as coder NAME."
    ),
    "codebook": LazyCommand(
        "qualcode.cli.codebook_commands:codebook",
        "Codebooks: YAML files in git, or REFI-QDA .qdc from other QDA tools.",
    ),
    "coder": LazyCommand(
        "qualcode.cli.coder_commands:coder", "Coders of a project: each codes blind to the others."
    ),
    "consensus": LazyCommand(
        "qualcode.cli.consensus_commands:consensus",
        "Settle disagreements into a consensus coding; the coders' own codings are never changed.",
    ),
    "demo": LazyCommand(
        "qualcode.cli.project_commands:demo",
        "Build the demo project (a sample interview, the shipped codebook, two coders).",
    ),
    "document": LazyCommand("qualcode.cli.document_admin_commands:document", "Documents of a project."),
    "document attributes": LazyCommand(
        "qualcode.cli.attribute_commands:attributes",
        "List document attributes: one row per document and attribute, in project order.",
    ),
    "document set": LazyCommand(
        "qualcode.cli.attribute_commands:set_attributes",
        "Set attributes of DOCUMENT, all of them or, on a bad one, none.",
    ),
    "document unset": LazyCommand(
        "qualcode.cli.attribute_commands:unset_attributes",
        "Remove attributes from DOCUMENT, all of them or, when one is not set, none.",
    ),
    "drift": LazyCommand(
        "qualcode.cli.agree_commands:drift",
        "Agreement per batch, to see whether coders drift apart over the months.",
    ),
    "export": LazyCommand(
        "qualcode.cli.export_commands:export",
        "Export tables (CSV or XLSX) and REFI-QDA projects from a project.",
    ),
    "export flags": LazyCommand(
        "qualcode.cli.retrieval_commands:flags",
        "Every flagged segment: document, position, speaker, who flagged it, an excerpt, whether reviewed.",
    ),
    "export retrieval": LazyCommand(
        "qualcode.cli.retrieval_commands:retrieval",
        "Every segment with a code, across documents, with the codes and coders that put it there.",
    ),
    "import": LazyCommand(
        "qualcode.cli.import_commands:import_",
        "Import transcripts (.txt .md .docx .vtt .srt .csv) or a REFI-QDA project (.qdpx).",
    ),
    "init": LazyCommand(
        "qualcode.cli.project_commands:init",
        "Create a project (SQLite under projects/ unless --db is given).",
    ),
    "restore": LazyCommand(
        "qualcode.cli.backup_commands:restore",
        "Replace PROJECT with the backup FILE, after backing up its current state.",
    ),
    "sample": LazyCommand(
        "qualcode.cli.sample_commands:sample",
        "Assign a random share of segments to every coder (the overlap) and split the rest.",
    ),
    "status": LazyCommand(
        "qualcode.cli.project_commands:status", "Show documents, segments and each coder's progress."
    ),
    "team": LazyCommand(
        "qualcode.cli.team_commands:team",
        "Database roles on PostgreSQL: each coder logs in as themselves and sees only their own work.",
    ),
    "training": LazyCommand(
        "qualcode.cli.agree_commands:training",
        "A coder against a reference coder: agreement per code, misses and false alarms.",
    ),
}


class QualcodeGroup(LazyGroup):
    """Turns the core's errors into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QualcodeError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:
            stdout_closed()
        except Exception as error:
            database_error = _database_error(error)
            if database_error is None:
                raise
            raise database_error from None


def _database_error(error: Exception) -> click.ClickException | None:
    """A database failure as one line; SQLAlchemy is imported here only if a command loaded it."""
    if "sqlalchemy" not in sys.modules:
        return None
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    if isinstance(error, OperationalError):
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        return click.ClickException(f"database error: {reason}")
    if isinstance(error, SQLAlchemyError):
        return click.ClickException(f"database error: {error.__class__.__name__}: {error}")
    return None


@click.group(cls=QualcodeGroup, lazy_commands=COMMANDS, invoke_without_command=True)
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


def main() -> None:
    try:
        until_stdout_closes(lambda: cli(prog_name="qualcode"))
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
