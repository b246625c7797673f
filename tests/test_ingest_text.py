"""Plain-text and Markdown transcripts: the speaker-label rule, segmentations, messy input, speed."""

from __future__ import annotations

import hashlib
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.errors import ImportFileError
from qualcode.ingest import SEGMENTATIONS, ParsedDocument, read_document
from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.speakers import match_speaker_label

FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


def assert_offsets_exact(document: ParsedDocument) -> None:
    for segment in document.segments:
        assert document.text[segment.start_char : segment.end_char] == segment.text
        assert segment.text == segment.text.strip() and segment.text


def speakers_and_texts(document: ParsedDocument) -> list[tuple[str, str]]:
    return [(segment.speaker, segment.text) for segment in document.segments]


def read_bytes_as(tmp_path: Path, name: str, raw: bytes, segmentation: str) -> ParsedDocument:
    path = tmp_path / name
    path.write_bytes(raw)
    document = read_document(path, segmentation)
    assert_offsets_exact(document)
    return document


# (name, line, expected speaker or None, expected start time)
SPEAKER_LABELS = [
    ("plain name", "Maria: hello", "Maria", None),
    ("two-word name", "Maria Okafor: hello", "Maria Okafor", None),
    ("space before colon", "Maria : hello", "Maria", None),
    ("tab after colon", "Maria:\tHello", "Maria", None),
    ("label alone on its line", "Maria:", "Maria", None),
    ("indented label", "   Maria: hello", "Maria", None),
    ("title with period", "Dr. Goodchild: yes", "Dr. Goodchild", None),
    ("initials", "Mr. T. Smith: yes", "Mr. T. Smith", None),
    ("numbered speaker", "Speaker 1: yes", "Speaker 1", None),
    ("participant code", "P03: yes", "P03", None),
    ("lower-case role with number", "interviewer 2: yes", "interviewer 2", None),
    ("single letter", "Q: why?", "Q", None),
    ("apostrophe and hyphen", "Mary-Jo O’Neil: yes", "Mary-Jo O’Neil", None),
    ("name particles", "Maria de la Cruz: yes", "Maria de la Cruz", None),
    ("accented name", "Zoë Élise: oui", "Zoë Élise", None),
    ("inner spaces collapsed", "Maria   Okafor: hi", "Maria Okafor", None),
    ("markdown bold around colon", "**Maria:** hello", "Maria", None),
    ("markdown bold before colon", "**Maria**: hello", "Maria", None),
    ("markdown underscores", "__Maria__: hello", "Maria", None),
    ("bracketed timestamp before", "[00:01:23] Maria: hello", "Maria", 83.0),
    ("bare timestamp before", "01:23 Maria: hello", "Maria", 83.0),
    ("timestamp after name", "Maria (00:01:23.5): hello", "Maria", 83.5),
    ("url", "https://example.org/report", None, None),
    ("clock time", "10:30 we met", None, None),
    ("time inside sentence", "At 10:30 we met", None, None),
    ("long sentence with colon", "The thing I want to say is this: it works", None, None),
    ("short sentence with colon", "And I said: no", None, None),
    ("six capitalised words", "One Two Three Four Five Six: x", None, None),
    ("label over forty characters", "Bartholomew Fitzgerald-Montgomery Jones-Smythe: x", None, None),
    ("no space after colon", "Maria:hello", None, None),
    ("bracketed insertion first", "[laughs] Maria: hello", None, None),
    ("editorial timestamp", "[inaudible 00:12:03] and then", None, None),
    ("header date line", "Date: 14 March 2023", None, None),
    ("header location line", "Location: Leeds", None, None),
    ("editorial note", "Note: tape changed", None, None),
    ("starts with digit", "2nd speaker: x", None, None),
]


@pytest.mark.parametrize(
    "name, line, speaker, start_time", SPEAKER_LABELS, ids=[case[0] for case in SPEAKER_LABELS]
)
def test_speaker_label_rule(name: str, line: str, speaker: str | None, start_time: float | None):
    label = match_speaker_label(line)
    if speaker is None:
        assert label is None
    else:
        assert label is not None
        assert (label.speaker, label.start_time) == (speaker, start_time)


