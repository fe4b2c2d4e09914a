"""What keeps the server safe to expose: headers, write auth, upload limits, path confinement.

- Every response carries a strict Content-Security-Policy (no inline script or style, nothing
  from other origins), ``nosniff`` and a same-origin referrer policy. Templates autoescape, so
  an ingested ``<script>`` is text; the CSP is the second wall if a template ever slips.
- Writes need ``Authorization: Bearer <token>``; with no token configured they are off (403),
  so a server started without thought is read-only.
- Upload bodies are counted as they arrive and refused past the limit (413), whatever
  Content-Length claims; auth runs first, so anonymous clients cannot make us read at all.
  Request heads are capped too (URL 414, headers 431): the HTTP parser only bounds a head
  that arrives in pieces, and a whole 100 KB one would otherwise reach the app.
- A path to ingest must resolve (symlinks followed) inside the ingest root, and so must every
  file and folder under it: a link inside the root pointing out is refused, not followed.
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_HEADER_NAMES = {name for name, _ in SECURITY_HEADERS}


class ApiError(Exception):
    """An error with its HTTP status and stable machine-readable code."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


class SecurityHeadersMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware) so streamed responses pass through unbuffered."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in _HEADER_NAMES]
                message = {**message, "headers": kept + SECURITY_HEADERS}
            await send(message)

        await self.app(scope, receive, send_with_headers)


MAX_URL_BYTES = 8 * 1024  # path + query; the longest real one (a 500-character search) is ~3 KB encoded
MAX_HEADER_BYTES = 32 * 1024  # all header names and values together


class RequestLimitsMiddleware:
    """Refuse oversized request heads before routing: 414 for the URL, 431 for the headers."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            url = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
            if url > MAX_URL_BYTES:
                return await _refuse(send, 414, "uri_too_long", f"the URL exceeds {MAX_URL_BYTES} bytes")
            if sum(len(k) + len(v) for k, v in scope["headers"]) > MAX_HEADER_BYTES:
                return await _refuse(send, 431, "headers_too_large", f"the headers exceed {MAX_HEADER_BYTES} bytes")
        await self.app(scope, receive, send)


async def _refuse(send: Any, status: int, code: str, message: str) -> None:
    # Before routing there is no page to render: the API's error format, for everyone.
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# -- write auth -------------------------------------------------------------------------

# auto_error=False: we answer with our own error format, and the scheme still shows in OpenAPI.
bearer = HTTPBearer(auto_error=False, description="The token given to `newsfold serve --token`.")


def require_writer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    token = request.app.state.settings.token
    if not token:
        raise ApiError(403, "writes_disabled", "writes are disabled: start the server with a token to allow them")
    given = credentials.credentials if credentials else ""
    # compare_digest: the time taken must not tell how much of a guessed token was right.
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "unauthorized", "a valid 'Authorization: Bearer <token>' header is required",
                       headers={"WWW-Authenticate": 'Bearer realm="newsfold"'})


# -- request size -----------------------------------------------------------------------

def too_large(max_bytes: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"request body exceeds the limit of {max_bytes} bytes")


def limit_body(request: Request, max_bytes: int) -> Request:
    """The same request, but reading past ``max_bytes`` of body raises a 413.

    Content-Length is checked first so honest large uploads are refused before any byte is
    read; the running count catches chunked bodies and clients that under-declare.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, "bad_request", "invalid Content-Length header")
        if int(declared) > max_bytes:
            raise too_large(max_bytes)
    received = 0

    async def receive() -> dict:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise too_large(max_bytes)
        return message

    return Request(request.scope, receive)


# -- ingest paths -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ConfinedPath:
    files: list[str]  # regular files to ingest, in the order a folder walk would give them
    shown: str  # the path as the client gave it, for messages (never the server's layout)


def confine(root: str, given: str) -> ConfinedPath:
    """Resolve ``given`` (relative to ``root``, or absolute inside it) to the files to ingest.

    Refuses (400) anything whose real path, or the real path of anything beneath it, lies
    outside ``root``. Hidden entries are skipped, as the folder reader skips them. Checks and
    the later read are not atomic: whoever can write inside the root can race us, but they
    could also just place the files there, so the root is the trust boundary.
    """
    if not given or "\x00" in given:
        raise ApiError(400, "bad_path", "path must be a non-empty string without NUL characters")
    root = os.path.realpath(root)
    candidate = os.path.normpath(os.path.join(root, given))
    if not _inside(root, os.path.realpath(candidate)):
        raise ApiError(400, "path_outside_root", f"path {given!r} is outside the ingest root")
    if not os.path.exists(candidate):
        raise ApiError(404, "not_found", f"no such path {given!r} under the ingest root")
    if not os.path.isdir(candidate):
        return ConfinedPath([candidate], given)
    return ConfinedPath(_walk_confined(root, candidate, given), given)


def _walk_confined(root: str, top: str, given: str) -> list[str]:
    files: list[str] = []
    seen = {_dir_key(top)}
    stack = [(top, iter(_list(top, root)))]
    while stack:
        folder, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        path = os.path.join(folder, name)
        real = os.path.realpath(path)
        if not _inside(root, real):
            shown = os.path.relpath(path, root)
            raise ApiError(400, "path_outside_root", f"{shown!r} under {given!r} links outside the ingest root")
        if os.path.isdir(real):
            key = _dir_key(real)
            if key not in seen:  # each folder once: stops symlink loops
                seen.add(key)
                stack.append((path, iter(_list(path, root))))
        elif os.path.isfile(real):
            files.append(os.path.normpath(path))
        # Anything else (FIFO, socket, device) is skipped: reading it could block forever.
    return files


def _list(folder: str, root: str) -> list[str]:
    try:
        return sorted(n for n in os.listdir(folder) if not n.startswith("."))
    except OSError as exc:
        raise ApiError(400, "bad_path", f"cannot list {os.path.relpath(folder, root)!r}: {exc.strerror}") from None


def _dir_key(path: str) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _inside(root: str, real: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)
