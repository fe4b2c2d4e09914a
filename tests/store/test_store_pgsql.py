"""The SQLite-to-PostgreSQL statement translation and the sqlite3.Row-like rows (no server needed)."""

from __future__ import annotations

import pytest

pgsql = pytest.importorskip("newsfold.store.pgsql", reason="psycopg not installed: pip install -e '.[postgres]'")


def sql(text: str) -> str:
    return " ".join(pgsql.translate(text).sql.split())


def test_placeholders_and_percent_signs():
    assert sql("SELECT * FROM t WHERE a = ? AND b = '% %' AND c = '?'") == (
        "SELECT * FROM t WHERE a = %s AND b = '%% %%' AND c = '?'")  # a ? inside a literal stays text
    assert sql("SELECT a % 2 FROM t -- 50% done?") == "SELECT a %% 2 FROM t"


def test_like_ignores_case_and_has_no_default_escape():
    assert sql("SELECT 1 FROM t WHERE a LIKE ? AND b LIKE 'x\\%' AND c NOT LIKE ? ESCAPE '\\'") == (
        "SELECT 1 FROM t WHERE a ILIKE %s ESCAPE '' AND b ILIKE 'x\\%%' ESCAPE '' AND c NOT ILIKE %s ESCAPE '\\'")
    assert sql("SELECT 1 FROM t WHERE a LIKE ? || '%'") == "SELECT 1 FROM t WHERE a ILIKE %s || '%%'"


def test_insert_or_ignore_and_or_replace():
    assert sql("INSERT OR IGNORE INTO speakers VALUES (?, ?, ?);") == (
        "INSERT INTO speakers VALUES (%s, %s, %s) ON CONFLICT DO NOTHING")
    t = pgsql.translate("INSERT OR REPLACE INTO redirects (old_id, new_id) VALUES (?, ?)")
    assert (t.replace_table, t.replace_columns) == ("redirects", ("old_id", "new_id"))
    assert " ".join(t.sql.split()).startswith("INSERT INTO redirects (old_id, new_id) VALUES (%s, %s)")  # + the upsert clause


def test_sqlite_value_comparisons():
    assert sql("SELECT 1 FROM a WHERE o.outlet IS NOT a.outlet AND x IS y AND z IS NOT NULL AND w IS NULL") == (
        "SELECT 1 FROM a WHERE o.outlet IS DISTINCT FROM a.outlet AND x IS NOT DISTINCT FROM y "
        "AND z IS NOT NULL AND w IS NULL")
    assert sql("SELECT * FROM t WHERE 1 AND a = ? ORDER BY a") == "SELECT * FROM t WHERE TRUE AND a = %s ORDER BY a"
    assert sql("SELECT * FROM t WHERE 1 = 1") == "SELECT * FROM t WHERE 1 = 1"
    assert sql("SELECT * FROM t WHERE a == 1") == "SELECT * FROM t WHERE a = 1"


def test_unnamed_subqueries_get_a_name():
    assert sql("SELECT * FROM (SELECT 1 AS n) WHERE n <= ?") == "SELECT * FROM (SELECT 1 AS n) AS _sub2 WHERE n <= %s"
    assert sql("SELECT * FROM (SELECT 1 AS n) x WHERE n = 1") == "SELECT * FROM (SELECT 1 AS n) x WHERE n = 1"
    assert sql("SELECT count(*) FROM t WHERE a IN (SELECT b FROM u)") == (
        "SELECT count(*) FROM t WHERE a IN (SELECT b FROM u)")


def test_rows_read_like_sqlite_rows():
    row = pgsql.Row(("id", "Title", "id"), {"id": 0, "Title": 1}, ("a", "b", "c"))
    assert (row[0], row["id"], row["title"], row[-1], len(row)) == ("a", "a", "b", "c", 3)
    assert row.keys() == ["id", "Title", "id"]
    assert dict(pgsql.Row(("k", "v"), {"k": 0, "v": 1}, ("x", 1))) == {"k": "x", "v": 1}
    assert dict([pgsql.Row(("k", "v"), {"k": 0, "v": 1}, ("x", 1))]) == {"x": 1}  # rows unpack as tuples
    with pytest.raises(IndexError):
        row["missing"]
