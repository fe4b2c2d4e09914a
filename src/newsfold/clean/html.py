"""Clean stage, HTML path: a web page -> an :class:`Article`.

``clean_html(raw, opts)`` is what :func:`newsfold.clean.clean` runs when
``raw.meta["content_type"]`` is ``text/html`` (or the text starts like an HTML
document). The cascade:

1. parse    lxml, once (trafilatura's lenient loader); a page that does not
            parse, or parses to nothing, is rejected
2. head     what the page says about itself: ``<title>``, ``og:title``,
            ``<h1>``, ``og:site_name``, explicit publication metadata
            (``article:published_time``, ``itemprop=datePublished``, JSON-LD
            ``datePublished``...) and modification metadata
3. body     trafilatura ``bare_extraction`` (comments excluded, tables kept,
            metadata on) in its balanced mode; when that finds almost nothing
            (a short page, an odd template), or less than a fifth of the page's
            visible text, it is retried favouring recall, and the retry is kept
            when it finds clearly more (half as much again)
4. title    container field > the ``<h1>`` when ``<title>``/``og:title``
            starts with it > ``og:title``/``<title>``/trafilatura's title
            without a leading or trailing segment that names the site
            ("Title | Site", "Site - Title": the sitename, or the URL's host)
5. meta     outlet: container > ``og:site_name``/trafilatura sitename >
            wire > host; byline: container ``author`` > the page's shown
            byline, JSON-LD authors, ``author`` meta, trafilatura's author
            (:func:`.htmlmeta.choose_byline`); wire: the byline naming an
            agency > the dateline's agency when it is a known wire
            (:func:`.meta.find_dateline` on the first paragraph)
6. date     the witnesses of :func:`.htmldates.page_date` (container, markup,
            headline, URL, dateline, htmldate), settled by agreement and
            never after the capture date; weekday/relative (:mod:`.dates`)
7. language py3langid over the body, else the container's field

Offsets: trafilatura works on the DOM, so body paragraphs cannot point back
into the raw HTML. For an HTML article, ``Paragraph.start`` is the offset of
the paragraph in the *extracted text*, which is ``Article.body`` (paragraphs
joined by a blank line: ``article.body[p.start:p.start + len(p.text)] ==
p.text``), and ``Paragraph.line`` its 1-based line there;
``Article.meta["text_source"] = "html"`` says so (quote offsets, computed from
paragraph offsets, therefore point into ``Article.body`` too). ``removed``
holds only the headline and "By ..." lines the extractor left at the top of
the text (``RemovedLine.line`` is their line in trafilatura's output); what
the extractor itself dropped (menus, footers, asides) it does not report.

Dates in the page's metadata that fall after the capture date (a WARC-Date)
are impossible; they are kept as evidence without a value.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from ..records import Article, Paragraph, RawDoc, Rejected, RemovedLine
from . import knowledge as kb
from .dates import latest_day, reference_date
from .htmlmeta import choose_byline, choose_title, clean_value, head_metadata, page_date
from .meta import container_text, find_dateline, norm, url_host

if TYPE_CHECKING:  # pragma: no cover
    from . import CleanOptions

STAGE = "clean"
# Below this many characters, or this share of the page's visible text, the balanced
# extraction is retried favouring recall (measured on WCXB dev: the balanced mode
# sometimes keeps one block of a long article); the retry wins when it is this much longer.
_RETRY_BELOW_CHARS = 250
_RETRY_BELOW_SHARE = 0.2
_RETRY_GAIN = 1.5
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # page problems are reported as values, not log spam


def clean_html(raw: RawDoc, opts: CleanOptions | None = None) -> Article | Rejected:
    """Extract the article of one HTML page (see the module docstring for the cascade)."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    if opts is None:
        from . import CleanOptions

        opts = CleanOptions()
    url = container_text(raw.meta.get("url"))
    try:
        tree = load_html(raw.text)
    except Exception:  # lxml on hostile markup: a rejection, not a crash
        tree = None
    if tree is None:
        return Rejected(raw.origin, STAGE, "unparseable HTML")
    head = head_metadata(tree)
    reference = reference_date(raw.meta)

    visible = _visible_chars(tree)
    doc = _extract(bare_extraction, tree, url, reference)
    found = len(((doc and doc.text) or "").strip())
    if found < _RETRY_BELOW_CHARS or found < _RETRY_BELOW_SHARE * visible:
        retry = _extract(bare_extraction, tree, url, reference, favor_recall=True)
        more = len(((retry and retry.text) or "").strip())
        if more > found and (found < _RETRY_BELOW_CHARS or more >= _RETRY_GAIN * found):
            doc = retry
    if doc is None or not (doc.text or "").strip():
        return Rejected(raw.origin, STAGE, "no article body found in the HTML")

    host = url_host(url or doc.url or "") or (doc.hostname or None)
    sitename = container_text(raw.meta.get("outlet")) or head.get("site_name") or clean_value(doc.sitename)
    title = container_text(raw.meta.get("title")) or choose_title(
        head.get("title"), head.get("og_title"), head.get("h1", []), clean_value(doc.title), sitename, host
    )
    lines = [" ".join(line.split()) for line in doc.text.split("\n")]
    lines = [(n, text) for n, text in enumerate(lines, start=1) if text]
    removed, lines, lead_byline = _header_lines(lines, title, head)

    # Offsets and line numbers into Article.body: paragraphs joined by "\n\n".
    paragraphs: list[Paragraph] = []
    offset = 0
    for _n, text in lines:
        paragraphs.append(Paragraph(text, 2 * len(paragraphs) + 1, offset))
        offset += len(text) + 2
    if not paragraphs:
        return Rejected(raw.origin, STAGE, "no article body found in the HTML (only its title)")
    if sum(len(p.text) for p in paragraphs) < opts.min_body_chars:
        return Rejected(raw.origin, STAGE, "no article body found")
    from . import _readable_ratio

    readable = _readable_ratio(" ".join(p.text for p in paragraphs))
    if readable < opts.min_readable:
        return Rejected(raw.origin, STAGE, f"not readable text: only {readable:.0%} letters and digits")

    dateline = find_dateline(paragraphs[0].text)
    byline = container_text(raw.meta.get("author")) or choose_byline(head, lead_byline, clean_value(doc.author))
    # A dateline's agency is a wire only when it is a known one: "(HawaiiNewsNow) -" is the outlet.
    agency = dateline.agency if dateline else None
    wire = (kb.wire_name(byline) if byline else None) or (agency if agency in kb.WIRES else None)
    outlet = sitename or wire or host

    published, evidence = page_date(raw.meta, head, doc.date, dateline, paragraphs[0].text, reference)
    if opts.detect_language:
        from . import _language

        language = _language(tuple(paragraphs), raw.meta.get("language"))
    else:
        language = raw.meta.get("language")

    meta = dict(raw.meta)
    meta["text_source"] = "html"
    if url is None and doc.url:
        meta["url"] = doc.url
    return Article(
        id=raw.content_id,
        raw_id=raw.content_id,
        origin=raw.origin,
        title=title,
        outlet=outlet,
        wire=wire,
        byline=byline,
        dateline=dateline.text if dateline else None,
        published=published,
        language=language,
        paragraphs=tuple(paragraphs),
        removed=tuple(removed),
        date_evidence=evidence,
        standfirst=_standfirst(doc.description, paragraphs),
        meta=meta,
    )


