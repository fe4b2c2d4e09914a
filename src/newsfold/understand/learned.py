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

Spans follow PolNeAR's conventions where its annotators are consistent (counted on
PolNeAR train, checked on a held-out slice of it; ``eval/quotes.md``): cue and source
bounds (:func:`_conventions`), a content ending at a quotation that closes its
sentence, a cue ending its paragraph giving its speaker to the next paragraph's
statement, and, in the "attribution" scope, a nested cue sharing the content beside it.

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
from .attribution import Attrib, TSpan, assemble, share_contents
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


def _quotation_bounds(para: Para, a: int, b: int) -> tuple[int, int]:
    """A tagged content [a, b) cut after a quotation that closes its sentence when the
    tagger ran on past it ('"... never see a Muslim." Perhaps'): PolNeAR's annotators
    stop at the closing mark (train: 3,533 contents end at a closing mark after sentence
    punctuation, 41 run on; +0.2 content F1 on held-out train). Words before a quotation
    ('Comey, "The thought ..."') are left alone: cutting them did not help there."""
    text = para.text
    for s in para.spans:
        if a <= s.open and s.close + 1 < b and not s.single and text[s.close - 1:s.close] in ".!?" \
                and text[s.close + 1:b].strip(_TRAIL + _MARKS):
            return a, s.close + 1
    return a, b


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


def _headline(text: str) -> bool:
    """Title case: the words of more than three letters all capitalised, six at least."""
    big = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) > 3]
    return len(big) >= 6 and all(w[:1].isupper() for w in big)


def _names_are_not_cues(para: Para, toks: list[tuple[int, int]], labels: list[str]) -> list[str]:
    """A capitalised cue word inside a person's name ("governor Omar Said") is the name,
    except in a headline, where every word is capitalised and the name finder runs the
    cue into the name ('Black Lawmakers Rip Donald Trump ...')."""
    out = list(labels)
    if _headline(para.text):
        return out
    for k, lab in enumerate(labels):
        if not lab.endswith("-cue") or k == 0 or not para.text[toks[k][0]].isupper():
            continue
        if any(h.start <= toks[k][0] and toks[k][1] <= h.end for h in para.hits):
            prev = out[k - 1]
            out[k] = "I-source" if prev.endswith("-source") else "O"
            if k + 1 < len(out) and out[k + 1] == "I-cue":
                out[k + 1] = "B-cue"
    return out


_WORD_BEFORE = re.compile(r"\b([a-z]+)\s+$")
_AUX = frozenset("has have had will would is was were are be been could should may might must can did does do "
                 "also even just now still later once again not never".split())
_NOT_ADVERBS = frozenset("only early family likely rally july italy ally reply apply supply fly "
                         "assembly belly bully rely".split())


def _cue_modifier(word: str) -> bool:
    """An auxiliary or adverb that PolNeAR's cue takes in front of the verb: 'has also
    said', 'repeatedly claimed' (train: 2,733 cues start with an auxiliary, 65 follow
    one; 805 start with an adverb, 103 follow one)."""
    return word in _AUX or word.endswith("ly") and len(word) > 4 and word not in _NOT_ADVERBS


