"""Fetching one URL over HTTP(S), within limits; used for feeds and their pages.

    fetch_url(url, opts) -> Fetched        raises FetchError (str(e) is the reason)

Policy (each item bounded, so a bad server costs one ``Rejected``, never a hang):

- only ``http`` and ``https``, for the URL and for every redirect (at most 5);
- connect timeout 5 s, read timeout 10 s (lower when ``opts.fetch_timeout``
  is lower), and ``opts.fetch_timeout`` for the whole fetch, checked before
  every redirect and between body chunks;
- at most ``opts.max_bytes`` of body, counted *after* content decoding: we ask
  for ``gzip``/``deflate`` only and inflate it ourselves under that budget, so
  a compressed bomb stops at the cap;
- HTTP status >= 400 is an error.

Tests inject their own function through ``SourceOptions.fetch``; the default
is :func:`fetch_url`.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsfold.sources.compress import LimitExceeded, gunzip_bytes
from newsfold.sources.options import SourceOptions

USER_AGENT = "newsfold/0.1 (+https://github.com/newsfold)"
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
SCHEMES = ("http", "https")


class FetchError(Exception):
    """A URL could not be fetched within the policy; ``str(e)`` is the reason."""


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    body: bytes  # decoded of any Content-Encoding
    content_type: str | None = None  # media type, lower-cased, without parameters
    charset: str | None = None  # the charset parameter of Content-Type, as given


def is_url(text: str) -> bool:
    return urlsplit(text).scheme.lower() in SCHEMES and bool(urlsplit(text).netloc)


def fetch(url: str, opts: SourceOptions) -> Fetched:
    """Fetch with ``opts.fetch`` if given, else :func:`fetch_url`; errors are FetchError."""
    fn = opts.fetch or fetch_url
    try:
        return fn(url, opts)
    except FetchError:
        raise
    except Exception as e:  # an injected fetcher's own failure is still a per-item failure
        raise FetchError(f"fetch failed: {type(e).__name__}: {e}") from None


def fetch_url(url: str, opts: SourceOptions) -> Fetched:
    import httpx

    if not is_url(url):
        raise FetchError(f"unsupported URL (only http and https): {url[:200]}")
    total = float(opts.fetch_timeout)
    deadline = time.monotonic() + total
    timeout = httpx.Timeout(connect=min(CONNECT_TIMEOUT, total), read=min(READ_TIMEOUT, total),
                            write=min(READ_TIMEOUT, total), pool=min(CONNECT_TIMEOUT, total))

    def check(request: httpx.Request) -> None:
        if request.url.scheme not in SCHEMES:
            raise FetchError(f"redirect to an unsupported URL scheme: {request.url.scheme}")
        if time.monotonic() > deadline:
            raise FetchError(f"timeout: fetch took more than {total:g} s")

    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout,
                          headers=headers, event_hooks={"request": [check]}) as client:
            with client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} for {url[:200]}")
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > opts.max_bytes:
                    raise FetchError(f"too large: {declared} bytes > limit {opts.max_bytes}")
                body = bytearray()
                for chunk in resp.iter_raw():
                    body += chunk
                    if len(body) > opts.max_bytes:
                        raise FetchError(f"too large: body exceeds limit {opts.max_bytes} bytes")
                    if time.monotonic() > deadline:
                        raise FetchError(f"timeout: fetch took more than {total:g} s")
                encoding = resp.headers.get("content-encoding", "").strip().lower()
                data = _decode_body(bytes(body), encoding, opts.max_bytes)
                media, charset = _content_type(resp.headers.get("content-type"))
                return Fetched(url=str(resp.url), body=data, content_type=media, charset=charset)
    except FetchError:
        raise
    except httpx.TimeoutException as e:
        raise FetchError(f"timeout: {type(e).__name__}") from None
    except httpx.TooManyRedirects:
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS})") from None
    except httpx.UnsupportedProtocol as e:
        raise FetchError(f"unsupported URL scheme: {e}") from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as e:
        raise FetchError(f"network error: {type(e).__name__}: {e}") from None


def _decode_body(body: bytes, encoding: str, limit: int) -> bytes:
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported Content-Encoding: {encoding[:40]}")
    try:
        return gunzip_bytes(body, limit)
    except LimitExceeded:
        raise FetchError(f"too large: decoded body exceeds limit {limit} bytes") from None
    except OSError as e:
        if encoding != "deflate":
            raise FetchError(f"bad {encoding} body: {e}") from None
    # "deflate" sent as raw deflate, without the zlib header: common enough to accept.
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(body, limit + 1)
    except zlib.error as e:
        raise FetchError(f"bad deflate body: {e}") from None
    if len(out) > limit:
        raise FetchError(f"too large: decoded body exceeds limit {limit} bytes")
    return out


def _content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    parts = [p.strip() for p in value.split(";")]
    media = parts[0].lower() or None
    charset = None
    for p in parts[1:]:
        key, _, val = p.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return media, charset
