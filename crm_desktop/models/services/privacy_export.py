"""Everything held about one customer, as a workbook for an access request (PIPL art. 45).

``gather_person`` reads the profile, cards, the three ledgers, purchases and
their items, interactions, feedback with its steps, surveys, consent history and
the audit entries about the person and their records; ``write_person_workbook``
writes one sheet each through the shared styled writer, so no text ever becomes
a formula and numbers stay text.

The customers merged into this one are the same person: their profiles (the
values that lost at the merge) stand beside the survivor's, their consent events
and audit entries are listed with its own, and their rows moved to it at the
merge. A merge entry's list of moved rows is for the program and never shown.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models.customer_fields import (
    CONSENT_CHANNEL_LABELS,
    CUSTOMER_FIELDS,
    CustomerField,
)
from crm_desktop.models.entities import (
    AuditEntry,
    Card,
    CardType,
    CountEntry,
    Customer,
    Feedback,
    FeedbackEvent,
    Interaction,
    PointsEntry,
    Purchase,
    PurchaseLine,
    SurveyAnswer,
    Tier,
)
from crm_desktop.models.excel.export_common import writing
from crm_desktop.models.excel.export_ledger import kind_label, method_label
from crm_desktop.models.excel.export_liability import CARD_STATUS
from crm_desktop.models.excel.workbook_style import CODE, DATE, DATETIME, INT, MONEY, Column, tr
from crm_desktop.models.merge_moves import RECORD_KEY
from crm_desktop.models.services.privacy_consent import consent_events

FEEDBACK_WORDS = {"complaint": "投诉", "suggestion": "建议", "praise": "表扬", "open": "待处理",
                  "in_progress": "处理中", "resolved": "已解决", "closed": "已关闭"}
CHANNEL_WORDS = {"visit": "到店", "call": "电话", "sms": "短信", "wechat": "微信", "email": "邮件"}


@dataclass
class PersonSheet:
    """One sheet of the workbook: its name in both languages, columns and rows."""

    zh: str
    en: str
    columns: tuple[Column, ...]
    rows: list[list[Any]] = field(default_factory=list)


def _zh(words: dict[str, str], code: str | None) -> str | None:
    if code is None:
        return None
    return words.get(code, code) if tr("zh", "en") == "zh" else code


def _profile(session: Session, c: Customer, absorbed: Sequence[Customer]) -> PersonSheet:
    """The profile, one column per file: this customer's, then each merged into it."""
    columns = [Column("项目", "Field", width=16), Column("内容", "Value", CODE, 50)]
    columns += [Column(f"已并入的档案 #{a.id}", f"Merged file #{a.id}", CODE, 40)
                for a in absorbed]
    sheet = PersonSheet("档案", "Profile", tuple(columns))
    files = [_facts(session, customer, merged=bool(absorbed)) for customer in (c, *absorbed)]
    for row in zip(*files, strict=True):
        sheet.rows.append([tr(row[0][0], row[0][1]), *(_text(value) for _zh, _en, value in row)])
    return sheet


def _facts(session: Session, c: Customer, *, merged: bool) -> list[tuple[str, str, Any]]:
    facts: list[tuple[str, str, Any]] = [("客户编号", "Customer number", c.id)]
    for f in CUSTOMER_FIELDS:
        facts.append(_fact(session, c, f))
    if merged:
        facts.append(("并入到", "Merged into", f"#{c.merged_into}" if c.merged_into else None))
    facts += [
        ("待更正的导入值", "Imported values to correct", _corrections(c.corrections)),
        ("注销时间", "Terminated at", c.terminated_at),
        ("建档时间", "Created at", c.created_at), ("最后修改", "Last changed", c.updated_at),
    ]
    return facts


def _text(value: Any) -> str | None:
    if isinstance(value, datetime):
        value = value.strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, date):
        value = value.isoformat()
    return None if value is None else str(value)


def _corrections(raw: str | None) -> str | None:
    """The import's values left out as wrong ({field: value as in the file}), as text."""
    if not raw:
        return None
    try:
        pending = json.loads(raw)
    except ValueError:
        return raw
    if not isinstance(pending, dict):
        return raw
    labels = {f.name: tr(f.zh, f.en) for f in CUSTOMER_FIELDS}
    return tr("；", "; ").join(f"{labels.get(k, k)}: {v}" for k, v in sorted(pending.items()))


def _fact(session: Session, c: Customer, f: CustomerField) -> tuple[str, str, Any]:
    """One row of the profile sheet: the field's words and its value as a person reads it."""
    value: Any = getattr(c, f.name)
    if f.name == "referrer_id":
        referrer = session.get(Customer, value) if value else None
        return "推荐人", "Referred by", referrer.name if referrer else None
    if f.name == "gender":
        value = {"M": tr("男", "male"), "F": tr("女", "female")}.get(value or "")
    elif f.name == "tags":
        value = "、".join(sorted(t.name for t in value)) or None
    elif f.name == "birthday_lunar":
        value = tr("是", "yes") if value else None
    elif isinstance(value, bool):
        value = tr("是", "yes") if value else tr("否", "no")
    elif f.words:
        value = _zh(dict(f.words), value)
    return f.zh, f.en, value


def _cards(session: Session, cid: int) -> tuple[PersonSheet, dict[int, str]]:
    sheet = PersonSheet("会员卡", "Cards", (
        Column("卡号", "Card number", CODE, 18), Column("卡种", "Card type", width=14),
        Column("等级", "Tier", width=10), Column("状态", "Status", width=10),
        Column("办卡时间", "Issued", DATETIME, 17), Column("到期日", "Expires", DATE, 12),
        Column("本金余额(元)", "Paid balance", MONEY, 13),
        Column("赠送余额(元)", "Bonus balance", MONEY, 13),
        Column("积分", "Points", INT, 10), Column("剩余次数", "Visits left", INT, 10)))
    numbers: dict[int, str] = {}
    rows = session.execute(
        select(Card, CardType.name, Tier.name).join(CardType, CardType.id == Card.card_type_id)
        .outerjoin(Tier, Tier.id == Card.tier_id).where(Card.customer_id == cid).order_by(Card.id))
    for card, type_name, tier_name in rows:
        numbers[card.id] = card.number
        zh, en = CARD_STATUS.get(card.status, (card.status, card.status))
        sheet.rows.append([card.number, type_name, tier_name, tr(zh, en), card.issued_at,
                           card.expires_on, card.principal_fen, card.bonus_fen, card.points,
                           card.counts_left])
    return sheet, numbers


def _ledgers(session: Session, cid: int, numbers: dict[int, str]) -> list[PersonSheet]:
    from crm_desktop.models.entities import ValueEntry

    value = PersonSheet("储值流水", "Stored value", (
        Column("时间", "Time", DATETIME, 17), Column("卡号", "Card", CODE, 18),
        Column("类型", "Kind", width=14), Column("本金(元)", "Paid", MONEY, 12),
        Column("赠送(元)", "Bonus", MONEY, 12), Column("本金余额(元)", "Paid after", MONEY, 13),
        Column("赠送余额(元)", "Bonus after", MONEY, 13),
        Column("付款方式", "Payment", width=10), Column("备注", "Note", width=24)))
    for e in session.scalars(select(ValueEntry).where(ValueEntry.customer_id == cid)
                             .order_by(ValueEntry.id)):
        value.rows.append([e.ts, numbers.get(e.card_id), kind_label(e.kind), e.principal_fen,
                           e.bonus_fen, e.principal_after_fen, e.bonus_after_fen,
                           method_label(e.payment_method), e.note])
    points = PersonSheet("积分流水", "Points", (
        Column("时间", "Time", DATETIME, 17), Column("卡号", "Card", CODE, 18),
        Column("类型", "Kind", width=12), Column("积分", "Points", INT, 10),
        Column("积分余额", "Points after", INT, 10), Column("备注", "Note", width=24)))
    for p in session.scalars(select(PointsEntry).where(PointsEntry.customer_id == cid)
                             .order_by(PointsEntry.id)):
        points.rows.append([p.ts, numbers.get(p.card_id), p.kind, p.points, p.points_after,
                            p.note])
    counts = PersonSheet("次数流水", "Visits", (
        Column("时间", "Time", DATETIME, 17), Column("卡号", "Card", CODE, 18),
        Column("类型", "Kind", width=12), Column("次数", "Visits", INT, 10),
        Column("剩余次数", "Visits left", INT, 10), Column("备注", "Note", width=24)))
    for n in session.scalars(select(CountEntry).where(CountEntry.customer_id == cid)
                             .order_by(CountEntry.id)):
        counts.rows.append([n.ts, numbers.get(n.card_id), n.kind, n.counts, n.counts_after,
                            n.note])
    return [value, points, counts]


def _purchases(session: Session, cid: int, numbers: dict[int, str]) -> PersonSheet:
    sheet = PersonSheet("消费记录", "Purchases", (
        Column("时间", "Time", DATETIME, 17), Column("卡号", "Card", CODE, 18),
        Column("类型", "Kind", width=8), Column("金额(元)", "Amount", MONEY, 12),
        Column("折扣(元)", "Discount", MONEY, 12), Column("实付(元)", "Paid", MONEY, 12),
        Column("付款方式", "Payment", width=10), Column("积分", "Points", INT, 8),
        Column("明细", "Items", width=30), Column("备注", "Note", width=20)))
    purchases = list(session.scalars(select(Purchase).where(Purchase.customer_id == cid)
                                     .order_by(Purchase.ts, Purchase.id)))
    lines: dict[int, list[str]] = {}
    if purchases:
        for line in session.scalars(select(PurchaseLine).where(
                PurchaseLine.purchase_id.in_([p.id for p in purchases]))
                .order_by(PurchaseLine.id)):
            lines.setdefault(line.purchase_id, []).append(f"{line.item}×{line.quantity}")
    for p in purchases:
        kind = tr("退款", "refund") if p.kind == "refund" else tr("消费", "sale")
        sheet.rows.append([p.ts, numbers.get(p.card_id) if p.card_id else None, kind,
                           p.amount_fen, p.discount_fen, p.paid_fen,
                           method_label(p.payment_method), p.points_earned,
                           "；".join(lines.get(p.id, [])) or None, p.note])
    return sheet


def _engagement(session: Session, cid: int) -> list[PersonSheet]:
    talks = PersonSheet("互动记录", "Interactions", (
        Column("时间", "Time", DATETIME, 17), Column("方式", "Channel", width=8),
        Column("目的", "Purpose", width=10), Column("内容", "Summary", width=40),
        Column("结果", "Outcome", width=20), Column("跟进日期", "Follow up on", DATE, 12)))
    for i in session.scalars(select(Interaction).where(Interaction.customer_id == cid)
                             .order_by(Interaction.ts, Interaction.id)):
        talks.rows.append([i.ts, _zh(CHANNEL_WORDS, i.channel), i.purpose, i.summary, i.outcome,
                           i.follow_up_on])
    feedback = PersonSheet("反馈", "Feedback", (
        Column("提交时间", "Opened", DATETIME, 17), Column("类型", "Kind", width=8),
        Column("类别", "Category", width=12), Column("内容", "Description", width=40),
        Column("状态", "Status", width=8), Column("处理结果", "Resolution", width=30),
        Column("满意度", "Satisfaction", INT, 8), Column("处理过程", "Steps", width=40)))
    for f in session.scalars(select(Feedback).where(Feedback.customer_id == cid)
                             .order_by(Feedback.id)):
        steps = [f"{e.ts:%Y-%m-%d %H:%M} {_zh(FEEDBACK_WORDS, e.to_status)} {e.note}".strip()
                 for e in session.scalars(select(FeedbackEvent)
                                          .where(FeedbackEvent.feedback_id == f.id)
                                          .order_by(FeedbackEvent.id))]
        feedback.rows.append([f.created_at, _zh(FEEDBACK_WORDS, f.kind), f.category,
                              f.description, _zh(FEEDBACK_WORDS, f.status), f.resolution,
                              f.satisfaction, "；".join(steps) or None])
    surveys = PersonSheet("问卷", "Surveys", (
        Column("日期", "Date", DATE, 12), Column("满意度", "Satisfaction", INT, 8),
        Column("NPS", "NPS", INT, 8), Column("意见", "Comment", width=40)))
    for s in session.scalars(select(SurveyAnswer).where(SurveyAnswer.customer_id == cid)
                             .order_by(SurveyAnswer.answered_on, SurveyAnswer.id)):
        surveys.rows.append([s.answered_on, s.satisfaction, s.nps, s.comment])
    return [talks, feedback, surveys]


def _consent(session: Session, cid: int, absorbed: Sequence[int]) -> PersonSheet:
    columns = [
        Column("时间", "Time", DATETIME, 17), Column("事件", "Event", width=10),
        Column("渠道", "Channel", width=12), Column("记录人", "Recorded by", width=12)]
    if absorbed:  # which file recorded it: this customer's, or one merged into it
        columns.append(Column("客户编号", "Customer number", INT, 10))
    sheet = PersonSheet("营销同意", "Consent", tuple(columns))
    for event in consent_events(session, cid, absorbed):
        row = [event.at, tr("同意", "given") if event.given else tr("撤回", "withdrawn"),
               _zh(CONSENT_CHANNEL_LABELS, event.channel), event.recorded_by]
        sheet.rows.append(row + [event.customer_id] if absorbed else row)
    return sheet


def _audit(
    session: Session, cid: int, card_ids: Sequence[int], absorbed: Sequence[int]
) -> PersonSheet:
    sheet = PersonSheet("操作记录", "Audit log", (
        Column("时间", "Time", DATETIME, 17), Column("操作人", "User", width=12),
        Column("操作", "Action", width=24), Column("对象", "Record", width=10),
        Column("编号", "Number", INT, 8), Column("之前", "Before", width=40),
        Column("之后", "After", width=40)))
    owned: list[tuple[ColumnElement[bool], Any]] = [
        (AuditEntry.entity == "customer", [cid, *absorbed]),
        (AuditEntry.entity == "card", list(card_ids)),
        (AuditEntry.entity == "interaction",
         select(Interaction.id).where(Interaction.customer_id == cid)),
        (AuditEntry.entity == "feedback", select(Feedback.id).where(Feedback.customer_id == cid)),
        (AuditEntry.entity == "survey",
         select(SurveyAnswer.id).where(SurveyAnswer.customer_id == cid)),
        (AuditEntry.entity == "purchase", select(Purchase.id).where(Purchase.customer_id == cid)),
    ]
    query = select(AuditEntry).where(or_(*(
        entity & AuditEntry.entity_id.in_(ids) for entity, ids in owned
    ))).order_by(AuditEntry.id)
    for a in session.scalars(query):
        sheet.rows.append([a.ts, a.username, a.action, a.entity, a.entity_id,
                           _plain_json(a.before), _plain_json(a.after)])
    return sheet


def _plain_json(raw: str) -> str | None:
    values = json.loads(raw or "{}")
    return "; ".join(f"{k}: {v}" for k, v in values.items() if k != RECORD_KEY) or None


def gather_person(
    session: Session, customer: Customer, absorbed: Sequence[Customer] = ()
) -> list[PersonSheet]:
    """Every sheet of the access-request workbook, read in one transaction.

    ``absorbed``: the customers merged into this one (``merge_rows.absorbed_ids``).
    """
    cards, numbers = _cards(session, customer.id)
    merged = [a.id for a in absorbed]
    return [
        _profile(session, customer, absorbed),
        cards,
        *_ledgers(session, customer.id, numbers),
        _purchases(session, customer.id, numbers),
        *_engagement(session, customer.id),
        _consent(session, customer.id, merged),
        _audit(session, customer.id, list(numbers), merged),
    ]


def write_person_workbook(sheets: Sequence[PersonSheet], path: Path) -> dict[str, int]:
    """Write the sheets to ``path`` (left behind only when complete); rows per sheet name."""
    written: dict[str, int] = {}
    # One person's data is small: assembled in memory, so no part of it touches the disk
    # anywhere but the file itself.
    with writing(path, in_memory=True) as book:
        for person_sheet in sheets:
            name = tr(person_sheet.zh, person_sheet.en)
            sheet = book.add_sheet(name, person_sheet.columns)
            for row in person_sheet.rows:
                sheet.write_row(row)
            written[name] = sheet.rows_written
    return written

