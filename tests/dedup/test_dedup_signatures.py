"""Signatures: what they estimate, how they are stored, and that stored ones stay comparable."""

import hashlib

import numpy as np
import pytest
from dedupkit import BODY, art, words

from newsfold.dedup import SCHEME, from_bytes, sign_texts, signature, to_bytes
from newsfold.dedup.bands import lsh_params


def shingle_jaccard(a, b, n=5):
    sa = {tuple(a[i:i + n]) for i in range(len(a) - n + 1)}
    sb = {tuple(b[i:i + n]) for i in range(len(b) - n + 1)}
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("size", [40, 120, 600])
def test_estimates_follow_the_true_jaccard(size):
    base = words(size, 7)
    errors = []
    for keep in (1.0, 0.9, 0.75, 0.5, 0.25):
        cut = int(size * keep)
        other = base[:cut] + words(size - cut, 8)
        sa, sb = sign_texts([" ".join(base), " ".join(other)])
        errors.append(abs(sa.jaccard(sb) - shingle_jaccard(base, other)))
    assert max(errors) < 0.15 and np.mean(errors) < 0.08


def test_case_punctuation_and_spacing_do_not_change_a_signature():
    a, b = sign_texts(["The Mayor said: 'No.'  Then left,", "the mayor said no then LEFT"])
    assert np.array_equal(a.values, b.values) and a.key == b.key


def test_words_never_run_across_two_texts_of_a_batch():
    together = sign_texts(["alpha beta gamma", "delta epsilon"])
    apart = [sign_texts(["alpha beta gamma"])[0], sign_texts(["delta epsilon"])[0]]
    assert all(np.array_equal(x.values, y.values) for x, y in zip(together, apart))


def test_bytes_round_trip_and_carry_the_scheme():
    m = signature(art("a", BODY))
    data = to_bytes(m)
    assert data.startswith(SCHEME.encode() + b":")
    back = from_bytes(data)
    assert back.jaccard(m) == 1.0 and back.bands == m.bands


def test_signatures_and_exact_keys_are_pinned_because_stores_keep_them():
    # A change of tokenisation, hashing or densification makes stored signatures (or body keys)
    # incomparable with new ones: it needs a new scheme name, not a silent edit.
    sig = sign_texts(["Strong earthquake shakes coastal Chile, killing at least 12 people in Valparaiso"])[0]
    assert hashlib.sha256(to_bytes(sig)).hexdigest()[:16] == PINNED
    assert sig.key == PINNED_KEY


def test_banding_matches_datasketch_layout_rules():
    from datasketch.lsh import _optimal_param

    for threshold in (0.5, 0.8, 0.9):
        assert lsh_params(threshold, 128) == _optimal_param(threshold, 128, 0.1, 0.9)
        assert lsh_params(threshold, 128, fn_weight=0.5) == _optimal_param(threshold, 128, 0.5, 0.5)


PINNED = "8b77c867da0ac760"
PINNED_KEY = "fb8ec105f99abbe0d05cd5ed45af3fcd"
