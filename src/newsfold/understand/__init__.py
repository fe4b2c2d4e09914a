"""Who said what: quotations, speech cues and speakers of a cleaned article.

Pure functions over :class:`~newsfold.records.Article` (body paragraphs only);
English news conventions, no network. Rule-based quotation, cue and speaker
finding, plus, when its weights are installed (``models/attribution.npz``), a
small attribution tagger trained on PolNeAR (numpy only; see :mod:`.tagger`)
that finds source / cue / content spans the rules cannot (indirect speech,
beliefs, "according to"); :mod:`.learned` merges the two. :func:`entities`
lists the people, organisations and places of an article.

>>> quotes = extract_quotes(article)            # doctest: +SKIP
>>> [(q.kind, q.speaker, q.cue, q.text) for q in quotes]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsfold.records import Article, Quote

from .entities import Entity, EntityMention, entities
from .mentions import Mention, to_mention
from .quotes import analyse, attach_quotes, find_events, indirect_quotes, resolve_events
from .resolve import Resolver
from . import tagger
from .learned import learned_quotes

__all__ = ["Entity", "EntityMention", "QuoteOptions", "Mention", "entities", "extract_quotes",
           "extract_quotes_batch", "person_mentions"]


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    include_indirect: bool = True
    # Indirect speech whose subject is an organisation or country ("Russia said
    # on Friday that ..."). Quotations are attributed to organisations regardless.
    org_speakers: bool = True
    # Use the attribution tagger (models/attribution.npz) when it is installed:
    # PolNeAR-style source / cue / content spans, merged with the rule quotes.
    learned: bool = True
    # What the tagger may report: "speech" (statements: a speech verb, "according to",
    # or a quotation) or "attribution" (also beliefs, intentions, findings: everything
    # PolNeAR annotates as an attribution, e.g. "Trump wants ...", "polls show ...").
    scope: str = "speech"
    # Which tagger: "fast" (the BiLSTM-CRF ensemble, numpy) or "accurate" (the same with a
    # fine-tuned MiniLM beside it: needs the embed extra, several times slower; eval/quotes.md).
    tagger: str = "fast"

    def __post_init__(self) -> None:
        tagger.check_kind(self.tagger)  # whether it can run here: tagger.require, when it is used


def extract_quotes(article: Article, opts: QuoteOptions = QuoteOptions()) -> list[Quote]:
    """Direct, partial and (optionally) indirect quotes in reading order.

    ``Quote.start``/``end`` are offsets into the raw input (``paragraph.start``
    plus the offset inside the paragraph) of the quoted content, marks excluded.
    """
    return extract_quotes_batch([article], opts)[0]


def extract_quotes_batch(articles: Sequence[Article], opts: QuoteOptions = QuoteOptions()) -> list[list[Quote]]:
    """``extract_quotes`` of each article, the tagger run once over all their paragraphs.

    The tagger's cost is a loop over token positions, whatever the number of
    paragraphs that go through it side by side: paragraphs of many articles,
    sorted by length, share that loop, where one article's few paragraphs
    would each pay it. The quotes are those of each article alone.
    """
    ruled = [_rule_quotes(article, opts) for article in articles]
    if not (opts.learned and tagger.available()):
        return [quotes for _, _, quotes, _ in ruled]
    texts = [p.text for paras, _, _, _ in ruled for p in paras]
    tagged = tagger.model(opts.tagger).tag_paragraphs(texts) if texts else []
    out, at = [], 0
    for article, (paras, hits, quotes, gender) in zip(articles, ruled):
        mine = tagged[at : at + len(paras)]
        at += len(paras)
        out.append(learned_quotes(article, paras, hits, quotes, opts, gender, tagged=mine))
    return out


def _rule_quotes(article: Article, opts: QuoteOptions) -> tuple[list, list, list[Quote], dict[str, str]]:
    """(paragraphs analysed, name hits, the rules' quotes, speakers' genders) of one article."""
    paras, hits = analyse(article)
    resolver = Resolver(hits)
    out: list[Quote] = []
    prev: tuple[str | None, str | None] | None = None
    for para in paras:
        para.events = find_events(para)
        resolve_events(para, resolver)
        quotes = attach_quotes(para, prev, article.id)
        indirect = indirect_quotes(para, article.id, opts.org_speakers)
        for q in quotes:
            if q.speaker and q.cue is None:
                resolver.note_speaker(q.speaker, (para.index, q.start - para.start))
        both = sorted(quotes + indirect, key=lambda q: q.start)
        out.extend(both if opts.include_indirect else quotes)
        # the speaker a following all-quotation paragraph inherits
        if both:
            prev = (both[-1].speaker, both[-1].cue)
        else:
            spoke = [e for e in para.events if e.speaker and e.person]
            prev = (spoke[-1].speaker, spoke[-1].cue) if spoke else None
    return paras, hits, out, dict(resolver.gender)


def person_mentions(article: Article) -> list[Mention]:
    """People named in the article, with canonical (fullest) names and roles."""
    paras, _hits = analyse(article)
    out: list[Mention] = []
    for para in paras:
        out.extend(to_mention(h, para.start) for h in para.hits)
    return out
