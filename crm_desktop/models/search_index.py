"""The customer name index: characters as tokens, pinyin as prefix-searchable tokens.

FTS5 with ``unicode61`` cannot split Chinese into words, and the trigram tokenizer
finds nothing under three characters, so each character of a name becomes its
own token: a substring of 1–3 characters is a phrase query answered from the
index. Pinyin tokens hold, for every reading of the name's characters (so 单 is
found as dan and shan), the initials (``zs``) and the full spelling
(``zhangsan``); a prefix query then finds ``zs``, ``zhangs`` and ``zhangsan``.
Symbols such as emoji, which the tokenizer would drop, become a token of their
code point, so a name typed with one is found by it. A Latin letter with one
accent is indexed as its bare letter (José as jose), as FTS5 folds it, so a
server's index, which does not fold, finds the same names. The derived columns that
make phone suffixes and birthdays index lookups are computed here too, so every
writer (a form, an import, demo data) fills them the same way.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from crm_desktop.models import search_index_sql

MAX_COMBINATIONS = 16
_LATIN_QUERY = re.compile(r"[a-z]+")


def _bare(ch: str) -> str:
    """A Latin letter with one accent as its bare letter (é → e), as FTS5's unicode61 does."""
    parts = unicodedata.normalize("NFD", ch)
    if (len(parts) == 2 and parts[0].isascii() and parts[0].isalpha()
            and unicodedata.category(parts[1]) == "Mn"):
        return parts[0]
    return ch


@lru_cache(maxsize=65536)
def _readings(ch: str) -> tuple[str, ...]:
    if not ("\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0002ffff"):
        return (_bare(ch.lower()),) if ch.isalnum() else ()
    from pypinyin import Style, pinyin

    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = tuple(dict.fromkeys(r for group in found for r in group if r.isalpha()))
    return readings or ()


def _char_tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).lower()
    tokens: list[str] = []
    for ch in folded:
        if ch.isalnum():
            tokens.append(_bare(ch))
        elif unicodedata.category(ch) == "So":
            tokens.append(f"u{ord(ch):x}")
    return tokens


def name_chars(name: str) -> str:
    """The name's characters as space-separated tokens, letters lower-cased."""
    return " ".join(_char_tokens(name))


def name_pinyin(name: str) -> str:
    """Initials and full spellings of every reading combination (capped), space-separated."""
    folded = unicodedata.normalize("NFKC", name).lower()
    per_char = [r for r in (_readings(ch) for ch in folded) if r]
    if not per_char:
        return ""
    tokens: dict[str, None] = {}
    for combo in itertools.islice(itertools.product(*per_char), MAX_COMBINATIONS):
        tokens["".join(part[0] for part in combo)] = None
        tokens["".join(combo)] = None
    return " ".join(tokens)


def index_row(customer_id: int, name: str) -> tuple[int, str, str]:
    """The (rowid, chars, pinyin) tuple to insert for one customer."""
    return customer_id, name_chars(name), name_pinyin(name)


INSERT_SQL = search_index_sql.INSERT_SQL
DELETE_SQL = "DELETE FROM customer_search WHERE rowid = ?"


