"""Quotes from the attribution tagger, merged with the rule-based quotes.

The tagger (:mod:`.tagger`) finds source / cue / content spans the way PolNeAR
annotates them (speech, but also beliefs, intentions, "according to",
reports); :mod:`.attribution` links them; this module turns each linked
content into a :class:`~newsfold.records.Quote`:

* ``text``/``start``/``end``: the content without a leading complementizer
  "that"; when it is exactly one quotation (marks included, as PolNeAR
  annotates) the marks are dropped too and its kind is ``direct`` or ``partial``
  by the same test the rules use, else it is ``indirect``;
* ``speaker_span``: the source span as PolNeAR marks it (titles and appositives
  included: "Anna Berg, the finance minister"); ``speaker_mention``: the name in
  it when there is one ("Anna Berg"), else its words ("he"); ``speaker``: its
  resolved, canonical name (a person named in it, a pronoun or a description
  resolved in reading order, a relative "who" to the name it follows, the
  speaker the rules found for the same cue, else the source words themselves,
  e.g. an organisation; groups such as "officials" stay unresolved);
* ``cue``: the speech verb inside the cue span (as the rules name it, e.g.
  "told", "quoted as saying"), else the cue words; ``cue_span``: the whole cue.

Merging with the rules: when both frame the same quotation with different
cues, the rules' frame wins (they attach quotation marks precisely); rule
quotations the tagger did not produce are kept, and one nested in a tagged
indirect content (a partial quotation inside reported speech) takes that
statement's cue and source; rule indirect quotes are kept where the tagger
found nothing.

``QuoteOptions.scope``: ``"attribution"`` reports everything; ``"speech"`` (the
default) keeps attributions whose cue holds a speech verb or "according to" or
whose content is a quotation, drops indirect statements without a resolved
speaker, and reports a quotation inside reported speech on its own rather than
the whole clause.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsfold.records import Article, Quote

from . import lexicon as lx
from .attribution import Attrib, TSpan, assemble
from .quotes import Para, _kind
from .resolve import Resolver
from .tagger import model

_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAIL = " ,.;:!?…"
_MARKS = "\"“”„«»'‘’‚"


def _quotation(para: Para, a: int, b: int):
    """The rule QuoteSpan that content [a, b) is exactly (marks and trailing punctuation aside)."""
    for s in para.spans:
        if s.open > b:
            break
        if a not in (s.open, s.start):
            continue
        close_end = s.close + 1
        if b >= close_end:
            ok = para.text[close_end:b].strip(_TRAIL) == ""
        else:
            ok = para.text[b:close_end].strip(_TRAIL + _MARKS) == ""
        if ok:
            return s
    return None


def _trim_stray(text: str, a: int, b: int) -> int:
    """End of an indirect content without an unmatched closing mark (and the
    sentence punctuation before it): 'the talks went on."' -> 'the talks went on'."""
    seg = text[a:b]
    if seg and seg[-1] in _MARKS and sum(seg.count(c) for c in "\"“”") % 2 == 1:
        seg = seg[:-1].rstrip(_TRAIL)
    return a + len(seg)


def _has_quotation(para: Para, a: int, b: int) -> bool:
    """Content [a, b) holds a quotation (reported speech with a partial quote: the
    quotation is reported on its own in the "speech" scope)."""
    return any(a <= s.open and s.close < b for s in para.spans)


def _cue_word(text: str) -> str:
    m = lx.CUE_RE.search(text)
    if m:
        return " ".join(m.group().lower().split())
    return " ".join(text.lower().split())


def _resolve(para: Para, src: TSpan | None, resolver: Resolver) -> tuple[str | None, bool]:
    """(canonical speaker, is a person) of a source span."""
    if src is None:
        return None, False
    a, b = src.start, src.end
    words = para.text[a:b]
    pos = (para.index, a)
    heads = [h for h in para.hits if a <= h.start and h.end <= b and not h.in_quote and not h.modifier]
    if heads:
        return heads[0].canonical, True
    low = words.lower().strip()
    if low in ("he", "she", "him", "her"):
        sp = resolver.pronoun(low, pos)
        return sp, sp is not None
    if low in ("who", "whom"):
        before = [h for h in para.hits if h.end <= a and not h.in_quote and not h.modifier]
        if before and a - before[-1].end <= 60:
            return before[-1].canonical, True
        return None, False
    if low in ("i", "we", "you", "they", "it", "which", "that", "his", "its", "their"):
        return None, False
    toks = re.findall(r"[\w’'-]+", low)
    if toks and (toks[-1] in lx.PLURAL_ROLES or toks[0] in ("a", "an", "some", "many", "several")):
        return None, False  # a group or an unnamed person: "officials", "police", "a source"
    if toks:
        head = toks[-1]
        if head in lx.ROLE_HEADS and head not in lx.PLURAL_ROLES:
            sp = resolver.description(head, frozenset(toks), pos)
            if sp is not None:
                return sp, True
    name = _DET.sub("", words.strip(_TRAIL))
    parts = name.split()
    while len(parts) > 1 and parts[-1].lower() in lx.TIME_WORDS | lx.FUNCTION_WORDS:
        parts.pop()  # "The Kremlin Wednesday" -> "Kremlin"; "officials who" -> "officials"
    name = " ".join(parts)
    return (name or None), False


def _event_speaker(para: Para, cue: TSpan) -> tuple[str | None, bool]:
    """The speaker the rules found for this cue ("Rand ..., saying X": Rand)."""
    for ev in para.events:
        if ev.start < cue.end and cue.start < ev.end and ev.speaker:
            return ev.speaker, ev.person
    return None, False


def _names_are_not_cues(para: Para, toks: list[tuple[int, int]], labels: list[str]) -> list[str]:
    """A capitalised cue word inside a person's name ("governor Omar Said") is the name."""
    out = list(labels)
    for k, lab in enumerate(labels):
        if not lab.endswith("-cue") or k == 0 or not para.text[toks[k][0]].isupper():
            continue
        if any(h.start <= toks[k][0] and toks[k][1] <= h.end for h in para.hits):
            prev = out[k - 1]
            out[k] = "I-source" if prev.endswith("-source") else "O"
            if k + 1 < len(out) and out[k + 1] == "I-cue":
                out[k + 1] = "B-cue"
    return out


