"""`qualcode document attributes|set|unset` as users run them: whole outputs, one-line refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import INTERVIEW, write
from sqlalchemy import update
from sqlmodel import col, select

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store.models import Document

SHIPPED_CODEBOOK = Path(__file__).resolve().parents[1] / "codebooks" / "transformational-change.yaml"

FRONT_MATTER = """\
---
participant: Kofi
age: 34
interviewed: 2025-03-04
---
Interviewer: What changed?

Kofi: Everything, slowly.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(database_url: str, tmp_path: Path) -> tuple[str, ...]:
    """`study --db URL`: `interview` imported with --meta site=north, `kofi` with front matter."""
    args = ("study", "--db", database_url)
    run("init", *args)
    interview = write(tmp_path / "interview.txt", INTERVIEW)
    assert run("import", *args, str(interview), "--meta", "site=north")[0] == 0
    assert run("import", *args, str(write(tmp_path / "kofi.txt", FRONT_MATTER)))[0] == 0
    return args


def stored_meta(database_url: str) -> dict[str, dict[str, object]]:
    workbench = Workbench.open("study", database_url)
    try:
        with workbench.unit() as session:
            documents = session.exec(select(Document).order_by(col(Document.position)))
            return {row.name: dict(row.meta) for row in documents}
    finally:
        workbench.close()


def test_attributes_lists_every_document_and_attribute_in_a_table(project: tuple[str, ...]) -> None:
    code, out, err = run("document", "attributes", *project)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "document   attribute    value",
        "---------  -----------  ----------",
        "interview  site         north",
        "kofi       age          34",
        "kofi       interviewed  2025-03-04",
        "kofi       participant  Kofi",
    ]


def test_attributes_of_one_document_to_csv(project: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "attributes.csv"
    code, stdout, _ = run("document", "attributes", *project, "kofi", "--out", str(out))
    assert (code, stdout) == (0, f"wrote 3 rows to {out}\n")
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))) == [
        ["document", "attribute", "value"],
        ["kofi", "age", "34"],
        ["kofi", "interviewed", "2025-03-04"],
        ["kofi", "participant", "Kofi"],
    ]


def test_set_adds_and_changes_values_as_text_in_one_go(project: tuple[str, ...], database_url: str) -> None:
    code, out, err = run(
        "document", "set", *project, "interview", "site=south", "wave=2", "role=head teacher"
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "interview: site = 'south' (was 'north')",
        "interview: wave = '2' (new)",
        "interview: role = 'head teacher' (new)",
    ]
    assert stored_meta(database_url) == {
        "interview": {"site": "south", "wave": "2", "role": "head teacher"},
        "kofi": {"participant": "Kofi", "age": "34", "interviewed": "2025-03-04"},
    }


def test_unset_removes_attributes(project: tuple[str, ...], database_url: str) -> None:
    code, out, _ = run("document", "unset", *project, "kofi", "age", "participant")
    assert (code, out) == (0, "kofi: removed age (was '34')\nkofi: removed participant (was 'Kofi')\n")
    assert stored_meta(database_url)["kofi"] == {"interviewed": "2025-03-04"}
    assert run("document", "attributes", *project, "kofi")[1].splitlines()[2:] == [
        "kofi      interviewed  2025-03-04"
    ]


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (
            ["set", "interviw", "site=x"],
            "Error: no document 'interviw' in project 'study': did you mean 'interview'?",
        ),
        (["set", "interview", "site"], "Error: 'site' is not KEY=VALUE, e.g. site=north"),
        (["set", "interview", "=north"], "Error: an attribute needs a name: give KEY=VALUE, e.g. site=north"),
        (
            ["set", "interview", "wave=2", "note=line one\nline two"],
            "Error: attribute 'note': the value has a control character (U+000A) at character 9: "
            "a value is one line of text",
        ),
        (
            ["set", "interview", "si\tte=x"],
            "Error: attribute name 'si\\tte' has a control character (U+0009) at character 3: "
            "a name is one line of text",
        ),
        (["set", "interview", "wave=1", "wave=2"], "Error: attribute 'wave' is given twice ('1' and '2')"),
        (
            ["set", "interview", "refi_qda_guid=x"],
            "Error: 'refi_qda_guid' is kept by qualcode itself (a REFI-QDA source's identity) "
            "and cannot be edited",
        ),
        (
            ["unset", "kofi", "age", "sex"],
            "Error: document 'kofi' has no attribute 'sex' (its attributes: age, interviewed, participant)",
        ),
        (["attributes", "nobody"], "Error: no document 'nobody' in project 'study'"),
    ],
    ids=[
        "document",
        "no-equals",
        "no-key",
        "newline",
        "tab-in-key",
        "twice",
        "internal",
        "unset-missing",
        "list-missing",
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    project: tuple[str, ...], database_url: str, command: list[str], message: str
) -> None:
    before = stored_meta(database_url)
    verb, *rest = command
    code, out, err = run("document", verb, *project, *rest)
    assert (code, out, err.splitlines()) == (1, "", [message])
    assert stored_meta(database_url) == before


