"""Find the article body in a sequence of scored lines.

The body of a scraped page is one dense run of prose; chrome, teasers and
navigation sit around it as runs of short, non-sentence lines. We score each
line (prose gains its word count, everything else loses) and take the
maximum-scoring contiguous run (Kadane). A short line *inside* that run is a
subheading and stays; the same line outside it is page furniture. Two kinds of
line cut the run whatever their neighbours say: an end marker ("Read more",
"Related stories", "Add comment"), after which a page lists other articles
(unless it heads a box set inside the body: an inline link such as "RELATED:
headline" with only prose after it, or a box of headlines after which the
prose resumes; those headlines are removed as teasers),
and the lines pre-classified as captions, credits, bylines, chrome, other
script or repeated site text, which are removed wherever they are.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import knowledge as kb
from .lines import Line

# Scores are in "words of prose": a furniture line costs as much as a short sentence gains.
FURNITURE_COST = 8
CHROME_COST = 25
MAX_GAIN = 60


@dataclass(frozen=True, slots=True)
class Segmentation:
    body: tuple[int, int] | None  # (first, last) index into the line list, inclusive
    end_marker: int | None  # index of the line that ended the article, if any
    boxes: tuple[int, ...] = ()  # headlines of "More from X" boxes set inside the body


def line_score(line: Line) -> int:
    if line.kind in ("caption", "credit", "byline"):
        return 0
    if line.kind == "date":
        # Costs like any short non-prose line: date stamps also sit under each teaser of a
        # list of other stories, and must not make that list cheap to join.
        return -FURNITURE_COST
    if line.kind is not None:
        return -CHROME_COST
    if line.sentence_like:
        return min(line.words, MAX_GAIN)
    return -FURNITURE_COST


def find_body(lines: list[Line]) -> Segmentation:
    best, best_span = 0, None
    run, run_start = 0, 0
    for i, line in enumerate(lines):
        if run <= 0:
            run, run_start = 0, i
        run += line_score(line)
        if run > best:
            best, best_span = run, (run_start, i)
    if best_span is None:
        return Segmentation(None, None)
    first, last = best_span
    # An end marker inside the run closes the article there (teasers often read like prose),
    # unless it heads a box inside the body, whose headlines are then removed.
    boxes: list[int] = []
    for i in range(first + 1, last + 1):
        if not is_end_marker(lines[i]) or _inline_link_in_prose(lines, i, last):
            continue
        box = _box_in_body(lines, i, last)
        if box:
            boxes.extend(box)
            continue
        last = i - 1
        while last > first and line_score(lines[last]) <= 0:
            last -= 1
        return Segmentation((first, last), i, tuple(b for b in boxes if b <= last))
    marker = next((i for i in range(last + 1, len(lines)) if is_end_marker(lines[i])), None)
    return Segmentation((first, last), marker, tuple(boxes))


def is_end_marker(line: Line) -> bool:
    return line.words <= 10 and not line.sentence_like and bool(kb.END_MARKER_RE.match(line.text))


def _inline_link_in_prose(lines: list[Line], i: int, last: int) -> bool:
    """An inline link ("RELATED: headline") with nothing but prose after it in the run.

    Sites drop such links between body paragraphs; a list of other stories, by
    contrast, has headlines (short non-sentence lines) or more links among its
    teaser sentences. Only the list ends the article.
    """
    if not kb.INLINE_LINK_RE.match(lines[i].text):
        return False
    rest = [ln for ln in lines[i + 1 : last + 1] if ln.kind is None or ln.kind == "chrome"]
    return bool(rest) and all(ln.kind is None and ln.sentence_like for ln in rest)


def _box_in_body(lines: list[Line], i: int, last: int) -> list[int]:
    """Indices of the headlines of a box set inside the body, or [] if the marker ends the article.

    Sites drop "More from UK" / "Related" boxes between paragraphs: a bare list of
    headlines (two or more, nothing else), then the article's prose again. A list of
    other stories instead mixes headlines with blurbs, dates, tags, comment forms; it
    ends the article. Prose "resumes" only as three prose paragraphs in a row
    (pre-classified lines aside) somewhere after the box.
    """
    rest = [j for j in range(i + 1, last + 1) if lines[j].kind is None]
    box = 0
    while box < len(rest) and not lines[rest[box]].sentence_like and _is_headline(lines[rest[box]]):
        box += 1
    if box < 2:
        return []
    streak = 0
    for j in rest[box:]:
        streak = streak + 1 if lines[j].sentence_like else 0
        if streak >= 3:
            return rest[:box]
    return []


def _is_headline(line: Line) -> bool:
    # Another story's headline: a capitalised line of a headline's length, no sentence end.
    return 5 <= line.words <= 20 and line.text[0].isupper() and not line.text.endswith((".", ":", ";", ",", "*"))
