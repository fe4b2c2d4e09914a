"""The compact band table (sorted arrays plus a dict of the newest keys) answers as a plain dict of lists."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.dedup.bands import BandIndex

keys = st.lists(st.integers(min_value=0, max_value=40) | st.integers(min_value=0, max_value=2**64 - 1),
                min_size=1, max_size=14)


@settings(max_examples=60, deadline=None)
@given(inserts=st.lists(keys, max_size=60), queries=st.lists(keys, min_size=1, max_size=10),
       merge_at=st.sampled_from([1, 3, 16, 1 << 16]))
def test_candidates_are_those_of_a_dict_of_lists(inserts, queries, merge_at):
    index = BandIndex()
    index.MERGE_AT = merge_at  # small: most keys have gone through a merge into the arrays
    plain: dict[int, list[str]] = {}
    for n, item_keys in enumerate(inserts):
        index.insert(f"a{n}", item_keys)
        for key in item_keys:
            plain.setdefault(key, []).append(f"a{n}")
    for query in queries:
        want = list(dict.fromkeys(item for key in query for item in plain.get(key, [])))
        assert index.candidates(query) == want  # each once, first band first, then insertion order
