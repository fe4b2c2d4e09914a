"""Line-level features of a plain-text scrape.

A scrape is a sequence of lines; each non-blank line becomes a :class:`Line`
with the features the later steps need: how many words, whether it reads like
a sentence, whether it is site chrome, a photo caption, a credit, a byline,
a date stamp, in another script than the page, or repeated across pages of the same site.
Nothing here decides what the body is; :mod:`newsfold.clean.segment` does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import knowledge as kb
from .dates import is_date_stamp

_WORD_RE = re.compile(r"\w+(?:[’'.-]\w+)*", re.UNICODE)
# Sentence ends, Latin and CJK (full stop, exclamation and question marks, closing quotes).
_TERMINAL = tuple(".!?…\"”’'»:;)。！？」』）")
# Characters of scripts written without spaces between words (Han, kana; not Hangul, which
# spaces its words): a run of them is several words, about one per two characters.
_UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A line may open a sentence with a quote or bracket, or with a dash (dialogue in many languages).
_SENTENCE_OPENERS = "\"“‘'«„([—–¿¡"


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based line number in the raw text
    start: int  # character offset of the (stripped) line in the raw text
    text: str  # stripped
    words: int
    sentence_like: bool  # starts like a sentence and ends with terminal punctuation
    kind: str | None  # pre-classified: chrome | caption | credit | byline | date | other-script | repeated | None
    script: str  # dominant script: latin | cyrillic | ... | none


def split_lines(text: str) -> list[tuple[int, int, str]]:
    """(line number, start offset of stripped text, stripped text) of non-blank lines."""
    out = []
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            out.append((number, pos + raw.index(stripped[0]), stripped))
        pos += len(raw) + 1
    return out


_SCRIPT_CACHE: dict[str, str | None] = {}
_SCRIPT_ALIASES = {"hiragana": "cjk", "katakana": "cjk", "halfwidth": "cjk", "fullwidth": "latin"}


def _char_script(ch: str) -> str | None:
    script = _SCRIPT_CACHE.get(ch, "")
    if script == "":
        try:
            script = unicodedata.name(ch).split(" ", 1)[0].lower() if ch.isalpha() else None
        except ValueError:
            script = None
        # Japanese mixes Han and both kana in one sentence: one script, as is Chinese.
        script = _SCRIPT_ALIASES.get(script, script)
        if len(_SCRIPT_CACHE) < 100_000:
            _SCRIPT_CACHE[ch] = script
    return script


_LATIN_RE = re.compile(r"[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_OTHER_LETTER_RE = re.compile(r"[^\W\d_A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


def dominant_script(text: str) -> str:
    """The script most of the line's letters are in (Unicode name prefix: latin, cyrillic, cjk, ...)."""
    latin = len(_LATIN_RE.findall(text))
    others = _OTHER_LETTER_RE.findall(text)
    if not others:
        return "latin" if latin else "none"
    counts: dict[str, int] = {"latin": latin} if latin else {}
    for ch in others:
        script = _char_script(ch)
        if script is not None:
            counts[script] = counts.get(script, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else "none"


def word_count(text: str) -> int:
    """Words of a line; a run of Han or kana characters counts one word per two characters."""
    if text.isascii():
        return len(_WORD_RE.findall(text))
    runs = _UNSPACED_RE.findall(text)
    if not runs:
        return len(_WORD_RE.findall(text))
    rest = _UNSPACED_RE.sub(" ", text)
    return len(_WORD_RE.findall(rest)) + sum((len(r) + 1) // 2 for r in runs)


def is_sentence_like(text: str, words: int) -> bool:
    """Reads like prose: several words, a capital (or a letter of a script without case),
    a digit, a quote or a dialogue dash at the start, terminal punctuation at the end."""
    if words < 5:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in _SENTENCE_OPENERS
            or (first.isalpha() and not first.islower())):
        return False
    return text.endswith(_TERMINAL)


def classify(text: str, words: int) -> str | None:
    """The kind a line has on its own, before looking at its neighbours."""
    if kb.CREDIT_RE.search(text):
        return "credit"
    if words <= 8 and kb.BYLINE_RE.match(text):
        return "byline"
    if words <= 14 and is_date_stamp(text):
        return "date"
    if words <= 10 and kb.CHROME_RE.match(text):
        first_word = _WORD_RE.search(text)
        rest = text[first_word.end():] if first_word else text
        if not is_sentence_like(text, words) or kb.CHROME_SENTENCE_RE.search(rest):
            return "chrome"
    if words <= 10 and kb.is_nav_trail(text):
        return "chrome"
    if words <= 30 and (kb.INLINE_LINK_RE.match(text) or kb.CONSENT_RE.search(text)):
        return "chrome"
    if words >= 3 and any(rx.search(text) for rx in kb.CAPTION_RES):
        return "caption"
    return None


def line_key(text: str) -> str:
    """Normalised form of a line for counting repetition across pages (case, digits, spacing)."""
    return re.sub(r"\d+", "0", " ".join(text.casefold().split()))


def line_features(text: str, repeated: frozenset[str] = frozenset()) -> list[Line]:
    """Features of every non-blank line.

    ``repeated`` holds the :func:`line_key` of lines seen on several other pages
    of the same site. If most of a page's lines are "repeated", the page is a
    copy of another article rather than a page full of chrome, so repetition
    is ignored for it.
    """
    rows = split_lines(text)
    if repeated:
        hits = sum(1 for _, _, t in rows if line_key(t) in repeated)
        if hits > 0.3 * len(rows):
            repeated = frozenset()
    scripts = [dominant_script(t) for _, _, t in rows]
    # The page's script is the one most of its letters are in.
    weight: dict[str, int] = {}
    for (_, _, t), s in zip(rows, scripts):
        weight[s] = weight.get(s, 0) + len(t)
    page_script = max(weight, key=weight.__getitem__) if weight else "none"
    lines = []
    for (number, start, t), script in zip(rows, scripts):
        words = word_count(t)
        kind = classify(t, words)
        if kind is None and script not in (page_script, "none"):
            kind = "other-script"
        if kind is None and repeated and line_key(t) in repeated:
            kind = "repeated"
        lines.append(Line(number, start, t, words, is_sentence_like(t, words), kind, script))
    return lines
