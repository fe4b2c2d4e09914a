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

import re
from collections.abc import Callable, Sequence
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


# With the learned classifier (:mod:`.lineclass`): a line gains (p - MODEL_THRESHOLD) words,
# at most MODEL_CAP, plus RULE_PRIOR times its rule score. The threshold sits above one half
# because a wrong line costs more (teasers and comments come in runs) than a missed short one;
# the prior keeps a sentence the model doubts (the last line of a page without a footer) in.
MODEL_THRESHOLD = 0.6
MODEL_CAP = 40
RULE_PRIOR = 0.25


def learned_score(line: Line, p: float) -> float:
    if line.kind in ("caption", "credit", "byline"):
        return 0.0  # removed wherever they are, but they do not break the body (as in line_score)
    return (p - MODEL_THRESHOLD) * min(max(line.words, 1), MODEL_CAP) + RULE_PRIOR * max(line_score(line), 0)


def find_body(lines: list[Line], probs: Sequence[float] | None = None,
              rule_scores: Sequence[float] | None = None, end_markers: Sequence[bool] | None = None) -> Segmentation:
    """The body run; with ``probs`` (P(body) per line, :mod:`.lineclass`) lines score by :func:`learned_score`.

    ``rule_scores`` (used without ``probs``) and ``end_markers``: the lines' :func:`line_score` and
    :func:`is_end_marker`, if the caller has them already.
    """
    marker_at = end_markers.__getitem__ if end_markers is not None else (lambda i: is_end_marker(lines[i]))
    if probs is None:
        scores = list(rule_scores) if rule_scores is not None else [line_score(line) for line in lines]
    else:
        scores = [learned_score(line, p) for line, p in zip(lines, probs)]
    best, best_span = 0, None
    run, run_start = 0, 0
    for i, score in enumerate(scores):
        if run <= 0:
            run, run_start = 0, i
        run += score
        if run > best:
            best, best_span = run, (run_start, i)
    if best_span is None:
        return Segmentation(None, None)
    first, last = best_span
    if probs is not None:
        last = _to_end_marker(lines, last, marker_at)
    # An end marker inside the run closes the article there (teasers often read like prose),
    # unless it heads a box inside the body, whose headlines are then removed.
    boxes: list[int] = []
    for i in range(first + 1, last + 1):
        if not marker_at(i) or _inline_link_in_prose(lines, i, last, probs):
            continue
        box = _box_in_body(lines, i, last, probs)
        if box is not None:
            boxes.extend(box)
            continue
        last = i - 1
        while last > first and scores[last] <= 0:
            last -= 1
        return Segmentation((first, last), i, tuple(b for b in boxes if b <= last))
    marker = next((i for i in range(last + 1, len(lines)) if marker_at(i)), None)
    return Segmentation((first, last), marker, tuple(boxes))


def _to_end_marker(lines: list[Line], last: int, marker_at: Callable[[int], bool], reach: int = 4) -> int:
    """``last``, moved down over sentences that lead straight to an end marker.

    The model doubts the last paragraphs of a short page (on most pages the foot is
    furniture), but prose that runs up to "Related stories" or "12 Comments" is the
    end of the article.
    """
    for j in range(last + 1, min(last + 1 + reach, len(lines))):
        if marker_at(j):
            return j - 1
        if lines[j].kind is not None or not lines[j].sentence_like:
            break
    return last


def is_end_marker(line: Line) -> bool:
    return line.words <= 10 and not line.sentence_like and bool(kb.END_MARKER_RE.match(line.text))


# Comment threads: "jdoe says:", "Jane Doe on March 3, 2020 at 4:12 pm said:" (a header), "34 responses
# to ...", "Reply", "Leave a comment", "[ 167 comments ]", "Rating: 36 Votes" (a count or a form),
# matched on the lower-cased line, at its start.
_COMMENT_HEADER_RE = re.compile(r"^\S.{0,60}\s(?:says|said|wrote|writes|replied)\s*:?\s*$")
_COMMENT_FORM_RE = re.compile(
    r"^\W*\d+\s+(?:responses?|comments?|replies|thoughts)\b|"
    r"^\W*(?:top rated comments|comments? \(\d+\)|reply|report|leave a (?:reply|comment)|"
    r"log in to (?:reply|comment)|\d+\s+likes?|rating: \d+ votes?)\b",
)
_HEADER_VERBS = ("says", "said", "wrote", "writes", "replied")
_FORM_INITIALS = "tcrl"  # top rated, comments, reply, report, rating, leave, log in
# What may follow a header's verb: a colon and white space (as the pattern's \s, str.isspace).
_HEADER_TAIL = ":" + "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())


