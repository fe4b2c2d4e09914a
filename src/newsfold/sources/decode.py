"""Bytes -> text, or a clear reason why not.

News dumps arrive in every encoding: mostly UTF-8, a lot of Windows-1252 from
old CMS exports, the odd UTF-16 file from Excel, and sometimes not text at
all (images, archives, corrupted downloads). Everything downstream works on
``str`` with ``\\n`` newlines, so this module is the single place that decides
how bytes become text and when to give up. It never guesses silently on
garbage: a decode it is not confident about raises :class:`DecodeError`, which
the readers turn into a ``Rejected`` value.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

BINARY_SNIFF_BYTES = 8192
"""How much of an item's head :func:`looks_binary` looks at."""

UNDECODABLE = "undecodable: not UTF-8 and no confident encoding detected"

# Control bytes that plain text legitimately contains: \t \n \v \f \r.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r")
_CONTROL_BYTES = frozenset(range(0x20)) - _TEXT_CONTROLS | {0x7F}
_MAX_CONTROL_RATIO = 0.10

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Encoding detection: charset-normalizer's "chaos" is the share of the text
# that looks like mojibake. Its own cut-off is 0.2; we want to be sure.
_MAX_CHAOS = 0.10

# Legacy encodings that news text on the web actually comes in. Detection is
# confined to them: an exotic code page (EBCDIC, cp1006...) "fits" random
# bytes too well, and accepting it turns junk into an article.
NEWS_ENCODINGS = (
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257",
    "iso8859_13", "cp874", "tis_620", "cp1258", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk",
    "gb18030", "big5", "big5hkscs", "euc_kr", "cp949", "mac_roman",
)
# Share of decoded characters that may be unprintable (controls, unassigned,
# private use) before we call a detected decode garbage.
_MAX_UNPRINTABLE_RATIO = 0.01
_UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
# Invalid-UTF-8 sequences tolerated in an otherwise UTF-8 text (see
# _decode_mostly_utf8), as a share of all characters -- or this many in a short
# text, where 1% is less than one: detection would read two stray bytes in a
# 200-character French article as Shift-JIS.
_MAX_BAD_UTF8_RATIO = 0.01
_FEW_BAD_UTF8 = 3


class DecodeError(ValueError):
    """The bytes cannot be turned into text with confidence; str(e) is the reason."""


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n`` so line numbers mean one thing everywhere."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_binary(head: bytes) -> bool:
    """Is this the start of a binary file rather than text?

    A NUL byte is the classic tell (text encodings other than UTF-16/32 never
    contain one; those announce themselves with a BOM). A high share of
    control bytes is the second tell, but only for heads that are not valid
    UTF-8: valid UTF-8 is text by definition, whatever characters it holds.
    """
    head = head[:BINARY_SNIFF_BYTES]
    if _unicode_bom(head):
        return False
    if b"\x00" in head:
        return True
    if not head or _is_utf8_prefix(head):
        return False
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    return controls / len(head) > _MAX_CONTROL_RATIO


def decode_text(data: bytes) -> str:
    """Decode one whole item (an article file, stdin) to text."""
    return decode_noted(data)[0]


