"""Creating and upgrading a project database's schema with the packaged Alembic migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

SCHEMA_REVISION = "0006"
"""The newest migration in ``migrations/versions``; a test holds it equal to Alembic's head.

Opening a project that is already current compares its version with this
constant, so Alembic (a tenth of a second to import) is loaded only when a
schema has to be created or upgraded.
"""

_VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision as Alembic reads it from the migration scripts."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision; None for a database that has never been migrated."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(_VERSION_TABLE):
            return None
        return connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op (one cheap query) when it is current.

    Opening a project made by an older qualcode upgrades it in place, so no
    project is ever stranded on an old schema.
    """
    if current_revision(engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    from qualcode.errors import ProjectError

    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as error:
        if getattr(error.orig, "sqlstate", None) != "42501":
            raise
        raise ProjectError(
            f"the project's schema needs upgrading to revision {SCHEMA_REVISION}, which only the owner "
            f"of its tables may do, not role {engine.url.username!r}: open it once with the owner's URL"
        ) from None
