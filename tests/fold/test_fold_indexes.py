"""The fold's lookup structures give exactly what a plain walk over everything gives (invented data).

``QuotesBySpeaker`` lets statement matching skip quotes of other speakers, and ``VectorIndex``
scores with array postings; neither may change a pair, an order or a score's last bit, since
folding decisions sit on thresholds.
"""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfold.fold.features import VectorIndex
from newsfold.fold.statements import QuotesBySpeaker, matching_statements, same_speaker, same_statement
from newsfold.records import Quote

SPEAKERS = [None, "Anna Berg", "Berg", "Dr. Anna Berg", "Uma Berg", "A. Berg", "Jonas Lind", "Lind", "the minister"]
IDS = [None, None, "anna-berg", "jonas-lind"]
TEXTS = [
    "The harbour was never safe for ferries of that size, and everyone here knew it",
    "never safe for ferries",
    "We will not raise the fuel tax this year, whatever the deficit says",
    "There will be no rise in the fuel tax this year despite the deficit",
    "Rescue teams worked through the night at the collapsed block near the harbour",
    "The budget adds 300 million for schools and 40 million for roads",
]


def every_pair(qa, qb):
    """The definition: every quote of one side against every quote of the other."""
    pairs = []
    for x in qa:
        for y in qb:
            if same_speaker(x.speaker, y.speaker, x.speaker_id, y.speaker_id):
                score = same_statement(x, y)
                if score > 0:
                    pairs.append((x, y, round(score, 3)))
    return pairs


quotes = st.lists(st.builds(
    lambda text, speaker, sid, kind: Quote("a", text, kind, speaker, None, "said", 0, 0, len(text), speaker_id=sid),
    st.sampled_from(TEXTS), st.sampled_from(SPEAKERS), st.sampled_from(IDS),
    st.sampled_from(["direct", "partial", "indirect"])), max_size=12)


@settings(max_examples=150, deadline=None)
@given(quotes, quotes)
def test_matching_by_speaker_finds_the_pairs_of_the_full_comparison_in_its_order(qa, qb):
    expected = every_pair(qa, qb)
    assert matching_statements(qa, qb) == expected
    assert matching_statements(QuotesBySpeaker(qa), QuotesBySpeaker(qb)) == expected


def test_a_store_speaker_id_links_quotes_whose_names_differ():
    a = Quote("a", TEXTS[2], "direct", "the minister", None, "said", 0, 0, 10, speaker_id="anna-berg")
    b = Quote("b", TEXTS[3], "direct", "Anna Berg", None, "said", 0, 0, 10, speaker_id="anna-berg")
    assert matching_statements([a], QuotesBySpeaker([b])) == every_pair([a], [b]) != []


class WalkIndex:
    """The one-by-one posting walk the array index replaced."""

    def __init__(self):
        self.vectors, self.postings = {}, {}

    def put(self, key, vec):
        for t in self.vectors.get(key, {}).keys() - vec.keys():
            del self.postings[t][key]
        self.vectors[key] = vec
        for t, w in vec.items():
            self.postings.setdefault(t, {})[key] = w

    def remove(self, key):
        for t in self.vectors.pop(key, {}):
            del self.postings[t][key]

    def cosines(self, vec):
        scores = {}
        for t, w in vec.items():
            for key, kw in self.postings.get(t, {}).items():
                scores[key] = scores.get(key, 0.0) + w * kw
        return scores


def test_array_postings_score_exactly_as_the_walk_through_puts_updates_and_removals():
    rng = random.Random(7)
    terms = [f"t{i}" for i in range(300)]

    def vector():
        return {t: rng.random() for t in rng.sample(terms, rng.randint(0, 60))}

    first = [(f"k{i}", vector()) for i in range(40)]
    walk, index = WalkIndex(), VectorIndex()
    for key, vec in first:
        walk.put(key, vec)
    index.put_many(first)
    keys = [f"k{i}" for i in range(80)]
    for _ in range(1500):
        roll, key = rng.random(), rng.choice(keys)
        if roll < 0.5:
            vec = vector()
            walk.put(key, vec)
            index.put(key, vec)
        elif roll < 0.65:
            walk.remove(key)
            index.remove(key)
        else:
            query, floor = vector(), rng.random()
            assert index.cosines(query) == walk.cosines(query)  # dict equality: every score to the last bit
            assert index.near(query, floor) == {k: s for k, s in walk.cosines(query).items() if s >= floor}
    assert {t: dict(p) for t, p in index.postings.items()} == {t: p for t, p in walk.postings.items() if p}


def test_a_removed_entry_scores_nothing_and_its_slot_is_reused():
    index = VectorIndex()
    index.put("quake", {"valparaiso": 0.8, "rubbl": 0.6})
    index.put("budget", {"tax": 1.0})
    index.remove("quake")
    assert index.cosines({"valparaiso": 1.0}) == {}
    assert not index.postings.get("valparaiso")
    index.put("ferry", {"harbour": 1.0})
    assert index.cosines({"harbour": 0.5, "tax": 0.5}) == {"ferry": 0.5, "budget": 0.5}


def test_active_stories_are_loaded_with_each_storys_quotes_in_stored_order(tmp_path):
    from helpers import BUDGET, QUAKE_A, QUAKE_B, write

    from newsfold.fold import StoreDocFreq, _load_active
    from newsfold.run import ingest
    from newsfold.store import open_store
    from newsfold.store.rows import row_to_quote

    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate([QUAKE_A, QUAKE_B, BUDGET]):
        write(folder, f"{i}.txt", text)
    with open_store(tmp_path / "s.db") as store:
        ingest([str(folder)], store)
        index = _load_active(store, StoreDocFreq(store))  # all quotes in one query, grouped by story
        ids = [r["id"] for r in store.active_stories()]
        assert sorted(index.stories) == sorted(ids) and len(ids) == 2
        for sid in ids:
            assert index[sid].quotes == [row_to_quote(r) for r in store.story_quotes(sid)]
        assert any(index[sid].quotes for sid in ids)
