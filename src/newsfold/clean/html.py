"""Clean stage, HTML path: a web page -> an :class:`Article`.

``clean_html(raw, opts)`` is what :func:`newsfold.clean.clean` runs when
``raw.meta["content_type"]`` is ``text/html`` (or the text starts like an HTML
document). The cascade:

1. parse    lxml, once (:func:`.htmlpage.parse_page`: trafilatura's loader with
            lxml.html's element classes assigned in C); a page that does not
            parse, or parses to nothing, is rejected. trafilatura reads this
            tree (each extraction on a copy of it), and so does everything below
2. head     what the page says about itself: ``<title>``, ``og:title``,
            ``<h1>``, ``og:site_name``, explicit publication metadata
            (``article:published_time``, ``itemprop=datePublished``, JSON-LD
            ``datePublished``...) and modification metadata
3. body     trafilatura ``bare_extraction`` (comments excluded, tables kept,
            metadata off: :func:`.htmlmeta.extractor_metadata` reads it once)
            in its balanced mode; when that finds almost nothing
            (a short page, an odd template), or less than a fifth of the page's
            visible text, it is retried favouring recall, and the retry is kept
            when it finds clearly more (half as much again); when it covers
            less than 0.6 of the visible text and lacks 500 characters or more
            of the page's list text, the recall extraction's list items inside
            the article are added. Then :func:`.htmlbody.body_blocks` keeps what
            of it is the article: chrome lines, captions and credits, repeated
            paragraphs, cookie notices and the page's foot (author box, calls
            to subscribe, "Tags:", back matter under its heading) go. Before
            that, when the extraction is a sliver of the page (under 2% of its
            HTML), an early ``</body></html>`` with the article below it is
            taken out as a browser does and the page parsed again
            (:func:`.htmlrepair.reopen_body`; about one page in a thousand),
            and the page's JSON-LD ``articleBody`` replaces an extraction it
            holds three times over (:mod:`.declaredbody`: pages that render
            the article with scripts)
4. title    container field > the ``<h1>`` when ``<title>``/``og:title``
            starts with it > ``og:title``/``<title>``/trafilatura's title
            without a leading or trailing segment that names the site
            ("Title | Site", "Site - Title": the sitename, or the URL's host)
5. meta     outlet: container > ``og:site_name``/trafilatura sitename >
            wire > host; byline: container ``author`` > the page's shown
            byline, JSON-LD authors, ``author`` meta, trafilatura's author
            (:func:`.htmlmeta.choose_byline`; trafilatura's search of the page
            for one, :func:`.htmlmeta.extractor_author`, only when none of these
            names anybody); wire: the byline naming an agency > the dateline's
            agency when it is a known wire (:func:`.meta.find_dateline` on the
            first paragraph)
6. date     the witnesses of :func:`.htmldates.page_date` (container, markup,
            headline, URL, dateline, htmldate; :mod:`.htmldatecues` reads them),
            settled by agreement and never after the capture date;
            weekday/relative (:mod:`.dates`)
7. language py3langid over the body's first 1,000 characters, else the
            container's field

Offsets: trafilatura works on the DOM, so body paragraphs cannot point back
into the raw HTML. For an HTML article, ``Paragraph.start`` is the offset of
the paragraph in the *extracted text*, which is ``Article.body`` (paragraphs
joined by a blank line: ``article.body[p.start:p.start + len(p.text)] ==
p.text``), and ``Paragraph.line`` its 1-based line there;
``Article.meta["text_source"] = "html"`` says so (quote offsets, computed from
paragraph offsets, therefore point into ``Article.body`` too). ``removed``
holds the lines of the extracted text that are not body, with their reason
(the headline and a "By ..." line at the top, and what :mod:`.htmlbody`
dropped); ``RemovedLine.line`` is their line in that text (trafilatura's
output, with any recall list items in place). What the extractor itself
dropped (menus, footers, asides) it does not report.

Dates in the page's metadata that fall after the capture date (a WARC-Date)
are impossible; they are kept as evidence without a value.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Any

from lxml.etree import XPath

from ..records import Article, Paragraph, RawDoc, Rejected, RemovedLine
from . import knowledge as kb
from .dates import latest_day, reference_date
from .declaredbody import declared_body, holds
from .htmlbody import Block, blocks_of, body_blocks, chars, make_block, with_recall_lists
from .htmlmeta import (choose_byline, choose_title, clean_value, extractor_author, extractor_metadata, head_metadata,
                       page_date)
from .htmlpage import parse_page
from .htmlrepair import reopen_body
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
# Below this share of the visible text, with this much list text on the page (outside menus
# and links) that the balanced extraction lacks, the recall extraction is asked for the
# article's lists (:func:`.htmlbody.with_recall_lists`). Measured on WCXB dev: the balanced
# mode drops the lists of guides and reviews; the gate keeps the second extraction to the
# pages that have such lists (one WCXB dev page in eighteen).
_LISTS_BELOW_SHARE = 0.6
_LISTS_MISSING_CHARS = 500
# Below this share of the page's HTML (in characters), the extraction is a sliver of the page,
# and the page is searched for an article the parse or the extractor missed. On WCXB dev and AEB,
# one page in ten or fewer (pages that render their article with scripts, or close their markup
# early); the rest pay nothing for it.
_SLIVER_SHARE = 0.02
for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # page problems are reported as values, not log spam


def clean_html(raw: RawDoc, opts: CleanOptions | None = None) -> Article | Rejected:
    """Extract the article of one HTML page (see the module docstring for the cascade)."""
    from trafilatura import bare_extraction

    if opts is None:
        from . import CleanOptions

        opts = CleanOptions()
    url = container_text(raw.meta.get("url"))
    try:
        tree = parse_page(raw.text)
    except Exception:  # noqa: BLE001 - lxml on hostile markup: a rejection, not a crash
        tree = None
    if tree is None:
        return Rejected(raw.origin, STAGE, "unparseable HTML")
    blocks = _extraction(bare_extraction, tree, url)
    if chars(blocks) < _SLIVER_SHARE * len(raw.text):
        tree, blocks = _beyond_the_sliver(bare_extraction, raw.text, tree, blocks, url)
    if not blocks:
        return Rejected(raw.origin, STAGE, "no article body found in the HTML")
    head = head_metadata(tree)
    reference = reference_date(raw.meta)
    doc = extractor_metadata(tree, url, _date_params(reference))

    host = url_host(url or doc.url or "") or (doc.hostname or None)
    sitename = container_text(raw.meta.get("outlet")) or head.get("site_name") or clean_value(doc.sitename)
    title = container_text(raw.meta.get("title")) or choose_title(
        head.get("title"), head.get("og_title"), head.get("h1", []), clean_value(doc.title), sitename, host
    )
    # Line n of the extracted text is blocks[n - 1]. What is not body (:func:`.htmlbody.body_blocks`)
    # goes, then the headline and a "By" line left at the top (a byline the body rules dropped
    # still names the author).
    _kept, dropped = body_blocks(blocks)
    reasons = {i + 1: reason for i, reason in dropped}
    candidates = [(n, b.text) for n, b in enumerate(blocks, start=1) if reasons.get(n) in (None, "byline")]
    removed, lines, lead_byline = _header_lines(candidates, title, head)
    header = {r.line for r in removed}
    lines = [(n, text) for n, text in lines if n not in reasons]
    removed = sorted([*removed, *(RemovedLine(n, blocks[n - 1].text, r) for n, r in reasons.items() if n not in header)],
                     key=lambda r: r.line)

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
    if byline is None and not doc.author:
        # trafilatura's search of the page for an author, only now that nothing else names one
        # (the dearest part of its metadata). It prunes the tree: nothing below reads it.
        byline = choose_byline({}, None, clean_value(extractor_author(tree)))
    # A dateline's agency is a wire only when it is a known one: "(HawaiiNewsNow) -" is the outlet.
    agency = dateline.agency if dateline else None
    wire = (kb.wire_name(byline) if byline else None) or (agency if agency in kb.WIRES else None)
    outlet = sitename or wire or host

    published, evidence = page_date(raw.meta, head, doc.date, dateline, paragraphs[0].text, reference)
    if opts.detect_language:
        from . import _language

        lead_text = " ".join(p.text for p in paragraphs)[:_LANGUAGE_CHARS]
        language = _language((Paragraph(lead_text, 1, 0),), raw.meta.get("language"))
    else:
        language = raw.meta.get("language")

    meta = dict(raw.meta)
    meta["text_source"] = "html"
    content_id = raw.content_id  # (a hash of the whole page: once)
    if url is None and doc.url:
        meta["url"] = doc.url
    return Article(
        id=content_id,
        raw_id=content_id,
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


def _extraction(bare_extraction, tree, url: str | None) -> list[Block]:
    """The lines of trafilatura's text of the page, completed from its recall mode.

    The balanced extraction is the body; its recall mode is asked only where the
    balanced one fails: it found almost nothing, or little of the page (the recall
    text replaces it when clearly longer), or it lacks the page's lists (the recall
    extraction's list items inside the article are added, :func:`.htmlbody.with_recall_lists`).
    Neither run reads the page's metadata: :func:`.htmlmeta.extractor_metadata` does, once.
    """
    blocks = _blocks(_extract(bare_extraction, tree, url))
    found = chars(blocks)
    if found >= _RETRY_BELOW_CHARS:
        visible = _visible_chars(tree)
        if found >= _RETRY_BELOW_SHARE * visible:
            if found >= _LISTS_BELOW_SHARE * visible or _missing_list_chars(tree, blocks) < _LISTS_MISSING_CHARS:
                return blocks
            return with_recall_lists(blocks, _blocks(_extract(bare_extraction, tree, url, favor_recall=True)))
    more = _blocks(_extract(bare_extraction, tree, url, favor_recall=True))
    if chars(more) > found and (found < _RETRY_BELOW_CHARS or chars(more) >= _RETRY_GAIN * found):
        return more
    return blocks


def _beyond_the_sliver(bare_extraction, text: str, tree, blocks: list[Block], url: str | None):
    """(tree, blocks) for a page whose extraction is a sliver of its HTML: the article may lie
    below an early ``</body></html>`` (:func:`.htmlrepair.reopen_body`: the page is parsed
    again without it, and the new extraction kept when longer), or be rendered by scripts from
    the page's declared JSON-LD body (:func:`_with_declared_body`)."""
    repaired = reopen_body(text)
    if repaired is not text:
        try:
            again = parse_page(repaired)
        except Exception:  # noqa: BLE001 - the repair only loses itself
            again = None
        if again is not None:
            more = _extraction(bare_extraction, again, url)
            if chars(more) > chars(blocks):
                tree, blocks = again, more
    return tree, _with_declared_body(blocks, tree)


