"""The store contract runs against both backends: SQLite in a temporary file, PostgreSQL on a
private server started for the session (tests/pgserver.py). Without Debian's PostgreSQL
binaries the PostgreSQL cases skip, saying how to install them."""

from __future__ import annotations

import pytest
from pgserver import start_or_reason

from newsfold.store import open_store

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server():
    server, why = start_or_reason()
    if server is None:
        pytest.skip(why)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    url = pg_server.create_database()
    yield url
    pg_server.drop_database(url)


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
