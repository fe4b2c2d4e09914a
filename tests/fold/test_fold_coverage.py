import json

from helpers import BUDGET, QUAKE_A, QUAKE_B, write

from newsfold.run import ingest
from newsfold.store import open_store
from newsfold.store import views


def test_coverage_tells_wire_copies_unique_facts_and_related(tmp_path):
    rows = [
        {"id": "d1", "text": QUAKE_A + "\nThe navy evacuated three fishing villages on a nearby island before dawn.\n",
         "outlet": "Example Daily"},  # a newspaper running Reuters copy
        {"id": "d2", "text": QUAKE_B},
        {"id": "d3", "text": BUDGET},
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with open_store(tmp_path / "c.db") as store:
        ingest([str(tmp_path / "in.jsonl")], store)
        quake = next(s for s in views.stories(store) if s["articles"] == 2)
        cov = views.coverage(store, quake["id"])
        by_outlet = {o["outlet"]: o for o in cov["outlets"]}
        assert by_outlet["Example Daily"]["wire_copy"] and by_outlet["Example Daily"]["wire"] == "Reuters"
        assert not by_outlet["AP"]["wire_copy"]  # the agency's own copy is original reporting
        assert any("fishing villages" in s for s in by_outlet["Example Daily"]["only_here"])
        assert not any("tsunami warning" in s.lower() for s in by_outlet["AP"]["only_here"])  # both told it
        assert cov["same_statements"] and cov["same_statements"][0][0]["speaker"] == "Carla Vidal"
        related = views.related_stories(store, quake["id"])
        assert [r["title"] for r in related] == ["Dutch parliament approves budget after marathon debate"]
        top = views.top_stories(store)
        assert top[0]["id"] == quake["id"]  # two outlets beat one
