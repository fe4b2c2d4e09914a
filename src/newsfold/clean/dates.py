"""Publication dates with their evidence — and *unknown* when nothing pins one.

Evidence, strongest first:

1. container: a date the source gave us with the item (JSONL/CSV ``published``,
   later feed and WARC dates);
2. dateline: "MOSCOW, November 9, 2016" -- a full date at the head of the story;
   a dateline without a year ("MOSCOW, November 9", "BERLIN, 9 November") takes
   the year of the container's date: the publication date, else the capture date
   (``reference``) when the capture came within ``_DATELINE_WINDOW_DAYS`` of that
   day (an archive crawl years later gives no year);
3. header: a full date on a header line above the body ("Published 9 Nov 2016");
   a date on an "Updated ..." line is kept as evidence of kind ``updated`` but pins
   nothing (a page is published on or before its last update, not on it).

A full date must agree with a weekday written before it: "Friday, November 9,
2016" names two different days (November 9, 2016 was a Wednesday), so it
pins nothing and is kept as evidence that says so. Numeric dates count only
when their reading is certain (see :func:`dated_spans`).

The HTML path weighs its own evidence (metadata, stamps by the headline, the
URL) by agreement, see :func:`.htmlmeta.page_date`; it uses :func:`find_date`
for the container, the dateline and the lead. ``extra`` evidence passed to
:func:`find_date` pins by its kind (``PIN_ORDER``).

With a *reference* date -- when the container saw the page (WARC-Date, a feed's
date: ``container_date`` / ``feed_date``), never a guess -- two more kinds:

4. weekday: "Wednesday, November 9" on a header line: the year, within one
   year of the reference, in which November 9 is a Wednesday (none or two:
   no date);
5. relative: "yesterday", "on Friday", "3 hours ago" resolved against the
   reference (dates from the past preferred: "Friday" is the last Friday on or
   before it); "last year", "this month" name a period, kept in the evidence's
   words ("last year (2015)") without a day. Only a header line that is nothing
   but such a stamp ("Posted 3 hours ago") pins the day; the same words in the
   first paragraph say when the *event* happened and are kept as evidence only.
   Stamps in other languages ("vor 2 Tagen", "hace 3 días", "Опубликовано:
   вчера") are read by dateparser (RELATIVE_BASE = the reference,
   PREFER_DATES_FROM = past), see :func:`stamp_date`.

Dates written inside the body ("last met in Geneva in June 2021") and in photo
captions ("December 7, 2021" on a file photo) say when *something else*
happened; they are never taken as the publication date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from ..records import DateEvidence
from . import knowledge as kb

_MDY = re.compile(rf"\b(?P<m>{kb.MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
_DMY = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{kb.MONTH_ALT})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I)
# An ISO day, also at the head of a timestamp ("2016-11-09T17:30:00Z": no word boundary before "T").
_ISO = re.compile(r"(?<![\w-])(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])")
# Numeric days with a four-digit year: 2025/4/29 (year first); 10/31/2024, 31/10/2024, 31.05.2023
# and 09.10.2024 (the order of day and month is the page's convention, see dated_spans).
_YMD_NUM = re.compile(r"(?<![\w./-])(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\w/])")
_DOT_NUM = re.compile(r"(?<![\w./-])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<y>(?:19|20)\d\d)(?![\w.]\w)")
_SLASH_NUM = re.compile(r"(?<![\w./-])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\w/])")
_MD = re.compile(rf"\b(?P<m>{kb.MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})\b", re.I)
_DM = re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?(?P<m>{kb.MONTH_ALT})\b", re.I)


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
    """Every full (year, month, day) date written in ``text``, with its words, in text order."""
    return [(words, d) for _start, words, d in dated_spans(text)]


def dated_spans(text: str, day_first: bool | None = None) -> list[tuple[int, str, date]]:
    """(offset, words, date) of every full date in ``text``, in text order.

    Month names and ISO days always; numeric days when their order is certain:
    year first (2025/4/29), or day and month (slashes or dots) when only one
    reading is a real day (10/31/2024, 31.05.2023) or ``day_first`` says the
    page's convention (09.10.2024 is 9 October in Germany, September 10 in the US).
    A weekday written before the date must be that date's weekday ("Friday,
    November 9, 2016" is not a date: November 9, 2016 was a Wednesday).
    """
    found: dict[int, tuple[int, str, date]] = {}

    def keep(m: re.Match, d: date | None) -> None:
        if d and m.start() not in found and not _weekday_clash(text, m.start(), d):
            found[m.start()] = (m.start(), m.group(0), d)

    for rx in (_MDY, _DMY):
        for m in rx.finditer(text):
            keep(m, _make(int(m["y"]), _month(m["m"]), int(m["d"])))
    for rx in (_ISO, _YMD_NUM):
        for m in rx.finditer(text):
            keep(m, _make(int(m["y"]), int(m["m"]), int(m["d"])))
    for m in (*_SLASH_NUM.finditer(text), *_DOT_NUM.finditer(text)):
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        month_first, day_first_reading = _make(y, a, b), _make(y, b, a)
        if month_first and day_first_reading and month_first != day_first_reading:
            keep(m, None if day_first is None else (day_first_reading if day_first else month_first))
        else:
            keep(m, month_first or day_first_reading)
    # A date inside a longer one ("9 November 2016" within "Wednesday 9 November 2016") is the same date.
    spans = sorted(found.values())
    out: list[tuple[int, str, date]] = []
    for start, words, d in spans:
        if out and start < out[-1][0] + len(out[-1][1]):
            continue
        out.append((start, words, d))
    return out


_WEEKDAY_BEFORE = re.compile(
    r"\b(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
    r"\.?,?\s*(?:the\s+)?$",
    re.I,
)


def _weekday_before(text: str, start: int) -> re.Match | None:
    return _WEEKDAY_BEFORE.search(text, max(0, start - 14), start)


def _weekday_clash(text: str, start: int, d: date) -> bool:
    m = _weekday_before(text, start)
    return bool(m) and WEEKDAYS[m["w"].lower()] != d.weekday()


def weekday_clashes(text: str) -> list[str]:
    """Full dates in ``text`` led by another day's weekday ("Friday, November 9, 2016"), as written."""
    out = []
    for rx in (_MDY, _DMY, _ISO):
        for m in rx.finditer(text):
            month = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
            d = _make(int(m["y"]), month, int(m["d"]))
            lead = _weekday_before(text, m.start())
            if d and lead and WEEKDAYS[lead["w"].lower()] != d.weekday():
                out.append(text[lead.start():m.end()])
    return out


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
    """'November 9' / '9 November' placed in the year of the container date (a dateline never runs ahead of it)."""
    m = _MD.search(words) or _DM.search(words)
    if not m or container is None:
        return None
    for year in (container.year, container.year - 1):
        d = _make(year, _month(m["m"]), int(m["d"]))
        # within the year before the container: "February 29" seen on 1 March 2001 is not 2000's
        if d and d <= container and (container - d).days < 366:
            return d
    return None


