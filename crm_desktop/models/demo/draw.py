"""Weighted draws for demo data, cheaper than ``random.choices`` in hot loops."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    """Running totals of ``weights``, the form ``pick`` takes."""
    return tuple(accumulate(weights))


def pick(rng: random.Random, cum_weights: Sequence[float]) -> int:
    """Index of a weighted choice, given ascending cumulative weights."""
    return bisect_right(cum_weights, rng.random() * cum_weights[-1])
