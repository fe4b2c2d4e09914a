"""What text of an article is embedded: its passages.

Two ways, measured against each other by ``bench/embed_choice.py`` (story-retrieval on
giveme5w1h and ECB+):

* ``lead``: the title, the standfirst and the first paragraphs, up to ``LEAD_WORDS`` words,
  as one passage. MiniLM reads 256 word pieces at most, and a news article puts what it is
  about first, so this is one model call per article.
* ``chunks``: the title and the whole body cut into passages of ``LEAD_WORDS`` words; the
  article's vector is the normalised mean of theirs. Sees the whole text, at one model
  call per ~180 words (five for an average article).
"""

from __future__ import annotations

from collections.abc import Sequence

LEAD_WORDS = 180  # ~240 word pieces of news English: within MiniLM's 256
# What the fold compares (``fold_passage``): the title and about the first three sentences. A third
# of the lead's cost per article (13.9 against 42.8 ms CPU on giveme5w1h) for the signal that
# matters to the fold: what the headline and the opening say happened.
FOLD_WORDS = 60


def lead_passage(title: str | None, paragraphs: Sequence[str], standfirst: str | None = None,
                 words: int = LEAD_WORDS) -> str:
    """Title, standfirst and opening paragraphs, cut at ``words`` words."""
    parts = [p.strip() for p in (title, standfirst, *paragraphs) if p and p.strip()]
    out: list[str] = []
    for part in parts:
        tokens = part.split()
        room = words - sum(len(p.split()) for p in out)
        if room <= 0:
            break
        out.append(" ".join(tokens[:room]))
    return "\n".join(out)


def fold_passage(title: str | None, paragraphs: Sequence[str], standfirst: str | None = None) -> str:
    """The text whose vector the fold compares with a story's (``fold.signals.Cues.vector``)."""
    return lead_passage(title, paragraphs, standfirst, FOLD_WORDS)


def chunk_passages(title: str | None, paragraphs: Sequence[str], standfirst: str | None = None,
                   words: int = LEAD_WORDS) -> list[str]:
    """The whole article as passages of about ``words`` words (paragraphs kept whole when they fit)."""
    parts = [p.strip() for p in (title, standfirst, *paragraphs) if p and p.strip()]
    chunks: list[list[str]] = [[]]
    for part in parts:
        tokens = part.split()
        while tokens:
            room = words - len(chunks[-1])
            if room <= 0 or (len(tokens) > room and chunks[-1] and len(tokens) <= words):
                chunks.append([])  # start a paragraph on a fresh passage rather than split it
                continue
            chunks[-1] += tokens[:room]
            tokens = tokens[room:]
    return [" ".join(c) for c in chunks if c] or [""]


def snippet(title: str | None, paragraphs: Sequence[str], words: int = 40) -> str:
    """The opening words of the body, shown under a semantic hit (there are no matched words to mark)."""
    text = " ".join(p.strip() for p in paragraphs if p and p.strip() and p.strip() != (title or "").strip())
    tokens = text.split()
    return " ".join(tokens[:words]) + (" …" if len(tokens) > words else "")
