"""One results file, many writers: ``eval/results.json`` and ``bench/results.json``.

Each harness (stories, statements, extraction, page metadata; the speed, load, fuzz and
near-duplicate benchmarks) owns one top-level key of a shared JSON file and may run at the
same time as the others. :func:`update_results` replaces that key only: under an exclusive
lock on ``<file>.lock`` it reads the file, sets the key and writes a temporary file that is
renamed over the old one, so a reader never sees half a file and no writer loses another's key.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def locked(path: str | os.PathLike) -> Iterator[Path]:
    """Hold the exclusive lock of results file ``path`` (``<path>.lock``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_results(path: str | os.PathLike) -> dict[str, Any]:
    """The file's contents; an absent or damaged file reads as empty (it is rewritten whole)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def update_results(path: str | os.PathLike, key: str, value: Any) -> dict[str, Any]:
    """Set ``key`` of the results file at ``path`` to ``value``, keeping every other key.

    ``value`` may be a function of the key's current value (``None`` when absent), for a
    harness that updates part of its section (one benchmark of several)."""
    with locked(path) as path:
        data = read_results(path)
        data[key] = value(data.get(key)) if callable(value) else value
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
    return data
