"""Fixtures for the API tests: a tiny invented store, and the seeds store when ../shared exists."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from apikit import SEEDS, SEEDS_MISSING, build_store, build_tiny_store, write_corpus


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: end-to-end tests in headless Chromium (need /usr/bin/chromium and playwright)")


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tiny")
    return build_tiny_store(folder / "tiny.db", write_corpus(folder / "corpus"))


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_MISSING)
    return build_store(tmp_path_factory.mktemp("seeds") / "seeds.db", SEEDS)


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory) -> Path:
    from hostile import build_hostile_store

    folder = tmp_path_factory.mktemp("hostile")
    return build_hostile_store(folder / "hostile.db", folder / "corpus")


@pytest.fixture(scope="session")
def hostile_client(hostile_db):
    """Read-only client over the store of XSS payloads (see hostile.py)."""
    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    with TestClient(create_app(str(hostile_db))) as c:
        yield c


@pytest.fixture(scope="session")
def client(tiny_db):
    """Read-only client over the tiny store (no token: writes are off)."""
    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    with TestClient(create_app(str(tiny_db))) as c:
        yield c


@pytest.fixture(scope="session")
def seeds_client(seeds_db):
    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    with TestClient(create_app(str(seeds_db))) as c:
        yield c


@pytest.fixture
def writable(tmp_path, tiny_db):
    """A copy of the tiny store served with a token and an ingest root, for write tests."""
    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    db = tmp_path / "store" / "w.db"
    db.parent.mkdir()
    # The backup API copies a consistent snapshot, WAL contents included.
    with sqlite3.connect(tiny_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    root = tmp_path / "root"
    root.mkdir()
    app = create_app(str(db), token="s3cret", ingest_root=str(root), max_upload_bytes=4000)
    with TestClient(app) as c:
        c.root = root
        c.db = db
        c.bearer = {"Authorization": "Bearer s3cret"}
        yield c