def index_many(conn: Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index (customer_id, name) pairs in one batch (the bulk path)."""
    search_index_sql.insert_rows(conn, [index_row(cid, name) for cid, name in rows])


def reindex(session: Session, customer_id: int, name: str | None) -> None:
    """Replace one customer's index entry (None removes it), inside the caller's transaction."""
    session.execute(text("DELETE FROM customer_search WHERE rowid = :id"), {"id": customer_id})
    if name:
        cid, chars, pin = index_row(customer_id, name)
        session.execute(
            text("INSERT INTO customer_search(rowid, chars, pinyin) VALUES (:id, :c, :p)"),
            {"id": cid, "c": chars, "p": pin},
        )


def merge_segments(session: Session) -> None:
    """Let removed names leave the index's storage too (see ``search_index_sql``)."""
    search_index_sql.merge_segments(session)


@dataclass(frozen=True)
class NameQuery:
    """What the name index is asked for a typed query: the character tokens as a phrase
    and, when only letters were typed, those letters as a pinyin prefix too."""

    chars: tuple[str, ...]
    pinyin_prefix: str | None = None

    def fts5(self) -> str:
        """The FTS5 MATCH text of this query."""
        phrase = 'chars:"' + " ".join(self.chars) + '"'
        if self.pinyin_prefix is None:
            return phrase
        return f'pinyin:"{self.pinyin_prefix}"* OR {phrase}'


def name_query(query: str) -> NameQuery | None:
    """What a clerk typed as a name search (pinyin prefix or a character phrase), or None."""
    folded = unicodedata.normalize("NFKC", query).strip().lower()
    if not folded:
        return None
    latin = "".join(folded.split())
    if _LATIN_QUERY.fullmatch(latin):
        # "zhang san" is typed with a space; the pinyin tokens have none.
        return NameQuery(tuple(latin), latin)
    chars = _char_tokens(folded)
    return NameQuery(tuple(chars)) if chars else None


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH text for what a clerk typed: pinyin prefix or a character phrase."""
    found = name_query(query)
    return found.fts5() if found is not None else None


def latin_query(query: str) -> str | None:
    """The letters of a pinyin or latin query ("zs", "zhang san" → "zhangsan"), else None."""
    latin = "".join(unicodedata.normalize("NFKC", query).strip().lower().split())
    return latin if _LATIN_QUERY.fullmatch(latin) else None


def pinyin_match_rank(name: str, latin: str) -> tuple[int, int]:
    """How well ``name`` matches the letters ``latin``; smaller is better.

    (0, 0): the initials are exactly the query (周诗 for "zs"); then initials that start
    with it, fewer extra letters first (周俊树 read "zss" for "zs": one extra); then full
    spellings starting with it ("zhangs" in "zhangsan"), fewer extra letters first; then
    anything else the index found (a latin name's letters).
    """
    best = (3, 0)
    folded = unicodedata.normalize("NFKC", name).lower()
    letters = sum(1 for ch in folded if _readings(ch))  # an initials token has one per character
    for token in name_pinyin(name).split():
        if not token.startswith(latin):
            continue
        initials = len(token) == letters
        extra = len(token) - len(latin)
        rank = (0 if extra == 0 else 1, extra) if initials else (2, extra)
        best = min(best, rank)
    return best


def phone_rev(phone: str | None) -> str | None:
    """The phone's digits reversed, for last-digit searches: "0755-12345678" →
    "876543215570", "+85291234567" → "76543219258" (the "+" is no digit)."""
    if not phone:
        return None
    return phone.replace("-", "").replace("+", "")[::-1]


def birthday_md(birthday: date | None) -> str | None:
    """"MM-DD" of a birthday, so today's birthdays are an index lookup."""
    return birthday.strftime("%m-%d") if birthday else None


_PHONE_QUERY = re.compile(r"\+?\d+")


def phone_query_digits(typed: str) -> str | None:
    """The digits of a typed phone fragment ("138 0013", "+86 138…", "0755-12"), or None.

    A number from abroad keeps its "+" ("00852 9123" → "+8529123"), as the store does;
    "+86"/"0086" is dropped, since mainland numbers are stored without it.
    """
    compact = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", typed))
    if compact.startswith("00") and len(compact) > 2:
        compact = "+" + compact[2:]
    if compact.startswith("+86"):
        compact = compact[3:]
    return compact if compact and _PHONE_QUERY.fullmatch(compact) else None


def stored_phone_prefix(digits: str) -> str:
    """Landlines are stored as "0755-12345678": put the hyphen where the store has it.
    Numbers from abroad ("+852…") are stored as typed digits, so they stay as they are."""
    if not digits.startswith("0") or digits.startswith("00") or len(digits) < 2:
        return digits
    area_len = 3 if digits[1] in "12" else 4
    if len(digits) <= area_len:
        return digits
    return digits[:area_len] + "-" + digits[area_len:]


def after_prefix(prefix: str) -> str:
    """The smallest text above every text starting with ``prefix``: ``x >= p AND x < this``
    is a prefix search the index answers as a range (LIKE 'p%' would scan the table)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
