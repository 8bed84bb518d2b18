"""The Today panel: birthdays today and this week, follow-ups due, open complaints,
cards expiring this month and, when the owner asks for periodic checks (定期核对),
customers whose contact details are due to be confirmed. Enter or a double click on
an item opens its customer.

The lists come from ``TodayService`` on the task runner, and are read again when a
service reports a change to customers, cards or contacts (a short pause gathers a
burst of changes into one read) and when the panel is shown on a new day.

An owner also sees, above the lists, what the key file's check found at sign-in
and a reminder to change the key after removing an account, until it is done.

The main window shows it when no customer is open; ``set_shop_name`` puts the
shop's name in its title once the window has read it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.services.today import (
    BirthdayItem,
    ComplaintItem,
    ContactCheckItem,
    ExpiringCardItem,
    FollowUpItem,
    TodayList,
    TodayService,
    TodaySummary,
)
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import NOTICE_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.counter.shift_box import ShiftBox
from crm_desktop.ui.owner.setup_checklist_box import SetupChecklistBox

# Changes that can move an item onto or off one of the lists (accounts and the file: the
# owner's notice that a key change is due; settings: the period of contact checks).
WATCHED_ENTITIES = frozenset({
    Entity.CUSTOMER, Entity.CARD, Entity.INTERACTION, Entity.FEEDBACK, Entity.USER, Entity.FILE,
    Entity.SETTING,
})
REFRESH_DELAY_MS = 300
SUMMARY_CHARS = 30


class TodayView(QWidget):
    """The main window's resting panel; ``customer_chosen(id)`` asks to open a customer."""

    customer_chosen = Signal(int)

    def __init__(
        self,
        context: AppContext,
        shop_name: str = "",
        parent: QWidget | None = None,
        *,
        clock: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("today_panel")
        self.context = context
        self.clock = clock
        self.summary: TodaySummary | None = None
        self._stale = True
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)

        title = QLabel()
        self.title_label = title
        self.set_shop_name(shop_name)
        title.setObjectName("today_title")
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.date_label = QLabel()
        self.date_label.setObjectName("today_date")
        self.date_label.setStyleSheet("color: palette(mid);")
        self.error_label = QLabel()
        self.error_label.setObjectName("today_error")
        self.error_label.setStyleSheet(REFUSAL_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("today_owner_notice")
        self.notice_label.setStyleSheet(NOTICE_STYLE + " font-weight: 600;")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        hint = QLabel(
            self.tr("Scan a card, or type phone digits, a name or pinyin initials in the search box.")
        )
        hint.setObjectName("today_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(mid);")

        self.birthday_box, self.birthday_list = self._box("today_birthdays")
        self.follow_up_box, self.follow_up_list = self._box("today_follow_ups")
        self.complaint_box, self.complaint_list = self._box("today_complaints")
        self.card_box, self.card_list = self._box("today_cards")
        self.contact_box, self.contact_list = self._box("today_contact_checks")
        self.contact_box.hide()  # until the owner asks for periodic checks
        grid = QGridLayout()
        grid.addWidget(self.birthday_box, 0, 0)
        grid.addWidget(self.follow_up_box, 0, 1)
        grid.addWidget(self.complaint_box, 1, 0)
        grid.addWidget(self.card_box, 1, 1)
        grid.addWidget(self.contact_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.date_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        self.setup_box = SetupChecklistBox(context)  # the owner's, until the shop is ready
        layout.addWidget(self.setup_box)
        self.shift_box = ShiftBox(context)
        layout.addWidget(self.shift_box)
        layout.addLayout(grid, 1)
        layout.addWidget(hint)
        self._set_titles()
        context.bus.subscribe(self, WATCHED_ENTITIES, self._changed)
        self.refresh()

    def _box(self, name: str) -> tuple[QGroupBox, QListWidget]:
        box = QGroupBox()
        box.setObjectName(name)
        items = QListWidget()
        items.setObjectName(name + "_list")
        items.setWordWrap(True)
        items.itemActivated.connect(self._activated)
        QVBoxLayout(box).addWidget(items)
        return box, items

    # -- loading ----------------------------------------------------------------------------------

    def set_shop_name(self, shop_name: str) -> None:
        self.title_label.setText(shop_name or self.tr("Today"))

    def refresh(self) -> None:
        """Read the four lists again (on the task runner)."""
        self._refresh_timer.stop()
        self._stale = False
        day = self.clock()
        service = self.context.service(TodayService)
        self.context.runner.submit(
            lambda: service.summary(day), on_done=self._loaded, on_error=self._failed
        )
        self.shift_box.refresh()

    def _loaded(self, summary: TodaySummary) -> None:
        self.summary = summary
        self.error_label.hide()
        self.date_label.setText(f"{summary.on_date:%Y-%m-%d} {self._weekday(summary.on_date)}")
        self._fill_birthdays(summary)
        self._fill(self.follow_up_list, summary.follow_ups, self._follow_up_text)
        self._fill(self.complaint_list, summary.complaints, self._complaint_text)
        self._fill(self.card_list, summary.expiring_cards, self._card_text)
        self._fill(self.contact_list, summary.contact_checks, self._contact_text)
        self.contact_box.setVisible(summary.contact_check_months > 0)
        notices = [notice.message for notice in summary.owner_notices]
        self.notice_label.setText("\n".join("⚠ " + text for text in notices))
        self.notice_label.setVisible(bool(notices))
        self._set_titles()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def _set_titles(self) -> None:
        s = self.summary
        count = {
            self.birthday_box: (self.tr("Birthdays (%1 today)"),
                                s.birthdays_today.total if s else 0),
            self.follow_up_box: (self.tr("Follow-ups due (%1)"), s.follow_ups.total if s else 0),
            self.complaint_box: (self.tr("Open complaints (%1)"), s.complaints.total if s else 0),
            self.card_box: (self.tr("Cards expiring this month (%1)"),
                            s.expiring_cards.total if s else 0),
        }
        for box, (template, total) in count.items():
            box.setTitle(template.replace("%1", str(total)))
        checks = s.contact_checks if s else None
        shown = "0" if checks is None else f"{checks.total}{'' if checks.exact else '+'}"
        self.contact_box.setTitle(
            self.tr("Contact details to confirm with the customer (%1)").replace("%1", shown)
        )

    # -- the lists --------------------------------------------------------------------------------

    def _fill_birthdays(self, summary: TodaySummary) -> None:
        self.birthday_list.clear()
        today, week = summary.birthdays_today, summary.birthdays_this_week
        if not today.total and not week.total:
            self._note(self.birthday_list, self.tr("No birthdays this week."))
            return
        self._heading(self.birthday_list, self.tr("Today"))
        if not today.total:
            self._note(self.birthday_list, self.tr("None today."))
        self._add_items(self.birthday_list, today, self._birthday_text)
        if week.total:
            self._heading(self.birthday_list, self.tr("This week"))
            self._add_items(self.birthday_list, week, self._week_birthday_text)

    def _fill(
        self, target: QListWidget, found: TodayList[Any], text: Callable[[Any], str]
    ) -> None:
        target.clear()
        if not found.total:
            self._note(target, self.tr("Nothing due."))
            return
        self._add_items(target, found, text)

    def _add_items(
        self, target: QListWidget, found: TodayList[Any], text: Callable[[Any], str]
    ) -> None:
        for entry in found.items:
            item = QListWidgetItem(text(entry))
            item.setData(Qt.ItemDataRole.UserRole, entry.customer_id)
            item.setToolTip(item.text())
            target.addItem(item)
        if found.more:
            more = f"{found.more}{'' if found.exact else '+'}"
            self._note(target, self.tr("…and %1 more").replace("%1", more))

    def _heading(self, target: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        # Enabled so it reads as a heading, not greyed out; never selected or opened.
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        target.addItem(item)

    def _note(self, target: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        target.addItem(item)

    # -- item texts -------------------------------------------------------------------------------

    def _birthday_text(self, b: BirthdayItem) -> str:
        parts = [b.customer_name]
        if b.age is not None:
            parts.append(self.tr("turns %1").replace("%1", str(b.age)))
        if b.lunar:
            parts.append(self.tr("lunar calendar"))
        return " · ".join(parts)

    def _week_birthday_text(self, b: BirthdayItem) -> str:
        return f"{self._weekday(b.occurs_on)} {b.occurs_on:%m-%d}  {self._birthday_text(b)}"

    def _follow_up_text(self, f: FollowUpItem) -> str:
        when = (
            self.tr("due today")
            if f.days_overdue <= 0
            else self.tr("%1 days overdue").replace("%1", str(f.days_overdue))
        )
        summary = f.summary if len(f.summary) <= SUMMARY_CHARS else f.summary[:SUMMARY_CHARS] + "…"
        return " · ".join(p for p in (f.customer_name, when, self._channel(f.channel), summary) if p)

    def _complaint_text(self, c: ComplaintItem) -> str:
        status = self.tr("in progress") if c.status == "in_progress" else self.tr("open")
        waiting = self.tr("waiting %1 days").replace("%1", str(c.days_waiting))
        return " · ".join(p for p in (c.customer_name, c.category, status, waiting) if p)

    def _card_text(self, c: ExpiringCardItem) -> str:
        if c.days_left < 0:
            when = self.tr("expired %1 days ago").replace("%1", str(-c.days_left))
        elif c.days_left == 0:
            when = self.tr("expires today")
        else:
            when = self.tr("expires %1").replace("%1", f"{c.expires_on:%m-%d}")
        return " · ".join((c.customer_name, c.card_type_name, c.card_number, when))

    def _contact_text(self, c: ContactCheckItem) -> str:
        if c.last_confirmed is not None:
            when = self.tr("last confirmed %1").replace("%1", c.last_confirmed.isoformat())
        elif c.member_since is not None:
            when = self.tr("never confirmed, member since %1").replace(
                "%1", c.member_since.isoformat())
        else:
            when = self.tr("never confirmed")
        return " · ".join((c.customer_name, when))

    def _channel(self, channel: str) -> str:
        names = {
            "visit": self.tr("visit"),
            "call": self.tr("call"),
            "sms": self.tr("SMS"),
            "wechat": self.tr("WeChat"),
            "email": self.tr("email"),
        }
        return names.get(channel, channel)

    def _weekday(self, day: date) -> str:
        names = (
            self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"),
            self.tr("Fri"), self.tr("Sat"), self.tr("Sun"),
        )
        return names[day.weekday()]

    # -- reacting ---------------------------------------------------------------------------------

    def _activated(self, item: QListWidgetItem) -> None:
        customer_id = item.data(Qt.ItemDataRole.UserRole)
        if customer_id is not None:
            self.customer_chosen.emit(int(customer_id))

    def _changed(self, change: Change) -> None:
        if self.isVisible():
            self._refresh_timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or (self.summary is not None and self.summary.on_date != self.clock()):
            self.refresh()

