"""The evidence that an article reports the event of an active story, one number per signal.

Folding used to weigh one number, the TF-IDF cosine of the article with a
story's centroid, against a threshold. That glues together stories of one
*subject* (each week's jobless claims, successive steps of one inquiry) and
splits one event whose reports are worded differently. So each (article,
story) pair is described by several signals, combined by a small learned
model (``fold.scorer``):

* lexical: the cosine of the whole text with the story's centroid, of the
  title with the story's closest member title, of the lead (the opening words
  of the body) with the story's leads;
* names: the cosine of the names (words written with a capital inside a
  sentence) weighted by IDF, so that "Russia" or "Congress" chain nothing while
  "Zelensky" or "Hormuz" do;
* figures: numbers and quantities shared, and whether both sides give figures
  and share none ("473,000 claims" against "498,000 claims" is the same kind of
  report about another week); the same for the years named;
* measures: figures of the title and opening paired with the word they count
  ("claim=473000", "toll=35"): the same figure for the same measure on both
  sides, or the story's first article giving another figure for it (computed,
  but not read by the shipped models: see WITHOUT_MEASURES in eval/stories_train.py);
* time: the gap in days when both sides are dated; and, dated or not, the days the texts
  themselves name ("on Dec. 2", "March 3, 2021", ``mentioned_days``): the same day named on both
  sides is evidence of one event, each side's opening naming a day the other never names is
  evidence of another step of one subject (this week's claims, the committee's next vote). The text
  is content, not a benchmark's date, so this holds on undated streams too. Weekdays ("on Tuesday")
  are compared the same way, but not read by the shipped models (WITHOUT_WEEKDAYS in
  eval/stories_train.py: a follow-up is written the day after);
* novelty: the share of the article's title and opening in words the story never uses, and of
  the story's openings in words the article lacks: a later step brings words of its own;
* statements: the same quotes by the same speaker (``fold.statements``), and
  a speaker quoted at length on both sides with nothing in common;
* context: the story's size, how the cosine compares with the best
  candidate's, how long the article is;
* meaning (only with the ``embed`` extra): the MiniLM cosine of the article's
  title and opening with the mean of the story's, which sees a paraphrased
  headline that shares no word. A model trained with these signals is used only
  when the article and every candidate story have vectors; otherwise its sibling
  trained without them (``scorer.StoryModel.with_embedding``).

This module holds what is computed from an article alone (``cues``, once per
article) and the signal vector of one candidate (``signal_vector``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..clean.dates import WEEKDAYS, mentioned_days
from ..records import Article
from .features import _WORD_RE, STOPWORDS, _term, cosine, stem, weighted

LEAD_WORDS = 45  # about the first two sentences of a news report: where the event is named
# Figures are compared in the title and the opening only (``measures``): there a report gives its
# event's own figures, while further down it gives last week's, the forecast, the average.
MEASURE_WORDS = 60

# Every signal, in the order of the model's input vector. A model names the signals it was
# trained on, so a model trained on fewer (an older one) still reads its own.
SIGNALS = (
    "cosine",  # TF-IDF cosine of the whole article with the story's centroid
    "cosine_margin",  # cosine minus the best candidate's (0 for the best): how the story ranks
    "cosine_lead_over_next",  # cosine minus the best other candidate's: > 0 when this story stands out
    "title_max",  # cosine of the title with the closest member title (0 when either has none)
    "has_titles",  # 1 when the article and the story both have titles
    "lead",  # cosine of the lead with the story's leads
    "names",  # IDF-weighted cosine of the names
    "names_none",  # 1 when the article or the story names nobody
    "numbers_shared",  # log(1 + figures in common)
    "numbers_conflict",  # 1 when both give figures and share none
    "numbers_mismatch",  # share of the article's figures the story gives differently (same unit, within 2x)
    "years_shared",  # log(1 + years named on both sides)
    "years_conflict",  # 1 when both name years and none in common (ECB+'s 2010 and 2013 rehab stays)
    "dated",  # 1 when both sides are dated
    "log_gap",  # log(1 + days apart), 0 when undated
    "statements",  # same statements by the same speaker (capped at 5)
    "other_occasion",  # a speaker quoted at length on both sides, no statement in common
    "log_size",  # log(1 + the story's articles)
    "log_terms",  # log(1 + the article's distinct terms): short texts have lower cosines
    "measures_same",  # log(1 + measures given the same figure on both sides): "claim=473000" on both
    "measures_differ",  # log(1 + measures the story's first article gives other figures): another week's claims
    # Days and weekdays the texts name (``days``), read whether or not the articles are dated.
    "days_shared",  # log(1 + month-days named on both sides)
    "days_conflict",  # 1 when each side's title or opening names a month-day the other never names
    "weekdays_shared",  # log(1 + weekdays named in both sides' titles or openings)
    "weekdays_conflict",  # 1 when both openings name weekdays, none the same or a day apart (``weekday_conflict``)
    # What is new on each side (``novelty``): a later step of one subject brings words of its own to its
    # title and opening (the FDA "authorizes" what it was "poised to"); another report of one event does not.
    "title_new",  # share of the article's title weight in words the story never uses
    "lead_new",  # the same for the article's opening
    "story_lead_new",  # share of the story's openings' weight in words the article never uses
    # Read only by the models trained with vectors (``EMBEDDING_SIGNALS``): MiniLM cosines of the
    # article's title and lead with the story's, which see a paraphrased headline that shares no word.
    # (The cosine with the closest member's vector and with the first's were tried too: no better on
    # held-out halves, and a story would have to keep several vectors.)
    "emb_mean",  # cosine with the story's mean vector
    "emb_margin",  # emb_mean minus the best emb_mean among the candidates (0 for the best)
)
# Signals computed only for a model that reads them (or a training replay: ``FoldOptions.all_signals``):
# the days and weekdays the texts name, and what is new on each side (~0.2 ms an article in the fold).
TIME_SIGNALS = ("days_shared", "days_conflict", "weekdays_shared", "weekdays_conflict")
NOVELTY_SIGNALS = ("title_new", "lead_new", "story_lead_new")

EMBEDDING_SIGNALS = frozenset(s for s in SIGNALS if s.startswith("emb_"))

# A figure: 1,234,567 / 12.5 / 300, with an optional unit that says what kind of quantity it is.
_NUMBER_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)\s*(%|percent\b|per cent\b|million\b|billion\b|trillion\b)?",
    re.IGNORECASE,
)
_UNITS = {"%": "%", "percent": "%", "per cent": "%", "million": "m", "billion": "bn", "trillion": "tn"}
# A capitalised word; what comes before it says whether the capital is a sentence's or a name's.
_CAPITAL_RE = re.compile(r"[A-Z][\w’'-]*[\w]")
_SENTENCE_END = frozenset(".!?:;\"“”‘’'()[]—–-•|")


@dataclass(frozen=True, slots=True)
class Cues:
    """What an article brings to every comparison, computed once per article."""

    title: dict[str, float]  # stem -> log-tf times background IDF, of the title alone
    lead: dict[str, float]  # the same, of the first LEAD_WORDS words of the body
    names: frozenset[str]  # stems of words written capitalised inside a sentence
    numbers: frozenset[str]  # normalised figures ("473000", "2.5%", "3.1bn")
    years: frozenset[str] = frozenset()  # years named in the body (1900–2099)
    measures: frozenset[str] = frozenset()  # figures of the title and opening with what they measure (``measures``)
    days: frozenset[str] = frozenset()  # month-days named anywhere ("12-02"), ``mentioned_days``
    lead_days: frozenset[str] = frozenset()  # those named in the title and opening
    weekdays: frozenset[str] = frozenset()  # weekdays named in the title and opening ("tuesday")
    vector: np.ndarray | None = None  # unit MiniLM vector of title and lead (``embed.fold_vector``), if computed


def raw_terms(text: str) -> dict[str, float]:
    """Term weights of ``text`` as ``features.features`` weighs a whole article (no corpus IDF yet)."""
    tf: dict[str, int] = {}
    bg: dict[str, float] = {}
    for raw in _WORD_RE.findall(text):
        term = _term(raw)
        if term is None:
            continue
        s, idf = term
        tf[s] = tf.get(s, 0) + 1
        if idf > bg.get(s, 0.0):
            bg[s] = idf
    return {s: (1 + math.log(c)) * bg[s] for s, c in tf.items() if bg[s] > 0}


def names(text: str) -> set[str]:
    """Stems of the words written with a capital where a sentence does not start.

    Acronyms count ("NATO"); a capital after a full stop, a quote mark or a line
    break does not (it is the sentence's, not the word's).
    """
    found: set[str] = set()
    for m in _CAPITAL_RE.finditer(text):
        i = m.start()
        if i and text[i - 1].isalnum():
            continue  # inside a word ("McDonald")
        j = i - 1
        while j >= 0 and text[j] in " \t":
            j -= 1
        if j < 0 or text[j] == "\n" or text[j] in _SENTENCE_END:
            continue
        word = m.group().casefold().strip("’'-")
        if len(word) >= 3 and word not in STOPWORDS:
            found.add(stem(word))
    return found


def numbers(text: str) -> set[str]:
    """Figures that can tell two reports apart: amounts, counts, percentages.

    Years (1900–2099), and small bare integers (days of the month, ages, ranks)
    are left out: two reports of one event give them differently or not at all.
    """
    found: set[str] = set()
    for m in _NUMBER_RE.finditer(text):
        digits, unit = m.group(1).replace(",", ""), m.group(2)
        unit = _UNITS.get(unit.casefold()) if unit else None
        if "." in digits:
            digits = digits.rstrip("0").rstrip(".")
        bare_integer = not unit and "." not in digits
        if bare_integer and (len(digits) < 3 or (len(digits) == 4 and digits[:2] in ("19", "20"))):
            continue
        found.add(digits + (unit or ""))
    return found


_YEAR_RE = re.compile(r"(?<![\w.,$£€])(19\d\d|20\d\d)(?![\w,]*\d)")


def years(text: str) -> set[str]:
    """Years named in ``text``: two events of one kind are often told apart by theirs alone."""
    return set(_YEAR_RE.findall(text))


def _figure(text: str) -> tuple[str, float] | None:
    """("m", 3.1) from "3.1m": a figure's unit and value (None if it does not parse)."""
    unit = text.lstrip("0123456789.")
    try:
        value = float(text[: len(text) - len(unit)])
    except ValueError:
        return None
    return (unit, value) if math.isfinite(value) else None  # 400 digits parse as inf: no magnitude


