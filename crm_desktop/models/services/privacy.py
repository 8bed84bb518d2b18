"""A person's rights and the shop's duties under PIPL: erase, export, retain, consent, reveal.

- ``anonymise``: the person's details erased for good, the money kept (owner); each
  erasure is also noted beside the file, and ``erase_again`` erases anyone a
  restore of an older backup brought back (``erasures_undone`` counts them).
- ``export_person``: everything held about one customer, in one workbook (owner).
- ``retention_due``: terminated customers kept longer than the retention period.
- ``withdraw_consent``: marketing consent withdrawn, with its time and channel;
  greeting lists read consent when they are built, so the customer is off them at once.
- ``reveal_full_number``: an owner's "show" of a full phone or ID number, logged
  (the log names the field, never the number).

A customer merged into another is one person with the survivor: erasing, exporting
and the retention list take the survivor together with the customers merged into it
(``merge_rows.absorbed_ids``), and a merged customer is not erased, exported or
changed on its own (the refusal names the survivor to open).

Each is one action with one audit entry; no personal value is written to the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from crm_desktop.models.changes import Entity
from crm_desktop.models.customer_fields import CONSENT_CHANNEL_LABELS
from crm_desktop.models.entities import Customer
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.permissions import require
from crm_desktop.models.rules.merged_customers import refuse_if_merged
from crm_desktop.models.rules.validation import check_choice
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.merge_rows import absorbed_ids
from crm_desktop.models.services.privacy_consent import consent_events
from crm_desktop.models.services.privacy_export import gather_person, write_person_workbook
from crm_desktop.models.services.privacy_records import (
    ERASED_AGAIN_REASON,
    REVEALABLE,
    AnonymiseResult,
    ConsentEvent,
    NotedErasure,
    PersonExport,
    RetentionEntry,
    erase_person,
    load_customer,
    note_erasures,
    plan_erasure,
    purge_index_remnants,
    read_erasures,
    undone_erasures,
    write_erasures,
)
from crm_desktop.models.services.privacy_sql import reclaim
from crm_desktop.models.services.shop_settings import (
    DEFAULT_RETENTION_DAYS,
    RETENTION_KEY,
    check_retention_days,
    read_setting,
    write_setting,
)


class PrivacyService(Service):
    """Erasure, access requests, retention, consent and revealing a full number."""

    # -- erasure -------------------------------------------------------------------------------

    def anonymise(self, customer_id: int, reason: str) -> AnonymiseResult:
        """Erase one customer's personal details; cards, ledgers and purchases keep their amounts.

        Refused while the customer holds an open card, or when already anonymised.
        The customers merged into this one are erased with it (``merged_ids``); a merged
        customer itself is refused, naming the survivor to erase instead.
        ``reason`` goes to the audit log, so it may not contain the person's name or
        numbers. The old values are then unrecoverable from the file (see
        ``privacy_records``); merging the name index makes this take a few seconds on
        a very large file, so run it off the GUI thread.
        """
        with (
            self._noting_erasures() as note,
            self._action("customer.anonymise", Entity.CUSTOMER, "customer.delete") as rec,
        ):
            customer = load_customer(rec.session, customer_id)
            people, merged, why = plan_erasure(rec.session, [customer], reason)
            note(people)
            rec.entity_id = customer.id
            rec.before = {"status": customer.status}
            rec.after = {"status": "anonymised", "reason": why, **_merged_words(merged)}
            rec.customer_ids |= set(merged)
            for person in people:
                erase_person(rec.session, person, self.actor)
            rec.session.flush()
            purge_index_remnants(rec.session)
        return AnonymiseResult((customer_id,), reclaim(self.store), merged)

    def anonymise_many(self, customer_ids: Sequence[int], reason: str) -> AnonymiseResult:
        """Erase several customers in one action (the retention list); all or none."""
        wanted = list(dict.fromkeys(customer_ids))
        if not wanted:
            raise ValidationError("privacy.empty", "没有选中任何客户。", "No customer is selected.",
                                  field="customers")
        with (
            self._noting_erasures() as note,
            self._action("customer.anonymise_many", Entity.CUSTOMER, "customer.delete") as rec,
        ):
            customers = [load_customer(rec.session, cid) for cid in wanted]
            people, merged, why = plan_erasure(rec.session, customers, reason)
            note(people)
            rec.changed_ids = wanted
            rec.customer_ids |= set(merged)
            rec.after = {"status": "anonymised", "reason": why, "customers": len(wanted),
                         "customer_ids": ",".join(str(cid) for cid in wanted),
                         **_merged_words(merged)}
            for person in people:
                erase_person(rec.session, person, self.actor)
            rec.session.flush()
            purge_index_remnants(rec.session)
        return AnonymiseResult(tuple(wanted), reclaim(self.store), merged)

    def erasures_undone(self) -> tuple[int, ...]:
        """Customers erased earlier (noted beside the file) whom this file holds unerased again.

        That happens when an older backup was restored, or an older copy of the file put
        back by hand. Any role may ask (the screens say so); ``erase_again`` is the owner's.
        """
        noted = read_erasures(self.store.path)
        if not noted:
            return ()
        with self._read("customer.read") as session:
            return tuple(undone_erasures(session, noted, self.store.keys.file_id))

    def erase_again(self) -> AnonymiseResult:
        """Erase again, in one action, every customer ``erasures_undone`` names (owner only).

        The same erasure as ``anonymise``; open cards do not stop it, because the person
        was already erased once. Returns no customers (and writes nothing) when none is back.
        """
        require(self.actor, "customer.delete")
        if not self.erasures_undone():
            return AnonymiseResult((), True)
        noted = read_erasures(self.store.path)
        with (
            self._noting_erasures() as note,
            self._action("customer.anonymise_many", Entity.CUSTOMER, "customer.delete") as rec,
        ):
            ids = undone_erasures(rec.session, noted, self.store.keys.file_id)
            conn = rec.session.connection()
            # Files merged into someone erased again go with them, noted or not (a note
            # written before merged files were erased with their survivor lacks them).
            merged = tuple(dict.fromkeys(
                m for cid in ids for m in absorbed_ids(conn, cid) if m not in ids))
            people = [load_customer(rec.session, cid) for cid in (*ids, *merged)]
            if merged:
                note(people[len(ids):])
            rec.changed_ids = list(ids)
            rec.customer_ids |= set(merged)
            rec.after = {"status": "anonymised", "reason": ERASED_AGAIN_REASON,
                         "customers": len(ids),
                         "customer_ids": ",".join(str(cid) for cid in ids),
                         **_merged_words(merged)}
            for person in people:
                erase_person(rec.session, person, self.actor)
            rec.session.flush()
            purge_index_remnants(rec.session)
        return AnonymiseResult(tuple(ids), reclaim(self.store), merged)

    @contextmanager
    def _noting_erasures(self) -> Iterator[Callable[[Sequence[Customer]], None]]:
        """Note erasures beside the file inside the action; an action rolled back takes its
        note back, so only erasures that happened are noted."""
        before: list[list[NotedErasure]] = []

        def note(customers: Sequence[Customer]) -> None:
            before.append(note_erasures(self.store.path, self.store.keys.file_id, customers,
                                        now()))

        try:
            yield note
        except BaseException:
            if before:
                with suppress(OSError):
                    write_erasures(self.store.path, before[0])
            raise

    # -- access request ------------------------------------------------------------------------

    def export_person(self, customer_id: int, out_path: Path | str) -> PersonExport:
        """Write everything held about one customer to a workbook (owner only).

        Profile with full numbers, cards, the three ledgers, purchases with their
        items, interactions, feedback, surveys, consent history and the audit entries
        about them, the customers merged into this one included (their profiles side
        by side; their rows moved here at the merge). A merged customer is refused,
        naming the survivor to export. One audit entry, naming the customer, not the file.
        """
        path = Path(out_path)
        with self._action("customer.export_person", Entity.CUSTOMER, "pii.full", audited_read=True) as rec:
            customer = load_customer(rec.session, customer_id)
            refuse_if_merged(rec.session, customer,
                             more_zh="，导出它的个人信息时会包含这份档案",
                             more_en=": its export includes this file")
            absorbed = [load_customer(rec.session, cid)
                        for cid in absorbed_ids(rec.session.connection(), customer.id)]
            person = gather_person(rec.session, customer, absorbed)
            rows = write_person_workbook(person, path)
            rec.entity_id = customer_id
            rec.after = {"sheets": len(rows), "rows": sum(rows.values())}
        return PersonExport(path, rows)

    # -- retention -----------------------------------------------------------------------------

    def retention_days(self) -> int:
        """How long a terminated customer's file is kept (setting ``retention_days``)."""
        with self._read("customer.read") as session:
            value = read_setting(session, RETENTION_KEY)
        return DEFAULT_RETENTION_DAYS if value is None else int(value)

    def set_retention_days(self, days: int) -> int:
        """The owner sets the retention period, in days (30 to 36,500)."""
        days = check_retention_days(days)
        with self._action("settings.update", Entity.SETTING, "settings.manage") as rec:
            rec.before = {RETENTION_KEY: read_setting(rec.session, RETENTION_KEY)}
            rec.after = {RETENTION_KEY: days}
            write_setting(rec.session, RETENTION_KEY, days)
        return days

    def retention_due(self, at: date | datetime | None = None) -> tuple[RetentionEntry, ...]:
        """Terminated customers whose termination is older than the retention period.

        A merged customer is never listed on its own: it is due with its survivor, and
        its number is in the survivor's ``merged_ids`` (erasing the survivor erases it).
        """
        moment = at or now()
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, datetime.min.time())
        days = self.retention_days()
        with self._read("customer.delete") as session:
            rows = session.execute(
                select(Customer.id, Customer.name, Customer.terminated_at)
                .where(Customer.status == "terminated",
                       Customer.terminated_at < moment - timedelta(days=days))
                .order_by(Customer.terminated_at, Customer.id)
            ).all()
            conn = session.connection()
            return tuple(
                RetentionEntry(cid, name, ended, (ended + timedelta(days=days)).date(),
                               absorbed_ids(conn, cid))
                for cid, name, ended in rows
                if ended is not None
            )

    # -- consent -------------------------------------------------------------------------------

    def withdraw_consent(
        self, customer_id: int, channel: str, at: datetime | None = None
    ) -> ConsentEvent:
        """Record that the customer withdrew marketing consent, when and through which channel.

        The customer drops off every greeting list at once (lists read consent when
        they are built). Refused when there is no consent to withdraw.
        """
        how = check_choice(channel, "consent_channel", CONSENT_CHANNEL_LABELS, "撤回渠道",
                           "Channel")
        if how is None:
            raise ValidationError("invalid.consent_channel", "请选择客户是通过什么方式撤回的。",
                                  "Please choose how the customer withdrew consent.",
                                  field="consent_channel")
        when = at or now()
        with self._action("customer.consent_withdrawn", Entity.CUSTOMER, "customer.write") as rec:
            customer = load_customer(rec.session, customer_id)
            refuse_if_merged(rec.session, customer)
            if not customer.marketing_consent:
                raise ConflictError(
                    "consent.none",
                    f"客户“{customer.name}”没有同意接收营销信息，无需撤回。",
                    f"Customer {customer.name} has not agreed to marketing messages; there "
                    "is nothing to withdraw.",
                )
            rec.entity_id = customer.id
            rec.before = {"marketing_consent": True, "consent_channel": customer.consent_channel,
                          "consent_at": customer.consent_at}
            rec.after = {"marketing_consent": False, "channel": how,
                         "at": when.isoformat(timespec="seconds")}
            customer.marketing_consent = False
            customer.consent_at = None
            customer.consent_channel = None
            customer.updated_at = now()
            customer.updated_by = self.actor.user_id
        return ConsentEvent(when, False, how, self.actor.username, customer_id)

    def consent_history(self, customer_id: int) -> tuple[ConsentEvent, ...]:
        """Every recorded giving and withdrawing of marketing consent, in recorded order,
        the customers merged into this one included (each event names its file); the last
        says what the customer holds now."""
        with self._read("customer.read") as session:
            load_customer(session, customer_id)
            return consent_events(session, customer_id,
                                  absorbed_ids(session.connection(), customer_id))

    # -- revealing a full number -----------------------------------------------------------

    def reveal_full_number(self, customer_id: int, field: str) -> str | None:
        """The full phone, second phone or ID number for an owner's "show"; the show is logged."""
        require(self.actor, "pii.full")
        if field not in REVEALABLE:
            raise ValidationError("invalid.field", "只能显示手机号、备用电话或身份证号。",
                                  "Only the phone, second phone or ID number can be shown.",
                                  field="field")
        with self._action("customer.reveal", Entity.CUSTOMER, "pii.full", audited_read=True) as rec:
            customer = load_customer(rec.session, customer_id)
            rec.entity_id = customer.id
            rec.after = {"field": field}
            value: str | None = getattr(customer, field)
        return value


def _merged_words(merged: Sequence[int]) -> dict[str, str]:
    """The audit entry's note of the merged files erased with the person (numbers only)."""
    return {"merged_erased": ",".join(str(cid) for cid in merged)} if merged else {}
