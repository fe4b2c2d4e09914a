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
                heading, headings with nothing under them, and the back matter of
                :mod:`.backmatter` (who contributed and how to reach them, "Source:",
                disclaimers and disclosures, reference-list entries, footnotes,
                dated teasers of other posts, rights notices, appeals to donate or
                fill out a form). Only a run at the very end counts, and only while
                such lines are at least as many as the short lines among them, so a
                closing list or a table is never taken for a foot. Bare web
                addresses count only under a "Sources" heading.
* headed foot   a back-matter heading ("References", "About the author",
                "Disclaimer", "You might also like") with less than 30% of the text
                below it, when the line under it is of the heading's kind (and,
                under "Related", every line below is a teaser's length): the foot
                starts there (:func:`headed_foot_start`).

:func:`body_blocks` returns the blocks kept and, for each block dropped, its
index and a reason (the vocabulary of :class:`RemovedLine` reasons).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import backmatter as bm
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
# Longest credit or contact line ("X contributed reporting", "Write to X at ..."), disclaimer,
# reference-list entry and dated teaser of another post the foot takes (:mod:`.backmatter`).
_CONTRIBUTION_MAX_WORDS = 40
_DISCLAIMER_MAX_WORDS = 250
_CITATION_MAX_WORDS = 120
_TEASER_MAX_WORDS = 40
# Longest rights notice ("Idioms from ... copyright © 2002 by ...") or appeal of the site (to
# donate, to fill out a form).
_NOTICE_MAX_WORDS = 80

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
            if kb.COOKIE_NOTICE_RE.search(b.text):
                drop[i] = "cookie notice"  # a row of a cookie-policy table: data, but the site's, not the article's
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
    for i in range(min(foot_start(blocks), headed_foot_start(blocks)), len(blocks)):
        drop.setdefault(i, "page foot")
    kept = [b for i, b in enumerate(blocks) if i not in drop]
    return kept, sorted(drop.items())


def is_furniture(b: Block) -> bool:
    """A line of the page's foot: a call to action, an author's box, a box heading, chrome, a cookie
    notice, or back matter (:mod:`.backmatter`: credits and contacts, disclaimers, references, teasers)."""
    if b.kind in _DATA_KINDS:
        return False
    if b.words <= _CTA_MAX_WORDS and kb.CALL_TO_ACTION_RE.search(b.text):
        return True
    if b.words <= _BIO_MAX_WORDS and kb.AUTHOR_BIO_RE.match(b.text) and kb.AUTHOR_ROLE_RE.search(b.text):
        return True
    if b.words <= _FOOT_HEADING_MAX_WORDS and (kb.FOOT_HEADING_RE.match(b.text.lstrip("-#* "))
                                               or bm.is_back_matter_heading(b.text.lstrip("-#* "))):
        return True
    if b.words <= _CHROME_MAX_WORDS and classify(b.text, b.words) in ("chrome", "date", "byline", "credit"):
        return True
    if b.words <= _CONTRIBUTION_MAX_WORDS and bm.CONTRIBUTION_RE.search(b.text):
        return True
    if b.words <= _DISCLAIMER_MAX_WORDS and bm.DISCLAIMER_RE.search(b.text):
        return True
    if b.words <= _CITATION_MAX_WORDS and bm.CITATION_RE.search(b.text):
        return True
    if b.words <= _TEASER_MAX_WORDS and bm.DATED_TEASER_RE.search(b.text):
        return True
    if b.words <= _NOTICE_MAX_WORDS and (bm.COPYRIGHT_RE.search(b.text) or bm.APPEAL_RE.search(b.text)):
        return True
    return bool(kb.COOKIE_NOTICE_RE.search(b.text))


# A heading of the page's back matter ("Related posts", "About the author", "References") opens
# the foot when what follows it is a small share of the text and the line below it is of the
# heading's kind.
_HEADED_FOOT_SHARE = 0.3  # of the characters
_TEASER_TITLE_WORDS = 15
_AUTHOR_NAME_WORDS = 12


def headed_foot_start(blocks: Sequence[Block]) -> int:
    """Index of a back-matter heading that opens the page's foot (``len(blocks)`` when there is none).

    The first such heading after which less than this share of the text
    (``_HEADED_FOOT_SHARE``) follows and the line below it is what
    the heading announces: a source or a web address under "References", a name
    or a biography under "About the author", a disclaimer under "Disclaimer", a
    teaser (a list item, a short title) under "Related posts". A heading whose
    box the extractor removed stands alone above the article's next paragraph,
    and stays.
    """
    # blocks[first:] are the last blocks holding at most that share of the text; a heading
    # qualifies when what follows it lies within them (i + 1 >= first).
    most = _HEADED_FOOT_SHARE * chars(blocks)
    first, after = len(blocks), 0
    while first > 0 and after + len(blocks[first - 1].text) <= most:
        first -= 1
        after += len(blocks[first].text)
    for i in range(max(first - 1, 0), len(blocks) - 1):
        b = blocks[i]
        if b.words <= _FOOT_HEADING_MAX_WORDS and _heads_its_kind(b.text.lstrip("-#* "), blocks, i + 1):
            return i
    return len(blocks)


def _heads_its_kind(heading: str, blocks: Sequence[Block], below: int) -> bool:
    """Whether ``heading`` is a back-matter heading and ``blocks[below]``, the line under it, is
    of the kind it announces (and, under "Related", the rest to the end too)."""
    first = blocks[below]
    if bm.SOURCES_HEADING_RE.match(heading):
        return bool(bm.CITATION_RE.search(first.text) or bm.BARE_URL_RE.match(first.text))
    if bm.AUTHOR_HEADING_RE.match(heading):
        return (first.words <= _AUTHOR_NAME_WORDS and not first.prose) or bool(kb.AUTHOR_BIO_RE.match(first.text))
    if bm.DISCLAIMER_HEADING_RE.match(heading):
        return bool(bm.DISCLAIMER_RE.search(first.text))
    if bm.RELATED_HEADING_RE.match(heading):
        # A teaser's title may be a question; a label ending in a colon is the article's next
        # section. Teasers are titles and blurbs: a paragraph of an article's length further
        # down means the heading's box is gone and the article goes on ("Related topics:" left
        # in mid-text).
        return ((first.kind == "list" or (first.words <= _TEASER_TITLE_WORDS and not first.text.endswith(":")))
                and all(b.words <= _TEASER_MAX_WORDS or not b.prose for b in blocks[below:]))
    return False


def foot_start(blocks: Sequence[Block]) -> int:
    """Index of the first block of the page's foot (``len(blocks)`` when it has none).

    Walking up from the last block: furniture extends the foot, a short other
    line (a name, a label) is passed over, prose or a table ends the walk. The
    foot starts at the highest furniture line below which furniture is at least
    as common as the short lines passed over. Lines that are only a web address
    are passed over too, and belong to the foot when a "Sources" heading stands
    above them (a source list); under any other furniture they count as short
    other lines (a deals post lists its shop links the same way).
    """
    start = len(blocks)
    furniture = other = addresses = 0
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind in _DATA_KINDS:
            break
        if bm.BARE_URL_RE.match(b.text):
            addresses += 1
        elif b.kind == "head" or is_furniture(b):  # (a heading with no text under it heads no section)
            if bm.SOURCES_HEADING_RE.match(b.text):
                addresses = 0  # a source list: its addresses are its entries
            other += addresses
            addresses = 0
            furniture += 1
            if furniture >= other:
                start = i
        elif b.prose or b.words > _FOOT_SHORT_WORDS:
            break
        else:
            other += 1
    return start
