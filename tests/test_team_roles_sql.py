"""Team roles on PostgreSQL: a coder's login sees and changes only their own work, checked in plain SQL."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from team_fixtures import CODINGS_SQL, Team, owner_rows, team_project

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store import team_roles


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_team_grant_on_sqlite_is_refused_because_a_file_has_no_roles(sqlite_url: str) -> None:
    Workbench.create("study", sqlite_url).add_coder("ana")
    code, out, err = run("team", "grant", "study", "ana", "--db", sqlite_url)
    assert (code, out) == (1, "")
    assert err == (
        "Error: project 'study' is a SQLite file: a file has no database roles, so who may read or "
        "change it is decided by its file permissions alone (chmod, groups); team roles need a "
        "PostgreSQL project\n"
    )


def test_default_role_names_fold_to_what_postgres_takes_unquoted() -> None:
    assert team_roles.default_role_name("study", "ana") == "qc_study_ana"
    assert team_roles.default_role_name("Pilot-2", "Ana María") == "qc_pilot_2_ana_mar_a"
    assert len(team_roles.default_role_name("p" * 64, "c" * 64)) == 63


def test_every_table_of_the_schema_is_under_row_security_and_open_to_a_lead() -> None:
    """A table added by a migration must get a policy, or a lead's login fails on it in one line."""
    from sqlmodel import SQLModel

    import qualcode.store.models  # noqa: F401  (registers the tables)

    tables = set(SQLModel.metadata.tables)
    assert set(team_roles._PROJECT_TABLES) == tables
    assert set(team_roles._lead_policies(1)) == tables


def test_the_scram_verifier_matches_the_rfc_7677_test_vector() -> None:
    # RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 rounds.
    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    verifier = team_roles.scram_verifier("pencil", salt=salt, iterations=4096)
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    stored_key, server_key = keys.split(":")
    assert (method, iterations_salt) == ("SCRAM-SHA-256", "4096:W22ZaJ0SNY7soEsUEjb6gQ==")
    # The RFC's server signature over its auth message is built from this ServerKey.
    auth_message = (
        b"n=user,r=rOprNGfwEbeRWgbNEkqO,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
        b"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
    )
    signature = hmac.new(base64.b64decode(server_key), auth_message, hashlib.sha256).digest()
    assert base64.b64encode(signature).decode() == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
    # The RFC's client proof, unwrapped with the client signature, hashes to this StoredKey.
    proof = base64.b64decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
    client_signature = hmac.new(base64.b64decode(stored_key), auth_message, hashlib.sha256).digest()
    client_key = bytes(a ^ b for a, b in zip(proof, client_signature, strict=True))
    assert hashlib.sha256(client_key).digest() == base64.b64decode(stored_key)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    yield from team_project(tmp_path)


@pytest.mark.postgres
def test_a_coder_role_reads_only_its_own_work_and_its_projects_shared_rows(team: Team) -> None:
    role, password = team.grant("ana")
    with team.sql(role, password) as connection:
        assert connection.execute(CODINGS_SQL).fetchall() == [("ana", "interview", 1, "relational")]
        assert connection.execute("SELECT name, role FROM coder").fetchall() == [("ana", "coder")]
        assert connection.execute("SELECT text FROM memo").fetchall() == [("ana's note",)]
        assert connection.execute("SELECT status, flagged FROM segment_review").fetchall() == [
            ("done", False)
        ]
        assert connection.execute("SELECT name FROM project").fetchall() == [("study",)]
        assert connection.execute("SELECT name FROM document").fetchall() == [("interview",)]
        assert connection.execute("SELECT count(*) FROM segment").fetchall() == [(4,)]
        assert connection.execute("SELECT count(*) FROM code").fetchall() == [(7,)]
        with pytest.raises(
            psycopg.errors.InsufficientPrivilege, match="permission denied for table decision"
        ):
            connection.execute("SELECT * FROM decision")
    # The owner still sees everyone's codings, and those of the other project.
    assert owner_rows(team, CODINGS_SQL) == [
        ("ana", "interview", 1, "relational"),
        ("ben", "interview", 1, "power"),
        ("ben", "interview", 2, "technical"),
        ("zoe", "other", 1, "power"),
    ]


INSERT_CODING = (
    "INSERT INTO coding (segment_id, code_id, coder_id, span_start, span_end, created_at, updated_at) "
    "VALUES (%s, %s, %s, 0, 5, now(), now())"
)


