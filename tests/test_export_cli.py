"""`qualcode export …` as users run it: whole files compared, CSV hygiene, one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_export_tables import add_memos, build_coded, rows, uuids

from qualcode.cli.main import cli
from qualcode.service import Workbench


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(database_url: str, tmp_path: Path) -> tuple[str, ...]:
    """`study --db URL` for the coded project of the table tests."""
    workbench = Workbench.create("study", database_url)
    build_coded(workbench, tmp_path)
    workbench.close()
    return ("study", "--db", database_url)


@contextmanager
def _workbench(project: tuple[str, ...]) -> Iterator[Workbench]:
    workbench = Workbench.open(project[0], project[2])
    try:
        yield workbench
    finally:
        workbench.close()


def test_codings_csv_neutralises_formula_cells_by_default(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "codings.csv"
    code, stdout, _ = run("export", "codings", *project, "--coder", "ana", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 6 rows to {out}\n")
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[0] == (
        "document,document_id,segment_id,position,speaker,start_time,end_time,text,code,code_uuid,coder,"
        "coded_at,start,end,quote"
    )
    texts = [line.split(",")[7] for line in lines[1:] if line.startswith("other,")]
    assert texts == ["'-nothing at first. Then =everything.", "'@funders wanted it. Ça a été dur 😀."]


def test_codings_csv_with_bom_and_without_neutralising(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "codings.csv"
    assert (
        run("export", "codings", *project, "--coder", "ana", "--out", str(out), "--bom", "--no-neutralise")[0]
        == 0
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfdocument,document_id,")
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert table[table["document"] == "other"]["text"].tolist() == [
        "-nothing at first. Then =everything.",
        "@funders wanted it. Ça a été dur 😀.",
    ]
    with _workbench(project) as workbench:
        [expected] = list(workbench.codings(coder="ana"))
    assert rows(table) == rows(expected)


def test_frequencies_wide_csv_is_the_whole_table(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "wide.csv"
    code, stdout, _ = run("export", "frequencies", *project, "--coder", "ana", "--wide", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 7 rows to {out}\n")
    with _workbench(project) as workbench:
        ids = uuids(workbench)
    assert out.read_text(encoding="utf-8") == (
        "code,code_uuid,counting,interview,other\n"
        f"approach,{ids['approach']},rollup,2,1\n"
        f"approach/relational,{ids['approach/relational']},rollup,1,1\n"
        f"approach/technical,{ids['approach/technical']},rollup,1,0\n"
        f"tone,{ids['tone']},rollup,1,1\n"
        f"tone/hopeful,{ids['tone/hopeful']},rollup,1,0\n"
        f"tone/critical,{ids['tone/critical']},rollup,0,1\n"
        f"power,{ids['power']},rollup,1,0\n"
    )


def test_matrix_csv_leaves_unjudged_cells_empty(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "matrix.csv"
    code, stdout, _ = run("export", "matrix", *project, "--coder", "ana", "--all-segments", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 8 rows to {out}\n")
    with _workbench(project) as workbench:
        sid = {
            f"{d}:{p}": workbench.resolve_segment(f"{d}:{p}")
            for d in ("interview", "other")
            for p in range(1, 5)
        }
    assert out.read_text(encoding="utf-8") == (
        "document,segment_id,position,speaker,approach,approach/relational,approach/technical,tone,"
        "tone/hopeful,tone/critical,power\n"
        f"interview,{sid['interview:1']},1,Interviewer,0,0,0,0,0,0,0\n"
        f"interview,{sid['interview:2']},2,Maria,1,1,0,0,0,0,1\n"
        f"interview,{sid['interview:3']},3,Interviewer,,,,,,,\n"
        f"interview,{sid['interview:4']},4,Maria,1,0,1,1,1,0,0\n"
        f"other,{sid['other:1']},1,Interviewer,,,,,,,\n"
        f"other,{sid['other:2']},2,Kofi,1,1,0,0,0,0,0\n"
        f"other,{sid['other:3']},3,Interviewer,,,,,,,\n"
        f"other,{sid['other:4']},4,Kofi,0,0,0,1,0,1,0\n"
    )


def test_cooccurrence_xlsx_reads_back_as_the_same_table(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "cooccurrence.xlsx"
    code, stdout, _ = run("export", "cooccurrence", *project, "--coder", "ana", "--wide", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 7 rows to {out}\n")
    with _workbench(project) as workbench:
        expected = workbench.cooccurrence(coder="ana", wide=True)
    assert rows(pd.read_excel(out, sheet_name="cooccurrence")) == rows(expected)


@pytest.mark.parametrize(
    ("command", "extra"),
    [("frequencies", ("--wide",)), ("codings", ()), ("matrix", ()), ("cooccurrence", ())],
)
def test_out_dash_writes_the_same_csv_to_standard_output(
    project: tuple[str, ...], tmp_path: Path, command: str, extra: tuple[str, ...]
) -> None:
    out = tmp_path / "table.csv"
    assert run("export", command, *project, "--coder", "ana", *extra, "--out", str(out))[0] == 0
    code, stdout, stderr = run("export", command, *project, "--coder", "ana", *extra, "--out", "-", "--bom")
    rows_written = len(pd.read_csv(out))
    assert (code, stderr) == (0, f"wrote {rows_written} rows to standard output\n")
    assert stdout == "\ufeff" + out.read_text(encoding="utf-8")
    assert not (Path.cwd() / "-").exists()


def test_xlsx_to_standard_output_is_refused(project: tuple[str, ...]) -> None:
    code, stdout, stderr = run("export", "frequencies", *project, "--format", "xlsx", "--out", "-")
    message = "Error: cannot write XLSX to standard output; give a file name\n"
    assert (code, stdout, stderr) == (1, "", message)


def test_cooccurrence_of_an_unknown_document_is_a_one_line_error(
    project: tuple[str, ...], tmp_path: Path
) -> None:
    out = tmp_path / "pairs.csv"
    code, stdout, stderr = run("export", "cooccurrence", *project, "--document", "nothing", "--out", str(out))
    assert (code, stdout, stderr) == (1, "", "Error: no document 'nothing' in this project\n")
    assert not out.exists()


def test_memos_csv_is_the_whole_table_with_formulas_neutralised(
    project: tuple[str, ...], tmp_path: Path
) -> None:
    with _workbench(project) as workbench:
        add_memos(workbench)
        other = workbench.resolve_segment("other:3")
    out = tmp_path / "memos.csv"
    code, stdout, _ = run("export", "memos", *project, "--coder", "ana", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 2 rows to {out}\n")
    table = pd.read_csv(out, keep_default_na=False)
    assert table[["document", "position", "author", "memo"]].values.tolist() == [
        ["interview", 2, "ana", "Trust before strategy."],
        ["other", 3, "ana", "'=the question, again"],
    ]
    assert out.read_text(encoding="utf-8").splitlines()[-1] == (
        f'other,{other},3,Interviewer,Why?,ana,"\'=the question, again",'
        "2025-03-04T09:30:00Z,2025-03-04T09:30:00Z"
    )


def test_format_option_overrides_the_suffix(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "frequencies.data"
    assert run("export", "frequencies", *project, "--format", "xlsx", "--out", str(out))[0] == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("command", "extra"),
    [("frequencies", ()), ("codings", ()), ("matrix", ()), ("cooccurrence", ("--wide",))],
)
def test_unwritable_output_is_one_line_error_and_writes_nothing(
    project: tuple[str, ...], tmp_path: Path, command: str, extra: tuple[str, ...]
) -> None:
    missing = tmp_path / "no-such-folder" / "out.csv"
    code, stdout, stderr = run("export", command, *project, *extra, "--out", str(missing))
    assert (code, stdout, stderr) == (
        1,
        "",
        f"Error: cannot write {missing}: folder {missing.parent} does not exist\n",
    )
    folder = tmp_path / "a-folder.csv"
    folder.mkdir()
    code, _, stderr = run("export", command, *project, *extra, "--out", str(folder))
    assert (code, stderr) == (1, f"Error: cannot write {folder}: it is a folder\n")
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_a_failed_export_keeps_the_previous_file(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "codings.csv"
    out.write_text("previous\n", encoding="utf-8")
    code, _, stderr = run("export", "codings", *project, "--coder", "nobody", "--out", str(out))
    assert (code, stderr) == (
        1,
        "Error: no coder 'nobody' in project 'study': add one with `qualcode coder add study nobody`\n",
    )
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".codings")] == []


def test_consensus_before_adjudication_is_a_one_line_error(database_url: str, tmp_path: Path) -> None:
    assert run("init", "fresh", "--db", database_url)[0] == 0
    out = tmp_path / "matrix.csv"
    code, stdout, stderr = run(
        "export", "matrix", "fresh", "--db", database_url, "--coder", "consensus", "--out", str(out)
    )
    assert (code, stdout, stderr) == (1, "", "Error: no consensus coding yet: adjudicate first\n")
    assert not out.exists()


def test_every_export_command_has_help_with_an_example() -> None:
    for command in ("frequencies", "codings", "matrix", "cooccurrence", "qdpx"):
        code, stdout, _ = run("export", command, "--help")
        assert code == 0
        assert "Example" in stdout
        assert f"qualcode export {command} " in stdout