# A dateline without a year takes the capture date's year only when captured within this many days.
_DATELINE_WINDOW_DAYS = 31

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
    latest = latest_day(reference)

    def add(ev: DateEvidence, pins_too: bool = True) -> None:
        if latest and ev.value and ev.kind != "container" and ev.value > latest:
            # A page is not published after it was captured: kept as evidence, without a value.
            ev = DateEvidence(ev.kind, f"{ev.text} (after the capture date)", None)
        evidence.append(ev)
        if pins_too and ev.value and ev.kind in PIN_ORDER:
            pins.append((ev.kind, ev.value))

    container = parse_container_date(container_value)
    if container_value not in (None, ""):
        add(DateEvidence("container", str(container_value), container and container.isoformat()))
    for ev in extra:
        add(ev)
    if dateline_date:
        # "MOSCOW, November 9": the year is the container's (a dateline never runs ahead of when
        # the story was published, nor of when it was captured).
        full = full_dates(dateline_date)
        anchor = container or (_day(reference) if reference is not None else None)
        d = full[0][1] if full else day_without_year(dateline_date, anchor)
        words = dateline_date
        if d and not full and not container and (anchor - d).days > _DATELINE_WINDOW_DAYS:
            # Captured long after that day (an archive crawl): the year is a guess, not evidence.
            words, d = f"{dateline_date} (no year; captured {anchor.isoformat()})", None
        add(DateEvidence("dateline", words, d and d.isoformat()))
    for text in header_lines:
        # "Updated ..." says when the page last changed: evidence, but it pins nothing.
        updated = bool(kb.UPDATED_RE.search(text))
        kind = "updated" if updated else "header"
        full = full_dates(text)
        for words, d in full:
            add(DateEvidence(kind, words, d.isoformat()))
        clashes = weekday_clashes(text)
        for words in clashes:  # "Friday, November 9, 2016" names two different days: neither is taken
            add(DateEvidence(kind, f"{words} (the weekday does not match the date)", None))
        if reference is not None and not updated and not clashes:
            weekdays = weekday_dates(text, reference)
            relative = relative_dates(text, reference)
            for ev in weekdays:
                add(ev)
            stamp = is_date_stamp(text)
            for ev in relative:
                add(ev, pins_too=stamp)
            if not full and not weekdays and not relative:
                # Other languages: "vor 2 Tagen", "hace 3 días", "Veröffentlicht: gestern".
                parsed = stamp_date(text, reference)
                if parsed is not None:
                    add(parsed[0], pins_too=parsed[1])
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