def _visible_chars(tree) -> int:
    """Characters of text in the page's body outside scripts and styles (0 if that cannot be read)."""
    try:
        parts = tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]")
    except Exception:  # noqa: BLE001 - an odd tree only loses the retry
        return 0
    return sum(len(t.strip()) for t in parts)


def _header_lines(
    lines: list[tuple[int, str]], title: str | None, head: dict[str, Any]
) -> tuple[list[RemovedLine], list[tuple[int, str]], str | None]:
    """Split the headline and a "By ..." line off the top of the extracted text.

    Extractors keep the article's ``<h1>`` and byline as its first lines; they
    are the title and byline, not body paragraphs.
    """
    removed: list[RemovedLine] = []
    byline = None
    keys = {norm(t) for t in (title, *head.get("h1", [])[:1]) if t}
    while lines and len(removed) < 3:
        n, text = lines[0]
        if norm(text) in keys:
            removed.append(RemovedLine(n, text, "title"))
        elif byline is None and (m := kb.BYLINE_RE.match(text)):
            byline = m.group("who").strip()
            removed.append(RemovedLine(n, text, "byline"))
        else:
            break
        lines = lines[1:]
    return removed, lines, byline


def _standfirst(description: str | None, paragraphs: list[Paragraph]) -> str | None:
    """The page's description, unless it merely repeats the start of the body."""
    text = clean_value(description)
    if not text:
        return None
    body_head = norm(" ".join(p.text for p in paragraphs[:3]))
    key = norm(text.rstrip(".…").removesuffix("..."))
    return None if not key or key in body_head else text


def _extract(bare_extraction, tree, url: str | None, reference: date | None, favor_recall: bool = False):
    params: dict[str, Any] = {"extensive_search": False, "original_date": True}
    if reference is not None:
        # A page is not published after it was captured (one day of slack for time zones).
        params["max_date"] = latest_day(reference)
    try:
        return bare_extraction(
            tree,
            url=url,
            favor_recall=favor_recall,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            deduplicate=False,
            date_extraction_params=params,
        )
    except Exception:  # trafilatura raises on some degenerate trees; one page must not sink a batch
        return None
