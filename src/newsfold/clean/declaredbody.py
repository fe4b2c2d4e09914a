"""Clean stage, HTML path: the article body a page declares in its JSON-LD (``articleBody``).

Some pages render their article with scripts: the HTML holds a teaser or one
section, while the page's structured data carries the whole text. When what
trafilatura extracted is a small part of that declared body and is contained in
it, the declared body is the better text (:func:`.html._extraction` decides).
"""

from __future__ import annotations

import re

from .htmlpage import jsonld_articles

_TAG_RE = re.compile(r"<[^>]+>")
_WORD_RE = re.compile(r"\w+")
# The declared body replaces the extraction when it is this many times longer and holds this
# share of the extraction's words (measured on WCXB dev and AEB: pages whose declared body is a
# summary or another article fail one test or the other).
REPLACE_RATIO = 3.0
REPLACE_CONTAINED = 0.8


def declared_body(tree) -> list[str]:
    """The paragraphs of the page's JSON-LD ``articleBody`` (of an Article type), or [] without one."""
    for obj in jsonld_articles(tree, "articleBody"):
        body = obj.get("articleBody")
        if isinstance(body, str):
            text = _TAG_RE.sub(" ", body)
            return [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return []


def holds(extracted: str, declared: str) -> bool:
    """Whether ``declared`` is clearly longer than ``extracted`` and contains most of its words."""
    if len(declared) < REPLACE_RATIO * len(extracted):
        return False
    words = _WORD_RE.findall(extracted.lower())
    if not words:
        return True
    vocabulary = set(_WORD_RE.findall(declared.lower()))
    return sum(w in vocabulary for w in words) >= REPLACE_CONTAINED * len(words)
