"""What every record leaving the sources layer guarantees, whatever its reader.

- Its origin is valid Unicode. Python hands over file names that are not
  valid UTF-8 as lone surrogates (``bad\\udcff.txt``), which no UTF-8 store or
  terminal accepts: one such name used to fail the whole batch it sat in.
  The bytes are spelled out instead (``bad\\xff.txt``); only the label
  changes, the file itself was opened by its real name.
- A RawDoc's text and meta hold no NUL character. NUL is how binary data
  shows itself; the binary sniff only sees an item's first bytes, so a NUL
  further in (or a ``"\\u0000"`` JSON escape) is caught here. PostgreSQL's
  text type cannot keep one anyway.
- A RawDoc's text and meta are valid Unicode: a ``"\\ud800"`` JSON escape
  decodes to a lone surrogate, which cannot be stored as UTF-8.

A record that breaks a rule becomes a ``Rejected`` for that item alone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from newsfold.records import RawDoc, Rejected
from newsfold.sources.options import reject

_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def checked(record: RawDoc | Rejected) -> RawDoc | Rejected:
    """``record`` itself when it keeps the rules above, else a repaired origin or a rejection."""
    origin = printable(record.origin)
    if isinstance(record, RawDoc):
        problem = text_problem(record.text) or _meta_problem(record.meta)
        if problem:
            return reject(origin, problem)
    return record if origin is record.origin else replace(record, origin=origin)


def printable(label: str) -> str:
    """``label`` with each lone surrogate written out: ``\\xNN`` for an undecodable byte of a
    file name (U+DC80..U+DCFF, Python's escape for it), ``\\uXXXX`` for any other."""
    if not _SURROGATE.search(label):
        return label
    return _SURROGATE.sub(_escape, label)


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be an article's raw text, or None."""
    nul = text.find("\x00")
    if nul >= 0:
        return f"binary data: NUL character in the text (at character {nul:,})"
    if _SURROGATE.search(text):
        return "not valid Unicode: lone surrogate in the text"
    return None


def _meta_problem(meta: dict[str, Any]) -> str | None:
    for key, value in meta.items():
        bad = _unstorable([key, value])
        if bad is not None:
            what = "binary data: NUL character" if bad == "\x00" else "not valid Unicode: lone surrogate"
            return f"{what} in field {printable(str(key))!r}"
    return None


def _unstorable(value: Any) -> str | None:
    """The first NUL or lone surrogate in a JSON-like value (strings, nested lists and objects).

    Iterative: a row may nest as deep as the JSON parser allows.
    """
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found = _UNSTORABLE.search(item)
            if found:
                return found.group()
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return None
