"""Transcript readers and segmenters: files in, `ParsedDocument` values out, no storage or UI."""

from qualcode.ingest.decoding import decode_bytes
from qualcode.ingest.model import ParsedDocument, ParsedSegment
from qualcode.ingest.reader import SUPPORTED_SUFFIXES, read_document
from qualcode.ingest.segmenting import SEGMENTATIONS

__all__ = [
    "SEGMENTATIONS",
    "SUPPORTED_SUFFIXES",
    "ParsedDocument",
    "ParsedSegment",
    "decode_bytes",
    "read_document",
]
