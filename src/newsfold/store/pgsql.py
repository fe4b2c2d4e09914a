"""Running the store's SQLite-flavoured SQL on PostgreSQL: a thin psycopg 3 connection adapter.

The read models (``store.views``), the API queries and the story edits are
written once, in the SQL SQLite speaks, against ``store.db``. On PostgreSQL,
``store.db`` is a :class:`Connection` that takes the same calls
(``execute(sql, args)`` with qmark ``?`` placeholders, ``executemany``,
``create_function``) and returns rows readable by name and by index like
``sqlite3.Row``. It rewrites the few SQLite idioms that PostgreSQL spells
otherwise, token by token (never inside string literals):

- ``?`` -> ``%s`` (and a literal ``%`` -> ``%%``, psycopg's escape);
- ``INSERT OR IGNORE`` -> ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` ->
  ``ON CONFLICT (primary key) DO UPDATE SET`` every other column;
- ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores ASCII case; on "C"-collated
  columns ILIKE does exactly that too), with ``ESCAPE ''`` after a one-token
  pattern that names no escape (SQLite has no default escape character,
  PostgreSQL's is the backslash);
- ``a IS b`` / ``a IS NOT b`` on values -> ``IS [NOT] DISTINCT FROM``;
- ``WHERE 1`` -> ``WHERE TRUE``;
- a subquery in FROM without a name gets one (PostgreSQL 15 requires it);
- ``BEGIN IMMEDIATE`` (SQLite's "I will write") -> ``BEGIN`` plus the store's
  writer lock, so writers queue as they do on SQLite; a plain ``BEGIN`` is a
  REPEATABLE READ snapshot, as a SQLite read transaction is.

SQLite functions PostgreSQL lacks (``group_concat``, two-argument ``max``/``min``,
``sum`` over truth values, ``newsfold_top_score``) are defined in the database
by ``pgschema``. What cannot be translated fails loudly: FTS5's
``MATCH``/``bm25``/``snippet`` (full-text search goes through ``store.search``),
``PRAGMA``, and SQLite's "bare columns" (selecting a column that is neither
grouped nor functionally dependent on the GROUP BY key: group by it too).

Values: text cannot hold NUL on PostgreSQL, so a NUL in a text parameter is
stored as U+FFFD; ``numeric`` results come back as ``int`` when whole (``sum``
of integers) and ``float`` otherwise, and truth values as 0/1, as SQLite
returns them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import psycopg
from psycopg import pq
from psycopg.types.bool import BoolLoader
from psycopg.types.numeric import NumericLoader

from ..errors import StoreError

# pg_advisory_xact_lock key of the store's writer lock ("news" in ASCII).
WRITER_LOCK = 0x6E657773

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      | (?P<comment>--[^\n]*)
      | (?P<str>'(?:[^']|'')*')
      | (?P<ident>"(?:[^"]|"")*")
      | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
      | (?P<num>\d+(?:\.\d*)?)
      | (?P<op>!=|<>|<=|>=|==|\|\||::)
      | (?P<other>.)""",
    re.X | re.S,
)
_CONFLICT_MARK = "\x00on-conflict\x00"
# Words that can follow a FROM-subquery's closing parenthesis when it has no alias.
_CLAUSE_WORDS = {"WHERE", "GROUP", "ORDER", "LIMIT", "OFFSET", "HAVING", "UNION", "EXCEPT", "INTERSECT", "JOIN",
                 "LEFT", "RIGHT", "INNER", "FULL", "CROSS", "NATURAL", "ON", "USING", "WINDOW", "FETCH", "FOR"}
_IS_OPERANDS = {"NULL", "TRUE", "FALSE", "UNKNOWN", "DISTINCT", "NOT", "DOCUMENT", "JSON", "NORMALIZED"}


class Translated(NamedTuple):
    sql: str
    replace_table: str | None = None  # INSERT OR REPLACE INTO this table: conflict clause filled per connection
    replace_columns: tuple[str, ...] | None = None  # its explicit column list, if any


