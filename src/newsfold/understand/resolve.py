"""Who is "he", "she", "the spokesman"? Resolution of speaker references.

The resolver walks the article in reading order. Speakers (people who were the
subject of a speech verb) are recorded as they are met; a pronoun goes to the
most recent speaker whose known gender fits, else to the most recent person
named outside quotes and not as a modifier. A description ("the ministry
spokesman") goes to the most recent person whose role, captured when they
were named, has the same head noun, preferring one whose role shares a
modifier ("ministry").
"""

from __future__ import annotations

from . import lexicon as lx
from .mentions import NameHit

Pos = tuple[int, int]  # (paragraph index, offset in paragraph)


class Resolver:
    def __init__(self, hits: list[NameHit]) -> None:
        self.hits = sorted(hits, key=lambda h: (h.paragraph, h.start))
        self.speakers: list[tuple[Pos, str]] = []
        self.gender: dict[str, str] = {}
        for h in self.hits:
            if h.gender and h.canonical not in self.gender:
                self.gender[h.canonical] = h.gender

    # -- bookkeeping --
    def note_speaker(self, canonical: str, pos: Pos) -> None:
        self.speakers.append((pos, canonical))

    def last_speaker(self, before: Pos) -> str | None:
        for pos, c in reversed(self.speakers):
            if pos < before:
                return c
        return None

    # -- references --
    def pronoun(self, word: str, pos: Pos) -> str | None:
        w = word.lower()
        g = "m" if w in lx.PRONOUNS_M else "f" if w in lx.PRONOUNS_F else None
        if g is None:
            return None
        found = None
        for p, c in reversed(self.speakers):
            if p < pos and self.gender.get(c, g) == g:
                found = c
                break
        if found is None:
            for h in reversed(self.hits):
                if (h.paragraph, h.start) < pos and not h.in_quote and not h.modifier \
                        and self.gender.get(h.canonical, g) == g:
                    found = h.canonical
                    break
        if found is not None:
            self.gender.setdefault(found, g)
        return found

    def description(self, head: str, words: frozenset[str], pos: Pos) -> str | None:
        head_n = lx.ROLE_CLASS.get(head, head)
        want_g = "f" if head in lx.FEMALE_ROLES else "m" if head in lx.MALE_ROLES else None
        cands = [h for h in self.hits if h.role_head == head_n and not h.in_quote]
        if want_g:
            fit = [h for h in cands if self.gender.get(h.canonical, want_g) == want_g]
            cands = fit or cands
        if not cands:
            return None
        mods = {w for w in words if w not in ("the", "a", "an", head)}
        before = [h for h in cands if (h.paragraph, h.start) < pos]
        pool = before or cands[:1]

        def score(h: NameHit) -> tuple[int, Pos]:
            overlap = len(mods & h.role_words)
            return (1 if overlap else 0, (h.paragraph, h.start))

        return max(pool, key=score).canonical
