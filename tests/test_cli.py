"""The `qualcode` command line, run as users run it, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", _commands(cli), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command: tuple[str, ...]) -> None:
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert "Example" in out or isinstance(cli.get_command(click.Context(cli), command[0]), click.Group)


@pytest.fixture
def project(database_url: str, tmp_path: Path) -> tuple[str, ...]:
    """`--db URL` for a project named study with the test codebook, one interview and a coder."""
    db = ("--db", database_url)
    assert run("init", "study", *db, "--codebook", str(write(tmp_path / "book.yaml", CODEBOOK_V1)))[0] == 0
    assert run("import", "study", str(write(tmp_path / "interview.txt", INTERVIEW)), *db)[0] == 0
    assert run("coder", "add", "study", "ana", *db)[0] == 0
    return db


def test_init_import_apply_status_round_trip(database_url: str, tmp_path: Path) -> None:
    db = ("--db", database_url)
    code, out, err = run("init", "study", *db, "--codebook", str(write(tmp_path / "b.yaml", CODEBOOK_V1)))
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "loaded codebook: 7 codes"
    code, out, _ = run("import", "study", str(write(tmp_path / "interview.txt", INTERVIEW)), *db)
    assert code == 0
    assert out.splitlines() == [
        "interview: 4 segments (Interviewer 2, Maria 2)",
        "  last turn 42 chars; longest 100 chars (interview:2)",
        "imported 1 of 1 files",
    ]
    assert run("coder", "add", "study", "ana", *db) == (0, "added coder 'ana'\n", "")
    code, out, _ = run(
        "apply",
        "study",
        *db,
        "--coder",
        "ana",
        "--segment",
        "interview:2",
        "--segment",
        "interview:4",
        "--code",
        "relational",
    )
    assert (code, out) == (0, "interview:2: applied relational\ninterview:4: applied relational\n")
    code, out, _ = run(
        "apply", "study", *db, "--coder", "ana", "--segment", "interview:1", "--review", "done"
    )
    assert (code, out) == (0, "interview:1: review done\n")
    code, out, _ = run("status", "study", *db)
    assert code == 0
    assert out.splitlines()[1:] == [
        "codebook  Test book v1, 7 codes",
        "documents 1, segments 4",
        "",
        "coder  role   reviewed  of   done  codings  flagged",
        "-----  -----  --------  --  -----  -------  -------",
        "ana    coder         3   4  75.0%        2        0",
    ]


def test_export_frequencies_writes_the_whole_table(project: tuple[str, ...], tmp_path: Path) -> None:
    run(
        "apply",
        "study",
        *project,
        "--coder",
        "ana",
        "--segment",
        "interview:2",
        "--code",
        "relational",
        "--code",
        "power",
    )
    run("apply", "study", *project, "--coder", "ana", "--segment", "interview:4", "--code", "technical")
    run("apply", "study", *project, "--coder", "ana", "--segment", "interview:1", "--review", "done")
    out_file = tmp_path / "freq.csv"
    code, out, _ = run("export", "frequencies", "study", *project, "--out", str(out_file))
    assert (code, out) == (0, f"wrote 7 rows to {out_file}\n")
    uuids = {}
    for line in out_file.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split(",")
        uuids[fields[0]] = fields[1]
    assert out_file.read_text(encoding="utf-8") == (
        "code,code_uuid,segments,documents,reviewed_segments,percent_of_reviewed,counting\n"
        f"approach,{uuids['approach']},2,1,3,66.67,rollup\n"
        f"approach/relational,{uuids['approach/relational']},1,1,3,33.33,rollup\n"
        f"approach/technical,{uuids['approach/technical']},1,1,3,33.33,rollup\n"
        f"tone,{uuids['tone']},0,0,3,0.0,rollup\n"
        f"tone/hopeful,{uuids['tone/hopeful']},0,0,3,0.0,rollup\n"
        f"tone/critical,{uuids['tone/critical']},0,0,3,0.0,rollup\n"
        f"power,{uuids['power']},1,1,3,33.33,rollup\n"
    )


def test_export_frequencies_by_speaker(project: tuple[str, ...], tmp_path: Path) -> None:
    run("apply", "study", *project, "--coder", "ana", "--segment", "interview:2", "--code", "relational")
    run("apply", "study", *project, "--coder", "ana", "--segment", "interview:3", "--review", "done")
    out_file = tmp_path / "freq.csv"
    assert run("export", "frequencies", "study", *project, "--out", str(out_file), "--by", "speaker")[0] == 0
    rows = [line.split(",") for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == [
        "speaker",
        "code",
        "code_uuid",
        "segments",
        "documents",
        "reviewed_segments",
        "percent_of_reviewed",
        "counting",
    ]
    assert [(r[0], r[1], r[3], r[5], r[6]) for r in rows[1:] if r[1].startswith("approach")] == [
        ("Interviewer", "approach", "0", "1", "0.0"),
        ("Interviewer", "approach/relational", "0", "1", "0.0"),
        ("Interviewer", "approach/technical", "0", "1", "0.0"),
        ("Maria", "approach", "1", "1", "100.0"),
        ("Maria", "approach/relational", "1", "1", "100.0"),
        ("Maria", "approach/technical", "0", "1", "0.0"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "nothing"), "Error: no project 'nothing' at "),
        (("status", "bad name"), "Error: invalid project name 'bad name'"),
        (("status", "study", "--db", "mysql://x/y"), "Error: unsupported database 'mysql'"),
        (("status", "study", "--db", "not a url"), "Error: malformed database URL 'not a url'"),
        (
            ("status", "study", "--db", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none"),
            "Error: cannot open database postgresql+psycopg://nobody:***@127.0.0.1:1/none: ",
        ),
        (("codebook", "validate", "missing.yaml"), "Error: "),
    ],
    ids=["missing-project", "bad-name", "unsupported-db", "malformed-url", "unreachable-db", "missing-file"],
)
def test_user_errors_are_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert code == 1
    assert out == ""
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_apply_with_unknown_code_fails_cleanly_and_records_nothing(project: tuple[str, ...]) -> None:
    code, _, err = run(
        "apply", "study", *project, "--coder", "ana", "--segment", "interview:2", "--code", "trust"
    )
    assert (code, err) == (1, "Error: no code 'trust' in this project's codebook\n")
    _, out, _ = run("status", "study", *project)
    assert out.splitlines()[-1] == "ana    coder         0   4  0.0%        0        0"


def test_import_summary_names_failed_files_and_exits_non_zero(
    project: tuple[str, ...], tmp_path: Path
) -> None:
    empty = write(tmp_path / "empty.txt", "")
    other = write(tmp_path / "other.txt", INTERVIEW.replace("Maria", "Kofi"))
    code, out, err = run("import", "study", str(empty), str(other), *project)
    assert code == 1
    assert out.splitlines() == [
        "other: 4 segments (Interviewer 2, Kofi 2)",
        "  last turn 42 chars; longest 100 chars (other:2)",
        "imported 1 of 2 files; failed: empty.txt",
    ]
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        line for line in err.splitlines() if "empty.txt" in line and line.startswith("error:")
    ]
