"""The server-rendered web UI: plain HTML pages over the same read models as the JSON API.

No JavaScript is needed: timelines are SVG drawn here, search is a GET form. Templates
autoescape everything, and the only markup built in Python (search-hit highlighting) escapes
the text first, so article content can never become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import queries, routes_api, timeline
from .deps import Store, settings

TEMPLATES = Path(__file__).parent / "templates"
PER_PAGE = 25
ONLY_HERE_SHOWN = 25  # "only this outlet reported" sentences listed per article on a story page
QUOTES_SHOWN = 60  # quotes listed per outlet on a story page
WHY_SHOWN = 200  # articles whose reasons for belonging a story page lists
Page = Annotated[int, Query(ge=1, le=100_000)]

router = APIRouter(include_in_schema=False)


def _day(value: str | None) -> str:
    d = timeline.parse_day(value)
    return timeline.format_day(d) if d else "date unknown"


def _highlight(snippet: str | None) -> Markup:
    """Escape the snippet, then (and only then) turn the hit markers into <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(queries.HIT_START, "<mark>").replace(queries.HIT_END, "</mark>"))


def make_templates() -> Jinja2Templates:
    # Our own Environment: autoescape for every template (not by file extension), and
    # StrictUndefined so a misspelt field fails the tests instead of rendering blank.
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        day=_day,
        outlet=lambda v: v or queries.UNKNOWN_OUTLET,
        seg=lambda v: quote(str(v), safe=""),  # one URL path segment: a "/" in a name stays inside it
        highlight=_highlight,
        plural=lambda n, one, many=None: f"{n} {one if n == 1 else (many or one + 's')}",
    )
    return Jinja2Templates(env=env)


templates = make_templates()


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("q", "")
    return templates.TemplateResponse(request, name, context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def front_page(request: Request, store: Store, page: Page = 1) -> Response:
    data = queries.stories(store, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    outlets = queries.outlets_of(store, [s["id"] for s in data["items"]])
    return render(request, "index.html", stories=data["items"], outlets=outlets, page=page,
                  more=data["next_offset"] is not None, counts=queries.overview(store), start=(page - 1) * PER_PAGE)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, store: Store, story_id: str) -> Response:
    s = queries.story(store, story_id)
    if s["id"] != story_id:  # a prefix or a merged story's old ID: send to the one true URL
        return RedirectResponse(f"/stories/{s['id']}", status_code=308)
    members = {m["id"]: m for m in s["members"]}
    # A story of hundreds of long articles would make a page of tens of thousands of items: the
    # page shows the first ones of the longest lists, the JSON API has them all.
    return render(request, "story.html", s=s, members=members, only_here_shown=ONLY_HERE_SHOWN, why_shown=WHY_SHOWN,
                  quotes_shown=QUOTES_SHOWN)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: Store, article_id: str) -> Response:
    a = queries.article(store, article_id)
    if a["id"] != article_id:
        return RedirectResponse(f"/articles/{a['id']}", status_code=308)
    return render(request, "article.html", a=a)


@router.get("/storylines", response_class=HTMLResponse)
def storylines_page(request: Request, store: Store, page: Page = 1) -> Response:
    data = queries.storylines(store, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    return render(request, "storylines.html", lines=data["items"], page=page, more=data["next_offset"] is not None)


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline_page(request: Request, store: Store, storyline_id: str) -> Response:
    line = queries.storyline(store, storyline_id)
    if line["id"] != storyline_id:
        return RedirectResponse(f"/storylines/{line['id']}", status_code=308)
    items = [
        timeline.Item(when=s["first_published"], lane=o["label"], group=s["id"], href=f"/stories/{s['id']}",
                      label=f"{o['label']}: {s['title']} ({_day(s['first_published'])}, {o['articles']} article(s))",
                      weight=o["articles"])
        for s in line["stories"] for o in s["outlets"]
    ]
    chart = timeline.layout(items, f"Timeline of {line['title']}")
    return render(request, "storyline.html", line=line, chart=chart)


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request, store: Store, page: Page = 1) -> Response:
    data = queries.speakers(store, limit=PER_PAGE * 2, offset=(page - 1) * PER_PAGE * 2)
    return render(request, "speakers.html", speakers=data["items"], page=page, more=data["next_offset"] is not None)


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker_page(request: Request, store: Store, name: str) -> Response:
    sp = queries.speaker(store, name)
    if sp["id"] != name:  # "Peskov" or "Dmitry Peskov" -> /speakers/dmitry-peskov, the stable URL
        return RedirectResponse(f"/speakers/{quote(sp['id'], safe='')}", status_code=307)
    items = [
        timeline.Item(when=st["published"], lane=st["outlet"] or queries.UNKNOWN_OUTLET, group=st["article_id"],
                      href=f"/articles/{st['article_id']}",
                      label=f"{st['outlet'] or queries.UNKNOWN_OUTLET}, {_day(st['published'])}: {st['article_title']}")
        for st in sp["items"]
    ]
    chart = timeline.layout(items, f"Statements by {sp['name']} over time")
    return render(request, "speaker.html", sp=sp, chart=chart)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, store: Store, q: Annotated[str, Query(max_length=500)] = "",
                mode: Literal["text", "semantic"] = "text") -> Response:
    conf = settings(request)
    # The choice is offered only when it can answer: a model, and vectors of it in the store.
    semantic = queries.semantic_ready(store, conf.semantic_embedder())
    if not q.strip():
        hits = []
    elif mode == "semantic":
        hits = routes_api.semantic_hits(conf, store, q, 50)
    else:
        hits = queries.search_marked(store, q, limit=50)
    return render(request, "search.html", q=q, hits=hits, mode=mode, semantic=semantic)


@router.get("/errors", response_class=HTMLResponse)
def errors_page(request: Request, store: Store, page: Page = 1) -> Response:
    data = queries.errors(store, limit=PER_PAGE * 4, offset=(page - 1) * PER_PAGE * 4)
    return render(request, "errors.html", errors=data["items"], total=data["total"], page=page,
                  more=data["next_offset"] is not None)
