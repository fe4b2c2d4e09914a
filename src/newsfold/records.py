"""Typed records shared by every stage.

The flow is ``RawDoc -> Article -> (Quote, ...) -> Story -> Storyline``. Each
record is a frozen, slotted dataclass: stages return new records rather than
mutating old ones, so the same stage can run in a loop, a process pool or on a
cluster. A stage that cannot produce its output returns :class:`Rejected` (a
value with a reason) instead of raising.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def content_hash(text: str) -> str:
    """Stable 16-hex-digit ID of a text: the basis of every content-derived ID."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RawDoc:
    """What a source gave us, before any interpretation.

    ``text`` is the decoded input exactly as read (one article); ``origin``
    says where it came from (a path, ``path:LINE`` for JSONL/CSV rows,
    ``<stdin>``). ``meta`` holds container fields (JSONL/CSV columns such as
    ``title``, ``url``, ``published``, ``outlet``, ``language`` and anything
    else the dump carried); they are hints the clean stage may use.
    """

    text: str
    origin: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_id(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A rejection value: the item could not be used, and why."""

    origin: str
    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line of the raw text that is not part of the article body."""

    line: int  # 1-based line number in the raw text
    text: str
    reason: str  # boilerplate | caption | credit | teaser | title | byline | standfirst | ...


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """A clue about the publication date found in the text or its container."""

    kind: str  # container | dateline | explicit | relative | weekday
    text: str  # the words that gave the clue
    value: str | None  # ISO date the clue pins, or None if it pins no full date


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One kept body paragraph and where it sits in the raw text."""

    text: str
    line: int  # 1-based line in the raw text
    start: int  # character offset of the paragraph in the raw text


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: body without boilerplate, plus extracted metadata."""

    id: str
    raw_id: str
    origin: str
    title: str | None
    outlet: str | None
    wire: str | None
    byline: str | None
    dateline: str | None
    published: str | None  # ISO date, only when the evidence pins it
    language: str | None
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedLine, ...]
    date_evidence: tuple[DateEvidence, ...] = ()
    standfirst: str | None = None
    aggregator: str | None = None  # e.g. the app a wire story was scraped from
    meta: dict[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement attributed to a speaker in one article."""

    article_id: str
    text: str
    kind: str  # direct | partial | indirect
    speaker: str | None  # resolved, canonical name (None when unresolved)
    speaker_mention: str | None  # the words in the text that point at the speaker ("he")
    cue: str | None  # the reporting verb ("said", "told")
    paragraph: int  # index into Article.paragraphs
    start: int  # character offsets of ``text`` in the raw input
    end: int
    cue_span: tuple[int, int] | None = None  # raw offsets of the cue words, when in this paragraph
    speaker_span: tuple[int, int] | None = None  # raw offsets of the speaker mention ("he", "Peskov")
    speaker_id: str | None = None  # store-wide entity ID of the speaker (set when stored)


@dataclass(frozen=True, slots=True)
class Membership:
    """Why an article belongs to its story."""

    article_id: str
    similarity: float
    shared_terms: tuple[str, ...]
    shared_entities: tuple[str, ...]
    time_gap_days: float | None


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    members: tuple[Membership, ...]
    first_published: str | None = None
    last_published: str | None = None


@dataclass(frozen=True, slots=True)
class Storyline:
    id: str
    title: str
    story_ids: tuple[str, ...]
    why: tuple[str, ...] = ()
