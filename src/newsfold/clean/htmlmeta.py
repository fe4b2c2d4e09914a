"""Clean stage, HTML path: what a page says about itself — title, site, author, publication day.

:func:`head_metadata` reads the page once: ``<title>``, ``og:*``, the ``<h1>``
elements, the site name, the author metas and JSON-LD authors, every date the
markup declares (publication and modification metas, JSON-LD, microdata) and
the dates a reader sees by the headline (the byline's "Posted on ...",
"Updated ..."). From that:

* :func:`choose_title` picks the headline without the site's name;
* :func:`choose_byline` picks who wrote it ("A, B and C");
* :func:`page_date` settles the publication day by agreement of independent
  witnesses -- publication metadata, the date stamp by the headline, a date in
  the URL, a dated dateline -- and leaves it unknown when they disagree, when
  the page shows only an update day against its metadata, or when nothing but
  htmldate's guess speaks (see :func:`settle`). Nothing after the capture date
  counts; every clue is kept as :class:`DateEvidence`.

Measured on the 659 dated WCXB dev article pages (``python -m
newsfold.evaluation.extraction_meta``): day right 0.753, wrong 1.8 %, unknown
the rest -- against htmldate 1.x extensive 0.847 right, 15 % wrong.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from ..records import DateEvidence
from . import knowledge as kb
from .dates import dated_spans, find_date, full_dates
from .meta import norm, strip_site_suffix

# Title separators: a spaced | - – — · » : or ::, as in "Headline | Site" or "Site - Headline".
_TITLE_SPLIT_RE = re.compile(r"\s+(?:\||-|–|—|·|»|::|:)\s+")
_HOST_LABELS_SKIP = frozenset({"www", "m", "mobile", "amp", "edition", "news", "en", "de", "fr", "es", "it", "uk",
                               "us"})

_YEAR_FIRST_RE = re.compile(rf"^\s*(?P<y>(?:19|20)\d\d)[ ,]+(?P<m>{kb.MONTH_ALT})\.?[ ,]+(?P<d>\d{{1,2}})\b", re.I)
_ISO_DAY_RE = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")

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
    one sharing most. An h1 that is the page's title plus more words around it
    ("Blog: <title>", "<title> Posted on May 1 by ...") swallowed a label or a
    byline: then the title. Otherwise the metadata title, without the site
    segment. A " | " trail left in the result ("Headline | Opinion",
    "Headline | Top 19 Companies") is a section or a tagline: dropped.
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
        h1 = best[2]
        return _drop_trail(next((ref for ref in refs if _wraps(h1, ref)), h1))
    for candidate in (og_title, html_title, extracted):
        if candidate:
            stripped = strip_site(candidate, sitename, host)
            if stripped != candidate:
                return _drop_trail(stripped)
    for candidate in (og_title, html_title, extracted):
        if candidate:
            return _drop_trail(strip_site_suffix(candidate))
    return h1s[0] if h1s else None


def _wraps(h1: str, ref: str) -> bool:
    """Is the h1 the title ``ref`` plus a label ("Blog: ...") or a byline or date stamp after it?"""
    key, whole = norm(ref), norm(h1)
    if len(key.split()) < 3 or key == whole or f" {key} " not in f" {whole} ":
        return False
    before, _, after = f" {whole} ".partition(f" {key} ")
    if before.strip():  # "Blog: <title>", or a date stamp first
        labelled = bool(re.match(r"^\W*\w+(?:\s+\w+)?\s*:", h1)) and not after.strip()
        return labelled or bool(dated_spans(h1[:len(h1) // 2]))
    # "<title> Posted on May 1, 2024 by Ana", "<title> - Site Name"
    return bool(dated_spans(h1) or _BYLINE_WORDS.search(after) or _SHORT_TAIL.search(h1))


_BYLINE_WORDS = re.compile(r"^\s*(?:by|posted|published|updated|written)\b")
_SHORT_TAIL = re.compile(r"\s[-–—|]\s+\S+(?:\s+\S+){0,2}\s*$")


def _drop_trail(title: str) -> str:
    """'Headline | Section' -> 'Headline' (a pipe never joins two halves of one headline)."""
    head = _PIPE_RE.split(title, maxsplit=1)[0].strip()
    return head if len(head.split()) >= 3 else title


_PIPE_RE = re.compile(r"\s+(?:\||·|::)\s+")
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


def site_name(value: object, title: str | None = None) -> str | None:
    """A site's name from ``og:site_name``, without its tagline ("Hommés Studio | Modern Interior Design").

    A value that is the page's title, a sentence, or a copyright notice names no site.
    """
    name = clean_value(value)
    if not name or (title and norm(name) == norm(title)) or re.search(r"(?i)copyright|https?://|©", name):
        return None
    head = _SITE_TAGLINE_RE.split(name, maxsplit=1)[0].strip()
    name = head or name
    return name if len(name.split()) <= 8 else None


_SITE_TAGLINE_RE = re.compile(r"\s+(?:\||-|–|—|·|::|:)\s+")


def _spaced_text(el) -> str:
    """An element's text with a space where a line break or a block ends ("(US)<br>Your Guide")."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and (child.tag == "br" or child.tag in _BLOCK_TAGS):
            parts += [" ", _spaced_text(child), " "]
        elif isinstance(child.tag, str) and child.tag not in _UNSEEN:
            parts.append(_spaced_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- <head> metadata ----------------------------------------------------------------------


def head_metadata(tree) -> dict[str, Any]:
    """Title candidates, site name, author and every date the page's markup and header state.

    ``dates`` holds :class:`DateEvidence` of kinds ``html-meta`` (publication
    metadata: meta tags, JSON-LD ``datePublished``, microdata, ``<time pubdate>``),
    ``updated`` (modification metadata and "Updated ..." stamps), ``stamp`` (a
    date written near the headline, see :func:`headline_dates`) and ``page-text``
    (the first date written anywhere on the page); :func:`page_date` weighs them.
    """
    out: dict[str, Any] = {}
    title = tree.find(".//title")
    if title is not None:
        out["title"] = clean_value(title.text_content())
    metas: list[tuple[str, str, str]] = []  # (attribute, lower-cased key, content) in page order
    first: dict[tuple[str, str], str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                metas.append((attr, key, content))
                first.setdefault((attr, key), content)
    out["og_title"] = clean_value(first.get(("property", "og:title")) or first.get(("name", "og:title"))
                                  or first.get(("name", "twitter:title")))
    out["site_name"] = site_name(first.get(("property", "og:site_name")) or first.get(("name", "application-name")),
                                 out.get("title"))
    author = clean_value(first.get(("name", "author")) or first.get(("property", "article:author"))
                         or first.get(("name", "byl")) or first.get(("name", "parsely-author")))
    if author and not re.match(r"(?i)https?://", author):
        out["author"] = re.sub(r"(?i)^by\s+", "", author)
    h1s = []
    for el in tree.iter("h1"):
        text = clean_value(_spaced_text(el))
        if text:
            h1s.append(text)
        if len(h1s) >= 3:
            break
    out["h1"] = h1s
    lang = tree.get("lang") or first.get(("http-equiv", "content-language")) or ""
    out["lang"] = lang.strip().lower() or None
    headline = _headline(tree, [out.get("og_title"), out.get("title")])
    blocks = _text_blocks(tree)
    dates = markup_dates(tree, metas, headline, [out.get("og_title"), out.get("title"), *h1s[:1]])
    shown, undated = headline_dates(blocks, headline, _day_first(out["lang"]), [out.get("og_title"), out.get("title")])
    out["dates"] = dates + shown
    out["undated_stamps"] = undated[:5]
    out["authors"] = jsonld_authors(tree)
    out["shown_byline"] = shown_byline(blocks, headline)
    return out


# --- authors -----------------------------------------------------------------------------


def choose_byline(head: dict[str, Any], lead_byline: str | None, extracted: str | None) -> str | None:
    """Who wrote the page: the byline a reader sees, else what the markup declares.

    Strongest first: a "By ..." line at the top of the extracted text
    (``lead_byline``), a "By ..." line by the headline, the Article's authors
    in JSON-LD, the ``author`` meta, the extractor's guess (trafilatura's
    ``author``). Each is cleaned of "By", trailing dates and "Updated" stamps,
    and several people are joined as a byline writes them: "A, B and C".
    """
    for candidate in (lead_byline, head.get("shown_byline"), head.get("authors"), head.get("author"), extracted):
        names = _names(candidate)
        if names:
            return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return None


_NAME_SEP = re.compile(r"\s*(?:;|,?\s+and\s+|\s&\s|,\s*(?=[A-Z][\w.'’-]+\s+[A-Z]))\s*")
# What follows a name in a byline: a stamp, a date, a reading time, a separator and a role.
_NAME_TAIL = re.compile(
    rf"(?:\s*[|•·–—]\s*|\s+-\s+|\s*,\s*|\s+)(?:(?:last\s+)?(?:updated|published|posted|modified|on|view)\b.*|"
    rf"(?:{kb.MONTH_ALT})\b\.?(?:\s+\d.*)?|\d.*)$",
    re.I,
)
_NAME_CUT = re.compile(r"\s*(?:[|•·–—]|\s-\s|,)\s*")  # "Name | SEO", "Name - Team", "Name, Dietitian"
_NAME_LEAD = re.compile(r"(?i)^(?:\S+\s+){0,4}?(?:written\s+)?by\s+|^(?:author|words)\s*:?\s+")
_ROLE_WORD = re.compile(
    r"\b(?:former|senior|staff|contributing|trending|associate|executive|managing|chief|lead|deputy|head|"
    r"editor|reporter|writer|correspondent|columnist|contributor|consultant|analyst|producer|journalist|"
    r"expert|director|officer|founder|co-founder|ceo|coo|cto|rn|md|phd)\b.*$",
    re.I,
)
_NOT_A_NAME = re.compile(r"^(?:the\s+)?(?:author|admin|name|staff|editor|by|dec|posted|updated|team)$|[@/]|^\d+$"
                         r"|^[\w-]+(?:\.[\w-]+)+$", re.I)


def _not_a_name(part: str) -> bool:
    """A handle, an e-mail, a role ("Executive Editor"), a credential ("MS", "Ph D"), a month.

    A wire agency ("AP", "PTI") is a byline, not a credential: it says where the story came from.
    """
    if kb.wire_name(part):
        return False
    words = part.split()
    return bool(_NOT_A_NAME.search(part) or _ROLE_WORD.match(part)
                or (len(words) <= 2 and all(w.isupper() and len(w) <= 5 or w.rstrip(".") in _CREDENTIAL_BITS
                                            for w in words))
                or part.lower().rstrip(".") in kb.MONTHS)


_CREDENTIAL_BITS = frozenset({"Ph", "D", "Jr", "Sr", "Dr"})


def _names(value: object) -> list[str]:
    """People named by a byline-like value (a string, or a list of names), cleaned of roles and stamps."""
    raw = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in raw:
        text = clean_value(item) if isinstance(item, str) else None
        if not text or re.match(r"(?i)https?://", text) or len(text) > 200:
            continue
        text = _NAME_LEAD.sub("", text, count=1)
        for part in _NAME_SEP.split(text):
            part = _NAME_CUT.split(_NAME_TAIL.sub("", part), maxsplit=1)[0]
            if len(part.split()) >= 3:
                part = _ROLE_WORD.sub("", part) if _ROLE_WORD.search(" ".join(part.split()[2:])) else part
            part = part.strip(" ,;:|-–—·")
            if part and part not in names and len(part.split()) <= 6 and not _not_a_name(part):
                names.append(part)
    return names


def jsonld_authors(tree) -> list[str] | None:
    """The names of the Article's ``author`` in the page's JSON-LD, or None."""
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = el.text_content() or ""
        if "author" not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for obj in _json_objects(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if not any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds) or not obj.get("author"):
                continue
            people = obj["author"] if isinstance(obj["author"], list) else [obj["author"]]
            names = [p.get("name") if isinstance(p, dict) else p for p in people]
            names = [n for n in names if isinstance(n, str) and n.strip()]
            if names:
                return names
    return None


_SHOWN_BYLINE = re.compile(r"^(?:by|written\s+by|words\s+by|author:?)\s+(?P<who>\S.{1,120})$", re.I)


def shown_byline(blocks: list[_Block], headline) -> str | None:
    """A "By Jane Doe" block within a few blocks below the headline, or None."""
    if headline is None:
        return None
    inside = set(headline.iter())
    seen = None
    for i, block in enumerate(blocks):
        if seen is None:
            if any(el in inside for _, el in block.runs):
                seen = i
            continue
        if i - seen > 8 or _is_prose(block.text):
            return None
        m = _SHOWN_BYLINE.match(block.text)
        if m:
            return m["who"]
    return None


# --- dates in the markup ------------------------------------------------------------------

# Meta keys naming a modification date, and (checked second) a publication date.
_MODIFIED_KEY = re.compile(r"modif|updat|revis|edited|last-?mod")
_PUBLISHED_KEY = re.compile(
    r"publish(?!er)|publication|pub[-_.]?date|pubdate|issued|release[-_]?date|date[-_.]?created|"
    r"creat(?:ed|ion)[-_.]?date|"
    r"^(?:dc\.|dcterms\.)?date$|^dc\.date\.created$|sailthru\.date|^date[-_.]?posted$"
)
_NOT_A_DAY_KEY = re.compile(r"expir|embargo|valid|event|start|end|birth|copyright|format|type")
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "Posting", "Review", "Recipe", "HowTo", "FAQPage", "QAPage")


def markup_dates(tree, metas: list[tuple[str, str, str]], headline=None, titles=()) -> list[DateEvidence]:
    """Publication (``html-meta``) and modification (``updated``) dates the markup declares."""
    urls = {c.split("#")[0].rstrip("/") for attr, key, c in metas if key in ("og:url", "twitter:url")}
    urls |= {(el.get("href") or "").split("#")[0].rstrip("/") for el in tree.iterfind(".//link[@rel='canonical']")}
    out: list[DateEvidence] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, words: str, value: object) -> None:
        day = _iso_day(value)
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
    published = {_iso_day(f[3]) for f in found if f[1] == "html-meta"} - {None}
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
        for obj in _json_objects(data):
            if not any(isinstance(obj.get(k), str) for k in ("datePublished", "dateCreated", "dateModified")):
                continue
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            found.append((any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds), obj))
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


