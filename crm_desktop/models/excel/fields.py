"""The fields an import can fill, their labels in both languages and the header names that mean them.

Header names are compared after folding (full-width to ASCII, lower case, no
spaces, no unit in brackets such as "(元)", no required-field star).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.language import current_language


@dataclass(frozen=True)
class ImportField:
    """One field: its key, its label in Chinese and English, and the header names that mean it."""

    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.zh if current_language() == "zh" else self.en


def _f(key: str, zh: str, en: str, *synonyms: str) -> ImportField:
    return ImportField(key, zh, en, (zh.lower(), en.lower(), *synonyms))


def _customer(key: str, *synonyms: str) -> ImportField:
    """A field of the customer file, in the words the file's declaration gives it."""
    zh, en = FIELDS_BY_NAME[key].short
    return _f(key, zh, en, *synonyms)


CUSTOMER_FIELDS: tuple[ImportField, ...] = (
    _customer(
        "name",
        "会员姓名",
        "客户名称",
        "客户姓名",
        "顾客姓名",
        "会员名称",
        "名字",
        "会员名",
        "customername",
        "membername",
        "fullname",
        "customer",
    ),
    _customer(
        "phone",
        "手机号",
        "手机号码",
        "联系电话",
        "电话",
        "电话号码",
        "移动电话",
        "联系方式",
        "会员手机",
        "会员电话",
        "手机/电话",
        "mobile",
        "mobilephone",
        "tel",
        "telephone",
        "cellphone",
        "phonenumber",
        "phoneno",
        "mobileno",
    ),
    _customer(
        "phone2",
        "电话2",
        "手机2",
        "其他电话",
        "座机",
        "固定电话",
        "备用手机",
        "phone2",
        "otherphone",
        "landline",
        "secondphone",
    ),
    _f(
        "card_number",
        "卡号",
        "Card number",
        "会员卡号",
        "卡编号",
        "会员编号",
        "会员卡",
        "会员号",
        "cardno",
        "cardnumber",
        "card",
        "memberno",
        "membershipno",
    ),
    _f("card_type", "卡种", "Card type", "卡类型", "会员卡类型", "卡片类型", "cardtype"),
    _f(
        "tier",
        "等级",
        "Tier",
        "会员等级",
        "级别",
        "会员级别",
        "等级名称",
        "level",
        "grade",
        "membershiplevel",
        "memberlevel",
    ),
    _f(
        "balance",
        "余额",
        "Balance",
        "卡内余额",
        "储值余额",
        "本金余额",
        "账户余额",
        "剩余金额",
        "卡余额",
        "可用余额",
        "会员余额",
        "storedvalue",
        "paidbalance",
        "balanceyuan",
    ),
    _f(
        "bonus_balance",
        "赠送余额",
        "Bonus balance",
        "赠送金额",
        "赠金余额",
        "赠送",
        "bonus",
        "bonusbalance",
    ),
    _f(
        "points",
        "积分",
        "Points",
        "可用积分",
        "剩余积分",
        "会员积分",
        "当前积分",
        "积分余额",
        "pointsbalance",
    ),
    _f(
        "counts",
        "剩余次数",
        "Visits left",
        "次数",
        "剩余次",
        "可用次数",
        "countsleft",
        "visitsleft",
    ),
    _customer(
        "birthday",
        "出生日期",
        "出生年月日",
        "出生年月",
        "生日日期",
        "dateofbirth",
        "dob",
        "birthdate",
        "birth",
    ),
    _customer("gender", "sex"),
    _customer(
        "id_number",
        "身份证",
        "身份证号码",
        "证件号码",
        "证件号",
        "idnumber",
        "idcard",
        "idno",
        "idcardno",
    ),
    _customer("email", "电子邮箱", "电子邮件", "邮件", "e-mail", "mail", "emailaddress"),
    _customer("address", "联系地址", "住址", "家庭住址", "通讯地址", "详细地址"),
    _customer("province", "省"),
    _customer("city", "市"),
    _customer("district", "区", "县区"),
    _customer("company", "单位", "公司名称", "工作单位", "企业名称"),
    _f(
        "issued_on",
        "开卡日期",
        "Card issued",
        "办卡日期",
        "开卡时间",
        "办卡时间",
        "发卡日期",
        "发卡时间",
        "领卡日期",
        "issued",
        "issuedate",
        "issuedon",
        "cardissued",
        "cardissuedate",
        "dateissued",
    ),
    # The day the person became a member in the old system. A file with only a card
    # issue date (开卡日期) gives it too: member since is then the earliest issue date.
    _customer(
        "member_since",
        "入会时间",
        "入会日",
        "注册日期",
        "注册时间",
        "加入日期",
        "加入时间",
        "会员日期",
        "成为会员时间",
        "成为会员日期",
        "入会登记日期",
        "登记日期",
        "登记时间",
        "建档日期",
        "建档时间",
        "创建日期",
        "创建时间",
        "录入日期",
        "录入时间",
        "开户日期",
        "开户时间",
        "joined",
        "joindate",
        "joinedon",
        "datejoined",
        "membersince",
        "membershipdate",
        "memberdate",
        "customersince",
        "registered",
        "registeredon",
        "registrationdate",
        "registerdate",
        "signupdate",
        "signedup",
        "signup",
        "enrolled",
        "enrollmentdate",
        "enrolmentdate",
        "createdon",
        "createdat",
        "datecreated",
    ),
    _f(
        "expires_on",
        "有效期至",
        "Expires",
        "有效期",
        "到期日期",
        "到期日",
        "过期日期",
        "expirydate",
        "expiry",
        "validuntil",
    ),
    _customer("tags", "兴趣", "tag"),
    _customer(
        "notes",
        "说明",
        "备注信息",
        "note",
        "remark",
        "remarks",
        "memo",
        "comment",
        "comments",
    ),
)

