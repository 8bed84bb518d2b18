"""Spreadsheet speed: 100,000 customer rows × 15 columns in and out, against pandas in the same run.

Prints: read + validate (dry run), real import into an encrypted file, styled
export; and pandas.read_excel with its default engine and with
engine="calamine", and DataFrame.to_excel, with the ratios the issue's targets
use (real import ≤ 3 × pandas-calamine read; styled export ≤ pandas write) and
the peak memory of our steps (target < 500 MB). pandas is needed only here:
``pip install pandas``.

    python bench/excel.py [--rows 100000] [--skip-pandas-default]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("CRM_DESKTOP_LANG", "zh")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国文杰宇轩"
TIERS = ("普通卡", "银卡", "金卡", "钻石卡")
CITIES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京")
HEADER = ["会员姓名", "手机号码", "会员卡号", "会员等级", "卡内余额(元)", "赠送余额", "积分", "出生日期",
          "性别", "身份证号", "邮箱", "地址", "城市", "开卡日期", "备注"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


CPU: dict[str, float] = {}


def timed(label: str, work: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of ``work``; its CPU time is kept in CPU[label].

    On a shared machine wall times swing with other people's load; the process's
    CPU time does not, so the ratios are printed for both.
    """
    started, cpu = time.perf_counter(), time.process_time()
    result = work()
    seconds = time.perf_counter() - started
    CPU[label] = time.process_time() - cpu
    print(f"{label:<50} {seconds:7.2f} s  cpu {CPU[label]:7.2f} s  peak RSS {peak_mb():5.0f} MB",
          flush=True)
    return seconds, result


STAGES: dict[str, float] = {}