def figure_buckets(figures) -> dict[tuple[str, int], set[float]]:
    """Figures grouped by unit and binary order of magnitude, to find one close to a given figure."""
    out: dict[tuple[str, int], set[float]] = {}
    for f in figures:
        parsed = _figure(f)
        if parsed and parsed[1] > 0:
            out.setdefault((parsed[0], math.floor(math.log2(parsed[1]))), set()).add(parsed[1])
    return out


def mismatched(figures, story_figures, buckets: dict[tuple[str, int], set[float]]) -> int:
    """How many of ``figures`` the story lacks while giving a figure of the same unit within a factor of 2:
    the same measure with another value ("473,000 claims" against "498,000 claims")."""
    n = 0
    for f in figures:
        if f in story_figures:
            continue
        parsed = _figure(f)
        if not parsed or parsed[1] <= 0:
            continue
        unit, v = parsed
        b = math.floor(math.log2(v))
        if any(0.5 <= v / g <= 2 for k in (b - 1, b, b + 1) for g in buckets.get((unit, k), ())):
            n += 1
    return n


# What a figure measures: the content words right after it ("473,000 claims", "35 people") and the
# one right before ("a turnout of 61%", "killed 35"). Months and weekdays name a date, not a measure.
_MEASURE_AFTER, _MEASURE_BEFORE = 2, 2
_MEASURE_WINDOW = 5  # words looked at on each side, within the sentence ("claims tick up to 373,000")
_MONTHS = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_NOT_MEASURES = _MONTHS | frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "year", "years", "month", "months", "week", "weeks", "day", "days", "today", "yesterday", "last", "next", "first", "percent", "cent", "per", "million", "billion", "trillion"]
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;:]\s|\n")
_MEASURE_NUMBER_RE = re.compile(
    r"(?<![\w.,$£€-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)(?![.]\d)(?!-[\d.])\s*"
    r"(%|percent\b|per cent\b|million\b|billion\b|trillion\b)?",
    re.IGNORECASE,
)


