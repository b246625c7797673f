"""Turning raw transcript bytes into text: encoding detection, BOMs, newlines, binary checks."""

from __future__ import annotations

import codecs

from qualcode.errors import ImportFileError

BINARY_SNIFF_BYTES = 8192
"""How much of the file is searched for NUL bytes; text transcripts never contain one."""

_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_bytes(raw: bytes, source_name: str) -> tuple[str, list[str]]:
    """Decode a text transcript and return ``(text, warnings)``.

    UTF-8 is tried first because it is what every modern editor writes; a
    failure falls back to cp1252, the usual encoding of transcripts saved by
    older Windows tools, with a warning so the user can check accents and
    quotes. UTF-16 is accepted only with a BOM ("Unicode" in Notepad), since
    without one it cannot be told from binary data. Newlines are normalised
    to ``\\n`` so that offsets do not depend on the platform the file came from.
    """
    if not raw or raw.isspace():
        raise ImportFileError(f"{source_name}: is empty")
    for bom, encoding in _UTF16_BOMS:
        if raw.startswith(bom):
            return _decode_utf16(raw[len(bom) :], encoding, source_name), []
    reject_binary(raw, source_name)
    warnings: list[str] = []
    bom_length = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[bom_length:].decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = raw[bom_length:].decode("cp1252")
        except UnicodeDecodeError as cp1252_error:
            # Both positions are given: the first is where the UTF-8 reading broke, the
            # second is a byte cp1252 leaves undefined; either may be the real culprit.
            utf8_at = bom_length + utf8_error.start
            cp1252_at = bom_length + cp1252_error.start
            raise ImportFileError(
                f"{source_name}: cannot decode the file: not UTF-8 (byte 0x{raw[utf8_at]:02x} "
                f"at offset {utf8_at}) and not cp1252 (byte 0x{raw[cp1252_at]:02x} at offset "
                f"{cp1252_at}); save it as UTF-8"
            ) from None
        warnings.append(f"{source_name}: not UTF-8; decoded as cp1252")
    text = normalise_newlines(text)
    if not text or text.isspace():
        raise ImportFileError(f"{source_name}: is empty")
    return text, warnings


def _decode_utf16(raw: bytes, encoding: str, source_name: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{source_name}: starts with a UTF-16 byte-order mark but byte offset "
            f"{error.start + 2} is not valid UTF-16; save it as UTF-8"
        ) from None
    text = normalise_newlines(text)
    if not text or text.isspace():
        raise ImportFileError(f"{source_name}: is empty")
    return text


def reject_binary(raw: bytes, source_name: str) -> None:
    """Refuse files with NUL bytes early, before they decode into pages of nonsense."""
    if b"\x00" in raw[:BINARY_SNIFF_BYTES]:
        raise ImportFileError(f"{source_name}: looks like a binary file, not a transcript")


def normalise_newlines(text: str) -> str:
    """Map CRLF and lone CR to LF; a stray BOM after decoding is dropped too."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
