"""The fields of a merge: which columns go together, which value survives by default, the words.

The owner picks, per group of fields, whose value the survivor keeps. Columns that
only make sense together travel together (a birthday and whether it is lunar; the
address parts; an enterprise's kind, company, title and industry; the marketing
consent with its date and channel). By default the survivor keeps its own value,
unless it has none and the other customer has one; a request not to be contacted
wins over its absence (the person asked), and the earlier member-since date wins
(the person was a member from then on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.language import current_language
from crm_desktop.models.rules.validation import mask_id_number, mask_phone

KEEP = "keep"
OTHER = "other"
CHOICES = (KEEP, OTHER)


@dataclass(frozen=True)
class FieldGroup:
    """One choice of the merge: ``name`` (a customer field) and the columns it carries."""

    name: str
    columns: tuple[str, ...]

    @property
    def label(self) -> str:
        field = FIELDS_BY_NAME[self.name]
        return field.zh if current_language() == "zh" else field.en


FIELD_GROUPS: tuple[FieldGroup, ...] = (
    FieldGroup("name", ("name",)),
    FieldGroup("gender", ("gender",)),
    FieldGroup("birthday", ("birthday", "birthday_lunar")),
    FieldGroup("phone", ("phone",)),
    FieldGroup("phone2", ("phone2",)),
    FieldGroup("email", ("email",)),
    FieldGroup("id_number", ("id_number",)),
    FieldGroup("address", ("province", "city", "district", "address")),
    FieldGroup("kind", ("kind", "company", "contact_title", "industry")),
    FieldGroup("source", ("source",)),
    FieldGroup("referrer_id", ("referrer_id",)),
    FieldGroup("need_type", ("need_type",)),
    FieldGroup("notes", ("notes",)),
    FieldGroup("marketing_consent", ("marketing_consent", "consent_at", "consent_channel")),
    FieldGroup("do_not_contact", ("do_not_contact",)),
    FieldGroup("member_since", ("member_since",)),
)
GROUPS_BY_NAME = {g.name: g for g in FIELD_GROUPS}
# Unique among customers: the merged customer's copy is cleared before the survivor takes it.
UNIQUE_COLUMNS = ("phone", "id_number")


def group_values(customer: Customer, group: FieldGroup) -> tuple[Any, ...]:
    return tuple(getattr(customer, column) for column in group.columns)


def is_empty(group: FieldGroup, values: tuple[Any, ...]) -> bool:
    """Whether a customer has nothing in this group (an individual without a company is empty)."""
    if group.name == "kind":
        return values[0] != "enterprise" and not any(values[1:])
    if group.name in ("birthday", "marketing_consent"):
        return not values[0]
    return all(v in (None, "", False) for v in values)


def default_choice(group: FieldGroup, keep: Customer, other: Customer) -> str:
    """Whose value survives unless the owner says otherwise."""
    mine, theirs = group_values(keep, group), group_values(other, group)
    if mine == theirs:
        return KEEP
    pair = (keep.id, other.id)
    if group.name == "referrer_id" and (mine[0] in pair or theirs[0] in pair):
        # One of the two referred the other: the merged file cannot refer itself.
        return OTHER if mine[0] in pair else KEEP
    if group.name == "do_not_contact":
        return OTHER if theirs[0] and not mine[0] else KEEP
    if group.name == "member_since":
        return OTHER if mine[0] is None or (theirs[0] is not None and theirs[0] < mine[0]) else KEEP
    if group.name == "marketing_consent" and (keep.do_not_contact or other.do_not_contact):
        # Whoever asked not to be contacted gave no consent: never default into one.
        return KEEP if not mine[0] or theirs[0] else OTHER
    if is_empty(group, mine) and not is_empty(group, theirs):
        return OTHER
    return KEEP


def choices_for(
    keep: Customer, other: Customer, take: dict[str, str] | None
) -> dict[str, str]:
    """Every group's choice: ``take`` where given, the default elsewhere; refuses unknown names."""
    wanted = dict(take or {})
    unknown = [name for name in wanted if name not in GROUPS_BY_NAME]
    if unknown:
        names = ", ".join(g.name for g in FIELD_GROUPS)
        raise ValidationError(
            "merge.unknown_field",
            f"没有这个字段：{'、'.join(unknown)}。可选的字段：{names}。",
            f"No such field: {', '.join(unknown)}. The fields are: {names}.",
        )
    bad = [name for name, choice in wanted.items() if choice not in CHOICES]
    if bad:
        raise ValidationError(
            "merge.bad_choice",
            f"字段 {'、'.join(bad)} 只能选 keep（保留的客户）或 other（被合并的客户）。",
            f"For {', '.join(bad)} choose keep (the customer kept) or other (the one merged).",
        )
    return {g.name: wanted.get(g.name) or default_choice(g, keep, other) for g in FIELD_GROUPS}