def measures(text: str) -> frozenset[str]:
    """Figures with what they measure, as "stem:unit=value" ("claim:=473000", "turnout:%=61").

    Two reports of one event give the same figure for the same measure; two reports of two
    events of one kind (each week's jobless claims, two elections' turnouts, two disasters'
    death tolls) give the same measure different figures. Unlike ``numbers``, small counts
    are kept ("35 people"): the measure word tells a count from a day of the month.
    """
    found: set[str] = set()
    for m in _MEASURE_NUMBER_RE.finditer(text):
        digits, unit = m.group(1).replace(",", ""), m.group(2)
        unit = _UNITS.get(unit.casefold()) if unit else ""
        if "." in digits:
            digits = digits.rstrip("0").rstrip(".")
        if not unit and len(digits) == 4 and digits[:2] in ("19", "20"):
            continue  # a year
        if digits in ("0", "1"):
            continue  # "one of", "1 in": rarely a measure
        after_text = text[m.end(): m.end() + 60]
        before_text = text[max(0, m.start() - 60): m.start()]
        if (cut := _SENTENCE_BREAK_RE.search(after_text)) is not None:
            after_text = after_text[: cut.start()]
        before_text = _SENTENCE_BREAK_RE.split(before_text)[-1]
        after = _WORD_RE.findall(after_text)[:_MEASURE_WINDOW]
        before = _WORD_RE.findall(before_text)[-_MEASURE_WINDOW:]
        if before and before[-1].casefold() in _MONTHS or after and after[0].casefold() in _MONTHS:
            continue  # "March 12", "12 March": a date
        keys = [w for w in (x.casefold() for x in after) if _measure_word(w)][:_MEASURE_AFTER]
        keys += [w for w in (x.casefold() for x in reversed(before)) if _measure_word(w)][:_MEASURE_BEFORE]
        for k in keys:
            found.add(f"{stem(k)}:{unit}={digits}")
    return frozenset(found)


