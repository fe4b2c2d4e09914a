"""Every GET endpoint with arbitrary query parameters and path segments (hypothesis).

Whatever a client sends, the answer is never a 5xx: it is a 200 (or a redirect to a page's
one true URL), or a 4xx that under /api/ has the stable error body. And what a 200 says holds:
a page never has more items than its ``limit``, date filters keep only items inside the
range, and an article ID given as a prefix only ever finds an article whose ID starts with it.
"""

from __future__ import annotations

import base64
from datetime import date
from urllib.parse import quote, urlsplit

import pytest
from apikit import assert_error
from fuzzkit import api_requests, http_dates, http_ints
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def get(client, path: str, params: dict):
    return client.get(path, params=params, follow_redirects=False)


def check_answer(response) -> None:
    status, path = response.status_code, response.request.url.path
    assert status < 500, f"{status} on {response.request.url}: {response.text[:300]}"
    assert status in (200, 307, 308) or 400 <= status < 500, status
    if 400 <= status and path.startswith("/api/"):
        assert_error(response, status)
    if status in (307, 308):  # a page's canonical URL, or the router dropping a trailing slash: same site
        assert urlsplit(response.headers["location"]).netloc in ("", response.request.url.netloc.decode())


@SETTINGS
@given(api_requests())
def test_no_query_ever_gives_a_server_error(client, request_):
    path, params = request_
    check_answer(get(client, path, params))


def as_int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def as_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@SETTINGS
@given(st.sampled_from(["/api/articles", "/api/quotes"]), http_ints(), http_dates(), http_dates())
def test_a_page_keeps_its_limit_and_its_date_range(client, path, limit, date_from, date_to):
    r = get(client, path, {"limit": limit, "date_from": date_from, "date_to": date_to})
    check_answer(r)
    if r.status_code != 200:
        return
    n, first, last = as_int(limit), as_day(date_from), as_day(date_to)
    assert n is not None and 1 <= n <= 500  # anything else is a 422
    items = r.json()["items"]
    assert len(items) <= n
    for item in items:
        day = as_day(item["published"])
        if first or last:
            assert day is not None  # undated items are left out of a date range
        assert (first is None or first <= day) and (last is None or day <= last)


@SETTINGS
@given(st.text(min_size=1, max_size=20).filter(lambda s: s not in (".", "..")))
def test_an_article_id_prefix_finds_only_an_article_it_prefixes(client, given_id):
    r = get(client, "/api/articles/" + quote(given_id, safe=""), {})
    check_answer(r)
    if r.status_code == 200:  # IDs are matched as SQLite's LIKE does: ASCII letters in any case
        assert r.json()["id"].lower().startswith(given_id.lower())


def test_every_article_is_found_by_a_unique_prefix_of_its_id(client):
    ids = [a["id"] for a in client.get("/api/articles", params={"limit": 500}).json()["items"]]
    for article_id in ids:
        prefix = next(article_id[:k] for k in range(1, len(article_id) + 1)
                      if sum(other.startswith(article_id[:k]) for other in ids) == 1)
        assert client.get(f"/api/articles/{prefix}").json()["id"] == article_id


# -- cursors past SQLite's 64-bit range (once a 500) ------------------------------------------

def cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"seq:{seq}".encode()).decode().rstrip("=")


@pytest.mark.parametrize("seq", [2**63, -(2**63) - 1, 10**30])
def test_out_of_range_cursor_is_a_400(client, seq):
    from fastapi.testclient import TestClient

    quiet = TestClient(client.app, raise_server_exceptions=False)
    assert_error(quiet.get("/api/articles", params={"cursor": cursor(seq)}), 400)
