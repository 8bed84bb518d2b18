"""What goes into and comes out of the customer services: plain, frozen values.

``CustomerInput`` is what a profile form or an import row provides, as typed;
``clean_customer_input`` turns it into column values or refuses it with one clear
sentence. ``CustomerRecord`` is what a screen shows (phone and ID number masked
unless the user may see them in full); ``SearchHit``/``SearchPage`` are the rows
of a result list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import object_session

from crm_desktop.models.customer_fields import (
    CONSENT_CHANNEL_LABELS,
    CUSTOMER_FIELDS,
    FIELDS_BY_NAME,
    KIND_LABELS,
    NEED_TYPE_LABELS,
    SOURCE_LABELS,
)
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.profile_facts import DEFAULT_FACTS, completeness_score
from crm_desktop.models.rules.validation import (
    check_birthday,
    check_choice,
    check_email,
    check_gender,
    check_id_number,
    check_name,
    check_phone,
    clean_text,
    mask_id_number,
    mask_phone,
    parse_date,
)
from crm_desktop.models.services.shop_settings import load_settings

ENTERPRISE_FIELDS = ("company", "contact_title", "industry")
MASKED_FIELDS = ("phone", "phone2", "id_number")
MAX_TAGS = 30

Phone = str | int | float | None


@dataclass(frozen=True)
class CustomerInput:
    """One customer's profile as a form or an import row gives it (not yet checked).

    Phone, ID number and birthday may arrive as spreadsheets deliver them
    (numbers, dates, text). On an update, a masked value exactly as the record
    showed it (``138****5678``) means "unchanged".
    """

    name: str
    phone: Phone = None
    phone2: Phone = None
    gender: str | None = None
    birthday: date | str | int | float | None = None
    birthday_lunar: bool = False
    email: str | None = None
    id_number: str | int | float | None = None
    address: str | None = None
    province: str | None = None
    city: str | None = None
    district: str | None = None
    kind: str = "individual"
    company: str | None = None
    contact_title: str | None = None
    industry: str | None = None
    source: str | None = None
    referrer_id: int | None = None
    need_type: str | None = None
    notes: str | None = None
    marketing_consent: bool = False
    consent_channel: str | None = None
    consent_at: datetime | None = None
    do_not_contact: bool = False
    tags: tuple[str, ...] = ()
    # 入会日期: None on a new file means today; on an edit, unchanged. Only the owner changes it.
    member_since: date | str | int | float | None = None

    @classmethod
    def from_record(cls, record: CustomerRecord) -> CustomerInput:
        """The input that would save ``record`` unchanged (the start of an edit form)."""
        return cls(**{f.name: getattr(record, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class CustomerRecord:
    """A customer file as a screen shows it: phone and ID numbers masked, for every role.

    ``pii_masked`` is always True (kept so callers can check it); the owner gets a
    full number, logged, from ``PrivacyService.reveal_full_number``.
    """

    id: int
    name: str
    phone: str | None
    phone2: str | None
    gender: str | None
    birthday: date | None
    birthday_lunar: bool
    email: str | None
    id_number: str | None
    address: str | None
    province: str | None
    city: str | None
    district: str | None
    kind: str
    company: str | None
    contact_title: str | None
    industry: str | None
    source: str | None
    referrer_id: int | None
    referrer_name: str | None
    need_type: str | None
    notes: str | None
    marketing_consent: bool
    consent_at: datetime | None
    consent_channel: str | None
    do_not_contact: bool
    status: str
    terminated_at: datetime | None
    tags: tuple[str, ...]
    created_at: datetime
    created_by: str | None
    updated_at: datetime
    updated_by: str | None
    version: int
    completeness: int
    pii_masked: bool
    member_since: date | None = None
    contact_confirmed_at: datetime | None = None
    # Imported values left out because they were wrong: {field: value as found}.
    corrections: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SearchHit:
    """One row of a result list. ``phone`` is masked for every role (search matches full numbers).

    ``card_numbers`` are the customer's active cards, ``tier_name`` the highest tier
    among them. ``matched_by`` says why the row is here: "card", "phone",
    "phone_suffix", "name" or "" (browsing); ``matched_card_status`` is the status
    of the card whose number was typed or scanned, which may be lost or replaced.
    """

    id: int
    name: str
    phone: str | None
    status: str
    kind: str
    card_numbers: tuple[str, ...]
    tier_name: str | None
    matched_by: str
    matched_card_status: str | None = None


@dataclass(frozen=True)
class SearchPage:
    """One page of results, in order, with the cursor of the next page (None on the last).

    ``total`` is the exact number of matches when ``total_exact``; otherwise a
    lower bound (show it as "1000+"), because counting a million rows on every
    keystroke would cost more than the search itself. ``sort`` is the order the
    hits are in: a name search with more than a thousand matches ("王") comes
    newest first even when sorted by name was asked for, since sorting them would
    mean reading every match; typing one more character narrows it.
    """

    hits: tuple[SearchHit, ...]
    next_cursor: str | None
    total: int
    total_exact: bool
    sort: str


def check_field(name: str, value: Any, today: date | None = None) -> Any:
    """One typed field checked and normalised, or ValidationError naming it.

    The profile form checks each field as it is typed with this, and
    ``clean_customer_input`` checks the whole file with it.
    """
    if name == "name":
        return check_name(value)
    if name in ("phone", "phone2"):
        return check_phone(value, name)
    if name == "gender":
        return check_gender(value)
    if name == "birthday":
        return check_birthday(value, today)
    if name == "email":
        return check_email(value)
    if name == "id_number":
        return check_id_number(value, today)
    limit = FIELDS_BY_NAME[name].max_length
    if limit is None:
        raise KeyError(name)
    return clean_text(value, name, limit)


# The fields checked one by one, without the file or the other fields.
CHECKED_FIELDS: tuple[str, ...] = (
    "name", "phone", "phone2", "gender", "birthday", "email", "id_number",
    *(f.name for f in CUSTOMER_FIELDS if f.max_length is not None),
)


def clean_customer_input(data: CustomerInput, today: date | None = None) -> dict[str, Any]:
    """Column values for ``data``, normalised, or ValidationError naming the field.

    Checks each field and the rules between them: enterprise fields only for
    enterprise customers (which need a company name), consent recorded with its
    channel and cleared when withdrawn, no marketing consent for a do-not-contact
    customer. Birthday and gender are taken from the ID number when left empty.
    Does not check what needs the file (duplicates, the referrer); the service does.
    """
    kind = check_choice(data.kind, "kind", KIND_LABELS, "客户类型", "Customer kind") or "individual"
    values: dict[str, Any] = {
        name: check_field(name, getattr(data, name), today) for name in CHECKED_FIELDS
    }
    values.update({
        "birthday_lunar": bool(data.birthday_lunar),
        "kind": kind,
        "source": check_choice(data.source, "source", SOURCE_LABELS, "客户来源", "Source"),
        "referrer_id": _check_referrer_id(data.referrer_id),
        "need_type": check_choice(
            data.need_type, "need_type", NEED_TYPE_LABELS, "需求类型", "Need type"
        ),
        "do_not_contact": bool(data.do_not_contact),
        "member_since": check_member_since(data.member_since, today),
    })
    _check_enterprise(values)
    values.update(_consent(data, values["do_not_contact"]))
    if values["id_number"]:
        _fill_from_id_number(values)
    if values["phone2"] is not None and values["phone2"] == values["phone"]:
        values["phone2"] = None
    return values


def check_member_since(value: object, today: date | None = None) -> date | None:
    """The day a customer joined: a date, not in the future and not before 1900."""
    day = parse_date(value, "member_since")
    if day is None:
        return None
    if day > (today or date.today()):
        raise ValidationError("invalid.member_since", "入会日期不能是将来的日期。",
                              "The member-since date cannot be in the future.",
                              field="member_since")
    if day.year < 1900:
        raise ValidationError("invalid.member_since", "入会日期早于 1900 年，请核对。",
                              "The member-since date is before 1900; please check.",
                              field="member_since")
    return day


def _check_referrer_id(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError("invalid.referrer_id", "推荐人选择有误，请重新选择。",
                              "The referrer is not valid; choose them again.", field="referrer_id")
    return value


def _check_enterprise(values: dict[str, Any]) -> None:
    if values["kind"] == "enterprise":
        if not values["company"]:
            raise ValidationError("invalid.company", "企业客户请填写公司名称。",
                                  "An enterprise customer needs a company name.", field="company")
        return
    for name in ENTERPRISE_FIELDS:
        if values[name]:
            raise ValidationError(
                f"invalid.{name}",
                "公司、职务和行业只用于企业客户。请把客户类型改为“企业”，或清空这几项。",
                "Company, title and industry are only for enterprise customers. Set the kind "
                "to enterprise or clear them.",
                field=name,
            )


def _consent(data: CustomerInput, do_not_contact: bool) -> dict[str, Any]:
    if not data.marketing_consent:
        # Withdrawn or never given: no date or channel may suggest otherwise.
        return {"marketing_consent": False, "consent_channel": None, "consent_at": None}
    if do_not_contact:
        raise ValidationError(
            "invalid.marketing_consent",
            "客户已要求不再联系，不能同时同意接收营销信息。请取消其中一项。",
            "The customer asked not to be contacted, so marketing consent cannot be given "
            "too. Untick one of them.",
            field="marketing_consent",
        )
    channel = check_choice(
        data.consent_channel, "consent_channel", CONSENT_CHANNEL_LABELS, "同意渠道",
        "Consent channel",
    )
    return {
        "marketing_consent": True,
        "consent_channel": channel or "in_person",
        "consent_at": data.consent_at,
    }


def _fill_from_id_number(values: dict[str, Any]) -> None:
    id_number: str = values["id_number"]
    if values["birthday"] is None:
        values["birthday"] = date(int(id_number[6:10]), int(id_number[10:12]),
                                  int(id_number[12:14]))
    if values["gender"] is None:
        values["gender"] = "M" if int(id_number[16]) % 2 else "F"


def clean_tags(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tag names trimmed, without empties or repeats, in the order given."""
    cleaned: dict[str, None] = {}
    for raw in names:
        name = clean_text(raw, "tags", 40)
        if name:
            cleaned[name] = None
    if len(cleaned) > MAX_TAGS:
        raise ValidationError("invalid.tags", f"标签太多：一位客户最多 {MAX_TAGS} 个。",
                              f"Too many tags: at most {MAX_TAGS} per customer.", field="tags")
    return tuple(cleaned)