def _with_declared_body(blocks: list[Block], tree) -> list[Block]:
    """The extraction, or the page's JSON-LD ``articleBody`` when that holds it several times over.

    A page that renders its article with scripts leaves a fragment in the HTML
    (:mod:`.declaredbody`); its declared body is then the article.
    """
    try:
        declared = declared_body(tree)
    except Exception:  # noqa: BLE001 - odd structured data only loses the fallback
        return blocks
    if declared and holds("\n".join(b.text for b in blocks), "\n".join(declared)):
        return [make_block(text, "p") for text in declared]
    return blocks


def _blocks(doc) -> list[Block]:
    """The lines of an extraction's text (none for no extraction, or one that cannot be rendered)."""
    if doc is None:
        return []
    try:
        return blocks_of(doc.body)
    except Exception:  # noqa: BLE001 - like trafilatura's own failures: this page has no body, the batch goes on
        return []


# Text of list items outside menus, headers, footers and asides, and outside links: the lists a
# reader takes for part of the page's content.
_LIST_TEXT = XPath(
    "//body//li[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside)]"
    "//text()[not(ancestor::a or ancestor::script or ancestor::style)]",
    smart_strings=False,  # plain strings: no element proxy per text node
)


def _missing_list_chars(tree, blocks: list[Block]) -> int:
    """Characters of list text on the page beyond the list lines the extraction has."""
    try:
        on_page = sum(len(t.strip()) for t in _LIST_TEXT(tree))
    except Exception:  # noqa: BLE001 - an odd tree only loses the lists
        return 0
    return on_page - chars([b for b in blocks if b.kind == "list"])