def is_comment_line(words: int, lowered: str) -> bool:
    """A comment header or comment-form line (``lowered``: the line's text, lower-cased)."""
    if words > 12 and not lowered[:1].isdigit():
        return False
    # Quick tests first (most lines are neither): a header ends in its verb; a count or a form
    # starts, past any non-word characters, with a digit or one of its words' first letters.
    if lowered.rstrip(_HEADER_TAIL).endswith(_HEADER_VERBS) and _COMMENT_HEADER_RE.match(lowered):
        return True
    first = lowered[:1]
    if (first.isalpha() or first == "_") and first not in _FORM_INITIALS:
        return False
    return _COMMENT_FORM_RE.match(lowered) is not None


def _accepted(lines: list[Line], j: int, probs: Sequence[float] | None) -> bool:
    """Body prose: a sentence, and (with the model) one it takes for body."""
    return lines[j].sentence_like and (probs is None or probs[j] >= MODEL_THRESHOLD)


def _prose_resumes(lines: list[Line], rest: list[int], probs: Sequence[float] | None, within: int | None = None) -> int | None:
    """Position in ``rest`` where three accepted prose lines in a row start (within its first ``within``)."""
    streak = 0
    for k, j in enumerate(rest):
        streak = streak + 1 if _accepted(lines, j, probs) else 0
        if streak >= 3:
            return k - 2
        if within is not None and k - streak >= within:
            return None
    return None


def _inline_link_in_prose(lines: list[Line], i: int, last: int, probs: Sequence[float] | None = None) -> bool:
    """An inline link ("RELATED: headline") set among the body's paragraphs.

    Sites drop such links between body paragraphs; a list of other stories, by
    contrast, has headlines (short non-sentence lines) or more links among its
    teaser sentences. Only the list ends the article. By the rules, only prose may
    follow the link in the run; with the model, the body prose must resume
    within a few lines (a photo gallery or a fact box may sit between).
    """
    if not kb.INLINE_LINK_RE.match(lines[i].text):
        return False
    if probs is not None:
        rest = [j for j in range(i + 1, last + 1) if lines[j].kind is None]
        # One accepted sentence closing the run is as likely the blurb of a teaser as prose.
        if len(rest) >= 2 and all(_accepted(lines, j, probs) for j in rest):
            return True
        return _prose_resumes(lines, rest, probs, within=8) is not None
    rest_lines = [ln for ln in lines[i + 1 : last + 1] if ln.kind is None or ln.kind == "chrome"]
    return bool(rest_lines) and all(ln.kind is None and ln.sentence_like for ln in rest_lines)


def _box_in_body(lines: list[Line], i: int, last: int, probs: Sequence[float] | None = None) -> list[int] | None:
    """Indices of the headlines of a box set inside the body, or None if the marker ends the article.

    Sites drop "More from UK" / "Related" boxes between paragraphs: a bare list of
    headlines (two or more, nothing else), then the article's prose again. A list of
    other stories instead mixes headlines with blurbs, dates, tags, comment forms; it
    ends the article. Prose "resumes" only as three prose paragraphs in a row
    (pre-classified lines aside) somewhere after the box. With the model, a short line
    it rejects also counts as a headline (it knows headlines that end in a quote or
    open with a number), prose must be what it accepts, and any number of headlines
    (none: a "Read more" button in the middle of the text) make a box when such
    prose follows them straight away.
    """
    rest = [j for j in range(i + 1, last + 1) if lines[j].kind is None]

    def headline(j: int) -> bool:
        line = lines[j]
        if probs is not None and probs[j] < MODEL_THRESHOLD and line.words <= 20:
            return True
        return not line.sentence_like and _is_headline(line)

    box = 0
    while box < len(rest) and headline(rest[box]):
        box += 1
    # Comments under the article ("jdoe said:", "Reply") read like prose; a "box" that runs into
    # them is the article's foot, whatever follows.
    if any(is_comment_line(lines[j].words, lines[j].text.lower()) for j in rest[:box + 1]):
        return None
    if probs is not None and _prose_resumes(lines, rest[box:], probs, within=1) == 0:
        return rest[:box]  # accepted prose straight after the (possibly empty) box
    if box < 2:
        return None
    return rest[:box] if _prose_resumes(lines, rest[box:], probs) is not None else None


def _is_headline(line: Line) -> bool:
    # Another story's headline: a capitalised line of a headline's length, no sentence end.
    return 5 <= line.words <= 20 and line.text[0].isupper() and not line.text.endswith((".", ":", ";", ",", "*"))