@pytest.mark.postgres
def test_a_coder_role_cannot_write_as_another_coder_or_into_another_project(team: Team) -> None:
    role, password = team.grant("ana")
    before = owner_rows(team, CODINGS_SQL)
    ben = owner_rows(team, "SELECT id FROM coder WHERE name = 'ben'")[0][0]
    segment = team.owner.resolve_segment("interview:3")
    power = owner_rows(team, "SELECT id FROM code WHERE name = 'power' ORDER BY id")[0][0]
    other_segment = team.pilot.resolve_segment("other:2")
    ana = owner_rows(team, "SELECT id FROM coder WHERE name = 'ana'")[0][0]
    with team.sql(role, password) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security policy"):
            connection.execute(
                INSERT_CODING,
                (segment, power, ben),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security policy"):
            connection.execute(
                INSERT_CODING,
                (other_segment, power, ana),
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security policy"):
            connection.execute("UPDATE coding SET coder_id = %s", (ben,))
        assert connection.execute("DELETE FROM coding WHERE coder_id = %s", (ben,)).rowcount == 0
        assert (
            connection.execute(
                "UPDATE segment_review SET flagged = true WHERE coder_id = %s", (ben,)
            ).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table coder"):
            connection.execute("UPDATE coder SET role = 'lead'")
    assert owner_rows(team, CODINGS_SQL) == before


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE coding DISABLE ROW LEVEL SECURITY",
        "DROP POLICY {policy} ON coding",
        "ALTER POLICY {policy} ON coding USING (true)",
        "CREATE POLICY mine ON coding USING (true)",
        "ALTER TABLE coding ADD COLUMN note text",
        "DROP TABLE memo",
        "TRUNCATE coding",
        "CREATE TABLE spare (id int)",
        "SET ROLE qualcode",
    ],
    ids=lambda statement: statement.split(" {")[0].split(" ON")[0],
)
def test_a_coder_role_cannot_alter_policies_tables_or_privileges(team: Team, statement: str) -> None:
    role, password = team.grant("ana")
    policy = owner_rows(team, "SELECT polname FROM pg_policy WHERE polname LIKE 'qc_team_%' LIMIT 1")[0][0]
    with team.sql(role, password) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(statement.format(policy=policy))
    assert owner_rows(
        team,
        "SELECT relrowsecurity FROM pg_class WHERE relname = 'coding' "
        "AND relnamespace = current_schema()::regnamespace",
    ) == [(True,)]


@pytest.mark.postgres
def test_a_coder_role_cannot_pass_its_privileges_on(team: Team) -> None:
    role, password = team.grant("ana")
    grantees = (
        "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
        "WHERE table_schema = current_schema() AND table_name = 'coding' AND grantee <> current_user "
        "ORDER BY 1, 2"
    )
    before = owner_rows(team, grantees)
    assert before == [(role, kind) for kind in ("DELETE", "INSERT", "SELECT", "UPDATE")]
    with team.sql(role, password) as connection:
        connection.execute("GRANT SELECT ON coding TO PUBLIC")  # PostgreSQL warns and grants nothing
    assert owner_rows(team, grantees) == before


@pytest.mark.postgres
def test_roles_in_two_projects_of_one_database_see_only_their_own_project(team: Team) -> None:
    zoe_role, zoe_password = team.grant("zoe", team.pilot)
    lee_role, lee_password = team.grant("lee")
    with team.sql(zoe_role, zoe_password) as connection:
        assert connection.execute(CODINGS_SQL).fetchall() == [("zoe", "other", 1, "power")]
        assert connection.execute("SELECT name FROM project").fetchall() == [("pilot",)]
        assert connection.execute("SELECT name FROM document").fetchall() == [("other",)]
    with team.sql(lee_role, lee_password) as connection:
        assert connection.execute(CODINGS_SQL).fetchall() == [
            ("ana", "interview", 1, "relational"),
            ("ben", "interview", 1, "power"),
            ("ben", "interview", 2, "technical"),
        ]
        assert connection.execute("SELECT name FROM coder ORDER BY id").fetchall() == [
            ("ana",),
            ("ben",),
            ("lee",),
        ]
        assert connection.execute(
            "SELECT author_id IS NOT NULL, text FROM memo ORDER BY text"
        ).fetchall() == [
            (True, "ana's note"),
            (True, "ben's doubt"),
        ]
        assert connection.execute("SELECT name FROM project").fetchall() == [("study",)]
