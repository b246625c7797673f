"""A web page's footer after the last turn is kept as the postamble; a long last answer stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ingest_text import FIXTURES, assert_offsets_exact, speakers_and_texts

from qualcode.ingest import read_document

WEB_PAGE = FIXTURES / "web_page_interview.txt"

LAST_ANSWER = (
    "Start with listening. Knock on every door, and ask what people are angry about before you tell "
    "them what to do. I spent my first year mostly taking notes.\n\n"
    "Don't chase the press. A story in the paper feels good for a week, but the landlord only moves "
    "when the building moves, and that takes months of slow, boring work: phone trees, sign-in sheets, "
    "childcare at every meeting.\n\n"
    "And take care of each other. We lost good people to burnout because we treated every fight like "
    "the last one. Now we rotate the hard jobs, and we end every meeting with food."
)

FOOTER = (
    "Jane Okafor is a staff writer at City Desk, where she covers housing and labor. "
    "She lives in the east side with two cats.\n\n"
    "Related:\n"
    "How One Block Won Its Rent Strike\n"
    "The Quiet Collapse of Public Housing Repairs\n"
    "Why Tenant Unions Are Growing Again\n\n"
    "Read more from City Desk\n\n"
    "Share this article\n"
    "Facebook · X · Email\n\n"
    "© 2025 City Desk Media. All rights reserved."
)


def test_a_saved_interview_page_keeps_its_footer_out_of_the_last_turn() -> None:
    document = read_document(WEB_PAGE)
    assert_offsets_exact(document)
    assert document.preamble == (
        "“We Built It Out of Kitchen Tables”: An Organiser on Ten Years of Tenant Unions\n\n"
        "By Jane Okafor\n"
        "Published March 14, 2025 · 9 min read\n\n"
        "Ana Rivera has spent a decade turning rent disputes into building committees across the east "
        "side. We spoke in her union's storefront office, between a legal clinic and a potluck."
    )
    assert speakers_and_texts(document) == [
        ("Jane Okafor", "How did the first tenant union start?"),
        (
            "Ana Rivera",
            "Honestly, it started with a broken boiler. Forty families, no heat in January, and a landlord "
            "who stopped answering the phone. We met in my kitchen because nobody could afford to rent "
            "a room.",
        ),
        ("Jane Okafor", "What changed after that winter?"),
        (
            "Ana Rivera",
            "People saw that showing up together worked. The boiler was fixed in nine days once thirty of us "
            "went to the management office.\n\n"
            "After that, every building wanted its own committee, and we had to learn how to run meetings "
            "that didn't fall apart.",
        ),
        ("Jane Okafor", "What would you tell someone starting out today?"),
        ("Ana Rivera", LAST_ANSWER),
    ]
    assert document.postamble == FOOTER


def test_paragraph_segments_end_where_the_footer_begins() -> None:
    document = read_document(WEB_PAGE, "paragraph")
    assert [text for _, text in speakers_and_texts(document)][-3:] == LAST_ANSWER.split("\n\n")
    assert document.postamble == FOOTER


def _page(last_turn: str) -> bytes:
    return ("By Jane Okafor\n\nJane Okafor: And now?\n\nAna Rivera: " + last_turn + "\n").encode()


# (name, the last turn as saved, expected last segment, expected postamble)
LAST_TURNS = [
    (
        "a long last answer of several paragraphs stays whole",
        LAST_ANSWER,
        LAST_ANSWER,
        "",
    ),
    (
        "a last answer about someone else in the third person stays whole",
        "We kept going.\n\nMaria is right about that, and the city knows it.",
        "We kept going.\n\nMaria is right about that, and the city knows it.",
        "",
    ),
    (
        "a spoken 'subscribe' is speech",
        "We kept going.\n\nSubscribe to what you believe in, that is what I tell the young ones.",
        "We kept going.\n\nSubscribe to what you believe in, that is what I tell the young ones.",
        "",
    ),
    (
        "short closing words without a footer after them stay speech",
        "We kept going.\n\nThank you\n\nBye for now",
        "We kept going.\n\nThank you\n\nBye for now",
        "",
    ),
    (
        "short closing words before a footer stay speech",
        "We kept going.\n\nThank you\n\nRelated:\nHow One Block Won",
        "We kept going.\n\nThank you",
        "Related:\nHow One Block Won",
    ),
    (
        "a copyright line alone",
        "We kept going.\n\n© 2024 Example Press",
        "We kept going.",
        "© 2024 Example Press",
    ),
    (
        "an editor's note",
        "We kept going.\n\nThis interview has been edited and condensed for clarity.",
        "We kept going.",
        "This interview has been edited and condensed for clarity.",
    ),
    (
        "a biography known by the byline's name",
        "We kept going.\n\nJane Okafor is from Lagos and Leeds.",
        "We kept going.",
        "Jane Okafor is from Lagos and Leeds.",
    ),
    (
        "Markdown footer headings",
        "We kept going.\n\n**Read more**\n\n- [How One Block Won](https://example.org/a)",
        "We kept going.",
        "**Read more**\n\n- [How One Block Won](https://example.org/a)",
    ),
    (
        "a footer in the first paragraph of the turn is left alone",
        "© 2024 Example Press",
        "© 2024 Example Press",
        "",
    ),
    (
        "speech after footer-like lines keeps them all",
        "We kept going.\n\nRelated:\nThe block\n\nAnd then we won, and we kept the office.",
        "We kept going.\n\nRelated:\nThe block\n\nAnd then we won, and we kept the office.",
        "",
    ),
]


@pytest.mark.parametrize(
    ("name", "last_turn", "expected_last", "expected_postamble"),
    LAST_TURNS,
    ids=[case[0] for case in LAST_TURNS],
)
def test_the_footer_is_told_from_the_last_answer(
    tmp_path: Path, name: str, last_turn: str, expected_last: str, expected_postamble: str
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(_page(last_turn))
    document = read_document(path)
    assert_offsets_exact(document)
    assert (document.segments[-1].text, document.postamble) == (expected_last, expected_postamble)
    assert len(document.segments) == 2


def test_a_document_of_single_lines_cuts_its_footer_by_lines(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Q: And now?\nA: We kept going.\nRelated\nHow One Block Won\n")
    document = read_document(path)
    assert speakers_and_texts(document) == [("Q", "And now?"), ("A", "We kept going.")]
    assert document.postamble == "Related\nHow One Block Won"
