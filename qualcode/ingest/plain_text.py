"""Reading ``.txt`` and ``.md`` transcripts: decoding, front matter, then ``Name:`` turns."""

from __future__ import annotations

from qualcode.errors import ImportFileError
from qualcode.ingest.decoding import decode_bytes
from qualcode.ingest.front_matter import split_front_matter
from qualcode.ingest.model import DocumentContent
from qualcode.ingest.segmenting import segment_text


def read_plain_text(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    """Read a plain-text or Markdown transcript.

    The document text is the file after its front-matter block, so that what
    coders read and what the offsets point into is the transcript alone.
    """
    decoded, warnings = decode_bytes(raw, source_name)
    front = split_front_matter(decoded, source_name)
    text = decoded[front.body_start :]
    if not text or text.isspace():
        raise ImportFileError(f"{source_name}: has front matter but no transcript text")
    cut = segment_text(text, segmentation, source_name)
    return DocumentContent(
        text=text,
        preamble=cut.preamble,
        postamble=cut.postamble,
        segments=cut.segments,
        meta=front.meta,
        warnings=[*warnings, *front.warnings, *cut.warnings],
    )
