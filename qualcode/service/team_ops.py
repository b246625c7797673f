"""Database roles for a team on PostgreSQL: one login per coder, confined to their own work by the server."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from qualcode.errors import TeamAccessError
from qualcode.service.base import WorkbenchBase
from qualcode.store import team_roles
from qualcode.store.engine import shown_url
from qualcode.store.models import CoderRole

SQLITE_REFUSAL = (
    "project {name!r} is a SQLite file: a file has no database roles, so who may read or change it "
    "is decided by its file permissions alone (chmod, groups); team roles need a PostgreSQL project"
)


@dataclass(frozen=True)
class TeamGrant:
    """A new login: the password is in here once, for the command to show, and stored nowhere."""

    coder: str
    role: str
    lead: bool
    password: str
    url: str
    """The URL the coder connects with, its password masked."""


@dataclass(frozen=True)
class TeamMember:
    """One granted role as `team list` shows it."""

    coder: str
    coder_role: str
    role: str
    access: str


class TeamOps(WorkbenchBase):
    """Granting, revoking and listing team roles, and knowing which coder the connected login is."""

    def grant_team_role(self, coder: str, role: str | None = None, password: str | None = None) -> TeamGrant:
        """Create a login role for ``coder``, with policies that let it see only what its coder may see.

        A lead's role reads and writes everything in this project; a coder's reads the project's
        documents, segments and codebook and reads and writes only its own codings, reviews,
        flags and memos. Either sees nothing of other projects in the same database.
        """
        self._require_postgres()
        with self.unit() as session:
            row = self._coder(session, coder)
            connection = session.connection()
            assert row.id is not None
            if row.role == CoderRole.CONSENSUS.value:
                raise TeamAccessError("the consensus is written by a lead's adjudication and gets no login")
            owner = team_roles.owns_project_tables(connection)
            if owner is not None:
                raise TeamAccessError(
                    f"only the owner of the project's tables ({owner!r}) can grant roles: "
                    "connect with its URL"
                )
            held = next((g for g in team_roles.granted_roles(connection) if g.coder_id == row.id), None)
            if held is not None:
                raise TeamAccessError(
                    f"coder {coder!r} already has database role {held.role!r}: "
                    f"revoke it first with `qualcode team revoke {self.name} {coder}`"
                )
            name = role or team_roles.default_role_name(self.name, coder)
            if not team_roles.ROLE_NAME.match(name):
                raise TeamAccessError(
                    f"invalid role name {name!r}: use lower-case letters, digits and '_' "
                    "(at most 63, not starting with a digit)"
                )
            if team_roles.role_exists(connection, name):
                raise TeamAccessError(
                    f"a database role {name!r} already exists on this server: choose another with --role"
                )
            secret = password or team_roles.new_password()
            lead = row.role == CoderRole.LEAD.value
            try:
                team_roles.create_role(connection, name, secret, self.project_id, row.id, lead)
            except DBAPIError as error:
                raise TeamAccessError(f"cannot grant role {name!r}: {_first_line(error)}") from None
        return TeamGrant(
            coder=coder,
            role=name,
            lead=lead,
            password=secret,
            url=shown_url(self.engine.url.set(username=name)),
        )

    def revoke_team_role(self, coder: str) -> str:
        """Drop the coder's login role and its policies; their work stays in the project."""
        self._require_postgres()
        with self.unit() as session:
            row = self._coder(session, coder)
            connection = session.connection()
            grant = next((g for g in team_roles.granted_roles(connection) if g.coder_id == row.id), None)
            if grant is None:
                raise TeamAccessError(f"coder {coder!r} has no database role in project {self.name!r}")
            try:
                team_roles.drop_role(connection, grant)
            except DBAPIError as error:
                raise TeamAccessError(f"cannot revoke role {grant.role!r}: {_first_line(error)}") from None
            return grant.role

    def team_members(self) -> list[TeamMember]:
        """The project's coders that have a login role, in the order of the coder list."""
        self._require_postgres()
        with self.unit() as session:
            grants = {g.coder_id: g for g in team_roles.granted_roles(session.connection())}
            return [
                TeamMember(
                    coder=row.name,
                    coder_role=row.role,
                    role=grants[row.id].role,
                    access="everything in the project" if grants[row.id].lead else "own work only",
                )
                for row in self._coders(session)
                if row.id in grants
            ]

    def connected_coder(self) -> str | None:
        """The coder the connected login is a team role of, or None (SQLite, the owner, any other login)."""
        if self.location.is_sqlite:
            return None
        with self.unit() as session:
            grant = team_roles.connected_role(session.connection())
            if grant is None:
                return None
            return next((row.name for row in self._coders(session) if row.id == grant.coder_id), None)

    def _require_postgres(self) -> None:
        if self.location.is_sqlite:
            raise TeamAccessError(SQLITE_REFUSAL.format(name=self.name))


def _first_line(error: DBAPIError) -> str:
    return str(error.orig).strip().splitlines()[0] if error.orig else str(error)