# (name, file bytes, segmentation, expected preamble, expected (speaker, text) list)
TEXT_CASES = [
    (
        "turns",
        b"Maria: Hello.\n\nJohn: Hi there.\n",
        "turn",
        "",
        [("Maria", "Hello."), ("John", "Hi there.")],
    ),
    (
        "turns on consecutive lines",
        b"Maria: Hello.\nJohn: Hi there.\nMaria: Bye.",
        "turn",
        "",
        [("Maria", "Hello."), ("John", "Hi there."), ("Maria", "Bye.")],
    ),
    (
        "preamble before first speaker",
        b"Interview transcript\nDate: 3 May 2023  \n\n\nMaria: Hello.\n",
        "turn",
        "Interview transcript\nDate: 3 May 2023",
        [("Maria", "Hello.")],
    ),
    (
        "turn continues over paragraphs",
        b"Maria: One.\n\nTwo.\n\n\n\nThree.\n\nJohn: Four.\n",
        "turn",
        "",
        [("Maria", "One.\n\nTwo.\n\n\n\nThree."), ("John", "Four.")],
    ),
    (
        "crlf newlines",
        b"Maria: One.\r\n\r\nTwo.\r\nJohn: Three.\r\n",
        "turn",
        "",
        [("Maria", "One.\n\nTwo."), ("John", "Three.")],
    ),
    (
        "lone cr newlines",
        b"Title\rMaria: One.\r\rJohn: Two.\r",
        "turn",
        "Title",
        [("Maria", "One."), ("John", "Two.")],
    ),
    (
        "utf-8 bom",
        b"\xef\xbb\xbfMaria: Hello.\n",
        "turn",
        "",
        [("Maria", "Hello.")],
    ),
    (
        "smart quotes kept",
        "Maria: She said “it’s fine” — it wasn’t.\n".encode(),
        "turn",
        "",
        [("Maria", "She said “it’s fine” — it wasn’t.")],
    ),
    (
        "trailing spaces and tabs stripped",
        b"Maria:   Hello.  \t \n\t\nJohn:\tHi.\t\n",
        "turn",
        "",
        [("Maria", "Hello."), ("John", "Hi.")],
    ),
    (
        "text on the line after the label",
        b"Maria:\n  Hello.\n",
        "turn",
        "",
        [("Maria", "Hello.")],
    ),
    (
        "space before colon and period in name",
        b"Maria : Yes.\nDr. Goodchild: And?\nMr. T. Smith: No.\n",
        "turn",
        "",
        [("Maria", "Yes."), ("Dr. Goodchild", "And?"), ("Mr. T. Smith", "No.")],
    ),
    (
        "bracketed insertions stay in text",
        b"Maria: It was [the resistance] really.\n[laughs] Maria: not a label\n"
        b"[inaudible 00:12:03] we argued.\n",
        "turn",
        "",
        [
            (
                "Maria",
                "It was [the resistance] really.\n[laughs] Maria: not a label\n"
                "[inaudible 00:12:03] we argued.",
            )
        ],
    ),
    (
        "colons that are not labels",
        b"Maria: See\nhttps://example.org/x\n10:30 was the time.\n"
        b"The thing I want to say is this: it worked.\nJohn: Right.\n",
        "turn",
        "",
        [
            (
                "Maria",
                "See\nhttps://example.org/x\n10:30 was the time.\n"
                "The thing I want to say is this: it worked.",
            ),
            ("John", "Right."),
        ],
    ),
    (
        "paragraphs inherit the turn speaker",
        b"Intro line\n\nMaria: One.\n\nTwo.\n\nJohn: Three.\nstill three.\n",
        "paragraph",
        "Intro line",
        [("Maria", "One."), ("Maria", "Two."), ("John", "Three.\nstill three.")],
    ),
    (
        "paragraphs split at labels without blank lines",
        b"Maria: One.\nJohn: Two.\n\nMore two.\n",
        "paragraph",
        "",
        [("Maria", "One."), ("John", "Two."), ("John", "More two.")],
    ),
    (
        "paragraphs without any speaker",
        b"First paragraph\nwraps here.\n\n\n  Second paragraph.  \n",
        "paragraph",
        "",
        [("", "First paragraph\nwraps here."), ("", "Second paragraph.")],
    ),
    (
        "one paragraph per line when there is no blank line",
        b"First line.\nSecond line.\n  Third line.  ",
        "paragraph",
        "",
        [("", "First line."), ("", "Second line."), ("", "Third line.")],
    ),
    (
        "sentences keep speaker and skip abbreviations",
        b"Maria: Dr. Goodchild met Mr. T. Smith. It cost 3.5 million, e.g. homes. Why?\n\n"
        b"Really! Yes...\n\nJohn: At 10 a.m. We left.\n",
        "sentence",
        "",
        [
            ("Maria", "Dr. Goodchild met Mr. T. Smith."),
            ("Maria", "It cost 3.5 million, e.g. homes."),
            ("Maria", "Why?"),
            ("Maria", "Really!"),
            ("Maria", "Yes..."),
            ("John", "At 10 a.m. We left."),
        ],
    ),
    (
        "sentences without any speaker",
        b"One. Two.\n\nThree",
        "sentence",
        "",
        [("", "One."), ("", "Two."), ("", "Three")],
    ),
]


