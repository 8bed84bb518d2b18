"""Odd values typed on the command line, and `init` beside a key file whose data file is gone:
one sentence and exit 2 each, never a traceback, nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.models.opening import create_store
from crm_desktop.models.store.keyslots import keyfile_path

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "owner-pass-1"


def crm(*args: str, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_USER="boss")
    if password is not None:
        environ["CRM_DESKTOP_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "crm_desktop", *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=environ,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", PASSWORD)
    store.close()
    return path


def test_init_refuses_to_make_a_file_over_a_key_file_whose_data_file_is_missing(
    shop: Path, tmp_path: Path
) -> None:
    keys_before = keyfile_path(shop).read_bytes()
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.move(shop, usb / shop.name)  # the data file went away, its key file stayed

    # Refused before any password is asked for (none is given here).
    done = crm("init", "--db", str(shop), "--shop", "新店", "--owner", "laoban", password=None)

    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "数据文件" in done.stderr and "密钥文件 shop.crm.keys 还在" in done.stderr
    assert f"crm-desktop restore --latest --db {shop}" in done.stderr
    assert not shop.exists()
    assert keyfile_path(shop).read_bytes() == keys_before
    assert done.stdout == ""


def test_init_refuses_an_existing_file_and_a_blank_shop_name(shop: Path, tmp_path: Path) -> None:
    before = shop.read_bytes()
    again = crm("init", "--db", str(shop), "--shop", "新店", "--owner", "laoban")
    assert again.returncode == 2 and "已存在，不会覆盖它" in again.stderr
    assert shop.read_bytes() == before

    blank = crm("init", "--db", str(tmp_path / "new.crm"), "--shop", "  ", "--owner", "laoban")
    assert (blank.returncode, blank.stderr) == (2, "请写上店名。 / Give the shop's name with --shop.\n")
    assert not (tmp_path / "new.crm").exists()


CUSTOMER = "客户编号是一个正整数"
DATE = "日期请写成 YYYY-MM-DD，在 1900-01-01 到 2999-12-31 之间"
OUT_OF_RANGE = "超出范围，请写 1900-01-01 到 2999-12-31 之间的日期"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("person", "export", "--customer", "99999999999999999999"), CUSTOMER),
        (("person", "export", "--customer", "-7"), CUSTOMER),
        (("person", "anonymise", "--customer", "0", "--reason", "本人要求"), CUSTOMER),
        (("person", "anonymise", "--customer", "12abc", "--reason", "本人要求"), CUSTOMER),
        (("retention", "--at", "9999-99-99"), DATE),
        (("retention", "--at", "0001-01-01"), DATE),
        (("retention", "--at", "9999-12-31", "--anonymise"), DATE),
        (("demo", "--customers", "99999999999999999999"), "请写一个 1 到 5000000 之间的整数"),
        (("demo", "--customers", "-1"), "请写一个 1 到 5000000 之间的整数"),
        (("demo", "--purchases", "-3"), "请写一个 0 到 9223372036854775807 之间的整数"),
        (("demo", "--seed", "99999999999999999999"), "请写一个 0 到 9223372036854775807 之间的整数"),
        (("demo", "--today", "0001-01-01"), DATE),
        (("demo", "--today", "9999-12-31"), DATE),
        (("export", "ledger", "--from", "0001-01-01", "--to", "2024-01-31"), OUT_OF_RANGE),
        (("export", "takings", "--from", "2024-01-01", "--to", "9999-12-31"), OUT_OF_RANGE),
        (("export", "liability", "--at", "9999-12-31"), OUT_OF_RANGE),
        (("export", "points", "--at", "9999-12-31"), OUT_OF_RANGE),
        (("export", "segments", "--at", "0001-01-01"), OUT_OF_RANGE),
        (("export", "rollforward", "--from", "0001-01-01", "--to", "9999-12-31"), OUT_OF_RANGE),
        (("export", "audit", "--from", "0001-01-01"), OUT_OF_RANGE),
    ],
)
def test_odd_numbers_and_dates_are_one_sentence(
    shop: Path, tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    out = tmp_path / "out.xlsx"
    if args[0] == "export" or args[:2] == ("person", "export"):
        args = (*args, "--out", str(out))
    before = shop.read_bytes()

    done = crm(*args, "--db", str(shop))

    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert said in done.stderr
    assert not out.exists()
    assert shop.read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ("export", "customers", "--out", "/proc/no-such-folder/x.xlsx"),
        ("person", "export", "--customer", "1", "--out", "/proc/no-such-folder/x.xlsx"),
        ("backup", "--out", "/tmp/" + "x" * 300 + ".crmbak"),
        ("check", "--db", "/tmp/" + "x" * 300 + ".crm"),
    ],
)
def test_odd_paths_are_one_sentence(shop: Path, args: tuple[str, ...]) -> None:
    db = () if "--db" in args else ("--db", str(shop))
    done = crm(*args, *db)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