@lru_cache(maxsize=2048)
def translate(sql: str) -> Translated:
    """SQLite-flavoured SQL -> PostgreSQL with psycopg placeholders (see the module docstring)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(sql)]
    sig = [i for i, (kind, _) in enumerate(tokens) if kind not in ("ws", "comment")]
    out = [" " if kind == "comment" else text for kind, text in tokens]  # a "%" in a comment would trip psycopg

    def word(k: int) -> str:
        """Upper-cased k-th significant token ('' past the end)."""
        return tokens[sig[k]][1].upper() if 0 <= k < len(sig) else ""

    suffix = ""
    replace_table, replace_columns = None, None
    no_escape: list[int] = []
    for k, i in enumerate(sig):
        kind, text = tokens[i]
        upper = text.upper()
        if kind == "other" and text == "?":
            out[i] = "%s"
        elif kind in ("str", "ident", "other") and "%" in text:
            out[i] = text.replace("%", "%%")
        elif kind == "op" and text == "==":
            out[i] = "="
        elif kind != "word":
            continue
        elif upper == "OR" and word(k - 1) == "INSERT" and word(k + 1) in ("IGNORE", "REPLACE"):
            out[i] = out[sig[k + 1]] = ""
            if word(k + 1) == "IGNORE":
                suffix = " ON CONFLICT DO NOTHING"
            else:
                replace_table = tokens[sig[k + 3]][1].strip('"')
                replace_columns = _column_list(tokens, sig, k + 4)
                suffix = _CONFLICT_MARK
        elif upper == "LIKE":
            out[i] = "ILIKE"
            pattern = tokens[sig[k + 1]] if k + 1 < len(sig) else ("", "")
            if (pattern[0] == "str" or pattern[1] == "?") and word(k + 2) not in ("ESCAPE", "||"):
                no_escape.append(sig[k + 1])  # a one-token pattern: SQLite has no default escape, PostgreSQL has \\
        elif upper == "IS" and word(k + 1) not in _IS_OPERANDS:
            out[i] = "IS NOT DISTINCT FROM"
        elif upper == "IS" and word(k + 1) == "NOT" and word(k + 2) not in _IS_OPERANDS:
            out[i], out[sig[k + 1]] = "IS", "DISTINCT FROM"
        elif upper == "WHERE" and word(k + 1) == "1" and word(k + 2) in ("", "AND", "OR", ")", "ORDER", "GROUP",
                                                                        "LIMIT", "HAVING", ";"):
            out[sig[k + 1]] = "TRUE"
        elif upper in ("FROM", "JOIN") and word(k + 1) == "(" and word(k + 2) in ("SELECT", "WITH"):
            close = _matching_paren(tokens, sig, k + 1)
            if close is not None and word(close + 1) in _CLAUSE_WORDS | {"", ")", ";", ","}:
                out[sig[close]] = f") AS _sub{k}"
    for j in no_escape:
        out[j] += " ESCAPE ''"
    text = "".join(out).rstrip()
    if text.endswith(";"):
        text = text[:-1].rstrip()
    return Translated(text + suffix, replace_table, replace_columns)


def _column_list(tokens, sig, k: int) -> tuple[str, ...] | None:
    """The names in ``(a, b, c)`` starting at significant token ``k``, if that is one."""
    if k >= len(sig) or tokens[sig[k]][1] != "(":
        return None
    names = []
    for j in range(k + 1, len(sig)):
        kind, text = tokens[sig[j]]
        if text == ")":
            return tuple(names)
        if kind in ("word", "ident"):
            names.append(text.strip('"'))
    return None


def _matching_paren(tokens, sig, k: int) -> int | None:
    depth = 0
    for j in range(k, len(sig)):
        text = tokens[sig[j]][1]
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if depth == 0:
                return j
    return None


# -- rows ---------------------------------------------------------------------------------

class Row(Sequence):
    """A result row by position (``row[0]``), by column name (``row["id"]``) and ``keys()``, like sqlite3.Row."""

    __slots__ = ("_names", "_index", "_values")

    def __init__(self, names: tuple[str, ...], index: dict[str, int], values: Sequence[Any]):
        self._names, self._index, self._values = names, index, tuple(values)

    def keys(self) -> list[str]:
        return list(self._names)

    def __getitem__(self, key):
        if isinstance(key, str):
            try:
                return self._values[self._index[key]]
            except KeyError:  # sqlite3.Row matches names regardless of case
                folded = key.casefold()
                for i, name in enumerate(self._names):
                    if name.casefold() == folded:
                        return self._values[i]
                raise IndexError(f"no column {key!r}") from None
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Row) and self._names == other._names and self._values == other._values

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._names, self._values))!r})"


def row_factory(cursor: psycopg.Cursor):
    names = tuple(c.name for c in cursor.description or ())
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)  # a repeated name means its first column, as in sqlite3.Row
    return lambda values: Row(names, index, values)


class _SqliteNumberLoader(NumericLoader):
    """``sum`` of integers, ``round`` and decimal arithmetic give ``numeric``; SQLite gives an int
    where there is no fractional part (``sum``) and a float where there is one (``round(x, 2)``,
    ``1.0 * a / b``), and JSON needs them so."""

    def load(self, data):
        text = bytes(data)
        return int(text) if text.lstrip(b"-").isdigit() else float(text)


class _IntBoolLoader(BoolLoader):
    """Truth values come back as 1/0, as SQLite has no other kind."""

    def load(self, data):
        return int(super().load(data))


# -- the connection ---------------------------------------------------------------------------

class Connection:
    """The subset of ``sqlite3.Connection`` the store's users call, over a psycopg 3 connection."""

    def __init__(self, conn: psycopg.Connection):
        self.raw = conn
        conn.adapters.register_loader("numeric", _SqliteNumberLoader)
        conn.adapters.register_loader("bool", _IntBoolLoader)
        self._tables: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._functions: set[str] = set()

    def execute(self, sql: str, args: Iterable[Any] = ()) -> psycopg.Cursor:
        if _transaction_statement(sql, self):
            return self.raw.cursor()
        return self.raw.execute(self._prepare(sql), _params(args))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> psycopg.Cursor:
        cursor = self.raw.cursor()
        cursor.executemany(self._prepare(sql), [_params(r) for r in rows])
        return cursor

    def create_function(self, name: str, narg: int, func: Any, *, deterministic: bool = False) -> None:
        """SQLite runs Python functions inside SQL; PostgreSQL cannot, so the function must already
        exist in the database (``pgschema`` defines the ones the store's users register)."""
        if name in self._functions:
            return
        found = self.raw.execute(
            "SELECT 1 FROM pg_proc WHERE proname = %s AND pronargs = %s", (name, narg)).fetchone()
        if found is None:
            raise StoreError(f"SQL function {name}() has no PostgreSQL definition in newsfold.store.pgschema")
        self._functions.add(name)

    def close(self) -> None:
        self.raw.close()

    def _prepare(self, sql: str) -> str:
        if sql.lstrip()[:6].upper() == "PRAGMA":
            raise StoreError(f"SQLite-only statement on a PostgreSQL store: {sql.strip()[:60]}")
        t = translate(sql)
        if t.replace_table is None:
            return t.sql
        return t.sql.replace(_CONFLICT_MARK, self._replace_clause(t.replace_table, t.replace_columns))

    def _replace_clause(self, table: str, columns: tuple[str, ...] | None) -> str:
        """``INSERT OR REPLACE`` as an upsert: on a primary-key conflict, overwrite the other columns."""
        if table not in self._tables:
            rows = self.raw.execute(
                """SELECT a.attname, coalesce(a.attnum = ANY(i.indkey), false) AS pk
                   FROM pg_attribute a LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary
                   WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped
                     AND a.attidentity = '' AND a.attgenerated = '' ORDER BY a.attnum""",
                (table,),
            ).fetchall()
            self._tables[table] = (tuple(r[0] for r in rows if r[1]), tuple(r[0] for r in rows))
        pk, all_columns = self._tables[table]
        if not pk:
            raise StoreError(f"INSERT OR REPLACE INTO {table}: the table has no primary key on PostgreSQL")
        updates = [c for c in (columns or all_columns) if c not in pk]
        quoted = [f'"{c}"' for c in pk]
        if not updates:
            return f" ON CONFLICT ({', '.join(quoted)}) DO NOTHING"
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in updates)
        return f" ON CONFLICT ({', '.join(quoted)}) DO UPDATE SET {sets}"