@pytest.mark.parametrize(
    "name, raw, segmentation, preamble, expected",
    TEXT_CASES,
    ids=[case[0] for case in TEXT_CASES],
)
def test_text_segmentation(
    tmp_path: Path,
    name: str,
    raw: bytes,
    segmentation: str,
    preamble: str,
    expected: list[tuple[str, str]],
):
    document = read_bytes_as(tmp_path, "interview.txt", raw, segmentation)
    assert (document.preamble, speakers_and_texts(document)) == (preamble, expected)
    assert document.segmentation == segmentation
    assert document.warnings == []


# (name, text, expected sentences)
SENTENCES = [
    ("plain", "One. Two! Three?", ["One.", "Two!", "Three?"]),
    (
        "titles",
        "Dr. Who and Mrs. Hudson met Prof. Xavier. Then left.",
        ["Dr. Who and Mrs. Hudson met Prof. Xavier.", "Then left."],
    ),
    (
        "latin abbreviations",
        "Homes, e.g. flats, i.e. Council ones, etc. And more.",
        ["Homes, e.g. flats, i.e. Council ones, etc. And more."],
    ),
    ("initials", "J. R. Smith and the U.S. Army came.", ["J. R. Smith and the U.S. Army came."]),
    ("decimals", "It rose 2.5 percent. Then 3.75.", ["It rose 2.5 percent.", "Then 3.75."]),
    ("number sign", "Flat No. 5 was damp. Yes.", ["Flat No. 5 was damp.", "Yes."]),
    ("lower case continues", "She asked “why?” and left.", ["She asked “why?” and left."]),
    ("closing quote kept", "He said “enough.” We agreed.", ["He said “enough.”", "We agreed."]),
    (
        "ellipsis trails off",
        "I thought... I don’t know. Maybe… Right.",
        ["I thought... I don’t know.", "Maybe… Right."],
    ),
    ("question after ellipsis", "Well...? Yes.", ["Well...?", "Yes."]),
    ("bracket starts sentence", "It ended. [laughs] Anyway.", ["It ended.", "[laughs] Anyway."]),
    ("surrounding space", "  One.   Two.  ", ["One.", "Two."]),
]


@pytest.mark.parametrize("name, text, expected", SENTENCES, ids=[case[0] for case in SENTENCES])
def test_sentence_split(name: str, text: str, expected: list[str]):
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == expected


# (name, file bytes, expected (speaker, text, start_time) list)
TIMESTAMP_CASES = [
    (
        "bracketed timestamps",
        b"[00:00:05] Maria: Hello.\n[00:01:23.250] John: Hi.\n",
        [("Maria", "Hello.", 5.0), ("John", "Hi.", 83.25)],
    ),
    (
        "timestamps after names",
        b"Maria (00:00:05): Hello.\nJohn [1:02:03]: Hi.\nMaria: No time.\n",
        [("Maria", "Hello.", 5.0), ("John", "Hi.", 3723.0), ("Maria", "No time.", None)],
    ),
]


