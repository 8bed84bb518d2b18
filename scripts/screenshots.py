"""Save a PNG of each main screen and dialog, in Chinese and in English, on a demo shop file.

    python scripts/screenshots.py --out shots/
    xvfb-run -s "-screen 0 1366x768x24" python scripts/screenshots.py --out shots/

Works on any display (also ``QT_QPA_PLATFORM=offscreen``): every window is drawn
into an image with ``QWidget.grab()`` at 1366×768. The demo file lives in a
temporary folder and is deleted afterwards. Add a screen by appending a function
to ``SCREENS``: it gets a ``Shots`` and saves what it opens.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crm_desktop.models.opening import create_store

if TYPE_CHECKING:
    from crm_desktop.models.actor import Actor
    from crm_desktop.models.store.store import Store
    from crm_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCREEN_SIZE = (1366, 768)
OWNER, OWNER_PASSWORD = "boss", "owner-pass-1"
CLERK, CLERK_PASSWORD = "xiaowang", "clerk-pass-1"
SHOP_NAMES = {"zh": "星光汽车美容", "en": "Starlight Car Care"}


class Shots:
    """One language's run: the demo file, the runner, and where the pictures go."""

    def __init__(self, out: Path, lang: str, work: Path, customers: int) -> None:
        from crm_desktop.models.services.users import UserService
        from crm_desktop.ui.base.task_runner import SynchronousTaskRunner

        self.out = out
        self.lang = lang
        self.work = work
        self.runner = SynchronousTaskRunner()
        self.path = work / "shop.crm"
        self.store, _recovery = create_store(self.path, SHOP_NAMES[lang], OWNER, OWNER_PASSWORD)
        self.owner = self.store.actor_for(OWNER)
        _fill_demo(self.store, self.owner, customers)
        UserService(self.store, self.owner).add(CLERK, "clerk", CLERK_PASSWORD)
        self.clerk = self.store.actor_for(CLERK)
        self.saved: list[Path] = []

    def save(self, widget: Any, name: str) -> None:
        from PySide6.QtWidgets import QApplication, QWidget

        assert isinstance(widget, QWidget)
        for _ in range(3):
            QApplication.processEvents()
        target = self.out / f"{self.lang}-{name}.png"
        widget.grab().save(str(target))
        self.saved.append(target)

    def main_window(self, actor: Actor) -> MainWindow:
        from crm_desktop.app import build_main_window

        window = build_main_window(self.store, actor, self.runner, idle_seconds=0)
        window.resize(*SCREEN_SIZE)
        window.show()
        return window

    def close(self) -> None:
        self.store.close()


def _fill_demo(store: Store, owner: Actor, customers: int) -> None:
    from crm_desktop.models.demo import generate_demo

    generate_demo(store, owner, customers=customers, seed=7)


# -- the screens ---------------------------------------------------------------------------------


def shot_main_window(shots: Shots) -> None:
    window = shots.main_window(shots.owner)
    shots.save(window, "main-window")
    panel = window.search_panel
    panel.search_edit.setText("zs")
    panel.search_now()
    shots.save(window, "search-pinyin")
    if panel.model.rowCount():
        window.open_customer(panel.model.customer_id(0))
    shots.save(window, "customer-opened")
    panel.search_edit.setText("138")
    panel.search_now()
    shots.save(window, "search-phone-digits")
    for menu in ("file", "customer", "admin"):
        shot_menu(shots, window, menu)
    window.idle_lock.lock_now()
    shots.save(window, "locked-views-cleared")
    lock_screen = window.idle_lock.lock_screen
    lock_screen.password_edit.setText("wrong")
    lock_screen.try_unlock()
    shots.save(lock_screen, "lock-screen")
    lock_screen.password_edit.setText(OWNER_PASSWORD)
    lock_screen.try_unlock()
    shot_privacy_screens(shots, window)
    window.idle_lock.stop()
    window.context.bus.detach()
    window.close()


