"""The app factory, the error handlers, and ``serve``.

Errors have one shape everywhere under /api/: ``{"error": {"code": ..., "message": ...}}``
with the matching HTTP status; web pages get the same message as an HTML page. The
interactive docs (/docs, /redoc) are off: they load scripts from a CDN and run inline code,
which our Content-Security-Policy forbids. /openapi.json is served.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import NewsfoldError, NotFound, StoreError, UsageError
from ..store import open_store
from . import memo, queries, routes_api, routes_ui
from .deps import Settings
from .security import ApiError, RequestLimitsMiddleware, SecurityHeadersMiddleware

STATIC = Path(__file__).parent / "static"
log = logging.getLogger("newsfold.api")

_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
          406: "not_acceptable", 413: "payload_too_large", 415: "unsupported_media_type", 422: "validation_error",
          500: "internal_error"}


def create_app(
    db_path: str, *, token: str | None = None, ingest_root: str | None = None, max_upload_bytes: int = 20_000_000,
    embedder: Any = None,
) -> FastAPI:
    """The ASGI app serving the store at ``db_path``: JSON API, OpenAPI and web UI.

    ``token`` enables the write endpoints (Bearer auth); ``ingest_root`` enables ingest by
    server-side path, confined to that folder; ``max_upload_bytes`` caps a request body;
    ``embedder`` answers semantic queries (``newsfold.embed.Embedder``; default: the bundled
    MiniLM when ``newsfold[embed]`` is installed).
    """
    db_path = os.fspath(db_path)
    if db_path == ":memory:":  # every request opens its own connection: each would see an empty store
        raise UsageError("serve needs a store file, not :memory:")
    if max_upload_bytes <= 0:
        raise UsageError("max_upload_bytes must be positive")
    root = None
    if ingest_root is not None:
        root = os.path.realpath(ingest_root)
        if not os.path.isdir(root):
            raise UsageError(f"ingest root {ingest_root} is not a folder")
    open_store(db_path).close()  # create and migrate now: a bad path fails at start, not on the first request

    app = FastAPI(
        title="newsfold", version=_version(), docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        lifespan=_lifespan,
        summary="Self-hosted news story engine: articles folded into stories, storylines and who said what.",
    )
    app.state.settings = Settings(db_path=db_path, token=token or None, ingest_root=root,
                                  max_upload_bytes=max_upload_bytes, embedder=embedder)
    _install_error_handlers(app)
    app.add_middleware(RequestLimitsMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)  # added last, so outermost: its headers go on every answer
    app.include_router(routes_api.router)
    app.include_router(routes_ui.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


WARM_UP_WAIT_S = 30.0  # longest a starting server waits for its read models before serving


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    await run_in_threadpool(_warm_up)
    # Reading every story's profile and loading the embedding model take seconds on a large
    # archive (7 s on 100k articles). Requests served meanwhile shared the interpreter with it and
    # took several times longer (0.7 s for a page of the seeds store while the model loaded), so
    # the server waits for it before it takes requests, up to WARM_UP_WAIT_S; past that (a huge
    # archive) it goes on in the background and a story page or semantic query arriving
    # meanwhile waits only for what it needs.
    warm = threading.Thread(target=_warm_up_indexes, args=(app.state.settings,), daemon=True,
                            name="newsfold-index-warm-up")
    warm.start()
    await run_in_threadpool(warm.join, WARM_UP_WAIT_S)
    yield


def _warm_up() -> None:
    """Pay one-time costs at start, not on the first visitor's request.

    Compiling the templates takes tens of milliseconds, and the first story page loads the
    word-frequency table behind statement matching (~170 ms). Only a speed-up: never fatal.
    """
    for name in routes_ui.templates.env.list_templates():
        routes_ui.templates.env.get_template(name)
    try:
        from ..fold.features import background_idf

        background_idf("news")
    except Exception:  # noqa: BLE001 - an internal helper may move; serving must not depend on it
        log.debug("word-frequency warm-up skipped", exc_info=True)


def _warm_up_indexes(conf: Settings) -> None:
    """Read the story profiles (related stories) and, when the store has vectors to search, the
    vectors and the model, now: only a speed-up."""
    try:
        with open_store(conf.db_path) as store:
            memo.story_profiles(store)
            embedder = conf.semantic_embedder()
            if embedder is None or not queries.semantic_ready(store, embedder):
                return
            memo.vector_index(store, embedder.name, embedder.dim)
        embedder.encode(["warm up"])
    except Exception:  # the first request that needs them will report any real problem
        log.debug("index warm-up skipped", exc_info=True)


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          ingest_root: str | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    if token is None and host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s without a token: the store is readable by anyone who can reach it", host)
    uvicorn.run(create_app(db_path, token=token, ingest_root=ingest_root), host=host, port=port,
                proxy_headers=False, server_header=False)


# -- errors -----------------------------------------------------------------------------

def error_response(request: Request, status: int, code: str, message: str,
                   headers: dict[str, str] | None = None, details: list[dict[str, Any]] | None = None) -> Response:
    if not request.url.path.startswith("/api/") and request.url.path != "/openapi.json":
        return routes_ui.render(request, "error.html", status=status, status_code=status, message=message)
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(NewsfoldError)
    async def newsfold_error(request: Request, exc: NewsfoldError) -> Response:
        if isinstance(exc, NotFound):
            return error_response(request, 404, "not_found", str(exc))
        if isinstance(exc, UsageError):
            return error_response(request, 400, "bad_request", str(exc))
        log.error("store error on %s: %s", request.url.path, exc)
        status = 503 if isinstance(exc, StoreError) else 500
        return error_response(request, status, "store_error", "the store could not answer; see the server log")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else _CODES.get(exc.status_code, "error")
        code = _CODES.get(exc.status_code, "error")
        return error_response(request, exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")} for e in exc.errors()]
        first = details[0] if details else {"loc": [], "message": "invalid request"}
        message = f"{'.'.join(first['loc'])}: {first['message']}" if first["loc"] else first["message"]
        return error_response(request, 422, "validation_error", message, details=details)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # Logged with its traceback; the client learns only that it was our fault.
        log.exception("internal error on %s", request.url.path)
        return error_response(request, 500, "internal_error", "internal server error")


def _version() -> str:
    try:
        return version("newsfold")
    except PackageNotFoundError:
        return "0"