def profile_completeness(
    values: Customer | CustomerRecord, facts: Sequence[str] | None = None
) -> int:
    """How much of the profile is filled in, 0–100, over ``facts`` (``rules.profile_facts``).

    Without ``facts``, a customer loaded in a session is scored over the facts the owner
    chose (shop setting ``completeness_fields``), so the record a service builds says what
    the completeness list says; anything else over the ten default facts, ten points each.
    """
    if facts is None:
        session = object_session(values) if isinstance(values, Customer) else None
        facts = load_settings(session).completeness_fields if session else DEFAULT_FACTS
    return completeness_score(values, facts)


def build_record(
    customer: Customer,
    *,
    created_by: str | None,
    updated_by: str | None,
    referrer_name: str | None,
) -> CustomerRecord:
    """The screen's view of a loaded customer, phone and ID numbers masked for every role.

    A full number reaches a screen only through ``PrivacyService.reveal_full_number``,
    which logs the show.
    """
    return CustomerRecord(
        id=customer.id, name=customer.name,
        phone=mask_phone(customer.phone), phone2=mask_phone(customer.phone2),
        gender=customer.gender, birthday=customer.birthday,
        birthday_lunar=customer.birthday_lunar, email=customer.email,
        id_number=mask_id_number(customer.id_number),
        address=customer.address, province=customer.province, city=customer.city,
        district=customer.district, kind=customer.kind, company=customer.company,
        contact_title=customer.contact_title, industry=customer.industry,
        source=customer.source, referrer_id=customer.referrer_id, referrer_name=referrer_name,
        need_type=customer.need_type, notes=customer.notes,
        marketing_consent=customer.marketing_consent, consent_at=customer.consent_at,
        consent_channel=customer.consent_channel, do_not_contact=customer.do_not_contact,
        status=customer.status, terminated_at=customer.terminated_at,
        tags=tuple(sorted(tag.name for tag in customer.tags)),
        created_at=customer.created_at, created_by=created_by,
        updated_at=customer.updated_at, updated_by=updated_by,
        version=customer.version, completeness=profile_completeness(customer),
        pii_masked=True,
        member_since=customer.member_since,
        contact_confirmed_at=customer.contact_confirmed_at,
        corrections=tuple(sorted(json.loads(customer.corrections).items()))
        if customer.corrections else (),
    )
