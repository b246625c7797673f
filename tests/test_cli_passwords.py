"""No command prints a database password: not on success, not in an error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy.engine import make_url

from qualcode.cli.main import cli
from qualcode.store.engine import shown_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql+psycopg://ana:s3cret@db.example.org/study",
            "postgresql+psycopg://ana:***@db.example.org/study",
        ),
        (
            "postgresql+psycopg://ana:p%40ss@db.example.org:5433/study",
            "postgresql+psycopg://ana:***@db.example.org:5433/study",
        ),
        ("postgresql+psycopg://ana@db.example.org/study", "postgresql+psycopg://ana@db.example.org/study"),
        ("sqlite:///projects/study/project.db", "sqlite:///projects/study/project.db"),
        ("post gres://ana:s3cret@db.example.org/study", "post gres://ana:***@db.example.org/study"),
    ],
    ids=["password", "quoted-password-and-port", "no-password", "sqlite", "unparseable"],
)
def test_shown_url_masks_the_password_and_keeps_the_rest(url: str, shown: str) -> None:
    assert shown_url(url) == shown


@pytest.mark.parametrize(
    ("db", "message"),
    [
        (
            "postgresql+psycopg://nobody:s3cret@127.0.0.1:1/none",
            "Error: cannot open database postgresql+psycopg://nobody:***@127.0.0.1:1/none: "
            "connection failed: ",
        ),
        (
            "mysql://nobody:s3cret@127.0.0.1/none",
            "Error: unsupported database 'mysql' in 'mysql://nobody:***@127.0.0.1/none': "
            "use sqlite:///… or postgresql+psycopg://…",
        ),
        (
            "post gres://nobody:s3cret@127.0.0.1/none",
            "Error: malformed database URL 'post gres://nobody:***@127.0.0.1/none': "
            "expected sqlite:///path/to/file.db or postgresql+psycopg://user:password@host/dbname",
        ),
    ],
    ids=["unreachable", "unsupported", "malformed"],
)
def test_a_failed_connection_names_the_database_without_its_password(db: str, message: str) -> None:
    code, out, err = run("status", "study", "--db", db)
    assert (code, out) == (1, "")
    assert err.startswith(message)
    assert "s3cret" not in err


@pytest.mark.postgres
def test_init_and_status_mask_the_password(database_url: str) -> None:
    password = make_url(database_url).password
    if password is None:
        pytest.skip("a SQLite URL, or a PostgreSQL URL without a password, has nothing to mask")
    shown = make_url(database_url).render_as_string(hide_password=True)
    assert ":***@" in shown
    code, out, err = run("init", "study", "--db", database_url)
    assert (code, out, err) == (0, f"created project 'study' at {shown}\n", "")
    code, out, err = run("status", "study", "--db", database_url)
    assert (code, out.splitlines()[0], err) == (0, f"project   study  ({shown})", "")
    code, out, err = run("init", "study", "--db", database_url)
    assert (code, out, err) == (1, "", f"Error: project 'study' already exists ({shown})\n")
    code, out, err = run("status", "other", "--db", database_url)
    assert (code, out) == (1, "")
    assert err == f"Error: no project 'other' in {shown}: create it with `qualcode init other`\n"
    assert f":{password}@" not in out + err  # the password may also be the role's or database's name
