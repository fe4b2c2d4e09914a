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
            (a short page, an odd template) it is retried favouring recall
4. title    container field > the ``<h1>`` when ``<title>``/``og:title``
            starts with it > ``og:title``/``<title>``/trafilatura's title
            without a leading or trailing segment that names the site
            ("Title | Site", "Site - Title": the sitename, or the URL's host)
5. meta     outlet: container > ``og:site_name``/trafilatura sitename >
            the dateline's agency > host; byline: container ``author`` >
            trafilatura author; wire: the byline naming an agency > the
            dateline's agency (:func:`.meta.find_dateline` on the first
            paragraph)
6. date     container > ``html-meta`` > dateline > ``htmldate`` (htmldate
            with ``extensive_search=False, original_date=True``, never after
            the capture date) > weekday/relative (:mod:`.dates`)
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

import html as htmllib
import json
import logging
import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..records import Article, DateEvidence, Paragraph, RawDoc, Rejected, RemovedLine
from . import knowledge as kb
from .dates import find_date, full_dates, reference_date
from .meta import container_text, find_dateline, norm, strip_site_suffix, url_host

if TYPE_CHECKING:  # pragma: no cover
    from . import CleanOptions

STAGE = "clean"
# Below this many characters the balanced extraction is retried favouring recall.
_RETRY_BELOW_CHARS = 250
# Title separators: a spaced | - – — · » : or ::, as in "Headline | Site" or "Site - Headline".
_TITLE_SPLIT_RE = re.compile(r"\s+(?:\||-|–|—|·|»|::|:)\s+")
_HOST_LABELS_SKIP = frozenset({"www", "m", "mobile", "amp", "edition", "news", "en", "de", "fr", "es", "it", "uk", "us"})

