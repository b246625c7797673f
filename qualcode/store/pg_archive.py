"""Running pg_dump and pg_restore, and reading what a pg_dump archive holds before restoring it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from qualcode.errors import BackupError
from qualcode.store.backup import BackupContents, PgCommand


def require_tool(command: PgCommand) -> None:
    """A missing PostgreSQL client is one line with the exact command to run elsewhere, password masked."""
    tool = command.argv[0]
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not on PATH; install the PostgreSQL client and run: {command.shown}")


def run_pg(command: PgCommand) -> str:
    """Run pg_dump or pg_restore with the password in its environment; its first error line if it fails."""
    env = dict(os.environ)
    if command.password:
        env["PGPASSWORD"] = command.password
    done = subprocess.run(list(command.argv), env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        errors = [
            line for line in done.stderr.splitlines() if "error" in line.lower()
        ] or done.stderr.splitlines()
        reason = errors[0].strip() if errors else "no message"
        raise BackupError(f"{command.argv[0]} failed: {reason}")
    return done.stdout


def archive_contents(path: Path) -> BackupContents:
    """The schema revision and project names in a pg_dump custom archive, read without restoring it."""
    if not path.is_file():
        raise BackupError(f"no backup file {path}")
    try:
        listing = run_pg(PgCommand(("pg_restore", "--list", str(path)), None))
    except BackupError:
        raise BackupError(f"{path} is neither a SQLite project nor a pg_dump archive") from None
    if not _lists_table(listing, "project") or not _lists_table(listing, "alembic_version"):
        raise BackupError(f"{path} is a pg_dump archive but not of a qualcode project")
    revisions = _copied_rows(path, "alembic_version")
    projects = _copied_rows(path, "project")
    if not revisions:
        raise BackupError(f"{path} is not a qualcode project (it has no schema revision)")
    return BackupContents(
        revision=revisions[0]["version_num"], projects=tuple(sorted(row["name"] for row in projects))
    )


def _lists_table(listing: str, table: str) -> bool:
    return any(line.split()[-2:-1] == [table] and " TABLE DATA " in line for line in listing.splitlines())


def _copied_rows(path: Path, table: str) -> list[dict[str, str]]:
    """A table's rows as pg_restore writes them: a COPY header naming the columns, tab-separated lines."""
    script = run_pg(PgCommand(("pg_restore", "--data-only", f"--table={table}", "--file=-", str(path)), None))
    rows: list[dict[str, str]] = []
    columns: list[str] | None = None
    for line in script.splitlines():
        if columns is None:
            if line.startswith("COPY ") and line.endswith(" FROM stdin;"):
                columns = [
                    name.strip().strip('"') for name in line.split("(", 1)[1].split(")", 1)[0].split(",")
                ]
            continue
        if line == "\\.":
            break
        rows.append(dict(zip(columns, line.split("\t"), strict=False)))
    return rows
