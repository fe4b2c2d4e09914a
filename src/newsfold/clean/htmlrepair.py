"""Clean stage, HTML path: a markup repair for pages whose parse lost the article.

A page whose template closes ``</body></html>`` early and goes on with the
article below: a browser keeps parsing what follows into the body (HTML5's
"after body" insertion mode) and shows it; libxml2 may drop it, and the article
is lost. :func:`reopen_body` removes such an early end, so that a second parse
sees what the reader sees. :func:`.html.clean_html` asks for it only when the
extraction is a sliver of the page (about one page in a thousand is parsed twice).
"""

from __future__ import annotations

import re

_BODY_END_RE = re.compile(r"</body\s*>(?:\s*</html\s*>)?", re.IGNORECASE)
# Markup after the end that a reader sees as content: a block element opening.
_CONTENT_AFTER_RE = re.compile(r"<(?:div|p|section|article|main|h[1-6]|ul|ol|table|blockquote)\b", re.IGNORECASE)


def reopen_body(text: str) -> str:
    """``text`` without an early ``</body>`` (and ``</html>``) that has page content after it."""
    at = _first_body_end(text)
    if at < 0:
        return text
    m = _BODY_END_RE.match(text, at)
    if m is None or _CONTENT_AFTER_RE.search(text, m.end()) is None:
        return text
    return text[: m.start()] + text[m.end() :]


def _first_body_end(text: str) -> int:
    """Offset of the first ``</body``, or -1 (a plain search first: a page is long, and lower case)."""
    at = text.find("</body")
    if at >= 0:
        return at
    m = _BODY_END_RE.search(text)
    return m.start() if m else -1
