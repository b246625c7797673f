"""Backups of the Workbench's project while coders work, and restoring one over it."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from qualcode.errors import BackupError, ProjectError
from qualcode.service.base import WorkbenchBase
from qualcode.store import backup as backup_store
from qualcode.store.engine import locate_project
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
        command = backup_store.pg_dump_command(self.location.url, target)
        if shutil.which("pg_dump") is None:
            raise BackupError(
                f"pg_dump is not on PATH; install the PostgreSQL client and run: {command.shown}"
            )
        if target.exists():
            raise BackupError(f"{target} already exists: choose another --out")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + backup_store.PARTIAL_SUFFIX)
        argv = [part.replace(f"--file={target}", f"--file={partial}") for part in command.argv]
        env = dict(os.environ)
        if command.password:
            env["PGPASSWORD"] = command.password
        try:
            done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["no message"])[0]
                raise BackupError(f"pg_dump failed: {reason}")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    @classmethod
    def restore(cls, name: str, db_url: str | None, source: Path, replace: bool) -> RestoreReport:
        """Put a SQLite backup back as project ``name``, after backing up what it replaces.

        The file must be a qualcode project holding ``name`` at a schema revision this
        qualcode can open; anything else is refused before the project is touched.
        """
        location = locate_project(name, db_url)
        target = location.sqlite_path
        if target is None:
            command = backup_store.pg_restore_command(location.url, source)
            raise BackupError(
                f"a PostgreSQL backup holds the whole database; restore it with: {command.shown}"
            )
        contents = backup_store.read_backup_contents(source)
        if location.name not in contents.projects:
            held = ", ".join(repr(project) for project in contents.projects) or "no project"
            raise BackupError(f"{source} holds {held}, not project {location.name!r}")
        if contents.revision > SCHEMA_REVISION:
            raise BackupError(
                f"{source} has schema revision {contents.revision}, newer than this qualcode's "
                f"{SCHEMA_REVISION}: upgrade qualcode to restore it"
            )
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
