"""Quote spans, speech cues and attribution: who said what in one article.

Per paragraph: find quotation spans, mask them (so the reporter's words are
analysed apart from the speaker's), split sentences, find speech *events* (a
speech verb with its subject), resolve each subject in reading order, then
attach every quotation to an event:

* direct quotes look right first ('"...," X said') then left ('X said: "..."');
* partial quotes look left first (the verb governing the clause), then right;
* a quote with no cue of its own after an attributed quote in the same
  paragraph inherits that speaker and cue; a paragraph that is only a
  quotation inherits the previous paragraph's last speaker (cue None).

Events with no quotation give *indirect* quotes when they frame a clause:
"X said (that) CLAUSE", "CLAUSE, X said.", "according to X, CLAUSE",
", saying/adding that CLAUSE".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsfold.records import Article, Quote

from . import lexicon as lx
from .mentions import NameHit, add_surnames, canonicalize, find_names
from .resolve import Resolver
from .text import (DOUBLE_MARKS, MASK, SINGLE_MARKS, QuoteSpan, Token, mask_quotes,
                   quote_spans, sentence_bounds, sentence_of, tokens)

_DETS = frozenset({"the", "a", "an", "this", "its", "his", "her", "their", "our"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})
_NP_STOP = (lx.FUNCTION_WORDS - lx.MODIFIER_WORDS - _DETS) | frozenset(lx.FORM_TO_LEMMA)
_PREPS = frozenset("in on at to for with by from of during after before about as via "
                   "over under through amid despite".split())
_MARKS = DOUBLE_MARKS + SINGLE_MARKS


@dataclass(slots=True)
class NP:
    start: int
    end: int
    text: str
    kind: str  # name | pronoun | description | org | group | other
    hit: NameHit | None = None
    head: str | None = None
    words: frozenset[str] = frozenset()


@dataclass(slots=True)
class Event:
    start: int
    end: int
    cue: str
    lemma: str
    sent: int
    participle: bool = False
    inverted: bool = False
    according: bool = False
    subject: NP | None = None
    speaker: str | None = None
    mention: str | None = None
    person: bool = False  # speaker is a person (not an organisation)
    used: bool = False


@dataclass(slots=True)
class Para:
    index: int
    text: str
    start: int
    spans: list[QuoteSpan]
    masked: str
    bounds: list[tuple[int, int]]
    toks: list[Token]
    hits: list[NameHit] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# --- analysis ---------------------------------------------------------------------
def analyse(article: Article) -> tuple[list[Para], list[NameHit]]:
    paras: list[Para] = []
    for i, p in enumerate(article.paragraphs):
        spans = quote_spans(p.text)
        masked = mask_quotes(p.text, spans)
        paras.append(Para(i, p.text, p.start, spans, masked, sentence_bounds(masked),
                          tokens(masked)))
    words = [tokens(para.text) for para in paras]  # both name passes read the paragraph's words
    for para, toks in zip(paras, words):
        para.hits = find_names(para.text, para.index, para.spans, para.masked, toks)
    surnames = {h.parts[-1] for para in paras for h in para.hits if len(h.parts) >= 2}
    for para, toks in zip(paras, words):
        para.hits = add_surnames(para.text, para.index, para.spans, para.hits, surnames, toks)
    all_hits = [h for para in paras for h in para.hits]
    canonicalize(all_hits)
    return paras, all_hits


# --- noun phrases -------------------------------------------------------------------
def _tok_index_ending_at(toks: list[Token], pos: int, text: str) -> int | None:
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if t.end <= pos:
            return k if text[t.end:pos].strip() == "" else None
    return None


def _glued(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    return gap != "" and gap.strip() == ""


def _stop(t: Token) -> bool:
    return t.low in _NP_STOP and not (t.cap and t.low in lx.FORM_TO_LEMMA)


def np_before(para: Para, pos: int) -> NP | None:
    toks, text = para.toks, para.masked
    k = _tok_index_ending_at(toks, pos, text)
    if k is None:
        return None
    if toks[k].low in _PRONOUNS:
        t = toks[k]
        return NP(t.start, t.end, t.text, "pronoun")
    i = k
    if _stop(toks[k]) or toks[k].low in _DETS:
        return None
    while i > 0 and k - i < 8 and _glued(text, toks[i - 1], toks[i]):
        p = toks[i - 1]
        if p.low in _DETS:
            i -= 1
            break
        if _stop(p) or p.low in _PRONOUNS:
            break
        i -= 1
    return _classify(para, toks[i:k + 1])


def np_after(para: Para, pos: int) -> NP | None:
    toks, text = para.toks, para.masked
    ks = [k for k, t in enumerate(toks) if t.start >= pos]
    if not ks or text[pos:toks[ks[0]].start].strip():
        return None
    i = ks[0]
    if toks[i].low in _PRONOUNS:
        return NP(toks[i].start, toks[i].end, toks[i].text, "pronoun")
    j = i
    if toks[j].low in _DETS:
        j += 1
    if j >= len(toks) or _stop(toks[j]):
        return None
    while j + 1 < len(toks) and j - i < 8 and _glued(text, toks[j], toks[j + 1]) \
            and not _stop(toks[j + 1]) and toks[j + 1].low not in _DETS:
        j += 1
    return _classify(para, toks[i:j + 1])


def _classify(para: Para, ts: list[Token]) -> NP | None:
    if not ts:
        return None
    start, end = ts[0].start, ts[-1].end
    text = para.text[start:end]
    words = frozenset(t.low for t in ts)
    last = ts[-1]
    for h in para.hits:
        if start <= h.start and h.end == last.start + len(last.base) and not h.in_quote:
            if last.possessive:
                break
            return NP(start, end, text, "name", hit=h, words=words)
    head = last.low
    if head in lx.TIME_WORDS:
        return NP(start, end, text, "other", head=head, words=words)
    if head in lx.PLURAL_ROLES or ts[0].low in ("a", "an", "another", "one", "some", "two"):
        # groups and indefinite descriptions ("a source", "a spokesman") name nobody known
        return NP(start, end, text, "group", head=head, words=words)
    if head in lx.ROLE_HEADS:
        return NP(start, end, text, "description", head=head, words=words)
    if last.cap and not last.possessive and (head not in lx.FUNCTION_WORDS):
        return NP(start, end, text, "org", head=head, words=words)
    return NP(start, end, text, "other", head=head, words=words)


# --- events ------------------------------------------------------------------------
_INVERT_BEFORE = re.compile(r"(?:[,?!…—–-]\s*[\"”’'»]|[\"”’'»]\s*,|,)\s*$")
_GAP_ALL = lx.GAP_WORDS | lx.TIME_WORDS


def _skip_gap(masked: str, s0: int, pos: int) -> int:
    """Move pos left over auxiliaries, time words and a parenthesis ("(D-Mo.)")
    between a subject and its verb."""
    while True:
        seg = masked[s0:pos].rstrip()
        if seg.endswith(")") and "(" in seg:
            o = seg.rindex("(")
            if len(seg) - o <= 40:
                pos = s0 + o
                continue
        m = re.search(r"(?:^|\s)([A-Za-z]+)$", seg)
        if not m or m.group(1).lower() not in _GAP_ALL or m.start(1) == 0:
            return s0 + len(seg)
        pos = s0 + m.start(1)


def find_events(para: Para) -> list[Event]:
    masked = para.masked
    events: list[Event] = []
    for m in lx.CUE_RE.finditer(masked):
        surface = " ".join(m.group().lower().split())
        lemma = lx.cue_lemma(surface) or surface
        k = sentence_of(para.bounds, m.start())
        s0, _s1 = para.bounds[k]
        before = masked[s0:m.start()]
        ev = Event(m.start(), m.end(), surface, lemma, k)
        if m.group()[0].isupper() and before.strip():
            continue  # capitalised mid-sentence: a name ("Omar Said") or a title
        if lx.is_participle(surface):
            b = before.rstrip().rstrip(_MARKS)
            if not (b.endswith(",") or re.search(r"(?:^|\s)(?:and|also)$", b)):
                continue
            ev.participle = True
            events.append(ev)
            continue
        if re.search(r"(?:^|\s)and$", before.rstrip()):
            ev.participle = True  # coordinated verb: "...called it 'X' and said ..."
            events.append(ev)
            continue
        if _INVERT_BEFORE.search(before) and not re.match(r"\s+that\b", masked[m.end():]):
            np = np_after(para, m.end() + (len(masked[m.end():]) - len(masked[m.end():].lstrip())))
            if np and (np.kind in ("name", "description", "org")
                       or np.kind == "group" and np.head in lx.ROLE_HEADS | lx.PLURAL_ROLES):
                ev.inverted = True
                ev.subject = np
                events.append(ev)
                continue
        ev.subject = _subject_before(para, s0, m.start())
        events.append(ev)
    for m in lx.ACCORDING_RE.finditer(masked):
        k = sentence_of(para.bounds, m.start())
        rest = masked[m.end():]
        np = np_after(para, m.end() + len(rest) - len(rest.lstrip()))
        if np is None:
            continue
        events.append(Event(m.start(), m.end(), "according to", "according to", k,
                            according=True, subject=np))
    events.sort(key=lambda e: e.start)
    return events


def _subject_before(para: Para, s0: int, vpos: int) -> NP | None:
    masked = para.masked
    pos = _skip_gap(masked, s0, vpos)
    np = np_before(para, pos)
    if np is not None and np.kind != "other":
        return np
    seg = masked[s0:pos].rstrip()
    if seg.endswith(","):
        # appositive: "Jo Bell, a Republican ..., said"
        c1 = s0 + len(seg) - 1
        c0 = masked.rfind(",", s0, c1)
        if c0 > s0 and c1 - c0 <= 160 and MASK not in masked[c0:c1] \
                and not lx.CUE_RE.search(masked[c0:c1]):
            np2 = np_before(para, c0)
            if np2 is not None and np2.kind in ("name", "description", "org"):
                return np2
    return np


# --- resolution -----------------------------------------------------------------------
def resolve_events(para: Para, resolver: Resolver) -> None:
    by_sent: dict[int, list[Event]] = {}
    for ev in para.events:
        if ev.participle:
            prev = [e for e in by_sent.get(ev.sent, []) if not e.according and e.subject]
            if prev:
                src = prev[-1]
                ev.subject, ev.speaker, ev.mention, ev.person = (src.subject, src.speaker,
                                                                 src.mention, src.person)
            else:
                ev.subject = _main_subject(para, ev)
                _resolve_np(para, ev, resolver)
        else:
            _resolve_np(para, ev, resolver)
        if ev.person and ev.speaker:
            # "X said he ..." : the pronoun opening the report is usually X (cheap gender cue)
            m = re.match(r"\s+(?:that\s+)?(he|she)\b", para.masked[ev.end:])
            if m:
                resolver.gender.setdefault(ev.speaker, "m" if m.group(1) == "he" else "f")
        by_sent.setdefault(ev.sent, []).append(ev)


def _main_subject(para: Para, ev: Event) -> NP | None:
    s0 = para.bounds[ev.sent][0]
    cands: list[NP] = []
    for h in para.hits:
        if s0 <= h.start < ev.start and not h.in_quote and not h.modifier:
            cands.append(NP(h.start, h.end, para.text[h.start:h.end], "name", hit=h))
    for t in para.toks:
        if s0 <= t.start < ev.start and t.low in ("he", "she"):
            cands.append(NP(t.start, t.end, t.text, "pronoun"))
    return min(cands, key=lambda n: n.start) if cands else None


def _resolve_np(para: Para, ev: Event, resolver: Resolver) -> None:
    np = ev.subject
    if np is None:
        return
    pos = (para.index, np.start)
    ev.mention = np.text
    if np.kind == "name" and np.hit is not None:
        ev.speaker, ev.person = np.hit.canonical, True
        ev.mention = np.hit.text
    elif np.kind == "pronoun":
        ev.speaker = resolver.pronoun(np.text, pos)
        ev.person = ev.speaker is not None
    elif np.kind == "description" and np.head:
        ev.speaker = resolver.description(np.head, np.words, pos)
        ev.person = ev.speaker is not None
    elif np.kind == "org":
        ev.speaker = re.sub(r"^(?:the|The)\s+", "", np.text)
    if ev.person and ev.speaker:
        resolver.note_speaker(ev.speaker, pos)


# --- quotes -----------------------------------------------------------------------------
_CUE_AT_END = re.compile(r"(?:" + lx.CUE_RE.pattern + r")(?:\s+that)?\s*[:,]?\s*$", re.IGNORECASE)


def _kind(para: Para, q: QuoteSpan, pre: str) -> str:
    content = para.text[q.start:q.end]
    c = content.lstrip(" .…[(-—'\"‘“")
    upper = c[:1].isupper()
    pre = pre.rstrip()
    pre_ok = pre == "" or pre.endswith((":", ",")) or bool(_CUE_AT_END.search(pre))
    if upper and (pre_ok or len(content.split()) >= 6):
        return "direct"
    return "partial"


def _title_case(content: str) -> bool:
    ws = re.findall(r"[^\W\d_][\w’'-]*", content)
    if not ws or len(ws) > 8:
        return False
    big = [w for w in ws if len(w) > 3 or w[:1].isupper()]
    return bool(big) and all(w[:1].isupper() for w in big) and (len(ws) >= 2 or len(ws[0]) > 1)


def _ends_sentence(para: Para, q: QuoteSpan) -> bool:
    k = sentence_of(para.bounds, q.open)
    a, b = para.bounds[k]
    return q.close + 1 >= b or para.text[q.start:q.end].rstrip()[-1:] in ".!?…" and \
        para.masked[q.close + 1:].strip()[:1].isupper()


_BARE_TAIL = re.compile(r"(?:\s+[\w’'-]+){0,4}\s*[.!?]?\s*$")


def _frame_after(para: Para, q: QuoteSpan, nxt_open: int) -> list[Event]:
    """Events of a bare frame sentence right after a quote that ends with its own
    punctuation: '"Why?" Trump asked.' / '"We are done." Lund said.'"""
    k = sentence_of(para.bounds, min(q.close + 1, len(para.text) - 1))
    a, b = para.bounds[k]
    if a <= q.close:
        if k + 1 >= len(para.bounds):
            return []
        a, b = para.bounds[k + 1]
    b = min(b, nxt_open)
    evs = [e for e in para.events if not e.according and a <= e.start < b and not e.participle]
    if not evs or e_gap(para, q.close + 1, evs[0].start) > 6:
        return []
    ev = evs[0]
    question = para.text[q.start:q.end].rstrip()[-1:] in "?!"
    tail = para.masked[ev.end:b]
    first = (tail.split() or [""])[0].lower().strip(".,")
    bare = _BARE_TAIL.fullmatch(tail) and (
        first == "" or first in lx.CLAUSE_BLOCK or first in _OBJECTS or ev.lemma == "tell")
    if question or bare:
        return evs
    return []


_OBJECTS = frozenset("reporters journalists lawmakers him her them us me".split())


def e_gap(para: Para, a: int, b: int) -> int:
    seg = para.masked[a:b]
    return 99 if MASK in seg else len(seg.split())


def _according(para: Para, sent: int) -> Event | None:
    for e in para.events:
        if e.according and e.sent == sent and e.person:
            return e
    return None


def _cue_span(para: Para, ev: Event) -> tuple[int, int]:
    """Raw offsets of an event's cue words."""
    return para.start + ev.start, para.start + ev.end