def test_import_meta_follows_the_same_rules(project: tuple[str, ...], tmp_path: Path) -> None:
    other = write(tmp_path / "other.txt", "Ana: Hello.\n")
    code, _, err = run("import", *project, str(other), "--meta", "note=a\tb")
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: Invalid value for --meta: attribute 'note': the value has a control character (U+0009) "
        "at character 2: a value is one line of text"
    )


def test_internal_keys_are_neither_listed_nor_exported(project: tuple[str, ...], database_url: str) -> None:
    workbench = Workbench.open("study", database_url)
    with workbench.unit() as session:
        session.execute(
            update(Document)
            .where(Document.name == "interview")
            .values(meta={"site": "north", "refi_qda_guid": "g"})
        )
    workbench.close()
    assert run("document", "attributes", *project, "interview")[1].splitlines()[2:] == [
        "interview  site       north"
    ]
    code, out, err = run("export", "frequencies", *project, "--by", "refi_qda_guid", "--out", "-")
    assert (code, out, err) == (
        1,
        "",
        "Error: --by refi_qda_guid: no document has the attribute 'refi_qda_guid'; "
        "group by one of: document, coder, speaker, age, interviewed, participant, site\n",
    )
    [table] = list(Workbench.open("study", database_url).codings())
    assert list(table.columns)[-4:] == ["attr_age", "attr_interviewed", "attr_participant", "attr_site"]


def test_a_project_without_attributes_says_how_to_set_one(database_url: str) -> None:
    run("init", "study", "--db", database_url)
    assert run("document", "attributes", "study", "--db", database_url) == (
        0,
        "no document has attributes: set one with `qualcode document set study DOCUMENT KEY=VALUE`\n",
        "",
    )


def test_export_frequencies_by_an_attribute_from_the_command_line(
    project: tuple[str, ...], database_url: str
) -> None:
    run("coder", "add", *project, "ana")
    run("codebook", "load", *project, str(SHIPPED_CODEBOOK))
    assert run("apply", *project, "--coder", "ana", "--segment", "kofi:2", "--code", "relational")[0] == 0
    code, out, err = run("export", "frequencies", *project, "--by", "site", "--wide", "--out", "-")
    workbench = Workbench.open("study", database_url)
    codes = [code.path for code in workbench.codes()]
    workbench.close()
    assert (code, err) == (0, f"wrote {len(codes)} rows to standard output\n")
    header, *lines = out.splitlines()
    assert header == "code,code_uuid,counting,north,(missing)"
    counts = {line.split(",")[0]: line.split(",")[2:] for line in lines}
    assert list(counts) == codes
    coded = {"approach": ["rollup", "0", "1"], "approach/relational": ["rollup", "0", "1"]}
    assert counts == {path: coded.get(path, ["rollup", "0", "0"]) for path in codes}


def test_set_keeps_the_type_a_project_already_gives_an_attribute(
    project: tuple[str, ...], database_url: str
) -> None:
    # A project filled by another tool, whose ages are numbers rather than text.
    workbench = Workbench.open("study", database_url)
    with workbench.unit() as session:
        session.execute(update(Document).where(Document.name == "kofi").values(meta={"age": 34}))
    workbench.close()
    assert run("document", "set", *project, "interview", "age=41", "site=south")[1] == (
        "interview: age = '41' (new)\ninterview: site = 'south' (was 'north')\n"
    )
    assert stored_meta(database_url) == {"interview": {"site": "south", "age": 41}, "kofi": {"age": 34}}
