"""Numbers one digit or one adjacent swap apart, among records of one name.

Each number (a phone, an ID number) is cut into three parts after the head most
numbers share (a mobile's carrier prefix, an ID's area code). One changed digit
or two swapped neighbours touch at most two parts, so two such numbers share the
third: numbers are grouped by (name, length, part number, part), and only numbers
in one group are compared. The parts are worked out for all numbers at once as
arrays of character codes (numpy); a pair that differs in more than two places
cannot be one edit apart and is dropped there, and rapidfuzz's OSA distance (one
substitution or adjacent transposition counts 1) decides the rest.
"""

from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from crm_desktop.models.duplicates.groups import Groups, Ints, combined

# Shorter numbers are too short for "one digit apart" to say anything.
MIN_LENGTH = 7
# Numbers sharing one part beyond this are compared in one C call (process.cdist).
_MAX_BUCKET = 64
# A part's characters weigh powers of this (above any code character in an ASCII number).
_BASE = 131
_MAX_POWER = 7


def near_pairs(persons: Ints, names: Ints, codes: list[str]) -> Ints:
    """Rows (person, person) whose codes are one edit apart, among records of one name.

    ``persons[k]`` holds ``codes[k]`` (digits or ASCII letters) under the name ``names[k]``.
    """
    if len(codes) < 2:
        return np.empty((0, 2), dtype=np.int64)
    width = max(map(len, codes))
    chars = (
        np.array(codes, dtype=f"<U{width}").view(np.uint32).reshape(len(codes), width)
        .astype(np.int64)
    )
    lengths = (chars != 0).sum(axis=1)
    mobile = (lengths == 11) & (chars[:, 0] == ord("1"))
    head = np.where(mobile, 3, np.where(lengths == 18, 6, 0))
    rest = lengths - head
    bounds = (head, head + rest // 3, head + (2 * rest) // 3, lengths)
    usable = lengths >= MIN_LENGTH
    named = combined(names, lengths)
    place = np.arange(width)
    entries = np.arange(len(codes), dtype=np.int64)
    found: list[Ints] = []
    for part in range(3):
        start, end = bounds[part][:, None], bounds[part + 1][:, None]
        power = np.clip(place - start, 0, _MAX_POWER)
        weights = np.where((place >= start) & (place < end), _BASE ** power, 0)
        values = (chars * weights).sum(axis=1)
        pieces = np.where(usable, np.unique(values, return_inverse=True)[1], -1)
        groups = Groups(combined(named, pieces), entries)
        found.append(_verified(groups.pairs(_MAX_BUCKET), chars, codes))
        for bucket in groups.big(_MAX_BUCKET):
            found.append(_crowded(bucket, codes))
    both = np.concatenate(found)
    return persons[both] if both.size else np.empty((0, 2), dtype=np.int64)


def _verified(pairs: Ints, chars: Ints, codes: list[str]) -> Ints:
    """The entry pairs whose codes are one substitution or adjacent swap apart."""
    if not pairs.size:
        return pairs
    differing = (chars[pairs[:, 0]] != chars[pairs[:, 1]]).sum(axis=1)
    maybe = pairs[(differing == 1) | (differing == 2)]
    kept = [
        (a, b) for a, b in maybe.tolist()
        if OSA.distance(codes[a], codes[b], score_cutoff=1) <= 1
    ]
    return np.array(kept, dtype=np.int64).reshape(-1, 2)


def _crowded(bucket: Ints, codes: list[str]) -> Ints:
    """A crowded bucket: its codes against each other in one C call."""
    texts = [codes[e] for e in bucket.tolist()]
    distances = process.cdist(
        texts, texts, scorer=OSA.distance, score_cutoff=1, dtype=np.uint8, workers=-1
    )
    return bucket[np.argwhere(distances == 1)]
