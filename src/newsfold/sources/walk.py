"""Paths, folders and stdin -> the items to read, in a deterministic order.

This is the only module that touches the file system layout. It never reads
content (except stdin's first bytes to tell JSONL from text); it says what to
open, under which origin, and what kind of file it is. Problems with a path
(missing, broken symlink, unreadable folder) become ``Rejected`` values so a
batch over many paths always runs to the end.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from newsfold.records import Rejected
from newsfold.sources.fetch import is_url
from newsfold.sources.options import reject
from newsfold.sources.streams import prepend

STDIN_PATH = "-"
STDIN_ORIGIN = "<stdin>"
JSONL_KIND = ".jsonl"
HTML_KIND = ".html"
FEED_KIND = ".xml"
WARC_KIND = ".warc"
URL_KIND = "url"
"""Kind of an ``http(s)://`` item: fetched, not opened (see :mod:`.feeds`)."""
_WHITESPACE = b" \t\r\n\x0b\x0c"


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to read.

    ``path`` is what to open (None: standard input). ``kind`` is the dispatch
    key -- the lower-cased extension, ``""`` if none -- or None when only the
    content can tell (stdin, extensionless pipes). ``size`` is known for
    regular files only, so they can be refused before reading.
    """

    origin: str
    path: str | None
    kind: str | None
    size: int | None = None


def iter_items(paths: Sequence[str]) -> Iterator[Item | Rejected]:
    """Items for each path in the order given; folders expand in sorted order."""
    for given in paths:
        if given == STDIN_PATH:
            yield Item(origin=STDIN_ORIGIN, path=None, kind=None)
            continue
        if is_url(given):
            yield Item(origin=given, path=None, kind=URL_KIND)
            continue
        origin = os.path.normpath(given)
        try:
            st = os.stat(given)
        except OSError as e:
            yield reject(origin, os_reason(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(given, st)
        elif stat.S_ISREG(st.st_mode):
            yield Item(origin=origin, path=given, kind=_kind(given), size=st.st_size)
        else:
            # Named explicitly: a FIFO or /dev/fd/N from `<(zcat dump.gz)` is
            # a legitimate stream; without an extension its content decides.
            yield Item(origin=origin, path=given, kind=_kind(given) or None)


def _walk(top: str, top_stat: os.stat_result) -> Iterator[Item | Rejected]:
    """Depth-first walk in sorted name order, skipping hidden entries.

    Symlinks are followed (origins keep the linked path, unresolved), but each
    directory is entered once, which also stops symlink loops. Iterative, so
    deep trees cannot hit the recursion limit. Special files (FIFOs, sockets,
    devices) inside a folder are rejected: reading them could block forever.
    """
    seen = {(top_stat.st_dev, top_stat.st_ino)}
    stack = [_list_dir(top)]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, Rejected):
            yield entry
            continue
        origin = os.path.normpath(entry)
        try:
            st = os.stat(entry)
        except OSError as e:  # broken symlink, vanished file
            yield reject(origin, os_reason(e))
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key not in seen:
                seen.add(key)
                stack.append(_list_dir(entry))
        elif stat.S_ISREG(st.st_mode):
            yield Item(origin=origin, path=entry, kind=_kind(entry), size=st.st_size)
        else:
            yield reject(origin, "not a regular file")


def _list_dir(path: str) -> Iterator[str | Rejected]:
    try:
        names = sorted(os.listdir(path))
    except OSError as e:
        yield reject(os.path.normpath(path), os_reason(e))
        return
    for name in names:
        if not name.startswith("."):
            yield os.path.join(path, name)


def _kind(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def kind_of_path(path: str) -> str:
    """The dispatch key of a path: its lower-cased extension, ``""`` if none."""
    return _kind(path)


def os_reason(error: OSError) -> str:
    """The OS's own message ("Permission denied"), without errno noise."""
    return error.strerror or str(error)


@contextmanager
def open_item(item: Item, stdin: BinaryIO | None) -> Iterator[BinaryIO]:
    """Open an item for binary reading; standard input is used, never closed."""
    if item.path is not None:
        with open(item.path, "rb") as f:
            yield f
        return
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise OSError(errno.EBADF, "standard input is not available")
    yield stream


def sniff_kind(stream: BinaryIO, limit: int) -> tuple[str, BinaryIO]:
    """Tell the kind of an unnamed stream (stdin, a pipe) from its first non-blank bytes.

    ``{`` is JSONL, ``WARC/`` a WARC archive, an RSS/Atom root element a
    feed, an HTML document start HTML; anything else is plain text. Reads only
    until that first byte (at most ``limit`` bytes of leading whitespace) plus
    one 64 KiB chunk, and returns a stream that still starts at the beginning.
    """
    head = b""
    while len(head) <= limit:
        chunk = stream.read(64 * 1024)
        if not chunk:
            break
        head += chunk
        probe = head.removeprefix(codecs.BOM_UTF8).lstrip(_WHITESPACE)
        if probe:
            return _kind_of(probe), prepend(head, stream)
    return "", prepend(head, stream)


def _kind_of(probe: bytes) -> str:
    if probe.startswith(b"{"):
        return JSONL_KIND
    if probe.startswith(b"WARC/"):
        return WARC_KIND
    if probe.startswith(b"<"):
        from newsfold.sources.feeds import FEED_ROOTS, prolog_bytes, feed_root
        from newsfold.sources.html import looks_like_html

        if feed_root(prolog_bytes(probe)) in FEED_ROOTS:
            return FEED_KIND
        if looks_like_html(probe[:4096].decode("utf-8", "replace")):
            return HTML_KIND
    return ""