def shot_privacy_screens(shots: Shots, window: MainWindow) -> None:
    """The owner's privacy and trust screens, each over the main window, then closed."""
    from PySide6.QtWidgets import QDialog

    from crm_desktop.ui.owner_menu import OwnerMenu
    from crm_desktop.ui.privacy import PrivacyMenu

    panel = window.search_panel
    panel.search_edit.setText("1")
    panel.search_now()
    if panel.model.rowCount():
        window.open_customer(panel.model.customer_id(0))
    shots.save(window, "profile-masked-for-owner")
    privacy = window.findChild(PrivacyMenu, "privacy_menu")
    owner = window.findChild(OwnerMenu)
    assert privacy is not None and owner is not None
    openers: list[tuple[str, Callable[[], QDialog | None]]] = [
        ("erase-dialog", privacy.erase_person),
        ("withdraw-consent", privacy.withdraw_consent),
        ("consent-history", privacy.consent_history),
        ("retention-list", privacy.open_retention),
        ("change-key", privacy.change_key),
        ("settings", owner.open_settings),
        ("audit-log", owner.open_audit),
    ]
    for name, opener in openers:
        dialog = opener()
        if dialog is None:
            continue
        shots.save(dialog, name)
        dialog.done(QDialog.DialogCode.Rejected)


def shot_menu(shots: Shots, window: MainWindow, key: str) -> None:
    menu = window.menu(key)
    if not menu.menuAction().isVisible():
        return
    menu.popup(window.mapToGlobal(window.rect().topLeft()))
    shots.save(menu, f"menu-{key}")
    menu.hide()


def shot_clerk_window(shots: Shots) -> None:
    window = shots.main_window(shots.clerk)
    panel = window.search_panel
    panel.search_edit.setText("139")
    panel.search_now()
    shots.save(window, "clerk-masked-phones")
    window.idle_lock.stop()
    window.context.bus.detach()
    window.close()


def shot_login(shots: Shots) -> None:
    from crm_desktop.ui.login_dialog import LoginDialog

    # A second file: the demo file is open (and locked) in this process.
    path = shots.work / "login.crm"
    create_store(path, SHOP_NAMES[shots.lang], OWNER, OWNER_PASSWORD)[0].close()
    dialog = LoginDialog(path, shots.runner, OWNER)
    dialog.show()
    shots.save(dialog, "login")
    dialog.password_edit.setText("wrong-password")
    dialog.sign_in()
    shots.save(dialog, "login-wrong-password")
    dialog.close()


def shot_wizard(shots: Shots) -> None:
    from crm_desktop.ui.first_run_wizard import FirstRunWizard

    wizard = FirstRunWizard(shots.work / "new-shop.crm", shots.runner)
    wizard.show()
    page = wizard.shop_page
    page.shop_edit.setText(SHOP_NAMES[shots.lang])
    page.owner_edit.setText(OWNER)
    page.password_edit.setText(OWNER_PASSWORD)
    page.repeat_edit.setText("different")
    wizard.next()
    shots.save(wizard, "wizard-passwords-differ")
    page.repeat_edit.setText(OWNER_PASSWORD)
    wizard.next()
    shots.save(wizard, "wizard-recovery-key")
    wizard.recovery_page.written_box.setChecked(True)
    wizard.accept()
    if wizard.store is not None:
        wizard.store.close()


def shot_progress(shots: Shots) -> None:
    from crm_desktop.models.progress import Progress
    from crm_desktop.ui.base.progress_dialog import ProgressDialog

    dialog = ProgressDialog(dialog_title(shots.lang))
    dialog.show_progress(Progress("customers", 4200, 10000, progress_label(shots.lang)))
    dialog.show()
    shots.save(dialog, "progress")
    dialog.close_when_done()


def shot_recovery_key_dialog(shots: Shots) -> None:
    from crm_desktop.ui.recovery_key_dialog import RecoveryKeyDialog

    key = "ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789"
    dialog = RecoveryKeyDialog(key, SHOP_NAMES[shots.lang], shots.path)
    dialog.show()
    shots.save(dialog, "new-recovery-key")
    dialog.view.written_box.setChecked(True)
    dialog.accept()


# -- data quality (issue 14) ---------------------------------------------------------------------

