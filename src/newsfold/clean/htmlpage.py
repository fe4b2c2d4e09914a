"""Clean stage, HTML path: reading a page as a reader sees it.

The page's tree (:func:`parse_page`, the one parse of the HTML path). Shared by
:mod:`.htmlmeta` (titles, authors) and :mod:`.htmldates` (dates): the visible
text in blocks (:func:`text_blocks`), the headline element
(:func:`find_headline`), JSON-LD objects, ISO days of metadata values and the
day-month order of a page's language.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from . import knowledge as kb
from .dates import full_dates
from .meta import norm


@cache
def _page_parser():
    """trafilatura's HTML parser settings, with lxml.html's element classes assigned in C.

    lxml.html's own parser picks each element's class in a Python callback, run for every
    element object lxml makes: over a page's walks (newsfold's, trafilatura's on its
    copies of the tree, which keep the parser, and htmldate's) that is a million calls
    for the AEB pages. Form elements lose their form-specific subclasses, which nothing
    here uses; every element is still an ``HtmlElement``, as trafilatura and htmldate expect.
    """
    from lxml import etree
    from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction

    parser = etree.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
    parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))
    return parser


def parse_page(text: str):
    """The tree of an HTML page, or None where it is no HTML: ``trafilatura.utils.load_html``'s
    steps (its repairs of faulty markup, its retry on bytes, its test for HTML at all), run
    with :func:`_page_parser`."""
    from lxml.html import fromstring
    from trafilatura.utils import decode_file, is_dubious_html, repair_faulty_html

    text = decode_file(text)
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    text = repair_faulty_html(text, beginning)
    tree, from_bytes = None, False
    try:
        tree = fromstring(text, parser=_page_parser())
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        tree, from_bytes = _parse_bytes(text), True
    except Exception:  # noqa: BLE001 - lxml on hostile markup: no tree
        tree = None
    if (tree is None or len(tree) < 1) and not from_bytes:
        tree = _parse_bytes(text)
    if tree is not None and dubious and len(tree) < 2:
        return None  # no <html> and next to nothing parsed: not a web page
    return tree


def _parse_bytes(text: str):
    from lxml.html import fromstring

    try:
        return fromstring(text.encode("utf8", "surrogatepass"), parser=_page_parser())
    except Exception:  # noqa: BLE001 - lxml on hostile markup: no tree
        return None


_YEAR_FIRST_RE = re.compile(rf"^\s*(?P<y>(?:19|20)\d\d)[ ,]+(?P<m>{kb.MONTH_ALT})\.?[ ,]+(?P<d>\d{{1,2}})\b", re.I)

_ISO_DAY_RE = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")

ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "Posting", "Review", "Recipe", "HowTo", "FAQPage", "QAPage")

def json_objects(data: Any, depth: int = 0):
    """Every JSON object of a JSON-LD document (``@graph`` members, nested objects), outer first."""
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from json_objects(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from json_objects(item, depth + 1)


def jsonld_articles(tree, needle: str):
    """The Article-typed objects (``ARTICLE_TYPES``) of the page's JSON-LD scripts whose text holds
    ``needle`` (a cheap test before parsing), in page order; scripts that do not parse are skipped."""
    for el in tree.iter("script"):
        if (el.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = el.text_content() or ""
        if needle not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for obj in json_objects(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith(ARTICLE_TYPES) for k in kinds):
                yield obj


def iso_day(value: object) -> str | None:
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

# Elements whose text a reader does not see as the page's own (menus, scripts, asides).
UNSEEN = frozenset({"script", "style", "noscript", "template", "svg", "head", "select", "option", "button",
                     "iframe", "nav", "footer", "figcaption", "title"})

_PROSE_CHARS = 150  # a longer block is body prose, where dates tell of other things
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

def is_prose(text: str) -> bool:
    """A block of running text (long, or a sentence of ten words or more), not a byline or a stamp."""
    return len(text) > _PROSE_CHARS or (len(text.split()) >= 10 and bool(_SENTENCE_END.search(text)))

@dataclass(slots=True)
class Block:
    start: int  # offset of the block in the page text (blocks joined by one space)
    text: str
    runs: list[tuple[int, Any]]  # (offset in the block, element holding the text run)

# Elements that start a new line of page text; inline ones (a, span, time, b) run on.
BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
                         "section", "article", "header", "main", "body", "blockquote", "dd", "dt", "dl", "figure",
                         "form", "address", "pre", "br", "hr", "fieldset", "legend", "details", "summary"})

def text_blocks(tree) -> list[Block]:
    """The page text a reader sees, in blocks (paragraphs, list items, byline boxes), in page order."""
    blocks: list[Block] = []
    current = None
    pos = 0
    for words, el, block_el in visible_runs(tree):
        if current is None or block_el is not current[0]:
            if current is not None:
                pos = current[1].start + len(current[1].text) + 1
            current = (block_el, Block(pos, "", []))
            blocks.append(current[1])
        block = current[1]
        if block.text:
            block.text += " "
        block.runs.append((len(block.text), el))
        block.text += words
    return blocks

def unseen(el) -> bool:
    """Is this element's text hidden from a reader, or not the page's own (a menu, a script, the site footer)?

    Two exceptions to :data:`UNSEEN`: a ``<footer>`` inside an ``<article>`` is
    the article's own footer (its byline and date, as HTML5 means it), and a
    ``<button>`` holding headings or paragraphs is no button but an unclosed
    tag the parser wrapped around the rest of the page.
    """
    tag = el.tag
    if not isinstance(tag, str):
        return True
    if tag not in UNSEEN:
        return False
    if tag == "footer":
        return not any(parent.tag == "article" for parent in el.iterancestors())
    if tag == "button":
        return next(el.iterdescendants(*_CONTENT_TAGS), None) is None
    return True

# Elements no real button holds: a "button" around them is a parse of broken markup.
_CONTENT_TAGS = ("p", "h1", "h2", "h3", "article", "main", "section")

def visible_runs(tree):
    """(whitespace-collapsed text, its element, its block element) of every text run a reader sees."""
    from lxml import etree

    root = tree.find("body")
    blocks = [tree]  # the block element each open element's text belongs to
    walker = etree.iterwalk(root if root is not None else tree, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "start":
            blocks.append(el if tag in BLOCK_TAGS else blocks[-1])
            # (the set test first: unseen() is a call, and most elements are plainly seen)
            if (tag in UNSEEN or not isinstance(tag, str)) and unseen(el):
                # Nothing inside is seen: the walk goes on with its end (its tail is seen).
                walker.skip_subtree()
                continue
            text = el.text
            if text and not text.isspace():
                yield " ".join(text.split()), el, blocks[-1]
        else:
            blocks.pop()
            tail = el.tail
            if tail and not tail.isspace():
                parent = el.getparent()
                # Text after a <br> or a block starts a new block of its own.
                yield " ".join(tail.split()), (parent if parent is not None else el), \
                    (el if tag in BLOCK_TAGS else blocks[-1])

def find_headline(tree, titles: list[str | None]):
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
    # No heading shares enough words with the title ("Biggest Tech events 2026" under the title
    # "Top Tech Conferences 2026 - ..."): a page's only <h1> is still its headline.
    h1s = [el for el in tree.iter("h1") if len(norm(el.text_content()).split()) >= 2]
    return h1s[0] if len(h1s) == 1 else None

def day_first_of(lang: str | None) -> bool | None:
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

def clean_value(value: object) -> str | None:
    """Whitespace-collapsed text with entities decoded (metadata carries "&amp;" often)."""
    if not isinstance(value, str):
        return None
    text = " ".join(htmllib.unescape(value).split())
    return text or None
