"""Word, WebVTT, SubRip and CSV transcripts: synthesised text, merged turns and times."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from qualcode.ingest import SUPPORTED_SUFFIXES, ParsedDocument, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"

Row = tuple[str, str, float | None, float | None]


def assert_offsets_exact(document: ParsedDocument) -> None:
    for segment in document.segments:
        assert document.text[segment.start_char : segment.end_char] == segment.text
        assert segment.text == segment.text.strip() and segment.text


def rows(document: ParsedDocument) -> list[Row]:
    return [(s.speaker, s.text, s.start_time, s.end_time) for s in document.segments]


def test_ingest_loads_no_storage_ui_or_cli_library():
    """Readers are pure processing; a fresh interpreter proves no front-end or store import."""
    probe = (
        "import sys, qualcode.ingest; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'textual', 'click', 'sqlmodel', 'sqlalchemy', 'alembic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.stdout.strip() == "[]"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".docx", ".vtt", ".srt", ".csv")


M, G, T = "Maria Okafor", "Dr. Goodchild", "Tom Price"

# (name, fixture file, segmentation, expected (speaker, text, start, end) rows)
FIXTURE_CASES = [
    (
        "vtt turns merge cues of one speaker",
        "organising_meeting.vtt",
        "turn",
        [
            (M, "Welcome, everyone. Tonight we decide about the rent strike. "
                "Dr. Goodchild is here to observe.", 1.0, 7.25),
            (G, "Thanks & hello.", 7.25, 9.0),
            (T, "We've waited two years.", 9.0, 12.0),
            (M, "I know, Tom. So let's vote.", 9.0, 14.0),
        ],
    ),
    (
        "vtt paragraphs are cues",
        "organising_meeting.vtt",
        "paragraph",
        [
            (M, "Welcome, everyone. Tonight we decide about the rent strike.", 1.0, 4.5),
            (M, "Dr. Goodchild is here to observe.", 4.5, 7.25),
            (G, "Thanks & hello.", 7.25, 9.0),
            (T, "We've waited two years.", 9.0, 12.0),
            (M, "I know, Tom.", 9.0, 12.0),
            (M, "So let's vote.", 12.0, 14.0),
        ],
    ),
    (
        "vtt sentences take the times of their cues",
        "organising_meeting.vtt",
        "sentence",
        [
            (M, "Welcome, everyone.", 1.0, 4.5),
            (M, "Tonight we decide about the rent strike.", 1.0, 4.5),
            (M, "Dr. Goodchild is here to observe.", 4.5, 7.25),
            (G, "Thanks & hello.", 7.25, 9.0),
            (T, "We've waited two years.", 9.0, 12.0),
            (M, "I know, Tom.", 9.0, 12.0),
            (M, "So let's vote.", 12.0, 14.0),
        ],
    ),
    (
        "srt unlabelled cue continues the speaker",
        "organising_meeting.srt",
        "turn",
        [
            (M, "Welcome, everyone. Tonight we decide. It will not be easy.", 1.0, 6.0),
            (T, "Two years we have waited.", 6.0, 8.25),
            (M, "I know.", 8.25, 10.0),
        ],
    ),
    (
        "srt sentences",
        "organising_meeting.srt",
        "sentence",
        [
            (M, "Welcome, everyone.", 1.0, 4.5),
            (M, "Tonight we decide.", 1.0, 4.5),
            (M, "It will not be easy.", 4.5, 6.0),
            (T, "Two years we have waited.", 6.0, 8.25),
            (M, "I know.", 8.25, 10.0),
        ],
    ),
    (
        "csv rows of one speaker form a turn",
        "organising_meeting.csv",
        "turn",
        [
            (M, "Welcome, everyone.\n\nTonight we decide about the rent strike. "
                "Dr. Goodchild is here.", 1.0, 7.25),
            (T, "We've waited two years.\n\nTwo whole years.", 7.25, 12.0),
            (M, "I know.", 12.0, None),
        ],
    ),
    (
        "csv paragraphs are rows and their inner paragraphs",
        "organising_meeting.csv",
        "paragraph",
        [
            (M, "Welcome, everyone.", 1.0, 4.5),
            (M, "Tonight we decide about the rent strike. Dr. Goodchild is here.", 4.5, 7.25),
            (T, "We've waited two years.", 7.25, 12.0),
            (T, "Two whole years.", 7.25, 12.0),
            (M, "I know.", 12.0, None),
        ],
    ),
    (
        "csv sentences",
        "organising_meeting.csv",
        "sentence",
        [
            (M, "Welcome, everyone.", 1.0, 4.5),
            (M, "Tonight we decide about the rent strike.", 4.5, 7.25),
            (M, "Dr. Goodchild is here.", 4.5, 7.25),
            (T, "We've waited two years.", 7.25, 12.0),
            (T, "Two whole years.", 7.25, 12.0),
            (M, "I know.", 12.0, None),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "name, file_name, segmentation, expected",
    FIXTURE_CASES,
    ids=[case[0] for case in FIXTURE_CASES],
)
def test_timed_fixture(name: str, file_name: str, segmentation: str, expected: list[Row]):
    document = read_document(FIXTURES / file_name, segmentation)
    assert_offsets_exact(document)
    assert rows(document) == expected
    assert (document.preamble, document.meta, document.warnings) == ("", {}, [])


# (name, fixture file, expected synthesised text)
SYNTHESISED_TEXTS = [
    (
        "vtt",
        "organising_meeting.vtt",
        f"{M}: Welcome, everyone. Tonight we decide about the rent strike. Dr. Goodchild is here "
        f"to observe.\n\n{G}: Thanks & hello.\n\n{T}: We've waited two years.\n\n"
        f"{M}: I know, Tom. So let's vote.\n",
    ),
    (
        "csv",
        "organising_meeting.csv",
        f"{M}: Welcome, everyone.\n\nTonight we decide about the rent strike. Dr. Goodchild is "
        f"here.\n\n{T}: We've waited two years.\n\nTwo whole years.\n\n{M}: I know.\n",
    ),
]


@pytest.mark.parametrize(
    "name, file_name, text", SYNTHESISED_TEXTS, ids=[case[0] for case in SYNTHESISED_TEXTS]
)
def test_non_text_formats_get_a_readable_speaker_text(name: str, file_name: str, text: str):
    assert read_document(FIXTURES / file_name).text == text


# (name, file name, file text, segmentation, expected rows)
INLINE_CASES = [
    (
        "csv with semicolons, clock times and header case",
        "meeting.csv",
        " SPEAKER ;Start;End;Text;Notes\nAna;0:01:02,5;00:01:05;Hola;x\nBen;65;1:10;Hi;\n",
        "turn",
        [("Ana", "Hola", 62.5, 65.0), ("Ben", "Hi", 65.0, 70.0)],
    ),
    (
        "csv without time columns",
        "meeting.csv",
        "speaker,text\nAna,One\n,Two\nBen,Three\n",
        "turn",
        [("Ana", "One\n\nTwo", None, None), ("Ben", "Three", None, None)],
    ),
    (
        "csv with empty speakers cut by paragraph",
        "meeting.csv",
        "speaker,text\n,One\n,Two\n",
        "paragraph",
        [("", "One", None, None), ("", "Two", None, None)],
    ),
    (
        "vtt with labels inside cue lines",
        "meeting.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nAna: Hi.\nBen: Hello.\n\n"
        "00:02.000 --> 00:03.000\n<v Ben>Again.\n",
        "turn",
        [("Ana", "Hi.", 1.0, 2.0), ("Ben", "Hello. Again.", 1.0, 3.0)],
    ),
    (
        "vtt without speakers cut by paragraph",
        "meeting.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nHello\nthere.\n\n00:02.000 --> 00:04.000\nBye.\n",
        "paragraph",
        [("", "Hello there.", 1.0, 2.0), ("", "Bye.", 2.0, 4.0)],
    ),
    (
        "vtt cue tags and entities",
        "meeting.vtt",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.first Ana>I <i>really</i> &lt;mean&gt; it</v>\n",
        "turn",
        [("Ana", "I really <mean> it", 1.0, 2.0)],
    ),
]


@pytest.mark.parametrize(
    "name, file_name, content, segmentation, expected",
    INLINE_CASES,
    ids=[case[0] for case in INLINE_CASES],
)
def test_timed_formats(
    tmp_path: Path, name: str, file_name: str, content: str, segmentation: str, expected: list[Row]
):
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    document = read_document(path, segmentation)
    assert_offsets_exact(document)
    assert rows(document) == expected


def _write_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Tenant organising — interview 4", level=1)
    document.add_paragraph("Recorded 3 May 2023")
    document.add_paragraph("")
    label = document.add_paragraph()
    label.add_run("Dr. Goodchild:").bold = True
    label.add_run(" How did it start?")
    document.add_paragraph("Maria Okafor: With the damp. [laughs]")
    wrapped = document.add_paragraph("It was everywhere,")
    wrapped.add_run().add_break()
    wrapped.add_run("even in the “nice” flats.")
    document.add_paragraph("   ")
    document.add_paragraph("Dr. Goodchild : And then?")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Speaker"
    table.cell(0, 1).text = "Text"
    document.save(str(path))


DOCX_EXPECTED = {
    "turn": [
        ("Dr. Goodchild", "How did it start?"),
        ("Maria Okafor", "With the damp. [laughs]\n\nIt was everywhere,\neven in the “nice” flats."),
        ("Dr. Goodchild", "And then?"),
    ],
    "paragraph": [
        ("Dr. Goodchild", "How did it start?"),
        ("Maria Okafor", "With the damp. [laughs]"),
        ("Maria Okafor", "It was everywhere,\neven in the “nice” flats."),
        ("Dr. Goodchild", "And then?"),
    ],
    "sentence": [
        ("Dr. Goodchild", "How did it start?"),
        ("Maria Okafor", "With the damp."),
        ("Maria Okafor", "[laughs]"),
        ("Maria Okafor", "It was everywhere,\neven in the “nice” flats."),
        ("Dr. Goodchild", "And then?"),
    ],
}


@pytest.mark.parametrize("segmentation", list(DOCX_EXPECTED))
def test_docx_paragraphs_follow_the_text_turn_rules(tmp_path: Path, segmentation: str):
    path = tmp_path / "interview 4.docx"
    _write_docx(path)
    document = read_document(path, segmentation)
    assert_offsets_exact(document)
    assert [(s.speaker, s.text) for s in document.segments] == DOCX_EXPECTED[segmentation]
    assert (document.name, document.preamble) == (
        "interview 4",
        "Tenant organising — interview 4\n\nRecorded 3 May 2023",
    )
    assert document.warnings == [
        "interview 4.docx: 1 table(s) with text were not imported; only body paragraphs are read"
    ]
