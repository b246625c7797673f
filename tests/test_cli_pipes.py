"""Standard output as Unix tools use it: `--out -` writes there, and a reader that stops early is no error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up
from sqlalchemy import insert
from sqlmodel import Session, select

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store.models import Code, Coder, Coding, Segment, SegmentReview

ROOT = Path(__file__).resolve().parents[1]
N_SEGMENTS = 3000
"""Enough codings (about 300 KB of CSV) to overflow a pipe's buffer, so the writer meets the closed end."""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def coded(sqlite_url: str, tmp_path: Path) -> str:
    """alice and bob judge 10 segments; then alice's code on each of 3,000 segments, inserted in bulk."""
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path, n_segments=N_SEGMENTS)["interview-1"]
    judge(workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 6]})
    with Session(workbench.engine) as session:
        alice = session.exec(select(Coder).where(Coder.name == "alice")).one().id
        power = session.exec(select(Code).where(Code.name == "power")).one().id
        ids = session.exec(select(Segment.id)).all()
        session.execute(insert(Coding), [{"segment_id": s, "code_id": power, "coder_id": alice} for s in ids])
        session.execute(
            insert(SegmentReview),
            [{"segment_id": s, "coder_id": alice} for s in ids[10:]],
        )
        session.commit()
    workbench.close()
    return sqlite_url


def _first_line_then_close(*args: str) -> tuple[int, bytes, bytes]:
    """Run `qualcode ARGS | head -1`: read one line, close the reading end, wait for the exit."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from qualcode.cli.main import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    return process.wait(timeout=120), first, error


def test_an_export_piped_into_head_ends_quietly_with_status_0(coded: str) -> None:
    code, first, error = _first_line_then_close("export", "codings", "study", "--db", coded, "--out", "-")
    assert (code, error) == (0, b"")
    assert first.startswith(b"document,document_id,segment_id,position,speaker,")


def test_agree_out_dash_writes_the_report_to_standard_output(
    coded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    options = ("agree", "study", "--db", coded, "--method", "per-code", "--format", "csv")
    printed = run(*options)
    assert run(*options, "--out", "-") == printed
    assert printed[0] == 0 and printed[1].startswith("method,item,coders,")
    assert not (tmp_path / "-").exists()
    assert run(*options, "--out", "per-code.csv") == (0, "wrote csv report to per-code.csv\n", "")
    assert (tmp_path / "per-code.csv").read_text(encoding="utf-8") == printed[1]
