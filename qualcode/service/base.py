"""The Workbench's foundation: opening a project and running units of work on it."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from qualcode.errors import NotFoundError, ProjectError, TeamAccessError
from qualcode.store import codes as code_store
from qualcode.store import team_roles
from qualcode.store.engine import (
    ProjectLocation,
    check_connection,
    create_project_engine,
    locate_project,
)
from qualcode.store.models import Code, Coder, CoderRole, Project
from qualcode.store.schema import migrate


def near_name(name: str, known: Sequence[str]) -> str | None:
    """The known name ``name`` was most likely meant to be: the same in another case, or a near spelling."""
    folded = {known_name.casefold(): known_name for known_name in reversed(known)}
    if name.casefold() in folded:
        return folded[name.casefold()]
    near = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None


INSUFFICIENT_PRIVILEGE = "42501"
"""PostgreSQL's SQLSTATE for a missing privilege and for a row that breaks a row-security policy."""


class WorkbenchBase:
    """A project opened on its database; every method is one committed unit of work."""

    def __init__(self, location: ProjectLocation, engine: Engine, project_id: int) -> None:
        self.location = location
        self.engine = engine
        self.project_id = project_id

    # -- opening -----------------------------------------------------------------------------

    @staticmethod
    def _engine_for(location: ProjectLocation, create: bool) -> Engine:
        path = location.sqlite_path
        if path is not None:
            if not create and not path.exists():
                raise ProjectError(
                    f"no project {location.name!r} at {path}: create it with `qualcode init {location.ref}`"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_project_engine(location.url)
        check_connection(engine)
        migrate(engine)
        return engine

    @classmethod
    def create(cls, name: str, db_url: str | None = None, exist_ok: bool = False) -> Self:
        location = locate_project(name, db_url)
        name = location.name
        engine = cls._engine_for(location, create=True)
        with Session(engine) as session:
            project = session.exec(select(Project).where(Project.name == name)).first()
            if project is not None and not exist_ok:
                raise ProjectError(f"project {name!r} already exists ({location.shown_url})")
            if project is None:
                project = Project(name=name)
                session.add(project)
                session.commit()
            assert project.id is not None
            return cls(location, engine, project.id)

    @classmethod
    def open(cls, name: str, db_url: str | None = None) -> Self:
        location = locate_project(name, db_url)
        name = location.name
        engine = cls._engine_for(location, create=False)
        with Session(engine) as session:
            project = session.exec(select(Project).where(Project.name == name)).first()
            if project is None:
                raise ProjectError(
                    f"no project {name!r} in {location.shown_url}: "
                    f"create it with `qualcode init {location.ref}`"
                )
            assert project.id is not None
            return cls(location, engine, project.id)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        A PostgreSQL refusal on privileges or row security (SQLSTATE 42501) becomes one line
        naming the login, since under a team role it is the answer to a coder reaching past
        their own work, not a fault.
        """
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
                raise
            reason = str(error.orig).strip().splitlines()[0]
            raise TeamAccessError(
                f"the database refuses role {self.engine.url.username!r}: {reason}"
            ) from None

    def _project(self, session: Session) -> Project:
        project = session.get(Project, self.project_id)
        assert project is not None
        return project

    @property
    def name(self) -> str:
        return self.location.name

    # -- lookups shared by every part of the Workbench -------------------------------------

    def _coders(self, session: Session) -> list[Coder]:
        return list(
            session.exec(select(Coder).where(Coder.project_id == self.project_id).order_by(col(Coder.id)))
        )

    def _coder(self, session: Session, name: str) -> Coder:
        coder = session.exec(
            select(Coder).where(Coder.project_id == self.project_id, Coder.name == name)
        ).first()
        if coder is None:
            near = near_name(name, [row.name for row in self._coders(session)])
            hint = (
                f"did you mean {near!r}?" if near else f"add one with `qualcode coder add {self.name} {name}`"
            )
            grant = None if self.location.is_sqlite else team_roles.connected_role(session.connection())
            if grant is not None:
                hint = f"database role {grant.role!r} sees no coder but its own"
            raise NotFoundError(f"no coder {name!r} in project {self.name!r}: {hint}")
        return coder

    def near_coder(self, name: str) -> str | None:
        """The existing coder a mistyped ``name`` most likely meant, so a typo does not become a coder."""
        with self.unit() as session:
            return near_name(name, [row.name for row in self._coders(session)])

    def _code(self, session: Session, ref: str | int) -> Code:
        if isinstance(ref, int):
            code = session.get(Code, ref)
            if code is None or code.project_id != self.project_id:
                raise NotFoundError(f"no code with id {ref}")
            return code
        return code_store.find_code(session, self.project_id, ref)

    def _coder_ids(self, session: Session, coder: str | None) -> tuple[int, ...]:
        """One named coder, or every coder and lead (the consensus is only counted when named)."""
        if coder is not None:
            return (self._coder(session, coder).id,)  # type: ignore[return-value]
        return tuple(
            row.id  # type: ignore[misc]
            for row in self._coders(session)
            if row.role != CoderRole.CONSENSUS.value
        )
