"""Plugs the customer profile and the card work into the main window.

``install(main_window, context)`` adds the card menu with the counter's keys: F2 issue a card
(for the customer on screen, or a new one), F4 top up, F5 purchase, F6 redeem
points, F7 use a visit, F8 report lost (F3 stays the search box's). A key that
needs a customer while none is on screen says so in the status bar and puts
the cursor back in the search box, ready for a scan.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_actions import CARD_ACTIONS
from crm_desktop.ui.cards.issue_card_dialog import IssueCardDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView

translate = QCoreApplication.translate
ISSUE_SHORTCUT = "F2"


def install(main_window: MainWindow, context: AppContext) -> None:
    """Show opened customers as profiles and add the card and contact actions with their keys.

    Calling it again on the same window changes nothing (the keys would clash).
    """
    if main_window.findChild(QAction, "action_issue_card") is not None:
        return

    main_window.add_action(
        "card", translate("CustomerActions", "Issue a card…"),
        lambda: issue_card(main_window, context), shortcut=ISSUE_SHORTCUT,
        permission="card.operate", toolbar=True, name="action_issue_card",
    )
    for action in CARD_ACTIONS:
        main_window.add_action(
            "card", action.text() + "…",
            partial(run_card_action, main_window, action.name),
            shortcut=action.shortcut, permission=action.permission,
            toolbar=action.main, name=f"action_card_{action.name}",
        )
    main_window.add_action(
        "customer", translate("CustomerActions", "Log a contact…"),
        lambda: _with_profile(main_window, lambda view: view.log_interaction()),
        permission="engagement.write", name="action_log_contact",
    )
    main_window.add_action(
        "customer", translate("CustomerActions", "Record a complaint or feedback…"),
        lambda: _with_profile(main_window, lambda view: view.open_feedback()),
        permission="engagement.write", name="action_open_feedback",
    )


def profile_on_screen(main_window: MainWindow) -> ProfileView | None:
    """The profile the clerk is looking at, or None when the workspace shows something else."""
    panel = main_window.customer_panel
    if isinstance(panel, ProfileView) and main_window.workspace.currentWidget() is panel:
        return panel
    return None


def run_card_action(main_window: MainWindow, name: str) -> None:
    _with_profile(main_window, lambda view: view.open_card_action(name))


def issue_card(main_window: MainWindow, context: AppContext) -> IssueCardDialog:
    """办卡 for the customer on screen, or for one to find or add when none is."""
    view = profile_on_screen(main_window)
    dialog = IssueCardDialog(context, view.customer_id if view else None)
    dialog.open_customer_requested.connect(main_window.open_customer)

    def issued() -> None:
        if dialog.card is not None and view is None:
            main_window.open_customer(dialog.card.customer_id)

    main_window.open_dialog(dialog, on_accepted=issued)
    return dialog


def profile_or_ask_for_one(main_window: MainWindow) -> ProfileView | None:
    """The profile on screen; with none, the status bar asks for a scan and the search box waits."""
    view = profile_on_screen(main_window)
    if view is None:
        main_window.show_message(translate(
            "CustomerActions", "Open a customer first: scan the card or search for them."))
        main_window.focus_search()
    return view


def _with_profile(main_window: MainWindow, act: Callable[[ProfileView], object]) -> None:
    view = profile_or_ask_for_one(main_window)
    if view is not None:
        act(view)
