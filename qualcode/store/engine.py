"""Where a project's database lives, and engines that are configured and migrated on open."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import NullPool

from qualcode.errors import DatabaseURLError, ProjectError
from qualcode.store.environment import DATABASE_URL_ENV, DB_FILE_NAME, PROJECTS_DIR_ENV

_PROJECT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_URL_PASSWORD = re.compile(r"(://[^:/@]*:)[^/]*@")


def shown_url(url: str | URL) -> str:
    """A database URL fit to print: its password replaced by ``***``.

    Every message and listing that names a database goes through here, so a team's
    password never reaches a terminal, a log or a screenshot. A URL too malformed for
    SQLAlchemy to parse is masked by pattern instead.
    """
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _URL_PASSWORD.sub(r"\1***@", url)


@dataclass(frozen=True)
class ProjectLocation:
    """A project's name and the database URL that holds it."""

    name: str
    url: str
    ref: str = ""
    """What the user typed to name it (a name or a path), for hints that echo it back."""

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database else None

    @property
    def shown_url(self) -> str:
        return shown_url(self.url)


def projects_dir() -> Path:
    """Projects live under ./projects unless QUALCODE_PROJECTS_DIR says otherwise."""
    return Path(os.environ.get(PROJECTS_DIR_ENV) or "projects")


def check_project_name(name: str) -> str:
    if not _PROJECT_NAME.match(name):
        raise ProjectError(
            f"invalid project name {name!r}: use letters, digits, '.', '_' or '-' "
            "(at most 64 characters, starting with a letter or digit)"
        )
    return name


def normalise_database_url(url: str) -> str:
    """Accept the URLs users paste and turn them into ones SQLAlchemy can open.

    ``postgres://`` and ``postgresql://`` are what hosting providers hand out;
    qualcode talks to PostgreSQL through psycopg 3 only.
    """
    url = url.strip()
    if not url:
        raise DatabaseURLError("empty database URL")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseURLError(
            f"malformed database URL {shown_url(url)!r}: expected sqlite:///path/to/file.db "
            "or postgresql+psycopg://user:password@host/dbname"
        ) from None
    driver = parsed.drivername
    if driver in ("postgres", "postgresql", "postgresql+psycopg"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if driver == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseURLError(
                f"database URL {shown_url(url)!r} names no file: a project needs sqlite:///path/to/file.db"
            )
        return url
    raise DatabaseURLError(
        f"unsupported database {driver!r} in {shown_url(url)!r}: use sqlite:///… or postgresql+psycopg://…"
    )


def locate_project(name: str, db_url: str | None = None) -> ProjectLocation:
    """Resolve where project ``name`` lives: an explicit URL, the environment, or projects/.

    ``name`` may also be a path to a project's folder or its project.db (what tab completion
    gives): the folder's name is the project's name and the file is its database.
    """
    if _is_project_path(name):
        return _locate_by_path(name, db_url)
    check_project_name(name)
    url = db_url or os.environ.get(DATABASE_URL_ENV)
    if url:
        return ProjectLocation(name=name, url=normalise_database_url(url), ref=name)
    path = projects_dir() / name / DB_FILE_NAME
    return ProjectLocation(name=name, url=f"sqlite:///{path}", ref=name)


def _is_project_path(ref: str) -> bool:
    """A separator, or an existing .db file, makes it a path; a bare word stays a project name."""
    return "/" in ref or os.sep in ref or ref in (".", "..") or (ref.endswith(".db") and Path(ref).is_file())


def _locate_by_path(ref: str, db_url: str | None) -> ProjectLocation:
    path = Path(ref)
    database = path if path.is_file() or path.suffix == ".db" else path / DB_FILE_NAME
    folder = database.parent
    name = check_project_name(folder.name if folder.name not in ("", "..") else folder.resolve().name)
    if db_url or os.environ.get(DATABASE_URL_ENV):
        raise ProjectError(
            f"{ref!r} is the path of a SQLite project: give the project's name, not its path, "
            f"with --db or {DATABASE_URL_ENV}"
        )
    return ProjectLocation(name=name, url=f"sqlite:///{database}", ref=ref)


def _configure_sqlite(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets the TUI read while a CLI command writes; foreign keys are off by default in SQLite."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_project_engine(url: str) -> Engine:
    """An engine with per-connection settings; schema creation is ``migrate``'s job."""
    if url.startswith("sqlite"):
        engine = create_engine(url, poolclass=NullPool if ":memory:" in url else None)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError:
        raise DatabaseURLError(
            "PostgreSQL support is not installed: pip install 'qualcode[postgres]'"
        ) from None


def check_connection(engine: Engine) -> None:
    """Fail early with one line when the server is down or the credentials are wrong."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseURLError(f"cannot open database {shown_url(engine.url)}: {reason}") from None
