"""Unreadable, empty, binary and malformed transcripts: one clear message naming the file."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.errors import ImportFileError
from qualcode.ingest import SEGMENTATIONS, decode_bytes, read_document


def _zip_without_word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("data.txt", "not a word document")
    return buffer.getvalue()


def _docx_without_text() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(buffer)
    return buffer.getvalue()


NO_LABELS_HINT = '("Name: text" lines); try --segment paragraph'

# (name, file name, file bytes, segmentation, expected message)
ERROR_CASES = [
    (
        "unsupported suffix",
        "notes.pdf",
        b"%PDF-1.4",
        "turn",
        "notes.pdf: unsupported format '.pdf'; supported formats are .txt, .md, .docx, .vtt, .srt, .csv",
    ),
    (
        "no suffix",
        "notes",
        b"Maria: hi",
        "turn",
        "notes: unsupported file without a suffix; supported formats are .txt, .md, .docx, .vtt, .srt, .csv",
    ),
    (
        "unknown segmentation",
        "a.txt",
        b"Maria: hi",
        "word",
        "a.txt: unknown segmentation 'word'; choose one of turn, paragraph, sentence",
    ),
    ("zero bytes", "empty.txt", b"", "turn", "empty.txt: is empty"),
    ("only whitespace", "blank.md", b" \r\n\t\n\n", "paragraph", "blank.md: is empty"),
    ("only a bom and newlines", "bom.txt", b"\xef\xbb\xbf\r\n\r\n", "turn", "bom.txt: is empty"),
    ("empty csv", "empty.csv", b"", "turn", "empty.csv: is empty"),
    (
        "nul bytes",
        "audio.txt",
        b"RIFF\x00\x00\x00WAVEfmt ",
        "turn",
        "audio.txt: looks like a binary file, not a transcript",
    ),
    (
        "binary vtt",
        "clip.vtt",
        b"\x00\x01\x02WEBVTT",
        "turn",
        "clip.vtt: looks like a binary file, not a transcript",
    ),
    (
        "neither utf-8 nor cp1252",
        "latin.txt",
        b"Maria: caf\xe9 ok \x81 bad",
        "turn",
        "latin.txt: cannot decode the file: not UTF-8 (byte 0xe9 at offset 10) "
        "and not cp1252 (byte 0x81 at offset 15); save it as UTF-8",
    ),
    (
        "no speaker labels",
        "interview.txt",
        b"Interview transcript\n\nWe talked about housing.\n\nIt was good.\n",
        "turn",
        f"interview.txt: no speaker labels found {NO_LABELS_HINT}",
    ),
    (
        "only header lines",
        "interview.txt",
        b"Date: 3 May\nLocation: Leeds\n",
        "turn",
        f"interview.txt: no speaker labels found {NO_LABELS_HINT}",
    ),
    (
        "invalid front matter",
        "interview.md",
        b"---\nparticipant: [P03\n---\nMaria: hi\n",
        "turn",
        "interview.md: the front matter (the --- block at the top) is not valid YAML on line 3: "
        "expected ',' or ']', but got '<stream end>'",
    ),
    (
        "front matter only",
        "interview.md",
        b"---\nparticipant: P03\n---\n\n",
        "turn",
        "interview.md: has front matter but no transcript text",
    ),
    (
        "vtt without speakers by turn",
        "clip.vtt",
        b"WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\n",
        "turn",
        'clip.vtt: no speaker labels found (<v Name> voice tags or "Name: text" cues); '
        "try --segment paragraph",
    ),
    (
        "vtt without header",
        "clip.vtt",
        b"00:01.000 --> 00:02.000\nHello.\n",
        "turn",
        "clip.vtt: is not a valid WebVTT file (Invalid format)",
    ),
    (
        "vtt without captions",
        "clip.vtt",
        b"WEBVTT\n\nNOTE nothing here\n",
        "paragraph",
        "clip.vtt: has no captions with text",
    ),
    (
        "srt that is plain text",
        "clip.srt",
        b"Maria: this is not a subtitle file\n",
        "turn",
        "clip.srt: is not a valid SubRip (.srt) file (Invalid format)",
    ),
    (
        "csv missing text column",
        "turns.csv",
        b"speaker,utterance\nAna,Hi\n",
        "turn",
        "turns.csv: missing column 'text'; the header has 'speaker', 'utterance', "
        "expected speaker, text[, start, end]",
    ),
    (
        "csv missing speaker column",
        "turns.csv",
        b"text\nHi\n",
        "turn",
        "turns.csv: missing column 'speaker'; the header has 'text', expected speaker, text[, start, end]",
    ),
    (
        "csv bad time",
        "turns.csv",
        b"speaker,text,start\nAna,Hi,0:00:01\nBen,Yo,half past\n",
        "turn",
        "turns.csv: row 3: start 'half past' is not a time (seconds or HH:MM:SS.mmm)",
    ),
    (
        "csv minutes out of range",
        "turns.csv",
        b"speaker,text,end\nAna,Hi,00:75:00\n",
        "turn",
        "turns.csv: row 2: end '00:75:00' is not a time (seconds or HH:MM:SS.mmm)",
    ),
    (
        "csv header only",
        "turns.csv",
        b"speaker,text\n,\n",
        "turn",
        "turns.csv: has no rows with text",
    ),
    (
        "csv without speakers by turn",
        "turns.csv",
        b"speaker,text\n,Hello\n",
        "turn",
        "turns.csv: no speaker labels found (the speaker column is empty); try --segment paragraph",
    ),
    (
        "docx that is plain text",
        "interview.docx",
        b"Maria: renamed text file\n",
        "turn",
        "interview.docx: is not a Word .docx file (it looks like plain text); rename it to .txt",
    ),
    (
        "docx that is binary",
        "interview.docx",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "turn",
        "interview.docx: looks like a binary file, not a transcript",
    ),
    (
        "docx that is another zip",
        "interview.docx",
        _zip_without_word_document(),
        "turn",
        "interview.docx: looks like a binary file, not a transcript "
        "(a zip archive without a Word document in it)",
    ),
    (
        "old word doc",
        "interview.docx",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "turn",
        "interview.docx: is an old Word .doc file; save it as .docx and import that",
    ),
    (
        "docx without text",
        "interview.docx",
        _docx_without_text(),
        "turn",
        "interview.docx: is empty (the document has no text paragraphs)",
    ),
    ("empty docx file", "interview.docx", b"", "turn", "interview.docx: is empty"),
]


@pytest.mark.parametrize(
    "name, file_name, raw, segmentation, message",
    ERROR_CASES,
    ids=[case[0] for case in ERROR_CASES],
)
def test_import_error_message(
    tmp_path: Path, name: str, file_name: str, raw: bytes, segmentation: str, message: str
):
    path = tmp_path / file_name
    path.write_bytes(raw)
    with pytest.raises(ImportFileError) as raised:
        read_document(path, segmentation)
    assert str(raised.value) == message


def test_missing_file_is_named(tmp_path: Path):
    with pytest.raises(ImportFileError) as raised:
        read_document(tmp_path / "gone.txt")
    assert str(raised.value) == "gone.txt: cannot be read (No such file or directory)"


def test_directory_is_refused(tmp_path: Path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ImportFileError) as raised:
        read_document(folder)
    assert str(raised.value) == "folder.txt: cannot be read (Is a directory)"


# (name, raw bytes, expected text, expected warnings)
DECODINGS = [
    ("utf-8", "Maria: “café”\n".encode(), "Maria: “café”\n", []),
    ("utf-8 with bom", "\ufeffMaria: café".encode(), "Maria: café", []),
    ("crlf and lone cr", b"a\r\nb\rc\n", "a\nb\nc\n", []),
    (
        "cp1252 fallback",
        "Maria: “café” – ok".encode("cp1252"),
        "Maria: “café” – ok",
        ["interview.txt: not UTF-8; decoded as cp1252"],
    ),
    ("utf-16 with bom", "\ufeffMaria: café\r\n".encode("utf-16-le"), "Maria: café\n", []),
    ("utf-16 big endian", "\ufeffMaria: ü".encode("utf-16-be"), "Maria: ü", []),
]


@pytest.mark.parametrize("name, raw, text, warnings", DECODINGS, ids=[case[0] for case in DECODINGS])
def test_decode_bytes(name: str, raw: bytes, text: str, warnings: list[str]):
    assert decode_bytes(raw, "interview.txt") == (text, warnings)


def test_undecodable_offset_counts_the_bom():
    with pytest.raises(ImportFileError) as raised:
        decode_bytes(b"\xef\xbb\xbfab\x81\x8d", "x.txt")
    assert str(raised.value) == (
        "x.txt: cannot decode the file: not UTF-8 (byte 0x81 at offset 5) "
        "and not cp1252 (byte 0x81 at offset 5); save it as UTF-8"
    )


SOURCE_PIECES = st.sampled_from(
    [
        "WEBVTT\n\n", "00:00:01.000 --> 00:00:02.000\n", "1\n", "00:00:01,000 --> 00:00:02,000\n",
        "<v Ana>", "</v>", "Ana: ", "hi. ", "\n", "\n\n", "\r\n", "&amp;", "<i>", "NOTE ", "-->",
        "speaker,text,start,end\n", '"', ",", ";", "1:2:3", "x", "\x00", "\xff",
    ]
)  # fmt: skip


@pytest.mark.parametrize("suffix", [".vtt", ".srt", ".csv", ".docx"])
@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(SOURCE_PIECES, max_size=30), segmentation=st.sampled_from(SEGMENTATIONS))
def test_any_input_is_read_or_refused_with_the_file_named(suffix: str, pieces: list[str], segmentation: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"odd{suffix}"
        path.write_bytes("".join(pieces).encode())
        try:
            document = read_document(path, segmentation)
        except ImportFileError as error:
            assert str(error).startswith(f"odd{suffix}: ")
            return
    for segment in document.segments:
        assert document.text[segment.start_char : segment.end_char] == segment.text
