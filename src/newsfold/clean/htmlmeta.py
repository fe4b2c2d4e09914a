"""Clean stage, HTML path: what a page says about itself — title, site, author, dates.

:func:`head_metadata` reads the ``<head>`` (``<title>``, ``og:*``, author metas,
publication and modification dates in metas, ``<time>`` and JSON-LD) and the
page's ``<h1>`` elements; :func:`choose_title` picks the headline without the
site's name; :func:`page_date` settles the publication date from every piece of
evidence (container > html-meta > dateline > htmldate > weekday/relative, see
:func:`.dates.find_date`), never after the capture date.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from datetime import date, datetime, timedelta
from typing import Any

from ..records import DateEvidence
from .dates import find_date, full_dates
from .meta import norm, strip_site_suffix

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


def head_metadata(tree) -> dict[str, Any]:
    out: dict[str, Any] = {}
    title = tree.find(".//title")
    if title is not None:
        out["title"] = clean_value(title.text_content())
    metas: dict[tuple[str, str], str] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                metas.setdefault((attr, key), content)
    out["og_title"] = clean_value(metas.get(("property", "og:title")) or metas.get(("name", "og:title"))
                             or metas.get(("name", "twitter:title")))
    out["site_name"] = clean_value(metas.get(("property", "og:site_name")) or metas.get(("name", "application-name")))
    author = clean_value(metas.get(("name", "author")) or metas.get(("property", "article:author"))
                    or metas.get(("name", "byl")) or metas.get(("name", "parsely-author")))
    if author and not re.match(r"(?i)https?://", author):
        out["author"] = re.sub(r"(?i)^by\s+", "", author)
    h1s = []
    for el in tree.iter("h1"):
        text = clean_value(el.text_content())
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


def clean_value(value: object) -> str | None:
    """Whitespace-collapsed text with entities decoded (metadata carries "&amp;" often)."""
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None


def page_date(meta: dict, head: dict[str, Any], extracted_date: str | None, dateline, lead: str,
              reference: date | None) -> tuple[str | None, tuple[DateEvidence, ...]]:
    """The publication day of a page and the evidence for it (unknown rather than wrong)."""
    latest = None if reference is None else (day_of(reference) + timedelta(days=1)).isoformat()

    def evidence_of(kind: str, words: str, value: str | None) -> DateEvidence:
        if value and latest and value > latest:
            return DateEvidence(kind, f"{words} (after the capture date)", None)
        return DateEvidence(kind, words, value)

    extra: list[DateEvidence] = []
    if head.get("published"):
        extra.append(evidence_of("html-meta", *head["published"]))
    if head.get("modified"):
        extra.append(evidence_of("updated", *head["modified"]))
    if extracted_date:
        extra.append(evidence_of("htmldate", extracted_date, _iso_day(extracted_date)))
    return find_date(meta.get("published"), dateline and dateline.date, [],
                     reference=reference, extra=tuple(extra), lead=lead)


def day_of(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference
