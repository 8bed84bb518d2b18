"""Merge two customer files into one, and undo a merge (the owner's; ``customer.merge``).

``merge`` is one operation: every row of the merged customer (cards, the three
ledgers, purchases, contacts, feedback, survey answers, tier changes, the
customers they referred, the pairs dismissed as "not the same person") moves to
the survivor, tags are united, and the survivor takes the values the owner chose
field by field. Balances stay on their cards, so totals do not change and both
customers' active cards stay active. The merged customer stays as a row (status
"merged", ``merged_into`` the survivor) holding the values that did not survive,
so an undo can put everything back; a unique phone or ID number is cleared from
it before the survivor takes it. Its audit entry names both customers and lists
every moved row, so ``check`` still ties each old ledger row to its signature.

``undo`` puts both customers back exactly, as a new operation, while nothing has
touched the survivor or a moved row since; otherwise it says what did.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.audit_labels import action_name
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import AuditEntry, Customer, Tag
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, NotFound
from crm_desktop.models.merge_fields import (
    GROUPS_BY_NAME,
    UNIQUE_COLUMNS,
    check_result,
    choices_for,
)
from crm_desktop.models.merge_moves import (
    MERGE_ACTION,
    RECORD_KEY,
    UNDO_ACTION,
    MergeRecord,
    record_of_entry,
)
from crm_desktop.models.operation import Operation
from crm_desktop.models.services import merge_rows
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.merge_preview import (
    MergePreview,
    MergeResult,
    UndoResult,
    field_choices,
    side_of,
    taken_from_other,
)
from crm_desktop.models.signed_history import owner_signed

TOUCHED = {Entity.CARD, Entity.PURCHASE, Entity.INTERACTION, Entity.FEEDBACK, Entity.SURVEY}


class MergeService(Service):
    """Preview, merge and undo; every method needs the owner's ``customer.merge``."""

    def preview(self, keep_id: int, other_id: int) -> MergePreview:
        """Both customers side by side, each field with both values and its default."""
        with self._read("customer.merge") as session:
            keep, other = _pair(session, keep_id, other_id)
            return MergePreview(side_of(session, keep), side_of(session, other),
                                field_choices(session, keep, other))

    def merge(
        self,
        keep_id: int,
        other_id: int,
        take: Mapping[str, str] | None = None,
        *,
        expected_versions: tuple[int, int] | None = None,
    ) -> MergeResult:
        """Fold ``other_id`` into ``keep_id``; ``take`` maps a field to "keep" or "other".

        Fields not named take their default (see ``merge_fields``). With
        ``expected_versions`` (as the preview showed them), a customer changed since
        the preview is refused rather than merged unseen.
        """
        with self._action(MERGE_ACTION, Entity.CUSTOMER, "customer.merge") as rec:
            session = rec.session
            keep, other = _pair(session, keep_id, other_id)
            if expected_versions is not None and (keep.version, other.version) != expected_versions:
                raise ConflictError(
                    "merge.changed",
                    "打开合并窗口之后，这两位客户中有人的资料被修改过。请重新打开合并窗口核对后再合并。",
                    "One of the two customers was changed after the merge window opened. "
                    "Reopen it, check again, then merge.",
                )
            chosen = choices_for(keep, other, dict(take or {}))
            check_result(keep, other, chosen)
            taken = taken_from_other(chosen, keep, other)
            conn = session.connection()
            keep_tags, other_tags = merge_rows.tag_ids(conn, keep.id), merge_rows.tag_ids(conn, other.id)
            rows = merge_rows.move_all(conn, other.id, keep.id)
            referrals = merge_rows.move_referrals(conn, other.id, keep.id)
            dismissals = merge_rows.move_dismissals(conn, other.id, keep.id)
            _swap(session, keep, other, taken)
            keep.tags = [*keep.tags, *(t for t in other.tags if t.id not in keep_tags)]
            other.tags = []
            other_status = other.status
            other.status, other.merged_into = "merged", keep.id
            self._touch(keep, other)
            session.flush()
            if "name" in taken:
                search_index.reindex(session, keep.id, keep.name)
            search_index.reindex(session, other.id, None)
            record = MergeRecord(
                kind="merge", keep=keep.id, other=other.id, rows=rows, referrals=referrals,
                dismissals=dismissals, keep_tags=keep_tags, other_tags=other_tags,
                swapped=taken, other_status=other_status,
                versions={"keep": keep.version, "other": other.version},
                cards=merge_rows.card_versions(conn, keep.id), tops=merge_rows.tops(conn),
            )
            # Stored with sorted keys, so the log reads: merged from, into, cards, purchases,
            # fields taken. The values taken stay out: the profile shows them.
            rec.after = {
                "merged_from": f"#{other.id}", "merged_into": f"#{keep.id}",
                "moved_cards": len(rows["cards"]), "moved_purchases": len(rows["purchases"]),
                "taken_fields": ",".join(taken) or None, RECORD_KEY: record.to_json(),
                **_consent_event(keep, taken),
            }
            _describe(rec, keep.id, other.id, referrals)
        return MergeResult(
            keep_id=keep_id, other_id=other_id, entry_id=self._entry_id(rec.operation_id),
            operation_id=rec.operation_id, moved={t: len(ids) for t, ids in rows.items()},
            referrals=len(referrals), taken=taken,
        )

    def undo(self, ref: int | str) -> UndoResult:
        """Undo the merge recorded by audit entry ``ref`` (its number, or its operation id)."""
        with self._action(UNDO_ACTION, Entity.CUSTOMER, "customer.merge") as rec:
            session = rec.session
            entry = _merge_entry(session, ref)
            record = record_of_entry(entry.after)
            if record is None or record.kind != "merge" or not owner_signed(self.store, session, entry):
                raise ConflictError(
                    "merge.untrusted",
                    f"操作日志第 {entry.id} 条的合并记录不完整或签名不符，不能据此撤销。请先运行“检查数据文件”。",
                    f"The merge recorded in audit entry {entry.id} is incomplete or its "
                    "signature does not match; it cannot be undone from it. Run the file check.",
                )
            _refuse_if_undone(session, entry)
            keep, other = session.get(Customer, record.keep), session.get(Customer, record.other)
            if keep is None or other is None:
                raise _changed_since(record, "customer")
            if (keep.version, other.version) != (record.versions.get("keep"),
                                                 record.versions.get("other")) \
                    or other.status != "merged" or other.merged_into != keep.id:
                raise _changed_since(record, "customer")
            conn = session.connection()
            changed = merge_rows.what_changed_since(conn, record, entry.id)
            if changed is not None:
                raise _changed_since(record, changed)
            merge_rows.move_back(conn, dict(record.rows), other.id)
            merge_rows.set_referrer(conn, record.referrals, other.id)
            merge_rows.restore_dismissals(conn, record.dismissals)
            _swap(session, keep, other, record.swapped)
            keep.tags = _tags(session, record.keep_tags)
            other.tags = _tags(session, record.other_tags)
            other.status, other.merged_into = record.other_status, None
            self._touch(keep, other)
            session.flush()
            if "name" in record.swapped:
                search_index.reindex(session, keep.id, keep.name)
            search_index.reindex(session, other.id, other.name)
            undone = MergeRecord(
                kind="undo", keep=keep.id, other=other.id, rows=record.rows,
                referrals=record.referrals, dismissals=record.dismissals,
                swapped=record.swapped, other_status=record.other_status,
                undoes=entry.operation_id or "",
            )
            rec.after = {
                "merged_from": f"#{other.id}", "merged_into": f"#{keep.id}",
                "undoes": f"#{entry.id}", RECORD_KEY: undone.to_json(),
                **_consent_event(keep, record.swapped),
            }
            _describe(rec, keep.id, other.id, record.referrals)
            undone_id = entry.id
        return UndoResult(record.keep, record.other, self._entry_id(rec.operation_id), undone_id)

    # -- inside a transaction ------------------------------------------------------------

    def _touch(self, *customers: Customer) -> None:
        for customer in customers:
            customer.updated_at = now()
            customer.updated_by = self.actor.user_id

    def _entry_id(self, operation_id: str) -> int:
        with self._read("customer.merge") as session:
            return int(session.scalars(
                select(AuditEntry.id).where(AuditEntry.operation_id == operation_id)
            ).one())


def _pair(session: Session, keep_id: int, other_id: int) -> tuple[Customer, Customer]:
    if keep_id == other_id:
        raise ConflictError("merge.same", "不能把一位客户和自己合并：请选两位不同的客户。",
                            "A customer cannot be merged with itself: choose two customers.")
    keep, other = session.get(Customer, keep_id), session.get(Customer, other_id)
    for wanted, found in ((keep_id, keep), (other_id, other)):
        if found is None:
            raise NotFound("customer.not_found",
                           f"找不到编号为 {wanted} 的客户，可能已被删除。",
                           f"There is no customer number {wanted}; it may have been deleted.")
    assert keep is not None and other is not None
    for customer in (keep, other):
        if customer.status == "merged":
            raise ConflictError(
                "merge.already_merged",
                f"客户 #{customer.id} 已经合并到 #{customer.merged_into}，不能再合并。",
                f"Customer #{customer.id} was already merged into #{customer.merged_into}.",
            )
        if customer.status == "anonymised":
            raise ConflictError(
                "merge.anonymised",
                f"客户 #{customer.id} 的个人信息已删除（匿名化），不能合并。",
                f"Customer #{customer.id} was anonymised; it cannot be merged.",
            )
    if keep.status != "active":
        raise ConflictError(
            "merge.keep_terminated",
            f"要保留的客户 #{keep.id} 已注销：请先恢复该客户，或改为保留另一位。",
            f"The customer to keep, #{keep.id}, is terminated: reactivate it first, or keep "
            "the other one.",
        )
    return keep, other


def _swap(
    session: Session, keep: Customer, other: Customer, groups: tuple[str, ...]
) -> None:
    """Exchange the groups' values: the survivor takes the other's, the other keeps the
    survivor's former ones (so an undo is the same exchange). A unique number leaves the
    other customer before the survivor takes it."""
    columns = [c for name in groups for c in GROUPS_BY_NAME[name].columns]
    if not columns:
        return
    mine = {c: getattr(keep, c) for c in columns}
    theirs = {c: getattr(other, c) for c in columns}
    if any(c in UNIQUE_COLUMNS for c in columns):
        for column in UNIQUE_COLUMNS:
            if column in theirs:
                setattr(other, column, None)
        session.flush()
    for column in columns:
        setattr(keep, column, theirs[column])
    _set_derived(keep)
    session.flush()
    for column in columns:
        setattr(other, column, mine[column])
    _set_derived(other)
    session.flush()


def _consent_event(keep: Customer, groups: tuple[str, ...]) -> dict[str, object]:
    """When the survivor's marketing consent changed, the words the consent history reads
    (as a consent given or withdrawn, dated when the consent it now holds was given)."""
    if "marketing_consent" not in groups:
        return {}
    return {"marketing_consent": keep.marketing_consent, "consent_channel": keep.consent_channel,
            "at": keep.consent_at if keep.marketing_consent else None}


def _set_derived(customer: Customer) -> None:
    customer.phone_rev = search_index.phone_rev(customer.phone)
    customer.birthday_md = search_index.birthday_md(customer.birthday)


def _tags(session: Session, ids: tuple[int, ...]) -> list[Tag]:
    return list(session.scalars(select(Tag).where(Tag.id.in_(ids)).order_by(Tag.id))) if ids else []


def _describe(rec: Operation, keep_id: int, other_id: int, referrals: tuple[int, ...]) -> None:
    rec.entity_id = keep_id
    rec.changed_ids = [keep_id, other_id]
    rec.also |= TOUCHED
    rec.customer_ids |= {keep_id, other_id, *referrals}


def _merge_entry(session: Session, ref: int | str) -> AuditEntry:
    if isinstance(ref, int) or ref.isdigit():
        entry = session.get(AuditEntry, int(ref))
    else:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.operation_id == ref)).first()
    if entry is None or entry.action != MERGE_ACTION:
        raise NotFound(
            "merge.no_entry",
            f"操作日志中没有编号为 {ref} 的合并记录。请在操作日志里选中一条“合并客户”。",
            f"There is no merge in the audit log under {ref}. Choose a 'Customers merged' "
            "entry in the audit log.",
        )
    return entry


def _refuse_if_undone(session: Session, entry: AuditEntry) -> None:
    undos = session.execute(
        select(AuditEntry.id, AuditEntry.after).where(
            AuditEntry.id > entry.id, AuditEntry.action == UNDO_ACTION
        )
    )
    for undo_id, after in undos:
        if json.loads(after or "{}").get("undoes") == f"#{entry.id}":
            raise ConflictError(
                "merge.already_undone",
                f"这次合并（操作日志第 {entry.id} 条）已经在第 {undo_id} 条撤销过了。",
                f"This merge (audit entry {entry.id}) was already undone in entry {undo_id}.",
            )


_WHAT: dict[str, tuple[str, str]] = {
    "customer": ("的档案又被修改过", "was edited"),
    "cards": ("的会员卡又有过操作（或新办了卡）", "had a card action (or a new card)"),
    "referrals": ("介绍的客户又被修改过", "had a referred customer changed"),
    "tags": ("的标签又被修改过", "had its tags changed"),
    "value_entries": ("又有了新的储值流水", "has new stored-value entries"),
    "points_entries": ("又有了新的积分流水", "has new points entries"),
    "count_entries": ("又有了新的次数流水", "has new visit entries"),
    "tier_changes": ("的等级又变过", "changed tier"),
    "purchases": ("又有了新的消费或退款", "has new purchases or refunds"),
    "interactions": ("又有了新的联系记录", "has new contacts"),
    "feedback": ("又有了新的反馈", "has new feedback"),
    "survey_answers": ("又有了新的满意度记录", "has new survey answers"),
    "feedback_events": ("的反馈又被处理过", "had feedback handled"),
}


def _changed_since(record: MergeRecord, what: str) -> ConflictError:
    kind, _colon, detail = what.partition(":")
    if kind == "audit":
        zh, en = f"又有了新的操作（{action_name(detail)}）", f"was acted on ({action_name(detail)})"
    elif kind == "moved":
        zh, en = "的记录在合并之后被改动过", "had a moved record changed"
    else:
        zh, en = _WHAT.get(detail or kind, ("又有了新的操作", "was acted on since"))
    return ConflictError(
        "merge.changed_since",
        f"合并之后，客户 #{record.keep} {zh}，所以不能再撤销这次合并（撤销会抹掉之后的操作）。"
        "如有需要，请直接修改档案。",
        f"Since the merge, customer #{record.keep} {en}, so the merge can no longer be "
        "undone (undoing it would wipe out what came after). Edit the profile instead.",
    )