def _json_objects(data: Any, depth: int = 0):
    """Every JSON object of a JSON-LD document (``@graph`` members, nested objects), outer first."""
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _json_objects(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _json_objects(item, depth + 1)


def _iso_day(value: object) -> str | None:
    """The calendar day a date value writes (in its own time zone), as ISO, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    m = _ISO_DAY_RE.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    m = _YEAR_FIRST_RE.match(value)  # "2023 Jan 7" (bibliographic metadata)
    if m:
        try:
            return date(int(m["y"]), kb.MONTHS[m["m"].lower().rstrip(".")], int(m["d"])).isoformat()
        except ValueError:
            return None
    hits = full_dates(value[:80])
    return hits[0][1].isoformat() if len(hits) == 1 else None


# --- dates written near the headline -------------------------------------------------------

# Elements whose text a reader does not see as the page's own (menus, scripts, asides).
_UNSEEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "select", "option", "button",
                     "iframe", "nav", "footer", "figcaption", "title"})
_AROUND_BEFORE = 150  # characters of page text above the headline searched for a date stamp
_AROUND_AFTER = 500  # ... and below it
_PROSE_BLOCKS = 2  # blocks of prose (a standfirst, an intro) below the headline before the byline may end
_PROSE_CHARS = 150  # a longer block is body prose, where dates tell of other things
# A heading over teasers of other pages ("Related Content", "More from ...", "Read next").
_TEASERS_HEAD = re.compile(
    r"^\W*(?:related\b|more\s+(?:from|stories|news|articles|posts|in|like\s+this)\b|recommended\b|"
    r"you\s+(?:may|might)\s+also\s+like|read\s+(?:next|more|also)\b|(?:most\s+)?popular\b|trending\b|"
    r"latest\s+(?:news|posts|articles|stories)\b|most\s+(?:read|viewed|shared)\b|see\s+also\b)[^.!?]{0,40}$",
    re.I,
)


def _is_prose(text: str) -> bool:
    """A block of running text (long, or a sentence of ten words or more), not a byline or a stamp."""
    return len(text) > _PROSE_CHARS or (len(text.split()) >= 10 and bool(re.search(r"[.!?](?:\s|$)", text)))
_UPDATED_LABEL = re.compile(r"\b(?:(?:last\s+)?updated?|modified|edited|revised|refreshed|reviewed|aktualisiert|"
                            r"mis\s+[àa]\s+jour|actualizado|aggiornato)\b", re.I)
_PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|written|created|released|dated|"
                              r"ver[öo]ffentlicht|publi[ée]|publicado|pubblicato)\b", re.I)


def headline_dates(blocks: list[_Block], headline, day_first: bool | None = None,
                   titles=()) -> tuple[list[DateEvidence], list[str]]:
    """Dates a reader sees by the headline: the byline's "Posted on March 3, 2024" or "Updated ...".

    The headline is the element :func:`_headline` found, else the first short
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
            if _is_prose(blocks[i].text) or budget <= 0:
                break
            zone[i] = False
            budget -= len(blocks[i].text)
        budget, prose = _AROUND_AFTER, 0
        for i in range(marks[-1] + 1, len(blocks)):
            text = blocks[i].text
            if _TEASERS_HEAD.match(text) or budget <= 0:
                break  # "Related articles": the dates below belong to other pages
            if _is_prose(text):
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
        elif i not in zone and (elsewhere is not None or _is_prose(block.text)):
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


def _undated_stamp(text: str) -> bool:
    """A short block that may say when without a full date ("Posted 3 hours ago", "vor 2 Tagen", "Friday 9 May")."""
    return len(text.split()) <= 8 and bool(_WHEN_WORDS.search(text))


_WHEN_WORDS = re.compile(r"\d|ago|yesterday|today|heute|gestern|hier|ayer|вчера|"
                         r"monday|tuesday|wednesday|thursday|friday|saturday|sunday", re.I)


@dataclass(slots=True)
class _Block:
    start: int  # offset of the block in the page text (blocks joined by one space)
    text: str
    runs: list[tuple[int, Any]]  # (offset in the block, element holding the text run)


# Elements that start a new line of page text; inline ones (a, span, time, b) run on.
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
                         "section", "article", "header", "main", "body", "blockquote", "dd", "dt", "dl", "figure",
                         "form", "address", "pre", "br", "hr", "fieldset", "legend", "details", "summary"})


