"""Metadata of a scraped article: title, standfirst, outlet, wire, byline, dateline.

Each field is found by a short cascade, strongest evidence first; where no
evidence exists the field stays ``None`` (unknown beats wrong).

    title      container field > header line closest above the body
               (3..20 words, not a sentence, not furniture), without a
               trailing "| Site Name"
    standfirst a long non-sentence line between title and body
    outlet     container field > site name after the title in a breadcrumb
               line ("Title / Section / Site") > a "Support X" / "© X" banner
               > a header line that is exactly a wire's name > the wire of a
               dateline > the URL's host
    wire       "By AGENCY" byline > credit line naming an agency > dateline
               marker ("/TASS/", "(Reuters) -") > outlet when it is itself a wire
    byline     "By X" line > "Writing by X" / "Reporting by X" credit
    dateline   "CITY[, Month D][ (AGENCY)|/AGENCY/] -" at the start of the body
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlparse

from . import knowledge as kb
from .lines import Line

# "(?<!\s)": start a separator match only where a run of spaces starts, or a long run of
# spaces makes the split quadratic.
SEPARATORS_RE = re.compile(r"(?<!\s)\s+(?:/|\||::|-|–|—|»|·)\s+")

_CAP = r"[A-Z][\w&.'’-]*"
BANNER_RE = re.compile(
    rf"^(?:Support|Donate to|Subscribe to|Contribute to|Become a member of)\s+(?P<name>(?:The\s+)?{_CAP}(?:\s+{_CAP}){{0,4}})\s*[!.]?$"
)
COPYRIGHT_RE = re.compile(
    rf"^(?:©|\(c\)|Copyright)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?)?\s*(?P<name>(?:The\s+)?{_CAP}(?:\s+{_CAP}){{0,4}})",
    re.IGNORECASE,
)
DATELINE_RE = re.compile(
    rf"""^(?P<place>[A-Z][A-Z.'’\- ]*[A-Z](?:,\s*(?!(?:{kb.MONTH_ALT})\b\.?\s*\d)[A-Z][A-Za-z.\- ]*[a-z.])?)
        (?:,\s*(?P<date>(?:{kb.MONTH_ALT})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?
                      |\d{{1,2}}\.?\s+(?:{kb.MONTH_ALT})\.?(?:,?\s+\d{{4}})?))?
        (?:\.?\s*(?:/(?P<a1>[A-Za-z][A-Za-z\- ]*)/|\((?P<a2>[A-Za-z][A-Za-z\- ]*)\)))?
        (?P<sep>(?:\s*[-—–:.])+)\s+(?=["“‘A-Z0-9])""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Header:
    title: str | None
    title_lines: tuple[int, ...]  # indices of lines that carry the title (incl. repeats)
    standfirst: int | None  # index of the standfirst line
    outlet: str | None
    wire: str | None
    byline: str | None
    aggregator: str | None


@dataclass(frozen=True, slots=True)
class Dateline:
    text: str  # e.g. "MOSCOW, November 9"
    date: str | None  # the date words, if any
    agency: str | None
    length: int  # characters of the paragraph the dateline takes (with its separator)


def norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def is_title_like(line: Line) -> bool:
    return line.kind is None and 3 <= line.words <= 20 and not line.text.endswith((".", ";", ","))


def container_text(value: object) -> str | None:
    """A container field as text: JSON dumps carry numbers, lists and blanks too."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def find_title(pre: list[Line], given: str | None) -> tuple[str | None, int | None, int | None]:
    """(title, index of its line in ``pre`` or None, index of a standfirst line or None)."""
    if given:
        key = norm(given)
        idx = next((i for i, ln in enumerate(pre) if norm(ln.text) == key), None)
        return given.strip(), idx, None
    standfirst = None
    for i in range(len(pre) - 1, -1, -1):
        line = pre[i]
        if line.kind is not None:
            continue
        if line.words > 20 and standfirst is None:
            standfirst = i
            continue
        if is_title_like(line):
            return strip_site_suffix(line.text), i, standfirst
    return None, None, standfirst


# Separators a page <title> puts between headline, section and site name. A spaced
# slash also appears inside headlines ("Israel / Gaza"), so it counts only in a trail
# of three or more parts.
_TITLE_SEP_RE = re.compile(r"(?<!\s)\s+(?:\||::|·|»)\s+")
_TRAIL_SEP_RE = re.compile(r"(?<!\s)\s+/\s+")


def strip_site_suffix(text: str) -> str:
    """'Headline | Site Name' -> 'Headline' (the site is read by :func:`site_name_from_breadcrumbs`)."""
    parts = [p for p in _TITLE_SEP_RE.split(text) if p.strip()]
    if len(parts) < 2:
        parts = [p for p in _TRAIL_SEP_RE.split(text) if p.strip()]
        if len(parts) < 3:
            return text
    head = parts[0].strip()
    # Only a headline followed by short labels: otherwise the separator is the headline's own.
    if len(head.split()) >= 3 and all(len(p.split()) <= 5 for p in parts[1:]):
        return head
    return text


def site_name_from_breadcrumbs(line: str, title: str) -> str | None:
    """'Title / News / News agency Inforos' -> 'Inforos'."""
    if not norm(line).startswith(norm(title)) or norm(line) == norm(title):
        return None
    parts = [p for p in SEPARATORS_RE.split(line) if p.strip()]
    for part in reversed(parts[1:]):
        name = " ".join(kb.OUTLET_DESCRIPTORS_RE.sub(" ", part).split()).strip(" -|/")
        if name:
            return name
    return None


def extract_header(lines: list[Line], body_first: int, given: dict) -> Header:
    """Header fields from the lines above the body (and credits anywhere)."""
    pre = lines[:body_first]
    title, t_idx, standfirst = find_title(pre, container_text(given.get("title")))
    title_lines: list[int] = []
    outlet = container_text(given.get("outlet"))
    if title:
        tkey = norm(title)
        for i, ln in enumerate(pre):
            if ln.kind is None and norm(ln.text).startswith(tkey):
                title_lines.append(i)
                if outlet is None:
                    outlet = site_name_from_breadcrumbs(ln.text, title)
    if t_idx is not None and t_idx not in title_lines:
        title_lines.append(t_idx)

    wire = byline = None
    for i, ln in enumerate(lines):
        if ln.kind == "byline" and byline is None and i < body_first + 3:
            byline = kb.BYLINE_RE.match(ln.text).group("who").strip()
            wire = wire or kb.wire_name(byline)
        elif ln.kind == "credit":
            parts = {m.group("role").lower().split()[-1]: m.group("who").strip()
                     for m in kb.CREDIT_PART_RE.finditer(ln.text)}
            writer = parts.get("writing") or parts.get("reporting")
            reporter_wire = kb.wire_name(parts.get("reporting", ""))
            wire = wire or reporter_wire
            if byline is None and writer and not kb.wire_name(writer):
                byline = writer

    header_wire = None
    for i, ln in enumerate(lines):
        if ln.kind is None and i >= body_first:
            continue  # only page furniture and the header speak for the page
        if outlet is None:
            m = BANNER_RE.match(ln.text) or COPYRIGHT_RE.match(ln.text)
            if m and not kb.wire_name(m.group("name")):
                outlet = m.group("name").strip()
        if header_wire is None and i < body_first and ln.words <= 3:
            header_wire = kb.wire_name(ln.text)
    if outlet is None and header_wire:
        outlet = header_wire
    if wire is None and header_wire and outlet == header_wire:
        wire = header_wire

    aggregator = None
    for i, ln in enumerate(lines):
        if i >= body_first and ln.kind is None:
            continue  # body text may mention an app; only page furniture names the page's owner
        m = kb.AGGREGATOR_RE.search(ln.text)
        if m and norm(m.group(1)) != norm(outlet or ""):
            aggregator = m.group(1)
            break

    if outlet is None and given.get("url"):
        outlet = url_host(given["url"])
    return Header(title, tuple(sorted(title_lines)), standfirst, outlet, wire, byline, aggregator)


def url_host(url: object) -> str | None:
    """Host of a container's URL without "www.", or None; a malformed URL is no URL."""
    try:
        host = urlparse(str(url)).hostname or ""
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 literal) in a scraped dump
        return None
    return host.removeprefix("www.") or None


def find_dateline(paragraph: str) -> Dateline | None:
    m = DATELINE_RE.match(paragraph)
    if not m:
        return None
    place = m.group("place").strip()
    if sum(c.isalpha() for c in place) < 3 or not place.split(",")[0].isupper():
        return None
    date = m.group("date")
    agency_raw = m.group("a1") or m.group("a2")
    agency = kb.wire_name(agency_raw) if agency_raw else None
    if agency_raw and not agency:
        agency = agency_raw.strip()
    # A bare "CITY." is a sentence, not a dateline: require a date, an agency or a dash.
    if not date and not agency and not re.search(r"[-—–]", m.group("sep")):
        return None
    text = place + (f", {date}" if date else "")
    return Dateline(text, date, agency, m.end())