def _conventions(para: Para, q: Quote) -> Quote:
    """Cue and speaker spans bounded as PolNeAR's annotators bound them (counted on
    PolNeAR train): a cue keeps a colon right after it ('replied: "No."'; 367 of 385
    cues followed by one) and the auxiliaries and adverbs right before it; a source
    with an appositive keeps the comma closing it ('Jeff Weaver, Sanders' campaign
    manager, said'; 921 of 1,027), a plain one does not ('Weaver, who'; 799 of 804)."""
    text, base = para.text, para.start
    cue, spk = q.cue_span, q.speaker_span
    if cue and 0 <= cue[1] - base < len(text) and text[cue[1] - base] == ":":
        cue = (cue[0], cue[1] + 1)
    while cue and cue[0] - base > 0:
        m = _WORD_BEFORE.search(text, 0, cue[0] - base)
        if not m or not _cue_modifier(m.group(1)):
            break
        if spk and spk[0] <= base + m.start(1) < spk[1]:
            if spk[1] != base + m.end(1) or spk[0] == base + m.start(1):
                break
            # the tagger ran the source into the adverb: 'Bill Clinton disingenuously | claimed'
            spk = (spk[0], spk[0] + len(text[spk[0] - base:m.start(1)].rstrip()))
        cue = (base + m.start(1), cue[1])
    if spk and 0 <= spk[0] - base and spk[1] - base <= len(text):
        words = text[spk[0] - base:spk[1] - base]
        inner = "," in words.rstrip(", ")
        if inner and text[spk[1] - base:spk[1] - base + 1] == ",":
            spk = (spk[0], spk[1] + 1)
        elif not inner and words.endswith(","):
            spk = (spk[0], spk[0] + len(words.rstrip(", ")))
    if (cue, spk) == (q.cue_span, q.speaker_span):
        return q
    return replace(q, cue_span=cue, speaker_span=spk)


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
        tagged = model(opts.tagger).tag_paragraphs([p.text for p in paras])
    resolver = Resolver(hits)
    if gender:
        for k, v in gender.items():
            resolver.gender.setdefault(k, v)
    out: list[Quote] = []
    taken: set[tuple[int, int]] = set()
    rule_at = {(q.start, q.end): q for q in rule_quotes}
    prev: tuple[str | None, str | None] | None = None
    # A cue ending its paragraph with no content ('Caddell continued:', 'The Times
    # reports:'): the statement is the next paragraph, whose leading content the tagger
    # (one paragraph at a time) leaves without a cue. Carried as this frame.
    frame: tuple | None = None
    for para, (toks, labels) in zip(paras, tagged):
        labels = _names_are_not_cues(para, toks, labels)
        atts: list[Attrib] = assemble(para.text, toks, labels) if labels else []
        if opts.scope == "attribution":
            share_contents(para.text, toks, atts)
        for att in atts:
            src = att.sources[0] if att.sources else None
            speaker, person = _resolve(para, src, resolver)
            if speaker is None and src is None and att.cue is not None:
                speaker, person = _event_speaker(para, att.cue)
            mention = _mention(para, src)
            cue = _cue_word(para.text[att.cue.start:att.cue.end]) if att.cue else None
            cue_span = (para.start + att.cue.start, para.start + att.cue.end) if att.cue else None
            speaker_span = (para.start + src.start, para.start + src.end) if src else None
            if att.cue is None and att.continues and frame is not None:
                speaker, person, mention, cue, cue_span, speaker_span = frame
            elif att.cue is None:
                if not (att.continues and prev):
                    continue
                speaker = prev[0]
            elif opts.scope == "speech" and not _speech(para, att):
                continue
            if att.cue is not None and not att.contents and att is atts[-1]:
                # Quote.cue_span / speaker_span point into the quote's own paragraph only
                frame = (speaker, person, mention, cue, None, None)
            for c in att.contents:
                a0, c_end = _quotation_bounds(para, c.start, c.end)
                c = TSpan(c.role, c.i, c.j, a0, c_end)
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
                if speaker_span is None and rq is not None and rq.cue_span and rq.cue_span != cue_span \
                        and kind != "indirect":
                    # the rules attach quotation marks precisely: keep their frame when the tagger
                    # found no source (when it did, its spans follow PolNeAR's conventions, e.g.
                    # appositives in the source: +0.3 source / +0.3 triple F1 on held-out train)
                    spk, qcue, q_cue_span = rq.speaker, rq.cue, rq.cue_span
                    q_spk_span, q_mention = rq.speaker_span, rq.speaker_mention
                out.append(Quote(article.id, raw, kind, spk, q_mention, qcue, para.index, start, end,
                                 q_cue_span, q_spk_span))
                taken.add((start, end))
            if speaker and person:
                resolver.note_speaker(speaker, (para.index, src.start if src else 0))
            if (att.cue is not None or cue is not None) and att.contents:
                prev = (speaker, cue)
        if not atts or atts[-1].cue is None or atts[-1].contents:
            frame = None
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
    out = [_conventions(paras[q.paragraph], q) if q.paragraph < len(paras) else q for q in out]
    out.sort(key=lambda q: (q.start, -(q.end - q.start)))
    return out
