"""Option sets shared by several commands, so that a flag means the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from qualcode.counting import COUNTINGS
from qualcode.store.environment import DATABASE_URL_ENV

if TYPE_CHECKING:
    from qualcode.service import Workbench

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_url",
        envvar=DATABASE_URL_ENV,
        metavar="URL",
        help=f"Database URL (default: projects/PROJECT/project.db; env {DATABASE_URL_ENV}), "
        "e.g. postgresql+psycopg://user:pw@host/qualcode.",
    )(function)


def count_option(function: F) -> F:
    """--count rollup|direct: how a parent code is counted, spelt the same by every command."""
    return click.option(
        "--count",
        type=click.Choice(COUNTINGS),
        default="rollup",
        show_default=True,
        help="rollup: a parent code counts where it or a code below it was applied; "
        "direct: only where it was applied itself.",
    )(function)


def project_argument(function: F) -> F:
    """PROJECT plus --db: every command that works on a project takes both."""
    return click.argument("project")(db_option(function))


def open_workbench(project: str, db_url: str | None) -> Workbench:
    """Loads the service (SQLAlchemy and all) only once a command runs, not for its --help."""
    from qualcode.service import Workbench

    return Workbench.open(project, db_url)
