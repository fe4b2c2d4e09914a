"""The compact band table (sorted arrays plus a dict of the newest keys) answers as a plain dict of lists,
and forgets the originals that left the index's window."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.dedup.bands import BandIndex

keys = st.lists(st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=2**64 - 1),
                min_size=1, max_size=14)


@settings(max_examples=80, deadline=None)
@given(inserts=st.lists(keys, max_size=60), queries=st.lists(keys, min_size=1, max_size=10),
       merge_at=st.sampled_from([1, 3, 16, 1 << 16]), window=st.sampled_from([None, 1, 4, 25]))
def test_candidates_are_those_of_a_dict_of_lists_within_the_window(inserts, queries, merge_at, window):
    index = BandIndex()
    index.MERGE_AT = merge_at  # small: most keys have gone through a merge into the arrays
    plain: dict[int, list[int]] = {}
    oldest = 0
    for n, item_keys in enumerate(inserts):
        oldest = max(0, n + 1 - window) if window else 0
        index.insert(n, item_keys, oldest)
        for key in item_keys:
            plain.setdefault(key, []).append(n)
        if window:  # evicted entries do not pile up: at most a window's keys plus what awaits a merge
            assert len(index) <= window * 14 + merge_at
    for query in queries:
        want = list(dict.fromkeys(n for key in query for n in plain.get(key, []) if n >= oldest))
        assert index.candidates(query, oldest) == want  # each once, first band first, then insertion order
