"""Likely duplicate customers: blocking keys, candidate pairs, scores and the reasons shown.

``keys`` folds names, phones and ID numbers into keys; ``people`` reads the file
(and planned import rows) into columns; ``pairs`` makes candidate pairs from
blocks only; ``scoring`` decides and scores a pair; ``reasons`` holds the words;
``finder`` puts them together for the whole file and for an import's dry run.
"""

from __future__ import annotations

from crm_desktop.models.duplicates.finder import (
    DuplicatePair,
    Match,
    find_duplicates,
    likely_matches,
)
from crm_desktop.models.duplicates.people import Candidate
from crm_desktop.models.duplicates.reasons import Reason

__all__ = ["Candidate", "DuplicatePair", "Match", "Reason", "find_duplicates", "likely_matches"]
