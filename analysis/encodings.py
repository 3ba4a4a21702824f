"""Bytes to text: a byte-order mark first, then UTF-8, then charset detection (the only import of
charset_normalizer); binary data is refused by name."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from analysis.errors import DecodingError, InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "an executable (Windows)"),
    (b"PK\x03\x04", "a compressed archive (zip)"),
    (b"\x1f\x8b", "a compressed archive (gzip)"),
    (b"BZh", "a compressed archive (bzip2)"),
    (b"\xfd7zXZ", "a compressed archive (xz)"),
)
_MAX_CONTROL_SHARE = 0.01
_MAX_ENCODING_CANDIDATES = 8
_WORD = re.compile(r"\w+")
# Control characters other than white space (\t \n \v \f \r are 9 to 13).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes) -> str:
    """Bytes to text: a BOM first, then UTF-8, then charset detection; binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodingError(f"starts with a {encoding} byte-order mark but is not valid {encoding}") from err
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file: looks like {kind}, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _detect(data)
    controls = len(_CONTROL.findall(text))
    if text and controls / len(text) > _MAX_CONTROL_SHARE:
        raise InputError(f"binary file: {controls} control characters in {len(text)} (NUL bytes or similar)")
    return text


def _detect(data: bytes) -> str:
    """Decode non-UTF-8 bytes with the detected code page that garbles words least.

    On short texts charset-normalizer often ranks a Baltic or Central European code
    page first for Western text ("naļve" for "naïve"); a word that mixes ASCII letters
    with letters beyond Latin-1 is the tell-tale of such a wrong guess.
    """
    encodings = [m.encoding for m in charset_normalizer.from_bytes(data)][:_MAX_ENCODING_CANDIDATES]
    decoded: list[tuple[int, int, str]] = []
    for rank, encoding in enumerate([*encodings, "cp1252"]):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        mixed = sum(
            1 for word in _WORD.findall(text) if re.search(r"[A-Za-z]", word) and re.search(r"[^\x00-\xff]", word)
        )
        decoded.append((mixed, rank, text))
    if not decoded:
        raise DecodingError("not text in any encoding that could be detected")
    return min(decoded, key=lambda item: item[:2])[2]
