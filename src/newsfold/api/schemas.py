"""Response models: they exist to make /openapi.json describe what each endpoint returns.

They mirror the dicts built by ``store.views`` and ``api.queries`` field for field; free-form
parts (a membership's ``why``, an article's ``meta``) stay plain dicts. Fields are Optional
wherever the pipeline may not know the value (outlet, date, speaker).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    wire: str | None
    byline: str | None
    published: str | None
    language: str | None
    origin: str
    duplicate_of: str | None
    aggregator: str | None
    story_id: str | None


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    limit: int
    offset: int
    next_cursor: str | None


class ArticleQuote(BaseModel):
    text: str
    kind: str
    speaker: str | None
    speaker_id: str | None
    speaker_mention: str | None
    cue: str | None
    paragraph: int


class ArticleDetail(BaseModel):
    id: str
    origin: str
    title: str | None
    outlet: str | None
    wire: str | None
    byline: str | None
    dateline: str | None
    published: str | None
    language: str | None
    standfirst: str | None
    aggregator: str | None
    duplicate_of: str | None
    story_id: str | None
    story_title: str | None
    storyline_id: str | None
    why: dict[str, Any] | None
    paragraphs: list[str]
    removed: list[dict[str, Any]]
    date_evidence: list[dict[str, Any]]
    quotes: list[ArticleQuote]


class StorySummary(BaseModel):
    id: str
    title: str
    articles: int
    outlet_count: int
    outlets: list[str | None]
    first_published: str | None
    last_published: str | None
    storyline_id: str | None
    score: float


class StoryPage(BaseModel):
    items: list[StorySummary]
    limit: int
    offset: int
    next_offset: int | None


class StoryMember(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    wire: str | None
    aggregator: str | None
    published: str | None
    origin: str
    duplicate_of: str | None
    similarity: float
    why: dict[str, Any]
    wire_copy: bool  # someone else's reporting: another agency's wire, or a copy of another outlet's article
    only_here: list[str]  # sentences no other article of the story reports


class OutletQuote(BaseModel):
    text: str
    kind: str
    speaker: str | None
    cue: str | None
    article_id: str


class OutletArticle(BaseModel):
    id: str
    title: str | None
    wire: str | None
    wire_copy: bool
    duplicate_of: str | None
    published: str | None
    only_here: list[str]


class OutletCoverage(BaseModel):
    outlet: str | None
    label: str
    wire: str | None
    wire_copy: bool
    headlines: list[str | None]
    articles: list[OutletArticle]
    quotes: list[OutletQuote]


class SameStatement(BaseModel):
    article_id: str
    outlet: str
    speaker: str | None
    text: str


class RelatedStory(BaseModel):
    id: str
    title: str
    similarity: float
    same_storyline: bool


class StoryDetail(BaseModel):
    id: str
    title: str
    storyline_id: str | None
    storyline_title: str | None
    first_published: str | None
    last_published: str | None
    members: list[StoryMember]
    outlets: list[OutletCoverage]
    same_statements: list[list[SameStatement]]
    # True while a big story's sentences and quotes are being compared in the background: `only_here`
    # and `same_statements` are then those of the last comparison (or empty); ask again shortly.
    coverage_pending: bool = False
    related: list[RelatedStory]


class StorylineSummary(BaseModel):
    id: str
    title: str
    stories: int
    articles: int
    first_published: str | None
    last_published: str | None


class StorylinePage(BaseModel):
    items: list[StorylineSummary]
    limit: int
    offset: int
    next_offset: int | None


class StoryOutlet(BaseModel):
    outlet: str | None
    label: str
    articles: int
    copies: int


class KeyQuote(BaseModel):
    article_id: str
    text: str
    kind: str
    speaker: str | None
    speaker_id: str | None
    cue: str | None
    outlet: str | None
    published: str | None


class TimelineStory(BaseModel):
    id: str
    title: str
    articles: int
    first_published: str | None
    last_published: str | None
    similarity: float
    why: list[Any]
    outlets: list[StoryOutlet]
    key_quotes: list[KeyQuote]


class SpeakerCount(BaseModel):
    id: str
    name: str
    statements: int


class StorylineDetail(BaseModel):
    id: str
    title: str
    first_published: str | None
    last_published: str | None
    stories: list[TimelineStory]
    speakers: list[SpeakerCount]


class QuoteRow(BaseModel):
    speaker: str | None
    speaker_id: str | None
    text: str
    kind: str
    cue: str | None
    article_id: str
    article_title: str | None
    outlet: str | None
    published: str | None
    story_id: str | None
    story_title: str | None


class QuotePage(BaseModel):
    items: list[QuoteRow]
    limit: int
    offset: int
    next_offset: int | None


class Speaker(BaseModel):
    id: str
    name: str
    statements: int
    articles: int
    outlets: int
    stories: int
    first_published: str | None
    last_published: str | None


class SpeakerPage(BaseModel):
    items: list[Speaker]
    limit: int
    offset: int
    next_offset: int | None


class SpeakerOutlet(BaseModel):
    outlet: str | None
    label: str
    statements: int
    articles: int
    first_published: str | None
    last_published: str | None


class SpeakerDetail(BaseModel):
    id: str
    name: str
    statements: int
    outlets: list[SpeakerOutlet]
    items: list[QuoteRow]  # the statements, oldest first (undated last), paged
    limit: int
    offset: int
    next_offset: int | None


class Entity(BaseModel):
    type: str  # "person" for now: every resolved speaker
    id: str
    name: str
    statements: int
    articles: int
    outlets: int


class EntityPage(BaseModel):
    items: list[Entity]
    limit: int
    offset: int
    next_offset: int | None


class SearchHit(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    snippet: str
    score: float


class IngestErrorRow(BaseModel):
    id: int
    origin: str
    stage: str
    reason: str
    at: str


class ErrorPage(BaseModel):
    items: list[IngestErrorRow]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class IngestResult(BaseModel):
    read: int
    added: int
    unchanged: int
    duplicates: int
    errors: int
    warnings: int
    quotes: int
    new_stories: int
    new_storylines: int
    seconds: float
    error_samples: list[str]
    files: list[str] | None = None
    path: str | None = None


class IngestPath(BaseModel):
    path: str