# The text nodes of the page's body, as plain strings: itertext() makes an element object for
# every element it passes, the dearer part of reading a page's whole text.
_BODY_TEXT = XPath("body[1]//text()", smart_strings=False)
# Elements whose text is code, not on the page.
_CODE_TAGS = ("script", "style", "noscript")


def _visible_chars(tree) -> int:
    """Characters of text in the page's body outside scripts and styles (0 if that cannot be read)."""
    try:
        body = tree.find("body")
        if body is None:
            return 0
        # All of the body's text, less that of its outermost scripts and styles.
        total = sum(map(len, map(str.strip, _BODY_TEXT(tree))))
        for el in body.iter(_CODE_TAGS):
            if next(el.iterancestors(_CODE_TAGS), None) is None:
                total -= sum(map(len, map(str.strip, el.itertext())))
        return total
    except Exception:  # noqa: BLE001 - an odd tree only loses the retry
        return 0


# How far down the extracted text the headline may sit, below a kicker, a section label or an
# "Updated 9:41 a.m." stamp (short lines that are not sentences: the page's header).
_HEADLINE_WITHIN = 4
_KICKER_MAX_WORDS = 12


def _header_lines(
    lines: list[tuple[int, str]], title: str | None, head: dict[str, Any]
) -> tuple[list[RemovedLine], list[tuple[int, str]], str | None]:
    """Split the headline and a "By ..." line off the top of the extracted text.

    Extractors keep the article's ``<h1>`` and byline as its first lines; they
    are the title and byline, not body paragraphs. Short non-sentence lines above
    the headline (a kicker, a time stamp) are the page's header too.
    """
    removed: list[RemovedLine] = []
    byline = None
    keys = {norm(t) for t in (title, *head.get("h1", [])[:1]) if t}
    at = next((k for k, (_n, text) in enumerate(lines[:_HEADLINE_WITHIN]) if norm(text) in keys), 0)
    if all(_kicker(text) for _n, text in lines[:at]):
        for n, text in lines[:at]:
            if byline is None and (m := kb.BYLINE_RE.match(text)):
                byline = m.group("who").strip()
                removed.append(RemovedLine(n, text, "byline"))
            else:
                removed.append(RemovedLine(n, text, "boilerplate"))
        lines = lines[at:]
    header = len(removed)
    while lines and len(removed) - header < 3:
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


