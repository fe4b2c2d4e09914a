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

The HTML path adds its own evidence through ``extra`` (``html-meta``: the page's
explicit publication metadata, ranked after the container; ``htmldate``: ranked
after header dates), see :mod:`.html`.

With a *reference* date -- when the container saw the page (WARC-Date, a feed's
date: ``container_date`` / ``feed_date``), never a guess -- two more kinds:

4. weekday: "Wednesday, November 9" on a header line: the year, within one
   year of the reference, in which November 9 is a Wednesday (none or two:
   no date);
5. relative: "yesterday", "on Friday", "3 hours ago", "last year" resolved
   against the reference (dates from the past preferred: "Friday" is the last
   Friday on or before it). Only a header line that is nothing but such a
   stamp ("Posted 3 hours ago") pins the day; the same words in the first
   paragraph say when the *event* happened and are kept as evidence only.

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


PIN_ORDER = ("container", "html-meta", "dateline", "header", "weekday", "htmldate", "relative")
"""Kinds of evidence that can pin the publication date, strongest first."""


def find_date(
    container_value: object,
    dateline_date: str | None,
    header_lines: list[str],
    *,
    reference: date | None = None,
    extra: tuple[DateEvidence, ...] = (),
    lead: str | None = None,
) -> tuple[str | None, tuple[DateEvidence, ...]]:
    """(ISO publication date or None, evidence gathered).

    ``reference`` is the container's capture date (see the module docstring);
    ``extra`` is evidence found elsewhere (HTML metadata), pinning by its kind;
    ``lead`` is the first body paragraph, searched for weekday and relative
    dates with ``reference`` (kept as evidence, never pinning).
    """
    evidence: list[DateEvidence] = []
    pins: list[tuple[str, str]] = []  # (kind, ISO value) that may pin the date

    def add(ev: DateEvidence, pins_too: bool = True) -> None:
        evidence.append(ev)
        if pins_too and ev.value and ev.kind in PIN_ORDER:
            pins.append((ev.kind, ev.value))

    container = parse_container_date(container_value)
    if container_value not in (None, ""):
        add(DateEvidence("container", str(container_value), container and container.isoformat()))
    for ev in extra:
        add(ev)
    if dateline_date:
        full = full_dates(dateline_date)
        d = full[0][1] if full else day_without_year(dateline_date, container)
        add(DateEvidence("dateline", dateline_date, d and d.isoformat()))
    for text in header_lines:
        # "Updated ..." says when the page last changed: evidence, but it pins nothing.
        updated = bool(kb.UPDATED_RE.search(text))
        kind = "updated" if updated else "header"
        for words, d in full_dates(text):
            add(DateEvidence(kind, words, d.isoformat()))
        if reference is not None and not updated:
            for ev in weekday_dates(text, reference):
                add(ev)
            stamp = is_date_stamp(text)
            for ev in relative_dates(text, reference):
                add(ev, pins_too=stamp)
    if reference is not None and lead:
        head = lead[:300]
        for ev in weekday_dates(head, reference) + relative_dates(head, reference):
            add(ev, pins_too=False)
    for kind in PIN_ORDER:
        values = {v for k, v in pins if k == kind}
        if len(values) == 1:  # two different header dates pin nothing
            return values.pop(), tuple(evidence)
    return None, tuple(evidence)


# --- dates relative to a reference date -------------------------------------------------

