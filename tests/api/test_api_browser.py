"""End to end in a real browser: headless Chromium (Debian's) driven by Playwright.

A real uvicorn server on a free local port serves a store holding the seeds plus the
invented articles (one of which carries a <script>), embedded with a stand-in model for
semantic search. Screenshots go to artefacts/screenshots/ under stable names (story-2018.png,
storyline.png, ...). Skipped, with the reason, without playwright, /usr/bin/chromium
or the seeds. Run only these with ``pytest -m browser``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import hostile
import pytest
from apikit import SEEDS, SEEDS_MISSING, build_store, write_corpus
from embed.fakeembed import HashEmbedder
from liveserver import serving

import newsfold
from newsfold.embed import embed_store

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[2] / "artefacts" / "screenshots"


def needs_browser() -> None:
    pytest.importorskip("playwright.sync_api", reason="playwright not installed (pip install playwright)")
    if not Path(CHROMIUM).exists() or not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    needs_browser()
    if not SEEDS.is_dir():
        pytest.skip(SEEDS_MISSING)
    from newsfold.api import create_app

    folder = tmp_path_factory.mktemp("browser")
    # Two runs: the seeds fold exactly as on their own, then the invented articles join.
    db = build_store(folder / "browser.db", SEEDS)
    build_store(db, write_corpus(folder / "corpus"))
    model = HashEmbedder()  # semantic search with the stand-in model: the toggle shows, results come back
    with newsfold.open_store(db) as store:
        embed_store(store, model)
    with serving(create_app(str(db), embedder=model)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    needs_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@contextmanager
def watched_page(browser, origin: str) -> Iterator[Any]:
    """A page that records console errors, dialogs and every request it makes."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.requests = []
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()
    assert pg.problems == [], "no console errors (a CSP violation is one), no alert() ever"
    assert all(url.startswith(origin) for url in pg.requests), "nothing is fetched from elsewhere"


