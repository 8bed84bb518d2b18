"""What the engagement service hands out: interactions, due follow-ups, feedback, surveys.

Frozen values built from rows (with the queries that fetch a feedback item's
steps), plus the Chinese names of channels, feedback kinds and statuses that
messages and screens share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Feedback, FeedbackEvent, Interaction, SurveyAnswer, User

CHANNEL_NAMES_ZH = {"visit": "到店", "call": "电话", "sms": "短信", "wechat": "微信", "email": "邮件"}
FEEDBACK_KIND_NAMES_ZH = {"complaint": "投诉", "suggestion": "建议", "praise": "表扬"}
FEEDBACK_STATUS_NAMES_ZH = {
    "open": "待处理",
    "in_progress": "处理中",
    "resolved": "已解决",
    "closed": "已关闭",
}
FEEDBACK_STATUS_NAMES_EN = {
    "open": "open",
    "in_progress": "in progress",
    "resolved": "resolved",
    "closed": "closed",
}


@dataclass(frozen=True)
class InteractionRecord:
    """One visit, call, SMS, WeChat message or email with a customer."""

    id: int
    customer_id: int
    ts: datetime
    channel: str
    summary: str
    outcome: str
    purpose: str
    follow_up_on: date | None
    follow_up_done: bool
    user_id: int | None
    username: str


@dataclass(frozen=True)
class FollowUpRecord:
    """A follow-up that is due: whom to contact, about what, since when.

    ``phone`` is masked unless the signed-in role may see full numbers.
    """

    interaction_id: int
    customer_id: int
    customer_name: str
    phone: str | None
    follow_up_on: date
    days_overdue: int
    channel: str
    summary: str
    purpose: str
    logged_by: str


@dataclass(frozen=True)
class FeedbackEventRecord:
    """One step of a feedback item: who moved it, when, from which status to which."""

    ts: datetime
    user_id: int | None
    username: str
    from_status: str | None
    to_status: str
    note: str


@dataclass(frozen=True)
class FeedbackRecord:
    """A complaint, suggestion or praise with its current status and every step so far."""

    id: int
    customer_id: int
    customer_name: str
    kind: str
    category: str
    description: str
    status: str
    resolution: str
    satisfaction: int | None
    created_at: datetime
    created_by: int | None
    resolved_at: datetime | None
    closed_at: datetime | None
    events: tuple[FeedbackEventRecord, ...]


@dataclass(frozen=True)
class SurveyRecord:
    """One survey answer: satisfaction 1–5 and NPS 0–10, either may be missing."""

    id: int
    customer_id: int
    answered_on: date
    satisfaction: int | None
    nps: int | None
    comment: str


def interaction_record(row: Interaction, username: str | None) -> InteractionRecord:
    return InteractionRecord(
        id=row.id,
        customer_id=row.customer_id,
        ts=row.ts,
        channel=row.channel,
        summary=row.summary,
        outcome=row.outcome,
        purpose=row.purpose,
        follow_up_on=row.follow_up_on,
        follow_up_done=row.follow_up_done,
        user_id=row.user_id,
        username=username or "",
    )


def event_record(row: FeedbackEvent, username: str | None) -> FeedbackEventRecord:
    return FeedbackEventRecord(
        ts=row.ts,
        user_id=row.user_id,
        username=username or "",
        from_status=row.from_status,
        to_status=row.to_status,
        note=row.note,
    )


def feedback_record(
    row: Feedback, customer_name: str, events: tuple[FeedbackEventRecord, ...]
) -> FeedbackRecord:
    return FeedbackRecord(
        id=row.id,
        customer_id=row.customer_id,
        customer_name=customer_name,
        kind=row.kind,
        category=row.category,
        description=row.description,
        status=row.status,
        resolution=row.resolution,
        satisfaction=row.satisfaction,
        created_at=row.created_at,
        created_by=row.created_by,
        resolved_at=row.resolved_at,
        closed_at=row.closed_at,
        events=events,
    )


def survey_record(row: SurveyAnswer) -> SurveyRecord:
    return SurveyRecord(
        id=row.id,
        customer_id=row.customer_id,
        answered_on=row.answered_on,
        satisfaction=row.satisfaction,
        nps=row.nps,
        comment=row.comment,
    )


def username_of(session: Session, user_id: int | None) -> str:
    if user_id is None:
        return ""
    return session.scalar(select(User.username).where(User.id == user_id)) or ""


def events_by_feedback(
    session: Session, feedback_ids: list[int]
) -> dict[int, list[FeedbackEventRecord]]:
    events: dict[int, list[FeedbackEventRecord]] = {fid: [] for fid in feedback_ids}
    if not feedback_ids:
        return events
    rows = session.execute(
        select(FeedbackEvent, User.username)
        .outerjoin(User, User.id == FeedbackEvent.user_id)
        .where(FeedbackEvent.feedback_id.in_(feedback_ids))
        .order_by(FeedbackEvent.feedback_id, FeedbackEvent.id)
    ).all()
    for event, name in rows:
        events[event.feedback_id].append(event_record(event, name))
    return events


def with_events(session: Session, rows: Sequence[tuple[Feedback, str]]) -> list[FeedbackRecord]:
    """Feedback rows with their customer's name, each given its steps (one query for all)."""
    events = events_by_feedback(session, [row.id for row, _ in rows])
    return [feedback_record(row, name, tuple(events[row.id])) for row, name in rows]


def load_feedback(session: Session, row: Feedback, customer_name: str) -> FeedbackRecord:
    return feedback_record(row, customer_name, tuple(events_by_feedback(session, [row.id])[row.id]))
