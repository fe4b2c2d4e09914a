"""Person mentions: capitalised name sequences, their role words, canonical names.

A name is accepted when there is evidence it names a person:

* a role or title word right before it ("spokeswoman Jane Roe",
  "Prime Minister Olga Varga", "ambassador in Norway Peter Lund");
* a role in an appositive after it ("Jane Roe, the agency's director,");
* it is the subject of a speech verb ("Ivanov told reporters");
* a multi-word run of name-shaped words with no organisation/place word;
* a single word that is the surname of a name accepted elsewhere in the article.

Runs are split at words that cannot be part of a name (countries, demonyms,
organisation nouns, titles), so "Norway Peter Lund" gives "Peter Lund".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .text import QuoteSpan, Token, tokens


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named in the article (offsets into the raw input)."""

    text: str  # the words as written, without a possessive ending ("Varga")
    canonical: str  # fullest form of the name in the article ("Olga Varga")
    start: int
    end: int
    paragraph: int
    role: str | None = None  # role words captured at this mention ("ministry spokesman")
    in_quote: bool = False  # inside quotation marks (not the reporter's words)
    modifier: bool = False  # possessive or noun modifier ("Putin's", "the Trump administration")


@dataclass(slots=True)
class NameHit:
    """Working form of a name mention, offsets local to the paragraph."""

    paragraph: int
    start: int
    end: int
    parts: tuple[str, ...]
    role: str | None = None
    role_head: str | None = None
    role_words: frozenset[str] = frozenset()
    in_quote: bool = False
    modifier: bool = False
    canonical: str = ""
    gender: str | None = None
    evidence: str = ""  # role | shape | speaker | surname

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def is_name_token(t: Token) -> bool:
    b = t.base
    if not b[:1].isupper() or len(b) < 2:
        return False
    if not any(c.islower() for c in b):
        return False  # all caps: NATO, AFP
    if b.lower() in lx.NON_NAME or b.lower() in lx.ROLE_HEADS or b.lower() in lx.HONORIFICS:
        return False
    parts = re.split(r"[-’']", b)
    if len(parts) > 1 and any(p.lower() in lx.NON_NAME for p in parts if p):
        return False  # Russian-American, Putin-Biden summit is fine either way
    if b.lower().endswith(("ian", "ese")) and b.lower() in lx.DEMONYMS:
        return False
    return all(c.isalpha() or c in "-’'" for c in b)


def _is_role(t: Token) -> bool:
    return t.low in lx.ROLE_HEADS or t.low in lx.HONORIFICS


def _glued(text: str, a: Token, b: Token, allow_dot: bool = False) -> bool:
    gap = text[a.end:b.start]
    if allow_dot and gap.startswith("."):
        gap = gap[1:]
    return gap != "" and gap.isspace() and "\n" not in gap and len(gap) <= 2


def _role_phrase(text: str, toks: list[Token], head: int,
                 hits: list[NameHit]) -> tuple[int, int]:
    """Token range [i, head] of the role phrase ending at toks[head]."""
    i = head
    n = 0
    while i > 0 and n < 6:
        p = toks[i - 1]
        if not _glued(text, p, toks[i]):
            break
        if any(h.start <= p.start < h.end and text[h.end:h.end + 2] not in ("’s", "'s")
               for h in hits):
            # another person's name: "Varga met State Department spokeswoman Roe"
            while i < head and not toks[i].cap:
                i += 1
            break
        if p.low in lx.FUNCTION_WORDS and p.low not in lx.MODIFIER_WORDS \
                and not (p.text.isupper() and len(p.text) > 1):
            break  # "US" is not the pronoun "us"
        if not p.cap and p.low not in lx.MODIFIER_WORDS and p.low.endswith(("ing", "ed")):
            break  # "swaps involving U.S. Marine veteran"
        i -= 1
        n += 1
    return i, head


_APPOSITIVE_ROLE = re.compile(r"^,\s+(?:(?:the|a|an|[A-Z][\w’'.-]*[’']s)\s+)?([^,;:()\"“”]{0,80}?)\b([A-Za-z-]+)\s*(?=[,.;)])")