def _measure_word(word: str) -> bool:
    bare = word.replace("’", "'").split("'")[0]  # "thursday's" is Thursday
    return len(bare) >= 3 and bare not in STOPWORDS and bare not in _NOT_MEASURES


def measure_values(items) -> dict[str, set[str]]:
    """"stem:unit=value" strings grouped by measure: {"claim:": {"473000", "12000"}}."""
    out: dict[str, set[str]] = {}
    for item in items:
        key, _, value = item.partition("=")
        out.setdefault(key, set()).add(value)
    return out


def measure_evidence(article_values: dict[str, set[str]], story_values: dict[str, set[str]]) -> tuple[int, int]:
    """(measures given the same figure on both sides, measures given figures on both sides but none in common),
    both sides grouped by ``measure_values``."""
    same = differ = 0
    for key, values in article_values.items():
        theirs = story_values.get(key)
        if theirs is None:
            continue
        if values & theirs:
            same += 1
        else:
            differ += 1
    return same, differ


# Weekdays in full only: "Sun", "Sat", "Wed" are words or names as often as days.
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(w for w in WEEKDAYS if w.endswith("day")) + r")\b", re.IGNORECASE)


def mentioned_weekdays(text: str) -> frozenset[str]:
    """Weekdays the text names ("on Tuesday", "Thursday's quake"), lower-cased."""
    return frozenset(w.casefold() for w in _WEEKDAY_RE.findall(text))


def weekday_conflict(article: frozenset[str], story) -> bool:
    """Both openings name weekdays and none of the article's is the same as, or a day from, one of the story's.

    A day apart is no conflict: the follow-up to Tuesday's quake is written on Wednesday ("rescuers
    dug on Wednesday"). Monday's vote and Thursday's are two steps. (Counting a day apart as a
    conflict too, or as half of one, scores higher on NeuS, whose steps often come a day apart, and
    splits the follow-ups of real coverage: see eval/README.md.)
    """
    if not article or not story:
        return False
    theirs = {WEEKDAYS[w] for w in story}
    return not any((WEEKDAYS[w] + k) % 7 in theirs for w in article for k in (-1, 0, 1))


def day_evidence(article_days: frozenset[str], article_lead: frozenset[str],
                 story_days, story_lead) -> tuple[int, bool]:
    """(month-days named on both sides, whether each side's opening names a day the other never names).

    Both sides must bring a day of their own: a day one report adds as background ("since the
    Jan. 6 attack") says nothing against the other, but two openings each about a day the other
    never mentions are two steps ("claims fell in the week to Dec. 2" / "... to Nov. 25").
    """
    shared = sum(1 for d in article_days if d in story_days)
    conflict = any(d not in story_days for d in article_lead) and any(d not in article_days for d in story_lead)
    return shared, conflict


def novelty(part: dict[str, float], other: dict[str, float]) -> float:
    """The share of ``part``'s weight in terms ``other`` lacks (0 when ``part`` is empty)."""
    total = sum(part.values())
    return sum(w for t, w in part.items() if t not in other) / total if total else 0.0


def lead_text(body: str, words: int = LEAD_WORDS) -> str:
    return " ".join(body.split()[:words])


