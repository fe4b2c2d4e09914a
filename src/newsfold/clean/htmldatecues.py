"""Clean stage, HTML path: the date cues of a page, each a :class:`DateEvidence`.

What :func:`.htmldates.page_date` weighs to settle a page's publication day:

* :func:`markup_dates`: every date the markup declares -- publication
  (``html-meta``) and modification (``updated``) metas, JSON-LD and microdata
  of the page's own article;
* :func:`headline_dates`: the dates a reader sees by the headline ("Posted on
  ...", ``stamp``; "Updated ...", ``updated``), else the first date a byline or
  a "Published" label claims anywhere; the first date on the page
  (``page-text``); the page saying when it was first published ("This article
  was originally published on ...", ``original``); the earliest reader comment
  (``comment``); and the short stamps without a full date ("Posted 3 hours ago")
  that only a capture date resolves;
* :func:`url_date`: a date in the URL's path.

The evidence texts say where each date was read ("near the headline: ...",
``property="article:published_time" ...``); :func:`is_shown` and
:func:`from_head_meta` read them back.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urlparse

from lxml.etree import XPath

from ..records import DateEvidence
from . import knowledge as kb
from .dates import dated_spans, foreign_dated_spans
from .htmlpage import ARTICLE_TYPES, Block, is_prose, iso_day, json_objects
from .meta import norm, strip_site_suffix

# --- dates in the markup ---

# Meta keys naming a modification date, and (checked second) a publication date.
_MODIFIED_KEY = re.compile(r"modif|updat|revis|edited|last-?mod")

_PUBLISHED_KEY = re.compile(
    r"publish(?!er)|publication|pub[-_.]?date|pubdate|issued|release[-_]?date|date[-_.]?created|"
    r"creat(?:ed|ion)[-_.]?date|"
    r"^(?:dc\.|dcterms\.)?date$|^dc\.date\.created$|sailthru\.date|^date[-_.]?posted$"
)

_NOT_A_DAY_KEY = re.compile(r"expir|embargo|valid|event|start|end|birth|copyright|format|type")

def markup_dates(tree, metas: list[tuple[str, str, str]], headline=None, titles=()) -> list[DateEvidence]:
    """Publication (``html-meta``) and modification (``updated``) dates the markup declares."""
    urls = {c.split("#")[0].rstrip("/") for attr, key, c in metas if key in ("og:url", "twitter:url")}
    urls |= {(el.get("href") or "").split("#")[0].rstrip("/") for el in tree.iterfind(".//link[@rel='canonical']")}
    out: list[DateEvidence] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, words: str, value: object) -> None:
        day = iso_day(value)
        if not isinstance(value, str) or (kind, day or words) in seen:
            return
        seen.add((kind, day or words))
        out.append(DateEvidence(kind, f"{words} {' '.join(value.split())[:40]}", day))

    for attr, key, content in metas:
        if attr == "itemprop" or _NOT_A_DAY_KEY.search(key):
            continue  # microdata is read below, with its item
        if _MODIFIED_KEY.search(key):
            add("updated", f'{attr}="{key}"', content)
        elif _PUBLISHED_KEY.search(key):
            add("html-meta", f'{attr}="{key}"', content)
    for kind, key, value in _jsonld_dates(tree, titles, urls):
        add(kind, f"JSON-LD {key}", value)
    for kind, words, value in _microdata_dates(tree, headline):
        add(kind, words, value)
    return out

# Elements whose itemprop names a date. (Reading the attributes and going up to their elements
# is faster in libxml2 than testing every element for the attribute.)
_DATE_ITEMPROPS = XPath("//@itemprop[contains(translate(., 'DATE', 'date'), 'date')]/..")

def _microdata_dates(tree, headline) -> list[tuple[str, str, str]]:
    """(kind, words, value) of the page's own microdata dates (``itemprop``, ``<time pubdate>``).

    Pages mark up their teasers and comments as items too, each with its own
    date. The page's item is the one whose scope holds the headline; without
    such an item, all items; either way microdata counts only if it names a
    single publication day.
    """
    found = []
    for el in _DATE_ITEMPROPS(tree):
        prop = (el.get("itemprop") or "").strip().lower()
        if prop in ("datepublished", "datecreated", "datemodified"):
            value = el.get("content") or el.get("datetime") or el.text_content()
            found.append((_item_scope(el), "updated" if prop == "datemodified" else "html-meta",
                          f'itemprop="{prop}"', value))
    for el in tree.iterfind(".//time[@pubdate]"):
        found.append((_item_scope(el), "html-meta", "<time pubdate>", el.get("datetime") or el.text_content()))
    if not found:
        return []
    holders = set(headline.iterancestors()) if headline is not None else set()
    found = [f for f in found if f[0] is not None and f[0] in holders] or found
    published = {iso_day(f[3]) for f in found if f[1] == "html-meta"} - {None}
    return [f[1:] for f in found] if len(published) <= 1 else []

def _item_scope(el):
    for parent in el.iterancestors():
        if parent.get("itemscope") is not None:
            return parent
    return None

def _jsonld_dates(tree, titles: list[str | None] = (), urls: set[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(kind, key, value) of the dates of the page's own object in its JSON-LD.

    The page's object is an Article-like one if there is any (a WebPage or
    Product object's dates say when the *page record* changed), else any
    object that carries dates. When several such objects disagree (a list
    page's teasers), the page's own is the one whose headline is the page's
    title or whose URL is the page's canonical URL; if none is, all are kept
    and their disagreement leaves the date unknown.
    """
    found: list[tuple[bool, dict]] = []
    loose: list[tuple[str, str, str]] = []
    for text in _jsonld_texts(tree):
        if "date" not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            # Broken JSON (trailing commas, raw newlines): the keys can still be read.
            for m in re.finditer(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{6,40})"', text):
                loose.append(("updated" if m[1] == "dateModified" else "html-meta", m[1], m[2]))
            continue
        for obj in json_objects(data):
            if not any(isinstance(obj.get(k), str) for k in ("datePublished", "dateCreated", "dateModified")):
                continue
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            found.append((any(isinstance(k, str) and k.endswith(ARTICLE_TYPES) for k in kinds), obj))
    objects = [obj for is_article, obj in found if is_article] or [obj for _, obj in found]
    if len({str(obj.get("datePublished") or obj.get("dateCreated")) for obj in objects}) > 1:
        own = [obj for obj in objects if _is_page_object(obj, titles, urls)]
        objects = own or objects
    if len(objects) < len(found):
        # The page's own WebPage record beside its Article: when their publication days
        # differ, the metadata contradicts itself (and the day stays unknown).
        objects += [obj for is_article, obj in found if not is_article and _is_webpage(obj)
                    and isinstance(obj.get("datePublished"), str)]
    out = []
    for obj in objects:
        for key in ("datePublished", "dateCreated", "dateModified"):
            if key == "dateCreated" and "datePublished" in obj:
                continue  # when the record was made, not when the page appeared
            if isinstance(obj.get(key), str):
                out.append(("updated" if key == "dateModified" else "html-meta", key, obj[key]))
    return out or loose

