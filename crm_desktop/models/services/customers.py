"""Customer files: create, edit (with an optimistic version), tag, terminate and reactivate.

Every write keeps the derived columns (reversed phone, birthday "MM-DD") and the
name search index in step with the row, in the same transaction, and leaves one
audit entry naming the fields that changed (personal values are scrubbed there).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, Customer, Tag, User
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.permissions import allowed, require
from crm_desktop.models.rules.merged_customers import refuse_if_merged, survivor_of
from crm_desktop.models.rules.validation import clean_text, mask_id_number, mask_phone
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.customer_records import (
    CustomerInput,
    CustomerRecord,
    build_record,
    clean_customer_input,
    clean_tags,
)
from crm_desktop.models.services.privacy_records import load_customer
from crm_desktop.models.services.verification import clear_fixed_corrections

OPEN_CARD_STATUSES = ("active", "frozen")


class CustomerService(Service):
    """One method per thing a user does to a customer file; each is one transaction."""

    def get(self, customer_id: int) -> CustomerRecord:
        """The customer as a screen shows it, numbers masked for every role.

        The owner's full number comes only from ``PrivacyService.reveal_full_number``,
        which leaves an audit entry; an export applies its own role rule.
        """
        with self._read("customer.read") as session:
            return self._record(session, self._load(session, customer_id))

    def create(self, data: CustomerInput) -> CustomerRecord:
        """Open a new customer file; refuses a phone or ID number already on file."""
        require(self.actor, "customer.write")
        values = clean_customer_input(data)
        tags = clean_tags(data.tags)
        with self._action("customer.create", Entity.CUSTOMER, "customer.write") as rec:
            session = rec.session
            self._check_unique(session, values, None)
            self._check_referrer(session, values["referrer_id"], None)
            if values["marketing_consent"] and values["consent_at"] is None:
                values["consent_at"] = now()
            if values["member_since"] is None:
                values["member_since"] = now().date()
            customer = Customer(status="active", created_by=self.actor.user_id,
                                updated_by=self.actor.user_id, **values)
            _set_derived(customer)
            customer.tags = _resolve_tags(session, tags)
            session.add(customer)
            session.flush()
            search_index.reindex(session, customer.id, customer.name)
            rec.entity_id = customer.id
            rec.after = _filled({**values, "tags": ", ".join(tags)})
            return self._record(session, customer)

    def update(
        self, customer_id: int, data: CustomerInput, expected_version: int
    ) -> CustomerRecord:
        """Save an edited profile opened at ``expected_version``.

        If anyone saved the customer since, nothing is written and ConflictError says
        who and when, so two edits never silently overwrite each other. Saving an
        unchanged profile writes nothing.
        """
        require(self.actor, "customer.write")
        with self._read("customer.read") as session:
            current = self._load(session, customer_id)
            self._check_editable(session, current, expected_version)
            values, tags = self._prepare(current, data)
            if not _diff(current, values, tags):
                return self._record(session, current)
        with self._action("customer.update", Entity.CUSTOMER, "customer.write") as rec:
            session = rec.session
            customer = self._load(session, customer_id)
            self._check_editable(session, customer, expected_version)
            values, tags = self._prepare(customer, data)
            self._check_unique(session, values, customer.id)
            self._check_referrer(session, values["referrer_id"], customer.id)
            changes = _diff(customer, values, tags)
            rec.entity_id = customer.id
            rec.before = {k: old for k, (old, _new) in changes.items()}
            rec.after = {k: new for k, (_old, new) in changes.items()}
            for name, (_old, new) in changes.items():
                if name != "tags":
                    setattr(customer, name, new)
            cleared = clear_fixed_corrections(customer, changes)
            if cleared:
                rec.after["corrections_cleared"] = ", ".join(cleared)
            if "tags" in changes:
                customer.tags = _resolve_tags(session, tags)
            self._touch(customer)
            _set_derived(customer)
            if "name" in changes:
                search_index.reindex(session, customer.id, customer.name)
            return self._record(session, customer)

    def set_tags(
        self, customer_id: int, tags: Iterable[str], expected_version: int | None = None
    ) -> CustomerRecord:
        """Replace the customer's tags (new tag names are created on the way)."""
        require(self.actor, "customer.write")
        names = clean_tags(list(tags))
        with self._action("customer.tags", Entity.CUSTOMER, "customer.write") as rec:
            session = rec.session
            customer = self._load(session, customer_id)
            # Without a version, any version will do; an anonymised file is still refused.
            self._check_editable(session, customer, expected_version or customer.version)
            rec.entity_id = customer.id
            rec.before = {"tags": ", ".join(sorted(t.name for t in customer.tags))}
            rec.after = {"tags": ", ".join(sorted(names))}
            customer.tags = _resolve_tags(session, names)
            self._touch(customer)
            return self._record(session, customer)

    def terminate(
        self, customer_id: int, reason: str, expected_version: int | None = None
    ) -> CustomerRecord:
        """Close the customer's membership (注销); refused while a card is still open."""
        require(self.actor, "customer.write")
        why = _reason(reason)
        with self._action("customer.terminate", Entity.CUSTOMER, "customer.write") as rec:
            session = rec.session
            customer = self._load(session, customer_id)
            if expected_version is not None:
                self._check_editable(session, customer, expected_version)
            refuse_if_merged(session, customer)
            if customer.status != "active":
                raise _not_active(customer)
            _refuse_open_cards(session, customer)
            rec.entity_id = customer.id
            rec.before = {"status": customer.status}
            rec.after = {"status": "terminated", "reason": why}
            customer.status = "terminated"
            customer.terminated_at = now()
            self._touch(customer)
            return self._record(session, customer)

    def reactivate(self, customer_id: int, reason: str = "") -> CustomerRecord:
        """Reopen a terminated customer's file (an anonymised one cannot come back)."""
        require(self.actor, "customer.write")
        why = clean_text(reason, "reason", 200) or ""
        with self._action("customer.reactivate", Entity.CUSTOMER, "customer.write") as rec:
            session = rec.session
            customer = self._load(session, customer_id)
            refuse_if_merged(session, customer)
            if customer.status != "terminated":
                raise ConflictError(
                    "customer.not_terminated",
                    f"客户“{customer.name}”不是已注销状态，无需重新启用。",
                    f"Customer {customer.name} is not terminated; nothing to reactivate.",
                )
            rec.entity_id = customer.id
            rec.before = {"status": "terminated"}
            rec.after = {"status": "active", "reason": why}
            customer.status = "active"
            customer.terminated_at = None
            self._touch(customer)
            return self._record(session, customer)

    def tag_names(self) -> list[str]:
        """Every tag name in use or defined, for a picker, in name order."""
        with self._read("customer.read") as session:
            return list(session.scalars(select(Tag.name).order_by(Tag.name)))

    # -- inside a transaction ------------------------------------------------------------

    def _load(self, session: Session, customer_id: int) -> Customer:
        return load_customer(session, customer_id)

    def _record(self, session: Session, customer: Customer) -> CustomerRecord:
        user_ids = {i for i in (customer.created_by, customer.updated_by) if i is not None}
        users: dict[int, str] = {
            row.id: row.username
            for row in session.execute(select(User.id, User.username).where(User.id.in_(user_ids)))
        }
        referrer = None
        if customer.referrer_id is not None:
            referrer = session.scalar(
                select(Customer.name).where(Customer.id == customer.referrer_id)
            )
        return build_record(
            customer,
            created_by=users.get(customer.created_by) if customer.created_by else None,
            updated_by=users.get(customer.updated_by) if customer.updated_by else None,
            referrer_name=referrer,
        )

    def _check_editable(self, session: Session, customer: Customer, expected: int) -> None:
        refuse_if_merged(session, customer)
        if customer.status == "anonymised":
            raise ConflictError(
                "customer.anonymised",
                "这位客户的资料已匿名化，不能再修改。",
                "This customer's data has been anonymised and can no longer be edited.",
            )
        if customer.version == expected:
            return
        who = session.scalar(select(User.username).where(User.id == customer.updated_by)) or "?"
        at = customer.updated_at.strftime("%Y-%m-%d %H:%M")
        raise ConflictError(
            "customer.version",
            f"客户“{customer.name}”的资料在您打开之后已被 {who} 于 {at} 修改过。为免覆盖对方的"
            "修改，这次没有保存；请重新打开查看最新资料后再改。",
            f"Customer {customer.name} was changed by {who} at {at} after you opened it. "
            "Nothing was saved, so their change is not overwritten; reopen the customer and "
            "apply your change again.",
        )

    def _prepare(
        self, customer: Customer, data: CustomerInput
    ) -> tuple[dict[str, Any], tuple[str, ...]]:
        # A masked number exactly as the screen showed it means "not touched".
        kept = {
            name: getattr(customer, name)
            for name, mask in (("phone", mask_phone), ("phone2", mask_phone),
                               ("id_number", mask_id_number))
            if isinstance(getattr(data, name), str)
            and "*" in getattr(data, name)
            and getattr(data, name) == mask(getattr(customer, name))
        }
        values = clean_customer_input(replace(data, **kept))
        if values["member_since"] is None:
            values["member_since"] = customer.member_since
        elif values["member_since"] != customer.member_since and not allowed(
            self.actor, "customer.member_since"
        ):
            raise PermissionDenied(
                "customer.member_since_owner",
                "入会日期只有店主可以更正。",
                "Only the owner may correct the member-since date.",
            )
        if values["marketing_consent"] and values["consent_at"] is None:
            # Consent kept keeps its date; consent given now is dated now.
            values["consent_at"] = customer.consent_at if customer.marketing_consent else now()
        return values, clean_tags(data.tags)

    def _check_unique(self, session: Session, values: dict[str, Any], own_id: int | None) -> None:
        for column, label_zh, label_en, mask in (
            ("phone", "手机号", "phone number", mask_phone),
            ("id_number", "身份证号", "ID number", mask_id_number),
        ):
            value = values[column]
            if value is None:
                continue
            other = session.execute(
                select(Customer.id, Customer.name, Customer.status).where(
                    getattr(Customer, column) == value
                )
            ).first()
            if other is None or other.id == own_id:
                continue
            if other.status == "merged":
                # A merge keeps the number that lost on the merged file (the column's unique
                # index holds it there) so an undo can give it back.
                held = session.get(Customer, other.id)
                assert held is not None
                survivor = survivor_of(session, held)
                if survivor.id == own_id:
                    # The person's own old number, on a file merged into this one: it comes
                    # back to them. Saving this customer rules out undoing that merge anyway.
                    setattr(held, column, None)
                    if column == "phone":
                        held.phone_rev = None
                    session.flush()
                    continue
                raise ConflictError(
                    f"customer.duplicate_{column}",
                    f"{label_zh} {mask(value)} 登记在客户 #{other.id} 名下，该档案已并入 "
                    f"#{survivor.id} {survivor.name}（合并后旧号码仍留在原档案上，不能再登记给"
                    f"别的客户）。请直接打开 #{survivor.id}，不要重复建档。",
                    f"The {label_en} {mask(value)} is on file for customer #{other.id}, which was "
                    f"merged into #{survivor.id} {survivor.name} (the old number stays on the "
                    f"merged file and cannot be given to another customer). Open "
                    f"#{survivor.id} instead of creating a second file.",
                    field=column,
                )
            closed_zh = "（该客户已注销，可以重新启用）" if other.status == "terminated" else ""
            closed_en = " (terminated; it can be reactivated)" if other.status == "terminated" else ""
            raise ConflictError(
                f"customer.duplicate_{column}",
                f"{label_zh} {mask(value)} 已登记在客户“{other.name}”名下{closed_zh}。"
                "请直接打开该客户，不要重复建档。",
                f"The {label_en} {mask(value)} is already on file for customer {other.name}"
                f"{closed_en}. Open that customer instead of creating a second file.",
                field=column,
            )

    def _check_referrer(self, session: Session, referrer_id: int | None, own_id: int | None) -> None:
        if referrer_id is None:
            return
        if referrer_id == own_id:
            raise ValidationError("invalid.referrer_id", "客户不能推荐自己，请重新选择推荐人。",
                                  "A customer cannot refer themselves; choose another referrer.",
                                  field="referrer_id")
        if session.get(Customer, referrer_id) is None:
            raise ValidationError(
                "invalid.referrer_id",
                f"推荐人（客户编号 {referrer_id}）不存在，请重新选择。",
                f"The referrer (customer number {referrer_id}) does not exist; choose again.",
                field="referrer_id",
            )

    def _touch(self, customer: Customer) -> None:
        customer.updated_at = now()
        customer.updated_by = self.actor.user_id