def _subject_span(para: Para, ev: Event) -> tuple[int, int] | None:
    """Raw offsets of the words naming an event's speaker, when they are in this paragraph."""
    if ev.subject is None:
        return None
    return para.start + ev.subject.start, para.start + ev.subject.end


def attach_quotes(para: Para, prev_para_speaker: tuple[str | None, str | None] | None,
                  article_id: str) -> list[Quote]:
    out: list[Quote] = []
    last: Quote | None = None
    outside = para.masked
    for s in para.spans:
        outside = outside[:s.open] + " " * (s.close + 1 - s.open) + outside[s.close + 1:]
    whole = not re.search(r"\w", outside.replace(MASK, ""))
    for qi, q in enumerate(para.spans):
        k = sentence_of(para.bounds, q.open)
        s0, s1 = para.bounds[k]
        prev_close = para.spans[qi - 1].close + 1 if qi else 0
        nxt_open = para.spans[qi + 1].open if qi + 1 < len(para.spans) else len(para.text)
        pre_a = max(s0, prev_close)
        pre = para.masked[pre_a:q.open]
        kind = _kind(para, q, pre)
        post_events = _frame_after(para, q, nxt_open) if _ends_sentence(para, q) else [
            e for e in para.events
            if not e.according and q.close < e.start < min(nxt_open, s1)]
        pre_events = [e for e in para.events if not e.according and pre_a <= e.start < q.open
                      and e.sent == k]
        if kind == "direct":
            ev = post_events[0] if post_events else (pre_events[-1] if pre_events else None)
        else:
            ev = pre_events[-1] if pre_events else (post_events[0] if post_events else None)
        speaker = mention = cue = None
        cue_span = speaker_span = None
        acc = _according(para, k)
        if ev is not None:
            ev.used = True
            speaker, mention, cue = ev.speaker, ev.mention, ev.cue
            cue_span, speaker_span = _cue_span(para, ev), _subject_span(para, ev)
            if acc and (ev.lemma in lx.MEDIATING or not ev.person):
                speaker, mention = acc.speaker, acc.mention
                speaker_span = _subject_span(para, acc)
        elif acc is not None and acc.start < q.open:
            speaker, mention, cue = acc.speaker, acc.mention, acc.cue
            cue_span, speaker_span = _cue_span(para, acc), _subject_span(para, acc)
        elif kind == "direct" and last is not None and last.paragraph == para.index \
                and (last.speaker or last.cue):
            speaker, mention, cue = last.speaker, last.speaker_mention, last.cue
            cue_span, speaker_span = last.cue_span, last.speaker_span
        elif kind == "direct" and qi == 0 and whole and prev_para_speaker:
            speaker = prev_para_speaker[0]
        elif kind == "direct" and pre.strip() == "":
            earlier = [e for e in para.events if e.start < q.open and e.speaker and e.person]
            if earlier:
                speaker, mention = earlier[-1].speaker, earlier[-1].mention
                speaker_span = _subject_span(para, earlier[-1])
        if ev is None and speaker is None and cue is None:
            if kind == "partial" or q.single:
                continue  # scare quotes: not speech
        if _title_case(para.text[q.start:q.end]) and re.search(
                r"(?:^|\s)(?:on|in|to|from|of|for|told|tells|titled|entitled|called)\s*$",
                pre, re.IGNORECASE):
            continue  # a title: said on "Face the Nation", told "Fox News Sunday"
        text = para.text[q.start:q.end]
        lead = len(text) - len(text.lstrip())
        text = text.strip()
        if not text:
            continue
        a = para.start + q.start + lead
        quote = Quote(article_id, text, kind, speaker, mention, cue, para.index, a, a + len(text),
                      cue_span, speaker_span)
        out.append(quote)
        last = quote
    return out


