"""Near-duplicate search with a bounded window of originals: memory flat in the store's size, and the
decisions a user sees unchanged where it matters (exact copies of any age, near-copies of recent news)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from dedupkit import art, words

from newsfold.dedup import DedupOptions, DuplicateIndex, body_key, sign_articles, signature, to_bytes
from newsfold.errors import UsageError
from newsfold.store import open_store


def original(n):
    return art(f"o{n}", [" ".join(words(200, n))])


def near_copy(n, tag):
    """Another desk's version of original ``n``: its last ten words rewritten (Jaccard ~0.87)."""
    return art(f"n{n}-{tag}", [" ".join(words(200, n)[:190] + words(10, 10_000 + n))])


def exact_copy(n, tag):
    return art(f"x{n}-{tag}", [" ".join(words(200, n)).upper() + "  "])


def stream():
    """Originals, with near and exact copies of recent ones (and a few of old ones) in between."""
    out = []
    for n in range(40):
        out.append(original(n))
        if n % 3 == 2:
            out.append(near_copy(n - 1, "a"))
        if n % 5 == 4:
            out.append(exact_copy(n - 2, "b"))
        if n % 11 == 10:
            out.append(near_copy(n // 4, "old"))
    return out


def decide(stream_, opts):
    """(article, what it copies) along the stream, as ingest decides and records it."""
    idx = DuplicateIndex(opts)
    out = []
    for a, sig in zip(stream_, sign_articles(stream_, opts)):
        found = idx.find(a, sig)
        out.append((a.id, found))
        if found is None:
            idx.add(a, sig)
    return out, idx


def test_a_window_covering_the_stream_decides_as_the_unbounded_index():
    arts = stream()
    unbounded, _ = decide(arts, DedupOptions(window=None))
    covering, _ = decide(arts, DedupOptions(window=len(arts)))
    assert covering == unbounded
    assert sum(found is not None for _, found in unbounded) >= 20  # the stream has copies to find


def test_near_copies_inside_the_window_are_found_and_the_window_stays_bounded():
    arts = stream()
    unbounded, _ = decide(arts, DedupOptions(window=None))
    small, idx = decide(arts, DedupOptions(window=5))
    assert len(idx) == 5  # the five newest originals, whatever the stream's length
    for (article, want), (_, got) in zip(unbounded, small):
        if article.startswith(("n", "x")) and not article.endswith("old"):
            assert got == want is not None  # copies of the last few originals: found as before
    old = {a: found for a, found in small if a.endswith("old")}
    assert old and all(found is None for found in old.values())  # their original left the window
    assert idx.arrived == 40 + len(old)  # so each became an original of its own


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def target(request, tmp_path) -> str:
    """A fresh store of each backend: the exact-key and newest-originals queries run on both."""
    return str(tmp_path / "s.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


def _store_article(store, a, sig):
    store.add_raw(SimpleNamespace(content_id=a.raw_id, text=a.body, meta={}))
    store.add_article(a, body_key(a), to_bytes(sig))


def test_an_exact_copy_of_an_original_long_out_of_the_window_is_found_through_the_store(target):
    opts = DedupOptions(window=3)
    with open_store(target) as store:
        idx = DuplicateIndex(opts)
        idx.load(store.signatures())
        with store.transaction():
            for n in range(10):
                a = original(n)
                sig = signature(a, opts)
                assert idx.find(a, sig) is None
                _store_article(store, a, sig)
                idx.add(a, sig)
        assert len(idx) == 3 and not idx.exact  # exact keys stay in the store
        old_copy, old_near = exact_copy(0, "late"), near_copy(0, "late")
        assert idx.find(old_copy, signature(old_copy, opts)) == "o0"  # any age
        assert idx.find(old_near, signature(old_near, opts)) is None  # out of the window
        recent = near_copy(8, "now")
        assert idx.find(recent, signature(recent, opts)) == "o8"


def test_a_store_reloaded_into_a_window_decides_as_the_uninterrupted_index(target):
    opts = DedupOptions(window=4)
    arts = stream()
    sigs = sign_articles(arts, opts)
    half = len(arts) // 2
    with open_store(target) as store:
        whole = DuplicateIndex(opts)
        whole.load(store.signatures())
        first, later = [], []
        with store.transaction():
            for a, sig in zip(arts[:half], sigs[:half]):
                found = whole.find(a, sig)
                first.append(found)
                if found is None:
                    _store_article(store, a, sig)
                    whole.add(a, sig)
            resumed = DuplicateIndex(opts)
            resumed.load(store.signatures())
            assert _window(resumed) == _window(whole) and len(whole) == 4
            for a, sig in zip(arts[half:], sigs[half:]):
                got, want = resumed.find(a, sig), whole.find(a, sig)
                later.append((a.id, got, want))
                if want is None:
                    _store_article(store, a, sig)
                    whole.add(a, sig)
                    resumed.add(a, sig)
        assert all(got == want for _, got, want in later)
        assert any(want is not None for _, _, want in later)


def _window(idx):
    """IDs of the originals in the window, oldest first."""
    return [idx.ids[idx._slot(n)] for n in range(idx.oldest, idx.arrived)]


def test_no_window_keeps_every_original():
    arts = [original(n) for n in range(6)]
    _, idx = decide(arts, DedupOptions(window=None))
    assert len(idx) == 6
    late = near_copy(0, "late")
    assert idx.find(late, signature(late)) == "o0"


def test_a_window_of_no_originals_is_refused_with_a_message():
    with pytest.raises(UsageError, match="window must be at least 1"):
        DedupOptions(window=0)
