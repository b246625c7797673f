"""PostgreSQL login roles for a project's coders, held to their own work by row-level security.

Nothing here needs a table of its own: a grant is a login role plus one policy per
project table, every policy named ``qc_team_<coder id>`` and given ``TO`` that role
alone. The policy on ``coder`` is therefore the record of which coder a role codes
as, readable by the role itself (``pg_policy`` is a public catalog), and a revoke
finds everything to drop by that name. Policies hold the project's and the coder's
ids as literals, so one database can hold many projects and a role sees one.

The tables' owner (the role that ran the migrations) is not subject to these
policies: it is the administrator's login, and a lead who should see every
project's work uses it. A coder's role owns nothing, so it can neither turn row
security off nor change a policy.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

POLICY_PREFIX = "qc_team_"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
SCRAM_ITERATIONS = 4096

_PROJECT_TABLES = (
    "project",
    "document",
    "segment",
    "code",
    "coder",
    "coding",
    "segment_review",
    "memo",
    "decision",
    "assignment",
    "exchange_guid",
)
"""Every table whose rows belong to a project: row security is turned on for each at the first grant."""

_CODER_READS = ("project", "document", "segment", "code", "coder", "assignment")
_CODER_WRITES = ("coding", "segment_review", "memo")
_LEAD_WRITES = tuple(table for table in _PROJECT_TABLES if table != "project")
"""A lead writes every project table but the project row itself (it may only update that)."""


@dataclass(frozen=True)
class TeamRole:
    """A login role granted to one coder of one project."""

    coder_id: int
    role: str
    lead: bool


def default_role_name(project: str, coder: str) -> str:
    """``qc_<project>_<coder>``, folded to what PostgreSQL takes unquoted.

    Roles are server-wide, not per database, so the project's name is part of it.
    """
    folded = re.sub(r"[^a-z0-9_]+", "_", f"qc_{project}_{coder}".casefold()).strip("_")
    return folded[:63]


def new_password() -> str:
    """24 random URL-safe characters: pasted into a URL without quoting, and beyond guessing."""
    return secrets.token_urlsafe(18)


def scram_verifier(password: str, salt: bytes | None = None, iterations: int = SCRAM_ITERATIONS) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802, RFC 7677).

    ``CREATE ROLE … PASSWORD`` given this string stores it as is, so the password itself
    never reaches the server, its statement log or ``pg_stat_activity``.
    """
    salt = salt or secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    encode = base64.b64encode
    return (
        f"SCRAM-SHA-256${iterations}:{encode(salt).decode()}"
        f"${encode(stored_key).decode()}:{encode(server_key).decode()}"
    )


def granted_roles(connection: Connection) -> list[TeamRole]:
    """Every grant in the current schema, read from the policies on ``coder``."""
    rows = connection.execute(
        text(
            "SELECT pol.polname, r.rolname, pg_get_expr(pol.polqual, pol.polrelid) "
            "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_roles r ON r.oid = ANY (pol.polroles) "
            "WHERE n.nspname = current_schema() AND c.relname = 'coder' "
            "AND pol.polname LIKE :prefix ORDER BY r.rolname"
        ),
        {"prefix": POLICY_PREFIX.replace("_", r"\_") + "%"},
    )
    return [
        TeamRole(coder_id=int(name.removeprefix(POLICY_PREFIX)), role=role, lead="project_id" in (qual or ""))
        for name, role, qual in rows
    ]


def connected_role(connection: Connection) -> TeamRole | None:
    """The grant the connected login holds in this schema, or None for any other login."""
    user = connection.execute(text("SELECT current_user")).scalar()
    return next((grant for grant in granted_roles(connection) if grant.role == user), None)


def role_exists(connection: Connection, role: str) -> bool:
    return bool(connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first())


def owns_project_tables(connection: Connection) -> str | None:
    """None when the connected login owns the project tables, else the owner's name."""
    owner = connection.execute(
        text(
            "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relname = 'coding'"
        )
    ).scalar()
    user = connection.execute(text("SELECT current_user")).scalar()
    return None if owner == user else str(owner)


