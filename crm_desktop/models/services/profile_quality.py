"""What the profile says about its own upkeep: completeness over the owner's chosen facts,
what is missing, and when the contact details are due to be confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from crm_desktop.models.rules.profile_facts import completeness_score, missing_facts
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.privacy_records import load_customer
from crm_desktop.models.services.shop_settings import load_settings
from crm_desktop.models.services.verification import contact_due_on


@dataclass(frozen=True)
class ProfileQuality:
    """One customer's upkeep as the profile shows it.

    ``missing`` are keys of ``rules.profile_facts.FACTS``; ``contact_due_on`` is None when
    the shop does not ask for periodic checks (``check_months`` 0).
    """

    customer_id: int
    score: int
    facts: tuple[str, ...]
    missing: tuple[str, ...]
    check_months: int
    last_confirmed: datetime | None
    contact_due_on: date | None

    def contact_due(self, today: date | None = None) -> bool:
        """True when the contact details should be confirmed now (due today or earlier)."""
        return self.contact_due_on is not None and self.contact_due_on <= (today or date.today())


class ProfileQualityService(Service):
    """The profile's upkeep facts (every role that may read the customer)."""

    def of(self, customer_id: int) -> ProfileQuality:
        """Completeness, what is missing and the contact check of one customer."""
        with self._read("customer.read") as session:
            customer = load_customer(session, customer_id)
            settings = load_settings(session)
            facts = settings.completeness_fields
            months = settings.contact_check_months if customer.status == "active" else 0
            return ProfileQuality(
                customer_id=customer.id,
                score=completeness_score(customer, facts),
                facts=facts,
                missing=missing_facts(customer, facts),
                check_months=months,
                last_confirmed=customer.contact_confirmed_at,
                contact_due_on=contact_due_on(customer.contact_confirmed_at,
                                              customer.member_since, customer.created_at, months),
            )
