"""Input checks of the engagement service, each refusing with one sentence in Chinese and English."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from crm_desktop.models.entities import Customer
from crm_desktop.models.entities.engagement import CHANNELS, FEEDBACK_KINDS, FEEDBACK_STATUSES
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.rules.merged_customers import refuse_if_merged
from crm_desktop.models.rules.validation import clean_text


def check_interaction(channel: str, summary: str, follow_up_on: date | None) -> str:
    """The cleaned summary of a new interaction, after checking channel and follow-up date."""
    if channel not in CHANNELS:
        raise ValidationError(
            "interaction.channel",
            "联系方式只能是到店、电话、短信、微信或邮件。",
            "The channel must be visit, call, SMS, WeChat or email.",
            field="channel",
        )
    text = clean_text(summary, "summary", 2000)
    if text is None:
        raise ValidationError(
            "interaction.summary",
            "请写下这次沟通的内容。",
            "Please write what the contact was about.",
            field="summary",
        )
    if follow_up_on is not None and follow_up_on < date.today():
        raise ValidationError(
            "interaction.follow_up_past",
            "回访日期不能早于今天。",
            "The follow-up date cannot be before today.",
            field="follow_up_on",
        )
    return text


def check_feedback(kind: str, description: str) -> str:
    """The cleaned description of new feedback, after checking its kind."""
    if kind not in FEEDBACK_KINDS:
        raise ValidationError(
            "feedback.kind",
            "反馈类型只能是投诉、建议或表扬。",
            "Feedback must be a complaint, a suggestion or praise.",
            field="kind",
        )
    text = clean_text(description, "description", 2000)
    if text is None:
        raise ValidationError(
            "feedback.description",
            "请写下客户反馈的具体内容。",
            "Please describe what the customer said.",
            field="description",
        )
    return text


def check_status(status: str) -> None:
    """Refuse a feedback status that does not exist."""
    if status not in FEEDBACK_STATUSES:
        raise ValidationError(
            "feedback.status",
            "反馈状态只能是待处理、处理中、已解决或已关闭。",
            "The status must be open, in progress, resolved or closed.",
            field="to_status",
        )


def check_satisfaction(value: int) -> None:
    """Satisfaction is a whole number from 1 to 5."""
    _check_scale(value, "satisfaction", 1, 5, "满意度", "Satisfaction")


def check_survey(
    answered_on: date, satisfaction: int | None, nps: int | None, comment: str
) -> str:
    """The cleaned comment of a survey answer, after checking its scores and date."""
    if satisfaction is not None:
        check_satisfaction(satisfaction)
    if nps is not None:
        _check_scale(nps, "nps", 0, 10, "推荐意愿（NPS）", "NPS")
    text = clean_text(comment, "comment", 2000) or ""
    if satisfaction is None and nps is None and not text:
        raise ValidationError(
            "survey.empty",
            "问卷是空的：请至少填写满意度、推荐意愿或意见中的一项。",
            "The survey is empty: give a satisfaction score, an NPS score or a comment.",
        )
    if answered_on > date.today():
        raise ValidationError(
            "survey.future",
            "答卷日期不能是将来的日期。",
            "The answer date cannot be in the future.",
            field="answered_on",
        )
    return text


def live_customer(session: Session, customer_id: int) -> Customer:
    """The customer to record something for; refuses a missing or anonymised one, and a
    merged one (naming the customer it was merged into)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise missing("客户", "customer")
    refuse_if_merged(session, customer)
    if customer.status == "anonymised":
        raise ConflictError(
            "customer.anonymised",
            "这位客户的档案已匿名化，不能再添加记录。",
            "This customer's file has been anonymised; nothing more can be recorded for it.",
        )
    return customer


def missing(what_zh: str, what_en: str) -> NotFound:
    """The refusal for a record that is gone."""
    return NotFound(
        f"{what_en}.missing",
        f"找不到这条{what_zh}，可能已被删除。",
        f"This {what_en} no longer exists; it may have been deleted.",
    )


def _check_scale(value: int, field: str, low: int, high: int, name_zh: str, name_en: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            f"survey.{field}",
            f"{name_zh}必须是 {low} 到 {high} 之间的整数。",
            f"{name_en} must be a whole number from {low} to {high}.",
            field=field,
        )
