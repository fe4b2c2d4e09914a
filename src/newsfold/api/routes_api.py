"""The JSON API under /api/. Thin: validate parameters, call a read model, return its dict.

Lists page with ``limit``/``offset`` (articles also take an opaque ``cursor``, which stays
cheap however deep one pages). Every error has the body ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from ..errors import StoreError
from ..export import CSV_COLUMNS
from ..store import open_store
from ..store.views import export_records
from . import queries, schemas, writes
from .deps import Store, settings
from .security import ApiError, limit_body, require_writer

_ERRORS = {status: {"model": schemas.ErrorBody} for status in (400, 404, 422)}
router = APIRouter(prefix="/api", responses=_ERRORS)

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip (prefer `cursor` for deep pages).")]
DateFrom = Annotated[date | None, Query(description="First day (inclusive), ISO date; undated items are left out.")]
DateTo = Annotated[date | None, Query(description="Last day (inclusive), ISO date; undated items are left out.")]


def _dates(date_from: date | None, date_to: date | None) -> queries.DateRange:
    if date_from and date_to and date_from > date_to:
        raise ApiError(400, "bad_request", "date_from is after date_to")
    return queries.DateRange(date_from, date_to)


@router.get("/articles", response_model=schemas.ArticlePage, tags=["articles"])
def list_articles(
    store: Store, limit: Limit = 50, offset: Offset = 0,
    cursor: Annotated[str | None, Query(description="`next_cursor` of the previous page.")] = None,
    outlet: str | None = None, language: str | None = None, date_from: DateFrom = None, date_to: DateTo = None,
    story_id: str | None = None,
) -> Any:
    """Articles in ingest order, with their story."""
    return queries.articles(store, limit=limit, offset=offset, cursor=cursor, outlet=outlet, language=language,
                            dates=_dates(date_from, date_to), story_id=story_id)


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, tags=["articles"])
def get_article(store: Store, article_id: str) -> Any:
    """One article: body paragraphs, removed lines, date evidence, quotes, story membership."""
    return queries.article(store, article_id)


@router.get("/stories", response_model=schemas.StoryPage, tags=["stories"])
def list_stories(
    store: Store, limit: Limit = 30, offset: Offset = 0, sort: Literal["rank", "recent", "oldest"] = "rank",
    outlet: str | None = None, storyline_id: str | None = None, date_from: DateFrom = None, date_to: DateTo = None,
) -> Any:
    """Stories; ``rank`` (default) weighs outlets and articles against age, as the front page does."""
    return queries.stories(store, limit=limit, offset=offset, sort=sort, outlet=outlet, storyline_id=storyline_id,
                           dates=_dates(date_from, date_to))


@router.get("/stories/{story_id}", response_model=schemas.StoryDetail, tags=["stories"])
def get_story(store: Store, story_id: str) -> Any:
    """A story: members with why they belong, and per outlet its headlines, copies and quotes."""
    return queries.story(store, story_id)


@router.get("/storylines", response_model=schemas.StorylinePage, tags=["storylines"])
def list_storylines(store: Store, limit: Limit = 50, offset: Offset = 0) -> Any:
    return queries.storylines(store, limit=limit, offset=offset)


@router.get("/storylines/{storyline_id}", response_model=schemas.StorylineDetail, tags=["storylines"])
def get_storyline(store: Store, storyline_id: str) -> Any:
    """A storyline's timeline: stories by date, each with outlets and key quotes."""
    return queries.storyline(store, storyline_id)


@router.get("/quotes", response_model=schemas.QuotePage, tags=["quotes"])
def list_quotes(
    store: Store, limit: Limit = 50, offset: Offset = 0,
    speaker: Annotated[str | None, Query(description="Full name or surname.")] = None,
    outlet: str | None = None, kind: Literal["direct", "partial", "indirect"] | None = None,
    story_id: str | None = None, date_from: DateFrom = None, date_to: DateTo = None,
) -> Any:
    """Who said what, oldest first (undated last)."""
    return queries.quotes(store, speaker=speaker, outlet=outlet, kind=kind, story_id=story_id,
                          dates=_dates(date_from, date_to), limit=limit, offset=offset)


@router.get("/speakers", response_model=schemas.SpeakerPage, tags=["quotes"])
def list_speakers(store: Store, limit: Limit = 50, offset: Offset = 0) -> Any:
    """Speakers with how often, where and in how many stories they are quoted."""
    return queries.speakers(store, limit=limit, offset=offset)


@router.get("/speakers/{name:path}", response_model=schemas.SpeakerDetail, tags=["quotes"])
def get_speaker(store: Store, name: str, limit: Annotated[int, Query(ge=1, le=2000)] = 500, offset: Offset = 0) -> Any:
    """A speaker's statements over time, by outlet, each with its story. A surname is enough if unique."""
    return queries.speaker(store, name, limit=limit, offset=offset)


@router.get("/entities", response_model=schemas.EntityPage, tags=["quotes"])
def list_entities(store: Store, type: Literal["person"] = "person", limit: Limit = 50, offset: Offset = 0) -> Any:
    """Named entities. For now the people are the resolved speakers (so bodies such as "Kremlin" too)."""
    page = queries.speakers(store, limit=limit, offset=offset)  # shared, remembered: build anew
    return page | {"items": [{"type": type, "id": s["id"], "name": s["name"], "statements": s["statements"],
                              "articles": s["articles"], "outlets": s["outlets"]} for s in page["items"]]}


