"""Records grouped by equal keys, by sorting arrays: the pairs within each group.

Keys are whole numbers (see ``keys.factorize``), -1 for "no key". Sorting a
million keys takes a fraction of a second; the pairs of each group then come out
of the sorted array in a few array operations, however many groups there are.
"""

from __future__ import annotations

import numpy as np

from crm_desktop.models.duplicates.keys import Ints

__all__ = ["Groups", "Ints", "combined"]


def combined(first: Ints, second: Ints) -> Ints:
    """One key for a pair of keys (-1 when either is missing)."""
    span = int(second.max(initial=0)) + 1
    return np.where((first >= 0) & (second >= 0), first * span + second, -1)


class Groups:
    """Records sorted by one key: where each group of equal keys starts, and its size."""

    def __init__(self, keys: Ints, members: Ints) -> None:
        present = keys >= 0
        keys, members = keys[present], members[present]
        order = np.argsort(keys)
        self.keys, self.members = keys[order], members[order]
        count = len(self.keys)
        new = np.ones(count, dtype=bool)
        new[1:] = self.keys[1:] != self.keys[:-1]
        self.starts = np.flatnonzero(new)
        self.sizes = np.diff(np.append(self.starts, count))

    def pairs(self, cap: int) -> Ints:
        """Every pair within each group of 2 … ``cap`` members, as rows (a, b)."""
        size_at = np.repeat(self.sizes, self.sizes)
        at = np.flatnonzero((size_at > 1) & (size_at <= cap))
        keys, members, found = self.keys, self.members, []
        step = 1
        # Sorted, so a record equals the one ``step`` further on only while its group lasts.
        while at.size:
            at = at[at + step < len(keys)]
            at = at[keys[at] == keys[at + step]]
            found.append(np.stack([members[at], members[at + step]], axis=1))
            step += 1
        return np.concatenate(found) if found else np.empty((0, 2), dtype=np.int64)

    def big(self, cap: int) -> list[Ints]:
        """The members of each group larger than ``cap``."""
        return [self.members[s:s + z] for s, z in zip(
            self.starts[self.sizes > cap].tolist(), self.sizes[self.sizes > cap].tolist(),
            strict=True)]
