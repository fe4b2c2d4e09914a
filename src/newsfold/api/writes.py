"""Ingest through the API: uploaded files, or a path under the ingest root.

Writes are serialised by one lock per app: SQLite takes one writer at a time anyway, and
folding reads and updates the story index, which must not interleave. Each ingest uses its
own connection, so readers (one connection per request) keep being served from the last
committed state (WAL) while it runs.

Uploads are staged under ``<store>.uploads/<content hash>/<name>`` and removed afterwards.
The path is derived from the bytes, so the article's origin is stable: uploading the same
file twice is a no-op, exactly as ingesting the same file from disk twice is.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import StoreError
from ..run import IngestSummary, ingest
from ..store import is_postgres_url, open_store
from .security import confine

_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True, slots=True)
class Upload:
    filename: str | None
    file: BinaryIO  # a spooled temporary file holding the part's bytes


def ingest_uploads(settings: Any, uploads: list[Upload]) -> dict[str, Any]:
    staging = _staging_dir(settings.db_path)
    with settings.write_lock:
        paths = []
        try:
            for upload in uploads:
                paths.append(_stage(staging, upload))
            result = _run(settings.db_path, [str(p) for p in paths])
            # Tell the client which upload failed, not where the server staged it.
            result["error_samples"] = [e.replace(str(staging) + os.sep, "upload:") for e in result["error_samples"]]
        finally:
            for p in paths:
                shutil.rmtree(p.parent, ignore_errors=True)
        result["files"] = [safe_name(u.filename) for u in uploads]
        return result


def ingest_path(settings: Any, given: str) -> dict[str, Any]:
    target = confine(settings.ingest_root, given)
    with settings.write_lock:
        result = _run(settings.db_path, target.files)
    root = os.path.realpath(settings.ingest_root) + os.sep
    result["error_samples"] = [e.replace(root, "") for e in result["error_samples"]]
    result["path"] = target.shown
    return result


def safe_name(filename: str | None) -> str:
    """A harmless file name that keeps the extension (it picks the reader: .jsonl, .csv, .txt)."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = _UNSAFE.sub("_", name).lstrip("._")[-120:]
    return name or "upload.txt"


def _staging_dir(db_path: str) -> Path:
    """Where uploads wait for ingest: beside a SQLite file; for PostgreSQL, which has no folder of
    its own, a private folder of this user's (stable, so that uploading a file again is a no-op)."""
    if not is_postgres_url(db_path):
        return Path(db_path + ".uploads")
    path = Path(tempfile.gettempdir()) / f"newsfold-uploads-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    st = os.lstat(path)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
        raise StoreError(f"upload folder {path} is not a private folder of this user's")
    return path


def _stage(staging: Path, upload: Upload) -> Path:
    digest = hashlib.sha256()
    staging.mkdir(parents=True, exist_ok=True)
    # Copy to a temporary name while hashing, then move into the content-addressed folder.
    with tempfile.NamedTemporaryFile(dir=staging, delete=False) as out:
        try:
            upload.file.seek(0)
            for chunk in iter(lambda: upload.file.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        except BaseException:
            os.unlink(out.name)
            raise
    folder = staging / digest.hexdigest()[:16]
    folder.mkdir(exist_ok=True)
    path = folder / safe_name(upload.filename)
    os.replace(out.name, path)
    return path


def _run(db_path: str, paths: list[str]) -> dict[str, Any]:
    with open_store(db_path) as store:
        summary = ingest(paths, store) if paths else IngestSummary()
    return summary_dict(summary)


def summary_dict(s: IngestSummary) -> dict[str, Any]:
    return {
        "read": s.read, "added": s.added, "unchanged": s.unchanged, "duplicates": s.duplicates,
        "errors": s.errors, "warnings": s.warnings, "quotes": s.quotes,
        "new_stories": s.fold.new_stories if s.fold else 0,
        "new_storylines": s.fold.new_storylines if s.fold else 0,
        "seconds": round(s.seconds, 3), "error_samples": list(s.error_samples),
    }
