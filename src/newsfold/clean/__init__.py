"""Clean stage: a raw scrape (plain text or HTML) -> an :class:`Article`.

HTML -- ``raw.meta["content_type"] == "text/html"``, or a text that starts
like an HTML document -- goes to :func:`.html.clean_html` (trafilatura and
htmldate, then the same dateline, wire and date rules). Everything else is
plain text, and takes the cascade below.

The plain-text cascade, in order:

1. lines      split into non-blank lines with features; pre-classify captions,
              credits, bylines, date stamps, chrome, other-script and
              site-repeated lines (:mod:`.lines`, :mod:`.knowledge`)
2. segment    the body is the maximum-scoring run of lines, cut at an end
              marker such as "Read more" unless prose resumes after it (an
              inline link or a box of headlines) (:mod:`.segment`); a line
              scores by what a learned classifier makes of it and of the page
              around it (:mod:`.lineclass`), or, without the model, by the
              rules alone (prose gains its words, furniture costs)
3. header     title, standfirst, outlet, wire, byline, aggregator from the
              lines above the body and credits (:mod:`.meta`)
4. dateline   "CITY, Month D /AGENCY/ -" at the head of the body (:mod:`.meta`)
5. date       container > dateline > header date > a weekday date on a header
              line > a relative header stamp ("3 hours ago", with a capture
              date to resolve it), else unknown (:mod:`.dates`)
6. language   py3langid over the body, else the container's field

Every line that does not reach the body is kept in ``Article.removed`` with
its reason. ``clean`` is pure: site-level repetition is passed in as the set
of line keys that recur on other pages of the same site.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Article, Paragraph, RawDoc, Rejected, RemovedLine
from .dates import find_date, reference_date
from .lineclass import body_probabilities
from .lines import line_features, line_key
from .meta import container_text, extract_header, find_dateline, url_host
from .segment import find_body

__all__ = ["CleanOptions", "clean", "is_html", "line_key", "site_key"]

REASONS = {
    "chrome": "boilerplate",
    "repeated": "boilerplate (repeated on other pages of the site)",
    "other-script": "boilerplate (other language)",
}


@dataclass(frozen=True, slots=True)
class CleanOptions:
    min_body_chars: int = 1  # a body shorter than this is rejected
    min_readable: float = 0.6  # share of letters and digits among non-space characters (mojibake, binary junk)
    detect_language: bool = True
    line_model: bool = True  # score lines with the learned classifier (when its model file is installed)
    line_floor: float = 0.3  # inside the body run, a non-sentence the classifier gives less than this is furniture


def site_key(raw: RawDoc) -> str:
    """The unit within which repeated lines count as site furniture."""
    import os

    if raw.meta.get("outlet"):
        return "outlet:" + str(raw.meta["outlet"]).casefold()
    if raw.meta.get("url"):
        host = url_host(raw.meta["url"])
        if host:
            return "host:" + host
    path = raw.origin.rsplit(":", 1)[0] if raw.meta else raw.origin
    return "dir:" + os.path.dirname(path)


def is_html(raw: RawDoc) -> bool:
    """Should ``raw`` take the HTML path? Its container says so, or its text opens like a page."""
    ctype = str(raw.meta.get("content_type") or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml"):
        return True
    if "/" in ctype:  # an explicit other media type (text/plain) is believed
        return False
    from ..sources.html import looks_like_html

    return looks_like_html(raw.text)


def _storable(text: str) -> bool:
    """Encodable as UTF-8: no lone surrogate (a "\\udcff" JSON escape, bytes read with surrogateescape)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean(raw: RawDoc, opts: CleanOptions = CleanOptions(), repeated: frozenset[str] = frozenset()) -> Article | Rejected:
    """One RawDoc -> Article or Rejected; ``repeated`` (plain text only) holds site-repeated line keys."""
    if not _storable(raw.text):
        # The sources reject these already; a RawDoc made by hand (the Python API) may still hold one.
        return Rejected(raw.origin, "clean", "text is not valid Unicode (lone surrogate)")
    if is_html(raw):
        from .html import clean_html

        return clean_html(raw, opts)
    lines = line_features(raw.text, repeated)
    if not lines:
        return Rejected(raw.origin, "clean", "no text")
    probs = body_probabilities(lines) if opts.line_model else None
    seg = find_body(lines, probs)
    if seg.body is None:
        # No prose at all (a bare list, a one-line note): keep whatever is not furniture.
        candidates = [i for i, ln in enumerate(lines) if ln.kind is None]
        if not candidates:
            return Rejected(raw.origin, "clean", "nothing but boilerplate")
        first, last = candidates[0], candidates[-1]
        if len(candidates) > 1 and not container_text(raw.meta.get("title")):
            first = candidates[1]  # the first line is the title
    else:
        first, last = seg.body
        first = _past_repeated_headline(lines, first, last)
        first = _to_dateline(lines, first, last)

    header = extract_header(lines, first, raw.meta)
    reasons: dict[int, str] = {}
    for i in header.title_lines:
        reasons[i] = "title"
    if header.standfirst is not None:
        reasons[header.standfirst] = "standfirst"
    end = seg.end_marker if seg.body is not None else None
    for i in seg.boxes:
        reasons[i] = "teaser"
    for i, ln in enumerate(lines):
        if i in reasons:
            continue
        if ln.kind is not None:
            reasons[i] = REASONS.get(ln.kind, ln.kind)
        elif i < first:
            reasons[i] = "boilerplate"
        elif i > last:
            reasons[i] = "teaser" if end is not None and i > end else "boilerplate"
        elif probs is not None and probs[i] < opts.line_floor and not ln.sentence_like:
            reasons[i] = "boilerplate"  # a share bar, an ad label, a stray link inside the run

    body = [ln for i, ln in enumerate(lines) if i not in reasons]
    if sum(len(ln.text) for ln in body) < opts.min_body_chars:
        return Rejected(raw.origin, "clean", "no article body found")
    readable = _readable_ratio(" ".join(ln.text for ln in body))
    if readable < opts.min_readable:
        return Rejected(raw.origin, "clean", f"not readable text: only {readable:.0%} letters and digits")
    paragraphs = tuple(Paragraph(ln.text, ln.number, ln.start) for ln in body)
    removed = tuple(RemovedLine(ln.number, ln.text, reasons[i]) for i, ln in enumerate(lines) if i in reasons)

    dateline = find_dateline(paragraphs[0].text)
    wire = header.wire or (dateline.agency if dateline and dateline.agency else None)
    outlet = header.outlet or wire
    header_text = [ln.text for i, ln in enumerate(lines) if i < first and ln.kind in (None, "date")]
    published, evidence = find_date(
        raw.meta.get("published"), dateline and dateline.date, header_text,
        reference=reference_date(raw.meta), lead=paragraphs[0].text,
    )
    standfirst = lines[header.standfirst].text if header.standfirst is not None else None
    language = _language(paragraphs, raw.meta.get("language")) if opts.detect_language else raw.meta.get("language")

    return Article(
        id=raw.content_id,
        raw_id=raw.content_id,
        origin=raw.origin,
        title=header.title,
        outlet=outlet,
        wire=wire,
        byline=header.byline,
        dateline=dateline.text if dateline else None,
        published=published,
        language=language,
        paragraphs=paragraphs,
        removed=removed,
        date_evidence=evidence,
        standfirst=standfirst,
        aggregator=header.aggregator,
        meta=dict(raw.meta),
    )