def decode_noted(data: bytes) -> tuple[str, str | None]:
    """Decode one whole item, with a note when the bytes were not clean UTF-8.

    The note is recorded as an ingest warning: the text is kept, but the user
    learns that it was guessed (a legacy encoding) or repaired (bad bytes).

    Order matters: a UTF-8 BOM is stripped, strict UTF-8 is tried first
    (almost everything is UTF-8, and a successful strict decode is proof),
    then a UTF-16/32 BOM, then UTF-8 with a few corrupted bytes, and only
    then statistical detection for legacy encodings such as cp1252.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return normalize_newlines(data.decode("utf-8")), None
    except UnicodeDecodeError:
        pass
    bom = _unicode_bom(data)
    if bom:
        prefix, encoding = bom
        try:
            text = data[len(prefix) :].decode(encoding)
        except UnicodeDecodeError:
            raise DecodeError(f"undecodable: invalid {encoding} after BOM") from None
        _check_printable(text)
        return normalize_newlines(text), None
    text = _decode_mostly_utf8(data)
    if text is not None:
        return normalize_newlines(text), f"invalid UTF-8: {text.count(chr(0xFFFD))} bad byte sequence(s) replaced"
    encoding, text = _detect(data)
    return normalize_newlines(text), f"not UTF-8: decoded as {encoding} (detected)"


def sniff_encoding(head: bytes) -> str:
    """The encoding of a line-oriented container's (JSONL, CSV) lines that are not UTF-8, from its head.

    Containers are streamed and decoded line by line (:func:`decode_line`): a line that is
    valid UTF-8 is read as UTF-8 -- a strict decode is proof, as for whole files -- and any
    other line in the legacy encoding found here, from the head's lines that are not UTF-8.
    ``"utf-8"`` means there is no such encoding: those lines are rejected one by one. So a
    dump mixing UTF-8 rows with a few cp1252 ones keeps the rows of both kinds, where one
    encoding for the whole file would garble one kind. Raises :class:`DecodeError` only when
    no line of the head is UTF-8 and no encoding is confidently detected.
    """
    if _unicode_bom(head):
        raise DecodeError("unsupported encoding: UTF-16/UTF-32 (convert the file to UTF-8)")
    if head.startswith(codecs.BOM_UTF8) or _is_utf8_prefix(head):
        return "utf-8"
    # Whole lines only: the head may end inside a multi-byte character.
    cut = head.rfind(b"\n")
    sample = head[: cut + 1] if cut > 0 else head
    if _decode_mostly_utf8(sample) is not None:
        return "utf-8"  # UTF-8 with a few corrupted bytes: those lines are rejected
    lines = [line for line in sample.split(b"\n") if line.strip()]
    foreign = [line for line in lines if not _is_utf8(line)]
    try:
        encoding, _ = _detect(b"\n".join(foreign))
    except DecodeError:
        if len(foreign) < len(lines):
            return "utf-8"  # some rows are UTF-8: keep them, the others fail one by one
        raise
    return encoding


def decode_line(line: bytes, encoding: str) -> str:
    """One line of a container: UTF-8 if it is valid UTF-8, else ``encoding`` (see :func:`sniff_encoding`).

    Raises ``UnicodeDecodeError`` when it is neither.
    """
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        if encoding == "utf-8":
            raise
        return line.decode(encoding)


def _detect(data: bytes) -> tuple[str, str]:
    """The legacy encoding ``data`` is confidently in, and the decoded text.

    charset-normalizer ranks candidates by chaos then coherence. Among
    candidates it ranks equal we prefer cp1252: for Western news it is by far
    the most common legacy encoding, and the usual runner-up (cp1250) turns
    French "à"/"è" into "ŕ"/"č" while scoring exactly the same.
    """
    matches = from_bytes(data, cp_isolation=list(NEWS_ENCODINGS))
    best = matches.best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise DecodeError(UNDECODABLE)
    encoding = best.encoding
    if "cp1252" not in best.could_be_from_charset:
        for match in matches:
            tied = match.chaos <= best.chaos and match.coherence >= best.coherence
            if tied and "cp1252" in match.could_be_from_charset:
                encoding = "cp1252"
                break
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise DecodeError(UNDECODABLE) from None
    _check_printable(text)
    return encoding, text


def _decode_mostly_utf8(data: bytes) -> str | None:
    """UTF-8 text with a handful of corrupted bytes, decoded with U+FFFD for them.

    Detection would "succeed" on such a file but as mojibake (every "é"
    becoming "Ã©"), which is worse than one replacement character. We only
    take this route with positive evidence of UTF-8: at least as many valid
    multi-byte characters as bad sequences, and bad sequences rare.
    """
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd")
    bad = replaced - data.count("\ufffd".encode())
    multibyte = len(text) - len(text.encode("ascii", errors="ignore")) - replaced
    if multibyte >= max(bad, 1) and bad <= max(_MAX_BAD_UTF8_RATIO * len(text), _FEW_BAD_UTF8):
        return text
    return None


def _check_printable(text: str) -> None:
    """Reject a decode whose result is mostly characters no article contains."""
    sample = text[:65536]
    if not sample:
        return
    unprintable = sum(
        1
        for ch in sample
        if ch not in "\t\n\r\x0b\x0c" and unicodedata.category(ch) in _UNPRINTABLE_CATEGORIES
    )
    if unprintable / len(sample) > _MAX_UNPRINTABLE_RATIO:
        raise DecodeError(UNDECODABLE)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8_prefix(data: bytes) -> bool:
    """Valid UTF-8, allowing a character cut off at the end (``data`` may be a head)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _unicode_bom(data: bytes) -> tuple[bytes, str] | None:
    for prefix, encoding in _UNICODE_BOMS:
        if data.startswith(prefix):
            return prefix, encoding
    return None
