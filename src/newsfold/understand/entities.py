"""People, organisations and places of one article, each under one canonical name.

>>> [(e.name, e.type, e.role) for e in entities(article)]   # doctest: +SKIP
[('Dmitry Peskov', 'person', 'Kremlin spokesman'), ('Kremlin', 'org', None), ...]

* **People** come from the person-name finder (:mod:`.mentions`): "Dmitry Peskov",
  "Peskov" and "Peskov's" share the fullest form of the name; the role is the
  title or appositive captured where the person was named ("Kremlin
  spokesman"). Descriptions such as "the Kremlin spokesman" or "the senator" are
  mentions of the most recent person whose role has the same head noun
  (preferring a shared modifier), resolved in reading order.
* **Organisations and places** are capitalised runs outside person names,
  typed by general word lists: countries, capitals and place nouns ("river",
  "county") make a place; organisation nouns ("ministry", "party", "bank"),
  news agencies, acronyms ("NATO") and "the" + capitalised noun ("the
  Kremlin") make an organisation. "U.S." = "US" = "United States", and an
  acronym joins the long name whose initials it spells ("FBI" = "Federal
  Bureau of Investigation").

Rule-based, English news conventions; no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfold.records import Article

from . import lexicon as lx
from .resolve import Resolver
from .text import tokens

__all__ = ["Entity", "EntityMention", "entities"]


@dataclass(frozen=True, slots=True)
class EntityMention:
    text: str
    start: int  # raw offsets
    end: int
    paragraph: int
    kind: str  # name | surname | modifier | description | acronym | alias


@dataclass(frozen=True, slots=True)
class Entity:
    name: str  # canonical name
    type: str  # person | org | place
    role: str | None
    mentions: tuple[EntityMention, ...]

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        return tuple((m.start, m.end) for m in self.mentions)


# Alias forms of common places and organisations (general knowledge, not article-specific).
ALIASES: dict[str, tuple[str, str]] = {
    "u.s.": ("United States", "place"), "us": ("United States", "place"),
    "usa": ("United States", "place"), "u.s.a.": ("United States", "place"),
    "united states": ("United States", "place"), "america": ("United States", "place"),
    "united states of america": ("United States", "place"),
    "u.k.": ("United Kingdom", "place"), "uk": ("United Kingdom", "place"),
    "britain": ("United Kingdom", "place"), "great britain": ("United Kingdom", "place"),
    "united kingdom": ("United Kingdom", "place"),
    "u.n.": ("United Nations", "org"), "un": ("United Nations", "org"),
    "united nations": ("United Nations", "org"),
    "eu": ("European Union", "org"), "e.u.": ("European Union", "org"),
    "european union": ("European Union", "org"),
    "uae": ("United Arab Emirates", "place"), "united arab emirates": ("United Arab Emirates", "place"),
    "gop": ("Republican Party", "org"), "republican party": ("Republican Party", "org"),
    "democratic party": ("Democratic Party", "org"),
}
PLACE_NOUNS = frozenset("""
river sea ocean lake island islands mountain mountains valley peninsula strait gulf bay
coast desert forest canal county province region district oblast territory state city
village town republic kingdom
""".split()) - {"state", "republic", "kingdom"}
_CONNECT = frozenset({"of", "for", "on", "de", "the"})
# Capitalised nouns that make a run an event, a document or a period, not an organisation.
EVENT_WORDS = frozenset("""
war wars act law treaty accord agreement summit cup games olympics day week year christmas
easter ramadan covid coronavirus brexit election elections debate convention primary primaries
""".split())
_SKIP_START = frozenset("""
the a an this that these those but and or so if when while as at in on for by from with
after before during he she it they we i you his her their our its my
""".split())


def _is_acronym(w: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}|[A-Z]{2,6}s?", w))


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in _CONNECT)


@dataclass(slots=True)
class _Run:
    paragraph: int
    start: int  # paragraph-local
    end: int
    text: str
    after_the: bool


def _cap_runs(text: str, paragraph: int, taken: list[tuple[int, int]]) -> list[_Run]:
    toks = tokens(text)
    runs: list[_Run] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if not t.cap or any(a <= t.start < b for a, b in taken):
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            a, b = toks[j], toks[j + 1]
            gap = text[a.end:b.start]
            if a.possessive or not gap.isspace() or len(gap) > 2:
                break
            if any(x <= b.start < y for x, y in taken):
                break
            if b.cap:
                j += 1
                continue
            if b.low in _CONNECT and j + 2 < len(toks) and toks[j + 2].cap \
                    and text[b.end:toks[j + 2].start].isspace() and b.low != "the":
                j += 2
                continue
            break
        seg = toks[i:j + 1]
        # drop a sentence-initial function word ("But Russia ...", "The Kremlin")
        while seg and (seg[0].low in _SKIP_START or seg[0].low in lx.MODIFIER_WORDS):
            seg = seg[1:]
        if seg and j + 1 < len(toks) and any(x <= toks[j + 1].start < y for x, y in taken) \
                and (seg[-1].low in lx.ROLE_HEADS or seg[-1].low in lx.HONORIFICS):
            seg = []  # a title before a name: "U.S. President Donald Trump"
        while seg and (seg[-1].low in lx.ROLE_HEADS or seg[-1].low in lx.HONORIFICS) and len(seg) > 1:
            seg = seg[:-1]
        while seg and seg[-1].low in _CONNECT:
            seg = seg[:-1]
        if seg:
            before = text[:seg[0].start].rstrip().lower()
            after_the = before.endswith(" the") or before == "the"
            start, end = seg[0].start, seg[-1].start + len(seg[-1].base)
            runs.append(_Run(paragraph, start, end, text[start:end], after_the))
        i = j + 1
    return runs


def _type_of(run: _Run) -> tuple[str, str] | None:
    """(canonical, type) of a capitalised run, or None when it is neither org nor place."""
    words = run.text.split()
    low = run.text.lower()
    if low in ALIASES:
        return ALIASES[low]
    lows = [w.lower().strip("’'") for w in words]
    if len(words) == 1:
        w = lows[0]
        if w in lx.COUNTRIES or w in lx.CITIES:
            return (run.text if not run.text.isupper() else run.text.title()), "place"
        if w in lx.NEWS_AGENCIES or _is_acronym(words[0]):
            return run.text, "org"
        if w in lx.DEMONYMS or w.endswith("s") and w[:-1] in lx.DEMONYMS or w in lx.ROLE_HEADS or w in lx.TIME_WORDS or w in lx.HONORIFICS \
                or w in lx.FUNCTION_WORDS or w in lx.MODIFIER_WORDS or w in lx.PLURAL_ROLES:
            return None
        if w in lx.ORG_WORDS:
            return (run.text, "org") if run.after_the else None
        if run.after_the:
            return run.text, "org"  # the Kremlin, the Pentagon
        return None
    if lows[-1] in lx.COUNTRIES or lows[-1] in lx.CITIES or lows[-1] in PLACE_NOUNS:
        if not any(w in lx.ORG_WORDS - {"north", "south", "east", "west", "northern", "southern",
                                        "eastern", "western", "republic", "kingdom", "state",
                                        "states", "city", "county", "province", "region",
                                        "district", "island", "islands", "river", "sea", "ocean",
                                        "lake", "mountain", "mountains", "valley", "peninsula",
                                        "strait", "gulf", "bay", "coast", "desert", "forest",
                                        "canal"} for w in lows[:-1]):
            return run.text, "place"
    if lows[-1] in EVENT_WORDS:
        return None
    if any(w in lx.ORG_WORDS or w in lx.NEWS_AGENCIES for w in lows) or any(_is_acronym(w) for w in words):
        if all(w in lx.DEMONYMS or w in lx.TIME_WORDS for w in lows):
            return None
        return run.text, "org"
    return None


def _descriptions(text: str, paragraph: int, taken: list[tuple[int, int]]):
    """'the (modifiers) ROLE' phrases not followed by a name: (start, end, head, words)."""
    toks = tokens(text)
    for k, t in enumerate(toks):
        if t.low != "the":
            continue
        m = k + 1
        while m < len(toks) and m - k <= 4 and toks[m].low not in lx.ROLE_HEADS \
                and (toks[m].cap or toks[m].low in lx.MODIFIER_WORDS or toks[m].possessive):
            m += 1
        if m >= len(toks) or toks[m].low not in lx.ROLE_HEADS or toks[m].low in lx.PLURAL_ROLES:
            continue
        if m + 1 < len(toks) and (toks[m + 1].cap or any(a <= toks[m + 1].start < b for a, b in taken)):
            continue  # a title before a name: "the Kremlin spokesman Dmitry Peskov"
        if text[toks[m].end:toks[m].end + 2] in ("’s", "'s"):
            continue
        yield t.start, toks[m].end, toks[m].low, frozenset(x.low for x in toks[k:m + 1])


def entities(article: Article) -> list[Entity]:
    """People, organisations and places named in the article, in order of first mention."""
    from .quotes import analyse

    paras, hits = analyse(article)
    resolver = Resolver(hits)
    people: dict[str, list[EntityMention]] = {}
    roles: dict[str, str] = {}
    first: dict[tuple[str, str], tuple[int, int]] = {}
    events: list[tuple[tuple[int, int], str, object]] = []
    for para in paras:
        for h in para.hits:
            events.append(((para.index, h.start), "hit", (para, h)))
        taken = [(h.start, h.end) for h in para.hits]
        for a, b, head, words in _descriptions(para.text, para.index, taken):
            if any(h.start <= a < h.end or a <= h.start < b for h in para.hits):
                continue
            events.append(((para.index, a), "desc", (para, a, b, head, words)))
    events.sort(key=lambda e: e[0])
    for pos, kind, data in events:
        if kind == "hit":
            para, h = data
            name = h.canonical or h.text
            kind_m = "modifier" if h.modifier else ("name" if len(h.parts) >= 2 else "surname")
            people.setdefault(name, []).append(EntityMention(
                para.text[h.start:h.end], para.start + h.start, para.start + h.end, para.index, kind_m))
            first.setdefault((name, "person"), pos)
            if h.role and (name not in roles or len(h.role) > len(roles[name])):
                roles[name] = h.role
            if not h.in_quote and not h.modifier:
                resolver.note_speaker(name, pos)
        else:
            para, a, b, head, words = data
            name = resolver.description(head, words, pos)
            if name is None or name not in people:
                continue
            people[name].append(EntityMention(para.text[a:b], para.start + a, para.start + b,
                                              para.index, "description"))
    # organisations and places
    others: dict[tuple[str, str], list[EntityMention]] = {}
    long_names: dict[str, tuple[str, str]] = {}
    pending_acr: list[tuple[_Run, int]] = []
    for para in paras:
        taken = [(h.start, h.end) for h in para.hits]
        for run in _cap_runs(para.text, para.index, taken):
            typed = _type_of(run)
            if typed is None:
                continue
            canon, typ = typed
            words = run.text.split()
            if len(words) == 1 and typ == "org" and _is_acronym(words[0]) and run.text.lower() not in ALIASES:
                pending_acr.append((run, para.start))
                continue
            key = (canon, typ)
            kind_m = "alias" if canon != run.text else "name"
            others.setdefault(key, []).append(EntityMention(run.text, para.start + run.start,
                                                            para.start + run.end, para.index, kind_m))
            first.setdefault(key, (para.index, run.start))
            if len(words) >= 2:
                long_names.setdefault(_initials(canon), key)
    for run, base in pending_acr:
        acr = run.text.replace(".", "").rstrip("s") if not run.text.isupper() else run.text.replace(".", "")
        key = long_names.get(acr) or long_names.get(acr.rstrip("s")) or (run.text, "org")
        others.setdefault(key, []).append(EntityMention(run.text, base + run.start, base + run.end,
                                                        run.paragraph, "acronym" if key[0] != run.text else "name"))
        first.setdefault(key, (run.paragraph, run.start))
    out: list[Entity] = []
    person_names = set(people)
    for name, ms in people.items():
        out.append(Entity(name, "person", roles.get(name), tuple(sorted(ms, key=lambda m: m.start))))
    for (name, typ), ms in others.items():
        if name in person_names:
            continue
        out.append(Entity(name, typ, None, tuple(sorted(ms, key=lambda m: m.start))))
    out.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    return out
