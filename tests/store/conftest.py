"""The store contract runs against both backends: SQLite in a temporary file, PostgreSQL on the
private server of tests/conftest.py (``pg_server``/``pg_url``). Without Debian's PostgreSQL
binaries the PostgreSQL cases skip, saying how to install them."""

from __future__ import annotations

import pytest

from newsfold.store import open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def target(backend, tmp_path, request) -> str:
    """Where a fresh store of this backend lives: a file path or a database URL."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(target):
    with open_store(target) as s:
        yield s
