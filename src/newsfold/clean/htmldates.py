"""Clean stage, HTML path: the publication day of a page, by agreement of witnesses.

Every date the markup declares (:func:`markup_dates`: publication and
modification metas, JSON-LD and microdata of the page's own article), the
dates a reader sees by the headline (:func:`headline_dates`: "Posted on ...",
"Updated ..."), a date in the URL (:func:`url_date`) and a dated dateline are
witnesses; :func:`page_date` settles the day only when the strong ones agree,
and leaves it unknown when they disagree, when the page shows only an update
day against its metadata, or when nothing but htmldate's guess speaks (see
:func:`settle`). Nothing after the capture date counts; every clue is kept as
:class:`DateEvidence`.

Measured on the 659 dated WCXB dev article pages (``python -m
newsfold.evaluation.extraction_meta``): day right 0.753, wrong 1.8 %, unknown
the rest -- against htmldate 1.x extensive 0.847 right, 15 % wrong.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlparse

from ..records import DateEvidence
from .dates import dated_spans, find_date, latest_day, shift_day
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

def _microdata_dates(tree, headline) -> list[tuple[str, str, str]]:
    """(kind, words, value) of the page's own microdata dates (``itemprop``, ``<time pubdate>``).

    Pages mark up their teasers and comments as items too, each with its own
    date. The page's item is the one whose scope holds the headline; without
    such an item, all items; either way microdata counts only if it names a
    single publication day.
    """
    found = []
    for el in tree.xpath("//*[@itemprop][contains(translate(@itemprop, 'DATE', 'date'), 'date')]"):
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
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = el.text_content() or ""
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
    out = []
    for obj in objects:
        for key in ("datePublished", "dateCreated", "dateModified"):
            if key == "dateCreated" and "datePublished" in obj:
                continue  # when the record was made, not when the page appeared
            if isinstance(obj.get(key), str):
                out.append(("updated" if key == "dateModified" else "html-meta", key, obj[key]))
    return out or loose

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

_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|written|created|released|dated|"
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
    modification is ``updated``. The first date in a short block anywhere
    else on the page is kept as ``page-text`` (weak: it may be a sidebar's),
    ``updated`` when labelled so. Also returns the short blocks by the headline
    that may date the page without a full date ("Posted 3 hours ago"): only a
    capture date can resolve them (see :func:`page_date`).
    """
    if not blocks:
        return [], []
    inside = set(headline.iter()) if headline is not None else set()
    marks = [i for i, block in enumerate(blocks) if any(el in inside for _, el in block.runs)]
    if not marks:
        keys = {norm(t) for t in titles if t} | {norm(strip_site_suffix(t)) for t in titles if t}
        keys.discard("")
        marks = next(([i] for i, block in enumerate(blocks) if len(block.text) < 300 and norm(block.text) in keys), [])
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
    stamp = below[:1] or above[-1:]
    return [*stamp, *updates, *([elsewhere] if elsewhere else [])], undated


# --- the publication day ---

def _undated_stamp(text: str) -> bool:
    """A short block that may say when without a full date ("Posted 3 hours ago", "vor 2 Tagen", "Friday 9 May")."""
    return len(text.split()) <= 8 and bool(_WHEN_WORDS.search(text))

_WHEN_WORDS = re.compile(r"\d|ago|yesterday|today|heute|gestern|hier|ayer|вчера|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.I)

def _block_dates(block: Block, day_first: bool | None):
    """(offset, words, ISO day, element) of the dates in a block, in order.

    The words a reader sees come first; a ``<time datetime=...>`` gives the
    day only when its visible text is no full date ("3 days ago", "Dec 3"):
    the attribute is often UTC, the visible words the page's own day.
    """
    out = []
    written = dated_spans(block.text, day_first)
    ends = [at for at, _ in block.runs[1:]] + [len(block.text)]
    for i, (at, el) in enumerate(block.runs):
        if el.tag == "time" and (day := iso_day(el.get("datetime"))):
            if not any(at <= offset < ends[i] for offset, _, _ in written):
                out.append((at, block.text[at:ends[i]].strip() or el.get("datetime").strip()[:30], day, el))
    for offset, words, day in written:
        run = max((i for i, (at, _) in enumerate(block.runs) if at <= offset), default=0)
        out.append((offset, words, day.isoformat(), block.runs[run][1]))
    return sorted(out, key=lambda x: x[0])

def _is_update(context: str, el) -> bool:
    """An "Updated ..." label just before the date, or an update-named class on its element or parents."""
    label_up = _UPDATED_LABEL.search(context[-30:])
    label_pub = _PUBLISHED_LABEL.search(context[-30:])
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
            try:
                day = date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
            return DateEvidence("url", f"URL path {m.group(0).strip('/')}", day.isoformat())
    return None

_URL_DAY_RES = (
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)"),
    re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)[-_](?P<m>[01]\d)[-_](?P<d>[0-3]\d)(?![\d])"),
)

# Evidence that says "first published on": each kind an independent witness.
_WITNESSES = ("html-meta", "stamp", "url", "dateline")

