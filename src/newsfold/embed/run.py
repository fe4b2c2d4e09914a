"""``embed_store``: give every original article of a store its vector, incrementally.

Articles without a vector of the embedder's model are read in ingest order, a batch at a
time; the model runs outside any transaction (it is the slow part, and readers and an
ingest must not wait for it) and each batch's vectors are then written in one transaction.
A run stopped half-way keeps the batches it wrote, and the next run starts after them; a
second run on an unchanged store embeds nothing. Copies (``duplicate_of``) are skipped:
their original's vector stands for them.

An article the model fails on is recorded in the store's error table (stage ``embed``) and
the run goes on; it is tried again on the next run.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import UsageError
from ..store import Store
from .model import Embedder, EmbedUnavailable, default_embedder, unit_rows
from .texts import chunk_passages, lead_passage

TEXTS = ("lead", "chunks")
log = logging.getLogger("newsfold.embed")


@dataclass(frozen=True, slots=True)
class EmbedOptions:
    batch_size: int = 64  # articles per model call and per transaction
    text: str = "lead"  # what is embedded (texts.py); bench/embed_choice.py measured the choice
    limit: int | None = None  # at most this many articles in this run


@dataclass(slots=True)
class EmbedSummary:
    model: str
    embedded: int = 0
    errors: int = 0
    seconds: float = 0.0
    error_samples: list[str] | None = None


def embed_store(store: Store, embedder: Embedder | None = None, opts: EmbedOptions = EmbedOptions(),
                progress: Callable[[EmbedSummary], None] | None = None) -> EmbedSummary:
    """Embed the originals of ``store`` that have no vector of ``embedder``'s model yet."""
    if opts.text not in TEXTS:
        raise UsageError(f"text must be one of {', '.join(TEXTS)}")
    if opts.batch_size < 1:
        raise UsageError("batch_size must be at least 1")
    embedder = embedder or default_embedder()
    if hasattr(embedder, "load"):
        embedder.load()  # a missing model stops the run here, rather than failing every article
    summary = EmbedSummary(embedder.name, error_samples=[])
    started = time.monotonic()
    after = 0
    while opts.limit is None or summary.embedded + summary.errors < opts.limit:
        size = opts.batch_size if opts.limit is None else min(opts.batch_size, opts.limit - summary.embedded - summary.errors)
        rows = store.articles_to_embed(embedder.name, after, size)
        if not rows:
            break
        after = rows[-1]["seq"]
        vectors, failed = encode_articles(embedder, [_passages(r, opts.text) for r in rows])
        with store.transaction():
            store.add_vectors(embedder.name, embedder.dim, [
                (r["id"], v.astype("<f4").tobytes()) for r, v in zip(rows, vectors) if v is not None])
            for i, reason in failed.items():
                store.add_error(rows[i]["origin"], "embed", f"article {rows[i]['id']}: {reason}")
                if len(summary.error_samples) < 5:
                    summary.error_samples.append(f"{rows[i]['origin']}: {reason}")
        summary.embedded += len(rows) - len(failed)
        summary.errors += len(failed)
        summary.seconds = time.monotonic() - started
        if progress:
            progress(summary)
    summary.seconds = time.monotonic() - started
    return summary


def _passages(row, how: str) -> list[str]:
    paragraphs = [p[0] for p in json.loads(row["paragraphs"])]
    if how == "lead":
        return [lead_passage(row["title"], paragraphs, row["standfirst"])]
    return chunk_passages(row["title"], paragraphs, row["standfirst"])


def encode_articles(embedder: Embedder, passages: list[list[str]]) -> tuple[list[np.ndarray | None], dict[int, str]]:
    """One vector per article (the normalised mean of its passages'), or the reason it has none.

    The whole batch goes to the model at once; if that fails, each article alone, so that one
    bad text costs its own vector only."""
    try:
        return _pool(embedder, passages), {}
    except EmbedUnavailable:
        raise
    except Exception as exc:  # noqa: BLE001 - which article broke it is found below, one at a time
        log.info("a batch of %d failed (%s): embedding its articles one by one", len(passages), exc)
    vectors: list[np.ndarray | None] = []
    failed: dict[int, str] = {}
    for i, one in enumerate(passages):
        try:
            vectors.append(_pool(embedder, [one])[0])
        except Exception as exc:  # noqa: BLE001 - recorded per article, the run goes on
            vectors.append(None)
            failed[i] = f"embedding failed: {type(exc).__name__}: {exc}"
    return vectors, failed


def _pool(embedder: Embedder, passages: list[list[str]]) -> list[np.ndarray]:
    flat = [p for group in passages for p in group]
    encoded = np.asarray(embedder.encode(flat), dtype=np.float32)
    if encoded.shape != (len(flat), embedder.dim) or not np.isfinite(encoded).all():
        raise ValueError(f"the model returned {encoded.shape} (or non-finite values), not ({len(flat)}, {embedder.dim})")
    out, start = [], 0
    for group in passages:
        out.append(encoded[start : start + len(group)].mean(axis=0))
        start += len(group)
    return list(unit_rows(np.stack(out)))