@pytest.mark.parametrize("name, raw, expected", TIMESTAMP_CASES, ids=[case[0] for case in TIMESTAMP_CASES])
def test_timestamps_beside_labels_become_start_times(
    tmp_path: Path, name: str, raw: bytes, expected: list[tuple[str, str, float | None]]
):
    document = read_bytes_as(tmp_path, "timed.txt", raw, "turn")
    assert [(s.speaker, s.text, s.start_time) for s in document.segments] == expected
    assert all(segment.end_time is None for segment in document.segments)


def test_paragraphs_of_a_timestamped_turn_carry_its_start_time(tmp_path: Path):
    raw = b"[00:00:05] Maria: One.\n\nTwo.\n\nJohn: Three.\n"
    document = read_bytes_as(tmp_path, "timed.txt", raw, "paragraph")
    assert [(s.speaker, s.text, s.start_time) for s in document.segments] == [
        ("Maria", "One.", 5.0),
        ("Maria", "Two.", 5.0),
        ("John", "Three.", None),
    ]


def test_markdown_emphasis_labels_are_normalised(tmp_path: Path):
    raw = b"# Interview 3\n\n**Maria:** Hello.\n\n**Dr. Goodchild**: Hi.\n\n*John*: Yo.\n"
    document = read_bytes_as(tmp_path, "interview.md", raw, "turn")
    assert (document.preamble, speakers_and_texts(document)) == (
        "# Interview 3",
        [("Maria", "Hello."), ("Dr. Goodchild", "Hi."), ("John", "Yo.")],
    )


def test_front_matter_becomes_meta_and_leaves_the_text(tmp_path: Path):
    raw = (
        b"---\r\nparticipant: P03\r\ninterviewer: Dr. Goodchild\r\ndate: 2023-03-14\r\n"
        b"topics: [housing, organising]\r\n---\r\nInterview 3\r\n\r\nMaria: Hello.\r\n"
    )
    document = read_bytes_as(tmp_path, "interview.md", raw, "turn")
    assert document.meta == {
        "participant": "P03",
        "interviewer": "Dr. Goodchild",
        "date": "2023-03-14",
        "topics": "housing, organising",
    }
    assert document.text == "Interview 3\n\nMaria: Hello.\n"
    assert (document.preamble, speakers_and_texts(document)) == ("Interview 3", [("Maria", "Hello.")])


def test_dashed_block_that_is_not_a_mapping_stays_text(tmp_path: Path):
    raw = b"---\nInterview 3\n---\nMaria: Hello.\n"
    document = read_bytes_as(tmp_path, "interview.md", raw, "turn")
    assert (document.meta, document.preamble) == ({}, "---\nInterview 3\n---")
    assert document.warnings == [
        "interview.md: the --- block at the top is not a YAML mapping of key: value lines; "
        "kept as transcript text"
    ]


def test_turn_without_text_is_skipped_with_a_warning(tmp_path: Path):
    document = read_bytes_as(tmp_path, "gaps.txt", b"Maria:\n\nJohn: Hi.\nMaria:   \n", "turn")
    assert speakers_and_texts(document) == [("John", "Hi.")]
    assert document.warnings == [
        "gaps.txt: turn 1 (Maria) has no text; skipped",
        "gaps.txt: turn 3 (Maria) has no text; skipped",
    ]


def test_document_identity_comes_from_the_file(tmp_path: Path):
    raw = b"Maria: Hello.\n"
    document = read_bytes_as(tmp_path, "Interview 07.TXT", raw, "turn")
    assert (document.name, document.source_name, document.sha256) == (
        "Interview 07",
        "Interview 07.TXT",
        hashlib.sha256(raw).hexdigest(),
    )


