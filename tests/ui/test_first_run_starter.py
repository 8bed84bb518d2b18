"""The first-start wizard offers a starter set: choose café, and the new file has its cards."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.models.entities.counter import Item
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.setup_checklist import SetupChecklistService
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.first_run_wizard import FirstRunWizard


def _to_starter_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    page = wizard.shop_page
    page.shop_edit.setText("街角咖啡")
    page.owner_edit.setText("laoban")
    page.password_edit.setText("secret-pass-9")
    page.repeat_edit.setText("secret-pass-9")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled(), "the key must be written down first"
    wizard.recovery_page.written_box.setChecked(True)
    next_button.click()
    assert wizard.currentPage() is wizard.starter_page


def test_choosing_cafe_gives_the_new_file_its_card_types(
    qtbot: QtBot, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    wizard = FirstRunWizard(tmp_path / "cafe.crm", runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_starter_page(qtbot, wizard)
    choice = wizard.starter_page.choice
    choice.kind_buttons["cafe"].click()
    preview = choice.preview.toPlainText()
    assert "咖啡10杯卡" in preview and "¥500.00" in preview and "¥80.00" in preview
    assert "卡布奇诺" in preview
    choice.part_boxes["items"].click()  # the owner keeps their own menu
    assert "卡布奇诺" not in choice.preview.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.store is not None and wizard.actor is not None
    catalog = CatalogService(wizard.store, wizard.actor)
    assert sorted(t.name for t in catalog.list_card_types()) == ["储值卡", "咖啡10杯卡", "咖啡月卡"]
    assert [t.name for t in catalog.list_tiers()] == ["普通", "银卡", "金卡"]
    with wizard.store.read() as session:
        assert session.query(Item).count() == 0
    remaining = SetupChecklistService(wizard.store, wizard.actor).checklist().remaining
    assert [s.key for s in remaining] == ["items", "staff", "backup_folder"], (
        "the recovery key confirmed in the wizard is remembered")
    wizard.store.close()


def test_empty_leaves_the_file_empty(
    qtbot: QtBot, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    wizard = FirstRunWizard(tmp_path / "empty.crm", runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_starter_page(qtbot, wizard)
    choice = wizard.starter_page.choice
    choice.kind_buttons["none"].click()
    assert not choice.part_boxes["card_types"].isEnabled()
    assert "储值卡" not in choice.preview.toPlainText()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.store is not None and wizard.actor is not None
    assert CatalogService(wizard.store, wizard.actor).list_card_types() == []
    wizard.store.close()