def _text_blocks(tree) -> list[_Block]:
    """The page text a reader sees, in blocks (paragraphs, list items, byline boxes), in page order."""
    blocks: list[_Block] = []
    current = None
    pos = 0
    for words, el, block_el in _visible_runs(tree):
        if current is None or block_el is not current[0]:
            if current is not None:
                pos = current[1].start + len(current[1].text) + 1
            current = (block_el, _Block(pos, "", []))
            blocks.append(current[1])
        block = current[1]
        if block.text:
            block.text += " "
        block.runs.append((len(block.text), el))
        block.text += words
    return blocks


def _visible_runs(tree):
    """(whitespace-collapsed text, its element, its block element) of every text run a reader sees."""
    from lxml import etree

    root = tree.find("body")
    hidden = 0
    blocks = [tree]  # the block element each open element's text belongs to
    for event, el in etree.iterwalk(root if root is not None else tree, events=("start", "end")):
        tag = el.tag
        unseen = not isinstance(tag, str) or tag in _UNSEEN
        if event == "start":
            blocks.append(el if tag in _BLOCK_TAGS else blocks[-1])
            if unseen:
                hidden += 1
            elif not hidden and el.text and not el.text.isspace():
                yield " ".join(el.text.split()), el, blocks[-1]
        else:
            blocks.pop()
            if unseen:
                hidden -= 1
            if not hidden and el.tail and not el.tail.isspace():
                parent = el.getparent()
                # Text after a <br> or a block starts a new block of its own.
                yield " ".join(el.tail.split()), (parent if parent is not None else el), \
                    (el if tag in _BLOCK_TAGS else blocks[-1])


