"""Greeting messages (祝福短信) filled per customer, and the workbook bulk-SMS platforms take.

Templates use the fields {name} {tier} {points} {balance} {shop}. Customers
marked do-not-contact, without marketing consent, or without a mobile number
never get a message; the list says how many were left out for each reason.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from crm_desktop.models.analytics.history import id_list
from crm_desktop.models.entities import Card, Customer, Setting, Tier
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.export_common import writing
from crm_desktop.models.excel.workbook_style import CODE, Column, tr
from crm_desktop.models.language import current_language
from crm_desktop.models.rules.validation import format_fen

FIELDS = ("name", "tier", "points", "balance", "shop")

DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "birthday": {
        "zh": "亲爱的{name}，{shop}祝您生日快乐！您的会员等级：{tier}，积分 {points}，余额 ¥{balance}。",
        "en": "Dear {name}, happy birthday from {shop}! Your tier: {tier}; {points} points "
        "and ¥{balance} on your card.",
    },
    "holiday": {
        "zh": "{name}您好，{shop}祝您节日快乐，欢迎常来坐坐！",
        "en": "Hello {name}, {shop} wishes you a happy holiday. Come and see us soon!",
    },
    "win_back": {
        "zh": "{name}您好，好久不见！{shop}想念您，您的卡里还有余额 ¥{balance}、积分 {points}。",
        "en": "Hello {name}, we miss you at {shop}! Your card still has ¥{balance} and "
        "{points} points.",
    },
}


def check_template(text: str) -> str:
    """Refuse a template with an unknown field or a stray brace; return it unchanged."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise ValidationError(
            "greeting.braces",
            "模板里的花括号不成对，请检查 { 和 }。",
            "The template's braces do not pair up; check { and }.",
            field="template",
        ) from exc
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        allowed = " ".join("{" + f + "}" for f in FIELDS)
        raise ValidationError(
            "greeting.field",
            f"模板里的 {{{unknown[0]}}} 不是可用的字段。可用字段：{allowed}",
            f"{{{unknown[0]}}} is not a field a template can use. Fields: {allowed}",
            field="template",
        )
    if not text.strip():
        raise ValidationError(
            "greeting.empty", "模板不能为空。", "The template is empty.", field="template"
        )
    return text


@dataclass(frozen=True)
class Greeting:
    customer_id: int
    name: str
    phone: str
    message: str


@dataclass(frozen=True)
class GreetingList:
    greetings: tuple[Greeting, ...]
    left_out_do_not_contact: int
    left_out_no_consent: int
    left_out_no_phone: int

    @property
    def left_out(self) -> int:
        return self.left_out_do_not_contact + self.left_out_no_consent + self.left_out_no_phone

    def left_out_text(self, language: str | None = None) -> str:
        """ "3 left out: 1 do not contact, 2 without marketing consent" (empty when none)."""
        zh = (language or current_language()) == "zh"
        parts = []
        for count, zh_why, en_why in (
            (self.left_out_do_not_contact, "拒绝联系", "do not contact"),
            (self.left_out_no_consent, "未同意接收营销信息", "without marketing consent"),
            (self.left_out_no_phone, "没有手机号", "without a phone number"),
        ):
            if count:
                parts.append(f"{count} 位{zh_why}" if zh else f"{count} {en_why}")
        if not parts:
            return ""
        if zh:
            return f"已略过 {self.left_out} 位客户：" + "，".join(parts) + "。"
        return f"{self.left_out} left out: " + ", ".join(parts) + "."


def _card_totals(customer_ids: list[int]) -> Select[tuple[int, Any, Any, str | None]]:
    """Per customer: points, card money and the highest tier of their active cards."""
    other = aliased(Card)
    top_tier = (
        select(Tier.name)
        .join(other, other.tier_id == Tier.id)
        .where(other.customer_id == Card.customer_id, other.status == "active")
        .order_by(Tier.rank.desc())
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(
            Card.customer_id,
            func.sum(Card.points),
            func.sum(Card.principal_fen + Card.bonus_fen),
            top_tier,
        )
        .where(Card.status == "active", Card.customer_id.in_(id_list(customer_ids)))
        .group_by(Card.customer_id)
    )


def build_greetings(
    session: Session, customer_ids: list[int], template: str, language: str | None = None
) -> GreetingList:
    """Fill ``template`` for each customer who may be contacted, in the order given."""

    check_template(template)
    lang = language or current_language()
    shop_raw = session.scalars(select(Setting.value).where(Setting.key == "shop_name")).first()
    shop = json.loads(shop_raw) if shop_raw else ""
    people = {
        row.id: row
        for row in session.execute(
            select(
                Customer.id,
                Customer.name,
                Customer.phone,
                Customer.marketing_consent,
                Customer.do_not_contact,
            ).where(Customer.id.in_(id_list(customer_ids)), Customer.status == "active")
        )
    }
    totals = {
        int(r[0]): (int(r[1] or 0), int(r[2] or 0), r[3])
        for r in session.execute(_card_totals(customer_ids)).all()
    }
    no_tier = "会员" if lang == "zh" else "member"
    greetings: list[Greeting] = []
    dnc = no_consent = no_phone = 0
    for cid in dict.fromkeys(customer_ids):
        person = people.get(cid)
        if person is None:
            continue
        if person.do_not_contact:
            dnc += 1
        elif not person.marketing_consent:
            no_consent += 1
        elif not person.phone:
            no_phone += 1
        else:
            points, balance, tier = totals.get(cid, (0, 0, None))
            message = template.format(
                name=person.name,
                tier=tier or no_tier,
                points=f"{points:,}",
                balance=format_fen(balance),
                shop=shop,
            )
            greetings.append(Greeting(cid, person.name, person.phone, message))
    return GreetingList(tuple(greetings), dnc, no_consent, no_phone)


GREETING_COLUMNS = (
    Column("姓名", "Name", width=14),
    Column("手机号码", "Mobile", CODE, 16),
    Column("短信内容", "Message", width=80),
)


def write_greetings_xlsx(greetings: GreetingList, path: Path) -> Path:
    """Name, phone (a text cell) and message, one row each, for a bulk-SMS platform's import.

    Headers in the interface language, frozen header row, filters; no cell is ever a
    formula. A failed write leaves no file behind.
    """
    with writing(path) as book:
        sheet = book.add_sheet(tr("短信", "SMS"), GREETING_COLUMNS)
        for g in greetings.greetings:
            sheet.write_row([g.name, g.phone, g.message])
    return Path(path)
