"""How far a long ingest has got: documents done, rate, and an ETA estimated from input bytes.

Documents cannot be counted before they are read (a dump is one file of a
million rows), but bytes can: the sizes of the input files are known up front
(a walk of the paths, stat only), and the bytes consumed so far are the files
behind the current one plus the read position in the current one. The ETA
assumes the rest of the input goes at the rate of what is done, so it is
shown only once enough is done for that rate to mean something.

The read position of the file being read is the position of its open file
descriptor (``/proc/self/fd``, Linux): for a compressed file it counts
compressed bytes, like its size. Elsewhere, or for input of unknown size
(stdin, a pipe, a URL), there is no estimate and no ETA, only counts and rate.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..sources import walk

MIN_FRACTION = 0.01  # of the input bytes done before an ETA is shown
MIN_SECONDS = 10.0  # of running before an ETA is shown


def eta_seconds(done: float, total: float | None, elapsed: float, *, min_fraction: float = MIN_FRACTION,
                min_seconds: float = MIN_SECONDS) -> float | None:
    """Seconds left if the rest goes at the rate so far; None until that estimate means something."""
    if not total or done <= 0 or elapsed < min_seconds or done < min_fraction * total:
        return None
    return max(0.0, elapsed * (total - done) / done)


def estimated_total(count: int, done: float, total: float | None) -> int | None:
    """How many documents the whole input holds, if ``count`` came from ``done`` of ``total`` bytes."""
    if not total or done <= 0 or count <= 0:
        return None
    return max(count, round(count * total / done))


def format_duration(seconds: float) -> str:
    """"~45s", "~12m", "~2h05m": coarse, as an estimate should read."""
    if seconds < 60:
        return f"~{max(1, round(seconds))}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"~{minutes}m"
    return f"~{minutes // 60}h{minutes % 60:02d}m"


class InputMeter:
    """Bytes of the input consumed, from the origin of the latest item read."""

    def __init__(self, paths: Iterable[str]) -> None:
        self.sizes: list[int] = []
        self.paths: list[str] = []  # what is opened, to find its descriptor
        self.index: dict[str, int] = {}  # origin of a file -> its place in reading order
        unknown = False
        for item in walk.iter_items(list(paths)):
            if isinstance(item, walk.Item) and item.size is not None and item.path is not None:
                self.index.setdefault(item.origin, len(self.sizes))  # a file given twice: its first turn
                self.sizes.append(item.size)
                self.paths.append(os.path.realpath(item.path))
            elif isinstance(item, walk.Item):
                unknown = True  # stdin, a pipe, a URL
        self.before: list[int] = []  # bytes of the files ahead of each one
        acc = 0
        for size in self.sizes:
            self.before.append(acc)
            acc += size
        self.total: int | None = None if unknown or not self.sizes else acc
        self._fd: tuple[str, int] | None = None  # (real path, descriptor) of the file being read
        self._high = 0

    def consumed(self, origin: str) -> int:
        """Bytes of the input behind the item ``origin`` and the read position within its file (never less
        than said before)."""
        self._high = max(self._high, self._consumed(origin))
        return self._high

    def _consumed(self, origin: str) -> int:
        i, whole = self._file_of(origin)
        if i is None:
            return 0
        if whole:  # a file that is one item: read once its item is out
            return self.before[i] + self.sizes[i]
        position = self._position(self.paths[i])
        return self.before[i] + (min(position, self.sizes[i]) if position is not None else 0)

    def _file_of(self, origin: str) -> tuple[int | None, bool]:
        """(the input file ``origin`` comes from, whether the file is that item alone)."""
        if origin in self.index:
            return self.index[origin], True
        for sep in (":", "#"):  # dump rows are "path:LINE", WARC records and feed entries "path#ID"
            cut = origin.rfind(sep)
            while cut > 0:
                if origin[:cut] in self.index:
                    return self.index[origin[:cut]], False
                cut = origin.rfind(sep, 0, cut)
        return None, False

    def _position(self, real: str) -> int | None:
        """The read position of this process's open descriptor on the file ``real`` (Linux); None if not found."""
        if self._fd is not None and self._fd[0] == real and _link(self._fd[1]) == real:
            return _tell(self._fd[1])
        self._fd = None
        try:
            fds = os.listdir("/proc/self/fd")
        except OSError:
            return None
        for name in fds:
            if name.isdigit() and _link(int(name)) == real:
                self._fd = (real, int(name))
                return _tell(int(name))
        return None


def _link(fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _tell(fd: int) -> int | None:
    try:
        return os.lseek(fd, 0, os.SEEK_CUR)
    except OSError:
        return None


def progress_text(read: int, added: int, errors: int, elapsed: float, done: float, total: float | None,
                  taken: int | None = None) -> str:
    """One progress line: documents read (of an estimated total), added, errors, rate, ETA when meaningful.

    ``taken``: documents taken from the sources when ``done`` bytes were (defaults to ``read``).
    """
    rate = read / elapsed if elapsed > 0 else 0.0
    expected = estimated_total(read if taken is None else taken, done, total)
    left = eta_seconds(done, total, elapsed)
    return (f"read {read:,}" + (f" of ~{expected:,}" if expected is not None and left is not None else "")
            + f"  added {added:,}  errors {errors:,}  {rate:,.0f} docs/s"
            + (f"  ETA {format_duration(left)}" if left is not None else ""))


def fold_text(done: int, total: int, elapsed: float) -> str:
    """The fold's progress line: articles folded of those waiting, rate, ETA (the total is exact here)."""
    rate = done / elapsed if elapsed > 0 else 0.0
    left = eta_seconds(done, total, elapsed)
    return (f"folding {done:,} of {total:,}  {rate:,.0f} articles/s"
            + (f"  ETA {format_duration(left)}" if left is not None else ""))


class Reporter:
    """Progress of an ingest on ``stream``: on a terminal one line rewritten after every batch; else
    (``every`` seconds given) a line every ``every`` seconds."""

    def __init__(self, paths: Iterable[str], stream, *, terminal: bool, every: float | None = None,
                 clock=None) -> None:
        import time

        self.stream, self.terminal, self.every = stream, terminal, every
        self.clock = clock or time.monotonic
        self.started = self.clock()
        self.last: float | None = None
        self.meter = InputMeter(paths)
        self.shown = False

    def ingest(self, summary) -> None:
        done = self.meter.consumed(summary.origin) if summary.origin else 0
        elapsed = self.clock() - self.started
        self._show(progress_text(summary.read, summary.added, summary.errors, elapsed, done, self.meter.total,
                                 summary.taken))

    def fold(self, done: int, total: int, elapsed: float) -> None:
        self._show(fold_text(done, total, elapsed))

    def _show(self, text: str) -> None:
        if self.terminal:
            self.stream.write("\r  " + text + "\x1b[K")
        else:
            now = self.clock()
            if self.every is None or (self.last is not None and now - self.last < self.every):
                return
            self.last = now
            self.stream.write("  " + text + "\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.terminal and self.shown:
            self.stream.write("\n")
            self.stream.flush()