def _set_derived(customer: Customer) -> None:
    customer.phone_rev = search_index.phone_rev(customer.phone)
    customer.birthday_md = search_index.birthday_md(customer.birthday)


def _diff(
    customer: Customer, values: dict[str, Any], tags: tuple[str, ...]
) -> dict[str, tuple[Any, Any]]:
    changes = {
        name: (getattr(customer, name), new)
        for name, new in values.items()
        if getattr(customer, name) != new
    }
    old_tags = sorted(tag.name for tag in customer.tags)
    if old_tags != sorted(tags):
        changes["tags"] = (", ".join(old_tags), ", ".join(sorted(tags)))
    return changes


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    # A new file's audit entry lists what was filled in; audit.scrub hides personal values.
    return {k: v for k, v in values.items() if v not in (None, "", False)}


def _resolve_tags(session: Session, names: tuple[str, ...]) -> list[Tag]:
    if not names:
        return []
    found = {t.name: t for t in session.scalars(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = found.get(name)
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
        tags.append(tag)
    return tags


def _refuse_open_cards(session: Session, customer: Customer) -> None:
    numbers = list(
        session.scalars(
            select(Card.number).where(
                Card.customer_id == customer.id, Card.status.in_(OPEN_CARD_STATUSES)
            )
        )
    )
    if numbers:
        listed = "、".join(numbers[:3]) + ("…" if len(numbers) > 3 else "")
        raise ConflictError(
            "customer.open_cards",
            f"客户“{customer.name}”还有 {len(numbers)} 张未退的会员卡（{listed}），"
            "请先办理退卡，再注销客户。",
            f"Customer {customer.name} still holds {len(numbers)} open card(s) ({listed}). "
            "Cancel the cards first, then terminate the customer.",
        )


def _not_active(customer: Customer) -> ConflictError:
    state_zh = {"terminated": "已经注销", "anonymised": "已匿名化"}.get(customer.status, customer.status)
    return ConflictError(
        "customer.not_active",
        f"客户“{customer.name}”{state_zh}，无需再注销。",
        f"Customer {customer.name} is already {customer.status}.",
    )


def _reason(reason: str) -> str:
    why = clean_text(reason, "reason", 200)
    if why is None:
        raise ValidationError("invalid.reason", "请填写注销原因。",
                              "Please give a reason for terminating.", field="reason")
    return why
