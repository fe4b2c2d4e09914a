"""Round-trip properties: what goes in as text or JSONL comes out unchanged."""

from __future__ import annotations

import json
import os
import tempfile

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsfold.records import RawDoc, Rejected
from newsfold.sources import iter_sources
from newsfold.sources.decode import normalize_newlines

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)
meta_keys = st.text(max_size=12).filter(lambda k: k not in {"text", "source_id"})


@SETTINGS
@given(st.text(min_size=1))
def test_plain_text_round_trips_with_newlines_normalised(text):
    assume(text.strip() and "\x00" not in text and not text.startswith("\ufeff"))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "article.txt")
        with open(path, "wb") as f:
            f.write(text.encode("utf-8"))
        assert list(iter_sources([path])) == [RawDoc(normalize_newlines(text), path)]


@SETTINGS
@given(
    st.lists(
        st.tuples(st.text(min_size=1).filter(str.strip), st.dictionaries(meta_keys, json_values, max_size=6)),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_jsonl_round_trips_text_and_meta(rows, ascii_only):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "dump.jsonl")
        with open(path, "w", encoding="utf-8", newline="") as f:
            for text, meta in rows:
                f.write(json.dumps({**meta, "text": text}, ensure_ascii=ascii_only) + "\n")
        records = list(iter_sources([path]))

    # A NUL anywhere in a row is binary data, not an article: that row is a recorded rejection.
    assert len(records) == len(rows)
    for number, ((text, meta), record) in enumerate(zip(rows, records), start=1):
        if _has_nul({**meta, "text": text}):
            assert isinstance(record, Rejected) and "NUL" in record.reason, record
            continue
        renamed = {("source_id" if k == "id" else k): v for k, v in meta.items()}
        assert record == RawDoc(normalize_newlines(text), f"{path}:{number}", renamed)


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False