WEEKDAYS = {
    name: i
    for i, names in enumerate([
        ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
        ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
    ])
    for name in names
}
_WD_ALT = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_WD_FULL = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_NO_YEAR = r"(?!\.?,?\s*(?:19|20)\d\d)"
_WD_MD = re.compile(
    rf"\b(?P<w>{_WD_ALT})\.?,?\s+(?P<m>{kb.MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b{_NO_YEAR}", re.I
)
_WD_DM = re.compile(
    rf"\b(?P<w>{_WD_ALT})\.?,?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{kb.MONTH_ALT})\b\.?{_NO_YEAR}",
    re.I,
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_REL_DAY = re.compile(
    r"\b(?P<w>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|"
    r"this\s+(?:morning|afternoon|evening)|earlier\s+today|last\s+night)\b",
    re.I,
)
_REL_WEEKDAY = re.compile(
    rf"\b(?:(?P<pre>on|last|this\s+past|next|this\s+coming)\s+)?(?P<w>{_WD_FULL})\b"
    rf"(?!\.?,?\s*(?:the\s+)?(?:\d|{kb.MONTH_ALT}))",
    re.I,
)
_REL_AGO = re.compile(
    r"\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<u>min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b",
    re.I,
)
_REL_VAGUE = re.compile(r"\b(?:last|next|this|earlier\s+this|later\s+this)\s+(?:week|month|year)\b", re.I)


def reference_date(meta: dict) -> date | None:
    """When the container saw the item (``container_date``, else ``feed_date``), or None.

    A datetime when the container gave a time (then "3 hours ago" can be placed
    on a day), else a date.
    """
    for key in ("container_date", "feed_date"):
        value = meta.get(key)
        if isinstance(value, str) and "T" in value:
            try:
                return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                pass
        d = parse_container_date(value)
        if d is not None:
            return d
    return None


def _day(reference: date) -> date:
    return reference.date() if isinstance(reference, datetime) else reference


def weekday_dates(text: str, reference: date | None) -> list[DateEvidence]:
    """ "Wednesday, November 9" -> the date within a year of ``reference`` with that weekday."""
    if reference is None:
        return []
    reference = _day(reference)
    found = []
    for rx in (_WD_MD, _WD_DM):
        for m in rx.finditer(text):
            weekday = WEEKDAYS[m["w"].lower()]
            month, day = _month(m["m"]), int(m["d"])
            fits = [
                d
                for y in (reference.year - 1, reference.year, reference.year + 1)
                if (d := _make(y, month, day)) and d.weekday() == weekday and abs((d - reference).days) <= 366
            ]
            value = fits[0].isoformat() if len(fits) == 1 else None
            found.append(DateEvidence("weekday", m.group(0), value))
    return found


def relative_dates(text: str, reference: date | None) -> list[DateEvidence]:
    """ "yesterday", "on Friday", "3 days ago", "last year" resolved against ``reference``.

    ``value`` is the ISO day when the words name one, None for vaguer spans
    ("last year", "this week"). Weekday names next to a day of the month are
    left to :func:`weekday_dates`.
    """
    if reference is None:
        return []
    from datetime import timedelta

    moment, reference = reference, _day(reference)
    found = []
    for m in _REL_DAY.finditer(text):
        word = " ".join(m["w"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}.get(word, 0)
        found.append(DateEvidence("relative", m.group(0), (reference + timedelta(days=offset)).isoformat()))
    for m in _REL_WEEKDAY.finditer(text):
        target = WEEKDAYS[m["w"].lower()]
        pre = " ".join((m["pre"] or "").lower().split())
        if pre in ("next", "this coming"):
            delta = (target - reference.weekday()) % 7 or 7
        else:  # past preferred: the last such day on or before the reference ("last": strictly before)
            delta = -((reference.weekday() - target) % 7)
            if pre == "last" and delta == 0:
                delta = -7
        found.append(DateEvidence("relative", m.group(0), (reference + timedelta(days=delta)).isoformat()))
    for m in _REL_AGO.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        unit = m["u"].lower()
        if unit.startswith(("d", "w")):
            value = (reference - timedelta(days=n * (7 if unit.startswith("w") else 1))).isoformat()
        elif isinstance(moment, datetime):  # minutes and hours need the time of capture
            span = timedelta(hours=n) if unit.startswith("h") else timedelta(minutes=n)
            value = (moment - span).date().isoformat()
        else:
            value = None
        found.append(DateEvidence("relative", m.group(0), value))
    for m in _REL_VAGUE.finditer(text):
        found.append(DateEvidence("relative", m.group(0), None))
    return found
