"""What an ingest run is told (``IngestOptions``) and what it reports (``IngestSummary``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..clean import CleanOptions
from ..dedup import DedupOptions
from ..fold import FoldOptions, FoldSummary
from ..errors import UsageError
from ..sources import SourceOptions
from ..understand import QuoteOptions


@dataclass(frozen=True, slots=True)
class IngestOptions:
    sources: SourceOptions = SourceOptions()
    clean: CleanOptions = CleanOptions()
    dedup: DedupOptions = DedupOptions()
    fold: FoldOptions = FoldOptions()
    batch_size: int = 200
    # Longer is not one news article (long-form pieces run to ~150,000 characters), and the
    # per-article stages cost time in proportion: quote attribution alone takes seconds per
    # 100,000 characters, so a 10 MB one-line "article" would hold a run up for minutes.
    max_article_chars: int = 500_000
    repeat_min_docs: int = 3  # a line on this many pages of a site is site furniture
    understand: bool = True  # extract quotes and speakers (off: the fast path of cleaning and folding only)
    quotes: QuoteOptions = QuoteOptions()
    do_fold: bool = True
    # Processes for the per-article stages (clean, signatures, quotes, term weights) of the local
    # executor: 1 runs them in this process; N > 1 in a pool of N worker processes, while this
    # one reads, decides copies, stores and folds, in input order (same output either way).
    workers: int = 1

    def check(self) -> None:
        """Raise :class:`UsageError` for what cannot run here, before any document is read."""
        if self.workers < 1:
            raise UsageError(f"workers must be at least 1, not {self.workers}")
        if self.understand and self.quotes.learned:
            from ..understand import tagger

            tagger.require(self.quotes.tagger)


@dataclass(slots=True)
class IngestSummary:
    read: int = 0
    added: int = 0
    unchanged: int = 0
    duplicates: int = 0
    errors: int = 0
    warnings: int = 0  # kept, but with a note (e.g. text decoded from a guessed encoding)
    quotes: int = 0
    seconds: float = 0.0
    fold: FoldSummary | None = None
    error_samples: list[str] = field(default_factory=list)
    # Progress: how far into the input. The items taken from the sources so far (ahead of ``read``
    # while batches are out on workers), and the origin of the latest.
    taken: int = 0
    origin: str = ""