def _past_repeated_headline(lines: list, first: int, last: int) -> int:
    """The body's first line, moved past headline lines that repeat a line above the body.

    A scrape carries the page's <title> and then its <h1>; the learned scores can take
    that second copy of the headline into the body run. A short non-sentence line
    that an earlier line equals or starts with ("Headline / News / Site") is header.
    """
    from .meta import norm

    above = [norm(ln.text) for ln in lines[:first]]
    while first < last and lines[first].kind is None and not lines[first].sentence_like and lines[first].words <= 25:
        key = norm(lines[first].text)
        if not key or not any(a == key or a.startswith(key + " ") for a in above):
            break
        above.append(key)
        first += 1
    return first


def _to_dateline(lines: list, first: int, last: int) -> int:
    """The body's first line, moved down to a dateline paragraph just below non-sentence lines.

    "MOSCOW, November 9. /TASS/. ..." opens the article; a summary line without a full
    stop above it is the standfirst, a kicker or a label, which the learned scores may
    have taken into the run.
    """
    for j in range(first, min(first + 3, last + 1)):
        if find_dateline(lines[j].text):
            return j if all(not lines[k].sentence_like for k in range(first, j)) else first
    return first


_READABLE = frozenset({"Lu", "Ll", "Lt", "Lo", "Nd", "Mn", "Mc"})


def _readable_ratio(text: str) -> float:
    """Share of letters, digits and combining marks among non-space characters.

    Modifier letters (Lm: ˇ ˘ ˙) are left out on purpose: they are what text
    decoded in the wrong code page is full of.
    """
    import unicodedata
    from collections import Counter

    # Per distinct character, not per character: a page has a few hundred distinct ones.
    counts = Counter(text)
    total = readable = 0
    for ch, n in counts.items():
        if ch.isspace():
            continue
        total += n
        if unicodedata.category(ch) in _READABLE:
            readable += n
    return readable / total if total else 0.0


def _language(paragraphs: tuple[Paragraph, ...], given: object) -> str | None:
    text = " ".join(p.text for p in paragraphs)
    if len(text) < 40:
        return str(given) if given else None
    import py3langid

    lang, _ = py3langid.classify(text[:5000])
    return lang
