"""Clean stage, HTML path: what a page says about itself — title, site, author, and (from
:mod:`.htmldates`) its publication day.

:func:`head_metadata` reads the page once: ``<title>``, ``og:*``, the ``<h1>``
elements, the site name, the author metas and JSON-LD authors, every date the
markup declares and the dates a reader sees by the headline. From that:

* :func:`choose_title` picks the headline without the site's name;
* :func:`choose_byline` picks who wrote it ("A, B and C");
* :func:`.htmldates.page_date` settles the publication day by agreement of
  independent witnesses, unknown rather than wrong.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.etree import Element

from . import knowledge as kb
from .dates import dated_spans
from .htmldatecues import headline_dates, markup_dates
from .htmldates import day_of, page_date
from .htmlpage import (BLOCK_TAGS, UNSEEN, Block, clean_value, day_first_of, find_headline, is_prose,
                       jsonld_articles, text_blocks)
from .meta import norm, strip_site_suffix

# html.py takes the page's day from here too: one import for the whole page metadata.
__all__ = ["choose_byline", "choose_title", "clean_value", "day_of", "extractor_author", "extractor_metadata",
           "head_metadata", "page_date", "site_name", "strip_site"]

# Title separators: a spaced | - – — · » : or ::, as in "Headline | Site" or "Site - Headline".
_TITLE_SPLIT_RE = re.compile(r"\s+(?:\||-|–|—|·|»|::|:)\s+")
_HOST_LABELS_SKIP = frozenset({"www", "m", "mobile", "amp", "edition", "news", "en", "de", "fr", "es", "it", "uk",
                               "us"})


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
        if isinstance(child.tag, str) and (child.tag == "br" or child.tag in BLOCK_TAGS):
            parts += [" ", _spaced_text(child), " "]
        elif isinstance(child.tag, str) and child.tag not in UNSEEN:
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
    headline = find_headline(tree, [out.get("og_title"), out.get("title")])
    blocks = text_blocks(tree)
    dates = markup_dates(tree, metas, headline, [out.get("og_title"), out.get("title"), *h1s[:1]])
    shown, undated = headline_dates(blocks, headline, day_first_of(out["lang"]), [out.get("og_title"), out.get("title")])
    out["dates"] = dates + shown
    out["undated_stamps"] = undated[:5]
    out["authors"] = jsonld_authors(tree)
    out["shown_byline"] = shown_byline(blocks, headline)
    return out


# --- trafilatura's metadata ----------------------------------------------------------------


def extractor_metadata(tree, url: str | None, date_params: dict[str, Any]):
    """trafilatura's reading of the page's metadata: title, site name, description, URL, host,
    the author its meta tags and JSON-LD name, and htmldate's day (a ``trafilatura.settings.Document``).

    The steps of ``trafilatura.metadata.extract_metadata``, less what newsfold never reads
    (categories, tags and the licence: a third of that function's time) and less its search
    of the whole page for an author when the head names none, its dearest step, which
    :func:`extractor_author` runs only when no byline of the page's own is found.
    A page whose metadata trafilatura cannot read gets an empty one: its body still counts.
    """
    from courlan import extract_domain
    from htmldate import find_date
    from trafilatura.metadata import (META_URL, Document, examine_meta, extract_meta_json, extract_sitename,
                                      extract_title, extract_url)

    try:
        doc = examine_meta(tree)
        if doc.author and " " not in doc.author:
            doc.author = None  # (as trafilatura: a single word is a handle, not a name)
        try:
            doc = extract_meta_json(tree, doc)
        except Exception:  # noqa: BLE001 - as trafilatura: broken JSON-LD only loses its fields
            pass
        if not doc.title:
            doc.title = extract_title(tree)
        if not doc.url:
            doc.url = extract_url(tree, url)
        if doc.url:
            doc.hostname = extract_domain(doc.url, fast=True)
        doc.date = find_date(tree, **date_params, url=doc.url)
        if not doc.sitename:
            doc.sitename = extract_sitename(tree)
        if doc.sitename:
            doc.sitename = doc.sitename.lstrip("@")  # a Twitter handle
            if doc.sitename and "." not in doc.sitename and not doc.sitename[0].isupper():
                doc.sitename = doc.sitename.title()
        elif doc.url and (m := META_URL.match(doc.url)):
            doc.sitename = m[1]
        doc.clean_and_trim()
    except Exception:  # noqa: BLE001 - odd markup costs the metadata, never the page
        return Document()
    return doc


def extractor_author(tree) -> str | None:
    """trafilatura's search of the whole page for an author, or None. It prunes ``tree``:
    call it on a copy, or as the last reading of the page.

    ``trafilatura.metadata.extract_author``'s steps (prune the page of comments,
    sidebars, dates and figures; the first author-like element whose text is 3 to
    119 characters; trafilatura's cleaning of names), with its XPath selectors
    written as the Python tests below: they select the same elements, but lxml runs
    each ``re:test`` of theirs as a Python call per element, which made this fallback
    dearer than the page's whole body extraction. trafilatura prunes a deep copy of
    the page; :func:`.html.clean_html` has read all it needs by then, and spares it.
    """
    from trafilatura.htmlprocessing import prune_unwanted_nodes
    from trafilatura.json_metadata import normalize_authors
    from trafilatura.metadata import Document, extract_metainfo

    try:
        page = prune_unwanted_nodes(tree, [_author_discarded, _times_and_figures])
        author = extract_metainfo(page, [_author_named, _author_classed, _author_hinted], len_limit=120)
        doc = Document(author=normalize_authors(None, author) if author else None)
        doc.clean_and_trim()  # trimmed as trafilatura trims its metadata
    except Exception:  # noqa: BLE001 - odd markup costs the author, never the page
        return None
    return doc.author


# trafilatura 2.3's author selectors (``trafilatura.xpaths.AUTHOR_XPATHS`` and
# ``AUTHOR_DISCARD_XPATHS``), each a function of the tree (the root of trafilatura's copy)
# returning the elements its XPath selects, in page order. Its regular expressions are
# alternations of words, so ``re:test(@class, 'a|b')`` is "class contains a or b" (one search
# of the same words here), and ``^w`` "starts with w". tests/clean/test_clean_htmlmeta_author.py
# holds them to trafilatura's.
def _words(*words: str) -> re.Pattern:
    return re.compile("|".join(map(re.escape, words)))


_DISCARD_CLASS = _words("commentlist", "comments-list", "sidebar", "is-hidden", "quote", "embedly-instagram",
                        "article-share", "article-support", "print", "category", "meta-date", "meta-reviewer")
_DISCARD_ID = _words("commentlist", "comment-list", "ProductReviews")


def _author_discarded(tree) -> list:
    """``.//*[self::a or self::div or self::section or self::span][comments, sidebars, dates...]``"""
    out = []
    for el in tree.iterdescendants("a", "div", "section", "span"):
        ident, cls = el.get("id") or "", el.get("class") or ""
        if (ident.startswith("comments") or _DISCARD_ID.search(ident)
                or cls in ("comments", "title", "date") or cls.startswith(("comments", "Comments"))
                or _DISCARD_CLASS.search(cls) or "Figure" in (el.get("data-component") or "")):
            out.append(el)
    return out


def _times_and_figures(tree) -> list:
    """``//time|//figure``"""
    return list(tree.iter("time", "figure"))


_NAMED_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_NAMED_CLASS = _words("authorname", "author-name", "AuthorName", "authorName")


def _author_named(tree) -> list:
    """The specific selector: ``rel="author"``, ``class="author"``, ``class`` naming an author name, ``<author>``."""
    out = []
    for el in tree.iter("author", *_NAMED_TAGS):
        tag = el.tag
        if tag == "author":
            out.append(el)
        elif tag in _NAMED_TAGS:
            cls = el.get("class") or ""
            if (el.get("rel") == "author" or el.get("id") == "author" or cls == "author"
                    or el.get("itemprop") == "author name" or el.get("data-testid") in ("AuthorCard", "AuthorURL")
                    or _NAMED_CLASS.search(cls) or (el.find("rel") is not None and _has_rel_me(el))):
                out.append(el)
    return out


def _has_rel_me(el) -> bool:
    """XPath's ``rel='me'``: a child element ``<rel>`` whose text is "me"."""
    return any("".join(child.itertext()) == "me" for child in el.iterchildren("rel"))


_CLASSED_ID = _words("author", "zuozhe", "bianji", "xiaobian")
_CLASSED_CLASS = _words("author", "channel-name", "zuozhe", "bianji", "xiaobian", "submitted-by", "posted-by",
                        "journalist-name")


def _author_classed(tree) -> list:
    """The generic selector: a byline or author class or id on a text element."""
    out = []
    for el in tree.iter("a", "div", "h3", "h4", "p", "span"):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if (cls in ("byline", "username", "byl", "BBL") or "author" in (el.get("itemprop") or "")
                or _CLASSED_ID.search(ident) or _CLASSED_CLASS.search(cls)):
            out.append(el)
    return out


_HINTED_ID = _words("Author", "author")
_HINTED_CLASS = _words("Author", "author", "screenname", "writer", "Byline", "byline")


def _author_hinted(tree) -> list:
    """The last resort: any element whose class, id, itemprop or component hints at an author."""
    out = []
    for el in tree.iter(Element):
        if ("Byline" in (el.get("data-component") or "") or "author" in (el.get("itemprop") or "")
                or _HINTED_ID.search(el.get("id") or "") or _HINTED_CLASS.search(el.get("class") or "")):
            out.append(el)
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
    for obj in jsonld_articles(tree, "author"):
        if not obj.get("author"):
            continue
        people = obj["author"] if isinstance(obj["author"], list) else [obj["author"]]
        names = [p.get("name") if isinstance(p, dict) else p for p in people]
        names = [n for n in names if isinstance(n, str) and n.strip()]
        if names:
            return names
    return None


_SHOWN_BYLINE = re.compile(r"^(?:by|written\s+by|words\s+by|author:?)\s+(?P<who>\S.{1,120})$", re.I)


def shown_byline(blocks: list[Block], headline) -> str | None:
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
        if i - seen > 8 or is_prose(block.text):
            return None
        m = _SHOWN_BYLINE.match(block.text)
        if m:
            return m["who"]
    return None