def _is_webpage(obj: dict) -> bool:
    kind = obj.get("@type")
    return "WebPage" in (kind if isinstance(kind, list) else [kind])

def _jsonld_texts(tree):
    """The JSON-LD documents of a page: ``<script type="application/ld+json">``, and the
    ``<meta name="script:ld+json" content="...">`` some site builders write instead."""
    for el in tree.iter("script", "meta"):
        if el.tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json":
                yield el.text_content() or ""
        elif (el.get("name") or el.get("property") or "").strip().lower().endswith("ld+json"):
            yield el.get("content") or ""

def _is_page_object(obj: dict, titles, urls: set[str]) -> bool:
    """Does a JSON-LD object describe this page (its headline, or its URL)?"""
    for key in ("url", "@id", "mainEntityOfPage"):
        value = obj.get(key)
        value = value.get("@id") if isinstance(value, dict) else value
        if isinstance(value, str) and value.split("#")[0].rstrip("/") in urls:
            return True
    name = obj.get("headline") or obj.get("name")
    return isinstance(name, str) and any(t and norm(t) == norm(name) for t in titles)

_AROUND_BEFORE = 150  # characters of page text above the headline searched for a date stamp

_AROUND_AFTER = 500  # ... and below it

_PROSE_BLOCKS = 2  # blocks of prose (a standfirst, an intro) below the headline before the byline may end

