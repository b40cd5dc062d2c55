"""Decoding for ingest: file bytes -> text, and the removal of invisible format characters.

    decoded = decode_bytes(data)          # NotText(reason) when the bytes are not text
    decoded.text, decoded.encoding, decoded.note
    text = strip_invisible(text)

Order of the checks, each one for a real kind of input:
    1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
    2. known binary signatures (PDF, ZIP, images, gzip) are refused with what they are;
    3. UTF-16/UTF-32 WITHOUT a byte-order mark are recognised by their NUL-byte pattern (text in Latin script
       has a NUL in every other byte, or three in four) and decoded; other NUL bytes mean a binary file;
    4. valid UTF-8;
    5. UTF-8 with a few invalid bytes among valid multi-byte characters: a file damaged in transit, or two
       sources pasted together, is still UTF-8; the bad bytes become U+FFFD and the text says so in `note`
       (switching the whole file to cp1252 would turn every other accent and dash into mojibake);
    6. otherwise charset-normalizer picks a legacy code page (cp1252 among equal candidates).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["INVISIBLE", "Decoded", "NotText", "decode_bytes", "normalise_newlines", "strip_invisible"]

_MAGIC = (
    (b"%PDF-", "a PDF document: extract its text first"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_SNIFF_BYTES = 8192
# Share of NUL bytes at the positions where a wide encoding puts them for Latin-script text (>=), and at the
# positions where it never does (<=). English in UTF-16 has a NUL in ~every high byte; a binary file has NULs
# scattered over all positions.
_WIDE_NUL_SHARE = 0.6
_WIDE_OTHER_SHARE = 0.02
# UTF-8 with bad bytes is kept as UTF-8 when valid multi-byte characters outnumber the bad bytes this much
_UTF8_EVIDENCE_RATIO = 2

# Invisible format characters: soft hyphen, zero-width space / non-joiner / joiner, word joiner, and the BOM
# used as a zero-width no-break space. They carry no content in English text but split a name into two
# tokens ("Zelen\u00adskyy"), so the gazetteers and the parser miss it.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PAGE_BREAK_RE = re.compile(r"[\x0b\x0c]")  # vertical tab, form feed: a line break in effect


class NotText(Exception):
    """Bytes that yield no text; the message is the reason, for a Skipped."""


@dataclass(frozen=True)
class Decoded:
    text: str  # with "\n" line endings
    encoding: str
    note: str | None = None  # something a reader of the output should know (bytes replaced)


def decode_bytes(data: bytes) -> Decoded:
    """Decode file bytes (see the module docstring for the order of checks); NotText with the reason."""
    if not data:
        raise NotText("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(normalise_newlines(data.decode(codec)), codec)
            except UnicodeDecodeError:
                raise NotText(f"not valid {codec.upper()} despite its byte-order mark") from None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NotText(f"binary file ({kind}), not text")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        codec = _wide_encoding(head)
        if codec is None:
            raise NotText("binary file (contains NUL bytes), not text")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise NotText(f"binary file (NUL bytes like {codec.upper()} without a byte-order mark, but not valid {codec.upper()})") from None
        if "\x00" in text:
            raise NotText(f"binary file (NUL characters even when read as {codec.upper()})")
        return Decoded(normalise_newlines(text), codec, f"read as {codec.upper()} (no byte-order mark)")
    try:
        return Decoded(normalise_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    text = _detect_and_decode(data)
    if text is None:
        raise NotText("not text: no character encoding decodes it (binary file?)")
    return Decoded(normalise_newlines(text), "detected")


def strip_invisible(text: str) -> str:
    """`text` without invisible format characters (INVISIBLE) and C0 control characters (a stray \\x1b from a
    terminal capture is not content); a vertical tab or form feed becomes a line break."""
    text = _INVISIBLE_RE.sub("", text)
    text = _PAGE_BREAK_RE.sub("\n", text)
    return _CONTROL_RE.sub("", text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _wide_encoding(head: bytes) -> str | None:
    """UTF-16/32 (LE or BE) when the NUL bytes of `head` fall where those encodings put them for text in
    Latin script, else None. Hand-written: charset-normalizer does not guess BOM-less UTF-16/32 reliably."""
    usable = len(head) - len(head) % 4
    if usable < 4:
        return None
    head = head[:usable]
    quarter = usable // 4
    share = [head[i::4].count(0) / quarter for i in range(4)]
    high, low = _WIDE_NUL_SHARE, _WIDE_OTHER_SHARE
    if share[1] >= high and share[2] >= high and share[3] >= high and share[0] <= low:
        return "utf-32-le"
    if share[0] >= high and share[1] >= high and share[2] >= high and share[3] <= low:
        return "utf-32-be"
    if share[1] >= high and share[3] >= high and share[0] <= low and share[2] <= low:
        return "utf-16-le"
    if share[0] >= high and share[2] >= high and share[1] <= low and share[3] <= low:
        return "utf-16-be"
    return None


def _mostly_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with its few bad bytes replaced by U+FFFD, when the rest is clearly UTF-8; else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid_multibyte = non_ascii - bad - data.count("\ufffd".encode())
    if bad <= 0 or valid_multibyte < _UTF8_EVIDENCE_RATIO * bad:
        return None
    note = f"{bad} invalid UTF-8 byte sequence{'s' if bad > 1 else ''} replaced with U+FFFD"
    return Decoded(normalise_newlines(text), "utf-8", note)


def _detect_and_decode(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # charset-normalizer ranks equally plausible single-byte code pages by list order (cp1250 before cp1252);
    # among ties prefer cp1252, the encoding behind nearly all "latin-1" English web text
    for match in matches:
        if match.chaos == best.chaos and match.coherence == best.coherence and "cp1252" in match.could_be_from_charset:
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                break
    return str(best)
