"""No password, key or full ID number in any message, log line, audit entry or file beside the data.

A run of failing actions (wrong and overlong passwords, a wrong recovery key, bad and
duplicate ID numbers, a refused key change) is collected: every sentence, every
exception with its whole chain of causes, every log record, then the audit table and
every file in the shop's folder are searched for the secrets used.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import DomainError
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.language import set_language
from crm_desktop.models.opening import unlock_key
from crm_desktop.models.rekey import rekey
from crm_desktop.models.rules.validation import id_check_digit
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyslots import KeyFile
from crm_desktop.models.store.store import Store

WRONG = "Wr0ng'\";--:密码🔑"
LONG = "长密码-too-long-" * 20  # 320 characters
OLD_WRONG = "not-my-old-pass-77"
CLERK_PASSWORD = "clerk-secret-42"
ID_OK = "11010519900307123" + id_check_digit("11010519900307123")
ID_BAD = ID_OK[:17] + ("0" if ID_OK[17] != "0" else "1")
ID_AS_NUMBER = 110105199003071237


def _texts_of(error: BaseException) -> list[str]:
    texts = ["".join(traceback.format_exception(error)), repr(error), str(error)]
    if isinstance(error, DomainError):
        texts += [error.zh, error.en]
    return texts


def test_failing_actions_never_show_a_password_a_key_or_a_full_id_number(
    store_and_recovery: tuple[Store, str], owner: Actor, db_path: Path, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    store, recovery = store_and_recovery
    caplog.set_level(logging.DEBUG)
    db_key = store.database_key
    UserService(store, owner).add("clerk1", "clerk", CLERK_PASSWORD)
    clerk = store.actor_for("clerk1")
    customers = CustomerService(store, owner)
    customers.create(CustomerInput(name="甲", phone="13800001111", id_number=ID_OK))
    shown: list[str] = []

    def fails(action: Callable[[], object]) -> None:
        with pytest.raises(Exception) as caught:
            action()
        shown.extend(_texts_of(caught.value))

    for language in ("zh", "en"):
        set_language(language)
        fails(lambda: unlock_key(db_path, "boss", WRONG))
        fails(lambda: unlock_key(db_path, "nobody", LONG))
        fails(lambda: UserService(store, owner).add("clerk2", "clerk", LONG))
        fails(lambda: UserService(store, clerk).change_own_password(OLD_WRONG, "new-pass-123"))
        fails(lambda: UserService(store, owner).reset_password("clerk1", "x"))
        fails(lambda: KeyFile.load(db_path.with_name(db_path.name + ".keys"))
              .unlock_with_recovery(recovery[:-4] + "AAAA"))
        fails(lambda: customers.create(CustomerInput(name="乙", id_number=ID_BAD)))
        fails(lambda: customers.create(CustomerInput(name="乙", id_number=ID_AS_NUMBER)))
        fails(lambda: customers.create(CustomerInput(name="丙", id_number=ID_OK)))
        fails(lambda: rekey(store, clerk))

        def duplicate_below_the_service() -> None:
            with store.write() as session:
                session.add(Customer(name="丁", id_number=ID_OK))

        fails(duplicate_below_the_service)
    set_language("zh")

    sheet = tmp_path / "import.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机", "身份证号"])
    book.active.append(["戊", "13800002222", ID_BAD])
    book.active.append(["己", "13800003333", ID_OK])
    book.save(sheet)
    table = open_table(sheet)
    report = CustomerImport(store, owner).run(table, detect_header(table), ImportOptions())
    shown += [r.reason for r in report.rejected] + [m.note for m in report.matches]

    shown += [record.getMessage() for record in caplog.records]
    shown += [logging.Formatter().format(record) for record in caplog.records]
    with store.read() as session:
        shown += [" ".join(map(str, row)) for row in session.execute(text(
            "SELECT username, action, entity, before, after FROM audit_entries"))]

    everything = "\n".join(shown)
    assert "用户名或密码不正确" in everything and "校验位不对" in everything  # the run happened
    assert "110***********" in everything or "110" + "*" * 11 in everything  # masked, not full
    secrets = [WRONG, LONG, OLD_WRONG, CLERK_PASSWORD, "owner-pass-1", ID_OK, ID_BAD,
               str(ID_AS_NUMBER), recovery, db_key.hex(), db_key.hex().upper()]
    for secret in secrets:
        assert secret not in everything, secret
    # Nor in any file beside the data (the data file and its log are encrypted).
    for path in db_path.parent.iterdir():
        if path.is_file() and path.suffix != ".xlsx":
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, (path.name, secret)
            assert db_key not in data, path.name


def test_exports_never_put_a_full_id_number_in_the_system_temp_folder(
    store: Store, owner: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An owner's full-number exports; their parts are assembled beside the file only.

    The system temp folder is pointed at a folder that does not exist: any part written
    there would make the export fail.
    """
    import tempfile

    from crm_desktop.models.excel.export_customers import export_customers
    from crm_desktop.models.services.privacy import PrivacyService

    record = CustomerService(store, owner).create(
        CustomerInput(name="周八", phone="13812340000", id_number=ID_OK))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-temp-folder"))
    out = tmp_path / "out"
    out.mkdir()

    customers = export_customers(store, owner, out / "customers.xlsx", full_numbers=True).path
    person = PrivacyService(store, owner).export_person(record.id, out / "person.xlsx").path

    cells = [c for row in openpyxl.load_workbook(customers)["客户"].iter_rows(values_only=True)
             for c in row]
    assert ID_OK in cells, "the owner's customer export holds the full ID number"
    assert person.exists()
    assert sorted(p.name for p in out.iterdir()) == ["customers.xlsx", "person.xlsx"], \
        "no parts folder is left beside the files"
