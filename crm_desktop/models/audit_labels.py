"""How audit entries read for people: action, record and field names, and readable values.

Shared by the audit viewer and the audit export so both say the same thing. Each
name is held in Simplified Chinese and English and given in the current language
(``models.language``). A key or action without a name shows as stored
(``card.expire_due``), so something new is never hidden, only less friendly.
Values: amounts in fen read as ¥ yuan, yes/no as 是/否, known codes (status,
role, payment method, channel) as words; personal values were never stored
(``audit.scrub`` leaves ``***``), and read as "(hidden)".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from crm_desktop.models.customer_fields import CUSTOMER_FIELDS
from crm_desktop.models.language import current_language
from crm_desktop.models.merge_moves import RECORD_KEY
from crm_desktop.models.payment_words import PAYMENT_LABELS
from crm_desktop.models.rules.validation import format_fen

Names = dict[str, tuple[str, str]]

ACTION_NAMES: Names = {
    "customer.create": ("新建客户", "New customer"),
    "customer.update": ("修改客户资料", "Customer edited"),
    "customer.tags": ("修改客户标签", "Customer tags changed"),
    "customer.terminate": ("终止会员", "Membership ended"),
    "customer.reactivate": ("恢复会员", "Membership restored"),
    "customer.import": ("导入客户", "Customers imported"),
    "customer.anonymise": ("删除个人信息", "Personal details erased"),
    "customer.anonymise_many": ("批量删除个人信息", "Personal details erased (several)"),
    "customer.export_person": ("导出个人全部信息", "Everything about a person exported"),
    "customer.consent_withdrawn": ("撤回营销同意", "Marketing consent withdrawn"),
    "customer.reveal": ("查看完整号码", "Full number shown"),
    "customer.not_duplicate": ("标记为不是同一人", "Marked as not the same person"),
    "customer.not_duplicate_undone": ("撤销“不是同一人”", "\u201cNot the same person\u201d undone"),
    "customer.merge": ("合并客户", "Customers merged"),
    "customer.merge_undo": ("撤销合并", "Merge undone"),
    "customer.contact_confirmed": ("已与客户核对", "Contact details confirmed"),
    "customer.correction_dismissed": ("忽略待更正的导入值", "Import correction set aside"),
    "card.issue": ("开卡", "Card issued"),
    "card.top_up": ("充值", "Top-up"),
    "card.consume": ("消费", "Purchase"),
    "card.redeem": ("积分抵扣", "Points redeemed"),
    "card.use_count": ("使用次数", "Visit used"),
    "card.freeze": ("冻结卡", "Card frozen"),
    "card.unfreeze": ("解冻卡", "Card unfrozen"),
    "card.report_lost": ("挂失", "Card reported lost"),
    "card.report_found": ("解除挂失", "Lost card found"),
    "card.replace": ("换卡", "Card replaced"),
    "card.change_tier": ("调整等级", "Tier changed"),
    "card.cancel": ("退卡", "Card cancelled"),
    "card.set_pin": ("设置卡密码", "Card PIN set"),
    "card.adjust": ("调整余额", "Balance adjusted"),
    "card.expire_due": ("到期卡关闭", "Expired cards closed"),
    "purchase.refund": ("退款", "Refund"),
    "purchase.import": ("导入消费记录", "Purchases imported"),
    "shift.open": ("开班", "Shift opened"),
    "shift.close": ("交班", "Shift closed"),
    "day.close": ("日结", "Day closed"),
    "day.reopen": ("重新打开营业日", "Day reopened"),
    "interaction.log": ("记录联系", "Contact logged"),
    "interaction.follow_up_done": ("完成回访", "Follow-up done"),
    "feedback.open": ("记录反馈", "Feedback recorded"),
    "feedback.move": ("反馈状态变更", "Feedback status changed"),
    "survey.record": ("记录满意度", "Survey answer"),
    "care.contacted": ("批量联系客户", "Customers contacted"),
    "item.create": ("新建服务/商品", "New item"),
    "item.update": ("修改服务/商品", "Item edited"),
    "item.set_active": ("启用/停用服务/商品", "Item turned on or off"),
    "card_type.create": ("新建卡种", "New card type"),
    "card_type.update": ("修改卡种", "Card type edited"),
    "tier.create": ("新建等级", "New tier"),
    "starter.apply": ("应用开店模板", "Starter set applied"),
    "setup.recovery_key_written": ("确认已抄下恢复密钥", "Recovery key confirmed written down"),
    "setup.checklist_hidden": ("开店清单显示设置", "Setup checklist shown or hidden"),
    "tier.update": ("修改等级", "Tier edited"),
    "tier.review": ("等级复核", "Tier review"),
    "tier.review_schedule": ("设置复核日", "Tier review date set"),
    "settings.update": ("修改设置", "Settings changed"),
    "approval.update": ("修改授权设置", "Approval rules changed"),
    "analytics.settings": ("修改分析规则", "Analysis rules changed"),
    "import.preset_save": ("保存导入方案", "Import mapping saved"),
    "import.preset_delete": ("删除导入方案", "Import mapping deleted"),
    "audit.export": ("导出操作日志", "Audit log exported"),
    "export.full_numbers": ("导出完整号码", "Full numbers exported"),
    "history.carry_over": ("签名升级前的记录", "History from before signatures signed"),
    "user.add": ("添加账号", "Account added"),
    "user.remove": ("停用账号", "Account removed"),
    "user.set_role": ("修改角色", "Role changed"),
    "user.reset_password": ("店主重设密码", "Password set by owner"),
    "user.change_password": ("修改本人密码", "Own password changed"),
    "user.recover": ("用恢复密钥找回", "Recovered with the recovery key"),
    "file.create": ("创建店铺文件", "Shop file created"),
    "file.new_recovery_key": ("生成新恢复密钥", "New recovery key"),
    "file.rekey": ("更换数据库密钥", "Database key changed"),
    "demo.generate": ("生成演示数据", "Demo data generated"),
}

ACTION_AREAS: list[tuple[str, str, str]] = [
    ("全部操作", "All actions", ""),
    ("客户", "Customers", "customer."),
    ("会员卡与金额", "Cards and money", "card."),
    ("退款与消费", "Refunds and purchases", "purchase."),
    ("交班", "Shifts", "shift."),
    ("日结", "Day-end closes", "day."),
    ("联系与回访", "Contacts and follow-ups", "interaction."),
    ("反馈", "Feedback", "feedback."),
    ("卡种", "Card types", "card_type."),
    ("等级", "Tiers", "tier."),
    ("服务/商品", "Items", "item."),
    ("设置", "Settings", "settings."),
    ("操作日志", "Audit log", "audit."),
    ("员工账号", "Staff accounts", "user."),
    ("店铺文件", "Shop file", "file."),
]

ENTITY_NAMES: Names = {
    "customer": ("客户", "Customer"),
    "card": ("会员卡", "Card"),
    "purchase": ("消费", "Purchase"),
    "interaction": ("联系记录", "Contact"),
    "feedback": ("反馈", "Feedback"),
    "survey": ("满意度", "Survey"),
    "card_type": ("卡种", "Card type"),
    "tier": ("等级", "Tier"),
    "item": ("服务/商品", "Item"),
    "shift": ("班次", "Shift"),
    "day": ("营业日", "Business day"),
    "setting": ("设置", "Settings"),
    "user": ("员工账号", "Staff account"),
    "file": ("店铺文件", "Shop file"),
    "audit": ("操作日志", "Audit log"),
}

# Every key a service writes into an entry's before/after (see the services and
# models/analytics); a key missing here shows as stored.
FIELD_LABELS: Names = {
    # customers: their fields' words are declared with the fields
    **{f.name: f.short for f in CUSTOMER_FIELDS},
    "reason": ("原因", "Reason"),
    "approved_by": ("批准人", "Approved by"),
    "approval_for": ("批准事项", "Approved for"),
    "discount_percent": ("折扣限额（%）", "Discount limit (%)"),
    "approvers": ("可批准的账号", "Accounts that may approve"),
    "actions": ("需要批准的操作", "Actions that need approval"),
    "export": ("导出", "Export"),
    "dropped": ("未签名而删除的登录项", "Unsigned entries dropped"),
    "customers": ("客户数", "Customers"),
    "customer_ids": ("客户编号", "Customer Nos."),
    "merged_erased": ("一并删除的已并入档案", "Merged files erased with them"),
    "customer_id": ("客户编号", "Customer No."),
    "field": ("字段", "Field"),
    "sheets": ("工作表数", "Sheets"),
    "rows": ("行数", "Rows"),
    "retention_days": ("保存期限（天）", "Retention (days)"),
    "contact_confirmed_at": ("核对时间", "Contact confirmed at"),
    "corrections_cleared": ("已更正的导入值", "Import corrections resolved"),
    "completeness_fields": ("计入完整度的资料", "Facts counted for completeness"),
    "contact_check_months": ("核对周期（月）", "Contact check every (months)"),
    # cards and money
    "principal_fen": ("本金", "Paid balance"),
    "bonus_fen": ("赠送余额", "Bonus balance"),
    "points": ("积分", "Points"),
    "counts_left": ("剩余次数", "Visits left"),
    "amount_fen": ("金额", "Amount"),
    "paid_fen": ("实付", "Paid"),
    "bonus_added_fen": ("赠送", "Bonus added"),
    "fee_fen": ("工本费", "Fee"),
    "first_topup_fen": ("首次充值", "First top-up"),
    "refunded_fen": ("退还本金", "Refunded"),
    "forfeited_bonus_fen": ("作废赠送", "Bonus forfeited"),
    "balance_fen": ("期初余额", "Opening balances"),
    "payment_method": ("支付方式", "Payment method"),
    "purchase_id": ("消费编号", "Purchase No."),
    "refund_id": ("退款编号", "Refund No."),
    "lines": ("退回项目", "Items taken back"),
    "redeemed": ("抵扣积分", "Points redeemed"),
    "counts_used": ("使用次数", "Visits used"),
    "tier_upgrade_to": ("升级为", "Upgraded to"),
    "tier_id": ("等级编号", "Tier No."),
    "card_type_id": ("卡种编号", "Card type No."),
    "new_card_id": ("新卡编号", "New card No."),
    "pin": ("卡密码", "Card PIN"),
    "expired": ("到期卡数", "Cards expired"),
    "on": ("日期", "Date"),
    # shifts and day-end closes
    "business_day": ("营业日", "Business day"),
    "float_fen": ("备用金", "Cash float"),
    "expected_cash_fen": ("应有现金", "Expected cash"),
    "counted_cash_fen": ("实点现金", "Cash counted"),
    "difference_fen": ("现金差额", "Cash difference"),
    "cash_difference_fen": ("现金差额合计", "Cash differences"),
    "takings_fen": ("收款合计", "Takings"),
    "paid_out_fen": ("付出合计", "Paid out"),
    "methods": ("各支付方式", "By payment method"),
    "transactions": ("交易笔数", "Transactions"),
    "shifts": ("班次数", "Shifts"),
    "note": ("备注", "Note"),
    # engagement
    "channel": ("渠道", "Channel"),
    "follow_up_on": ("回访日期", "Follow-up date"),
    "follow_up_done": ("已回访", "Followed up"),
    "category": ("类别", "Category"),
    "satisfaction": ("满意度", "Satisfaction"),
    "nps": ("推荐意愿", "Would recommend"),
    "purpose": ("目的", "Purpose"),
    # catalogue
    "price_fen": ("售价", "Price"),
    "validity_days": ("有效天数", "Valid for (days)"),
    "count_total": ("总次数", "Visits"),
    "service_name": ("服务项目", "Service"),
    "bonus_rules": ("充值赠送规则", "Top-up bonus rules"),
    "barcode": ("条码", "Barcode"),
    "uses_visit": ("消耗次数", "Uses a visit"),
    "favourite": ("常用", "Favourite"),
    "active": ("启用", "In use"),
    "rank": ("等级顺序", "Rank"),
    "price_percent": ("折扣（%）", "Price (%)"),
    "points_multiplier_percent": ("积分倍率（%）", "Points rate (%)"),
    "rule_kind": ("升级规则", "Upgrade rule"),
    "threshold": ("门槛", "Threshold"),
    "window_days": ("统计天数", "Window (days)"),
    "benefits": ("权益", "Benefits"),
    "next_on": ("下次复核", "Next review"),
    "every_months": ("复核周期（月）", "Every (months)"),
    "at": ("时间", "At"),
    "cards": ("卡数", "Cards"),
    "upgraded": ("升级", "Upgraded"),
    "downgraded": ("降级", "Downgraded"),
    "rules": ("规则", "Rules"),
    # settings
    "shop_name": ("店名", "Shop name"),
    "shop_address": ("店铺地址", "Shop address"),
    "shop_phone": ("店铺电话", "Shop phone"),
    "idle_lock_minutes": ("自动锁定（分钟）", "Idle lock (minutes)"),
    "card_number_prefix": ("卡号前缀", "Card number prefix"),
    "card_number_length": ("卡号长度", "Card number length"),
    "points_per_yuan": ("每元积分", "Points per yuan"),
    "points_per_yuan_redeemed": ("每元抵扣积分", "Points per yuan off"),
    "backup_keep": ("保留备份份数", "Backups kept"),
    "backup_dir": ("备份文件夹", "Backup folder"),
    "receipt_printer": ("默认打印机", "Default printer"),
    "receipt_paper_mm": ("小票纸宽（毫米）", "Receipt paper (mm)"),
    "receipt_auto_print": ("自动打印小票", "Print receipts automatically"),
    "receipt_signature_actions": ("带签名栏的小票", "Receipts with a signature line"),
    "receipt_escpos_address": ("网络小票打印机", "Network receipt printer"),
    # imports, accounts, the file, the log
    "file": ("文件", "File"),
    "rows_read": ("读取行数", "Rows read"),
    "imported": ("新增", "Added"),
    "updated": ("更新", "Updated"),
    "flagged": ("待更正", "Flagged for correction"),
    "member_since_lowered": ("入会日期提前", "Member-since moved earlier"),
    "preset": ("导入方案", "Mapping"),
    "columns": ("列数", "Columns"),
    "username": ("用户名", "User name"),
    "role": ("角色", "Role"),
    "accounts": ("账号数", "Accounts"),
    "recovery_key_renewed": ("新恢复密钥", "New recovery key"),
    "backup": ("备份", "Backup"),
    "user": ("用户", "User"),
    "action": ("操作", "Action"),
    "entity": ("记录", "Record"),
    "entity_id": ("编号", "No."),
    "since": ("开始日期", "From"),
    "until": ("结束日期", "To"),
    # merges
    "merged_from": ("并入的客户", "Customer merged in"),
    "merged_into": ("并入到", "Merged into"),
    "moved_cards": ("转入的会员卡", "Cards moved"),
    "moved_purchases": ("转入的消费记录", "Purchases moved"),
    "undoes": ("撤销的合并", "Merge undone"),
    "taken_fields": ("采用被并入客户的资料", "Taken from the customer merged in"),
}

# Readable words for the codes some keys hold.
VALUE_WORDS: dict[str, Names] = {
    "status": {
        "active": ("正常", "active"),
        "terminated": ("已终止", "terminated"),
        "anonymised": ("已匿名化", "anonymised"),
        "merged": ("已合并", "merged"),
        "frozen": ("冻结", "frozen"),
        "lost": ("挂失", "lost"),
        "replaced": ("已换卡", "replaced"),
        "cancelled": ("已退卡", "cancelled"),
        "expired": ("已过期", "expired"),
        "open": ("待处理", "open"),
        "in_progress": ("处理中", "in progress"),
        "resolved": ("已解决", "resolved"),
        "closed": ("已关闭", "closed"),
        "reopened": ("已重新打开", "reopened"),
    },
    "role": {
        "owner": ("店主", "owner"),
        "clerk": ("前台", "clerk"),
        "accountant": ("会计", "accountant"),
    },
    "payment_method": PAYMENT_LABELS,
    "channel": {
        "visit": ("到店", "visit"),
        "call": ("电话", "call"),
        "sms": ("短信", "SMS"),
        "wechat": ("微信", "WeChat"),
        "email": ("邮件", "email"),
        "counter": ("前台", "counter"),
    },
    "kind": {
        "individual": ("个人", "individual"),
        "enterprise": ("企业", "company"),
        "complaint": ("投诉", "complaint"),
        "suggestion": ("建议", "suggestion"),
        "praise": ("表扬", "praise"),
        "stored_value": ("储值卡", "stored value"),
        "points": ("积分卡", "points"),
        "count": ("次卡", "visits"),
        "period": ("期限卡", "period"),
        "mixed": ("综合卡", "mixed"),
    },
    "gender": {"M": ("男", "male"), "F": ("女", "female")},
    "pin": {"set": ("已设置", "set")},
}
VALUE_WORDS["consent_channel"] = VALUE_WORDS["channel"]
VALUE_WORDS["approval_for"] = {
    "purchase.refund": ("退款", "refund"),
    "card.cancel": ("退卡", "card cancellation"),
    "card.adjust": ("调整余额", "balance adjustment"),
    "purchase.discount": ("超过限额的折扣", "discount above the limit"),
}
# Keys kept for the program (``check``), not for reading.
_FOR_THE_PROGRAM = frozenset({RECORD_KEY, "approval_key", "approval_signature"})

# What a bulk action's per-table row counts (``rows_<table>``) are called.
TABLE_WORDS: Names = {
    "customers": ("客户", "customers"),
    "customer_search": ("姓名检索", "name search entries"),
    "tags": ("标签", "tags"),
    "customer_tags": ("客户标签", "customer tags"),
    "duplicate_dismissals": ("“不是同一人”标记", "not-the-same-person marks"),
    "cards": ("会员卡", "cards"),
    "card_types": ("卡种", "card types"),
    "tiers": ("等级", "tiers"),
    "tier_changes": ("等级变动", "tier changes"),
    "value_entries": ("储值流水", "stored-value entries"),
    "points_entries": ("积分流水", "points entries"),
    "count_entries": ("次数流水", "visit entries"),
    "purchases": ("消费记录", "purchases"),
    "purchase_lines": ("消费明细", "purchase lines"),
    "items": ("服务/商品", "items"),
    "interactions": ("联系记录", "contacts"),
    "feedback": ("反馈", "feedback"),
    "feedback_events": ("反馈处理记录", "feedback updates"),
    "survey_answers": ("问卷答复", "survey answers"),
    "transactions": ("交易编号", "transaction numbers"),
    "shifts": ("班次", "shifts"),
    "day_closes": ("日结", "day-end closes"),
    "users": ("员工账号", "staff accounts"),
    "user_keys": ("账号密钥", "account keys"),
    "audit_entries": ("操作日志", "audit entries"),
    "settings": ("设置", "settings"),
}

# ``name`` is a person's name on a customer, a plain name on anything else.
_ENTITY_FIELD_LABELS: dict[tuple[str, str], tuple[str, str]] = {
    ("card_type", "name"): ("名称", "Name"),
    ("tier", "name"): ("名称", "Name"),
    ("item", "name"): ("名称", "Name"),
    ("card_type", "kind"): ("卡类型", "Card kind"),
    ("feedback", "kind"): ("反馈类型", "Feedback kind"),
}
_HIDDEN = ("（不显示）", "(hidden)")
_EMPTY = ("空", "empty")
_YES_NO = (("是", "yes"), ("否", "no"))


def _pick(pair: tuple[str, str]) -> str:
    return pair[0] if current_language() == "zh" else pair[1]


def action_name(action: str) -> str:
    """``card.top_up`` → 充值 / Top-up; an unnamed action as stored."""
    pair = ACTION_NAMES.get(action)
    return action if pair is None else _pick(pair)


def action_areas() -> list[tuple[str, str]]:
    """(label, action prefix) for a filter; the prefix "" means every action."""
    return [(_pick((zh, en)), prefix) for zh, en, prefix in ACTION_AREAS]


def entity_name(entity: str) -> str:
    """``card_type`` → 卡种 / Card type; an unnamed record kind as stored."""
    pair = ENTITY_NAMES.get(entity)
    return entity if pair is None else _pick(pair)


def field_label(key: str, entity: str = "") -> str:
    """``principal_fen`` → 本金 / Paid balance; an unknown key as stored."""
    pair = _ENTITY_FIELD_LABELS.get((entity, key)) or FIELD_LABELS.get(key)
    if pair is None and key.startswith("rows_"):
        # Bulk actions count the rows they wrote per table: rows_customers, rows_cards …
        table = TABLE_WORDS.get(key[5:])
        what = _pick(table) if table else _pick(("其他记录", "other records"))
        return _pick(("写入行数（%s）", "Rows written (%s)")) % what
    return key if pair is None else _pick(pair)


def value_text(key: str, value: Any) -> str:
    """One stored value as a person reads it (¥ amounts, 是/否, words for codes)."""
    if value is None or value == "":
        return _pick(_EMPTY)
    if value == "***":
        return _pick(_HIDDEN)
    if isinstance(value, bool):
        return _pick(_YES_NO[0] if value else _YES_NO[1])
    if key == "taken_fields" and isinstance(value, str):  # a merge: field names, comma-separated
        return _pick(("、", ", ")).join(field_label(name, "customer") for name in value.split(","))
    if key.endswith("_fen") and isinstance(value, int):
        return f"¥{format_fen(value)}"
    if isinstance(value, str):
        words = VALUE_WORDS.get(key, {}).get(value)
        return value if words is None else _pick(words)
    return json.dumps(value, ensure_ascii=False)


def change_summary(
    before: Mapping[str, Any], after: Mapping[str, Any], entity: str = ""
) -> str:
    """``状态：待处理 → 已解决；满意度：5`` — each changed key once, in a stable order.

    A value that only appears after and is empty (a new record's blank fields) is
    left out: it says nothing.
    """
    separator, colon = ("；", "：") if current_language() == "zh" else ("; ", ": ")
    parts = []
    for key in list(before) + [k for k in after if k not in before]:
        if key in _FOR_THE_PROGRAM:  # a merge's moved rows, an approver's signature
            continue
        label = field_label(key, entity)
        if key in before and key in after:
            if before[key] == after[key]:
                continue
            parts.append(
                f"{label}{colon}{value_text(key, before[key])} → {value_text(key, after[key])}"
            )
        elif key in after:
            if after[key] in (None, "", "[]", [], {}):
                continue
            parts.append(f"{label}{colon}{value_text(key, after[key])}")
        else:
            parts.append(f"{label}{colon}{value_text(key, before[key])} → ∅")
    return separator.join(parts)