@router.get("/search", response_model=list[schemas.SearchHit], tags=["articles"],
            responses={409: {"model": schemas.ErrorBody, "description": "`mode=semantic` on a store without "
                                                                        "embeddings (run `newsfold embed`)."},
                       503: {"model": schemas.ErrorBody, "description": "`mode=semantic` but the server has no "
                                                                        "embedding model installed."}})
def search(request: Request, store: Store, q: Annotated[str, Query(min_length=1, max_length=500)],
           limit: Annotated[int, Query(ge=1, le=100)] = 20,
           mode: Annotated[Literal["text", "semantic"], Query(
               description="`text`: full-text (FTS5, porter stemming; hits in [brackets]). `semantic`: nearest in "
                           "meaning (cosine of MiniLM embeddings; `score` is the cosine, `snippet` the article's "
                           "opening words); needs `newsfold embed` to have run on the store.")] = "text") -> Any:
    """Search titles and bodies, best first: by words (default) or by meaning (`mode=semantic`)."""
    if not q.strip():
        raise ApiError(400, "bad_request", "q must contain a word")
    if mode == "semantic":
        return semantic_hits(settings(request), store, q, limit)
    try:
        return queries.search_text(store, q, limit)
    except StoreError as exc:
        raise ApiError(400, "bad_request", str(exc)) from None


def semantic_hits(conf, store, q: str, limit: int) -> list[dict[str, Any]]:
    """``queries.search_semantic`` with its two refusals as API errors (the web UI shares it)."""
    from ..embed import EmbedUnavailable, NoEmbeddings

    try:
        return queries.search_semantic(store, q, conf.semantic_embedder(), limit)
    except NoEmbeddings as exc:
        raise ApiError(409, "no_embeddings", str(exc)) from None
    except EmbedUnavailable as exc:
        raise ApiError(503, "semantic_unavailable", str(exc)) from None


@router.get("/errors", response_model=schemas.ErrorPage, tags=["ingest"])
def list_errors(store: Store, limit: Limit = 100, offset: Offset = 0) -> Any:
    """Per-item ingest errors and warnings, newest first."""
    return queries.errors(store, limit=limit, offset=offset)


_INGEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "required": ["files"], "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}},
        },
        "application/json": {"schema": schemas.IngestPath.model_json_schema()},
    },
}


@router.post(
    "/ingest", response_model=schemas.IngestResult, tags=["ingest"], dependencies=[Depends(require_writer)],
    openapi_extra={"requestBody": _INGEST_BODY},
    responses={s: {"model": schemas.ErrorBody} for s in (401, 403, 413, 415)},
)
async def post_ingest(request: Request) -> Any:
    """Ingest uploaded files (multipart field ``files``) or a path under the server's ingest root.

    Needs ``Authorization: Bearer <token>``. Runs the whole pipeline, folding included, and
    answers with the run's summary; writes are serialised, reads go on meanwhile.
    """
    conf = settings(request)
    body = limit_body(request, conf.max_upload_bytes)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        form = await body.form(max_files=1000, max_fields=10)
        try:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not files:
                raise ApiError(400, "bad_request", "send one or more files in the multipart field 'files'")
            uploads = [writes.Upload(f.filename, f.file) for f in files]
            return await run_in_threadpool(writes.ingest_uploads, conf, uploads)
        finally:
            await form.close()
    if content_type == "application/json":
        try:
            payload = schemas.IngestPath.model_validate_json(await body.body())
        except ValidationError as exc:
            raise RequestValidationError(exc.errors(include_url=False)) from None
        if conf.ingest_root is None:
            raise ApiError(403, "path_ingest_disabled", "ingest by path is off: start the server with an ingest root")
        return await run_in_threadpool(writes.ingest_path, conf, payload.path)
    raise ApiError(415, "unsupported_media_type", "send multipart/form-data with 'files', or JSON {\"path\": ...}")


@router.get(
    "/export", tags=["export"], response_class=StreamingResponse,
    responses={200: {"description": "Every article, streamed.",
                     "content": {"application/x-ndjson": {}, "text/csv": {}}}},
)
def export(request: Request, format: Literal["jsonl", "csv"] = "jsonl") -> StreamingResponse:
    """Every article with its story, storyline and quotes (the export contract), streamed: no size cap."""
    media = "application/x-ndjson" if format == "jsonl" else "text/csv"
    return StreamingResponse(
        _export_chunks(settings(request).db_path, format), media_type=f"{media}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="newsfold-export.{format}"'},
    )


def _export_chunks(db_path: str, fmt: str, chunk_bytes: int = 64 * 1024) -> Iterator[bytes]:
    """Encoded records in chunks of ~64 KB: far fewer thread hops than one per record.

    The export has its own connection (the request's closes once the response starts) and
    reads inside one transaction, so it is a consistent snapshot even while an ingest runs.
    """
    with open_store(db_path) as store:
        store.db.execute("BEGIN")
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore") if fmt == "csv" else None
        if writer:
            writer.writeheader()
        for record in export_records(store):
            if writer:  # same cell encoding as `newsfold export --format csv`
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                                 for k, v in record.items()})
            else:
                buf.write(json.dumps(record, ensure_ascii=False) + "\n")
            if buf.tell() >= chunk_bytes:
                yield buf.getvalue().encode("utf-8")
                buf.seek(0)
                buf.truncate()
        if buf.tell():
            yield buf.getvalue().encode("utf-8")
        store.db.execute("COMMIT")
