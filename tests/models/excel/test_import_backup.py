"""A real import is preceded by a verified backup that holds the file as it was."""

from __future__ import annotations

from pathlib import Path

from excel_builders import messy_customers

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder
from crm_desktop.models.backup_records import describe_backup, list_backups
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.store.store import Store


def test_real_import_keeps_a_backup_of_the_file_before_it(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(messy_customers(tmp_path / "m.xlsx"))
    dry = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions(dry_run=True))
    assert dry.imported > 0
    assert list_backups(backup_folder(store)) == [], "a dry run writes nothing, not even a backup"

    CustomerImport(store, owner).run(
        table, detect_header(table), ImportOptions(dry_run=False, create_missing=True)
    )
    backups = list_backups(backup_folder(store))
    assert len(backups) == 1 and "import" in backups[0].kind
    assert describe_backup(backups[0].path).counts["customers"] == 0