def shift_day(moment: date, **delta: float) -> date | None:
    """``moment`` moved by a timedelta, or None past the ends of the calendar (year 1, year 9999)."""
    try:
        return moment + timedelta(**delta)
    except OverflowError:
        return None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def latest_day(reference: date | None) -> str | None:
    """The last ISO day a page captured at ``reference`` can have been published on (one day of
    slack for time zones); None without a reference."""
    if reference is None:
        return None
    day = _day(reference)
    return _iso(shift_day(day, days=1) or day)


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
    moment, reference = reference, _day(reference)
    found = []
    for m in _REL_DAY.finditer(text):
        word = " ".join(m["w"].lower().split())
        offset = {"yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}.get(word, 0)
        found.append(DateEvidence("relative", m.group(0), _iso(shift_day(reference, days=offset))))
    for m in _REL_WEEKDAY.finditer(text):
        target = WEEKDAYS[m["w"].lower()]
        pre = " ".join((m["pre"] or "").lower().split())
        if pre in ("next", "this coming"):
            delta = (target - reference.weekday()) % 7 or 7
        else:  # past preferred: the last such day on or before the reference ("last": strictly before)
            delta = -((reference.weekday() - target) % 7)
            if pre == "last" and delta == 0:
                delta = -7
        found.append(DateEvidence("relative", m.group(0), _iso(shift_day(reference, days=delta))))
    for m in _REL_AGO.finditer(text):
        n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
        unit = m["u"].lower()
        if unit.startswith(("d", "w")):
            value = _iso(shift_day(reference, days=-n * (7 if unit.startswith("w") else 1)))
        elif isinstance(moment, datetime):  # minutes and hours need the time of capture
            earlier = shift_day(moment, hours=-n) if unit.startswith("h") else shift_day(moment, minutes=-n)
            value = earlier.date().isoformat() if earlier is not None else None
        else:
            value = None
        found.append(DateEvidence("relative", m.group(0), value))
    for m in _REL_VAGUE.finditer(text):
        # No single day, but the period is known: "last year" (2015), "this month" (2016-11).
        found.append(DateEvidence("relative", f"{m.group(0)} ({_period(m.group(0), reference)})", None))
    return found


def _period(words: str, reference: date) -> str:
    """The year, month or ISO week a vague expression names, counted from ``reference``."""
    words = " ".join(words.lower().split())
    step = -1 if words.startswith("last") else 1 if words.startswith("next") else 0
    unit = words.split()[-1]
    if unit == "year":
        return str(reference.year + step)
    if unit == "month":
        month = reference.month - 1 + step
        return f"{reference.year + month // 12}-{month % 12 + 1:02d}"
    year, week, _ = (shift_day(reference, days=7 * step) or reference).isocalendar()
    return f"{year}-W{week:02d}"


# --- full dates with a month named in another language --------------------------------

# Languages whose month names (from dateparser's tables) :func:`foreign_dated_spans` reads.
_FOREIGN_LANGUAGES = ("es", "fr", "de", "it", "pt", "nl", "pl", "ru", "uk", "sv", "da", "nb", "fi", "tr", "cs",
                      "ro", "id")
_ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                   "october", "november", "december")
_foreign_months: dict[str, int] | None = None
# Abbreviations that are English words ("5 out 2024" is no date on an English page).
_ENGLISH_WORDS = frozenset({"out", "set", "led", "pro", "gen", "mag", "lip", "des", "elo"})
# "04-ago-2021", "3. März 2024", "12 de marzo de 2024", "21 listopada 2023" (day, month word, year).
_FOREIGN_DMY = re.compile(r"(?<![\w.-])(?P<d>\d{1,2})(?:\.|º|er)?(?:\s+de\s+|[\s./-]+)(?P<m>[^\W\d_]{3,12})\.?"
                          r"(?:\s+de\s+|,?[\s./-]+)(?P<y>(?:19|20)\d\d)(?![\w-])")


