"""newsfold: fold piles of news articles into stories, storylines and who said what.

The public API is exactly the names in ``__all__``::

    import newsfold
    with newsfold.open_store("news.db") as store:
        summary = newsfold.ingest(["scrapes/"], store)
        for record in newsfold.export_records(store):
            ...

Stages are plain functions over typed records (``clean``, ``extract_quotes``)
and can be used on their own. Every error newsfold raises on purpose is a
``NewsfoldError``.
"""

from .clean import CleanOptions, clean
from .errors import NewsfoldError, NotFound, SourceError, StoreError, UsageError
from .fold import FoldOptions, fold_store
from .records import Article, Quote, RawDoc, Rejected, Story, Storyline
from .run import IngestOptions, IngestSummary, ingest
from .sources import SourceOptions, iter_sources
from .store import SQLiteStore, open_store
from .store.views import export_records
from .understand import extract_quotes

__all__ = [
    "Article", "CleanOptions", "FoldOptions", "IngestOptions", "IngestSummary", "NewsfoldError", "NotFound",
    "Quote", "RawDoc", "Rejected", "SQLiteStore", "SourceError", "SourceOptions", "StoreError", "Story",
    "Storyline", "UsageError", "clean", "export_records", "extract_quotes", "fold_store", "ingest",
    "iter_sources", "open_store",
]