MESSY_PREAMBLE = (
    "Tenant Organising and Social Change — Interview 7\n"
    "Interview transcript\n"
    "Date: 14 March 2023\n"
    "Location: Leeds, Chapeltown Community Centre"
)
G, M = "Dr. Goodchild", "Maria Okafor"
MESSY_TURNS = [
    (G, ("Thanks for making time. Could you start by telling me how you got involved in organising?")),
    (
        M,
        (
            "Sure. It started with the damp in our block, honestly. "
            "Everyone had black mould [on the bedroom walls] and the "
            "landlord kept saying it was “lifestyle”."
        ),
    ),
    (G, "Lifestyle?"),
    (M, "That’s the word they used. [laughs] As if we were breathing wrong."),
    (G, "So what happened next?"),
    (
        M,
        (
            "A few of us started knocking on doors. We made a list, flat "
            "by flat, of who had what problem.\t\n\nBy the end of the "
            "first month we had forty households. That was the moment it "
            "stopped being my problem and became [the resistance], if "
            "you like."
        ),
    ),
    (G, "What made people trust it?"),
    (
        M,
        (
            "Showing up. You can’t send a leaflet and call it a "
            "movement. Mr. T. Smith from the third floor — he’s "
            "eighty-one — he came to every meeting."
        ),
    ),
    (G, "Were there tensions within the group?"),
    (
        M,
        (
            "Of course. Some people wanted to go to the council at 10:30 "
            "the next morning; others wanted a rent strike. [inaudible "
            "00:12:03] we argued for weeks."
        ),
    ),
    (G, "How did you resolve that?"),
    (
        M,
        (
            "We voted. The thing I want to say is this: the vote "
            "mattered less than the fact that everyone got to speak."
        ),
    ),
    (G, "And the outcome?"),
    (
        M,
        (
            "The council sent inspectors. See "
            "https://example.org/housing-report for the report. "
            "Thirty-two flats got repairs."
        ),
    ),
    (G, "Thank you, Maria. That’s all my questions."),
    (M, "Thank you. [end of recording]"),
]
MESSY_PARAGRAPHS = [
    *MESSY_TURNS[:5],
    (M, ("A few of us started knocking on doors. We made a list, flat by flat, of who had what problem.")),
    (
        M,
        (
            "By the end of the first month we had forty households. That "
            "was the moment it stopped being my problem and became [the "
            "resistance], if you like."
        ),
    ),
    *MESSY_TURNS[6:],
]
MESSY_SENTENCES = [
    (G, "Thanks for making time."),
    (G, "Could you start by telling me how you got involved in organising?"),
    (M, "Sure."),
    (M, "It started with the damp in our block, honestly."),
    (M, ("Everyone had black mould [on the bedroom walls] and the landlord kept saying it was “lifestyle”.")),
    (G, "Lifestyle?"),
    (M, "That’s the word they used."),
    (M, "[laughs] As if we were breathing wrong."),
    (G, "So what happened next?"),
    (M, "A few of us started knocking on doors."),
    (M, "We made a list, flat by flat, of who had what problem."),
    (M, "By the end of the first month we had forty households."),
    (M, ("That was the moment it stopped being my problem and became [the resistance], if you like.")),
    (G, "What made people trust it?"),
    (M, "Showing up."),
    (M, "You can’t send a leaflet and call it a movement."),
    (M, ("Mr. T. Smith from the third floor — he’s eighty-one — he came to every meeting.")),
    (G, "Were there tensions within the group?"),
    (M, "Of course."),
    (M, ("Some people wanted to go to the council at 10:30 the next morning; others wanted a rent strike.")),
    (M, "[inaudible 00:12:03] we argued for weeks."),
    (G, "How did you resolve that?"),
    (M, "We voted."),
    (
        M,
        ("The thing I want to say is this: the vote mattered less than the fact that everyone got to speak."),
    ),
    (G, "And the outcome?"),
    (M, "The council sent inspectors."),
    (M, "See https://example.org/housing-report for the report."),
    (M, "Thirty-two flats got repairs."),
    (G, "Thank you, Maria."),
    (G, "That’s all my questions."),
    (M, "Thank you."),
    (M, "[end of recording]"),
]
MESSY_EXPECTED = {"turn": MESSY_TURNS, "paragraph": MESSY_PARAGRAPHS, "sentence": MESSY_SENTENCES}


@pytest.mark.parametrize("segmentation", SEGMENTATIONS)
def test_messy_interview_fixture(segmentation: str):
    path = FIXTURES / "community_organising_interview.txt"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    document = read_document(path, segmentation)
    assert_offsets_exact(document)
    assert (document.preamble, speakers_and_texts(document)) == (
        MESSY_PREAMBLE,
        MESSY_EXPECTED[segmentation],
    )
    assert (document.name, document.meta, document.warnings) == (
        "community_organising_interview",
        {},
        [],
    )
    assert "\r" not in document.text and not document.text.startswith("\ufeff")


