"""Engagement with customers: interactions and follow-ups, feedback and its workflow, surveys.

Feedback moves open → in progress → resolved → closed (``FEEDBACK_FLOW`` says
which steps are allowed, including reopening a resolved item); every step
leaves a FeedbackEvent row saying who moved it, when, and from where to where.
Satisfaction is recorded only after a resolution.

The audit entries name the customer, channel, kind and status, never the
summary or description text: those are the customer's own words.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import false, select

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import (
    Customer,
    Feedback,
    FeedbackEvent,
    Interaction,
    SurveyAnswer,
    User,
)
from crm_desktop.models.entities.engagement import (
    FEEDBACK_FLOW,
)
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.rules.engagement_checks import (
    check_feedback,
    check_interaction,
    check_satisfaction,
    check_status,
    check_survey,
    live_customer,
    missing,
)
from crm_desktop.models.rules.validation import clean_text, mask_phone
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.engagement_records import (
    FEEDBACK_STATUS_NAMES_EN,
    FEEDBACK_STATUS_NAMES_ZH,
    FeedbackRecord,
    FollowUpRecord,
    InteractionRecord,
    SurveyRecord,
    interaction_record,
    load_feedback,
    survey_record,
    username_of,
    with_events,
)

OPEN_STATUSES = ("open", "in_progress")


class EngagementService(Service):
    """Interactions, follow-ups, feedback and survey answers of customers."""

    # -- interactions ----------------------------------------------------------------------

    def log_interaction(
        self,
        customer_id: int,
        channel: str,
        summary: str,
        outcome: str = "",
        follow_up_on: date | None = None,
        purpose: str = "",
    ) -> InteractionRecord:
        """Record a visit, call, SMS, WeChat message or email, with an optional follow-up date."""
        text = check_interaction(channel, summary, follow_up_on)
        with self._action("interaction.log", Entity.INTERACTION, "engagement.write") as rec:
            live_customer(rec.session, customer_id)
            row = Interaction(
                customer_id=customer_id,
                ts=datetime.now(),
                channel=channel,
                summary=text,
                outcome=clean_text(outcome, "outcome", 200) or "",
                purpose=clean_text(purpose, "purpose", 20) or "",
                follow_up_on=follow_up_on,
                follow_up_done=False,
                user_id=self.actor.user_id,
            )
            rec.session.add(row)
            rec.session.flush()
            rec.entity_id = row.id
            rec.after = {
                "customer_id": customer_id,
                "channel": channel,
                "follow_up_on": follow_up_on,
            }
            logged = interaction_record(row, self.actor.username)
        return logged

    def complete_follow_up(self, interaction_id: int) -> InteractionRecord:
        """Mark an interaction's follow-up as done; it leaves the due list."""
        with self._action("interaction.follow_up_done", Entity.INTERACTION, "engagement.write") as rec:
            row = rec.session.get(Interaction, interaction_id)
            if row is None:
                raise missing("互动记录", "interaction")
            if row.follow_up_on is None:
                raise ValidationError(
                    "interaction.no_follow_up",
                    "这条互动记录没有安排回访。",
                    "This interaction has no follow-up scheduled.",
                )
            if row.follow_up_done:
                raise ConflictError(
                    "interaction.follow_up_done",
                    "这次回访已经标记为完成了。",
                    "This follow-up is already marked as done.",
                )
            row.follow_up_done = True
            rec.entity_id = row.id
            rec.before = {"follow_up_done": False}
            rec.after = {"follow_up_done": True, "customer_id": row.customer_id}
            rec.session.flush()
            done = interaction_record(row, username_of(rec.session, row.user_id))
        return done

    def interactions_of(self, customer_id: int, limit: int = 200) -> list[InteractionRecord]:
        """A customer's interactions, newest first."""
        with self._read("customer.read") as session:
            rows = session.execute(
                select(Interaction, User.username)
                .outerjoin(User, User.id == Interaction.user_id)
                .where(Interaction.customer_id == customer_id)
                .order_by(Interaction.ts.desc(), Interaction.id.desc())
                .limit(limit)
            ).all()
            return [interaction_record(row, name) for row, name in rows]

    def follow_ups_due(self, on_date: date, limit: int = 500) -> list[FollowUpRecord]:
        """Follow-ups not yet done that fall on or before ``on_date`` (overdue ones first).

        Customers who asked not to be contacted, and anonymised ones, are left out:
        the list is who to contact, and they must not be.
        """
        with self._read("customer.read") as session:
            rows = session.execute(
                select(Interaction, Customer.name, Customer.phone, User.username)
                .join(Customer, Customer.id == Interaction.customer_id)
                .outerjoin(User, User.id == Interaction.user_id)
                # `== false()` renders a literal 0, which lets SQLite use the partial index.
                .where(
                    Interaction.follow_up_done == false(),
                    Interaction.follow_up_on <= on_date,
                    Customer.do_not_contact == false(),
                    Customer.status != "anonymised",
                )
                .order_by(Interaction.follow_up_on, Interaction.id)
                .limit(limit)
            ).all()
        due: list[FollowUpRecord] = []
        for row, name, phone, logged_by in rows:
            assert row.follow_up_on is not None
            due.append(
                FollowUpRecord(
                    interaction_id=row.id,
                    customer_id=row.customer_id,
                    customer_name=name,
                    # A list on screen: masked for everyone (the owner's "show" is per profile).
                    phone=mask_phone(phone),
                    follow_up_on=row.follow_up_on,
                    days_overdue=max(0, (on_date - row.follow_up_on).days),
                    channel=row.channel,
                    summary=row.summary,
                    purpose=row.purpose,
                    logged_by=logged_by or "",
                )
            )
        return due

    # -- feedback ----------------------------------------------------------------------------

    def open_feedback(
        self, customer_id: int, kind: str, category: str, description: str
    ) -> FeedbackRecord:
        """Record a complaint, suggestion or praise; it starts in status "open"."""
        text = check_feedback(kind, description)
        cat = clean_text(category, "category", 40) or ""
        with self._action("feedback.open", Entity.FEEDBACK, "engagement.write") as rec:
            customer = live_customer(rec.session, customer_id)
            row = Feedback(
                customer_id=customer_id,
                kind=kind,
                category=cat,
                description=text,
                status="open",
                resolution="",
                created_at=datetime.now(),
                created_by=self.actor.user_id,
            )
            rec.session.add(row)
            rec.session.flush()
            rec.session.add(self._event(row.id, None, "open", ""))
            rec.session.flush()
            rec.entity_id = row.id
            rec.after = {"customer_id": customer_id, "kind": kind, "category": cat, "status": "open"}
            opened = load_feedback(rec.session, row, customer.name)
        return opened

    def move_feedback(
        self,
        feedback_id: int,
        to_status: str,
        note: str = "",
        resolution: str = "",
        satisfaction: int | None = None,
    ) -> FeedbackRecord:
        """Move feedback one step along its workflow.

        Resolving needs a resolution (given now or earlier) and stamps ``resolved_at``;
        closing stamps ``closed_at``; reopening a resolved item clears its resolution
        time and satisfaction. Satisfaction (1–5) is accepted only when resolving, or
        when closing an item that was resolved.
        """
        check_status(to_status)
        note_text = clean_text(note, "note", 500) or ""
        resolution_text = clean_text(resolution, "resolution", 2000)
        if satisfaction is not None:
            check_satisfaction(satisfaction)
        with self._action("feedback.move", Entity.FEEDBACK, "engagement.write") as rec:
            row = rec.session.get(Feedback, feedback_id)
            if row is None:
                raise missing("反馈", "feedback")
            before = row.status
            if to_status not in FEEDBACK_FLOW[before]:
                raise ConflictError(
                    "feedback.flow",
                    f"反馈不能从“{FEEDBACK_STATUS_NAMES_ZH[before]}”改为"
                    f"“{FEEDBACK_STATUS_NAMES_ZH[to_status]}”。",
                    f"Feedback cannot go from {FEEDBACK_STATUS_NAMES_EN[before]} to "
                    f"{FEEDBACK_STATUS_NAMES_EN[to_status]}.",
                    field="to_status",
                )
            if satisfaction is not None and not (
                to_status == "resolved" or (to_status == "closed" and before == "resolved")
            ):
                raise ValidationError(
                    "feedback.satisfaction_early",
                    "只有在问题解决之后才能记录客户满意度。",
                    "Satisfaction can only be recorded once the issue is resolved.",
                    field="satisfaction",
                )
            if resolution_text is not None:
                row.resolution = resolution_text
            now = datetime.now()
            if to_status == "resolved":
                if not row.resolution:
                    raise ValidationError(
                        "feedback.resolution",
                        "标记为已解决之前，请写下处理结果。",
                        "Write down how it was resolved before marking it resolved.",
                        field="resolution",
                    )
                row.resolved_at = now
            elif to_status == "closed":
                row.closed_at = now
            elif before == "resolved":
                # Reopened: the earlier resolution did not hold, nor did its satisfaction.
                row.resolved_at = None
                row.satisfaction = None
            if satisfaction is not None:
                row.satisfaction = satisfaction
            row.status = to_status
            rec.session.add(self._event(row.id, before, to_status, note_text, now))
            rec.session.flush()
            rec.entity_id = row.id
            rec.before = {"status": before}
            rec.after = {
                "status": to_status,
                "customer_id": row.customer_id,
                "satisfaction": row.satisfaction,
            }
            customer = rec.session.get(Customer, row.customer_id)
            moved = load_feedback(rec.session, row, customer.name if customer else "")
        return moved

    def feedback_of(self, customer_id: int) -> list[FeedbackRecord]:
        """A customer's feedback, newest first, each with its steps."""
        with self._read("customer.read") as session:
            rows = session.execute(
                select(Feedback, Customer.name)
                .join(Customer, Customer.id == Feedback.customer_id)
                .where(Feedback.customer_id == customer_id)
                .order_by(Feedback.created_at.desc(), Feedback.id.desc())
            )
            return with_events(session, [(row, name) for row, name in rows])

    def open_complaints(self, limit: int = 500) -> list[FeedbackRecord]:
        """Complaints still open or in progress, the longest-waiting first."""
        with self._read("customer.read") as session:
            rows = session.execute(
                select(Feedback, Customer.name)
                .join(Customer, Customer.id == Feedback.customer_id)
                .where(Feedback.status.in_(OPEN_STATUSES), Feedback.kind == "complaint")
                .order_by(Feedback.created_at, Feedback.id)
                .limit(limit)
            )
            return with_events(session, [(row, name) for row, name in rows])

    # -- surveys -----------------------------------------------------------------------------

    def record_survey(
        self,
        customer_id: int,
        answered_on: date,
        satisfaction: int | None = None,
        nps: int | None = None,
        comment: str = "",
    ) -> SurveyRecord:
        """Record a survey answer: satisfaction 1–5 and/or NPS 0–10, dated."""
        text = check_survey(answered_on, satisfaction, nps, comment)
        with self._action("survey.record", Entity.SURVEY, "engagement.write") as rec:
            live_customer(rec.session, customer_id)
            row = SurveyAnswer(
                customer_id=customer_id,
                answered_on=answered_on,
                satisfaction=satisfaction,
                nps=nps,
                comment=text,
            )
            rec.session.add(row)
            rec.session.flush()
            rec.entity_id = row.id
            rec.after = {"customer_id": customer_id, "satisfaction": satisfaction, "nps": nps}
            answer = survey_record(row)
        return answer

    def surveys_of(self, customer_id: int) -> list[SurveyRecord]:
        """A customer's survey answers, newest first."""
        with self._read("customer.read") as session:
            rows = session.scalars(
                select(SurveyAnswer)
                .where(SurveyAnswer.customer_id == customer_id)
                .order_by(SurveyAnswer.answered_on.desc(), SurveyAnswer.id.desc())
            )
            return [survey_record(row) for row in rows]

    # -- helpers -----------------------------------------------------------------------------

    def _event(
        self,
        feedback_id: int,
        from_status: str | None,
        to_status: str,
        note: str,
        ts: datetime | None = None,
    ) -> FeedbackEvent:
        return FeedbackEvent(
            feedback_id=feedback_id,
            ts=ts or datetime.now(),
            user_id=self.actor.user_id,
            from_status=from_status,
            to_status=to_status,
            note=note,
        )
