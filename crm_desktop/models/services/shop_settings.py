"""Shop settings (店铺设置): the typed view of the settings table and its validation.

The table keeps one JSON value per key; ``SHOP_DEFAULTS`` fills in any key a
file does not have yet, so an older file reads the same as a new one. The backup
folder (``backup_dir``) is "" for the default, ``backups`` beside the file; a
chosen one must be an existing folder this program can write to. The facts a
profile's completeness counts (``completeness_fields``) and how often contact
details are confirmed with the customer (``contact_check_months``, 0 = never asked)
keep the data current.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Setting
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.profile_facts import DEFAULT_FACTS, FACTS_BY_KEY, ordered_facts
from crm_desktop.models.rules.validation import check_phone, clean_text
from crm_desktop.models.services.setup import DEFAULT_SETTINGS

# The running number behind generated card numbers; internal, not an owner setting.
CARD_SEQUENCE_KEY = "card_number_next"
# How long a terminated customer's file is kept before it is listed for erasure.
RETENTION_KEY = "retention_days"
DEFAULT_RETENTION_DAYS = 3 * 365
MIN_RETENTION_DAYS = 30
MAX_RETENTION_DAYS = 36_500
# Which facts a profile's completeness counts (keys of rules.profile_facts.FACTS).
COMPLETENESS_KEY = "completeness_fields"
# How often contact details are confirmed with the customer (定期核对); 0: not asked for.
CONTACT_CHECK_KEY = "contact_check_months"
CONTACT_CHECK_CHOICES = (0, 6, 12, 24)
# Settings a new file need not store: absent means the default.
SHOP_DEFAULTS: dict[str, object] = {
    **DEFAULT_SETTINGS, "backup_dir": "", RETENTION_KEY: DEFAULT_RETENTION_DAYS,
    COMPLETENESS_KEY: list(DEFAULT_FACTS), CONTACT_CHECK_KEY: 0,
}


@dataclass(frozen=True)
class ShopSettings:
    """The owner's settings as typed values."""

    shop_name: str
    shop_address: str
    shop_phone: str
    idle_lock_minutes: int
    card_number_prefix: str
    card_number_length: int
    points_per_yuan: int
    points_per_yuan_redeemed: int
    backup_keep: int
    backup_dir: str = ""
    retention_days: int = DEFAULT_RETENTION_DAYS
    completeness_fields: tuple[str, ...] = DEFAULT_FACTS
    contact_check_months: int = 0


def read_setting(session: Session, key: str) -> Any:
    """One setting inside the caller's transaction, or its default."""
    row = session.get(Setting, key)
    return DEFAULT_SETTINGS.get(key) if row is None else json.loads(row.value)


def write_setting(session: Session, key: str, value: object) -> None:
    """Insert or replace one setting inside the caller's transaction."""
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def load_settings(session: Session) -> ShopSettings:
    """All owner settings, defaults filled in."""
    values = dict(SHOP_DEFAULTS)
    keys = list(SHOP_DEFAULTS)
    for row in session.scalars(select(Setting).where(Setting.key.in_(keys))):
        values[row.key] = json.loads(row.value)
    return ShopSettings(
        shop_name=str(values["shop_name"]),
        shop_address=str(values["shop_address"]),
        shop_phone=str(values["shop_phone"]),
        idle_lock_minutes=int(str(values["idle_lock_minutes"])),
        card_number_prefix=str(values["card_number_prefix"]),
        card_number_length=int(str(values["card_number_length"])),
        points_per_yuan=int(str(values["points_per_yuan"])),
        points_per_yuan_redeemed=int(str(values["points_per_yuan_redeemed"])),
        backup_keep=int(str(values["backup_keep"])),
        backup_dir=str(values["backup_dir"] or ""),
        retention_days=int(str(values[RETENTION_KEY])),
        completeness_fields=_stored_facts(values[COMPLETENESS_KEY]),
        contact_check_months=_stored_months(values[CONTACT_CHECK_KEY]),
    )


def _stored_facts(value: object) -> tuple[str, ...]:
    # A file written by a newer version may name facts this one does not know: skip them.
    facts = ordered_facts(str(v) for v in value) if isinstance(value, list) else ()
    return facts or DEFAULT_FACTS


def _stored_months(value: object) -> int:
    return value if isinstance(value, int) and value in CONTACT_CHECK_CHOICES else 0


def check_completeness_fields(value: object) -> tuple[str, ...]:
    """The facts a profile's completeness counts: known keys, at least one, in their order.

    A tuple, as ``ShopSettings`` holds it, so the audit entry's before and after read alike.
    """
    keys = [str(v) for v in value] if isinstance(value, list | tuple) else []
    unknown = [key for key in keys if key not in FACTS_BY_KEY]
    facts = ordered_facts(keys)
    if unknown or not facts:
        raise ValidationError(
            "invalid.completeness_fields",
            "请至少选择一项计入资料完整度的内容。" if not unknown
            else f"没有这项客户资料：{'、'.join(unknown)}。",
            "Choose at least one fact that counts towards completeness." if not unknown
            else f"No such profile fact: {', '.join(unknown)}.",
            field=COMPLETENESS_KEY,
        )
    return facts


def check_contact_check_months(value: object) -> int:
    """How often contact details are confirmed: 0 (not asked), 6, 12 or 24 months."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in CONTACT_CHECK_CHOICES:
        raise ValidationError(
            "invalid.contact_check_months",
            "核对周期只能是：不要求、每 6 个月、每 12 个月或每 24 个月。",
            "Contact details are confirmed every 6, 12 or 24 months, or not asked for.",
            field=CONTACT_CHECK_KEY,
        )
    return value


def _int_in(value: object, field: str, low: int, high: int, zh: str, en: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        number = None
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            f"invalid.{field}",
            f"{zh}应为 {low} 到 {high} 之间的整数。",
            f"{en} must be a whole number from {low} to {high}.",
            field=field,
        )
    return number


def check_retention_days(days: object) -> int:
    """The retention period in whole days, 30 to 36,500."""
    if isinstance(days, bool) or not isinstance(days, int) or not (
        MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS
    ):
        raise ValidationError(
            "invalid.retention_days",
            f"保存期限应为 {MIN_RETENTION_DAYS} 到 {MAX_RETENTION_DAYS} 天的整数。",
            f"The retention period must be a whole number of days from "
            f"{MIN_RETENTION_DAYS} to {MAX_RETENTION_DAYS}.",
            field="retention_days",
        )
    return days


def check_backup_folder(value: object, file_folder: Path | None = None) -> str:
    """"" (the default folder) or an existing, writable folder as an absolute path.

    Writability is proved by creating and removing a small file there, so a
    read-only USB stick or a folder of another user is refused now, not at the
    next backup. A relative path is taken from the shop file's folder.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    folder = Path(text).expanduser()
    if not folder.is_absolute() and file_folder is not None:
        folder = file_folder / folder
    if not folder.is_dir():
        raise ValidationError(
            "invalid.backup_dir",
            f"备份文件夹 {folder} 不存在。请选择一个已有的文件夹（例如插好的U盘）。",
            f"The backup folder {folder} does not exist. Choose an existing folder "
            "(a USB drive that is plugged in, say).",
            field="backup_dir",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".crm-write-test-"):
            pass
    except OSError:
        raise ValidationError(
            "invalid.backup_dir",
            f"不能在备份文件夹 {folder} 里写入文件（只读或没有权限）。请选择另一个文件夹。",
            f"Files cannot be written in the backup folder {folder} (read-only or no "
            "permission). Choose another folder.",
            field="backup_dir",
        ) from None
    return str(folder.resolve())


def validate_changes(
    current: ShopSettings, changes: Mapping[str, object], file_folder: Path | None = None
) -> dict[str, object]:
    """Check each changed setting; returns the normalised values to store.

    ``file_folder`` (the shop file's folder) anchors a relative backup folder.
    """
    unknown = sorted(set(changes) - set(SHOP_DEFAULTS))
    if unknown:
        raise ValidationError(
            "invalid.setting",
            f"没有这个设置项：{'、'.join(unknown)}。",
            f"Unknown setting: {', '.join(unknown)}.",
            field=unknown[0],
        )
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if key == "shop_name":
            clean[key] = clean_text(value, key, 60) or ""
        elif key == "shop_address":
            clean[key] = clean_text(value, key, 200) or ""
        elif key == "shop_phone":
            clean[key] = check_phone(value, key) or ""
        elif key == "idle_lock_minutes":
            clean[key] = _int_in(value, key, 1, 240, "自动锁定时间（分钟）", "Idle lock minutes")
        elif key == "card_number_prefix":
            prefix = (clean_text(value, key, 6) or "").replace(" ", "")
            if not prefix.isdigit() and prefix != "":
                raise ValidationError(
                    "invalid.card_number_prefix",
                    "卡号前缀只能是数字（最多 6 位）。",
                    "The card number prefix may only contain digits (6 at most).",
                    field=key,
                )
            clean[key] = prefix
        elif key == "card_number_length":
            clean[key] = _int_in(value, key, 8, 19, "卡号长度", "The card number length")
        elif key == "points_per_yuan":
            clean[key] = _int_in(value, key, 0, 100, "每元积分", "Points per yuan")
        elif key == "points_per_yuan_redeemed":
            clean[key] = _int_in(value, key, 1, 100_000, "每元抵扣所需积分", "Points per yuan redeemed")
        elif key == "backup_keep":
            clean[key] = _int_in(value, key, 1, 100, "保留备份份数", "Backups kept")
        elif key == "backup_dir":
            clean[key] = check_backup_folder(value, file_folder)
        elif key == RETENTION_KEY:
            clean[key] = check_retention_days(value)
        elif key == COMPLETENESS_KEY:
            clean[key] = check_completeness_fields(value)
        elif key == CONTACT_CHECK_KEY:
            clean[key] = check_contact_check_months(value)
    prefix = str(clean.get("card_number_prefix", current.card_number_prefix))
    length = int(str(clean.get("card_number_length", current.card_number_length)))
    if length - len(prefix) - 1 < 4:
        raise ValidationError(
            "invalid.card_number_length",
            f"卡号长度 {length} 位放不下前缀“{prefix}”、至少 4 位流水号和 1 位校验位。",
            f"A card number of {length} digits leaves no room for the prefix '{prefix}', "
            "at least 4 running digits and the check digit.",
            field="card_number_length",
        )
    return clean
