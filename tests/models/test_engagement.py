"""Interactions and follow-ups, feedback through its workflow, and survey answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, update

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import (
    AuditEntry,
    Customer,
    Feedback,
    FeedbackEvent,
    Interaction,
    SurveyAnswer,
)
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

TODAY = date.today()


def add_customer(store: Store, name: str, phone: str, **extra: object) -> int:
    with store.write() as session:
        customer = Customer(name=name, phone=phone, phone_rev=phone[::-1], **extra)
        session.add(customer)
        session.flush()
        return customer.id


def count(store: Store, entity: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(entity)) or 0)


@pytest.fixture
def zhang(store: Store) -> int:
    return add_customer(store, "张三", "13812345678")


def test_clerk_logs_a_call_with_a_follow_up_that_becomes_due(
    store: Store, clerk: Actor, zhang: int
) -> None:
    service = EngagementService(store, clerk)
    logged = service.log_interaction(
        zhang, "call", "询问会员卡续费", outcome="考虑中", follow_up_on=TODAY + timedelta(days=3)
    )

    assert (logged.channel, logged.summary, logged.username) == ("call", "询问会员卡续费", "clerk1")
    assert [i.id for i in service.interactions_of(zhang)] == [logged.id]
    assert service.follow_ups_due(TODAY) == []
    due = service.follow_ups_due(TODAY + timedelta(days=5))
    assert [(d.customer_name, d.days_overdue, d.logged_by) for d in due] == [("张三", 2, "clerk1")]
    # The list is on screen, so the number is masked for everyone, the owner too.
    assert due[0].phone == "138****5678"
    owner_view = EngagementService(store, store.actor_for("boss")).follow_ups_due(
        TODAY + timedelta(days=5)
    )
    assert owner_view[0].phone == "138****5678"
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "interaction.log"
    assert "续费" not in entry.after  # the customer's own words stay out of the audit log


def test_completed_follow_up_leaves_the_due_list(store: Store, clerk: Actor, zhang: int) -> None:
    service = EngagementService(store, clerk)
    logged = service.log_interaction(zhang, "visit", "到店试用", follow_up_on=TODAY)

    done = service.complete_follow_up(logged.id)

    assert done.follow_up_done
    assert service.follow_ups_due(TODAY) == []
    with pytest.raises(ConflictError, match="已经标记为完成"):
        service.complete_follow_up(logged.id)
    plain = service.log_interaction(zhang, "sms", "发送生日祝福")
    with pytest.raises(ValidationError, match="没有安排回访"):
        service.complete_follow_up(plain.id)


def test_follow_ups_skip_customers_who_asked_not_to_be_contacted(
    store: Store, owner: Actor, zhang: int
) -> None:
    quiet = add_customer(store, "李四", "13900001111", do_not_contact=True)
    service = EngagementService(store, owner)
    service.log_interaction(zhang, "call", "回访", follow_up_on=TODAY)
    service.log_interaction(quiet, "call", "回访", follow_up_on=TODAY)

    assert [d.customer_name for d in service.follow_ups_due(TODAY)] == ["张三"]


def test_overdue_follow_ups_come_first(store: Store, owner: Actor, zhang: int) -> None:
    service = EngagementService(store, owner)
    later = service.log_interaction(zhang, "call", "第二次", follow_up_on=TODAY + timedelta(days=1))
    first = service.log_interaction(zhang, "call", "第一次", follow_up_on=TODAY)
    # An overdue one, as if logged last week.
    with store.write() as session:
        session.execute(
            update(Interaction)
            .where(Interaction.id == first.id)
            .values(follow_up_on=TODAY - timedelta(days=4))
        )

    due = service.follow_ups_due(TODAY + timedelta(days=1))
    assert [(d.interaction_id, d.days_overdue) for d in due] == [(first.id, 5), (later.id, 0)]


def test_bad_interactions_are_refused_and_nothing_is_written(
    store: Store, clerk: Actor, zhang: int
) -> None:
    service = EngagementService(store, clerk)
    with pytest.raises(ValidationError, match="联系方式只能是到店、电话、短信、微信或邮件"):
        service.log_interaction(zhang, "fax", "传真")
    with pytest.raises(ValidationError, match="请写下这次沟通的内容"):
        service.log_interaction(zhang, "call", "   ")
    with pytest.raises(ValidationError, match="回访日期不能早于今天"):
        service.log_interaction(zhang, "call", "回访", follow_up_on=TODAY - timedelta(days=1))
    with pytest.raises(NotFound, match="找不到这条客户"):
        service.log_interaction(999, "call", "打错了")
    assert count(store, Interaction) == 0


def test_accountant_reads_but_cannot_record(store: Store, accountant: Actor, zhang: int) -> None:
    service = EngagementService(store, accountant)
    with pytest.raises(PermissionDenied, match="会计账号无权记录互动和反馈"):
        service.log_interaction(zhang, "call", "查账")
    with pytest.raises(PermissionDenied, match="无权记录互动和反馈"):
        service.open_feedback(zhang, "complaint", "服务", "态度差")
    with pytest.raises(PermissionDenied, match="无权记录互动和反馈"):
        service.record_survey(zhang, TODAY, satisfaction=5)
    assert service.interactions_of(zhang) == []
    assert count(store, Interaction) + count(store, Feedback) + count(store, SurveyAnswer) == 0


def test_a_complaint_walks_its_workflow_with_who_and_when_at_each_step(
    store: Store, clerk: Actor, zhang: int
) -> None:
    service = EngagementService(store, clerk)
    opened = service.open_feedback(zhang, "complaint", "服务态度", "前台等了二十分钟没人理")
    assert opened.status == "open"
    assert [c.id for c in service.open_complaints()] == [opened.id]

    service.move_feedback(opened.id, "in_progress", note="店长已致电道歉")
    with pytest.raises(ValidationError, match="只有在问题解决之后才能记录客户满意度"):
        service.move_feedback(opened.id, "closed", satisfaction=4)
    with pytest.raises(ValidationError, match="请写下处理结果"):
        service.move_feedback(opened.id, "resolved")
    resolved = service.move_feedback(opened.id, "resolved", resolution="赠送一次护理", satisfaction=4)
    assert service.open_complaints() == []
    closed = service.move_feedback(opened.id, "closed")

    assert (closed.status, closed.resolution, closed.satisfaction) == ("closed", "赠送一次护理", 4)
    assert resolved.resolved_at is not None and closed.closed_at is not None
    assert [(e.from_status, e.to_status, e.username) for e in closed.events] == [
        (None, "open", "clerk1"),
        ("open", "in_progress", "clerk1"),
        ("in_progress", "resolved", "clerk1"),
        ("resolved", "closed", "clerk1"),
    ]
    assert closed.events[1].note == "店长已致电道歉"
    assert service.feedback_of(zhang) == [closed]


def test_closed_feedback_cannot_move_and_the_refusal_names_both_statuses(
    store: Store, clerk: Actor, zhang: int
) -> None:
    service = EngagementService(store, clerk)
    item = service.open_feedback(zhang, "suggestion", "环境", "希望增加停车位")
    service.move_feedback(item.id, "closed", note="重复反馈")

    with pytest.raises(ConflictError, match="反馈不能从“已关闭”改为“处理中”"):
        service.move_feedback(item.id, "in_progress")
    with pytest.raises(ValidationError, match="反馈状态只能是"):
        service.move_feedback(item.id, "archived")
    assert service.feedback_of(zhang)[0].status == "closed"
    assert count(store, FeedbackEvent) == 2


def test_reopening_a_resolved_complaint_clears_its_resolution_time_and_score(
    store: Store, clerk: Actor, zhang: int
) -> None:
    service = EngagementService(store, clerk)
    item = service.open_feedback(zhang, "complaint", "产品", "洗发水过敏")
    service.move_feedback(item.id, "resolved", resolution="退款", satisfaction=2)

    reopened = service.move_feedback(item.id, "in_progress", note="客户仍不满意")

    assert (reopened.status, reopened.resolved_at, reopened.satisfaction) == (
        "in_progress",
        None,
        None,
    )
    assert [c.id for c in service.open_complaints()] == [item.id]


def test_feedback_refusals(store: Store, clerk: Actor, zhang: int) -> None:
    service = EngagementService(store, clerk)
    with pytest.raises(ValidationError, match="反馈类型只能是投诉、建议或表扬"):
        service.open_feedback(zhang, "rant", "", "不满意")
    with pytest.raises(ValidationError, match="请写下客户反馈的具体内容"):
        service.open_feedback(zhang, "complaint", "服务", "")
    item = service.open_feedback(zhang, "praise", "服务", "小王很耐心")
    with pytest.raises(ValidationError, match="满意度必须是 1 到 5 之间的整数"):
        service.move_feedback(item.id, "resolved", resolution="已感谢", satisfaction=6)
    with pytest.raises(NotFound, match="找不到这条反馈"):
        service.move_feedback(12345, "closed")
    assert service.feedback_of(zhang)[0].status == "open"


def test_survey_answers_are_checked_and_kept(store: Store, clerk: Actor, zhang: int) -> None:
    service = EngagementService(store, clerk)
    answer = service.record_survey(zhang, TODAY, satisfaction=5, nps=9, comment="很好")
    nps_only = service.record_survey(zhang, TODAY - timedelta(days=30), nps=0)

    assert [s.id for s in service.surveys_of(zhang)] == [answer.id, nps_only.id]
    assert (answer.satisfaction, answer.nps, answer.comment) == (5, 9, "很好")
    with pytest.raises(ValidationError, match="推荐意愿（NPS）必须是 0 到 10 之间的整数"):
        service.record_survey(zhang, TODAY, nps=11)
    with pytest.raises(ValidationError, match="满意度必须是 1 到 5"):
        service.record_survey(zhang, TODAY, satisfaction=0)
    with pytest.raises(ValidationError, match="问卷是空的"):
        service.record_survey(zhang, TODAY)
    with pytest.raises(ValidationError, match="答卷日期不能是将来的日期"):
        service.record_survey(zhang, TODAY + timedelta(days=1), satisfaction=3)
    assert count(store, SurveyAnswer) == 2


def test_nothing_more_is_recorded_for_an_anonymised_customer(store: Store, owner: Actor) -> None:
    gone = add_customer(store, "已匿名", "13700000000", status="anonymised")
    service = EngagementService(store, owner)
    with pytest.raises(ConflictError, match="已匿名化"):
        service.log_interaction(gone, "call", "回访")
    with pytest.raises(ConflictError, match="已匿名化"):
        service.record_survey(gone, TODAY, satisfaction=3)
    assert count(store, Interaction) + count(store, SurveyAnswer) == 0