def page_date(meta: dict, head: dict[str, Any], extracted_date: str | None, dateline, lead: str,
              reference: date | None) -> tuple[str | None, tuple[DateEvidence, ...]]:
    """The publication day of a page and the evidence for it (unknown rather than wrong).

    A container date wins (as in :func:`.dates.find_date`). Otherwise the
    witnesses -- publication metadata, the date stamp by the headline, a date
    in the URL, a dated dateline -- must all name one day (a UTC timestamp
    near midnight takes the URL's neighbouring local day); witnesses that
    disagree leave it unknown, except that metadata contradicting itself is
    settled by the page's own words when they name one of its days. A page
    that shows only when it was *updated* (an "Updated" stamp, or an unlabelled
    stamp on the metadata's modification day) while its metadata gives another
    publication day is ambiguous -- readers and archives take either -- so it
    stays unknown too. With no witness, htmldate's guess counts only when the
    first date written on the page agrees with it. Nothing after the capture
    date (with a day of slack) counts. See :func:`settle`.
    """
    latest = latest_day(reference)

    def checked(ev: DateEvidence) -> DateEvidence:
        if ev.value and latest and ev.value > latest:
            return DateEvidence(ev.kind, f"{ev.text} (after the capture date)", None)
        return ev

    extra: list[DateEvidence] = [checked(ev) for ev in head.get("dates", ())]
    in_url = url_date(meta.get("url"))
    if in_url:
        extra.append(checked(in_url))
    if extracted_date:
        extra.append(checked(DateEvidence("htmldate", extracted_date, iso_day(extracted_date))))
    if reference is not None and head.get("undated_stamps"):
        # "Posted 3 hours ago" by the headline: a stamp once a capture date resolves it.
        for line in head["undated_stamps"]:
            day, found = find_date(None, None, [line], reference=reference)
            extra += [ev for ev in found if ev.value != day]
            if day:
                extra.append(checked(DateEvidence("stamp", f'near the headline: "{line}"', day)))
    container_day, evidence = find_date(meta.get("published"), dateline and dateline.date, [],
                                        reference=reference, lead=lead)
    evidence = (*evidence, *extra)
    if any(ev.kind == "container" and ev.value for ev in evidence):
        return container_day, evidence
    return settle(evidence), evidence

def settle(evidence: tuple[DateEvidence, ...] | list[DateEvidence]) -> str | None:
    """The day the witnesses agree on, or None (see :func:`page_date`)."""
    published = {ev.value for ev in evidence if ev.kind == "html-meta" and ev.value}
    modified = {ev.value for ev in evidence if ev.kind == "updated" and ev.value and not _shown(ev)}
    shown = {ev.value for ev in evidence if ev.kind == "updated" and ev.value and _shown(ev)}
    witnesses = []
    for ev in evidence:
        if not ev.value or ev.kind not in _WITNESSES:
            continue
        if ev.kind == "stamp" and ev.value in modified - published:
            shown.add(ev.value)  # an unlabelled stamp showing the modification day: an update stamp
        else:
            witnesses.append(ev)
    if not witnesses:
        guess = next((ev.value for ev in evidence if ev.kind == "htmldate" and ev.value), None)
        first_seen = next((ev.value for ev in evidence if ev.kind == "page-text" and ev.value), None)
        day = guess if guess and guess == first_seen else None
        return None if shown and day not in shown else day
    in_url = {ev.value for ev in witnesses if ev.kind == "url"}
    days = [_local_day(ev, in_url) for ev in witnesses]
    meta_days = {d for ev, d in zip(witnesses, days) if ev.kind == "html-meta"}
    page_days = {d for ev, d in zip(witnesses, days) if ev.kind != "html-meta"}
    if len(meta_days) > 1:
        # Metadata that contradicts itself: the page's own words pick one of its days, unless
        # the days are a time-zone apart (then which is the local day is anyone's guess).
        ordered = sorted(date.fromisoformat(d) for d in meta_days)
        if (ordered[-1] - ordered[0]).days <= 1 or len(page_days) != 1 or not page_days <= meta_days:
            return None
        return page_days.pop()
    if len(set(days)) != 1:
        return None
    day = days[0]
    if page_days:
        return day  # the page's own words agree with its metadata (or speak alone)
    # Metadata alone while the page shows another day as its update: ambiguous.
    return None if shown and day not in shown else day

def _shown(ev: DateEvidence) -> bool:
    """Is this evidence a date a reader sees (by the headline, or the page's first date)?"""
    return ev.text.startswith(("near the headline", "on the page"))

_UTC_TIME_RE = re.compile(r"\d{4}-\d\d-\d\d[T ](?P<h>\d\d):\d\d(?::\d\d(?:\.\d+)?)?\s*(?:Z|[+-]00:?00)\b")

def _local_day(ev: DateEvidence, in_url: set[str]) -> str:
    """The day a witness writes; for a UTC timestamp near midnight, the URL's day next to it.

    "2025-12-19T02:41:41+00:00" is the evening of December 18 in the Americas;
    a URL made at publication ("/2025/12/18/slug") says which local day it was.
    """
    m = _UTC_TIME_RE.search(ev.text) if ev.kind == "html-meta" else None
    if m:
        d = date.fromisoformat(ev.value)
        hour = int(m["h"])
        near = shift_day(d, days=-1) if hour < 10 else shift_day(d, days=1) if hour >= 14 else None
        if near is not None and near.isoformat() in in_url:
            return near.isoformat()
    return ev.value

def day_of(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference
