"""Same statement, other words: do two quotes report one utterance?

Two quotes report the same statement when the same person is credited and
either

* one quote's words appear, in order, inside the other's: a fragment quoted
  inside a longer quotation ("caught red handed" in the whole tweet), or the
  same wire sentence in two papers; or
* their content words overlap beyond chance, weighted by how rare each word is
  (background IDF) — "no bright prospects for normalizing Russian-American
  relations" and "rosy prospects for the normalization of Russian-U.S. ties"
  share "prospects", "normaliz-", "Russia", "US", "relations". The overlap
  coefficient (shared weight over the smaller quote's weight) lets a short
  quote match inside a longer one, as when one outlet quotes a sentence and
  another a paragraph.

Words are compared after folding the variants that translations and house
styles produce: U.S./US/American/United States, Russian/Russia, ties/
relations, talks/dialogue, "ten"/10, -ise/-ize. Different numbers veto a
match ("730 miles" and "2,000 kilometers" are two launches), a short
capitalised phrase ("Kill Bill", "State of the Union") is a title, not a
statement, and the speaker's own name inside the quote is no evidence.

Two reporter paraphrases (indirect speech on both sides) have thresholds of
their own: they reword a statement more freely than two renderings of a
quotation, and on the labelled pairs a lower bar for them gained more links
than it cost. Thresholds were tuned on the dev half of
``eval/statements/pairs.jsonl``; ``python -m newsfold.evaluation.statements``
reports both halves and the seeds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..records import Quote
from .features import STOPWORDS, background_idf, stem


@dataclass(frozen=True, slots=True)
class StatementOptions:
    min_overlap: float = 0.5  # weighted overlap coefficient, when one side is a quotation
    min_shared: int = 3  # content words in common, when one side is a quotation
    min_words: int = 3  # shorter quotes ("illegal") match only by containment
    indirect_overlap: float = 0.4  # both sides reported speech (wire paraphrases reword more)
    indirect_shared: int = 2
    min_phrase_words: int = 2  # content words a contained fragment needs ("fire and fury")


# --- normalising words -----------------------------------------------------------------------

# Letters (with inner apostrophes), dotted abbreviations ("U.S."), or numbers ("4,500", "5:58").
_TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*|(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’][^\W\d_]+)*")
# Two-word names, folded into one word as they are read.
_PAIRS = {("united", "states"): "usa", ("united", "kingdom"): "gbr", ("united", "nations"): "unitednations",
          ("european", "union"): "europe", ("north", "korea"): "northkorea", ("south", "korea"): "southkorea"}
# One spelling for the variants translations and house styles use for one thing.
_VARIANTS = {
    **dict.fromkeys(["us", "usa", "america", "american", "americans"], "usa"),
    **dict.fromkeys(["uk", "britain", "british", "briton", "britons"], "gbr"),
    **dict.fromkeys(["un"], "unitednations"),
    **dict.fromkeys(["eu", "european", "europeans"], "europe"),
    "dprk": "northkorea",
    "russian": "russia", "russians": "russia", "chinese": "china", "japanese": "japan", "french": "france",
    "german": "germany", "germans": "germany", "ukrainian": "ukraine", "ukrainians": "ukraine", "iranian": "iran",
    "israeli": "israel", "israelis": "israel", "afghan": "afghanistan", "afghans": "afghanistan",
    "mexican": "mexico", "canadian": "canada", "syrian": "syria", "iraqi": "iraq", "turkish": "turkey",
    "indian": "india", "nigerian": "nigeria", "palestinian": "palestine", "palestinians": "palestine",
    **dict.fromkeys(["tie", "ties", "relation", "relations", "relationship", "relationships"], "relations"),
    **dict.fromkeys(["talk", "talks", "dialogue", "dialog", "dialogues", "negotiation", "negotiations"], "talks"),
    **dict.fromkeys(["meddle", "meddled", "meddling", "interfere", "interfered", "interfering", "interference",
                     "intervene", "intervened", "intervening"], "interfere"),
    **dict.fromkeys(["kilometre", "kilometres", "kilometer", "kilometers", "km"], "km"),
}
_NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero _ two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
del _NUMBER_WORDS["_"]  # "one" is more often a pronoun ("one of the biggest regrets") than a count
_NUMBER_WORDS.update({"thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80",
                      "ninety": "90", "hundred": "100", "thousand": "1000", "dozen": "12"})
_BRITISH = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations)$")
_COLOUR = re.compile(r"(?<=[a-z]{3})our(s|ed|ing|ite|ites)?$")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'")


def _word(token: str) -> str:
    """One token in its canonical spelling (numbers keep their digits, without separators)."""
    if token[0].isdigit():
        return token.replace(",", "")
    token = token.replace(".", "")
    token = token.removesuffix("'s")  # "Russia's" is Russia
    if token in _NUMBER_WORDS:
        return _NUMBER_WORDS[token]
    if token in _VARIANTS:
        return _VARIANTS[token]
    return _COLOUR.sub(r"or\1", _BRITISH.sub(r"iz\1", token))


@dataclass(frozen=True, slots=True)
class Profile:
    """What the matcher compares of one quote, computed once per text."""

    words: dict[str, float]  # content stem -> background IDF
    phrase: str  # all words, canonical, space-separated and space-padded: for containment
    numbers: frozenset[str]
    title: bool  # a short run of capitalised words: a name or title, not a statement

    @property
    def weight(self) -> float:
        return sum(self.words.values())


@lru_cache(maxsize=100_000)
def profile(text: str) -> Profile:
    """What the matcher compares of one quote's text."""
    words: dict[str, float] = {}
    seq: list[str] = []
    numbers: set[str] = set()
    last = ""  # the content stem the previous word added, if any
    for m in _TOKEN_RE.finditer(text):
        raw = m.group()
        folded = "usa" if raw == "US" else _fold(raw)  # "US" in capitals is the country, "us" the pronoun
        if seq and (seq[-1], folded) in _PAIRS:
            seq[-1] = w = _PAIRS[seq[-1], folded]
            words.pop(last, None)
        else:
            w = _word(folded)
            seq.append(w)
        last = ""
        if w[0].isdigit():
            numbers.add(w)
        elif len(w) >= 3 and "'" not in w and w not in STOPWORDS and folded not in STOPWORDS:  # not "don't"
            last = stem(w)
            words[last] = max(words.get(last, 0.0), background_idf(w))
    return Profile(words, " " + " ".join(seq) + " ", frozenset(numbers), _is_title(text))


def _is_title(text: str) -> bool:
    """"Kill Bill", "State of the Union": every content word capitalised, and short."""
    tokens = re.findall(r"[^\W\d_]+", text)
    content = [t for t in tokens if len(t) >= 3 and t.casefold() not in STOPWORDS]
    return 0 < len(tokens) <= 6 and bool(content) and all(t[0].isupper() for t in content)


def content(text: str) -> dict[str, float]:
    """Content stems of a quote with their background IDF."""
    return profile(text).words


# --- speakers ----------------------------------------------------------------------------------

_HONORIFICS = frozenset("mr mrs ms dr sir dame lord lady gen sen rep gov pres prof rev st jr sr ii iii".split())


@lru_cache(maxsize=20_000)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in re.findall(r"[^\W\d_]+", _fold(name)) if t not in _HONORIFICS)


def same_speaker(a: str | None, b: str | None, id_a: str | None = None, id_b: str | None = None) -> bool:
    """One person? The store's speaker IDs decide when they agree; otherwise the names must.

    Names agree when their last words match and their other words do not
    contradict each other: "Trump" and "Donald J. Trump" are one person,
    "Robert Thurman" and "Uma Thurman", or "North Korea" and "South Korea", two.
    A missing first name ("Trump") is not a contradiction.
    """
    if id_a and id_a == id_b:
        return True
    if not a or not b:
        return False
    ta, tb = _name_tokens(a), _name_tokens(b)
    if not ta or not tb or ta[-1] != tb[-1]:
        return False
    ra, rb = set(ta[:-1]), set(tb[:-1])
    if not ra or not rb or ra & rb:
        return True
    # initials: "J. Smith" and "John Smith"
    return bool({t[0] for t in ra if len(t) == 1} & {t[0] for t in rb}) or \
        bool({t[0] for t in rb if len(t) == 1} & {t[0] for t in ra})


# --- matching ----------------------------------------------------------------------------------


def contained(a: Profile, b: Profile, opts: StatementOptions = StatementOptions()) -> bool:
    """Is the shorter quote's word sequence inside the longer one's, with enough content to mean something?"""
    short, long_ = (a, b) if len(a.phrase) <= len(b.phrase) else (b, a)
    if short.title or len(short.words) < opts.min_phrase_words:
        return False
    return short.phrase in long_.phrase


def _overlap(a: Profile, b: Profile, ignore: frozenset[str] = frozenset()) -> tuple[float, int]:
    """(weighted overlap coefficient, shared content words), ``ignore``d words left out of both."""
    shared = a.words.keys() & b.words.keys() - ignore
    if not shared:
        return 0.0, 0
    # fsum: the same total whatever order the set hands the words out in. String hashes differ from one
    # process to the next and a plain sum's last bit with them: one pair scored 0.437 in one run of a
    # fold and 0.438 in the next, and a score on a threshold would have flipped a decision.
    weight = math.fsum(min(a.words[t], b.words[t]) for t in shared)
    smaller = min(sum(v for t, v in a.words.items() if t not in ignore),
                  sum(v for t, v in b.words.items() if t not in ignore))
    return (weight / smaller if smaller else 0.0), len(shared)


