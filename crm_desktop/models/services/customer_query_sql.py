"""The parts of a customer search's SQL that only one backend speaks.

A shop file answers names from its FTS5 table and takes planner hints ("+" before
a column keeps SQLite from driving by that column's index, ``CROSS JOIN`` fixes
the join order); a server answers them from the character and pinyin-prefix
arrays that migration 0001 indexes, and plans alone. Everything else a search
says is written once, in ``customer_query``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models import search_index

# At most this many distinct card-number heads are probed for a last-digits search.
CARD_HEAD_PROBES = 2000
# A server's name index keeps each pinyin token's first this many letters (migration 0001).
PINYIN_PREFIX_LETTERS = 6

# A card number's first or last digits ("8000 0009", "0904"): a range on the unique number
# index for the first; for the last, a skip scan over that index (one seek per distinct
# head, the number without its last digits; generated numbers share few heads), each head
# probed for head + digits. Bounded, so numbers with no common heads cost at most that.
_SQLITE_CARD_FRAGMENT_IDS = f"""
SELECT customer_id FROM cards WHERE number >= :clo AND number < :chi
UNION
SELECT k.customer_id FROM (
  WITH RECURSIVE heads(h) AS (
    SELECT (SELECT substr(number, 1, length(number) - :ck) FROM cards
            WHERE length(number) > :ck ORDER BY number LIMIT 1)
    UNION ALL
    SELECT (SELECT substr(number, 1, length(number) - :ck) FROM cards
            WHERE number >= h || char(1114111) AND length(number) > :ck ORDER BY number LIMIT 1)
    FROM heads WHERE h IS NOT NULL LIMIT {CARD_HEAD_PROBES}
  ) SELECT h FROM heads WHERE h IS NOT NULL
) AS f CROSS JOIN cards k ON k.number = f.h || :cdigits
"""
# The same walk on a server, which allows no LIMIT inside a recursive query: a counter.
_SERVER_CARD_FRAGMENT_IDS = f"""
SELECT customer_id FROM cards WHERE number >= :clo AND number < :chi
UNION
SELECT k.customer_id FROM (
  WITH RECURSIVE heads(h, probes) AS (
    SELECT (SELECT substr(number, 1, length(number) - :ck) FROM cards
            WHERE length(number) > :ck ORDER BY number LIMIT 1), 1
    UNION ALL
    SELECT (SELECT substr(number, 1, length(number) - :ck) FROM cards
            WHERE number >= h || chr(1114111) AND length(number) > :ck ORDER BY number LIMIT 1),
           probes + 1
    FROM heads WHERE h IS NOT NULL AND probes < {CARD_HEAD_PROBES}
  ) SELECT h FROM heads WHERE h IS NOT NULL
) AS f JOIN cards k ON k.number = f.h || :cdigits
"""


@dataclass(frozen=True)
class SearchSql:
    """Fragments of one backend's search SQL, spliced into the statements of ``customer_query``."""

    # Before a column in a row check: SQLite then never walks that column's index.
    hint: str
    # The searched card's holder (:card_holder) as a value of its own; a server must be
    # told its type, since it is often NULL.
    holder: str
    # The row is not the card holder's (NULL: no card was found).
    not_holder: str
    # Customer ids holding a card whose number starts or ends with the typed digits.
    card_fragment_ids: str
    # "Is one of the ids bound as :ids" (see ``id_list``), after a column.
    in_ids: str
    # Customers c joined to the ids bound as :ids, the ids driving.
    ids_join: str
    # The backend's SQLAlchemy dialect name: "sqlite" or "postgresql".
    dialect: str