def _mention(para: Para, src: TSpan | None) -> str | None:
    """The words naming the speaker: the person's name when the source holds one
    ("Anna Berg" of "Anna Berg, the finance minister"), else the source words."""
    if src is None:
        return None
    for h in para.hits:
        if src.start <= h.start and h.end <= src.end and not h.in_quote and not h.modifier:
            return para.text[h.start:h.end]
    return para.text[src.start:src.end]


_THAT = re.compile(r"that\s+")


def _speech(para: Para, att: Attrib) -> bool:
    """A statement: a speech verb or "according to" in the cue, or a quotation as content."""
    if att.cue is None:
        return True
    cue = para.text[att.cue.start:att.cue.end]
    if lx.CUE_RE.search(cue) or lx.ACCORDING_RE.search(cue):
        return True
    return any(_quotation(para, c.start, c.end) is not None for c in att.contents)


def learned_quotes(article: Article, paras: list[Para], hits, rule_quotes: list[Quote],
                   opts, gender: dict[str, str] | None = None, tagged: list | None = None) -> list[Quote]:
    """``tagged``: the tagger's (tokens, labels) of ``paras``, when already run (extract_quotes_batch)."""
    include_indirect = opts.include_indirect
    if tagged is None:
        tagged = model().tag_paragraphs([p.text for p in paras])
    resolver = Resolver(hits)
    if gender:
        for k, v in gender.items():
            resolver.gender.setdefault(k, v)
    out: list[Quote] = []
    taken: set[tuple[int, int]] = set()
    rule_at = {(q.start, q.end): q for q in rule_quotes}
    prev: tuple[str | None, str | None] | None = None
    for para, (toks, labels) in zip(paras, tagged):
        labels = _names_are_not_cues(para, toks, labels)
        atts: list[Attrib] = assemble(para.text, toks, labels) if labels else []
        for att in atts:
            src = att.sources[0] if att.sources else None
            speaker, person = _resolve(para, src, resolver)
            if speaker is None and src is None and att.cue is not None:
                speaker, person = _event_speaker(para, att.cue)
            mention = _mention(para, src)
            cue = _cue_word(para.text[att.cue.start:att.cue.end]) if att.cue else None
            cue_span = (para.start + att.cue.start, para.start + att.cue.end) if att.cue else None
            speaker_span = (para.start + src.start, para.start + src.end) if src else None
            if att.cue is None:
                if not (att.continues and prev):
                    continue
                speaker = prev[0]
            elif opts.scope == "speech" and not _speech(para, att):
                continue
            for c in att.contents:
                a0 = c.start
                m = _THAT.match(para.text, a0, c.end)
                if m:  # PolNeAR's content keeps the complementizer; the quote text does not
                    a0 = m.end()
                qs = _quotation(para, a0, c.end)
                if qs is not None:
                    pre = para.masked[para.bounds[0][0]:qs.open]
                    kind = _kind(para, qs, pre)
                    a, b = qs.start, qs.end
                else:
                    kind, a, b = "indirect", a0, _trim_stray(para.text, a0, c.end)
                raw = para.text[a:b]
                lead = len(raw) - len(raw.lstrip())
                raw = raw.strip()
                if not raw:
                    continue
                start = para.start + a + lead
                end = start + len(raw)
                rq = rule_at.get((start, end))
                spk, qcue = speaker, cue
                if rq is not None and rq.speaker and (spk is None or not person and rq.speaker != spk):
                    spk = rq.speaker
                if rq is not None and qcue is None:
                    qcue = rq.cue
                if kind == "indirect" and (not include_indirect or not opts.org_speakers and not person
                                           or opts.scope == "speech" and (spk is None or _has_quotation(para, a, b))):
                    continue
                q_cue_span, q_spk_span, q_mention = cue_span, speaker_span, mention
                if rq is not None and rq.cue_span and rq.cue_span != cue_span and kind != "indirect":
                    # the rules attach quotation marks precisely: keep their frame
                    spk, qcue, q_cue_span = rq.speaker, rq.cue, rq.cue_span
                    q_spk_span, q_mention = rq.speaker_span, rq.speaker_mention
                out.append(Quote(article.id, raw, kind, spk, q_mention, qcue, para.index, start, end,
                                 q_cue_span, q_spk_span))
                taken.add((start, end))
            if speaker and person:
                resolver.note_speaker(speaker, (para.index, src.start if src else 0))
            if att.cue is not None and att.contents:
                prev = (speaker, cue)
    for q in rule_quotes:
        if (q.start, q.end) in taken:
            continue
        if q.kind == "indirect":
            if not include_indirect or any(o.start < q.end and q.start < o.end for o in out):
                continue
        outer = [o for o in out if o.kind == "indirect" and o.start <= q.start and q.end <= o.end]
        if outer:  # a quotation inside reported speech: the same statement, same cue and source
            o = outer[0]
            q = replace(q, speaker=o.speaker or q.speaker, speaker_mention=o.speaker_mention,
                        cue=o.cue, cue_span=o.cue_span, speaker_span=o.speaker_span)
        out.append(q)
    out.sort(key=lambda q: (q.start, -(q.end - q.start)))
    return out
