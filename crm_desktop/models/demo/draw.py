"""Weighted draws for demo data, cheaper than ``random.choices`` in hot loops.

A weighted choice among a few values is a lookup in a table where each value
appears as often as its (whole-number) weight: one random number, one index.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def weighted(pairs: Iterable[tuple[T, int]]) -> tuple[T, ...]:
    """A draw table from (value, whole-number weight) pairs."""
    return tuple(value for value, weight in pairs for _ in range(weight))


def draw(rng: random.Random, table: tuple[T, ...]) -> T:
    """One value from a table made by ``weighted``."""
    return table[int(rng.random() * len(table))]
