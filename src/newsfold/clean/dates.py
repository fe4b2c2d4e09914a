"""Publication dates with their evidence — and *unknown* when nothing pins one.

Evidence, strongest first:

1. container: a date the source gave us with the item (JSONL/CSV ``published``,
   later feed and WARC dates);
2. dateline: "MOSCOW, November 9, 2016" — a full date at the head of the story;
   a dateline without a year ("MOSCOW, November 9") pins the day only when a
   container date supplies the year;
3. header: a full date on a header line above the body ("Published 9 Nov 2016");
   a date on an "Updated ..." line is kept as evidence of kind ``updated`` but pins
   nothing (a page is published on or before its last update, not on it).

Dates written inside the body ("last met in Geneva in June 2021") and in photo
captions ("December 7, 2021" on a file photo) say when *something else*
happened; they are never taken as the publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from ..records import DateEvidence
from . import knowledge as kb

_MDY = re.compile(rf"\b(?P<m>{kb.MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{kb.MONTH_ALT})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_MD = re.compile(rf"\b(?P<m>{kb.MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})\b", re.I)


_NUMERIC = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d\d(?:[:.]\d\d)?\b|\b\d{1,2}\s*(?:a\.?m|p\.?m)\b\.?", re.I)
_AGO = re.compile(r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b", re.I)


def is_date_stamp(text: str) -> bool:
    """A line that is only a date stamp: "Published: 12 March 2021", "Updated 9:41 a.m. EST".

    Such a line is evidence for the date (it may sit in the header) but never a title,
    a byline or body text.
    """
    if not (_MDY.search(text) or _DMY.search(text) or _ISO.search(text) or _MD.search(text)
            or _NUMERIC.search(text) or _AGO.search(text)):
        return False
    rest = text
    for rx in (_MDY, _DMY, _ISO, _NUMERIC, _AGO, _TIME, _MD, kb.DATE_LABEL_RE):
        rest = rx.sub(" ", rest)
    return not re.search(r"[^\W\d_]", rest)


def _make(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month(word: str) -> int:
    return kb.MONTHS[word.lower().rstrip(".")]


def full_dates(text: str) -> list[tuple[str, date]]:
    """Every full (year, month, day) date written in ``text``, with its words."""
    found = []
    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            d = _make(int(m["y"]), _month(m["m"]), int(m["d"]))
            if d:
                found.append((m.group(0), d))
    for m in _ISO.finditer(text):
        d = _make(int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            found.append((m.group(0), d))
    return found


def parse_container_date(value: object) -> date | None:
    """A container's date field: ISO date or datetime, or a written full date."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    hits = full_dates(text)
    return hits[0][1] if len(hits) == 1 else None


def day_without_year(words: str, container: date | None) -> date | None:
    """'November 9' placed in the year of the container date (a dateline never runs ahead of it)."""
    m = _MD.search(words)
    if not m or container is None:
        return None
    for year in (container.year, container.year - 1):
        d = _make(year, _month(m["m"]), int(m["d"]))
        if d and d <= container:
            return d
    return None


def find_date(
    container_value: object, dateline_date: str | None, header_lines: list[str]
) -> tuple[str | None, tuple[DateEvidence, ...]]:
    """(ISO publication date or None, evidence gathered)."""
    evidence: list[DateEvidence] = []
    container = parse_container_date(container_value)
    if container_value not in (None, ""):
        evidence.append(DateEvidence("container", str(container_value), container and container.isoformat()))
    if dateline_date:
        full = full_dates(dateline_date)
        d = full[0][1] if full else day_without_year(dateline_date, container)
        evidence.append(DateEvidence("dateline", dateline_date, d and d.isoformat()))
    for text in header_lines:
        # "Updated ..." says when the page last changed: evidence, but it pins nothing.
        kind = "updated" if kb.UPDATED_RE.search(text) else "header"
        for words, d in full_dates(text):
            evidence.append(DateEvidence(kind, words, d.isoformat()))
    for kind in ("container", "dateline", "header"):
        values = {e.value for e in evidence if e.kind == kind and e.value}
        if len(values) == 1:  # two different header dates pin nothing
            return values.pop(), tuple(evidence)
    return None, tuple(evidence)
