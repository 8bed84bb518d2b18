"""Demo contact history: visits and calls with follow-ups, feedback at every stage, surveys.

Complaints are spread over the whole workflow (open, in progress, resolved,
closed) and each carries the events that took it there, as the feedback service
writes them, so the complaint screens have something at every step.
"""

from __future__ import annotations

import random

from crm_desktop.models.bulk_rows import RowBuffer
from crm_desktop.models.demo.people import Shopper
from crm_desktop.models.demo.rhythm import Calendar

CHANNELS = ("visit", "call", "sms", "wechat", "email")
# (purpose, summary, outcome) of an interaction
CONTACTS = (
    ("回访", "洗车后电话回访，询问满意度", "顾客表示满意"),
    ("保养提醒", "提醒到店做常规保养", "已预约下周到店"),
    ("保养提醒", "提醒保养里程已到", "顾客说最近忙，下月再来"),
    ("生日关怀", "发送生日祝福和精洗券", "顾客回复感谢"),
    ("活动邀约", "邀请参加会员日活动", "顾客有兴趣，待确认"),
    ("储值推荐", "介绍充500送80活动", "顾客考虑中"),
    ("投诉跟进", "就上次投诉再次致歉并说明改进", "顾客接受"),
    ("节日问候", "春节前问候并提醒年前洗车高峰", "已读未回"),
)
FEEDBACK_KINDS = ("complaint", "suggestion", "praise")
CATEGORIES = ("服务态度", "等待时间", "洗车质量", "价格", "环境卫生", "预约安排")
DESCRIPTIONS = {
    "complaint": ("洗完车窗还有水印", "周末等了一个多小时", "前台态度冷淡", "内饰清洁不彻底",
                  "保养后仪表盘有划痕", "预约时间到店还要排队"),
    "suggestion": ("希望增加晚间营业时间", "建议开通线上预约", "休息区可以加充电插座",
                   "希望次卡可以转给家人用"),
    "praise": ("师傅很细心，车洗得很干净", "前台小姐姐服务热情", "保养价格透明，放心"),
}
RESOLUTIONS = ("已致歉并免费重洗一次", "已向当班员工了解情况并培训", "已赠送精洗券一张",
               "已调整周末排班，增加人手", "已采纳建议，下月起试行")
SURVEY_COMMENTS = ("", "", "", "服务不错", "排队时间有点长", "价格可以再优惠些", "会推荐给朋友")
# Final status of a complaint and its share; suggestions and praise are mostly closed.
_COMPLAINT_STAGES = (("open", 0.15), ("in_progress", 0.2), ("resolved", 0.25), ("closed", 0.4))


class EngagementMaker:
    """Adds interactions, feedback and survey answers for each shopper."""

    def __init__(self, writer: RowBuffer, rng: random.Random, calendar: Calendar,
                 user_id: int) -> None:
        self.writer = writer
        self.rng = rng
        self.cal = calendar
        self.user_id = user_id
        self._seeded = 0

    def make(self, shopper: Shopper) -> None:
        rng = self.rng
        if rng.random() < 0.35:
            for _ in range(1 + int(rng.random() * 3)):
                self._interaction(shopper)
        if self._seeded < len(_COMPLAINT_STAGES):
            # The first customers bring one complaint at each stage, so even a small demo
            # file shows the whole workflow.
            self._feedback(shopper, "complaint", _COMPLAINT_STAGES[self._seeded][0])
            self._seeded += 1
        elif rng.random() < 0.03:
            self._feedback(shopper)
        if rng.random() < 0.1:
            self._survey(shopper)

    def _day(self, shopper: Shopper) -> int:
        return self.cal.draw_day(self.rng, shopper.join_day, max(shopper.last_day,
                                                                  shopper.join_day))

    def _interaction(self, shopper: Shopper) -> None:
        rng, cal, w = self.rng, self.cal, self.writer
        day = self._day(shopper)
        purpose, summary, outcome = CONTACTS[int(rng.random() * len(CONTACTS))]
        follow_up = done = None
        if rng.random() < 0.25:
            due = day + 3 + int(rng.random() * 28)
            follow_up = cal.iso_date(due)
            done = due < cal.today and rng.random() < 0.75
        w.add("interactions", (
            w.reserve("interactions"), shopper.customer_id, cal.stamp(day, cal.draw_time(rng)),
            CHANNELS[int(rng.random() * len(CHANNELS))], summary, outcome, purpose, follow_up,
            bool(done), self.user_id,
        ))

    def _feedback(self, shopper: Shopper, kind: str = "", final: str = "") -> None:
        rng, cal, w = self.rng, self.cal, self.writer
        if not kind:
            draw = rng.random()
            kind = "complaint" if draw < 0.6 else "suggestion" if draw < 0.85 else "praise"
        if final:
            pass
        elif kind == "complaint":
            final = _stage(rng.random())
        else:
            final = "closed" if rng.random() < 0.8 else "open"
        day = self._day(shopper)
        feedback_id = w.reserve("feedback")
        texts = DESCRIPTIONS[kind]
        steps = {"open": ["open"], "in_progress": ["open", "in_progress"],
                 "resolved": ["open", "in_progress", "resolved"],
                 "closed": ["open", "in_progress", "resolved", "closed"]}[final]
        if kind != "complaint" and final == "closed":
            steps = ["open", "closed"]
        stamps = []
        for _ in steps:
            day = min(day, cal.yesterday)
            stamps.append(cal.stamp(day, cal.draw_time(rng)))
            day += 1 + int(rng.random() * 3)
        resolved = "resolved" in steps
        resolution = RESOLUTIONS[int(rng.random() * len(RESOLUTIONS))] if resolved else ""
        satisfaction = 2 + int(rng.random() * 4) if resolved else None
        w.add("feedback", (
            feedback_id, shopper.customer_id, kind, CATEGORIES[int(rng.random() * 6)],
            texts[int(rng.random() * len(texts))], final, resolution, satisfaction, stamps[0],
            self.user_id, stamps[steps.index("resolved")] if resolved else None,
            stamps[-1] if final == "closed" else None,
        ))
        previous: str | None = None
        for status, ts in zip(steps, stamps, strict=True):
            note = resolution if status == "resolved" else ""
            w.add("feedback_events", (w.reserve("feedback_events"), feedback_id, ts,
                                      self.user_id, previous, status, note))
            previous = status

    def _survey(self, shopper: Shopper) -> None:
        rng, cal, w = self.rng, self.cal, self.writer
        satisfaction = min(5, 2 + int(rng.random() * 3.6) + (1 if rng.random() < 0.4 else 0))
        nps = min(10, max(0, satisfaction * 2 + int(rng.random() * 3) - 1))
        w.add("survey_answers", (
            w.reserve("survey_answers"), shopper.customer_id,
            cal.iso_date(self._day(shopper)), satisfaction, nps,
            SURVEY_COMMENTS[int(rng.random() * len(SURVEY_COMMENTS))],
        ))


def _stage(draw: float) -> str:
    for stage, share in _COMPLAINT_STAGES:
        if draw < share:
            return stage
        draw -= share
    return "closed"
