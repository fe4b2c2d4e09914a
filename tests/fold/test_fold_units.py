from dataclasses import replace

from helpers import BUDGET, QUAKE_A, QUAKE_B

from newsfold.clean import clean
from newsfold.fold.features import background_idf, features
from newsfold.fold.statements import matching_statements, statement_overlap
from newsfold.fold.stories import FoldOptions, StoryIndex, assign
from newsfold.fold.storylines import StorylineIndex, link_story
from newsfold.records import Quote, RawDoc


def art(text, published=None, name="x"):
    a = clean(RawDoc(text, name))
    return replace(a, published=published, id=name * 4)


def q(text, speaker, kind="direct"):
    return Quote("a", text, kind, speaker, None, "said", 0, 0, len(text))


def test_background_idf_prefers_rare_words():
    assert background_idf("said") < background_idf("earthquake") < background_idf("valparaiso")


def test_same_statement_needs_same_speaker_and_shared_content():
    a = q("We are still searching for people under the rubble of the collapsed buildings", "Carla Vidal")
    b = q("Rescuers are still searching under the rubble of collapsed buildings for people", "Vidal")
    c = q("This budget keeps our finances healthy while protecting pensioners", "Carla Vidal")
    assert statement_overlap(a.text, b.text) > 0.5
    assert len(matching_statements([a], [b])) == 1
    assert matching_statements([a], [replace(b, speaker="Pieter de Groot")]) == []
    assert matching_statements([a], [c]) == []


def test_online_assignment_joins_same_event_and_explains():
    index = StoryIndex()
    first = art(QUAKE_A, name="a")
    d1 = assign(first, features(first), [], index, 1)
    second = art(QUAKE_B, name="b")
    d2 = assign(second, features(second), [], index, 2)
    third = art(BUDGET, name="c")
    d3 = assign(third, features(third), [], index, 3)
    assert d1.new and not d2.new and d3.new
    assert d2.story_id == d1.story_id == "s-" + first.id[:12]
    assert "valparaiso" in d2.membership.shared_terms or "rubbl" in d2.membership.shared_terms


def test_time_decay_keeps_far_apart_reports_apart():
    index = StoryIndex()
    a = art(QUAKE_A, published="2020-01-01", name="a")
    b = art(QUAKE_B, published="2023-01-01", name="b")
    assign(a, features(a), [], index, 1)
    d = assign(b, features(b), [], index, 2, FoldOptions(half_life_days=30))
    assert d.new


def test_retired_stories_take_no_new_members():
    index = StoryIndex()
    for i, text in enumerate([QUAKE_A, BUDGET]):
        a = art(text, name=str(i))
        assign(a, features(a), [], index, i, FoldOptions(max_active=1))
    assert len(index) == 1 and not index.postings.get("valparaiso")  # the quake story was retired
    b = art(QUAKE_B, name="b")
    assert assign(b, features(b), [], index, 9, FoldOptions(max_active=1)).new


def test_storylines_link_on_subject_and_speaker():
    lines = StorylineIndex()
    terms = features(art(QUAKE_A, name="a")).terms
    first = link_story("s-1", "Quake", terms, {"Carla Vidal"}, lines)
    second = link_story("s-2", "Quake aftermath", features(art(QUAKE_B, name="b")).terms, {"Carla Vidal"}, lines)
    third = link_story("s-3", "Budget", features(art(BUDGET, name="c")).terms, {"Pieter de Groot"}, lines)
    assert first.new and not second.new and third.new
    assert any("Carla Vidal" in w for w in second.why)


def test_stemming_is_safe_from_many_threads():
    """The API serves pages from a thread pool; a shared Snowball stemmer raised IndexError there."""
    import random
    import string
    import threading

    from newsfold.fold.features import stem

    words = ["".join(random.Random(i).choices(string.ascii_lowercase, k=8)) + "ations" for i in range(16_000)]
    expected = {w: stem.__wrapped__(w) for w in words[:200]}
    failures: list[BaseException] = []

    def work(part: list[str]) -> None:
        try:
            for w in part:
                got = stem.__wrapped__(w)
                if w in expected and got != expected[w]:
                    raise AssertionError(f"{w}: {got} != {expected[w]}")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(words[i::8],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[:3]
