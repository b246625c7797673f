"""Team roles on PostgreSQL: a coder's login sees and changes only their own work, checked in plain SQL."""

from __future__ import annotations

import csv
import io
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from conftest import POSTGRES_ENV
from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from qualcode.cli.main import cli
from qualcode.errors import TeamAccessError
from qualcode.service import Workbench
from qualcode.store import team_roles
from qualcode.store.models import CoderRole


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
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


def test_the_scram_verifier_matches_the_rfc_7677_test_vector() -> None:
    # RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 rounds.
    import base64

    salt = base64.b64decode("W22ZaJ0SNY7soEsUEjb6gQ==")
    verifier = team_roles.scram_verifier("pencil", salt=salt, iterations=4096)
    method, rest = verifier.split("$", 1)
    iterations_salt, keys = rest.split("$")
    stored_key, server_key = keys.split(":")
    assert (method, iterations_salt) == ("SCRAM-SHA-256", "4096:W22ZaJ0SNY7soEsUEjb6gQ==")
    # The RFC's server signature over its auth message is built from this ServerKey.
    import hashlib
    import hmac

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


# -- against the real server ----------------------------------------------------------------------


@dataclass
class Team:
    """A PostgreSQL schema with two projects, their coders, work by everyone, and a prefix for role names."""

    url: str
    schema: str
    prefix: str
    owner: Workbench
    pilot: Workbench

    def role_url(self, role: str, password: str) -> str:
        return make_url(self.url).set(username=role, password=password).render_as_string(hide_password=False)

    def sql(self, role: str, password: str) -> psycopg.Connection:
        parsed = make_url(self.url)
        return psycopg.connect(
            host=parsed.host,
            port=parsed.port,
            dbname=parsed.database,
            user=role,
            password=password,
            options=f"-csearch_path={self.schema}",
            autocommit=True,
        )

    def grant(self, coder: str, project: Workbench | None = None) -> tuple[str, str]:
        granted = (project or self.owner).grant_team_role(coder, role=f"{self.prefix}{coder}")
        return granted.role, granted.password


def _owner_rows(team: Team, query: str) -> list[tuple]:
    with team.owner.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(query))]


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL leg skipped: {POSTGRES_ENV} is not set")
    schema = f"qc_test_{uuid.uuid4().hex[:12]}"
    prefix = f"qc_t{uuid.uuid4().hex[:8]}_"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    url_text = url.render_as_string(hide_password=False)
    owner = Workbench.create("study", url_text)
    owner.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    owner.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    for name, role in (("ana", CoderRole.CODER), ("ben", CoderRole.CODER), ("lee", CoderRole.LEAD)):
        owner.add_coder(name, role)
    first, second = owner.resolve_segment("interview:1"), owner.resolve_segment("interview:2")
    owner.apply_code(first, "relational", "ana")
    owner.apply_code(first, "power", "ben")
    owner.apply_code(second, "technical", "ben")
    owner.toggle_flag([second], "ben")
    owner.save_memo(second, "ben", "ben's doubt")
    owner.save_memo(first, "ana", "ana's note")
    pilot = Workbench.create("pilot", url_text)
    pilot.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    pilot.import_files([write(tmp_path / "other.txt", "Zoe: Pilot words.\n\nYan: More pilot words.\n")])
    pilot.add_coder("zoe")
    pilot.apply_code(pilot.resolve_segment("other:1"), "power", "zoe")
    try:
        yield Team(url_text, schema, prefix, owner, pilot)
    finally:
        owner.close()
        pilot.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            leftovers = connection.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": prefix + "%"}
            )
            for (role,) in list(leftovers):
                connection.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()