def check_result(keep: Customer, other: Customer, chosen: dict[str, str]) -> None:
    """Refuse a combination of chosen values that could not be saved on one profile."""

    def final(column: str) -> Any:
        group = next(g for g in FIELD_GROUPS if column in g.columns)
        return getattr(other if chosen[group.name] == OTHER else keep, column)

    if final("do_not_contact") and final("marketing_consent"):
        raise ValidationError(
            "merge.consent_conflict",
            "所选的“拒绝联系”和“同意接收营销信息”互相矛盾：请把其中一项改选另一位客户的值。",
            "The chosen 'do not contact' and 'marketing consent' contradict each other: "
            "take the other customer's value for one of them.",
            field="marketing_consent",
        )
    if final("referrer_id") in (keep.id, other.id):
        raise ValidationError(
            "merge.self_referrer",
            "合并后客户不能是自己的介绍人：请改选另一位客户的介绍人，或先在档案里清除介绍人。",
            "After the merge the customer cannot be their own referrer: take the other "
            "customer's referrer, or clear the referrer on the profile first.",
            field="referrer_id",
        )


def group_text(group: FieldGroup, customer: Customer, referrer_name: str | None = None) -> str:
    """The group's value as the merge dialog shows it (numbers masked), or "" when empty."""
    values = group_values(customer, group)
    if is_empty(group, values) and group.name != "do_not_contact":
        return ""
    zh = current_language() == "zh"
    if group.name == "phone" or group.name == "phone2":
        return mask_phone(values[0]) or ""
    if group.name == "id_number":
        return mask_id_number(values[0]) or ""
    if group.name == "birthday":
        lunar = ("（农历）" if zh else " (lunar)") if values[1] else ""
        return f"{_plain(values[0])}{lunar}"
    if group.name == "kind":
        kind = _word("kind", values[0], zh)
        return " / ".join(str(v) for v in (kind, *values[1:]) if v)
    if group.name == "marketing_consent":
        parts = [_word("consent_channel", values[2], zh), _plain(values[1])]
        detail = "，".join(p for p in parts if p) if zh else ", ".join(p for p in parts if p)
        given = "同意" if zh else "given"
        return f"{given}（{detail}）" if zh and detail else (f"{given} ({detail})" if detail else given)
    if group.name == "do_not_contact":
        return ("是" if values[0] else "否") if zh else ("yes" if values[0] else "no")
    if group.name == "referrer_id":
        return f"#{values[0]} {referrer_name or ''}".strip()
    if group.name in ("gender", "source", "need_type"):
        return _word(group.name, values[0], zh)
    return " ".join(_plain(v) for v in values if v not in (None, ""))


_GENDER_WORDS = {"M": ("男", "male"), "F": ("女", "female")}


def _word(field: str, code: str | None, zh: bool) -> str:
    if not code:
        return ""
    if field == "gender":
        pair = _GENDER_WORDS.get(code)
        return code if pair is None else pair[0 if zh else 1]
    words = FIELDS_BY_NAME[field].words
    return words.get(code, code) if zh else code.replace("_", " ")


def _plain(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