def split_stages() -> None:
    """Keep the CPU time of each stage of an import in STAGES (a few calls per import: cheap).

    Wraps the stage functions where the import looks them up; what is left of the
    import's time (index rebuild, tagging rows, audit entry, commit) is printed as the rest.
    """
    from crm_desktop.models import operation
    from crm_desktop.models.excel import customer_writer, import_frame
    from crm_desktop.models.services import customer_import

    def wrap(owner: Any, name: str, stage: str) -> None:
        inner = getattr(owner, name)

        def timed_stage(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                STAGES[stage] = STAGES.get(stage, 0.0) + time.process_time() - started

        setattr(owner, name, timed_stage)

    wrap(customer_import, "check_rows", "check rows")
    wrap(import_frame, "backup_before", "backup before import")
    wrap(customer_import.CustomerImport, "_plan", "plan (match against the file)")
    wrap(customer_writer, "insert_new", "insert rows (executemany)")
    wrap(operation, "operation_digest", "ledger digest")


def _id_number(rng: random.Random, born: date) -> str:
    from crm_desktop.models.rules.validation import id_check_digit

    body = f"{rng.choice(['110105', '310104', '440304', '330106'])}{born:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + id_check_digit(body)


def make_workbook(path: Path, rows: int, seed: int = 7) -> None:
    """A member list the way an old system exports it: title line, numbers as numbers, mixed text."""
    import xlsxwriter

    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("会员")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_string(0, 0, "会员资料导出")
    sheet.write_row(1, 0, HEADER)
    for i in range(rows):
        born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 20000))
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        row = 2 + i
        sheet.write_string(row, 0, name)
        sheet.write_number(row, 1, 13000000000 + i * 7 + rng.randint(0, 6))  # phone as a number
        sheet.write_string(row, 2, f"{900000000 + i}")
        sheet.write_string(row, 3, rng.choice(TIERS))
        sheet.write_number(row, 4, rng.randint(0, 500000) / 100)
        sheet.write_string(row, 5, f"¥{rng.randint(0, 5000) / 100:,.2f}")
        sheet.write_number(row, 6, rng.randint(0, 20000))
        if i % 3:
            sheet.write_datetime(row, 7, born, day)
        else:
            sheet.write_string(row, 7, f"{born.year}年{born.month}月{born.day}日")
        sheet.write_string(row, 8, rng.choice(("男", "女", "M", "F", "")))
        sheet.write_string(row, 9, _id_number(rng, born) if i % 4 == 0 else "")
        sheet.write_string(row, 10, f"user{i}@example.com" if i % 5 == 0 else "")
        sheet.write_string(row, 11, f"{rng.choice(CITIES)}市某区某路{rng.randint(1, 999)}号")
        sheet.write_string(row, 12, rng.choice(CITIES))
        sheet.write_datetime(row, 13, date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000)), day)
        sheet.write_string(row, 14, "老客户" if i % 7 == 0 else "")
    book.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--skip-pandas-default", action="store_true",
                        help="skip pandas' default (openpyxl) read, the slowest step")
    args = parser.parse_args()

    from crm_desktop.models.excel.export_customers import export_customers
    from crm_desktop.models.excel.header_detect import detect_sheet
    from crm_desktop.models.excel.import_report import ImportOptions
    from crm_desktop.models.excel.readers import open_book
    from crm_desktop.models.opening import create_store
    from crm_desktop.models.services.customer_import import CustomerImport

    folder = Path(tempfile.mkdtemp(prefix="crm-bench-excel-"))
    source = folder / "members.xlsx"
    print(f"{args.rows:,} rows × {len(HEADER)} columns in {folder}")
    timed("make the source workbook (xlsxwriter)", lambda: make_workbook(source, args.rows))
    print(f"source file: {source.stat().st_size / 1048576:.1f} MB")

    # The app loads pypinyin's tables (~1.8 s of CPU here) at its first name search or
    # index; that one-off start-up cost is left out of the import's time.
    from crm_desktop.models.search_index import name_pinyin

    timed("warm-up: load pypinyin's tables once", lambda: name_pinyin("张三"))
    store, _ = create_store(folder / "shop.crm", "测试店", "boss", "bench-pass-1")
    split_stages()
    owner = store.actor_for("boss")
    service = CustomerImport(store, owner)

    def dry_run() -> Any:
        table, mapping = detect_sheet(open_book(source))
        return service.run(table, mapping, ImportOptions(dry_run=True, create_missing=True))

    def real_import() -> Any:
        STAGES.clear()
        started = time.process_time()
        table, mapping = detect_sheet(open_book(source))
        STAGES["read (calamine + header)"] = time.process_time() - started
        return service.run(table, mapping, ImportOptions(dry_run=False, create_missing=True))

    t_read, _ = timed("ours: read + validate (calamine)", lambda: detect_sheet(open_book(source)))
    t_dry, report = timed("ours: dry run (read, validate, match)", dry_run)
    t_import, report = timed("ours: real import, encrypted file", real_import)
    print(f"  imported {report.imported:,}, rejected {len(report.rejected)}, duplicates "
          f"{len(report.duplicates)}, balances {report.balance_fen / 100:,.2f} yuan")
    rest = CPU["ours: real import, encrypted file"] - sum(STAGES.values())
    for stage, seconds in [*STAGES.items(), ("rest: index rebuild, tagging, audit, commit", rest)]:
        print(f"    cpu {seconds:6.2f} s  {stage}")
    out = folder / "export.xlsx"
    t_export, result = timed("ours: styled export (xlsxwriter constant memory)",
                             lambda: export_customers(store, owner, out))
    our_peak = peak_mb()
    store.close()

    import pandas as pd

    t_pd_default = None
    if not args.skip_pandas_default:
        t_pd_default, _ = timed("pandas.read_excel default engine",
                                lambda: pd.read_excel(source, header=1))
    t_pd_calamine, frame = timed('pandas.read_excel engine="calamine"',
                                 lambda: pd.read_excel(source, header=1, engine="calamine"))
    writer = pd.get_option("io.excel.xlsx.writer")
    t_pd_write, _ = timed(f"DataFrame.to_excel (default writer: {writer})",
                          lambda: frame.to_excel(folder / "pandas.xlsx", index=False))
    t_pd_openpyxl, _ = timed('DataFrame.to_excel engine="openpyxl"',
                             lambda: frame.to_excel(folder / "pandas2.xlsx", index=False, engine="openpyxl"))

    print()
    cal = CPU['pandas.read_excel engine="calamine"']
    write = CPU[f"DataFrame.to_excel (default writer: {writer})"]
    print(f"cpu: real import / pandas-calamine read : {CPU['ours: real import, encrypted file'] / cal:5.2f}"
          "   (target ≤ 3)")
    print(f"cpu: dry run / pandas-calamine read     : {CPU['ours: dry run (read, validate, match)'] / cal:5.2f}")
    print(f"cpu: styled export / pandas write       : "
          f"{CPU['ours: styled export (xlsxwriter constant memory)'] / write:5.2f}   (target ≤ 1)")
    print(f"real import / pandas-calamine read : {t_import / t_pd_calamine:5.2f}   (target ≤ 3)")
    print(f"dry run / pandas-calamine read     : {t_dry / t_pd_calamine:5.2f}")
    if t_pd_default:
        print(f"dry run / pandas default read      : {t_dry / t_pd_default:5.2f}")
    print(f"styled export / pandas write ({writer}) : {t_export / t_pd_write:5.2f}   (target ≤ 1)")
    print(f"styled export / pandas write (openpyxl)   : {t_export / t_pd_openpyxl:5.2f}")
    print(f"peak RSS after our import and export: {our_peak:.0f} MB   (target < 500)")
    print(f"exported rows: {result.rows:,}; read alone {t_read:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