def _block_dates(block: _Block, day_first: bool | None):
    """(offset, words, ISO day, element) of the dates in a block, in order.

    The words a reader sees come first; a ``<time datetime=...>`` gives the
    day only when its visible text is no full date ("3 days ago", "Dec 3"):
    the attribute is often UTC, the visible words the page's own day.
    """
    out = []
    written = dated_spans(block.text, day_first)
    ends = [at for at, _ in block.runs[1:]] + [len(block.text)]
    for i, (at, el) in enumerate(block.runs):
        if el.tag == "time" and (day := _iso_day(el.get("datetime"))):
            if not any(at <= offset < ends[i] for offset, _, _ in written):
                out.append((at, block.text[at:ends[i]].strip() or el.get("datetime").strip()[:30], day, el))
    for offset, words, day in written:
        run = max((i for i, (at, _) in enumerate(block.runs) if at <= offset), default=0)
        out.append((offset, words, day.isoformat(), block.runs[run][1]))
    return sorted(out, key=lambda x: x[0])


def _headline(tree, titles: list[str | None]):
    refs = [set(norm(t).split()) for t in titles if t]
    best = None
    for tag, least in (("h1", 0.3), ("h2", 0.5)):
        for el in tree.iter(tag):
            words = set(norm(el.text_content()).split())
            if len(words) < 2:
                continue
            score = max((len(words & r) / max(len(words), len(r)) for r in refs if r), default=0.0)
            if tag == "h1" and not refs:
                score = least  # no title to compare: the first h1 is the headline
            if score >= least and (best is None or score > best[0]):
                best = (score, el)
        if best is not None:
            return best[1]
    return None


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


