"""Team roles on PostgreSQL from the command line and the workbench: granting, and working under a login."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url
from team_fixtures import CODINGS_SQL, Team, owner_rows, team_project

from qualcode.cli.main import cli
from qualcode.errors import TeamAccessError
from qualcode.service import Workbench


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Team]:
    yield from team_project(tmp_path)


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
    assert owner_rows(team, CODINGS_SQL)[0] == ("ana", "interview", 1, "relational")
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
    assert owner_rows(team, CODINGS_SQL) == [
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
    assert owner_rows(team, CODINGS_SQL) == [
        ("ana", "interview", 1, "relational"),
        ("ana", "interview", 2, "technical"),
        ("ben", "interview", 1, "power"),
        ("ben", "interview", 2, "technical"),
        ("zoe", "other", 1, "power"),
    ]


@pytest.mark.postgres
def test_a_coder_with_a_login_is_not_removed_before_the_login_is_revoked(team: Team) -> None:
    role, _ = team.grant("ana")
    before = owner_rows(team, CODINGS_SQL)
    code, out, err = run("coder", "remove", "study", "ana", "--yes", "--db", team.url)
    assert (code, out, err) == (
        1,
        "",
        f"Error: coder 'ana' logs in as database role '{role}': "
        "revoke it first with `qualcode team revoke study ana`\n",
    )
    assert owner_rows(team, CODINGS_SQL) == before


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
    assert owner_rows(team, "SELECT name FROM coder ORDER BY id") == [("ana",), ("ben",), ("lee",), ("zoe",)]


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
    before = owner_rows(team, code_sql)
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
    assert owner_rows(team, code_sql) == before


@pytest.mark.postgres
def test_a_leads_login_exports_the_same_refi_project_as_the_owner(team: Team, tmp_path: Path) -> None:
    role, password = team.grant("lee")
    archives = {}
    for who, url in (("owner", team.url), ("lead", team.role_url(role, password))):
        out = tmp_path / f"{who}.qdpx"
        code, _, err = run("export", "qdpx", "study", str(out), "--db", url)
        assert (code, err.startswith("Error")) == (0, False), err
        with zipfile.ZipFile(out) as archive:
            archives[who] = {
                name: re.sub(rb'(creation|modified)DateTime="[^"]*"', b"", archive.read(name))
                for name in archive.namelist()
            }
    assert archives["lead"] == archives["owner"]
