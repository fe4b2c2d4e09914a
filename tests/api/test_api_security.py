"""Writes, auth, upload limits, path confinement, escaping and security headers."""

from __future__ import annotations

import os
import re

import pytest
from apikit import IMG, PLAIN_UPLOAD, SCRIPT, assert_error

HTML_PAGES = ["/", "/storylines", "/speakers", "/errors", "/search?q=council", "/nope"]


def upload(client, name="keeper.txt", data=None, headers=None):
    data = PLAIN_UPLOAD.encode() if data is None else data
    return client.post("/api/ingest", files=[("files", (name, data, "text/plain"))], headers=headers)


# -- auth -------------------------------------------------------------------------------

def test_writes_are_off_without_a_configured_token(client):
    assert_error(upload(client), 403, "writes_disabled")
    assert_error(client.post("/api/ingest", json={"path": "x"}, headers={"Authorization": "Bearer x"}), 403)


@pytest.mark.parametrize("headers", [None, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic czNjcmV0"},
                                     {"Authorization": "s3cret"}])
def test_writes_need_the_bearer_token(writable, headers):
    r = upload(writable, headers=headers)
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"].startswith("Bearer")


def test_upload_ingests_and_reupload_is_a_no_op(writable):
    r = upload(writable, headers=writable.bearer)
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 1 and r.json()["files"] == ["keeper.txt"]
    assert writable.get("/api/search", params={"q": "lighthouse"}).json()
    again = upload(writable, headers=writable.bearer).json()
    assert again["added"] == 0 and again["unchanged"] == 1
    assert not any((writable.db.parent / "w.db.uploads").glob("*/*")), "staged files are removed"


def test_upload_file_names_cannot_escape_staging(writable):
    r = upload(writable, name="../../etc/.evil name.txt", headers=writable.bearer)
    assert r.status_code == 200 and r.json()["files"] == ["evil_name.txt"]


def test_bad_upload_is_an_ingest_error_not_a_failure(writable):
    r = upload(writable, name="blob.bin", data=b"\x00\x01\x02" * 100, headers=writable.bearer)
    assert r.status_code == 200 and r.json()["errors"] == 1
    assert r.json()["error_samples"][0].startswith("upload:")
    assert writable.get("/api/errors").json()["total"] == 1


def test_upload_without_files_is_400(writable):
    r = writable.post("/api/ingest", data={"other": "x"}, files=[("nope", ("a.txt", b"x"))], headers=writable.bearer)
    assert_error(r, 400, "bad_request")


def test_upload_over_the_limit_is_413(writable):
    r = upload(writable, data=b"x" * 5000, headers=writable.bearer)  # limit is 4000 bytes
    assert_error(r, 413, "payload_too_large")
    assert writable.get("/api/search", params={"q": "lighthouse"}).json() == []


def test_chunked_body_over_the_limit_is_413_without_content_length(writable):
    def chunks():
        for _ in range(10):
            yield b"y" * 1000

    r = writable.post("/api/ingest", content=chunks(),
                      headers={**writable.bearer, "Content-Type": "application/json"})
    assert_error(r, 413, "payload_too_large")


def test_unsupported_body_type_is_415(writable):
    r = writable.post("/api/ingest", content=b"hello", headers={**writable.bearer, "Content-Type": "text/plain"})
    assert_error(r, 415)


# -- ingest by path ---------------------------------------------------------------------

