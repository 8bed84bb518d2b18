"""The owner's setup checklist: each step is read from the file and ticks off as it is done."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.setup_checklist import SetupChecklistService
from crm_desktop.models.services.starter import StarterService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store


def _open(store: Store, owner: Actor) -> list[str]:
    return [step.key for step in SetupChecklistService(store, owner).checklist().remaining]


def test_a_new_file_has_every_step_to_do(store: Store, owner: Actor) -> None:
    checklist = SetupChecklistService(store, owner).checklist()
    assert [s.key for s in checklist.steps] == [
        "card_types", "tiers", "items", "staff", "backup_folder", "recovery_key"]
    assert not checklist.complete and not checklist.hidden
    first = checklist.steps[0]
    assert first.action_name == "action_card_types"
    assert "添加卡种" in first.text and "开店模板" in first.text
    english = SetupChecklistService(store, owner).checklist("en").steps[3]
    assert english.text.startswith("Give each counter clerk an account")


def test_steps_tick_off_as_the_owner_does_them(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    StarterService(store, owner).apply("salon", ["card_types", "tiers"])
    assert _open(store, owner) == ["items", "staff", "backup_folder", "recovery_key"]
    StarterService(store, owner).apply("salon", ["items"])
    UserService(store, owner).add("xiaoli", "clerk", "staff-pass-1")
    assert _open(store, owner) == ["backup_folder", "recovery_key"]
    folder = tmp_path / "usb"
    folder.mkdir()
    CatalogService(store, owner).update_settings({"backup_dir": str(folder)})
    assert _open(store, owner) == ["recovery_key"]
    SetupChecklistService(store, owner).note_recovery_key_written()
    assert SetupChecklistService(store, owner).checklist().complete
    with store.read() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert "setup.recovery_key_written" in actions


def test_a_removed_clerk_or_a_retired_card_type_opens_the_step_again(
    store: Store, owner: Actor
) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "staff-pass-1")
    catalog = CatalogService(store, owner)
    made = catalog.create_card_type("储值卡", "stored_value")
    assert "staff" not in _open(store, owner) and "card_types" not in _open(store, owner)
    users.remove("xiaoli")
    catalog.update_card_type(made.id, made.name, made.kind, active=False)
    assert {"staff", "card_types"} <= set(_open(store, owner))


def test_the_owner_may_hide_it_and_a_clerk_may_not_read_it(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    service = SetupChecklistService(store, owner)
    service.set_hidden(True)
    assert service.checklist().hidden
    service.set_hidden(False)
    assert not service.checklist().hidden
    with pytest.raises(PermissionDenied):
        SetupChecklistService(store, clerk).checklist()
    with pytest.raises(PermissionDenied):
        SetupChecklistService(store, clerk).note_recovery_key_written()