# A heading over teasers of other pages ("Related Content", "More from ...", "Read next").
_TEASERS_HEAD = re.compile(
    r"^\W*(?:related\b|more\s+(?:from|stories|news|articles|posts|in|like\s+this)\b|recommended\b|"
    r"you\s+(?:may|might)\s+also\s+like|read\s+(?:next|more|also)\b|(?:most\s+)?popular\b|trending\b|"
    r"latest\s+(?:news|posts|articles|stories)\b|most\s+(?:read|viewed|shared)\b|see\s+also\b)[^.!?]{0,40}$",
    re.I,
)

_UPDATED_LABEL = re.compile(r"\b(?:(?:last\s+)?updated?|modified|edited|revised|refreshed|reviewed|aktualisiert|"
                            r"mis\s+[àa]\s+jour|actualizado|aggiornato)\b", re.I)

PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|written|created|released|dated|"
                              r"ver[öo]ffentlicht|publi[ée]|publicado|pubblicato)\b", re.I)

def headline_dates(blocks: list[Block], headline, day_first: bool | None = None,
                   titles=()) -> tuple[list[DateEvidence], list[str]]:
    """Dates a reader sees by the headline: the byline's "Posted on March 3, 2024" or "Updated ...".

    The headline is the element :func:`find_headline` found, else the first short
    block of text that reads as the page's title. Its neighbourhood is the
    short blocks of text (bylines, stamps, labels) above it (up to
    ``_AROUND_BEFORE`` characters) and below it (up to ``_AROUND_AFTER``
    characters, across at most ``_PROSE_BLOCKS`` blocks of prose such as a
    standfirst, and never past a "Related articles" heading); dates inside
    prose tell of other things. Its publication stamp (``stamp``) is the
    first date below the headline that no "Updated"-like label or class marks
    as a modification, else the closest one above it; each date marked as a
    modification is ``updated``. With no date by the headline at all, the
    first date a byline or a "Published" label claims elsewhere is the
    ``stamp`` (:func:`_signed_stamp`). The first date in a short block anywhere
    else on the page is kept as ``page-text`` (weak: it may be a sidebar's),
    ``updated`` when labelled so. Also kept: the page's own word on its first
    publication (``original``, :func:`_original_dates`) and the earliest
    reader comment (``comment``, :func:`_comment_bound`). Also returns the
    short blocks by the headline that may date the page without a full date
    ("Posted 3 hours ago"): only a capture date can resolve them (see
    :func:`page_date`).
    """
    if not blocks:
        return [], []
    inside = set(headline.iter()) if headline is not None else set()
    marks = [i for i, block in enumerate(blocks) if any(el in inside for _, el in block.runs)]
    if not marks or headline.tag != "h1":
        # No headline element, or only an <h2> like the title: a block reading exactly as the
        # title, above it, is the headline (site builders set the title in a styled <p>).
        keys = {norm(t) for t in titles if t} | {norm(strip_site_suffix(t)) for t in titles if t}
        keys.discard("")
        first = next((i for i, block in enumerate(blocks) if len(block.text) < 300 and norm(block.text) in keys), None)
        if first is not None and (not marks or first < marks[0]):
            marks = [first]
    zone: dict[int, bool] = {}  # block index -> below the headline
    if marks:
        budget = _AROUND_BEFORE
        for i in range(marks[0] - 1, -1, -1):
            if is_prose(blocks[i].text) or budget <= 0:
                break
            zone[i] = False
            budget -= len(blocks[i].text)
        budget, prose = _AROUND_AFTER, 0
        for i in range(marks[-1] + 1, len(blocks)):
            text = blocks[i].text
            if _TEASERS_HEAD.match(text) or budget <= 0:
                break  # "Related articles": the dates below belong to other pages
            if is_prose(text):
                prose += 1
                if prose > _PROSE_BLOCKS:
                    break
                continue
            zone[i] = True
            budget -= len(text)
    page = " ".join(block.text for block in blocks)
    above: list[DateEvidence] = []
    below: list[DateEvidence] = []
    updates: list[DateEvidence] = []
    elsewhere: DateEvidence | None = None
    undated: list[str] = []
    for i, block in enumerate(blocks):
        if i in marks:  # the headline's own words are no date stamp, but a <time> in it is
            zone[i] = True
        elif i not in zone and (elsewhere is not None or is_prose(block.text)):
            continue
        found = _block_dates(block, day_first)
        if not found and i in zone and i not in marks and _undated_stamp(block.text):
            undated.append(block.text)
        for at, written, day, el in found:
            if i in marks and el.tag != "time":
                continue
            update = _is_update(page[max(0, block.start + at - 40):block.start + at], el)
            words = _snippet(page, block.start + at, written)
            if i in zone:
                ev = DateEvidence("updated" if update else "stamp", f'near the headline: "{words}"', day)
                (updates if update else below if zone[i] else above).append(ev)
            elif elsewhere is None:
                elsewhere = DateEvidence("updated" if update else "page-text", f'on the page: "{words}"', day)
    # No date by the headline at all: the first signed one elsewhere.
    stamp = below[:1] or above[-1:] or ([] if updates else _signed_stamp(blocks, page, day_first))
    told = _original_dates(blocks, day_first) + _comment_bound(blocks, headline, day_first)
    return [*stamp, *updates, *([elsewhere] if elsewhere else []), *told], undated

