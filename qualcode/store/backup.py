"""Consistent copies of a project's database taken while coders work, and putting one back."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from qualcode.errors import BackupError
from qualcode.store.engine import ProjectLocation, projects_dir

BACKUPS_DIR = "backups"
PARTIAL_SUFFIX = ".partial"


def default_backup_path(location: ProjectLocation, now: datetime | None = None) -> Path:
    """``<project folder>/backups/<name>-<UTC timestamp>.db`` (``.dump`` for PostgreSQL).

    A second backup within the same second gets a ``-2`` suffix rather than overwriting the first.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    sqlite_path = location.sqlite_path
    folder = sqlite_path.parent if sqlite_path is not None else projects_dir() / location.name
    suffix = ".db" if sqlite_path is not None else ".dump"
    path = folder / BACKUPS_DIR / f"{location.name}-{stamp}{suffix}"
    taken = 1
    while path.exists():
        taken += 1
        path = folder / BACKUPS_DIR / f"{location.name}-{stamp}-{taken}{suffix}"
    return path


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a live SQLite database with the online backup API, under a temporary name until complete.

    The copy is one read transaction (all pages in one step), so it is the database as it
    stood when the backup began, while coders go on writing: WAL readers do not block writers.
    Only a copy that passed ``integrity_check`` is given its final name, so a backup cut short
    (a crash, a full disk, SIGKILL) never looks like a good one.
    """
    if target.exists():
        raise BackupError(f"{target} already exists: choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    try:
        with _connect(source, read_only=True) as src, _connect(partial) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"backup of {source} failed its integrity check: {check}")
        _fsync(partial)
        os.replace(partial, target)
    except sqlite3.Error as error:
        raise BackupError(f"cannot back up {source} to {target}: {error}") from None
    finally:
        partial.unlink(missing_ok=True)


def restore_sqlite(source: Path, target: Path) -> None:
    """Write a backup's pages into the live database in one locked step.

    Going through SQLite (not renaming files) keeps connections that are open on the
    project valid, and leaves no stale -wal file to be replayed over the restored pages.
    """
    try:
        with _connect(source, read_only=True) as src, _connect(target) as dst:
            src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(f"cannot restore {source} into {target}: {error}") from None


@dataclass(frozen=True)
class BackupContents:
    """What a backup file holds: its schema revision and the projects in it."""

    revision: str
    projects: tuple[str, ...]


def read_backup_contents(path: Path) -> BackupContents:
    """Open a file that claims to be a qualcode backup; a BackupError says why it is not one."""
    if not path.is_file():
        raise BackupError(f"no backup file {path}")
    try:
        with _connect(path, read_only=True) as connection:
            tables = {
                row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"alembic_version", "project"} <= tables:
                raise BackupError(f"{path} is not a qualcode project (it has no schema revision)")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            names = tuple(row[0] for row in connection.execute("SELECT name FROM project ORDER BY name"))
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a qualcode project ({error})") from None
    if revision is None:
        raise BackupError(f"{path} is not a qualcode project (it has no schema revision)")
    return BackupContents(revision=str(revision[0]), projects=names)


def integrity_problem(path: Path) -> str | None:
    """None when ``PRAGMA integrity_check`` passes, else its first complaint."""
    with _connect(path, read_only=True) as connection:
        result = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    return None if result == "ok" else result


@dataclass(frozen=True)
class PgCommand:
    """A pg_dump or pg_restore run: the password travels in the environment, never on the command line."""

    argv: tuple[str, ...]
    password: str | None

    @property
    def shown(self) -> str:
        prefix = "PGPASSWORD=*** " if self.password else ""
        return prefix + " ".join(self.argv)


def pg_dump_command(url: str, target: Path) -> PgCommand:
    """pg_dump in its custom format for the database (and search_path schema) the URL names."""
    connection, password = _pg_connection(url)
    return PgCommand(("pg_dump", "--format=custom", f"--file={target}", *connection), password)


def pg_restore_command(url: str, source: Path) -> PgCommand:
    """The pg_restore run that puts a pg_dump backup back over the database the URL names."""
    connection, password = _pg_connection(url)
    return PgCommand(("pg_restore", "--clean", "--if-exists", *connection, str(source)), password)


def _pg_connection(url: str) -> tuple[tuple[str, ...], str | None]:
    parsed = make_url(url)
    schema = _search_path_schema(parsed.query.get("options"))
    dsn = URL.create(
        "postgresql", username=parsed.username, host=parsed.host, port=parsed.port, database=parsed.database
    )
    args = [f"--dbname={dsn.render_as_string(hide_password=False)}"]
    if schema:
        args.append(f"--schema={schema}")
    return tuple(args), parsed.password


def _search_path_schema(options: str | tuple[str, ...] | None) -> str | None:
    text = options if isinstance(options, str) else " ".join(options or ())
    for part in text.split():
        if part.startswith("-csearch_path="):
            return part.removeprefix("-csearch_path=").split(",")[0]
    return None


@contextmanager
def _connect(path: Path, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection that is closed (not merely committed) when the block ends."""
    if read_only:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        connection = sqlite3.connect(path, timeout=10)
    try:
        yield connection
    finally:
        connection.close()


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
