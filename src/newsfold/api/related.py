"""Related stories at archive size: every story's term profile held in memory as a sparse matrix.

``store.views.related_stories`` (what ``newsfold story`` prints) reads and weighs the profile of
every story for each call: about 0.35 ms per story, so seconds once an archive holds tens of
thousands of stories. This gives the same answer (the same profiles, the same cosine, the
same order: the story's own storyline first, then the closest others) from profiles parsed
once and kept as rows of a CSR matrix, scored for a story in one vectorised pass.

Staying current costs little: the store logs every story write in ``story_changes``
(migration ``0005_story_changes``, a trigger on ``stories``), and ``refresh`` re-reads only
the stories logged since it last looked. The log position is read before the stories, so
a write landing in between is read again next time, never missed.
"""

from __future__ import annotations

import json
import threading
from typing import Any

import numpy as np

from ..fold.features import weighted
from ..store import Store
from ..store.rows import select_in

_PAGE = 2000


class StoryProfiles:
    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # story -> (term ids, weights), unit length
        self.last_change: int | None = None  # position in story_changes; None: nothing loaded yet
        self._matrix: tuple | None = None  # (stories, their row numbers, indptr, indices, data)
        self._lock = threading.Lock()

    def refresh(self, store: Store) -> StoryProfiles:
        with self._lock:
            top = store.db.execute("SELECT coalesce(max(seq), 0) FROM story_changes").fetchone()[0]
            if self.last_change is None:
                self._load_all(store)
            elif top > self.last_change:
                changed = [r[0] for r in store.db.execute(
                    "SELECT DISTINCT story_id FROM story_changes WHERE seq > ? AND seq <= ?", (self.last_change, top))]
                found = {r["id"]: r["state"] for r in select_in(
                    store.db, "SELECT id, state FROM stories WHERE id IN ({marks})", (), changed)}
                for sid in changed:
                    if sid in found:
                        self._put(sid, found[sid])
                    else:
                        self.rows.pop(sid, None)
                self._matrix = None
            self.last_change = top
        return self

    def _load_all(self, store: Store) -> None:
        last = ""
        while rows := store.db.execute(
                "SELECT id, state FROM stories WHERE id > ? ORDER BY id LIMIT ?", (last, _PAGE)).fetchall():
            for r in rows:
                self._put(r["id"], r["state"])
            last = rows[-1]["id"]
        self._matrix = None

    def _put(self, sid: str, state_json: str) -> None:
        # The profile of views.related_stories: summed member weights over size, positive terms,
        # unit length (weighted() with no corpus counts only normalises).
        state = json.loads(state_json)
        size = max(state.get("size", 1), 1)
        vec = weighted({t: w / size for t, w in state.get("terms", {}).items()}, {}, 0)
        ids = np.fromiter((self.vocab.setdefault(t, len(self.vocab)) for t in vec), dtype=np.int32, count=len(vec))
        self.rows[sid] = (ids, np.fromiter(vec.values(), dtype=np.float32, count=len(vec)))

    def _csr(self) -> tuple:
        if self._matrix is None:
            order = list(self.rows)
            parts = [self.rows[s] for s in order]
            lengths = np.fromiter((len(p[0]) for p in parts), dtype=np.int64, count=len(parts))
            indptr = np.zeros(len(parts) + 1, dtype=np.int64)
            np.cumsum(lengths, out=indptr[1:])
            indices = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int32)
            data = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.float32)
            self._matrix = (order, {s: i for i, s in enumerate(order)}, indptr, indices, data)
        return self._matrix

    def related(self, sid: str, same_line: set[str], k: int = 5) -> list[tuple[str, float, bool]]:
        """(story, cosine, same storyline) of the ``k`` related stories: those of the story's own
        storyline first, then the others, each part by decreasing cosine; cosine 0 is never related."""
        with self._lock:
            order, position, indptr, indices, data = self._csr()
            target = self.rows.get(sid)
        if target is None or not order:
            return []
        query = np.zeros(len(self.vocab), dtype=np.float32)
        query[target[0]] = target[1]
        products = query[indices] * data
        scores = np.zeros(len(order), dtype=np.float32)
        nonempty = indptr[:-1] < indptr[1:]
        if products.size:
            scores[nonempty] = np.add.reduceat(products, indptr[:-1][nonempty])
        scores[position[sid]] = 0.0
        line_rows = [position[s] for s in same_line if s in position and scores[position[s]] > 0]
        picked = sorted(line_rows, key=lambda i: (-scores[i], i))[:k]
        if len(picked) < k:
            rest = scores.copy()
            rest[line_rows] = 0.0
            want = min(k - len(picked), int((rest > 0).sum()))
            if want:
                top = np.argpartition(-rest, want - 1)[:want]
                picked += sorted(top.tolist(), key=lambda i: (-rest[i], i))
        return [(order[i], float(scores[i]), order[i] in same_line) for i in picked]


def related_stories(store: Store, profiles: StoryProfiles, sid: str, k: int = 5) -> list[dict[str, Any]]:
    """``views.related_stories`` answered from ``profiles`` (refreshed by the caller)."""
    line = store.db.execute("SELECT storyline_id FROM storyline_members WHERE story_id = ?", (sid,)).fetchone()
    same_line = {r[0] for r in store.db.execute(
        "SELECT story_id FROM storyline_members WHERE storyline_id = ?", (line[0] if line else "",))}
    ranked = profiles.related(sid, same_line, k)
    titles = {r[0]: r[1] for r in select_in(store.db, "SELECT id, title FROM stories WHERE id IN ({marks})", (),
                                            [s for s, _, _ in ranked])}
    return [{"id": s, "title": titles[s], "similarity": round(sim, 4), "same_storyline": same}
            for s, sim, same in ranked if s in titles]