# Pairs a shop registers twice: phones one digit apart, traditional and simplified names,
# one number with two spellings. (name, phone, birthday) each; the second of a pair differs.
DUPLICATE_PAIRS = [
    (("陈建国", "13912345678", "1980-05-06"), ("陳建國", "13912345679", "1980-05-06")),
    (("李秀英", "13688880001", "1975-11-20"), ("李秀英", "13688880007", None)),
    (("王丽华", "13755550123", None), ("王麗華", "13755550132", None)),
]


def _plant_quality_cases(shots: Shots) -> int:
    """Plant duplicates, a 待更正 value and the contact-check setting; returns a planted id."""
    from crm_desktop.models.entities import Customer
    from crm_desktop.models.services.catalog import CatalogService
    from crm_desktop.models.services.customer_records import CustomerInput
    from crm_desktop.models.services.customers import CustomerService

    service = CustomerService(shots.store, shots.owner)
    first = 0
    for pair in DUPLICATE_PAIRS:
        for name, phone, birthday in pair:
            record = service.create(CustomerInput(
                name=name, phone=phone, birthday=birthday, member_since="2019-03-02"))
            first = first or record.id
    with shots.store.write() as session:  # as an import leaves a refused value
        customer = session.get(Customer, first)
        assert customer is not None
        customer.corrections = json.dumps(
            {"birthday": "1980-02-30", "email": "chen@@example"}, ensure_ascii=False)
    CatalogService(shots.store, shots.owner).update_settings({"contact_check_months": 12})
    return first


def shot_quality_screens(shots: Shots) -> None:
    from PySide6.QtWidgets import QDialog

    from crm_desktop.ui.quality.duplicates_menu import DuplicatesMenu
    from crm_desktop.ui.quality.merge_dialog import MergeDialog
    from crm_desktop.ui.quality.upkeep_menu import UpkeepMenu

    planted = _plant_quality_cases(shots)
    window = shots.main_window(shots.owner)
    window.today_panel.refresh()
    shots.save(window, "today-contact-checks")
    window.open_customer(planted)
    shots.save(window, "profile-upkeep")
    duplicates = window.findChild(DuplicatesMenu)
    upkeep = window.findChild(UpkeepMenu)
    assert duplicates is not None and upkeep is not None
    view = duplicates.open_duplicates()
    shots.save(window, "duplicates")
    pair = view.selected_pair()
    if pair is not None:
        dialog = MergeDialog(window.context, pair.low.id, pair.high.id, window)
        dialog.resize(900, 640)
        dialog.show()
        shots.save(dialog, "merge-dialog")
        dialog.confirm_box.setChecked(True)
        shots.save(dialog, "merge-dialog-confirmed")
        dialog.done(QDialog.DialogCode.Rejected)
    upkeep.open_completeness()
    shots.save(window, "incomplete-profiles")
    sweep = upkeep.open_sweep()
    shots.save(window, "sweep-before")
    sweep.run()
    shots.save(window, "sweep")
    window.idle_lock.stop()
    window.context.bus.detach()
    window.close()


def dialog_title(lang: str) -> str:
    return "导入客户" if lang == "zh" else "Importing customers"


def progress_label(lang: str) -> str:
    return "第 4200 / 10000 行" if lang == "zh" else "Row 4200 of 10000"


SCREENS: list[Callable[[Shots], None]] = [
    shot_main_window,
    shot_clerk_window,
    shot_login,
    shot_wizard,
    shot_progress,
    shot_recovery_key_dialog,
    shot_quality_screens,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--langs", default="zh,en", help="languages, comma-separated")
    parser.add_argument("--customers", type=int, default=300, help="demo customers")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="crm-shots-") as temp:
        # Language and last-user preferences of this run stay in the temporary folder.
        os.environ["CRM_DESKTOP_HOME"] = str(Path(temp) / "home")
        from crm_desktop.app import make_application
        from crm_desktop.ui.base.i18n import install_language

        app = make_application()
        print(f"platform: {app.platformName()}")
        for lang in args.langs.split(","):
            install_language(lang)
            work = Path(temp) / lang
            work.mkdir()
            shots = Shots(args.out, lang, work, args.customers)
            try:
                for screen in SCREENS:
                    screen(shots)
            finally:
                shots.close()
            for path in shots.saved:
                print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
