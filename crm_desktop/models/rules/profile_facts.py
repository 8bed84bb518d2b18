"""The facts a profile's completeness counts, their words, and the score over a chosen few.

A fact is filled when any of its columns holds a value (the region: a province or a
city). The owner chooses which facts count (shop setting ``completeness_fields``);
``DEFAULT_FACTS`` are the ten the profile has always counted, ten points each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.language import current_language


@dataclass(frozen=True)
class ProfileFact:
    """One fact of a profile: its key, its words, and the columns that hold it."""

    key: str
    zh: str
    en: str
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        """The fact's name in the current language."""
        return self.zh if current_language() == "zh" else self.en


def _field(name: str) -> ProfileFact:
    declared = FIELDS_BY_NAME[name]
    return ProfileFact(name, declared.zh, declared.en, (name,))


FACTS: tuple[ProfileFact, ...] = (
    _field("phone"),
    _field("gender"),
    _field("birthday"),
    _field("email"),
    _field("id_number"),
    _field("address"),
    ProfileFact("region", "省市", "Province or city", ("province", "city")),
    _field("source"),
    _field("need_type"),
    _field("tags"),
    _field("phone2"),
    _field("district"),
    ProfileFact("referrer", "介绍人", "Referrer", ("referrer_id",)),
    _field("notes"),
)
FACTS_BY_KEY = {fact.key: fact for fact in FACTS}
DEFAULT_FACTS: tuple[str, ...] = (
    "phone", "gender", "birthday", "email", "id_number",
    "address", "region", "source", "need_type", "tags",
)


def ordered_facts(keys: Iterable[str]) -> tuple[str, ...]:
    """Known keys of ``keys`` once each, in the order of ``FACTS`` (unknown ones dropped)."""
    wanted = set(keys)
    return tuple(fact.key for fact in FACTS if fact.key in wanted)


def missing_facts(values: object, facts: Sequence[str] = DEFAULT_FACTS) -> tuple[str, ...]:
    """The keys of ``facts`` that ``values`` (a customer or a record) leaves empty."""
    return tuple(
        key for key in facts
        if not any(_filled(getattr(values, column, None))
                   for column in FACTS_BY_KEY[key].columns)
    )


def completeness_score(values: object, facts: Sequence[str] = DEFAULT_FACTS) -> int:
    """How much of ``facts`` is filled in, 0–100 (rounded; 100 only when nothing is missing)."""
    if not facts:
        return 100
    missing = len(missing_facts(values, facts))
    if missing == 0:
        return 100
    return min(99, round(100 * (len(facts) - missing) / len(facts)))


def fact_labels(keys: Iterable[str]) -> list[str]:
    """The facts' names in the current language, in the order given."""
    return [FACTS_BY_KEY[key].label for key in keys if key in FACTS_BY_KEY]


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | set | frozenset):
        return bool(value)
    return value is not None