def _speaker_words(*names: str | None) -> frozenset[str]:
    """Stems of the speaker's name: "Biden" inside a Biden quote says nothing about which statement it is."""
    return frozenset(stem(t) for n in names if n for t in _name_tokens(n) if len(t) >= 3)


def statement_overlap(a: str, b: str, opts: StatementOptions = StatementOptions()) -> float:
    """Weighted overlap coefficient of two quotes' content words (1.0 when one contains the other)."""
    pa, pb = profile(a), profile(b)
    if contained(pa, pb, opts):
        return 1.0
    if len(pa.words) < opts.min_words or len(pb.words) < opts.min_words:
        return 0.0
    return _overlap(pa, pb)[0]


def same_statement(x: Quote, y: Quote, opts: StatementOptions = StatementOptions()) -> float:
    """The overlap score if ``x`` and ``y`` report one statement, else 0.0."""
    pa, pb = profile(x.text), profile(y.text)
    if pa.title or pb.title:
        return 0.0
    if contained(pa, pb, opts):
        return 1.0
    if len(pa.words) < opts.min_words or len(pb.words) < opts.min_words:
        return 0.0
    if pa.numbers and pb.numbers and not pa.numbers & pb.numbers:
        return 0.0  # "143 million" and "15 million", "5:58 a.m." and "7:16 am": different statements
    score, shared = _overlap(pa, pb, _speaker_words(x.speaker, y.speaker))
    if x.kind == "indirect" and y.kind == "indirect":
        ok = score >= opts.indirect_overlap and shared >= opts.indirect_shared
    else:
        ok = score >= opts.min_overlap and shared >= opts.min_shared
    return score if ok else 0.0


def _speaker_keys(q: Quote) -> tuple[tuple[str, str], ...]:
    """What ``same_speaker`` needs two quotes to share before it can say yes: the store's speaker
    ID, or the last word of the name."""
    keys = []
    if q.speaker_id:
        keys.append(("id", q.speaker_id))
    if q.speaker and (tokens := _name_tokens(q.speaker)):
        keys.append(("name", tokens[-1]))
    return tuple(keys)


class QuotesBySpeaker:
    """Quotes grouped by speaker key, so matching looks only at quotes of a possible same speaker.

    Comparing every quote of an article with every quote of every candidate story
    (up to ``stories.MAX_STORY_QUOTES`` each, more for a story just loaded) was most
    of the fold's time on a big store; most pairs have two different speakers, and
    most stories share no speaker with the article at all, which the keys alone tell.
    Build one for a list that is not going to change (``StoryState`` rebuilds its
    own after taking a member).
    """

    __slots__ = ("quotes", "keys", "by_key")

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.keys = [_speaker_keys(q) for q in quotes]
        self.by_key: dict[tuple[str, str], list[int]] = {}
        for i, keys in enumerate(self.keys):
            for key in keys:
                self.by_key.setdefault(key, []).append(i)

    def rows(self, keys) -> list[int]:
        """Positions of the quotes under any of ``keys``, in list order."""
        found = [hits for key in keys if (hits := self.by_key.get(key))]
        if len(found) == 1:
            return found[0]
        return sorted(set().union(*found))


def matching_statements(
    qa: list[Quote] | QuotesBySpeaker, qb: list[Quote] | QuotesBySpeaker, opts: StatementOptions = StatementOptions()
) -> list[tuple[Quote, Quote, float]]:
    """Pairs (quote of a, quote of b, overlap) that report the same statement, in the order of a, then b.

    Either side may come grouped already (``QuotesBySpeaker``): the same pairs, without regrouping it.
    Only quotes under a speaker key both sides have are compared; ``same_speaker`` decides on them.
    """
    a = qa if isinstance(qa, QuotesBySpeaker) else QuotesBySpeaker(qa)
    b = qb if isinstance(qb, QuotesBySpeaker) else QuotesBySpeaker(qb)
    common = a.by_key.keys() & b.by_key.keys()
    if not common:
        return []
    pairs = []
    for i in a.rows(common):
        x = a.quotes[i]
        for j in b.rows([k for k in a.keys[i] if k in common]):
            y = b.quotes[j]
            if not same_speaker(x.speaker, y.speaker, x.speaker_id, y.speaker_id):
                continue
            score = same_statement(x, y, opts)
            if score > 0:
                pairs.append((x, y, round(score, 3)))
    return pairs