def _month_names() -> dict[str, int]:
    """Month name or abbreviation (lower-cased) -> month number, in :data:`_FOREIGN_LANGUAGES`.

    A word that names different months in two of the languages is left out.
    """
    global _foreign_months
    if _foreign_months is None:
        import importlib

        names: dict[str, set[int]] = {}
        for lang in _FOREIGN_LANGUAGES:
            try:
                info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
            except (ImportError, AttributeError):
                continue
            for number, month in enumerate(_ENGLISH_MONTHS, start=1):
                for word in info.get(month, ()):
                    word = word.lower().rstrip(".")
                    if len(word) >= 3:
                        names.setdefault(word, set()).add(number)
        _foreign_months = {word: months.pop() for word, months in names.items()
                           if len(months) == 1 and word not in _ENGLISH_WORDS}
    return _foreign_months


def foreign_dated_spans(text: str) -> list[tuple[int, str, date]]:
    """(offset, words, date) of full dates whose month is a word in another language.

    "04-ago-2021", "3. März 2024", "12 de marzo de 2024": day, month word, year,
    the month read from dateparser's month tables (see :data:`_FOREIGN_LANGUAGES`).
    English month names are :func:`dated_spans`' business.
    """
    if not _FOREIGN_DMY.search(text):
        return []
    months = _month_names()
    out = []
    for m in _FOREIGN_DMY.finditer(text):
        month = months.get(m["m"].lower())
        d = _make(int(m["y"]), month, int(m["d"])) if month else None
        if d is not None and not _weekday_clash(text, m.start(), d):
            out.append((m.start(), m.group(0), d))
    return out


# Leading labels of a date stamp in the languages dateparser reads; stripped before parsing
# (dateparser reads "vor 2 Tagen" but not "Veröffentlicht: vor 2 Tagen").
_STAMP_LABEL = re.compile(
    r"^\W*(?:(?:first|last|originally)\s+)?(?:published|posted|updated|modified|"
    r"ver[öo]ffentlicht|aktualisiert|publi[ée]e?|mis\s+[àa]\s+jour|publicado|actualizado|pubblicato|aggiornato|"
    r"gepubliceerd|bijgewerkt|opublikowano|опубликовано|обновлено)"
    r"\s*(?:on|am|le|el|il|op|:)?\s*:?\s*",
    re.I,
)
_UPDATE_LABEL = re.compile(
    r"updated|modified|aktualisiert|mis\s+[àa]\s+jour|actualizado|aggiornato|bijgewerkt|обновлено", re.I)