@pytest.fixture
def page(browser, base_url):
    with watched_page(browser, base_url) as pg:
        yield pg


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_front_story_storyline_and_search(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("h1").inner_text() == "Top stories"
    assert page.locator("ol.stories > li").count() >= 4
    shoot(page, "front")

    # The 2018 story: the one with both "no bright prospects" articles. Find it as a reader would.
    page.fill("#site-q", "no bright prospects")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=no+bright+prospects")
    page.locator("ol.hits a", has_text="story").first.click()
    page.wait_for_url("**/stories/*")
    outlets = page.locator("section.outlet")
    labels = {outlets.nth(i).get_attribute("aria-label") for i in range(outlets.count())}
    assert labels == {"unknown outlet", "Inforos"}
    for label in labels:
        assert page.locator(f'section.outlet[aria-label="{label}"] ul.quotes li').count() >= 2
    statements = page.locator("table.statements", has_text="Same statements that tied it")
    assert statements.is_visible() and "Rosy prospects" in statements.inner_text()
    shoot(page, "story-2018")

    page.locator("header a[href^='/storylines/']").click()
    page.wait_for_url("**/storylines/*")
    svg = page.locator("svg.timeline-svg")
    assert svg.is_visible() and svg.locator("circle").count() >= 4
    shoot(page, "storyline")

    page.fill("#site-q", "Peskov")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=Peskov")
    assert page.locator("ol.hits > li").count() >= 4
    assert page.locator("ol.hits mark", has_text="Peskov").count() >= 4
    shoot(page, "search-peskov")


def test_search_by_meaning_with_the_toggle(page, base_url):
    page.goto(base_url + "/search?q=relations+between+Moscow+and+Washington")
    assert page.locator("input[name=mode][value=text]").is_checked()
    page.check("input[name=mode][value=semantic]")
    page.locator("form.search-big button[type=submit]").click()
    page.wait_for_url("**/search?q=relations+between+Moscow+and+Washington&mode=semantic")
    assert "nearest in meaning" in page.locator("p.lede").inner_text()
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 4 and "similarity" in hits.first.inner_text()
    assert page.locator("input[name=mode][value=semantic]").is_checked()
    shoot(page, "search-semantic")


def test_speaker_page_and_timeline_links(page, base_url):
    page.goto(base_url + "/speakers/Peskov")
    assert page.url.endswith("/speakers/dmitry-peskov")
    assert page.locator("svg.timeline-svg circle").count() >= 4
    page.locator("svg.timeline-svg a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("h2", has_text="Who said what").is_visible()
    shoot(page, "speaker-article")


def test_script_in_an_article_does_not_run(page, base_url):
    page.goto(base_url + "/search?q=school+meals")
    page.locator("ol.hits h2 a").first.click()
    page.wait_for_url("**/articles/*")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()  # shown as text
    assert page.locator("script").count() == 0
    page.goto(base_url + "/")
    assert page.evaluate("() => document.querySelectorAll('script').length") == 0
    # The `page` fixture fails the test if any dialog (alert) opened on the way.


def test_dated_storyline_has_a_time_axis(page, base_url):
    page.goto(base_url + "/search?q=harbour+bridge")
    page.locator("ol.hits a", has_text="story").first.click()
    page.wait_for_url("**/stories/*")
    page.locator("header a[href^='/storylines/']").click()
    page.wait_for_url("**/storylines/*")
    ticks = page.locator("svg.timeline-svg text.tick-label")
    assert ticks.count() >= 1 and "2021" in (ticks.first.text_content() or "")
    shoot(page, "storyline-dated")


# -- hostile content --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_url(hostile_db):
    needs_browser()
    from newsfold.api import create_app

    with serving(create_app(str(hostile_db))) as url:
        yield url


# Elements and handlers a payload would have created, had it become markup.
_PLANTED = "script, img, iframe, object, embed, svg:not(.timeline-svg), [onerror], [onload], [onmouseover], [onfocus], [autofocus]"


def test_hostile_content_never_runs(browser, hostile_url):
    urls = ["/", f"/storylines/{hostile.STORYLINE}", "/storylines", "/speakers", "/errors", "/search?q=Port+Vell"]
    for k in hostile.kinds():
        urls += [f"/stories/{hostile.story_id(k)}", f"/speakers/{quote(hostile.speaker_id(k), safe='')}",
                 "/search?q=" + quote(hostile.PAYLOADS[k], safe="")]
    missing = ["/speakers/" + quote("Nobody " + p, safe="") for p in hostile.PAYLOADS.values()]
    with watched_page(browser, hostile_url) as pg:
        for url in urls + missing:
            seen = len(pg.requests), len(pg.problems)
            pg.goto(hostile_url + url)
            pg.mouse.move(300, 300)  # hover and focus where an injected handler would wait for them
            pg.keyboard.press("Tab")
            xss, title, planted = pg.evaluate(
                f"() => [window.__xss, document.title, document.querySelectorAll({_PLANTED!r}).length]")
            assert xss is None, f"{url}: a payload ran ({xss!r})"
            assert title != "pwned" and title.endswith(" · newsfold"), f"{url}: title {title!r}"
            assert planted == 0, f"{url}: {planted} element(s) or handler(s) came from the data"
            if url in missing:  # Chromium logs the page's own 404; anything else it fetched would be planted
                fetched = [r for r in pg.requests[seen[0]:] if not r.startswith(hostile_url + "/static/")]
                assert fetched == [hostile_url + url]
                assert len(pg.problems) == seen[1] + 1 and "404" in pg.problems[-1]
                pg.problems.pop()
        pg.goto(hostile_url + f"/stories/{hostile.story_id('title-breakout')}")
        assert pg.title() == f"{hostile.title('title-breakout')} · newsfold"  # the payload is the title, as text
        assert hostile.quote_text("title-breakout") in pg.locator("main").inner_text()  # shown, as text
    # `watched_page` fails the test on any dialog, console error (CSP violation) or outside fetch.
