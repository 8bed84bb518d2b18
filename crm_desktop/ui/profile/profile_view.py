"""The customer profile panel: who they are, the card on screen with its actions, and the tabs.

The main window builds one per opened customer (``ProfileView(context, id)``).
The top shows the name, status, member since (入会日期), how complete the profile is
and what it lacks ("缺：生日、邮箱"), the upkeep line (contact details due to be
confirmed, values an import left out) and the chosen card's balance with the
counter's buttons (issue, top up, purchase, redeem, use a visit, and the rest under
"More"); the tabs hold the form and every list. It refreshes itself from the
change bus, never by being told, and keeps unsaved form input when the customer
changes elsewhere (saving then says so).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.changes import ENGAGEMENT, Change, Entity
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.permissions import require
from crm_desktop.models.services.card_records import CardRecord, PurchaseRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_records import CustomerRecord
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement_records import FeedbackRecord
from crm_desktop.models.services.profile_quality import ProfileQuality, ProfileQualityService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import NOTICE_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_actions import ACTIONS_BY_NAME, CARD_ACTIONS, card_action_refusal
from crm_desktop.ui.cards.card_text import card_balance_text, card_status_name
from crm_desktop.ui.cards.closing_dialogs import RefundDialog
from crm_desktop.ui.cards.issue_card_dialog import IssueCardDialog
from crm_desktop.ui.customer_list_model import customer_status_text
from crm_desktop.ui.engagement.feedback_dialogs import MoveFeedbackDialog, OpenFeedbackDialog
from crm_desktop.ui.engagement.interaction_dialog import LogInteractionDialog
from crm_desktop.ui.profile.card_tabs import CardsTab, LedgerTab, PurchasesTab
from crm_desktop.ui.profile.customer_form import CustomerForm
from crm_desktop.ui.profile.customer_words import fact_list
from crm_desktop.ui.profile.engagement_tabs import (
    FeedbackTab,
    HistoryTab,
    InteractionsTab,
    SurveysTab,
)
from crm_desktop.ui.profile.upkeep_bar import UpkeepBar

OPEN_CARD_STATUSES = ("active", "frozen", "lost")


class ProfileView(QWidget):
    """One customer's file; ``open_customer_requested`` when another customer should open."""

    open_customer_requested = Signal(int)

    def __init__(self, context: AppContext, customer_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("customer_panel")
        self.context = context
        self.customer_id = customer_id
        self.record: CustomerRecord | None = None
        self.cards: list[CardRecord] = []
        self.current_card_id: int | None = None
        self.last_dialog: QDialog | None = None
        self.customers = context.service(CustomerService)
        self.card_service = context.service(CardService)
        self.quality_service = context.service(ProfileQualityService)
        self.quality: ProfileQuality | None = None
        self.operates = context.can("card.operate")

        self.name_label = QLabel(self.tr("Loading…"))
        self.name_label.setObjectName("customer_name")
        self.name_label.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.facts_label = QLabel()
        self.facts_label.setObjectName("customer_facts")
        self.facts_label.setWordWrap(True)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("notice")
        self.notice_label.setStyleSheet(NOTICE_STYLE)
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(False)
        self.upkeep_bar = UpkeepBar(context)

        self.card_combo = QComboBox()
        self.card_combo.setObjectName("card_chooser")
        self.card_combo.setMinimumContentsLength(22)
        self.balance_label = QLabel()
        self.balance_label.setObjectName("card_balance")
        self.balance_label.setStyleSheet("font-size: 12pt; font-weight: 600;")
        # Never wrapped: a wrapping label was squeezed until its last character
        # ("分", "· 0 积分") dropped to a second line.
        self.balance_label.setWordWrap(False)
        self.card_combo.activated.connect(lambda i: self.choose_card(self.card_combo.itemData(i)))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("profile_tabs")
        self.form = CustomerForm(context)
        self.cards_tab = CardsTab(context)
        self.purchases_tab = PurchasesTab(context)
        self.ledger_tab = LedgerTab(context)
        self.interactions_tab = InteractionsTab(context)
        self.feedback_tab = FeedbackTab(context)
        self.surveys_tab = SurveysTab(context)
        self.history_tab = HistoryTab(context)
        for tab, title in (
            (self.form, self.tr("Profile")), (self.cards_tab, self.tr("Cards")),
            (self.purchases_tab, self.tr("Purchases")), (self.ledger_tab, self.tr("Ledger")),
            (self.interactions_tab, self.tr("Contacts")), (self.feedback_tab, self.tr("Feedback")),
            (self.surveys_tab, self.tr("Surveys")), (self.history_tab, self.tr("History")),
        ):
            self.tabs.addTab(tab, title)
        self._stale: set[QWidget] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.name_label)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.upkeep_bar)
        layout.addLayout(self._card_bar())
        layout.addWidget(self.notice_label)
        layout.addWidget(self.tabs, 1)

        self.form.saved.connect(self._form_saved)
        self.cards_tab.card_chosen.connect(self.choose_card)
        self.purchases_tab.refund_requested.connect(self.refund)
        self.interactions_tab.log_requested.connect(self.log_interaction)
        self.feedback_tab.open_requested.connect(self.open_feedback)
        self.feedback_tab.move_requested.connect(self.move_feedback)
        self.tabs.currentChanged.connect(lambda _i: self._load_current_tab())
        context.bus.subscribe(self, (Entity.CUSTOMER, Entity.CARD, Entity.PURCHASE),
                              self._records_changed)
        context.bus.subscribe(self, ENGAGEMENT, self._engagement_changed)
        self.reload()

    def _card_bar(self) -> QVBoxLayout:
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel(self.tr("Card")))
        chooser.addWidget(self.card_combo)
        chooser.addStretch(1)
        buttons = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        self.issue_button = QPushButton(self.tr("Issue card (F2)"))
        self.issue_button.setObjectName("issue_card")
        self.issue_button.clicked.connect(self.issue_card)
        buttons.addWidget(self.issue_button)
        more = QMenu(self)
        for action in CARD_ACTIONS:
            if not self.context.can(action.permission):
                continue
            if action.main:
                label = f"{action.text()} ({action.shortcut})" if action.shortcut else action.text()
                button = QPushButton(label)
                button.setObjectName(f"action_{action.name}")
                button.clicked.connect(lambda _c=False, n=action.name: self.open_card_action(n))
                buttons.addWidget(button)
                self.action_buttons[action.name] = button
            else:
                item = more.addAction(action.text())
                item.setObjectName(f"action_{action.name}")
                item.triggered.connect(lambda _c=False, n=action.name: self.open_card_action(n))
        more.addSeparator()
        more.addAction(self.tr("Log a contact…"), self.log_interaction)
        more.addAction(self.tr("Record feedback…"), self.open_feedback)
        self.more_button = QToolButton()
        self.more_button.setText(self.tr("More"))
        self.more_button.setObjectName("more_actions")
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = more
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        for widget in (self.issue_button, self.more_button):
            widget.setVisible(self.operates)
        bar = QVBoxLayout()
        bar.addLayout(chooser)
        # Its own line: beside the chooser a long balance squeezed the chooser and the list.
        bar.addWidget(self.balance_label)
        bar.addLayout(buttons)
        return bar

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the file and the cards again; the form keeps unsaved input."""
        customer_id = self.customer_id

        def fetch() -> tuple[CustomerRecord, list[CardRecord], ProfileQuality]:
            return (self.customers.get(customer_id), self.card_service.cards_of(customer_id),
                    self.quality_service.of(customer_id))

        self.context.runner.submit(fetch, on_done=self._loaded, on_error=self._failed)

    def show_customer(self, customer_id: int) -> None:
        """Switch this panel to another customer.

        Building a fresh panel with its eight tabs costs more than the whole counter
        budget for a scan (~150 ms), so the panel is reused; the caller has already
        asked ``can_close`` about unsaved edits.
        """
        self.customer_id = customer_id
        self.record = None
        self.cards = []
        self.current_card_id = None
        self.form.dirty = False
        self.form.conceal()
        self._notify("")
        self.name_label.setText(self.tr("Loading…"))
        self.facts_label.clear()
        self.upkeep_bar.show_nothing()
        self.quality = None
        self.reload()

    def _loaded(self, loaded: tuple[CustomerRecord, list[CardRecord], ProfileQuality]) -> None:
        record, cards, quality = loaded
        if record.id != self.customer_id:
            return  # an answer for the customer shown before a quick second scan
        before = self.record
        self.record, self.quality = record, quality
        self.name_label.setText(record.name)
        self.facts_label.setText(self._facts(record, quality))
        self.upkeep_bar.display(record, quality)
        if self.form.dirty:
            self.form.conceal()
            # A confirmation or a set-aside correction leaves the version: the edit still saves.
            if before is None or before.version != record.version:
                self._notify(self.tr(
                    "This file was changed elsewhere while you were editing; your typing is kept."))
        else:
            self.form.load(record)
            self.upkeep_bar.hint_corrections(self.form.reasons, record)
        self._show_cards(cards)
        self._stale = {self.purchases_tab, self.ledger_tab, self.interactions_tab,
                       self.feedback_tab, self.surveys_tab, self.history_tab}
        self._load_current_tab()

    def _failed(self, error: BaseException) -> None:
        self.name_label.setText(describe_error(error))

    def _facts(self, record: CustomerRecord, quality: ProfileQuality) -> str:
        parts = [customer_status_text(record.status)]
        if record.phone:
            parts.append(record.phone)
        if record.tags:
            parts.append("、".join(record.tags))
        if record.member_since is not None:
            parts.append(self.tr("member since %1").replace("%1", record.member_since.isoformat()))
        complete = self.tr("profile %1% complete").replace("%1", str(quality.score))
        if quality.missing:
            complete += self.tr(" (missing: %1)").replace("%1", fact_list(quality.missing))
        parts.append(complete)
        return " · ".join(parts)

    def _show_cards(self, cards: list[CardRecord]) -> None:
        self.cards = cards
        ids = [c.id for c in cards]
        current = self.current_card_id
        while current is not None and current in ids:
            card = cards[ids.index(current)]
            if card.status != "replaced" or card.replaced_by_id not in ids:
                break
            current = card.replaced_by_id  # follow a replacement to the card in use
        if current not in ids:
            preferred = [c for c in cards if c.status in OPEN_CARD_STATUSES] or cards
            current = preferred[0].id if preferred else None
        self.card_combo.clear()
        for card in cards:
            self.card_combo.addItem(
                f"{card.number} · {card.card_type_name} · {card_status_name(card.status)}", card.id)
        self.choose_card(current)

    def choose_card(self, card_id: int | None) -> None:
        self.current_card_id = card_id
        card = self.current_card()
        if card is not None:
            self.card_combo.setCurrentIndex(self.card_combo.findData(card.id))
        self.balance_label.setText(card_balance_text(card) if card else self.tr("No card yet"))
        for name, button in self.action_buttons.items():
            button.setEnabled(card is not None and ACTIONS_BY_NAME[name].applies(card))
        for item in self.more_menu.actions():
            action = ACTIONS_BY_NAME.get(item.objectName().removeprefix("action_"))
            if action is not None:
                item.setEnabled(card is not None and action.applies(card))
        self.cards_tab.show_cards(self.cards, self.current_card_id)
        self.ledger_tab.load(card)

    def current_card(self) -> CardRecord | None:
        return next((c for c in self.cards if c.id == self.current_card_id), None)

    def _load_current_tab(self) -> None:
        tab = self.tabs.currentWidget()
        if tab not in self._stale:
            return
        self._stale.discard(tab)
        if tab is self.history_tab:
            self.history_tab.card_numbers = {c.id: c.number for c in self.cards}
        if tab is self.ledger_tab:
            self.ledger_tab.reload()
        elif hasattr(tab, "load"):
            tab.load(self.customer_id)

    def _records_changed(self, change: Change) -> None:
        mine = {card.id for card in self.cards}
        if self.customer_id in change.customer_ids or (
            not change.entities.isdisjoint({Entity.CARD, Entity.PURCHASE})
            and mine.intersection(change.ids)
        ):
            self.reload()

    def _engagement_changed(self, _change: Change) -> None:
        self._stale |= {self.interactions_tab, self.feedback_tab, self.surveys_tab,
                        self.history_tab}
        self._load_current_tab()

    def _form_saved(self, record: CustomerRecord) -> None:
        self._notify("")
        self.name_label.setText(record.name)
        self.upkeep_bar.hint_corrections(self.form.reasons, record)

    # -- actions ----------------------------------------------------------------------------

    def open_card_action(self, name: str) -> QDialog | None:
        """Open the dialog of card action ``name`` on the card on screen (None when refused)."""
        action = ACTIONS_BY_NAME[name]
        card = self.current_card()
        refusal = self._refusal(action.permission) or card_action_refusal(action, card)
        if refusal or card is None:
            self._notify(refusal)
            return None
        self._notify("")
        return self._open(action.factory(self.context, card, self.window()))

    def _notify(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.setVisible(bool(text))

    def _refusal(self, permission: str) -> str:
        """The model's own sentence when the signed-in role may not do ``permission``."""
        try:
            require(self.context.actor, permission)
        except PermissionDenied as error:
            return str(error)
        return ""

    def issue_card(self) -> QDialog | None:
        refusal = self._refusal("card.operate")
        if refusal:
            self._notify(refusal)
            return None
        dialog = IssueCardDialog(self.context, self.customer_id, self.window())
        dialog.open_customer_requested.connect(self.open_customer_requested)
        dialog.card_issued.connect(self._card_issued)
        return self._open(dialog)

    def _card_issued(self, card: CardRecord) -> None:
        # The new card is the one the customer is standing there with.
        if card.customer_id == self.customer_id:
            self.current_card_id = card.id
            if any(c.id == card.id for c in self.cards):
                self.choose_card(card.id)

    def refund(self, purchase: PurchaseRecord) -> QDialog:
        card = next((c for c in self.cards if c.id == purchase.card_id), None)
        seen: set[int] = set()
        while card is not None and card.replaced_by_id and card.id not in seen:
            seen.add(card.id)
            card = next((c for c in self.cards if c.id == card.replaced_by_id), card)
        return self._open(RefundDialog(self.context, purchase, card, self.window()))

    def log_interaction(self) -> QDialog:
        name = self.record.name if self.record else ""
        return self._open(LogInteractionDialog(self.context, self.customer_id, name, self.window()))

    def open_feedback(self) -> QDialog:
        name = self.record.name if self.record else ""
        return self._open(OpenFeedbackDialog(self.context, self.customer_id, name,
                                             parent=self.window()))

    def move_feedback(self, feedback: FeedbackRecord) -> QDialog:
        return self._open(MoveFeedbackDialog(self.context, feedback, self.window()))

    def _open(self, dialog: Any) -> QDialog:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.last_dialog = dialog
        dialog.open()
        return dialog  # type: ignore[no-any-return]

    def can_close(self) -> bool:
        """Asked before another customer replaces this one: unsaved edits are not dropped silently."""
        if not self.form.dirty:
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The changes to %1 are not saved. Leave them and open another customer?")
            .replace("%1", self.record.name if self.record else ""),
        )
        return answer == QMessageBox.StandardButton.Yes
