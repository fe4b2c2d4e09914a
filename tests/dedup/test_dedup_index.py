"""The near-duplicate decision: exact copies, near copies, stores of both signature schemes."""

import numpy as np
from dedupkit import BODY, OTHER, art, words

from newsfold.dedup import DedupOptions, DuplicateIndex, body_key, sign_articles, signature, to_bytes
from newsfold.dedup.legacy import legacy_signature


def test_exact_copy_after_normalisation():
    idx = DuplicateIndex()
    a = art("a", BODY)
    idx.add(a, signature(a))
    b = art("b", [p.upper() + "  " for p in BODY])  # case and spacing differ
    assert idx.find(b, signature(b)) == "a"
    assert body_key(a) == body_key(b) != body_key(art("c", BODY[:-1]))


def test_near_copy_with_changed_lead_but_not_a_different_story():
    idx = DuplicateIndex()
    a = art("a", BODY)
    idx.add(a, signature(a))
    near = art("b", ["A new lead paragraph written by another desk."] + BODY[1:])
    assert idx.find(near, signature(near)) == "a"
    other = art("c", OTHER)
    assert idx.find(other, signature(other)) is None


def test_short_bodies_are_copies_only_when_they_are_close():
    # Fewer shingles than bins: empty bins are densified; the estimate must still separate these.
    base = words(30, 1)
    idx = DuplicateIndex()
    a = art("a", [" ".join(base)])
    idx.add(a, signature(a))
    one_word_changed_at_the_end = art("b", [" ".join(base[:-1] + ["zzz"])])  # Jaccard 25/27
    half_changed = art("c", [" ".join(base[:15] + words(15, 2))])
    assert idx.find(one_word_changed_at_the_end, signature(one_word_changed_at_the_end)) == "a"
    assert idx.find(half_changed, signature(half_changed)) is None


def test_the_most_similar_original_wins_and_a_copy_is_not_indexed():
    base = words(300, 3)
    early = art("early", [" ".join(words(25, 4) + base[25:])])  # Jaccard 0.84 with the copy below
    late = art("late", [" ".join(base[:285] + words(15, 5))])  # 0.90 with it; 0.76 with `early`
    idx = DuplicateIndex()
    for a in (early, late):
        assert idx.find(a, signature(a)) is None
        idx.add(a, signature(a))
    copy = art("copy", [" ".join(base)])
    assert idx.find(copy, signature(copy)) == "late"
    idx.add(art("copy", [" ".join(base)], duplicate_of="late"), signature(copy))
    assert len(idx) == 2  # a copy names its original; the original stays what later copies find
    assert idx.find(art("again", [" ".join(base)]), signature(copy)) == "late"


def test_batch_and_one_by_one_signatures_are_the_same():
    arts = [art("a", BODY), art("b", OTHER), art("e", []), art("s", ["Two words"]), art("c", ["東京都は 今日 晴れ"])]
    together = sign_articles(arts)
    for a, sig in zip(arts, together):
        alone = signature(a)
        assert np.array_equal(sig.values, alone.values)
        assert (sig.key, sig.bands) == (alone.key, alone.bands)


def test_texts_without_words_and_odd_characters_do_not_crash():
    bodies = [[], ["— … !!"], ["\ud800 lone surrogate"], ["emoji 😀😀 and 𠀀𠀁 rare han"]]
    sigs = sign_articles([art(str(i), b) for i, b in enumerate(bodies)])
    assert sigs[0].empty and sigs[1].empty and not sigs[3].empty
    idx = DuplicateIndex()
    for i, (b, sig) in enumerate(zip(bodies, sigs)):
        a = art(str(i), b)
        if idx.find(a, sig) is None:
            idx.add(a, sig)
    assert idx.find(art("x", ["— … !!"]), sigs[1]) == "0"  # no words at all: the same (empty) body


def test_chinese_near_copy_is_found_by_character_shingles():
    text = ("国家统计局今天发布数据显示今年前三季度国内生产总值同比增长百分之五点二"
            "其中第三季度增长百分之四点九消费对经济增长的贡献率继续提高")
    idx = DuplicateIndex()
    a = art("a", [text])
    idx.add(a, signature(a))
    near = art("b", [text[:-2] + "明显"])
    other = art("c", ["北京市政府宣布将在明年春季启动新的地铁线路建设计划预计总投资超过八百亿元并在五年内完成全部工程"])
    assert idx.find(near, signature(near)) == "a"
    assert idx.find(other, signature(other)) is None


def test_a_store_reloaded_from_bytes_decides_as_before():
    opts = DedupOptions()
    first = DuplicateIndex(opts)
    originals = [art("a", BODY), art("b", OTHER)]
    rows = []
    for a in originals:
        sig = signature(a)
        first.add(a, sig)
        rows.append((a.id, to_bytes(sig), body_key(a)))
    reloaded = DuplicateIndex(opts)
    reloaded.load(rows)
    near = art("n", ["A new lead paragraph written by another desk."] + BODY[1:])
    exact = art("x", [p.lower() for p in OTHER])
    for probe in (near, exact):
        assert reloaded.find(probe, signature(probe)) == first.find(probe, signature(probe))
    assert reloaded.find(near, signature(near)) == "a" and reloaded.find(exact, signature(exact)) == "b"


def test_stores_with_first_release_signatures_still_find_copies():
    # Rows as the first releases wrote them: datasketch affine32 values as bare uint64, SHA-256 body keys.
    old = art("old", BODY)
    legacy_bytes = legacy_signature(old).values.astype(np.uint64).tobytes()
    idx = DuplicateIndex()
    idx.load([("old", legacy_bytes, "0123456789abcdef"), ("broken", b"\x00\x01", "fedcba9876543210")])
    near = art("n", ["A new lead paragraph written by another desk."] + BODY[1:])
    assert idx.find(near, signature(near)) == "old"
    assert idx.find(art("o", OTHER), signature(art("o", OTHER))) is None