def create_role(
    connection: Connection, role: str, password: str, project_id: int, coder_id: int, lead: bool
) -> None:
    """Create the login role, its privileges and its policies, in the caller's transaction."""
    quote = _quoter(connection)
    name = quote(role)
    connection.exec_driver_sql(
        f"CREATE ROLE {name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT "
        f"NOREPLICATION NOBYPASSRLS PASSWORD '{scram_verifier(password)}'"
    )
    schema = quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {name}")
    connection.exec_driver_sql(f"GRANT SELECT ON alembic_version TO {name}")
    for table in _PROJECT_TABLES:
        connection.exec_driver_sql(f"ALTER TABLE {quote(table)} ENABLE ROW LEVEL SECURITY")
    reads, writes = (("project",), _LEAD_WRITES) if lead else (_CODER_READS, _CODER_WRITES)
    for table in reads:
        connection.exec_driver_sql(f"GRANT SELECT ON {quote(table)} TO {name}")
    if lead:
        connection.exec_driver_sql(f"GRANT UPDATE ON project TO {name}")
    for table in writes:
        connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {quote(table)} TO {name}")
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
        if sequence:
            connection.exec_driver_sql(f"GRANT USAGE ON SEQUENCE {sequence} TO {name}")
    policies = _lead_policies(project_id) if lead else _coder_policies(project_id, coder_id)
    for table, (using, check) in policies.items():
        clause = f"USING ({using})" + (f" WITH CHECK ({check})" if check else "")
        connection.exec_driver_sql(
            f"CREATE POLICY {POLICY_PREFIX}{coder_id} ON {quote(table)} TO {name} {clause}"
        )


def drop_role(connection: Connection, grant: TeamRole) -> None:
    """Drop a grant's policies, privileges and login role, in the caller's transaction."""
    quote = _quoter(connection)
    name = quote(grant.role)
    for table in _PROJECT_TABLES:
        connection.exec_driver_sql(f"DROP POLICY IF EXISTS {POLICY_PREFIX}{grant.coder_id} ON {quote(table)}")
        connection.exec_driver_sql(f"REVOKE ALL ON {quote(table)} FROM {name}")
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
        if sequence:
            connection.exec_driver_sql(f"REVOKE ALL ON SEQUENCE {sequence} FROM {name}")
    schema = quote(str(connection.execute(text("SELECT current_schema()")).scalar()))
    connection.exec_driver_sql(f"REVOKE ALL ON alembic_version FROM {name}")
    connection.exec_driver_sql(f"REVOKE ALL ON SCHEMA {schema} FROM {name}")
    connection.exec_driver_sql(f"DROP ROLE {name}")


def _in_project_segment(project_id: int, column: str) -> str:
    """A correlated test (one index probe per row written) that a segment belongs to the project."""
    return (
        f"EXISTS (SELECT 1 FROM segment s JOIN document d ON d.id = s.document_id "
        f"WHERE s.id = {column} AND d.project_id = {project_id})"
    )


def _coder_policies(project_id: int, coder_id: int) -> dict[str, tuple[str, str | None]]:
    """A coder reads the project's shared rows and its own coder row; reads and writes only its own work."""
    own_segment = _in_project_segment(project_id, "segment_id")
    own_code = f"code_id IN (SELECT id FROM code WHERE project_id = {project_id})"
    return {
        "project": (f"id = {project_id}", None),
        "document": (f"project_id = {project_id}", None),
        "segment": (f"document_id IN (SELECT id FROM document WHERE project_id = {project_id})", None),
        "code": (f"project_id = {project_id}", None),
        "coder": (f"id = {coder_id}", None),
        "coding": (f"coder_id = {coder_id}", f"coder_id = {coder_id} AND {own_code} AND {own_segment}"),
        "segment_review": (f"coder_id = {coder_id}", f"coder_id = {coder_id} AND {own_segment}"),
        "memo": (f"author_id = {coder_id}", f"author_id = {coder_id} AND project_id = {project_id}"),
        "assignment": (f"coder_id = {coder_id}", None),
    }


def _lead_policies(project_id: int) -> dict[str, tuple[str, str | None]]:
    """A lead reads and writes every row of the project, and nothing of any other project."""
    coders = f"IN (SELECT id FROM coder WHERE project_id = {project_id})"
    return {
        "project": (f"id = {project_id}", None),
        "document": (f"project_id = {project_id}", None),
        "segment": (f"document_id IN (SELECT id FROM document WHERE project_id = {project_id})", None),
        "code": (f"project_id = {project_id}", None),
        "coder": (f"project_id = {project_id}", None),
        "coding": (f"coder_id {coders}", None),
        "segment_review": (f"coder_id {coders}", None),
        "memo": (f"project_id = {project_id}", None),
        "decision": (f"consensus_id {coders}", None),
        "assignment": (f"coder_id {coders}", None),
        "exchange_guid": (f"project_id = {project_id}", None),
    }


def _quoter(connection: Connection):  # type: ignore[no-untyped-def]
    """Always-quoted identifiers, so no name can be read as SQL."""
    return connection.dialect.identifier_preparer.quote_identifier
