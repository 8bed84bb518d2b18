"""Candidate pairs: only records that share a blocking key are ever compared.

The blocks: the same phone (phone or second phone), the same ID number, the same
name (folded, simplified) with the same birthday, the same pinyin with the same
birthday, and, within each group of one name, phones or ID numbers at most one
digit or one adjacent swap apart. For the last, each number is cut into three
parts after its common head (a mobile's carrier prefix, an ID's area code): one
changed digit or two swapped neighbours touch at most two parts, so the pair
shares the third; only numbers sharing a part are checked, with rapidfuzz. A name
alone is no block, except a name written two ways that only two records have.

Keys become integers once (``factorize``) and groups are found by sorting arrays
(numpy), so a million customers cost a few sorts, never the half-billion pairs of
comparing everyone. With planned import rows (``People.on_file`` below
``len(people)``) only pairs of one planned row and one customer on file are kept.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from crm_desktop.models.duplicates.groups import Groups, Ints, combined
from crm_desktop.models.duplicates.keys import factorize
from crm_desktop.models.duplicates.near import near_pairs
from crm_desktop.models.duplicates.people import People

# A group sharing one key larger than this (a shop's landline on a company's staff, a
# test name typed on every birthday) is not paired all with all: a shared number is
# paired within each name, anything else along its members in order.
MAX_GROUP = 50


class Blocker:
    """Collects candidate pairs (index pairs, lower index first) of one ``People``."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.cross = people.on_file < len(people)
        self.found: list[Ints] = []
        self.everyone = np.arange(len(people), dtype=np.int64)

    def add(self, keys: Ints, members: Ints | None = None, *, by_name: bool = False) -> None:
        """Pair the records sharing a key; a crowd only within each name, or along itself."""
        groups = Groups(keys, self.everyone if members is None else members)
        self.found.append(groups.pairs(MAX_GROUP))
        for crowd in groups.big(MAX_GROUP):
            if by_name:
                self.add(self.people.name_codes[crowd], crowd)
            elif self.cross:
                self._planned_with_filed(crowd)
            else:
                ordered = np.sort(crowd)
                self.found.append(np.stack([ordered[:-1], ordered[1:]], axis=1))

    def _planned_with_filed(self, crowd: Ints) -> None:
        planned = crowd[crowd >= self.people.on_file]
        filed = np.sort(crowd[crowd < self.people.on_file])[:MAX_GROUP]
        if planned.size and filed.size:
            self.found.append(np.stack(
                [np.repeat(filed, planned.size), np.tile(planned, filed.size)], axis=1))

    def pairs(self) -> set[tuple[int, int]]:
        """The pairs found, each once, lower index first (planned rows: one of each side)."""
        if not self.found:
            return set()
        both = np.concatenate(self.found)
        low, high = both.min(axis=1), both.max(axis=1)
        keep = low != high
        if self.cross:
            keep &= (low < self.people.on_file) & (high >= self.people.on_file)
        span = len(self.people)
        packed = np.unique(low[keep] * span + high[keep])
        return set(zip((packed // span).tolist(), (packed % span).tolist(), strict=True))


def candidate_pairs(
    people: People, step: Callable[[str], None] = lambda _stage: None
) -> set[tuple[int, int]]:
    """Every pair of records that shares at least one blocking key (index pairs, i < j)."""
    blocker = Blocker(people)
    p = people

    step("phones")
    second = [k2 if k2 != k1 else None for k1, k2 in zip(p.phone_keys, p.phone2_keys, strict=True)]
    numbers = factorize(p.phone_keys + second)
    blocker.add(numbers, np.concatenate([blocker.everyone, blocker.everyone]), by_name=True)
    blocker.add(factorize(p.id_keys), by_name=True)

    step("birthdays")
    names, born = p.name_codes, factorize(p.birthdays)
    blocker.add(combined(names, born))
    blocker.add(combined(factorize(p.sound)[p.kind], born))

    step("names")
    holders = p.name_holders
    shared = (names >= 0) & (holders[np.maximum(names, 0)] > 1)
    if blocker.cross:
        has_planned = np.zeros(len(holders), dtype=bool)
        has_filed = np.zeros(len(holders), dtype=bool)
        has_planned[names[p.on_file:][names[p.on_file:] >= 0]] = True
        has_filed[names[:p.on_file][names[:p.on_file] >= 0]] = True
        shared &= (has_planned & has_filed)[np.maximum(names, 0)]
    members = np.flatnonzero(shared)
    _near(blocker, p, members, names, second)
    # A name written two ways (width, spaces, dots, traditional) that no one else has.
    pairs = Groups(np.where(holders[np.maximum(names, 0)] == 2, names, -1),
                    blocker.everyone).pairs(2)
    raw = p.names
    written = [(a, b) for a, b in pairs.tolist() if raw[a].strip() != raw[b].strip()]
    if written:
        blocker.found.append(np.array(written, dtype=np.int64))
    return blocker.pairs()


def _near(
    blocker: Blocker, p: People, members: Ints, names: Ints, second: list[str | None]
) -> None:
    """Phones (either of a record's two), then ID numbers, one edit apart under one name."""
    for columns in ((p.phone_keys, second), (p.id_keys,)):
        persons: list[Ints] = []
        codes: list[str] = []
        for column in columns:
            values = np.array(column, dtype=object)[members]
            present = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
            persons.append(members[present])
            codes += values[present].tolist()
        chosen = np.concatenate(persons)
        blocker.found.append(near_pairs(chosen, names[chosen], codes))
