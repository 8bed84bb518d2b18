"""The one set of words for payment methods, in Chinese and English.

Screens, receipts, exports, charts and the audit log all name a payment method
from here, so "储值卡" never reads "卡内余额" on one screen and "储值" on another.
"""

from __future__ import annotations

from crm_desktop.models.language import current_language

PAYMENT_LABELS: dict[str, tuple[str, str]] = {
    "stored_value": ("储值卡", "Stored-value card"),
    "cash": ("现金", "Cash"),
    "wechat": ("微信支付", "WeChat Pay"),
    "alipay": ("支付宝", "Alipay"),
    "bank_card": ("银行卡", "Bank card"),
    "count": ("次卡", "Count card"),
    "other": ("其他", "Other"),
}


def payment_method_name(method: str, language: str | None = None) -> str:
    """``wechat`` → 微信支付 / WeChat Pay in the given (or current) language; unknown as stored."""
    pair = PAYMENT_LABELS.get(method)
    if pair is None:
        return method
    return pair[0] if (language or current_language()) == "zh" else pair[1]
