"""Clusters of copies: union-find whose root is always the cluster's earliest member.

A copy is joined to the article it copies; ``find`` of any member names the
original of the whole cluster, however the copies chain (a copy of a copy),
and never depends on the order in which the links were made.
"""

from __future__ import annotations


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.seq: dict[str, int] = {}  # arrival order: the smaller one is the cluster's root

    def __contains__(self, item: str) -> bool:
        return item in self.parent

    def __len__(self) -> int:
        return len(self.parent)

    def add(self, item: str) -> None:
        if item not in self.parent:
            self.parent[item] = item
            self.seq[item] = len(self.seq)

    def find(self, item: str) -> str:
        self.add(item)
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]  # path halving keeps chains short
            item = parent[item]
        return item

    def union(self, a: str, b: str) -> str:
        """Put a and b in one cluster; returns its root (the earlier of the two roots)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.seq[rb] < self.seq[ra]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return ra

    def clusters(self) -> dict[str, list[str]]:
        """Root -> members in arrival order, for clusters of two or more."""
        out: dict[str, list[str]] = {}
        for item in self.seq:
            out.setdefault(self.find(item), []).append(item)
        return {root: members for root, members in out.items() if len(members) > 1}