def _big_transcript(turns: int) -> str:
    """A transcript with realistic variety: preamble, multi-paragraph turns, insertions."""
    speakers = ["Maria Okafor", "Dr. Goodchild", "Interviewer", "P03", "Mr. T. Smith"]
    parts = ["Interview transcript\nDate: 14 March 2023\n\n"]
    for i in range(turns):
        parts.append(
            f"{speakers[i % 5]}: We met at 10:30, e.g. at the hall [laughs]. Turn {i} — "
            "“it’s about power,” she said.\n\n"
        )
        if i % 7 == 0:
            parts.append("A second paragraph of the same turn, with a colon: like this.\n\n")
    return "".join(parts)


def test_fifty_megabyte_transcript_is_read_whole(tmp_path: Path):
    path = tmp_path / "huge.txt"
    text = _big_transcript(520_000)
    path.write_text(text, encoding="utf-8", newline="\r\n")
    assert path.stat().st_size > 50_000_000
    document = read_document(path)
    assert len(document.segments) == 520_000
    assert_offsets_exact(document)
    assert document.segments[-1].speaker == "Mr. T. Smith"


def test_memory_stays_proportional_to_the_file(tmp_path: Path):
    path = tmp_path / "two_mb.txt"
    path.write_text(_big_transcript(20_000), encoding="utf-8")
    size = path.stat().st_size
    tracemalloc.start()
    try:
        read_document(path, "sentence")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10 * size, f"peak {peak / 1e6:.0f} MB for a {size / 1e6:.0f} MB file"


# (name, pathological text) — each would take minutes with a backtracking-prone pattern.
PATHOLOGICAL = [
    ("one huge line without colon", "word " * 400_000),
    ("many words before a colon", "Word " * 400_000 + ": x"),
    ("long label-like run", "Maria" + " Maria" * 300_000 + ":"),
    ("periods everywhere", "Maria: " + ". " * 500_000),
    ("ellipsis run", "Maria: " + "." * 1_000_000),
    ("brackets and times", "Maria: " + "[00:00:01 " * 200_000),
    ("whitespace sea", "Maria: x" + " \t\n" * 500_000 + "John: y"),
    ("front matter never closed", "---\n" + "key: value\n" * 200_000),
]


@pytest.mark.parametrize("name, text", PATHOLOGICAL, ids=[case[0] for case in PATHOLOGICAL])
@pytest.mark.parametrize("segmentation", ["paragraph", "sentence"])
def test_pathological_input_is_read_with_exact_offsets(
    tmp_path: Path, name: str, text: str, segmentation: str
):
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path, segmentation)
    assert_offsets_exact(document)


TRANSCRIPT_PIECES = st.sampled_from(
    [
        "Maria: ", "Dr. Goodchild : ", "**P03:** ", "[00:01:02] Ana: ", "Ana (1:02): ", "Date: ",
        "word ", "Mr. ", "e.g. ", "3.5 ", "“quoted.” ", "[laughs] ", "10:30 ", "https://x.org ",
        ". ", "? ", "... ", "…", "\n", "\n\n", "\r\n", "\r", "\t", "  ", "\u00a0", "\ufeff", "---\n",
        "a: b\n", "Ünïcode ", "x",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(TRANSCRIPT_PIECES, max_size=40), segmentation=st.sampled_from(SEGMENTATIONS))
def test_any_text_gives_exact_ordered_segments_or_a_clear_error(pieces: list[str], segmentation: str):
    raw = "".join(pieces).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.md"
        path.write_bytes(raw)
        try:
            document = read_document(path, segmentation)
        except ImportFileError as error:
            assert str(error).startswith("random.md: ")
            return
    assert_offsets_exact(document)
    ends = [0] + [segment.end_char for segment in document.segments]
    starts = [segment.start_char for segment in document.segments] + [len(document.text)]
    assert all(end <= start for end, start in zip(ends, starts, strict=True))
