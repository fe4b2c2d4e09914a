"""Writes, auth, upload limits, path confinement, escaping and security headers."""

from __future__ import annotations

import os
import re
import socket
import sqlite3

import pytest
from apikit import IMG, PLAIN_UPLOAD, SCRIPT, assert_error, fingerprint

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


# -- more on auth: near misses, other methods, and nothing changes ------------------------

@pytest.mark.parametrize("headers", [{"Authorization": "Bearer s3cre"}, {"Authorization": "Bearer s3cret2"},
                                     {"Authorization": "Bearer S3CRET"}, {"Authorization": "Bearer "},
                                     {"X-Token": "s3cret"}, {"Cookie": "token=s3cret"}])
def test_near_miss_tokens_are_refused(writable, headers):
    assert_error(upload(writable, headers=headers), 401, "unauthorized")


def test_refused_writes_change_nothing(writable):
    (writable.root / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    before = fingerprint(writable.db)
    for headers in (None, {"Authorization": "Bearer wrong"}):
        assert_error(upload(writable, headers=headers), 401)
        assert_error(writable.post("/api/ingest", json={"path": "keeper.txt"}, headers=headers), 401)
    assert_error(writable.post("/api/ingest?token=s3cret", json={"path": "keeper.txt"}), 401)  # not in the URL
    assert fingerprint(writable.db) == before
    assert not any((writable.db.parent / "w.db.uploads").glob("**/*")), "nothing staged either"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_ingest_takes_only_post(writable, method):
    assert_error(writable.request(method, "/api/ingest", headers=writable.bearer), 405)


@pytest.mark.parametrize("url", ["/api/articles", "/api/stories", "/api/quotes", "/api/search?q=x", "/api/errors"])
def test_reads_take_no_writes(writable, url):
    before = fingerprint(writable.db)
    for method in ("POST", "PUT", "DELETE"):
        assert_error(writable.request(method, url, headers=writable.bearer, json={}), 405)
    assert fingerprint(writable.db) == before


# -- more on ingest paths ---------------------------------------------------------------

def secret_folder(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir(exist_ok=True)
    (secret / "passwords.txt").write_text("hunter2 is the password of the admin account here", encoding="utf-8")
    return secret


@pytest.mark.parametrize("path", ["linked", "linked/passwords.txt", "linked/../linked/passwords.txt"])
def test_symlinked_folder_out_of_the_root_is_rejected(writable, tmp_path, path):
    os.symlink(secret_folder(tmp_path), writable.root / "linked")
    assert_error(writable.post("/api/ingest", json={"path": path}, headers=writable.bearer), 400, "path_outside_root")
    assert writable.get("/api/search", params={"q": "hunter2"}).json() == []


def test_a_sibling_sharing_the_roots_name_is_outside(writable):
    sibling = writable.root.parent / (writable.root.name + "2")  # ".../root2" starts with ".../root"
    sibling.mkdir()
    (sibling / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    for path in (f"../{sibling.name}/keeper.txt", str(sibling / "keeper.txt"), str(sibling)):
        r = writable.post("/api/ingest", json={"path": path}, headers=writable.bearer)
        assert_error(r, 400, "path_outside_root")
    assert writable.get("/api/search", params={"q": "lighthouse"}).json() == []


def test_an_absolute_path_inside_the_root_is_accepted(writable):
    (writable.root / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    r = writable.post("/api/ingest", json={"path": str(writable.root / "keeper.txt")}, headers=writable.bearer)
    assert r.status_code == 200 and r.json()["added"] == 1


@pytest.mark.parametrize("path", ["", "keeper.txt\x00.jsonl"])
def test_empty_and_nul_paths_are_refused(writable, path):
    (writable.root / "keeper.txt").write_text(PLAIN_UPLOAD, encoding="utf-8")
    assert_error(writable.post("/api/ingest", json={"path": path}, headers=writable.bearer), 400, "bad_path")


# -- more on request size ---------------------------------------------------------------

def multipart(data: bytes, name: str = "keeper.txt") -> tuple[bytes, str]:
    head = (f'--b0undary\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode()
    return head + data + b"\r\n--b0undary--\r\n", "multipart/form-data; boundary=b0undary"


def test_oversized_upload_without_the_token_is_401(writable):
    assert_error(upload(writable, data=b"x" * 50_000), 401)  # refused before a byte of it is read


def test_chunked_multipart_over_the_limit_is_413(writable):
    body, content_type = multipart(b"lighthouse " * 1000)

    def chunks():  # a generator body goes out chunked, with no Content-Length
        for i in range(0, len(body), 700):
            yield body[i : i + 700]

    r = writable.post("/api/ingest", content=chunks(), headers={**writable.bearer, "Content-Type": content_type})
    assert "content-length" not in r.request.headers
    assert_error(r, 413, "payload_too_large")
    assert writable.get("/api/search", params={"q": "lighthouse"}).json() == []
    assert not any((writable.db.parent / "w.db.uploads").glob("*/*"))


def test_oversized_json_body_is_413(writable):
    r = writable.post("/api/ingest", json={"path": "x" * 5000}, headers=writable.bearer)
    assert_error(r, 413, "payload_too_large")


def test_a_lying_content_length_is_400(writable):
    r = writable.post("/api/ingest", content=b"{}", headers={**writable.bearer, "Content-Type": "application/json",
                                                             "Content-Length": "-5"})
    assert_error(r, 400, "bad_request")


# -- over the wire: a real server, real chunked bodies ------------------------------------

@pytest.fixture(scope="module")
def live(tmp_path_factory, tiny_db):
    from liveserver import serving

    from newsfold.api import create_app

    folder = tmp_path_factory.mktemp("live")
    db = folder / "live.db"
    with sqlite3.connect(tiny_db) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    root = folder / "root"
    root.mkdir()
    with serving(create_app(str(db), token="s3cret", ingest_root=str(root), max_upload_bytes=4000)) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port), db


def raw_request(live, head: str, body_chunks: list[bytes], finish: bool = False) -> bytes:
    """Send a request (chunked when there are chunks), maybe without ending it; return the first answer bytes."""
    host, port, _ = live
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(head.encode())
        for chunk in body_chunks:
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        if finish:
            s.sendall(b"0\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            data = s.recv(65536)  # times out (failing the test) if the server waits for the rest
            if not data:
                break
            answer += data
        return answer


UPLOAD_HEAD = ("POST /api/ingest HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer s3cret\r\n"
               "Content-Type: multipart/form-data; boundary=b0undary\r\n")


def test_live_chunked_upload_is_cut_off_while_it_streams(live):
    body, _ = multipart(b"lighthouse " * 1000)
    chunks = [body[i : i + 1000] for i in range(0, 6000, 1000)]  # past the limit, and the body never ends
    answer = raw_request(live, UPLOAD_HEAD + "Transfer-Encoding: chunked\r\n\r\n", chunks)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_live_declared_oversize_is_refused_before_the_body(live):
    answer = raw_request(live, UPLOAD_HEAD + "Content-Length: 1000000000\r\n\r\n", [])
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_live_chunked_upload_under_the_limit_is_ingested(live):
    body, _ = multipart(PLAIN_UPLOAD.encode())
    answer = raw_request(live, UPLOAD_HEAD + "Transfer-Encoding: chunked\r\n\r\n",
                         [body[i : i + 100] for i in range(0, len(body), 100)], finish=True)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]


def test_live_server_refuses_huge_request_heads(live):
    host, port, db = live
    before = fingerprint(db)
    for head, status in ((f"GET /search?q={'a' * 100_000} HTTP/1.1\r\nHost: x\r\n\r\n", b"414"),
                         (f"GET / HTTP/1.1\r\nHost: x\r\nX-Big: {'b' * 100_000}\r\n\r\n", b"431")):
        try:
            answer = raw_request(live, head, [])
        except ConnectionResetError:  # the HTTP parser hanging up is a refusal too
            answer = b"HTTP/1.1 " + status
        assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
    with socket.create_connection((host, port), timeout=10) as s:  # and it still serves
        s.sendall(b"GET /api/stories HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 200")
    assert fingerprint(db) == before


def test_request_head_limits_keep_the_error_format(client):
    assert_error(client.get("/api/stories", params={"outlet": "x" * 9000}), 414, "uri_too_long")
    r = client.get("/", headers={"X-Big": "b" * 40_000})
    assert_error(r, 431, "headers_too_large")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert client.get("/search", params={"q": "é" * 500}).status_code == 200  # the longest real search fits
