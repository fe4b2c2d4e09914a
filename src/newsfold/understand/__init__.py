"""Who said what: quotations, speech cues and speakers of a cleaned article.

Pure functions over :class:`~newsfold.records.Article` (body paragraphs only);
rule-based English news conventions, no models, no network.

>>> quotes = extract_quotes(article)            # doctest: +SKIP
>>> [(q.kind, q.speaker, q.cue, q.text) for q in quotes]  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

from newsfold.records import Article, Quote

from .mentions import Mention, to_mention
from .quotes import analyse, attach_quotes, find_events, indirect_quotes, resolve_events
from .resolve import Resolver

__all__ = ["QuoteOptions", "Mention", "extract_quotes", "person_mentions"]


@dataclass(frozen=True, slots=True)
class QuoteOptions:
    include_indirect: bool = True
    # Indirect speech whose subject is an organisation or country ("Russia said
    # on Friday that ..."). Quotations are attributed to organisations regardless.
    org_speakers: bool = True


def extract_quotes(article: Article, opts: QuoteOptions = QuoteOptions()) -> list[Quote]:
    """Direct, partial and (optionally) indirect quotes in reading order.

    ``Quote.start``/``end`` are offsets into the raw input (``paragraph.start``
    plus the offset inside the paragraph) of the quoted content, marks excluded.
    """
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
    return out


def person_mentions(article: Article) -> list[Mention]:
    """People named in the article, with canonical (fullest) names and roles."""
    paras, _hits = analyse(article)
    out: list[Mention] = []
    for para in paras:
        out.extend(to_mention(h, para.start) for h in para.hits)
    return out
