"""Where the last turn's speech ends and a web page's footer (author bio, teasers, copyright) begins.

A transcript saved from a web page runs on after the interview: a paragraph about the
author, "Related:" and "Read more" teasers, share buttons, a copyright line. With no
speaker label after the last turn, all of it would be coded as the last speaker's words.
The footer is told from speech by its blocks (blank-line paragraphs) at the end of the
last turn: only a trailing run of blocks that read as page furniture is cut off, and it
must hold at least one block that could not be speech (a footer heading, a copyright
line, a third-person biography); the first block after the label is always speech.
"""

from __future__ import annotations

import re

from qualcode.ingest.spans import paragraph_spans

HEADING_WORDS = 12
"""A footer heading or link is a few words ("Sign up for our weekly newsletter"); more is a sentence."""
HEADING_SENTENCE_WORDS = 6
"""...and a longer one that ends in a full stop is a sentence that happens to start "Subscribe…"."""
TEASER_LINE_CHARS = 100
"""Teaser titles and share links are short lines."""

_LINE_DECORATION = "#*_>-•–—|[] \t"
"""Markdown emphasis, headings, bullets and dashes around a footer line."""

FOOTER_HEADING = re.compile(
    r"""^(?:
        related(?:\s+(?:articles?|stories|stories|reading|posts|content|coverage))?
      | read\s+(?:more|next|also)
      | more\s+(?:from|stories|like\s+this|on\s+this|in)
      | you\s+(?:may|might)\s+also\s+(?:like|enjoy)
      | recommended(?:\s+for\s+you)?
      | share(?:\s+(?:this|on|via))?
      | subscribe | sign\s+up | newsletter | follow\s+(?:us|me)
      | about\s+the\s+(?:author|authors|interviewer|writer)
      | tags? | topics | filed\s+under | comments? | advertisement
      | all\s+rights\s+reserved
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
"""The opening of a footer heading or link line: 'Related:', 'Read more', 'Share this', 'Subscribe'."""

COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\s+\d{4}|\ball rights reserved\b", re.IGNORECASE)

EDITORIAL_NOTE = re.compile(
    r"^(?:this\s+)?(?:interview|conversation|transcript)\s+(?:has\s+been|was)\s+(?:lightly\s+)?"
    r"(?:edited|condensed)",
    re.IGNORECASE,
)
"""'This interview has been edited and condensed for clarity.'"""

BIO_OPENING = re.compile(
    r"^(?P<name>(?:[A-Z][\w.'’-]*\s+){1,4}|(?:He|She|They)\s+)"
    r"(?:is|was|has|writes|covers|reports|lives|teaches|works|edits|hosts|holds|joined)\b"
)
"""'Jane Doe is…', 'She writes…': a sentence about someone, in the third person."""

BIO_WORDS = re.compile(
    r"\b(?:journalist|writer|reporter|editor|correspondent|author|columnist|contributor|freelance|"
    r"producer|podcast|professor|fellow|based\s+in|lives\s+in|covers|newsletter|twitter|instagram)\b|@\w",
    re.IGNORECASE,
)
"""Words of an author's biography."""

FIRST_OR_SECOND_PERSON = re.compile(
    r"\bI\b|\bI['’](?:m|ve|d|ll)\b|\b(?:me|my|mine|myself|we|we['’]re|our|ours|us|you|your|yours)\b",
)
"""Speech talks about 'I', 'we' and 'you'; a biography does not."""

BYLINE = re.compile(
    r"^\W*(?:(?:words|text|interview|interviewed|reported)\s+)?by\s+(?P<names>.+)$", re.I | re.M
)
"""'By Jane Doe', 'Interview by Jane Doe and Sam Lee' in the preamble."""

_SENTENCE_END = (".", ",", ";")


def postamble_start(
    text: str, turn_start: int, turn_end: int, lines_are_paragraphs: bool, preamble: str
) -> int:
    """The offset where the last turn's footer begins, or ``turn_end`` when it is all speech.

    ``preamble`` lets a biography be recognised by the byline's name ("By Jane Doe").
    """
    blocks = paragraph_spans(text, turn_start, turn_end, lines_are_paragraphs)
    run_start = len(blocks)
    while run_start > 1 and _is_footer_like(text[slice(*blocks[run_start - 1])], preamble):
        run_start -= 1
    for start, end in blocks[run_start:]:
        if _is_surely_footer(text[start:end], preamble):
            return start
    return turn_end


def _lines(block: str) -> list[str]:
    return [line.strip(_LINE_DECORATION) for line in block.split("\n") if line.strip(_LINE_DECORATION)]


def _is_footer_like(block: str, preamble: str) -> bool:
    """Page furniture or a biography; teaser titles and share links are short lines without a full stop."""
    lines = _lines(block)
    if not lines or _is_surely_footer(block, preamble):
        return True
    return all(len(line) <= TEASER_LINE_CHARS and not line.endswith(_SENTENCE_END) for line in lines)


def _is_surely_footer(block: str, preamble: str) -> bool:
    """A block no interviewee says: a footer heading, a copyright line, an editor's note, a biography."""
    lines = _lines(block)
    if not lines:
        return False
    for line in lines:
        if FOOTER_HEADING.match(line) and _reads_as_heading(line):
            return True
        if len(line) <= 2 * TEASER_LINE_CHARS and COPYRIGHT.search(line):
            return True
    return bool(EDITORIAL_NOTE.match(lines[0])) or _is_biography(" ".join(lines), preamble)


def _reads_as_heading(line: str) -> bool:
    words = len(line.split())
    return words <= HEADING_SENTENCE_WORDS or (words <= HEADING_WORDS and not line.endswith(_SENTENCE_END))


def _is_biography(paragraph: str, preamble: str) -> bool:
    opening = BIO_OPENING.match(paragraph)
    if opening is None or FIRST_OR_SECOND_PERSON.search(paragraph):
        return False
    name = opening.group("name").strip()
    bylines = " ".join(match.group("names") for match in BYLINE.finditer(preamble))
    named_in_byline = name not in ("He", "She", "They") and name in bylines
    return named_in_byline or BIO_WORDS.search(paragraph) is not None
