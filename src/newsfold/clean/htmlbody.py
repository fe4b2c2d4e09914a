"""Clean stage, HTML path: which blocks of trafilatura's output are the article body.

trafilatura finds the article on the page; this module decides, block by block,
what of its output a reader would call the article. Measured on the WCXB dev
pages (the development set; AEB is the held-out check), trafilatura's balanced
mode fails in a few recurring ways, and each rule here answers one of them:

* lists lost    the balanced mode drops lists *inside* the article (a guide's
                steps, a review's pros and cons) while its recall mode keeps them;
                :func:`with_recall_lists` adds the recall extraction's list items
                that fall between blocks both extractions agree on. Its extra
                blocks *around* the article are the page's chrome and stay out.
* chrome        short lines that are navigation, calls to action, photo captions
                and credits, bylines and date stamps, as the plain-text path
                classifies them (:func:`.lines.classify`), outside tables, code
                and quotations
* repeated      a paragraph of eight words or more that the page shows twice (a
                pull quote, a block laid out once for phones and once for desks)
                is kept once
* cookies       a cookie notice or cookie-policy table, wherever it sits
* page foot     the run of furniture below the last paragraph: the author's box,
                "Sign up for our newsletter", "Tags:", disclaimers, a "Related"
                heading. Only a run at the very end counts, and only while such
                lines are at least as many as the short lines among them, so a
                closing list or a table is never taken for a foot.

:func:`body_blocks` returns the blocks kept and, for each block dropped, its
index and a reason (the vocabulary of :class:`RemovedLine` reasons).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import knowledge as kb
from .lines import classify, is_sentence_like, word_count

# Elements the recall mode wraps whole passages in: their children are the blocks.
_CONTAINERS = frozenset({"div", "section", "article", "main"})
# Block kinds whose lines are data, not prose: never judged as chrome or foot.
_DATA_KINDS = frozenset({"table", "code"})
# Longest line the line classifier judges as chrome, a caption or a credit: a longer one
# that merely ends in "Photo: X" is a paragraph with a credit, not a caption.
_CHROME_MAX_WORDS = 30
# A paragraph shown twice counts as repeated from this many words (a short line such as
# "Pros" or "Yes" repeats for good reason).
_REPEAT_MIN_WORDS = 8
# Longest line searched for a call to action; longer ones are the article's own conclusion.
_CTA_MAX_WORDS = 20
_BIO_MAX_WORDS = 80
_FOOT_HEADING_MAX_WORDS = 10
# Longest line the foot may pass over that is neither furniture nor prose (a label, a name).
_FOOT_SHORT_WORDS = 12

REASONS = {"chrome": "boilerplate", "caption": "caption", "credit": "credit", "byline": "byline", "date": "date"}


@dataclass(frozen=True, slots=True)
class Block:
    """One line of the extracted text and the element trafilatura made it from."""

    text: str  # whitespace collapsed
    kind: str  # trafilatura's element: p, head, list, table, quote, code, ...
    words: int
    prose: bool  # reads like a sentence (:func:`.lines.is_sentence_like`)


def make_block(text: str, kind: str) -> Block:
    words = word_count(text)
    return Block(text, kind, words, is_sentence_like(text, words))


def blocks_of(body) -> list[Block]:
    """The lines of trafilatura's output tree (its ``Document.body``), each with its element's kind.

    Each element is rendered as trafilatura renders its text (``xmltotxt``); the
    containers its recall mode keeps whole are opened, so that their paragraphs,
    lists and headings are blocks of their own kind.
    """
    from trafilatura.xml import xmltotxt

    out: list[Block] = []

    def add(text: str, kind: str) -> None:
        for line in text.split("\n"):
            line = " ".join(line.split())
            if line:
                out.append(make_block(line, kind))

    def walk(parent) -> None:
        if parent.text and parent.text.strip():
            add(parent.text, "p")
        for child in parent:
            tag = child.tag if isinstance(child.tag, str) else "other"
            if tag in _CONTAINERS and len(child):
                walk(child)  # its paragraphs, lists and headings, each of its own kind
                if child.tail and child.tail.strip():
                    add(child.tail, "p")
            else:
                add(xmltotxt(child, False), tag)  # the element and its tail, as trafilatura writes them

    if body is not None:
        _collapse_whitespace(body)
        walk(body)
    return out


def _collapse_whitespace(tree) -> None:
    """Line breaks of the HTML source inside text become spaces (outside code).

    trafilatura trims the paragraphs it rebuilds, but a container its recall mode
    keeps whole still holds the source's hard-wrapped lines, which would otherwise
    split a sentence into two "paragraphs". Breaks the page shows (``<br>``, block
    ends) are elements, and stay.
    """
    code = next(tree.iter("code"), None) is not None  # (without code, no text needs its ancestors read)
    for el in tree.iter():
        text, tail = el.text, el.tail
        if text and ("\n" in text or "\r" in text) and not (code and _in_code(el, itself=True)):
            el.text = _BREAKS.sub(" ", text)
        if tail and ("\n" in tail or "\r" in tail) and not (code and _in_code(el, itself=False)):
            el.tail = _BREAKS.sub(" ", tail)


_BREAKS = re.compile(r"[\r\n]+")


def _in_code(el, itself: bool) -> bool:
    return (itself and el.tag == "code") or any(a.tag == "code" for a in el.iterancestors())


def chars(blocks: Sequence[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def with_recall_lists(balanced: list[Block], recall: list[Block]) -> list[Block]:
    """The balanced extraction, with the list items only the recall extraction found inside the article.

    Blocks the two share anchor the article; recall's extra list items between
    the first and the last anchor go in at their place. Recall's other extras
    (paragraphs, and anything before or after the anchors) are left out: there
    it keeps the chrome the balanced mode rightly dropped.
    """
    at = {b.text: i for i, b in enumerate(balanced)}
    anchors = [i for i, b in enumerate(recall) if b.text in at]
    if not anchors:
        return balanced
    first, last = anchors[0], anchors[-1]
    out: list[Block] = []
    taken = 0  # balanced blocks already copied
    for i, block in enumerate(recall):
        j = at.get(block.text)
        if j is not None:
            if j >= taken:
                out.extend(balanced[taken : j + 1])
                taken = j + 1
        elif first < i < last and block.kind == "list":
            out.append(block)
    out.extend(balanced[taken:])
    return out


def body_blocks(blocks: Sequence[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """(the blocks that are the body, [(index, reason)] of the others)."""
    drop: dict[int, str] = {}
    seen: set[str] = set()
    for i, b in enumerate(blocks):
        if b.kind in _DATA_KINDS:
            continue
        if b.kind != "quote" and b.words <= _CHROME_MAX_WORDS:
            kind = classify(b.text, b.words)
            if kind is not None:
                drop[i] = REASONS.get(kind, kind)
                continue
        if b.words >= _REPEAT_MIN_WORDS:
            if b.text in seen:
                drop[i] = "repeated"
                continue
            seen.add(b.text)
        if kb.COOKIE_NOTICE_RE.search(b.text):
            drop[i] = "cookie notice"
    for i in range(foot_start(blocks), len(blocks)):
        drop.setdefault(i, "page foot")
    kept = [b for i, b in enumerate(blocks) if i not in drop]
    return kept, sorted(drop.items())


def is_furniture(b: Block) -> bool:
    """A line of the page's foot: a call to action, an author's box, a box heading, chrome, a cookie notice."""
    if b.kind in _DATA_KINDS:
        return False
    if b.words <= _CTA_MAX_WORDS and kb.CALL_TO_ACTION_RE.search(b.text):
        return True
    if b.words <= _BIO_MAX_WORDS and kb.AUTHOR_BIO_RE.match(b.text) and kb.AUTHOR_ROLE_RE.search(b.text):
        return True
    if b.words <= _FOOT_HEADING_MAX_WORDS and kb.FOOT_HEADING_RE.match(b.text.lstrip("-#* ")):
        return True
    if b.words <= _CHROME_MAX_WORDS and classify(b.text, b.words) in ("chrome", "date", "byline", "credit"):
        return True
    return bool(kb.COOKIE_NOTICE_RE.search(b.text))


def foot_start(blocks: Sequence[Block]) -> int:
    """Index of the first block of the page's foot (``len(blocks)`` when it has none).

    Walking up from the last block: furniture extends the foot, a short other
    line (a name, a label) is passed over, prose or a table ends the walk. The
    foot starts at the highest furniture line below which furniture is at least
    as common as the short lines passed over.
    """
    start = len(blocks)
    furniture = other = 0
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind in _DATA_KINDS:
            break
        if is_furniture(b):
            furniture += 1
            if furniture >= other:
                start = i
        elif b.prose or b.words > _FOOT_SHORT_WORDS:
            break
        else:
            other += 1
    return start