def cues(article: Article, vector: np.ndarray | None = None, time_cues: bool = True) -> Cues:
    """What the fold compares of ``article``; ``time_cues``: also the days and weekdays it names."""
    body = article.body
    opening = f"{article.title or ''}\n{lead_text(body, MEASURE_WORDS)}"
    days = mentioned_days(f"{article.title or ''}\n{body}") if time_cues else frozenset()
    lead_days = mentioned_days(opening) if time_cues else frozenset()
    return Cues(
        title=raw_terms(article.title or ""),
        lead=raw_terms(lead_text(body)),
        names=frozenset(names(body)),
        numbers=frozenset(numbers(body)),
        years=frozenset(years(body)),
        measures=measures(opening),
        days=days,
        lead_days=lead_days,
        weekdays=mentioned_weekdays(opening) if time_cues else frozenset(),
        vector=vector,
    )


def embedding_signals(vector: np.ndarray, mean: np.ndarray) -> dict[str, float]:
    """The article's MiniLM cosine with a story's mean (unit) vector; ``emb_margin`` is filled in by
    the caller, who sees every candidate."""
    return {"emb_mean": float(mean @ vector), "emb_margin": 0.0}


def unit_cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine of two vectors that are not unit length (parts of unit vectors: their names)."""
    if not a or not b:
        return 0.0
    norm = math.sqrt(sum(x * x for x in a.values()) * sum(x * x for x in b.values()))
    return cosine(a, b) / norm if norm else 0.0


def best_title(title_vec: dict[str, float], story_titles: list[dict[str, float]]) -> float:
    """The cosine of a title with the closest member title (0 when either has none)."""
    return max((cosine(title_vec, t) for t in story_titles), default=0.0) if title_vec else 0.0


def signal_vector(
    *,
    cos: float,
    best_cos: float,
    best_other_cos: float,
    title_max: float,
    has_titles: bool,
    lead: float,
    names_cos: float,
    names_none: bool,
    numbers_a: frozenset[str],
    numbers_story: Counter | dict,
    numbers_mismatched: int,
    years_a: frozenset[str],
    years_story: Counter | dict,
    gap: float | None,
    statements: int,
    other_occasion: bool,
    size: int,
    n_terms: int,
    measures_same: int = 0,
    measures_differ: int = 0,
    days_shared: int = 0,
    days_conflict: bool = False,
    weekdays_shared: int = 0,
    weekdays_conflict: bool = False,
    title_new: float = 0.0,
    lead_new: float = 0.0,
    story_lead_new: float = 0.0,
) -> dict[str, float]:
    shared = sum(1 for n in numbers_a if n in numbers_story)
    shared_years = sum(1 for y in years_a if y in years_story)
    return {
        "cosine": cos,
        "cosine_margin": cos - best_cos,
        "cosine_lead_over_next": cos - best_other_cos,
        "title_max": title_max,
        "has_titles": float(has_titles),
        "lead": lead,
        "names": names_cos,
        "names_none": float(names_none),
        "numbers_shared": math.log1p(shared),
        "numbers_conflict": float(bool(numbers_a) and bool(numbers_story) and not shared),
        "numbers_mismatch": numbers_mismatched / len(numbers_a) if numbers_a else 0.0,
        "years_shared": math.log1p(shared_years),
        "years_conflict": float(bool(years_a) and bool(years_story) and not shared_years),
        "dated": float(gap is not None),
        "log_gap": math.log1p(gap) if gap is not None else 0.0,
        "statements": float(min(statements, 5)),
        "other_occasion": float(other_occasion),
        "log_size": math.log1p(size),
        "log_terms": math.log1p(n_terms),
        "measures_same": math.log1p(measures_same),
        "measures_differ": math.log1p(measures_differ),
        "days_shared": math.log1p(days_shared),
        "days_conflict": float(days_conflict),
        "weekdays_shared": math.log1p(weekdays_shared),
        "weekdays_conflict": float(weekdays_conflict),
        "title_new": title_new,
        "lead_new": lead_new,
        "story_lead_new": story_lead_new,
    }


__all__ = [
    "EMBEDDING_SIGNALS",
    "LEAD_WORDS",
    "SIGNALS",
    "Cues",
    "best_title",
    "cues",
    "day_evidence",
    "embedding_signals",
    "measure_evidence",
    "measure_values",
    "measures",
    "mentioned_days",
    "mentioned_weekdays",
    "names",
    "novelty",
    "numbers",
    "raw_terms",
    "signal_vector",
    "unit_cosine",
    "weekday_conflict",
    "weighted",
]
