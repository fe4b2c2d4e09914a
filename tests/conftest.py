"""Make ``src/`` importable when the package is not installed, and offer the PostgreSQL server.

``pg_server`` is a private PostgreSQL server started once per session (tests/pgserver.py) for
every test folder that needs one (the store contract, the crash tests); ``pg_url`` is a fresh,
empty database on it. Without Debian's PostgreSQL binaries (or psycopg) the tests using them
skip, saying how to install what is missing. Every test using them carries the ``postgres``
marker, so ``-m "not postgres"`` leaves them all out.
"""

import sys
from pathlib import Path

import pytest

_SRC = str(Path(__file__).resolve().parent.parent / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

# Shared test helpers (tests/helpers.py) importable from every test folder.
_TESTS = str(Path(__file__).resolve().parent)
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)


@pytest.fixture(scope="session")
def pg_server():
    # POSIX-only (pwd): imported only by tests that need it.
    from pgserver import start_or_reason

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


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items):
    """A test that asks for the server, directly or through another fixture, is a postgres test
    (tests that pick a backend by parameter mark their PostgreSQL cases themselves)."""
    for item in items:
        if "pg_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
