"""Withdraw a customer's marketing consent, saying through which channel they asked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import ConsentEvent
from crm_desktop.ui.base.acting import ActionDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.profile.customer_words import consent_channel_choices

# Consent is withdrawn by the person, never by a file import.
NOT_A_WITHDRAWAL_CHANNEL = ("", "import")


class WithdrawConsentDialog(ActionDialog):
    """``result`` is the recorded ``ConsentEvent`` once accepted."""

    def __init__(
        self, context: AppContext, customer_id: int, customer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, "", parent)
        self.customer_id = customer_id
        self.setObjectName("withdraw_consent_dialog")
        self.setWindowTitle(self.tr("Withdraw marketing consent"))
        self.intro_label = intro = QLabel(self.tr(
            "%1 no longer wants marketing messages. From now on they are left off every "
            "greeting and promotion list. Their cards and purchases are not affected."
        ).replace("%1", customer_name))
        intro.setObjectName("withdraw_intro")
        intro.setWordWrap(True)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("withdraw_channel")
        for code, label in consent_channel_choices().items():
            if code not in NOT_A_WITHDRAWAL_CHANNEL:
                self.channel_combo.addItem(label, code)
        self.form.addRow(intro)
        self.form.addRow(self.tr("They asked via"), self.channel_combo)
        self.refusals.fields["consent_channel"] = self.channel_combo
        self.ok_button.setText(self.tr("Withdraw consent"))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.channel_combo.setFocus()

    def work(self) -> Callable[[], ConsentEvent]:
        service = self.context.service(PrivacyService)
        customer_id, channel = self.customer_id, str(self.channel_combo.currentData())
        return lambda: service.withdraw_consent(customer_id, channel)
