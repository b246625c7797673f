"""A PROJECT argument may be a path to the project's folder or its project.db, as tab completion gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_projects_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working directory holds projects/ (the conftest points QUALCODE_PROJECTS_DIR there)."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "study", "--codebook", str(write(tmp_path / "book.yaml", CODEBOOK_V1)))[0] == 0
    return tmp_path


@pytest.mark.parametrize(
    "ref", ["projects/study", "projects/study/", "projects/study/project.db"], ids=["folder", "slash", "file"]
)
def test_commands_accept_a_path_to_the_project(in_projects_parent: Path, ref: str) -> None:
    interview = write(in_projects_parent / "interview.txt", INTERVIEW)
    assert run("import", ref, str(interview))[:2] == (
        0,
        "interview: 4 segments (Interviewer 2, Maria 2)\n"
        "  last turn 42 chars; longest 100 chars (interview:2)\n"
        "imported 1 of 1 files\n",
    )
    assert run("coder", "add", ref, "ana") == (0, "added coder 'ana'\n", "")
    assert run("apply", ref, "--coder", "ana", "--segment", "interview:2", "--code", "relational") == (
        0,
        "interview:2: applied relational\n",
        "",
    )
    code, out, err = run("status", ref)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "project   study  (sqlite:///projects/study/project.db)",
        "codebook  Test book v1, 7 codes",
        "documents 1, segments 4",
    ]
    out_file = in_projects_parent / "codings.csv"
    assert run("export", "codings", ref, "--out", str(out_file))[0] == 0
    assert out_file.read_text(encoding="utf-8").count("relational") == 1
    assert run("codebook", "show", ref)[0] == 0


def test_inside_the_project_folder_dot_and_project_db_name_it(
    in_projects_parent: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(in_projects_parent / "projects" / "study")
    for ref in (".", "project.db"):
        code, out, err = run("status", ref)
        assert (code, out.splitlines()[0], err) == (0, "project   study  (sqlite:///project.db)", "")


def test_init_at_a_path_creates_the_project_named_after_its_folder(in_projects_parent: Path) -> None:
    assert run("init", "elsewhere/pilot") == (
        0,
        "created project 'pilot' at sqlite:///elsewhere/pilot/project.db\n",
        "",
    )
    assert (in_projects_parent / "elsewhere" / "pilot" / "project.db").is_file()
    assert run("status", "elsewhere/pilot/project.db")[1].splitlines()[0] == (
        "project   pilot  (sqlite:///elsewhere/pilot/project.db)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("status", "projects/nothing"),
            "Error: no project 'nothing' at projects/nothing/project.db: "
            "create it with `qualcode init projects/nothing`\n",
        ),
        (
            ("status", "projects/my study"),
            "Error: invalid project name 'my study': use letters, digits, '.', '_' or '-' "
            "(at most 64 characters, starting with a letter or digit)\n",
        ),
        (
            ("status", "projects/study", "--db", "sqlite:///other.db"),
            "Error: 'projects/study' is the path of a SQLite project: give the project's name, "
            "not its path, with --db or QUALCODE_DATABASE_URL\n",
        ),
    ],
    ids=["missing", "bad-folder-name", "path-and-db"],
)
def test_a_bad_project_path_is_one_line(
    in_projects_parent: Path, args: tuple[str, ...], message: str
) -> None:
    assert run(*args) == (1, "", message)