def test_path_ingest_inside_the_root(writable):
    folder = writable.root / "dumps"
    folder.mkdir()
    (folder / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    (folder / ".hidden.txt").write_text("skipped like the folder reader skips it", encoding="utf-8")
    r = writable.post("/api/ingest", json={"path": "dumps"}, headers=writable.bearer)
    assert r.status_code == 200, r.text
    assert r.json()["added"] == 1 and r.json()["path"] == "dumps"


@pytest.mark.parametrize("path", ["../w.db", "../../../../etc/passwd", "/etc/passwd", "dumps/../../store/w.db"])
def test_path_traversal_is_rejected(writable, path):
    (writable.root / "dumps").mkdir()
    assert_error(writable.post("/api/ingest", json={"path": path}, headers=writable.bearer), 400, "path_outside_root")


def test_symlink_out_of_the_root_is_rejected(writable, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwords.txt").write_text("hunter2 is the password of the admin account here", encoding="utf-8")
    os.symlink(secret / "passwords.txt", writable.root / "link.txt")
    r = writable.post("/api/ingest", json={"path": "link.txt"}, headers=writable.bearer)
    assert_error(r, 400, "path_outside_root")


def test_symlink_out_of_the_root_inside_a_folder_rejects_the_folder(writable, tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwords.txt").write_text("hunter2 is the password of the admin account here", encoding="utf-8")
    folder = writable.root / "dumps" / "deeper"
    folder.mkdir(parents=True)
    (writable.root / "dumps" / "fine.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    os.symlink(secret, folder / "escape")
    r = writable.post("/api/ingest", json={"path": "dumps"}, headers=writable.bearer)
    assert_error(r, 400, "path_outside_root")
    assert str(tmp_path) not in r.text  # the message names the path as given, not the server's layout
    assert writable.get("/api/search", params={"q": "hunter2"}).json() == []
    assert writable.get("/api/search", params={"q": "lighthouse"}).json() == []  # nothing of it was ingested


def test_symlink_loop_inside_the_root_terminates(writable):
    folder = writable.root / "loop"
    folder.mkdir()
    (folder / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    os.symlink(folder, folder / "again")
    r = writable.post("/api/ingest", json={"path": "loop"}, headers=writable.bearer)
    assert r.status_code == 200 and r.json()["read"] >= 1


def test_missing_path_is_404_and_bad_json_is_422(writable):
    assert_error(writable.post("/api/ingest", json={"path": "nowhere"}, headers=writable.bearer), 404, "not_found")
    assert_error(writable.post("/api/ingest", json={"file": "x"}, headers=writable.bearer), 422, "validation_error")
    r = writable.post("/api/ingest", content=b"{not json",
                      headers={**writable.bearer, "Content-Type": "application/json"})
    assert_error(r, 422)


def test_path_ingest_is_off_without_a_root(tiny_db, tmp_path):
    from fastapi.testclient import TestClient

    from newsfold.api import create_app

    with TestClient(create_app(str(tiny_db), token="t")) as c:
        r = c.post("/api/ingest", json={"path": "x"}, headers={"Authorization": "Bearer t"})
    assert_error(r, 403, "path_ingest_disabled")


# -- escaping and headers ---------------------------------------------------------------

def pages_showing_the_script_article(client) -> list[str]:
    story = next(s for s in client.get("/api/stories").json()["items"] if "school meals" in s["title"])
    article = client.get("/api/articles", params={"outlet": "Test Gazette"}).json()["items"][0]
    return ["/", f"/stories/{story['id']}", f"/articles/{article['id']}", f"/storylines/{story['storyline_id']}",
            "/search?q=council", "/speakers/amir-haddad"]


def test_markup_in_articles_is_escaped_on_every_page(client):
    for url in pages_showing_the_script_article(client):
        html = client.get(url).text
        assert SCRIPT not in html and IMG not in html, url
        assert "<script" not in html.lower(), url  # the UI ships no script at all
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url


def test_markup_in_a_search_query_is_escaped(client):
    html = client.get("/search", params={"q": SCRIPT}).text
    assert SCRIPT not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("url", HTML_PAGES + ["/api/stories", "/api/nope", "/openapi.json", "/static/style.css"])
def test_security_headers_on_every_response(client, url):
    h = client.get(url).headers
    csp = h["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("url", HTML_PAGES)
def test_pages_load_nothing_from_elsewhere_and_have_no_inline_code(client, url):
    html = client.get(url).text
    for ref in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert ref.startswith(("/", "?", "#")), f"{url} refers to {ref}"
    assert not re.search(r"\son\w+=", html), "no inline event handlers"
    assert " style=" not in html, "no inline styles (CSP forbids them)"


def test_docs_pages_that_need_a_cdn_are_off(client):
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