# A byline: "By Jane Doe", "Written by Jane Doe", "Author: Jane Doe" (names capitalised).
_BYLINE = re.compile(r"^\W*(?:(?:[Ww]ritten|[Pp]osted|[Ii]nterview|[Ww]ords|[Ss]tory|[Rr]eported)\s+by|[Bb]y|BY|[Aa]uthor:)"
                     r"\s+(?P<first>[A-Z][\w.'’-]+)(?:\s+[A-Z][\w.'’-]+){0,3}")

def _signed_stamp(blocks: list[Block], page: str, day_first: bool | None) -> list[DateEvidence]:
    """The first date on the page that a byline or a "Published" label claims, as ``stamp``.

    For pages whose headline is far from the byline (a listicle opening with a
    comparison table) or was not found: "By Jane Doe Dec 18, 2025", "By Jane
    Doe" over "Dec 18, 2025", "Published on 2021-01-18". Labelled updates and
    dates in prose are not stamps.
    """
    signed = False  # the previous block is a bare byline
    for block in blocks:
        text = block.text
        if is_prose(text):
            signed = False
            continue
        byline = _BYLINE.match(text)
        if byline or signed or PUBLISHED_LABEL.search(text):
            for at, written, day, el in _block_dates(block, day_first):
                before = text[max(0, at - 25):at]
                if _is_update(before, el):
                    break
                if (byline and at >= byline.end("first")) or (signed and at == 0) or PUBLISHED_LABEL.search(before):
                    words = _snippet(page, block.start + at, written)
                    return [DateEvidence("stamp", f'on the page: "{words}"', day)]
        signed = bool(byline) and byline.end() >= len(text.rstrip(" ,|•·–—-"))
    return []