def _kicker(text: str) -> bool:
    from .lines import is_sentence_like, word_count

    words = word_count(text)
    return words <= _KICKER_MAX_WORDS and not is_sentence_like(text, words)


# Characters of the body's start that language identification reads (some 150 words): on the
# 973 AEB and WCXB dev article bodies, py3langid names the same language from the first 1,000
# as from the first 5,000 (the cap of :func:`newsfold.clean._language`) on every page (and from
# the first 600), at a fifth of the time.
_LANGUAGE_CHARS = 1000


def _standfirst(description: str | None, paragraphs: list[Paragraph]) -> str | None:
    """The page's description, unless it merely repeats the start of the body."""
    text = clean_value(description)
    if not text:
        return None
    body_head = norm(" ".join(p.text for p in paragraphs[:3]))
    key = norm(text.rstrip(".…").removesuffix("..."))
    return None if not key or key in body_head else text


def _date_params(reference: date | None) -> dict[str, Any]:
    """htmldate's options: its quick search, the original publication date, nothing after the capture."""
    params: dict[str, Any] = {"extensive_search": False, "original_date": True}
    if reference is not None:
        # A page is not published after it was captured (one day of slack for time zones).
        params["max_date"] = latest_day(reference)
    return params


def _extract(bare_extraction, tree, url: str | None, favor_recall: bool = False):
    """trafilatura's extraction of the body alone (:func:`.htmlmeta.extractor_metadata` reads its metadata)."""
    try:
        return bare_extraction(
            tree,
            url=url,
            favor_recall=favor_recall,
            include_comments=False,
            include_tables=True,
            # Not "python": trafilatura would render Document.text, which blocks_of renders anyway.
            output_format="txt",
            with_metadata=False,
            deduplicate=False,
        )
    except Exception:  # trafilatura raises on some degenerate trees; one page must not sink a batch
        return None
