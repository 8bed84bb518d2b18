"""The care screen's service: lists for the signed-in user, greetings, export, "contacted".

Phone numbers on screen are masked for every role, the owner included (a full
number is shown, logged, from the customer's profile); exporting a greeting
list is a bulk export (owner or accountant) whose phones are masked unless the
owner chooses full numbers for it (logged, one audit entry); marking customers
contacted is one action that logs one interaction per customer and one audit entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from sqlalchemy import select

from crm_desktop.models.analytics import care
from crm_desktop.models.analytics import greetings as greeting_lists
from crm_desktop.models.analytics.history import id_list
from crm_desktop.models.analytics.holidays import Holiday, holidays_ahead
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Customer, Interaction
from crm_desktop.models.entities.engagement import CHANNELS
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.export_common import Masker, log_full_numbers
from crm_desktop.models.rules.validation import mask_phone
from crm_desktop.models.services.base import Service

if TYPE_CHECKING:
    from crm_desktop.models.analytics.churn import ChurnWarning

Row = TypeVar("Row")


class CareService(Service):
    """Care lists and greetings for one signed-in user."""

    def _masked(self, rows: Sequence[Row]) -> tuple[Row, ...]:
        plain: list[Any] = list(rows)
        return tuple(cast(Row, dataclasses.replace(r, phone=mask_phone(r.phone))) for r in plain)

    def birthdays(self, period: str, today: date | None = None) -> tuple[care.BirthdayEntry, ...]:
        """Birthdays today / this week / this month."""
        with self._read("customer.read") as session:
            return self._masked(care.birthdays(session, period, today))

    def holidays(self, today: date | None = None, days: int = 60) -> tuple[Holiday, ...]:
        return holidays_ahead(today or date.today(), days)

    def follow_ups(self, today: date | None = None) -> tuple[care.FollowUpEntry, ...]:
        with self._read("customer.read") as session:
            return self._masked(care.follow_ups_due(session, today))

    def expiring_cards(
        self, within_days: int = 30, today: date | None = None
    ) -> tuple[care.CardCareEntry, ...]:
        with self._read("card.read") as session:
            return self._masked(care.cards_expiring(session, within_days, today))

    def low_balances(self, below_fen: int = 5000) -> tuple[care.CardCareEntry, ...]:
        with self._read("card.read") as session:
            return self._masked(care.low_stored_value(session, below_fen))

    def churn_warnings(self, at: date | None = None) -> tuple[ChurnWarning, ...]:
        """Active and loyal customers slipping away, most overdue first."""
        from crm_desktop.models.analytics.churn import find_churn_warnings

        with self._read("customer.read") as session:
            return self._masked(find_churn_warnings(session, at))

    def greetings(
        self, customer_ids: list[int], template: str, language: str | None = None
    ) -> greeting_lists.GreetingList:
        """Messages to copy, one per customer who may be contacted, and who was left out."""
        with self._read("customer.read") as session:
            found = greeting_lists.build_greetings(session, customer_ids, template, language)
        hidden = tuple(
            dataclasses.replace(g, phone=mask_phone(g.phone) or "") for g in found.greetings
        )
        return dataclasses.replace(found, greetings=hidden)

    def export_greetings(
        self,
        customer_ids: list[int],
        template: str,
        path: Path,
        language: str | None = None,
        *,
        full_numbers: bool = False,
    ) -> greeting_lists.GreetingList:
        """Write the greeting workbook (name, phone, message); owner or accountant.

        Phones are masked, as with every export, unless the owner asks for
        ``full_numbers`` (a bulk-SMS platform needs them); that export is one audit entry.
        """
        masker = Masker(self.actor, full_numbers)
        with self._read("export.bulk") as session:
            found = greeting_lists.build_greetings(session, customer_ids, template, language)
        shown = tuple(
            dataclasses.replace(g, phone=masker.phone(g.phone) or "") for g in found.greetings
        )
        found = dataclasses.replace(found, greetings=shown)
        greeting_lists.write_greetings_xlsx(found, path)
        if masker.full:
            log_full_numbers(
                self.store, self.actor, "greetings", Entity.CUSTOMER, len(shown), path
            )
        return found

    def mark_contacted(
        self,
        customer_ids: list[int],
        channel: str = "sms",
        purpose: str = "care",
        summary: str = "",
        at: datetime | None = None,
    ) -> tuple[int, ...]:
        """Log that these customers were contacted: one interaction each, one audit entry.

        Refused (nothing logged) when any of them is marked do-not-contact or has not
        agreed to marketing messages.
        """
        if channel not in CHANNELS:
            raise ValidationError(
                "care.channel",
                "联系方式应为到店、电话、短信、微信或邮件。",
                "The channel must be visit, call, SMS, WeChat or email.",
                field="channel",
            )
        wanted = list(dict.fromkeys(customer_ids))
        if not wanted:
            raise ValidationError(
                "care.empty", "没有选中任何客户。", "No customer is selected.", field="customers"
            )
        with self._action("care.contacted", Entity.INTERACTION, "engagement.write") as rec:
            rows = rec.session.execute(
                select(Customer.id, Customer.do_not_contact, Customer.marketing_consent).where(
                    Customer.id.in_(id_list(wanted)), Customer.status == "active"
                )
            ).all()
            refused = [r.id for r in rows if r.do_not_contact or not r.marketing_consent]
            if len(rows) != len(wanted) or refused:
                raise ValidationError(
                    "care.not_contactable",
                    f"有 {len(refused) or len(wanted) - len(rows)} 位客户拒绝联系、未同意接收营销"
                    "信息或已不存在，没有记录任何联系。",
                    f"{len(refused) or len(wanted) - len(rows)} of these customers may not be "
                    "contacted or no longer exist; nothing was logged.",
                    field="customers",
                )
            when = at or datetime.now()
            added = [
                Interaction(
                    customer_id=cid,
                    ts=when,
                    channel=channel,
                    purpose=purpose[:20],
                    summary=summary,
                    user_id=self.actor.user_id,
                )
                for cid in wanted
            ]
            rec.session.add_all(added)
            rec.session.flush()
            rec.changed_ids = [i.id for i in added]
            rec.after = {"customers": len(wanted), "channel": channel, "purpose": purpose}
        return tuple(rec.changed_ids)