def _transaction_statement(sql: str, conn: Connection) -> bool:
    """Run BEGIN/COMMIT/ROLLBACK the way SQLite means them; False for any other statement."""
    if not sql.lstrip()[:8].upper().startswith(("BEGIN", "COMMIT", "END", "ROLLBACK")):
        return False
    words = sql.strip().rstrip(";").upper().split()
    if words[0] not in ("BEGIN", "COMMIT", "END", "ROLLBACK"):
        return False  # e.g. ENDPOINT...: not a transaction statement
    if words[0] == "BEGIN":
        if conn.raw.info.transaction_status != pq.TransactionStatus.IDLE:
            raise StoreError("cannot start a transaction within a transaction")
        if len(words) > 1 and words[1] in ("IMMEDIATE", "EXCLUSIVE"):
            conn.raw.execute("BEGIN")
            conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
        else:
            conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    elif words[0] == "ROLLBACK" and len(words) > 1 and words[1] == "TO":
        return False  # ROLLBACK TO SAVEPOINT: plain SQL
    else:
        conn.raw.execute("COMMIT" if words[0] in ("COMMIT", "END") else "ROLLBACK")
    return True


def _params(args: Iterable[Any]) -> tuple:
    return tuple(_value(a) for a in args)


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, list):
        return [_value(v) for v in value]
    return value