CODINGS_SQL = (
    "SELECT coder.name, document.name, segment.position, code.name FROM coding "
    "JOIN coder ON coder.id = coding.coder_id JOIN segment ON segment.id = coding.segment_id "
    "JOIN document ON document.id = segment.document_id JOIN code ON code.id = coding.code_id "
    "ORDER BY 1, 2, 3, 4"
)


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
    assert _owner_rows(team, CODINGS_SQL) == [
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
    before = _owner_rows(team, CODINGS_SQL)
    ben = _owner_rows(team, "SELECT id FROM coder WHERE name = 'ben'")[0][0]
    segment = team.owner.resolve_segment("interview:3")
    power = _owner_rows(team, "SELECT id FROM code WHERE name = 'power' ORDER BY id")[0][0]
    other_segment = team.pilot.resolve_segment("other:2")
    ana = _owner_rows(team, "SELECT id FROM coder WHERE name = 'ana'")[0][0]
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
    assert _owner_rows(team, CODINGS_SQL) == before


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
    policy = _owner_rows(team, "SELECT polname FROM pg_policy WHERE polname LIKE 'qc_team_%' LIMIT 1")[0][0]
    with team.sql(role, password) as connection, pytest.raises(psycopg.errors.InsufficientPrivilege):
        connection.execute(statement.format(policy=policy))
    assert _owner_rows(
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
    before = _owner_rows(team, grantees)
    assert before == [(role, kind) for kind in ("DELETE", "INSERT", "SELECT", "UPDATE")]
    with team.sql(role, password) as connection:
        connection.execute("GRANT SELECT ON coding TO PUBLIC")  # PostgreSQL warns and grants nothing
    assert _owner_rows(team, grantees) == before


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


@pytest.mark.postgres
def test_team_grant_list_and_revoke_on_the_command_line(team: Team) -> None:
    code, out, err = run("team", "grant", "study", "ana", "--role", f"{team.prefix}ana", "--db", team.url)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    shown = make_url(team.url).set(username=f"{team.prefix}ana").render_as_string(hide_password=True)
    assert lines[:2] == [
        f"created role '{team.prefix}ana' for 'ana' in project 'study' (coder: own work only)",
        f"connect with: {shown}",
    ]
    assert lines[2].startswith("password (shown only now): ") and len(lines) == 3
    password = lines[2].removeprefix("password (shown only now): ")
    assert len(password) == 24
    code, out, _ = run(
        "team",
        "grant",
        "study",
        "lee",
        "--role",
        f"{team.prefix}lee",
        "--password",
        "--db",
        team.url,
        input="lead-secret\nlead-secret\n",
    )
    assert (code, "lead-secret" in out) == (0, False)
    code, out, _ = run("team", "list", "study", "--db", team.url)
    assert (code, out.splitlines()) == (
        0,
        [
            f"coder  kind   role{' ' * (len(team.prefix) + 3 - 4)}  sees",
            f"-----  -----  {'-' * (len(team.prefix) + 3)}  -------------------------",
            f"ana    coder  {team.prefix}ana  own work only",
            f"lee    lead   {team.prefix}lee  everything in the project",
        ],
    )
    with team.sql(f"{team.prefix}lee", "lead-secret") as connection:
        assert connection.execute("SELECT count(*) FROM coding").fetchall() == [(3,)]
    code, out, err = run("team", "grant", "study", "ana", "--db", team.url)
    assert (code, err) == (
        1,
        f"Error: coder 'ana' already has database role '{team.prefix}ana': "
        "revoke it first with `qualcode team revoke study ana`\n",
    )
    code, out, _ = run("team", "revoke", "study", "ana", "--db", team.url)
    assert (code, out) == (0, f"dropped role '{team.prefix}ana' of 'ana'\n")
    with pytest.raises(psycopg.OperationalError):
        team.sql(f"{team.prefix}ana", password)
    assert _owner_rows(team, CODINGS_SQL)[0] == ("ana", "interview", 1, "relational")
    code, out, err = run("team", "revoke", "study", "ana", "--db", team.url)
    assert (code, err) == (1, "Error: coder 'ana' has no database role in project 'study'\n")


@pytest.mark.postgres
def test_only_the_tables_owner_can_grant(team: Team) -> None:
    role, password = team.grant("lee")
    lead = Workbench.open("study", team.role_url(role, password))
    try:
        with pytest.raises(TeamAccessError) as refused:
            lead.grant_team_role("ana", role=f"{team.prefix}ana")
    finally:
        lead.close()
    assert str(refused.value) == (
        "only the owner of the project's tables ('qualcode') can grant roles: connect with its URL"
    )


@pytest.mark.postgres
def test_apply_status_and_export_work_under_a_coder_role(team: Team) -> None:
    role, password = team.grant("ana")
    url = team.role_url(role, password)
    code, out, err = run(
        "apply", "study", "--coder", "ana", "--segment", "interview:3", "--code", "power", "--db", url
    )
    assert (code, err) == (0, "")
    code, out, err = run(
        "apply", "study", "--coder", "ben", "--segment", "interview:3", "--code", "power", "--db", url
    )
    assert (code, out, err) == (
        1,
        "",
        f"Error: no coder 'ben' in project 'study': database role '{role}' sees no coder but its own\n",
    )
    code, status, _ = run("status", "study", "--db", url)
    assert code == 0
    assert status.splitlines()[1:] == [
        "codebook  Test book v1, 7 codes",
        "documents 1, segments 4",
        "",
        "coder  role   reviewed  of   done  codings  flagged",
        "-----  -----  --------  --  -----  -------  -------",
        "ana    coder         2   4  50.0%        2        0",
    ]
    assert status.splitlines()[0].startswith(f"project   study  (postgresql+psycopg://{role}:***@")
    code, mine, _ = run("export", "codings", "study", "--out", "-", "--db", url)
    code_owner, owners, _ = run(
        "export", "codings", "study", "--coder", "ana", "--out", "-", "--db", team.url
    )
    assert (code, code_owner) == (0, 0)
    assert mine == owners
    assert [(row["coder"], row["position"], row["code"]) for row in csv.DictReader(io.StringIO(mine))] == [
        ("ana", "1", "approach/relational"),
        ("ana", "3", "power"),
    ]
    assert _owner_rows(team, CODINGS_SQL) == [
        ("ana", "interview", 1, "relational"),
        ("ana", "interview", 3, "power"),
        ("ben", "interview", 1, "power"),
        ("ben", "interview", 2, "technical"),
        ("zoe", "other", 1, "power"),
    ]


@pytest.mark.postgres
async def test_the_coding_screen_works_under_a_coder_role(team: Team) -> None:
    from tui_fixtures import SIZE, press, settle, transcript_text

    from qualcode.tui.app import create_app

    role, password = team.grant("ana")
    workbench = Workbench.open("study", team.role_url(role, password))
    try:
        async with create_app(workbench, "ana").run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(pilot, "t")  # the screen opens on ana's first unreviewed turn, the second
            await settle(pilot)
            assert "technical" in transcript_text(pilot)
            assert "power" not in transcript_text(pilot)  # ben's code on turn 1 stays hidden
    finally:
        workbench.close()
    assert _owner_rows(team, CODINGS_SQL) == [
        ("ana", "interview", 1, "relational"),
        ("ana", "interview", 2, "technical"),
        ("ben", "interview", 1, "power"),
        ("ben", "interview", 2, "technical"),
        ("zoe", "other", 1, "power"),
    ]


@pytest.mark.postgres
def test_a_coder_with_a_login_is_not_removed_before_the_login_is_revoked(team: Team) -> None:
    role, _ = team.grant("ana")
    before = _owner_rows(team, CODINGS_SQL)
    code, out, err = run("coder", "remove", "study", "ana", "--yes", "--db", team.url)
    assert (code, out, err) == (
        1,
        "",
        f"Error: coder 'ana' logs in as database role '{role}': "
        "revoke it first with `qualcode team revoke study ana`\n",
    )
    assert _owner_rows(team, CODINGS_SQL) == before


@pytest.mark.postgres
def test_a_coder_role_cannot_upgrade_an_old_schema_and_says_who_can(team: Team) -> None:
    from qualcode.store.schema import SCHEMA_REVISION

    role, password = team.grant("ana")
    with team.owner.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    code, out, err = run("status", "study", "--db", team.role_url(role, password))
    assert (code, out, err) == (
        1,
        "",
        f"Error: the project's schema needs upgrading to revision {SCHEMA_REVISION}, which only the "
        f"owner of its tables may do, not role '{role}': open it once with the owner's URL\n",
    )


@pytest.mark.postgres
def test_the_workbench_under_a_coder_role_offers_no_other_coder(team: Team) -> None:
    role, password = team.grant("ana")
    code, out, err = run(
        "code", "study", "--coder", "lee", "--db", team.role_url(role, password), input="y\n"
    )
    assert (code, out, err) == (
        1,
        "",
        f"Error: no coder 'lee' in project 'study': database role '{role}' sees no coder but its own\n",
    )
    assert _owner_rows(team, "SELECT name FROM coder ORDER BY id") == [("ana",), ("ben",), ("lee",), ("zoe",)]


@pytest.mark.postgres
def test_a_leads_login_sees_what_the_owner_sees_in_its_project(team: Team) -> None:
    role, password = team.grant("lee")
    lead_url = team.role_url(role, password)
    for command in (["agree", "study"], ["export", "codings", "study", "--out", "-"], ["status", "study"]):
        as_owner = run(*command, "--db", team.url)
        as_lead = run(*command, "--db", lead_url)
        assert as_owner[0] == 0
        if command[0] == "status":  # the first line names the login
            as_owner = (as_owner[0], as_owner[1].split("\n", 1)[1], as_owner[2])
            as_lead = (as_lead[0], as_lead[1].split("\n", 1)[1], as_lead[2])
        assert as_lead == as_owner


@pytest.mark.postgres
async def test_a_codebook_edit_under_a_coder_role_is_refused_in_one_line(team: Team) -> None:
    from test_tui_codebook import open_codebook, type_into
    from tui_fixtures import SIZE, press, settle

    from qualcode.tui.app import create_app

    code_sql = "SELECT name, definition, hotkey FROM code WHERE name = 'power' ORDER BY id"
    before = _owner_rows(team, code_sql)
    role, password = team.grant("ana")
    workbench = Workbench.open("study", team.role_url(role, password))
    try:
        async with create_app(workbench, "ana").run_test(size=SIZE) as pilot:
            screen = await open_codebook(pilot, "power")
            await type_into(pilot, screen, "hotkey", "w")
            await press(pilot, "ctrl+s")
            await settle(pilot)
            message = str(screen.form.query_one("#code-message").render())
            assert message == f"the database refuses role '{role}': permission denied for table code"
    finally:
        workbench.close()
    assert _owner_rows(team, code_sql) == before