def find_names(text: str, paragraph: int, spans: list[QuoteSpan], masked: str,
               toks: list[Token] | None = None) -> list[NameHit]:
    """Name hits of one paragraph (first pass: everything but bare surnames); ``toks``: ``tokens(text)``
    if already made (read, not changed)."""
    toks = tokens(text) if toks is None else toks
    hits: list[NameHit] = []
    caps = [t for t in toks if t.cap]
    titlecase = len(toks) >= 4 and len(caps) / len(toks) > 0.6
    i = 0
    while i < len(toks):
        t = toks[i]
        if not (is_name_token(t) or (t.cap and (_is_role(t) or t.low in lx.NON_NAME))):
            i += 1
            continue
        # maximal run of capitalised tokens (with inner particles / initials)
        j = i
        while j + 1 < len(toks):
            a, b = toks[j], toks[j + 1]
            if a.possessive:
                break
            glued = _glued(text, a, b, allow_dot=a.low in lx.HONORIFICS)
            if not glued:
                break
            if b.cap or (b.low in lx.NAME_PARTICLES and j + 2 < len(toks) and toks[j + 2].cap):
                j += 1
                continue
            break
        run = toks[i:j + 1]
        _split_run(text, toks, i, run, paragraph, hits, titlecase, masked)
        i = j + 1
    for h in hits:
        h.in_quote = any(s.start <= h.start and h.end <= s.end for s in spans)
        _mark_modifier(text, toks, h)
        _appositive_role(text, h)
        h.gender = _gender(h.role_words)
    return hits


def _split_run(text: str, toks: list[Token], i0: int, run: list[Token], paragraph: int,
               hits: list[NameHit], titlecase: bool, masked: str) -> None:
    k = 0
    while k < len(run):
        t = run[k]
        if not is_name_token(t):
            k += 1
            continue
        m = k
        while m + 1 < len(run) and (is_name_token(run[m + 1])
                                    or (run[m + 1].low in lx.NAME_PARTICLES and m + 2 < len(run))
                                    or re.fullmatch(r"[A-Z]\.", run[m + 1].text)) \
                and not run[m].possessive:
            m += 1
        seg = run[k:m + 1]
        while seg and not is_name_token(seg[-1]):
            seg = seg[:-1]
        if m + 1 < len(run) and _is_role(run[m + 1]) and not run[m].possessive:
            seg = []  # part of a title: "Prime Minister", "Attorney General"
        if seg:
            _accept(text, toks, i0 + k, seg, paragraph, hits, titlecase, masked)
        k = m + 1


def _accept(text: str, toks: list[Token], idx: int, seg: list[Token], paragraph: int,
            hits: list[NameHit], titlecase: bool, masked: str) -> None:
    parts = [t.base for t in seg]
    if len(parts) > 3:
        seg = seg[-3:]
        idx += len(parts) - 3
        parts = parts[-3:]
    head = _role_before(text, toks, idx)
    hit = NameHit(paragraph, seg[0].start, seg[-1].end - (len(seg[-1].text) - len(seg[-1].base)),
                  tuple(parts))
    if head is not None:
        a, _b = _role_phrase(text, toks, head, hits)
        end_tok = head
        # include a prepositional complement: "ambassador in Russia", "Secretary of State"
        if idx - 1 > head:
            end_tok = idx - 1
        hit.role = text[toks[a].start:toks[end_tok].end]
        hit.role_head = lx.ROLE_CLASS.get(toks[head].low, toks[head].low)
        hit.role_words = frozenset(t.low for t in toks[a:end_tok + 1])
        hit.evidence = "role"
    elif len(parts) >= 2 and not titlecase:
        hit.evidence = "shape"
    elif len(parts) == 1 and _speech_subject(masked, seg[-1].end) \
            and parts[0].lower() not in lx.NON_NAME and not _after_det(toks, idx):
        hit.evidence = "speaker"
    else:
        return
    hits.append(hit)


def _after_det(toks: list[Token], idx: int) -> bool:
    return idx > 0 and toks[idx - 1].low in ("the", "a", "an")


_GAP = r"(?:\s+(?:" + "|".join(sorted(lx.GAP_WORDS)) + r"))*"


def _speech_subject(masked: str, end: int) -> bool:
    m = re.match(_GAP + r"\s+(" + lx.CUE_RE.pattern + r")", masked[end:], re.IGNORECASE)
    return bool(m) and m.group(1).islower() and not lx.is_participle(m.group(1))