_TIME_ONLY = re.compile(r"^\W*(?:\d{1,2}[:.h]\d\d(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)\W*$", re.I)
# A number or a relative day word (en, de, fr, es, it, nl, pl, ru): what a stamp without a full date carries.
_MAYBE_WHEN = re.compile(
    r"\d|\b(?:ago|yesterday|today|vor|gestern|heute|hace|ayer|hoy|il\s+y\s+a|hier|aujourd|fa|ieri|oggi|"
    r"geleden|gisteren|vandaag|temu|wczoraj|dzisiaj|назад|вчера|сегодня)\b",
    re.I,
)
_dateparser = None


def stamp_date(text: str, reference: date | None) -> tuple[DateEvidence, bool] | None:
    """A short stamp line in another language ("vor 2 Tagen", "hace 3 días", "Опубликовано: вчера").

    dateparser reads it against ``reference`` (RELATIVE_BASE; PREFER_DATES_FROM
    past: "Freitag" is the last Friday on or before it). It must read the whole
    line (after a "Published:"-like label) as one day -- not a week, month or
    year, not a bare time of day. Returns (evidence, pins): the day pins only
    when the line carries a number or a label, since a lone "Today" or
    "Friday" line is as likely a section name as a stamp.
    """
    if reference is None or len(text) > 60 or len(text.split()) > 6 or not _MAYBE_WHEN.search(text):
        return None  # dateparser costs milliseconds a line: only lines that may say when
    label = _STAMP_LABEL.match(text)
    if label and _UPDATE_LABEL.search(label.group(0)):
        return None  # when the page changed, not when it appeared
    rest = text[label.end():] if label else text
    if not re.search(r"[^\W\d_]", rest) or _TIME_ONLY.match(rest):
        return None
    global _dateparser
    if _dateparser is None:
        from dateparser.date import DateDataParser

        _dateparser = DateDataParser
    if isinstance(reference, datetime):
        moment = reference
    else:  # midday: "3 hours ago" cannot cross into another day
        moment = datetime(reference.year, reference.month, reference.day, 12)
    settings = {"RELATIVE_BASE": moment.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False}
    try:
        data = _dateparser(settings=settings).get_date_data(rest.strip())
    except Exception:  # dateparser on odd input: no date, not a crash
        return None
    if data is None or data.date_obj is None or data.period != "day":
        return None
    day = data.date_obj.date()
    if day > _day(reference) or (_day(reference) - day).days > 366:
        return None
    pins = bool(label) or bool(re.search(r"\d", rest))
    return DateEvidence("relative", text, day.isoformat()), pins


# Where a month-day may be written: a month name with its capital ("Dec", "December") or an ISO day.
# Found first with this cheap case-sensitive pattern; this module's patterns then read the day
# around each hit only (run over a whole 3,000-character article they cost ~0.8 ms).
_MONTH_HINT_RE = re.compile(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)|\b(?:19|20)\d\d-\d\d-\d\d")


def mentioned_days(text: str) -> frozenset[str]:
    """Month-days the text names, as "MM-DD", with or without a year ("Dec. 2", "2 December",
    "March 3, 2021", "2021-03-03"), read with this module's patterns (the publication-date
    reader's); the fold compares them across articles (``fold.signals``).

    The year is left out on purpose: most reports name the day without it, and years are
    compared on their own (``fold.signals.years``). A month is written with a capital: "may 5" is the verb.
    """
    found: set[str] = set()
    for hint in _MONTH_HINT_RE.finditer(text):
        lo, hi = max(0, hint.start() - 16), min(len(text), hint.end() + 24)
        while lo > 0 and text[lo - 1].isalnum():  # never cut a word or figure: "January 20|11" is no day
            lo -= 1
        while hi < len(text) and text[hi].isalnum():
            hi += 1
        if hint.group()[0].isdigit():
            for m in _ISO.finditer(text, lo, hi):
                found.add(f"{m['m']}-{m['d']}")
            continue
        for rx in (_MD, _DM):
            for m in rx.finditer(text, lo, hi):
                day = int(m["d"])
                if 1 <= day <= 31 and m["m"][0].isupper():
                    found.add(f"{_month(m['m']):02d}-{day:02d}")
    return frozenset(found)