# "This article was originally published on 26 Sep 2019", "Originally posted: March 2, 2022".
_ORIGINAL = re.compile(
    r"(?:^\W*|\b(?:this|the)\s+(?:[\w-]+\s+){0,2}(?:was|is|has\s+been)\s+)"
    r"(?:originally|first)\s+(?:published|posted)\b[\s:,]*(?:on\s+|in\s+)?(?:the\s+)?",
    re.I,
)

def _original_dates(blocks: list[Block], day_first: bool | None) -> list[DateEvidence]:
    """``original``: the page saying when it first appeared ("This article was originally published on ...").

    Anywhere on the page -- such notes sit at the foot of refreshed articles --
    but only about the page itself ("This post was ...", or a stamp starting
    with the words), never about a book or a study it cites; the date must
    follow the words.
    """
    out = []
    for block in blocks:
        if "riginally" not in block.text and "irst" not in block.text:
            continue
        for m in _ORIGINAL.finditer(block.text):
            spans = dated_spans(block.text[m.end():m.end() + 60], day_first)
            if spans and spans[0][0] <= 12:  # (a weekday may come first)
                words = " ".join(block.text[m.start():m.end() + spans[0][0] + len(spans[0][1])].split())
                out.append(DateEvidence("original", f'on the page: "{words[-80:]}"', spans[0][2].isoformat()))
    return out[:3]

# Elements whose class or id may name comments, in page order (by their attributes, as above).
_COMMENT_NAMED = XPath("//@class[contains(., 'omment')]/.. | //@id[contains(., 'omment')]/..")

# A class or id naming reader comments ("comment-list", "comments-area", "commentlist").
_COMMENT_CLASS = re.compile(r"(?:^|[\s_-])comment(?:s|list)?(?:$|[\s_-])", re.I)

def _comment_bound(blocks: list[Block], headline, day_first: bool | None) -> list[DateEvidence]:
    """``comment``: the earliest date of the readers' comments, a day the page already existed.

    A stamp after it is a later update of the page (an almanac page showing
    "February 12, 2026" over comments from 2016), see :func:`settle`. Comment
    containers are the elements whose class or id names comments and that do
    not hold the headline (a ``<body class="comments-open">`` is no comment).
    """
    if headline is None or not blocks or not blocks[0].runs:
        return []
    root = blocks[0].runs[0][1].getroottree()
    try:
        candidates = _COMMENT_NAMED(root)
    except Exception:  # noqa: BLE001 - an odd tree only loses the bound
        return []
    holders = {headline, *headline.iterancestors()}
    inside: set = set()
    for el in candidates:
        if el.tag in ("html", "body") or el in holders or el in inside:
            continue
        if _COMMENT_CLASS.search(el.get("class") or "") or _COMMENT_CLASS.search(el.get("id") or ""):
            inside.update(el.iter())
    if not inside:
        return []
    earliest: tuple[date, str] | None = None
    for block in blocks:
        if not any(el in inside for _, el in block.runs):
            continue
        for _at, words, day in dated_spans(block.text, day_first):
            if earliest is None or day < earliest[0]:
                earliest = (day, words)
    if earliest is None:
        return []
    return [DateEvidence("comment", f'a reader comment of "{earliest[1]}"', earliest[0].isoformat())]


# --- what the dates of a block are ---

def _undated_stamp(text: str) -> bool:
    """A short block that may say when without a full date ("Posted 3 hours ago", "vor 2 Tagen", "Friday 9 May")."""
    return len(text.split()) <= 8 and bool(_WHEN_WORDS.search(text))