# --- indirect speech --------------------------------------------------------------------
_PART_CUT = re.compile(r",?\s+(?:and\s+)?(?:" + "|".join(
    f for f in lx.FORM_TO_LEMMA if lx.is_participle(f)) + r")\b|,\s+according\s+to\b",
    re.IGNORECASE)
_THAT_RE = re.compile(r"^((?:\s+[^\s,.;:\"“”" + MASK + r"]+){0,10}?)\s+that\b[\s,]*")


def _clause(para: Para, a: int, b: int, cut_at_comma: bool) -> tuple[int, int] | None:
    seg = para.masked[a:b]
    m = _PART_CUT.search(seg)
    if m:
        seg = seg[:m.start()]
    if cut_at_comma and "," in seg:
        seg = seg[:seg.index(",")]
    lead = len(seg) - len(seg.lstrip(" ,"))
    seg = seg.rstrip(" .,;:!?…" + _MARKS)
    a2, b2 = a + lead, a + len(seg)
    if b2 <= a2:
        return None
    body = para.masked[a2:b2]
    if MASK in body or any(c in DOUBLE_MARKS for c in body):
        return None  # the quotation carries this statement
    if len(body.split()) < 3:
        return None
    return a2, b2


def indirect_quotes(para: Para, article_id: str, orgs: bool) -> list[Quote]:
    out: list[Quote] = []
    for ev in para.events:
        if ev.used or ev.lemma in lx.QUOTE_ONLY or ev.subject is None:
            continue
        if not ev.speaker or ev.subject.kind not in ("name", "pronoun", "description", "org"):
            continue
        if not ev.person and not orgs:
            continue
        s0, s1 = para.bounds[ev.sent]
        span = None
        masked = para.masked
        subordinate = bool(re.search(r"\b(?:" + "|".join(lx.SUBORDINATORS) + r")\b",
                                     masked[s0:ev.subject.start], re.IGNORECASE))
        if ev.according:
            rest = masked[ev.subject.end:s1]
            if masked[s0:ev.start].strip() == "" and rest.lstrip().startswith(","):
                span = _clause(para, ev.subject.end + rest.index(",") + 1, s1, False)
            elif masked[s0:ev.start].rstrip().endswith(","):
                span = _clause(para, s0, s0 + len(masked[s0:ev.start].rstrip()) - 1, False)
        else:
            rest = masked[ev.end:s1]
            tail = re.fullmatch(r"(?:\s+[\w’'-]+){0,5}\s*[.!?]?\s*", rest)
            lead_comma = masked[s0:min(ev.subject.start, ev.start)].rstrip()
            mt = _THAT_RE.match(rest)
            if mt and _that_ok(ev, mt.group(1)):
                span = _clause(para, ev.end + mt.end(), s1, subordinate)
            elif ev.lemma in lx.ZERO_THAT and not ev.inverted:
                w = re.match(r"\s+([\w’'-]+)", rest)
                if w and w.group(1).lower() not in lx.CLAUSE_BLOCK \
                        and w.group(1).lower() not in lx.FORM_TO_LEMMA \
                        and not w.group(1).lower().endswith("ly"):
                    span = _clause(para, ev.end, s1, subordinate)
            if span is None and tail and lead_comma.endswith(",") and "that" not in rest.split():
                span = _clause(para, s0, s0 + len(lead_comma) - 1, False)
        if span is None:
            continue
        a, b = span
        ev.used = True
        out.append(Quote(article_id, para.text[a:b], "indirect", ev.speaker, ev.mention,
                         ev.cue, para.index, para.start + a, para.start + b,
                         _cue_span(para, ev), _subject_span(para, ev)))
    return out


def _that_ok(ev: Event, between: str) -> bool:
    ws = between.split()
    if not ws:
        return True
    first = ws[0].lower()
    if first in _PREPS or first in lx.TIME_WORDS or first in lx.GAP_WORDS:
        return True
    return ev.lemma in ("tell", "warn", "urge", "assure", "remind", "inform")