PURCHASE_FIELDS: tuple[ImportField, ...] = (
    _customer(
        "phone",
        "手机号",
        "手机号码",
        "联系电话",
        "电话",
        "会员手机",
        "mobile",
        "tel",
        "telephone",
    ),
    _f("card_number", "卡号", "Card number", "会员卡号", "卡编号", "cardno", "cardnumber", "card"),
    _f("name", "姓名", "Name", "会员姓名", "客户名称", "客户姓名", "customername"),
    _f(
        "ts",
        "消费时间",
        "Date",
        "消费日期",
        "日期",
        "时间",
        "交易时间",
        "交易日期",
        "购买日期",
        "datetime",
        "time",
        "purchasedate",
        "purchasedon",
    ),
    _f(
        "amount",
        "金额",
        "Amount",
        "消费金额",
        "实付金额",
        "实收金额",
        "支付金额",
        "交易金额",
        "应付金额",
        "total",
        "paid",
        "amountpaid",
        "amountyuan",
    ),
    _f(
        "payment_method",
        "支付方式",
        "Payment method",
        "付款方式",
        "结算方式",
        "收款方式",
        "支付渠道",
        "payment",
        "paidby",
        "paymentmethod",
    ),
    _f("points", "积分", "Points", "获得积分", "本次积分", "赠送积分", "pointsearned"),
    _f(
        "notes",
        "备注",
        "Notes",
        "说明",
        "商品",
        "项目",
        "消费项目",
        "note",
        "remark",
        "item",
        "items",
    ),
)

FIELDS_BY_KIND: dict[str, tuple[ImportField, ...]] = {
    "customers": CUSTOMER_FIELDS,
    "purchases": PURCHASE_FIELDS,
}

# The first reading of a header wins; these fields may appear a second time meaning another.
SECOND_OF: dict[str, str] = {"phone": "phone2"}

_UNIT = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_NOISE = re.compile(r"[\s*＊:：_\-·.。#№]")


def fold_header(text: object) -> str:
    """The comparable form of a header cell: NFKC, lower case, no unit, spaces or marks."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).strip().lower()
    without_unit = _UNIT.sub("", folded)
    return _NOISE.sub("", without_unit or folded)


def field_by_key(kind: str, key: str) -> ImportField:
    for item in FIELDS_BY_KIND[kind]:
        if item.key == key:
            return item
    raise KeyError(key)


def _lookup(kind: str) -> dict[str, str]:
    table: dict[str, str] = {}
    for item in FIELDS_BY_KIND[kind]:
        for synonym in item.synonyms:
            table.setdefault(fold_header(synonym), item.key)
    return table


_LOOKUPS = {kind: _lookup(kind) for kind in FIELDS_BY_KIND}


def recognise(kind: str, header: object) -> str | None:
    """The field a header names: exact synonym first, then the longest synonym it contains."""
    folded = fold_header(header)
    if not folded or len(folded) > 40:
        return None
    table = _LOOKUPS[kind]
    if folded in table:
        return table[folded]
    best: tuple[int, str] | None = None
    for synonym, key in table.items():
        # One-letter synonyms (省, 市, 区) would match far too much inside longer headers.
        if len(synonym) >= 2 and synonym in folded and (best is None or len(synonym) > best[0]):
            best = (len(synonym), key)
    return best[1] if best else None