_WHEN_WORDS = re.compile(r"\d|ago|yesterday|today|heute|gestern|hier|ayer|вчера|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.I)

_DIGIT = re.compile(r"\d")

def _block_dates(block: Block, day_first: bool | None):
    """(offset, words, ISO day, element) of the dates in a block, in order.

    The words a reader sees come first; a ``<time datetime=...>`` gives the
    day only when its visible text is no full date ("3 days ago", "Dec 3"):
    the attribute is often UTC, the visible words the page's own day.
    """
    # (Every written date has digits, a year at least: most blocks are not searched.)
    text = block.text
    written = (dated_spans(text, day_first) or foreign_dated_spans(text)) if _DIGIT.search(text) else []
    if not written and not any(el.tag == "time" for _, el in block.runs):
        return []
    out = []
    ends = [at for at, _ in block.runs[1:]] + [len(block.text)]
    for i, (at, el) in enumerate(block.runs):
        if el.tag == "time" and (day := iso_day(el.get("datetime"))):
            if not any(at <= offset < ends[i] for offset, _, _ in written):
                out.append((at, block.text[at:ends[i]].strip() or el.get("datetime").strip()[:30], day, el))
    for offset, words, day in written:
        run = max((i for i, (at, _) in enumerate(block.runs) if at <= offset), default=0)
        el = block.runs[run][1]
        if el.tag == "time" and _contradicts(day, iso_day(el.get("datetime"))):
            continue  # <time datetime="2024-12-20">August 28, 2024</time>: which one is meant?
        out.append((offset, words, day.isoformat(), el))
    return sorted(out, key=lambda x: x[0])

def _contradicts(day: date, other: str | None) -> bool:
    """Do two days differ by more than a time zone can explain?"""
    return other is not None and abs((date.fromisoformat(other) - day).days) > 1

def _is_update(context: str, el) -> bool:
    """An "Updated ..." label just before the date, or an update-named class on its element or parents."""
    label_up = _UPDATED_LABEL.search(context[-30:])
    label_pub = PUBLISHED_LABEL.search(context[-30:])
    if label_up or label_pub:
        return bool(label_up) and (not label_pub or label_up.start() > label_pub.start())
    for _ in range(3):
        if el is None:
            break
        hints = " ".join((el.get("class") or "", el.get("itemprop") or "", el.get("id") or "")).lower()
        if re.search(r"publish|posted|created", hints):
            return False  # WordPress marks its one date "published updated": published wins
        if re.search(r"updat|modif", hints):
            return True
        el = el.getparent()
    return False

def _snippet(text: str, at: int, written: str) -> str:
    """The date with the few words before it (its label), for the evidence record."""
    before = text[max(0, at - 30):at].split()
    return " ".join([*before[-3:], written])

def url_date(url: object) -> DateEvidence | None:
    """A publication day in the URL's path ("/2023/05/17/slug", "/2023-05-17-slug")."""
    if not isinstance(url, str):
        return None
    try:
        path = urlparse(url).path
    except ValueError:
        return None
    for rx in _URL_DAY_RES:
        m = rx.search(path)
        if m:
            month = m["m"]
            month = int(month) if month.isdigit() else kb.MONTHS.get(month.lower())
            try:
                day = date(int(m["y"]), month, int(m["d"]))
            except (TypeError, ValueError):
                continue
            return DateEvidence("url", f"URL path {m.group(0).strip('/')}", day.isoformat())
    return None

_URL_DAY_RES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)"),
    re.compile(rf"/(?P<y>(?:19|20)\d\d)/(?P<m>{kb.MONTH_ALT})/(?P<d>[0-3]?\d)(?:/|$)", re.I),  # /2023/october/03/
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)[-_](?P<m>[01]\d)[-_](?P<d>[0-3]\d)(?![\d])"),
)


# --- what the evidence texts say (read by :func:`.htmldates.settle`) ---

def from_head_meta(ev: DateEvidence) -> bool:
    """Publication evidence from a ``<meta>`` tag of the head (not JSON-LD, microdata or ``<time>``)."""
    return ev.kind == "html-meta" and ev.text.startswith(("property=", "name=", "http-equiv="))

def is_shown(ev: DateEvidence) -> bool:
    """Is this evidence a date a reader sees (by the headline, or the page's first date)?"""
    return ev.text.startswith(("near the headline", "on the page"))

