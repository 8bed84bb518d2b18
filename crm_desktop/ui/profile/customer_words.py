"""How a customer file's choices and stamps read on screen, and how typed tags are split.

Choice codes are the model's (``customer_records``); "" stands for "not given",
because a combo item holding None comes back from PySide6 6.12 one reference
short.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from crm_desktop.models.language import current_language
from crm_desktop.models.rules.profile_facts import fact_labels
from crm_desktop.models.services.customer_records import CustomerRecord, clean_tags

translate = QCoreApplication.translate
_TAG_SPLIT = re.compile(r"[,，、;；\s]+")


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "咖啡, 甜点、茶" (commas, 、, semicolons or spaces between them)."""
    return clean_tags([tag for tag in _TAG_SPLIT.split(text) if tag])


def gender_choices() -> dict[str, str]:
    return {
        "": translate("CustomerForm", "Not given"),
        "M": translate("CustomerForm", "Male"),
        "F": translate("CustomerForm", "Female"),
    }


def kind_choices() -> dict[str, str]:
    return {
        "individual": translate("CustomerForm", "Individual"),
        "enterprise": translate("CustomerForm", "Enterprise"),
    }


def source_choices() -> dict[str, str]:
    return {
        "": translate("CustomerForm", "Not given"),
        "walk_in": translate("CustomerForm", "Walk-in"),
        "referral": translate("CustomerForm", "Referral"),
        "questionnaire": translate("CustomerForm", "Questionnaire"),
        "event": translate("CustomerForm", "Event"),
        "website": translate("CustomerForm", "Website"),
        "phone": translate("CustomerForm", "Phone"),
        "other": translate("CustomerForm", "Other"),
    }


def need_choices() -> dict[str, str]:
    return {
        "": translate("CustomerForm", "Not given"),
        "price": translate("CustomerForm", "Price"),
        "quality": translate("CustomerForm", "Quality"),
        "service": translate("CustomerForm", "Service"),
    }


def consent_channel_choices() -> dict[str, str]:
    return {
        "": translate("CustomerForm", "Not given"),
        "in_person": translate("CustomerForm", "In person"),
        "paper_form": translate("CustomerForm", "Paper form"),
        "wechat": translate("CustomerForm", "WeChat"),
        "sms": translate("CustomerForm", "SMS"),
        "phone": translate("CustomerForm", "Phone"),
        "website": translate("CustomerForm", "Website"),
        "email": translate("CustomerForm", "Email"),
        "import": translate("CustomerForm", "Imported"),
    }


def record_stamps(record: CustomerRecord) -> str:
    """Who opened and last changed the file, and when; when consent was given."""
    parts = [
        translate("CustomerForm", "Opened %1 by %2")
        .replace("%1", record.created_at.strftime("%Y-%m-%d"))
        .replace("%2", record.created_by or "—"),
        translate("CustomerForm", "last changed %1 by %2")
        .replace("%1", record.updated_at.strftime("%Y-%m-%d %H:%M"))
        .replace("%2", record.updated_by or "—"),
    ]
    if record.marketing_consent and record.consent_at:
        parts.append(translate("CustomerForm", "consent given %1").replace(
            "%1", record.consent_at.strftime("%Y-%m-%d")))
    return "; ".join(parts)


def fact_list(keys: tuple[str, ...]) -> str:
    """Profile facts by name, as a list reads: "生日、邮箱" / "Birthday, Email"."""
    return ("、" if current_language() == "zh" else ", ").join(fact_labels(keys))