_SQLITE = SearchSql(
    hint="+",
    holder=":card_holder",
    not_holder="c.id IS NOT :card_holder",
    card_fragment_ids=_SQLITE_CARD_FRAGMENT_IDS,
    in_ids="IN (SELECT value FROM json_each(:ids))",
    ids_join="json_each(:ids) j CROSS JOIN customers c ON c.id = j.value",
    dialect="sqlite",
)
_SERVER = SearchSql(
    hint="",
    holder="CAST(:card_holder AS integer)",
    not_holder="c.id IS DISTINCT FROM CAST(:card_holder AS integer)",
    card_fragment_ids=_SERVER_CARD_FRAGMENT_IDS,
    in_ids="= ANY(CAST(:ids AS integer[]))",
    ids_join="unnest(CAST(:ids AS integer[])) AS j(value) JOIN customers c ON c.id = j.value",
    dialect="postgresql",
)


def search_sql(session: Session) -> SearchSql:
    """The fragments for the backend ``session`` talks to."""
    return _SQLITE if session.get_bind().dialect.name == "sqlite" else _SERVER


def id_list(sql: SearchSql, ids: list[int]) -> Any:
    """The value to bind as :ids for ``sql.in_ids`` and ``sql.ids_join``."""
    return json.dumps(ids) if sql.dialect == "sqlite" else ids


def name_ids(sql: SearchSql, query: search_index.NameQuery) -> tuple[str, dict[str, Any]]:
    """A SELECT of the ids of customers whose name matches ``query``, and its parameters."""
    if sql.dialect == "sqlite":
        return ("SELECT rowid FROM customer_search WHERE customer_search MATCH :fts",
                {"fts": query.fts5()})
    # Containment finds rows holding every character; the padded text keeps those
    # holding them side by side and in order, as a phrase.
    match = (
        "string_to_array(chars, ' ') @> CAST(:name_chars AS text[]) "
        "AND strpos(' ' || chars || ' ', :name_phrase) > 0"
    )
    params: dict[str, Any] = {
        "name_chars": list(query.chars), "name_phrase": " " + " ".join(query.chars) + " "}
    prefix = query.pinyin_prefix
    if prefix is not None:
        pinyin = "prefixes @> CAST(:name_prefix AS text[])"
        params["name_prefix"] = [prefix[:PINYIN_PREFIX_LETTERS]]
        if len(prefix) > PINYIN_PREFIX_LETTERS:
            # A token starts with the letters where a space and they stand in the text.
            pinyin += " AND strpos(' ' || pinyin, :name_pinyin) > 0"
            params["name_pinyin"] = " " + prefix
        match = f"({pinyin}) OR ({match})"
    return f"SELECT rowid FROM customer_search WHERE {match}", params


def name_condition(sql: SearchSql, names: str, source: str) -> str:
    """The row check of a name search: the name matches (``names``) or the row is the
    card holder's; ``source`` lists the ids of both."""
    if sql.dialect == "sqlite":
        # An FTS5 probe by rowid re-reads the whole match (~1 ms each); IN builds the set once.
        return f"(c.id IN ({names}) OR c.id = :card_holder)"
    # One semi-join with the listed ids; under an OR the match would be checked row by row.
    return f"c.id IN ({source})"


def name_walk(
    sql: SearchSql, columns: str, names: str, filters: list[str], *, oldest: bool, after: bool
) -> str:
    """``columns`` of customers c whose name matches (``names``: a ``name_ids`` SELECT) and
    ``filters``, in id order (oldest or newest first), after the id bound as :kid if ``after``."""
    direction = "ASC" if oldest else "DESC"
    if sql.dialect == "sqlite":
        # The FTS5 table yields ids in order: let it drive, and check only the filters.
        checks = [*filters, *(["f.rowid > :kid" if oldest else "f.rowid < :kid"] if after else [])]
        return (
            f"SELECT {columns} FROM customer_search f CROSS JOIN customers c "
            f"ON c.id = f.rowid WHERE f.customer_search MATCH :fts "
            f"AND {' AND '.join(checks)} ORDER BY f.rowid {direction} LIMIT :n"
        )
    checks = [f"c.id IN ({names})", *filters,
              *(["c.id > :kid" if oldest else "c.id < :kid"] if after else [])]
    return (
        f"SELECT {columns} FROM customers c WHERE {' AND '.join(checks)} "
        f"ORDER BY c.id {direction} LIMIT :n"
    )