def _role_before(text: str, toks: list[Token], idx: int) -> int | None:
    """Index of a role/title token right before toks[idx], allowing a short
    prepositional complement of non-name words ("ambassador to the United Nations")."""
    if idx == 0:
        return None
    p = toks[idx - 1]
    if _is_role(p) and (_glued(text, p, toks[idx], allow_dot=p.low in lx.HONORIFICS)):
        return idx - 1
    # walk back over a complement: role (in|of|to|for|at) (the)? NonName{1,4}
    j = idx - 1
    n = 0
    while j >= 0 and toks[j].cap and not is_name_token(toks[j]) and n < 4 \
            and _glued(text, toks[j], toks[j + 1]):
        j -= 1
        n += 1
    if n == 0 or j < 1:
        return None
    if toks[j].low == "the" and j >= 1:
        j -= 1
    if toks[j].low in ("in", "of", "to", "for", "at") and j >= 1 and _is_role(toks[j - 1]):
        return j - 1
    return None


def _mark_modifier(text: str, toks: list[Token], h: NameHit) -> None:
    after = text[h.end:h.end + 3]
    if after[:2] in ("’s", "'s") or after[:1] in "’'" and h.parts[-1].endswith("s"):
        h.modifier = True
        return
    before = text[:h.start].rstrip().lower()
    nxt = re.match(r" ([a-z][a-z-]+)", text[h.end:])
    if (before.endswith((" the", " a", " an")) or before in ("the", "a", "an")) and nxt \
            and nxt.group(1) not in lx.FUNCTION_WORDS and nxt.group(1) not in lx.FORM_TO_LEMMA:
        h.modifier = True  # "the Trump administration"
    if text[h.end:h.end + 1] == "-" :
        h.modifier = True  # "Putin-Biden summit"


def _appositive_role(text: str, h: NameHit) -> None:
    if h.role is not None:
        return
    m = _APPOSITIVE_ROLE.match(text[h.end:])
    if not m:
        return
    words = (m.group(1) + m.group(2)).split()
    for w in reversed(words):
        lw = w.lower().strip("’'")
        if lw in lx.ROLE_HEADS and lw not in lx.PLURAL_ROLES:
            h.role = (m.group(1) + m.group(2)).strip()
            h.role_head = lx.ROLE_CLASS.get(lw, lw)
            h.role_words = frozenset(x.lower() for x in words)
            return


def _gender(role_words: frozenset[str]) -> str | None:
    if role_words & lx.FEMALE_ROLES:
        return "f"
    if role_words & lx.MALE_ROLES:
        return "m"
    return None


# --- article level -------------------------------------------------------------
def add_surnames(text: str, paragraph: int, spans: list[QuoteSpan], hits: list[NameHit],
                 surnames: set[str], toks: list[Token] | None = None) -> list[NameHit]:
    """Second pass: bare surnames of people named elsewhere in the article."""
    taken = [(h.start, h.end) for h in hits]
    out = list(hits)
    toks = tokens(text) if toks is None else toks
    for k, t in enumerate(toks):
        if t.base not in surnames or not t.cap:
            continue
        if any(a <= t.start < b for a, b in taken):
            continue
        h = NameHit(paragraph, t.start, t.start + len(t.base), (t.base,), evidence="surname")
        h.in_quote = any(s.start <= h.start and h.end <= s.end for s in spans)
        _mark_modifier(text, toks, h)
        out.append(h)
    out.sort(key=lambda h: h.start)
    return out


def canonicalize(hits: list[NameHit]) -> None:
    """Set ``canonical`` of every hit to the fullest form of the name in the article."""
    fulls = [h for h in hits if len(h.parts) >= 2]
    for h in hits:
        if len(h.parts) >= 2:
            same = [f for f in fulls if f.parts[-1] == h.parts[-1] and f.parts[0] == h.parts[0]]
            best = max(same, key=lambda f: (len(f.parts), -f.paragraph, -f.start))
            h.canonical = best.text
            continue
        cands = [f for f in fulls if f.parts[-1] == h.parts[0]]
        forms = {f.text for f in cands}
        if not cands:
            h.canonical = h.text
        elif len(forms) == 1:
            h.canonical = max(cands, key=lambda f: len(f.parts)).text
        else:
            before = [f for f in cands if (f.paragraph, f.start) < (h.paragraph, h.start)]
            h.canonical = (before[-1] if before else cands[0]).text


def to_mention(h: NameHit, para_start: int) -> Mention:
    return Mention(text=h.text, canonical=h.canonical, start=para_start + h.start,
                   end=para_start + h.end, paragraph=h.paragraph, role=h.role,
                   in_quote=h.in_quote, modifier=h.modifier)
