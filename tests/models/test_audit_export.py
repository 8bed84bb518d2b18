"""The audit log in words people read, and its export to a workbook: filters, headings,
readable fields and values, who may export, and the entry the export leaves."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit_labels import (
    FIELD_LABELS,
    change_summary,
    field_label,
    value_text,
)
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.excel.export_audit import export_audit
from crm_desktop.models.excel.export_common import ExportCancelled
from crm_desktop.models.language import set_language
from crm_desktop.models.progress import Progress, cancelled_error
from crm_desktop.models.services.audit_log import AuditFilter, AuditService
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent / "excel"))
from excel_builders import read_sheets  # noqa: E402

pytestmark = pytest.mark.both_backends


def _topped_up_card(store: Store, owner: Actor, clerk: Actor) -> CardRecord:
    customer = CustomerService(store, owner).create(CustomerInput(name="张三", phone="13800138000"))
    card_type = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    card = CardService(store, owner).issue(customer.id, card_type.id)
    CardService(store, clerk).top_up(card.id, 12345, "wechat")
    return card


def test_fields_and_values_read_as_words_in_the_users_language() -> None:
    before = {"principal_fen": 0, "marketing_consent": True, "consent_channel": "wechat"}
    after = {"principal_fen": 12345, "marketing_consent": False, "phone": "***", "mystery": 7}

    summary = change_summary(before, after)

    assert "本金：¥0.00 → ¥123.45" in summary
    assert "营销同意：是 → 否" in summary
    assert "同意渠道：微信 → ∅" in summary
    assert "手机：（不显示）" in summary
    assert "mystery：7" in summary  # an unknown key falls back to itself
    set_language("en")
    assert field_label("principal_fen") == "Paid balance"
    assert value_text("marketing_consent", False) == "no"
    assert "Paid balance: ¥0.00 → ¥123.45" in change_summary(before, after)


def test_every_key_the_services_write_has_a_label() -> None:
    written = {
        "principal_fen", "bonus_fen", "points", "counts_left", "amount_fen", "paid_fen",
        "bonus_added_fen", "payment_method", "tier_upgrade_to", "fee_fen", "first_topup_fen",
        "refunded_fen", "forfeited_bonus_fen", "new_card_id", "refund_id", "purchase_id",
        "marketing_consent", "consent_channel", "consent_at", "retention_days", "status",
        "reason", "follow_up_on", "satisfaction", "nps", "username", "role", "active",
        "backup_keep", "backup_dir", "idle_lock_minutes", "tier_id", "pin", "rows_read",
    }
    assert written <= set(FIELD_LABELS)
    assert field_label("rows_customers") == "写入行数（客户）"


def test_owner_exports_the_filtered_log_with_readable_headings(
    store: Store, owner: Actor, clerk: Actor, tmp_path: Path
) -> None:
    card = _topped_up_card(store, owner, clerk)
    out = tmp_path / "日志.xlsx"

    result = export_audit(store, owner, out, AuditFilter(username="clerk1", action="card."))

    sheets = read_sheets(out)
    rows = sheets["操作日志"]
    assert rows[0][:6] == ["时间", "用户", "操作", "记录", "编号", "改动"]
    assert result.rows == 1 and len(rows) == 2
    assert rows[1][1:5] == ["clerk1", "充值", "会员卡", card.id]
    assert "本金：¥0.00 → ¥123.45" in rows[1][5] and "支付方式：微信支付" in rows[1][5]
    summary = dict((r[0], r[1]) for r in sheets["汇总"][1:])
    assert summary["条数"] == 1 and summary["用户"] == "clerk1"
    assert summary["操作"] == "会员卡与金额"
    entry = AuditService(store, owner).recent(1)[0]
    assert entry.action == "audit.export" and entry.username == "boss"
    assert entry.after == {"rows": 1, "user": "clerk1", "action": "card."}


def test_one_customers_history_and_a_date_range(
    store: Store, owner: Actor, clerk: Actor, tmp_path: Path
) -> None:
    customers = CustomerService(store, owner)
    first = customers.create(CustomerInput(name="李四", phone="13912345678"))
    customers.create(CustomerInput(name="王五", phone="13700001111"))
    out = tmp_path / "one.xlsx"

    result = export_audit(store, owner, out, AuditFilter(entity="customer", entity_id=first.id))
    assert result.rows == 1
    assert read_sheets(out)["操作日志"][1][4] == first.id

    yesterday = date.today() - timedelta(days=1)
    empty = export_audit(store, owner, tmp_path / "none.xlsx", AuditFilter(until=yesterday))
    assert empty.rows == 0


def test_a_clerk_may_not_export_and_no_file_or_entry_is_left(
    store: Store, owner: Actor, clerk: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "log.xlsx"
    before = len(AuditService(store, owner).recent(1000))

    with pytest.raises(PermissionDenied) as refused:
        export_audit(store, clerk, out, AuditFilter(entity="customer", entity_id=1))

    assert "操作日志" in str(refused.value)
    assert not out.exists()
    assert len(AuditService(store, owner).recent(1000)) == before


def test_a_cancelled_export_leaves_no_file_and_no_entry(
    store: Store, owner: Actor, clerk: Actor, tmp_path: Path
) -> None:
    _topped_up_card(store, owner, clerk)
    out = tmp_path / "log.xlsx"
    before = len(AuditService(store, owner).recent(1000))

    def cancel(progress: Progress) -> None:
        assert progress.stage == "audit"
        raise cancelled_error()

    with pytest.raises(ExportCancelled) as cancelled:
        export_audit(store, owner, out, progress=cancel)

    assert str(cancelled.value) == "导出已取消，没有生成文件。"
    assert not out.exists()
    assert len(AuditService(store, owner).recent(1000)) == before


def test_accountant_exports_and_formula_text_stays_text(
    store: Store, owner: Actor, accountant: Actor, tmp_path: Path
) -> None:
    customers = CustomerService(store, owner)
    person = customers.create(CustomerInput(name="赵六", phone="13600001234"))
    customers.terminate(person.id, "=HYPERLINK(\"x\")")
    out = tmp_path / "acc.xlsx"

    export_audit(store, accountant, out)

    rows = read_sheets(out)["操作日志"]
    ended = next(r for r in rows if r[2] == "终止会员")
    assert ended[5].startswith("状态：正常 → 已终止")
    assert "原因：=HYPERLINK(\"x\")" in ended[5]
