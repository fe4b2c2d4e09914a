"""Clean stage, HTML path: the article body a page declares in its JSON-LD (``articleBody``).

Some pages render their article with scripts: the HTML holds a teaser or one
section, while the page's structured data carries the whole text. When what
trafilatura extracted is a small part of that declared body and is contained in
it, the declared body is the better text (:func:`.html._extraction` decides).
"""

from __future__ import annotations

import json
import re

from lxml.etree import XPath

from .htmlpage import ARTICLE_TYPES, json_objects

_TAG_RE = re.compile(r"<[^>]+>")
_WORD_RE = re.compile(r"\w+")
# The declared body replaces the extraction when it is this many times longer and holds this
# share of the extraction's words (measured on WCXB dev and AEB: pages whose declared body is a
# summary or another article fail one test or the other).
REPLACE_RATIO = 3.0
REPLACE_CONTAINED = 0.8


# The page's JSON-LD scripts (as trafilatura finds them).
_JSON_LD = XPath("//script[@type='application/ld+json']")


def declared_body(tree) -> list[str]:
    """The paragraphs of the page's JSON-LD ``articleBody`` (of an Article type), or [] without one."""
    for el in _JSON_LD(tree):
        text = el.text or ""
        if "articleBody" not in text:
            continue
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        for obj in json_objects(data):
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            body = obj.get("articleBody")
            if isinstance(body, str) and any(isinstance(k, str) and k.endswith(ARTICLE_TYPES) for k in kinds):
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