def _day_first(lang: str | None) -> bool | None:
    """Whether 03/04/2025 is 3 April: the page language's convention (None: unknown, ambiguous dates dropped)."""
    if not lang:
        return None
    if lang in ("en-us", "en_us") or lang.startswith(("en-us", "en-ph")):
        return False
    if lang.startswith("en") and lang not in ("en",):
        return True
    if lang == "en":
        return None
    return True


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


def clean_value(value: object) -> str | None:
    """Whitespace-collapsed text with entities decoded (metadata carries "&amp;" often)."""
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None


# --- the publication day --------------------------------------------------------------------

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
    latest = None if reference is None else (day_of(reference) + timedelta(days=1)).isoformat()

    def checked(ev: DateEvidence) -> DateEvidence:
        if ev.value and latest and ev.value > latest:
            return DateEvidence(ev.kind, f"{ev.text} (after the capture date)", None)
        return ev

    extra: list[DateEvidence] = [checked(ev) for ev in head.get("dates", ())]
    in_url = url_date(meta.get("url"))
    if in_url:
        extra.append(checked(in_url))
    if extracted_date:
        extra.append(checked(DateEvidence("htmldate", extracted_date, _iso_day(extracted_date))))
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
        near = (d - timedelta(days=1)) if hour < 10 else (d + timedelta(days=1)) if hour >= 14 else None
        if near is not None and near.isoformat() in in_url:
            return near.isoformat()
    return ev.value


def day_of(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference
