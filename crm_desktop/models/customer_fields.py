"""A customer's fields, declared once: their words in both languages and how each is treated.

The profile's export, the audit log's wording, the audit log's masking of
personal values and the erasure of a customer all read this table, so a field
added to the customer file is added here and nowhere else for those purposes.

``zh``/``en`` are the words of a sheet or a form; ``short_zh``/``short_en`` the
shorter ones of the audit log's one-line summaries, where they differ.
``personal``: the value describes the person; the audit log records only that it
changed. ``erased``: anonymising a customer clears it (the name is replaced by a
number separately). ``words``: the codes a choice field stores, in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

KIND_LABELS = {"individual": "个人", "enterprise": "企业"}
SOURCE_LABELS = {
    "walk_in": "到店",
    "referral": "转介绍",
    "questionnaire": "问卷",
    "event": "活动",
    "website": "网站",
    "phone": "电话",
    "other": "其他",
}
NEED_TYPE_LABELS = {"price": "价格敏感", "quality": "品质敏感", "service": "服务敏感"}
CONSENT_CHANNEL_LABELS = {
    "in_person": "到店当面",
    "paper_form": "纸质表格",
    "wechat": "微信",
    "sms": "短信",
    "phone": "电话",
    "website": "网站",
    "email": "邮件",
    "import": "批量导入",
}
STATUS_LABELS = {
    "active": "正常", "terminated": "已注销", "anonymised": "已匿名", "merged": "已合并",
}


@dataclass(frozen=True)
class CustomerField:
    """One field of the customer file."""

    name: str
    zh: str
    en: str
    personal: bool = False
    erased: bool = False
    words: Mapping[str, str] = field(default_factory=dict)
    short_zh: str = ""
    short_en: str = ""
    # The longest text kept, for a field typed as free text.
    max_length: int | None = None

    @property
    def short(self) -> tuple[str, str]:
        """The audit log's words for the field."""
        return self.short_zh or self.zh, self.short_en or self.en


CUSTOMER_FIELDS: tuple[CustomerField, ...] = (
    CustomerField("name", "姓名", "Name", personal=True),
    CustomerField("gender", "性别", "Gender", erased=True),
    CustomerField("birthday", "生日", "Birthday", personal=True, erased=True),
    CustomerField("birthday_lunar", "农历生日", "Lunar birthday"),
    CustomerField("phone", "手机号", "Phone", personal=True, erased=True, short_zh="手机"),
    CustomerField("phone2", "备用电话", "Second phone", personal=True, erased=True),
    CustomerField("email", "邮箱", "Email", personal=True, erased=True),
    CustomerField("id_number", "身份证号", "ID number", personal=True, erased=True),
    CustomerField("address", "地址", "Address", personal=True, erased=True, max_length=200),
    CustomerField("province", "省份", "Province", personal=True, erased=True, max_length=20),
    CustomerField("city", "城市", "City", personal=True, erased=True, max_length=20),
    CustomerField("district", "区县", "District", personal=True, erased=True,
                  max_length=20),
    CustomerField("kind", "客户类型", "Kind", words=KIND_LABELS, short_zh="类型"),
    CustomerField("company", "公司", "Company", personal=True, erased=True, max_length=120),
    CustomerField("contact_title", "职务", "Job title", personal=True, erased=True,
                  max_length=60),
    CustomerField("industry", "行业", "Industry", max_length=60),
    CustomerField("source", "来源", "Source", words=SOURCE_LABELS),
    CustomerField("referrer_id", "介绍人编号", "Referrer No."),
    CustomerField("need_type", "需求类型", "Need type", words=NEED_TYPE_LABELS,
                  short_en="Need"),
    CustomerField("tags", "标签", "Tags", personal=True),
    CustomerField("notes", "备注", "Notes", personal=True, erased=True, max_length=2000),
    CustomerField("marketing_consent", "同意接收营销信息", "Marketing consent",
                  short_zh="营销同意"),
    CustomerField("consent_at", "同意时间", "Consent given at", erased=True,
                  short_en="Consent time"),
    CustomerField("consent_channel", "同意渠道", "Consent channel", erased=True,
                  words=CONSENT_CHANNEL_LABELS),
    CustomerField("do_not_contact", "拒绝联系", "Do not contact"),
    CustomerField("status", "状态", "Status", words=STATUS_LABELS),
    CustomerField("member_since", "入会日期", "Member since"),
)
FIELDS_BY_NAME = {f.name: f for f in CUSTOMER_FIELDS}

# Columns derived from a personal field, stored for searching; they go with it.
DERIVED_COLUMNS = {"phone": ("phone_rev",), "birthday": ("birthday_md",)}

PERSONAL_FIELD_NAMES = frozenset(
    {f.name for f in CUSTOMER_FIELDS if f.personal}
    | {column for f in CUSTOMER_FIELDS if f.personal for column in DERIVED_COLUMNS.get(f.name, ())}
)
ERASED_COLUMNS: tuple[str, ...] = (
    *(
        column
        for f in CUSTOMER_FIELDS if f.erased
        for column in (f.name, *DERIVED_COLUMNS.get(f.name, ()))
    ),
    # Imported values left out for correction: a wrong ID number is still an ID number.
    "corrections",
)