# Publication metadata, strongest first: (attribute, value) pairs of <meta> tags.
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("itemprop", "datepublished"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("name", "article.published"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "publish_date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
    ("name", "dc.date"),
    ("name", "date"),
)
_MODIFIED_META = (
    ("property", "article:modified_time"),
    ("itemprop", "datemodified"),
    ("property", "og:updated_time"),
    ("name", "last-modified"),
    ("name", "dcterms.modified"),
)
_ISO_DAY_RE = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")

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
    head = _head_metadata(tree)
    reference = reference_date(raw.meta)

    doc = _extract(bare_extraction, tree, url, reference)
    if doc is None or len((doc.text or "").strip()) < _RETRY_BELOW_CHARS:
        retry = _extract(bare_extraction, tree, url, reference, favor_recall=True)
        if retry is not None and len((retry.text or "").strip()) > len(((doc and doc.text) or "").strip()):
            doc = retry
    if doc is None or not (doc.text or "").strip():
        return Rejected(raw.origin, STAGE, "no article body found in the HTML")

    host = url_host(url or doc.url or "") or (doc.hostname or None)
    sitename = container_text(raw.meta.get("outlet")) or head.get("site_name") or _clean(doc.sitename)
    title = container_text(raw.meta.get("title")) or choose_title(
        head.get("title"), head.get("og_title"), head.get("h1", []), _clean(doc.title), sitename, host
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
    byline = container_text(raw.meta.get("author")) or lead_byline or _clean(doc.author) or head.get("author")
    wire = (kb.wire_name(byline) if byline else None) or (dateline.agency if dateline and dateline.agency else None)
    outlet = sitename or wire or host

    latest = None if reference is None else (_day(reference) + timedelta(days=1)).isoformat()

    def evidence_of(kind: str, words: str, value: str | None) -> DateEvidence:
        if value and latest and value > latest:
            return DateEvidence(kind, f"{words} (after the capture date)", None)
        return DateEvidence(kind, words, value)

    extra: list[DateEvidence] = []
    if head.get("published"):
        extra.append(evidence_of("html-meta", *head["published"]))
    if head.get("modified"):
        extra.append(evidence_of("updated", *head["modified"]))
    if doc.date:
        extra.append(evidence_of("htmldate", doc.date, _iso_day(doc.date)))
    published, evidence = find_date(
        raw.meta.get("published"), dateline and dateline.date, [],
        reference=reference, extra=tuple(extra), lead=paragraphs[0].text,
    )
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
    text = _clean(description)
    if not text:
        return None
    body_head = norm(" ".join(p.text for p in paragraphs[:3]))
    key = norm(text.rstrip(".…").removesuffix("..."))
    return None if not key or key in body_head else text


def _day(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference


def _extract(bare_extraction, tree, url: str | None, reference: date | None, favor_recall: bool = False):
    params: dict[str, Any] = {"extensive_search": False, "original_date": True}
    if reference is not None:
        # A page is not published after it was captured (one day of slack for time zones).
        params["max_date"] = (_day(reference) + timedelta(days=1)).isoformat()
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


# --- titles -------------------------------------------------------------------------------


def choose_title(
    html_title: str | None,
    og_title: str | None,
    h1s: list[str],
    extracted: str | None,
    sitename: str | None,
    host: str | None,
) -> str | None:
    """The headline among the page's title candidates, without the site's name.

    The visible ``<h1>`` is the headline readers see, but pages also use h1 for
    the site's logo or a section name. So an h1 wins only when it shares words
    with what the page calls itself (``og:title``/``<title>`` without the site
    segment): at least 30% of the longer of the two; among several h1s, the
    one sharing most. Otherwise the metadata title, without the site segment.
    """
    refs = [strip_site(t, sitename, host) for t in (og_title, html_title, extracted) if t]
    best: tuple[float, int, str] | None = None
    for i, h1 in enumerate(h1s[:3]):
        if len(norm(h1).split()) < 2 or _names_site(h1, sitename, host):
            continue
        score = max((_shared(h1, ref) for ref in refs), default=0.0)
        if score >= _H1_MIN_SHARED and (best is None or (score, -i) > best[:2]):
            best = (score, -i, h1)
    if best is not None:
        return best[2]
    for candidate in (og_title, html_title, extracted):
        if candidate:
            stripped = strip_site(candidate, sitename, host)
            if stripped != candidate:
                return stripped
    for candidate in (og_title, html_title, extracted):
        if candidate:
            return strip_site_suffix(candidate)
    return h1s[0] if h1s else None


_H1_MIN_SHARED = 0.3


def _shared(a: str, b: str) -> float:
    """Shared distinct words over the larger word set of the two (0..1)."""
    wa, wb = set(norm(a).split()), set(norm(b).split())
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def strip_site(title: str, sitename: str | None, host: str | None) -> str:
    """'Headline | Site' / 'Site - Headline' -> 'Headline' when the segment names the site."""
    parts = _TITLE_SPLIT_RE.split(title)
    if len(parts) < 2:
        return title
    seps = _TITLE_SPLIT_RE.findall(title)
    changed = True
    while changed and len(parts) > 1:
        changed = False
        if _names_site(parts[-1], sitename, host):
            parts, seps = parts[:-1], seps[:-1]
            changed = True
        elif _names_site(parts[0], sitename, host):
            parts, seps = parts[1:], seps[1:]
            changed = True
    if not parts:
        return title
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out.strip() or title


def _names_site(segment: str, sitename: str | None, host: str | None) -> bool:
    key = norm(segment)
    if not key:
        return False
    squeezed = key.replace(" ", "")
    if sitename:
        site = norm(sitename)
        if site and (key == site or (site in key and len(key.split()) <= len(site.split()) + 2)
                     or squeezed == site.replace(" ", "")):
            return True
    if host:
        labels = [lab for lab in host.lower().split(".")[:-1] if lab not in _HOST_LABELS_SKIP]
        for label in labels:
            label = label.replace("-", "")
            if len(label) >= 3 and (squeezed == label or (label in squeezed and len(key.split()) <= 4)
                                    or (label.startswith(squeezed) and len(squeezed) >= 4)):
                return True
        if squeezed == host.lower().replace(".", "").replace("-", ""):
            return True
    return False


# --- <head> metadata ----------------------------------------------------------------------


def _head_metadata(tree) -> dict[str, Any]:
    out: dict[str, Any] = {}
    title = tree.find(".//title")
    if title is not None:
        out["title"] = _clean(title.text_content())
    metas: dict[tuple[str, str], str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                metas.setdefault((attr, key), content)
    out["og_title"] = _clean(metas.get(("property", "og:title")) or metas.get(("name", "og:title"))
                             or metas.get(("name", "twitter:title")))
    out["site_name"] = _clean(metas.get(("property", "og:site_name")) or metas.get(("name", "application-name")))
    author = _clean(metas.get(("name", "author")) or metas.get(("property", "article:author"))
                    or metas.get(("name", "byl")) or metas.get(("name", "parsely-author")))
    if author and not re.match(r"(?i)https?://", author):
        out["author"] = re.sub(r"(?i)^by\s+", "", author)
    h1s = []
    for el in tree.iter("h1"):
        text = _clean(el.text_content())
        if text:
            h1s.append(text)
        if len(h1s) >= 3:
            break
    out["h1"] = h1s
    out["published"] = _first_date(metas, _PUBLISHED_META) or _time_published(tree) or _jsonld_date(tree, "datePublished")
    out["modified"] = _first_date(metas, _MODIFIED_META) or _jsonld_date(tree, "dateModified")
    return out


def _first_date(metas: dict[tuple[str, str], str], keys) -> tuple[str, str] | None:
    for attr, name in keys:
        value = metas.get((attr, name))
        day = _iso_day(value)
        if day:
            return f'{attr}="{name}" {value.strip()[:40]}', day
    return None


def _time_published(tree) -> tuple[str, str] | None:
    for el in tree.iter("time"):
        if (el.get("itemprop") or "").lower() == "datepublished" or el.get("pubdate") is not None:
            value = el.get("datetime") or el.text_content()
            day = _iso_day(value)
            if day:
                return f"<time> {value.strip()[:40]}", day
    return None


def _jsonld_date(tree, key: str) -> tuple[str, str] | None:
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = el.text_content() or ""
        if key not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for value in _json_values(data, key):
            day = _iso_day(value)
            if day:
                return f"JSON-LD {key} {value.strip()[:40]}", day
    return None


def _json_values(data: Any, key: str, depth: int = 0):
    """Values of ``key`` in article-like objects of a JSON-LD document, breadth-first-ish."""
    if depth > 6:
        return
    if isinstance(data, dict):
        kind = data.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        article = any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report", "WebPage")) for k in kinds)
        if article and isinstance(data.get(key), str):
            yield data[key]
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _json_values(value, key, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _json_values(item, key, depth + 1)


def _iso_day(value: object) -> str | None:
    """The calendar day a date value writes (its own time zone), as ISO, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_DAY_RE.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    hits = full_dates(value)
    return hits[0][1].isoformat() if len(hits) == 1 else None


def _clean(value: object) -> str | None:
    """Whitespace-collapsed text with entities decoded (metadata carries "&amp;" often)."""
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None
