"""Backups of the Workbench's project while coders work, and restoring one over it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

from qualcode.errors import BackupError, ProjectError
from qualcode.service.base import WorkbenchBase
from qualcode.store import backup as backup_store
from qualcode.store import pg_archive
from qualcode.store.engine import ProjectLocation, check_connection, create_project_engine, locate_project
from qualcode.store.schema import SCHEMA_REVISION


@dataclass(frozen=True)
class RestoreReport:
    """Where a restore came from, and the backup of the state it replaced (None if there was none)."""

    source: Path
    previous: Path | None


class BackupOps(WorkbenchBase):
    """Taking backups; restoring is a class method because the project may be gone."""

    def backup(self, out: Path | None = None) -> Path:
        """A consistent copy of the project's database at ``out`` or the default backup path.

        PostgreSQL is dumped with pg_dump when it is on PATH (the server's own tool is the
        only one that copies a live database consistently); without it the error names the
        exact command to run.
        """
        target = out or backup_store.default_backup_path(self.location)
        source = self.location.sqlite_path
        if source is not None:
            backup_store.backup_sqlite(source, target)
            return target
        return self._pg_dump(target)

    def _pg_dump(self, target: Path) -> Path:
        return _pg_dump(self.location.url, target)

    @classmethod
    def restore(
        cls, name: str, db_url: str | None, source: Path, replace: bool, force: bool = False
    ) -> RestoreReport:
        """Put a backup back as project ``name``, after backing up what it replaces.

        The file must be a qualcode project holding ``name`` at a schema revision this
        qualcode can open; anything else is refused before the project is touched. A
        PostgreSQL archive holds the whole database, so restoring one over a database
        that holds any project takes ``force``.
        """
        location = locate_project(name, db_url)
        target = location.sqlite_path
        if target is None:
            return cls._restore_postgres(location, source, force)
        contents = backup_store.read_backup_contents(source)
        _check_contents(location.name, source, contents)
        if source.resolve() == target.resolve():
            raise BackupError(f"{source} is the project's own database")
        previous = None
        if target.exists():
            if not replace:
                raise ProjectError(
                    f"restoring replaces project {location.name!r} at {target} with {source}; "
                    "add --yes to go ahead (its current state is backed up first)"
                )
            current = cls.open(name, db_url)
            try:
                previous = current.backup()
            finally:
                current.close()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
        backup_store.restore_sqlite(source, target)
        cls.open(name, db_url).close()
        return RestoreReport(source=source, previous=previous)

    @classmethod
    def _restore_postgres(cls, location: ProjectLocation, source: Path, force: bool) -> RestoreReport:
        """pg_restore the archive in one transaction, after a pg_dump of what it replaces.

        ``--clean --if-exists`` drops and recreates every table the archive holds, so the
        database ends as it was when the backup was taken; ``--single-transaction`` with
        ``--exit-on-error`` means a failed restore changes nothing.
        """
        command = backup_store.pg_restore_command(location.url, source)
        pg_archive.require_tool(command)
        _check_contents(location.name, source, pg_archive.archive_contents(source))
        held = _projects_in(location.url)
        previous = None
        if held:
            if not force:
                listed = ", ".join(repr(project) for project in held)
                raise ProjectError(
                    f"{location.shown_url} already holds {listed}: a pg_dump backup holds the whole "
                    f"database, so restoring {source} replaces every project in it; add --force to go "
                    "ahead (its current state is backed up first)"
                )
            previous = _pg_dump(location.url, backup_store.default_backup_path(location))
        flags = ("--single-transaction", "--exit-on-error", "--no-owner")
        argv = (*command.argv[:-1], *flags, command.argv[-1])
        try:
            pg_archive.run_pg(backup_store.PgCommand(argv, command.password))
        except BackupError as error:
            raise BackupError(f"{error} (nothing was restored: the database is as it was)") from None
        cls.open(location.name, location.url).close()
        return RestoreReport(source=source, previous=previous)


def _check_contents(name: str, source: Path, contents: backup_store.BackupContents) -> None:
    if name not in contents.projects:
        held = ", ".join(repr(project) for project in contents.projects) or "no project"
        raise BackupError(f"{source} holds {held}, not project {name!r}")
    if contents.revision > SCHEMA_REVISION:
        raise BackupError(
            f"{source} has schema revision {contents.revision}, newer than this qualcode's "
            f"{SCHEMA_REVISION}: upgrade qualcode to restore it"
        )


def _projects_in(url: str) -> list[str]:
    """The projects a PostgreSQL database (or the schema its URL names) holds; none when it has no tables."""
    engine = create_project_engine(url)
    try:
        check_connection(engine)
        with engine.connect() as connection:
            if not inspect(connection).has_table("project"):
                return []
            return list(connection.execute(text("SELECT name FROM project ORDER BY name")).scalars())
    finally:
        engine.dispose()


def _pg_dump(url: str, target: Path) -> Path:
    """pg_dump to ``target`` under a temporary name, so a dump cut short never looks like a backup."""
    command = backup_store.pg_dump_command(url, target)
    pg_archive.require_tool(command)
    if target.exists():
        raise BackupError(f"{target} already exists: choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + backup_store.PARTIAL_SUFFIX)
    argv = tuple(part.replace(f"--file={target}", f"--file={partial}") for part in command.argv)
    try:
        pg_archive.run_pg(backup_store.PgCommand(argv, command.password))
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
