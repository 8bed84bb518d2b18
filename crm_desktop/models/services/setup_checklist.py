"""What the owner still has to do before the shop is ready (开店清单).

Each step is read from the file itself: card types and tiers on sale, a staff
account besides the owner, a backup folder chosen (on another drive), the
recovery key confirmed as written down, items on the list. The recovery key
leaves no trace of its own in the file, so the screens that show it record the
owner's confirmation (``note_recovery_key_written``) as a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import CardType, Tier, User
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.language import current_language
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import read_setting, write_setting

RECOVERY_WRITTEN_KEY = "recovery_key_written"
HIDDEN_KEY = "setup_checklist_hidden"

# (key, the main window's action that opens the screen, sentence in Chinese, in English)
STEPS: tuple[tuple[str, str, str, str], ...] = (
    ("card_types", "action_card_types",
     "添加卡种（储值卡、次卡、月卡），前台才能开卡；也可以用“开店模板”一次添加。",
     "Add card types (prepaid, visit and monthly cards) so the counter can issue cards, "
     "or apply a starter set."),
    ("tiers", "action_tiers",
     "设置会员等级（如普通、银卡、金卡）和各级折扣。",
     "Set up member tiers (such as Regular, Silver, Gold) and their discounts."),
    ("items", "action_items",
     "录入店里的服务和商品，消费时直接选择。",
     "List the services and products you sell, to pick them at the counter."),
    ("staff", "action_staff_accounts",
     "为前台员工添加自己的账号，不要共用店主账号。",
     "Give each counter clerk an account of their own instead of sharing the owner's."),
    ("backup_folder", "action_shop_settings",
     "在店铺设置里选择备份文件夹，最好在另一块硬盘或U盘上。",
     "Choose a backup folder in the shop settings, best on another drive or a USB stick."),
    ("recovery_key", "action_new_recovery_key",
     "把恢复密钥抄在纸上收好；如果没有抄下，请生成一个新的恢复密钥。",
     "Write the recovery key down on paper; if you did not, make a new recovery key."),
)


@dataclass(frozen=True)
class ChecklistStep:
    """One step: done or not, what to do, and the menu action that opens its screen."""

    key: str
    done: bool
    text: str
    action_name: str


@dataclass(frozen=True)
class SetupChecklist:
    steps: tuple[ChecklistStep, ...]
    hidden: bool = False  # the owner chose "Do not show again"

    @property
    def remaining(self) -> list[ChecklistStep]:
        return [step for step in self.steps if not step.done]

    @property
    def complete(self) -> bool:
        return not self.remaining


def _any(session: Session, *where: object) -> bool:
    return bool(session.scalar(select(exists().where(*where))))  # type: ignore[arg-type]


def _done(session: Session) -> dict[str, bool]:
    return {
        "card_types": _any(session, CardType.active.is_(True)),
        "tiers": _any(session, Tier.active.is_(True)),
        "items": _any(session, Item.active.is_(True)),
        "staff": _any(session, User.active.is_(True), User.role != "owner"),
        "backup_folder": bool(read_setting(session, "backup_dir")),
        "recovery_key": bool(read_setting(session, RECOVERY_WRITTEN_KEY)),
    }


class SetupChecklistService(Service):
    """The owner's setup checklist; reading it and its two notes are the owner's."""

    def checklist(self, language: str | None = None) -> SetupChecklist:
        """Every step with whether it is done, in the order an owner does them."""
        zh = (language or current_language()) == "zh"
        with self._read("settings.manage") as session:
            done = _done(session)
            hidden = bool(read_setting(session, HIDDEN_KEY))
        steps = tuple(
            ChecklistStep(key, done[key], text_zh if zh else text_en, action)
            for key, action, text_zh, text_en in STEPS
        )
        return SetupChecklist(steps, hidden)

    def note_recovery_key_written(self) -> None:
        """The owner confirmed the recovery key shown just now is written down."""
        self._note("setup.recovery_key_written", RECOVERY_WRITTEN_KEY,
                   datetime.now().isoformat(timespec="seconds"))

    def set_hidden(self, hidden: bool) -> None:
        """Stop (or start again) showing the checklist on the Today panel."""
        self._note("setup.checklist_hidden", HIDDEN_KEY, bool(hidden))

    def _note(self, action: str, key: str, value: object) -> None:
        with self._action(action, Entity.SETTING, "settings.manage") as op:
            op.before = {key: read_setting(op.session, key)}
            write_setting(op.session, key, value)
            op.after = {key: value}
