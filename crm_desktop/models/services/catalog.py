"""What the shop sells and how members rank: card types (卡种), tiers (等级), shop settings.

Everyone signed in may read them (the counter needs prices, discounts and the shop
name for receipts); only the owner changes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Card, CardType, Tier
from crm_desktop.models.entities.card import CARD_KINDS
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.operation import Operation
from crm_desktop.models.rules.card_rules import (
    bonus_rules_to_json,
    check_amount_fen,
    normalise_bonus_rules,
)
from crm_desktop.models.rules.validation import clean_text
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_records import CardTypeRecord, TierRecord
from crm_desktop.models.services.shop_settings import (
    ShopSettings,
    load_settings,
    validate_changes,
    write_setting,
)

KIND_NAMES_ZH = {
    "stored_value": "储值卡",
    "points": "积分卡",
    "count": "次卡",
    "period": "期限卡",
    "mixed": "综合卡",
}
TIER_RULE_KINDS = ("spend", "points")


def _invalid(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def _whole(value: object, field: str, low: int, high: int, zh: str, en: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _invalid(field, f"{zh}应为 {low} 到 {high} 之间的整数。",
                       f"{en} must be a whole number from {low} to {high}.")
    return value


def card_type_fields(
    name: str,
    kind: str,
    price_fen: int,
    validity_days: int | None,
    count_total: int,
    service_name: str | None,
    bonus_rules: Iterable[Sequence[int]],
) -> dict[str, object]:
    clean_name = clean_text(name, "name", 60)
    if clean_name is None:
        raise _invalid("name", "请填写卡种名称。", "Please enter a name for the card type.")
    if kind not in CARD_KINDS:
        raise _invalid("kind", "卡种类型应为储值卡、积分卡、次卡、期限卡或综合卡。",
                       "The kind must be stored value, points, count, period or mixed.")
    check_amount_fen(price_fen, "price", allow_zero=True)
    if validity_days is not None:
        _whole(validity_days, "validity_days", 1, 36500, "有效天数", "Validity days")
    _whole(count_total, "count_total", 0, 10000, "次数", "The count")
    if kind == "count" and count_total == 0:
        raise _invalid("count_total", "次卡需要填写包含的次数。",
                       "A count card needs the number of visits it includes.")
    if kind not in ("count", "mixed") and count_total != 0:
        raise _invalid("count_total", f"{KIND_NAMES_ZH[kind]}不含次数，请把次数设为 0。",
                       "Only count and mixed cards include visits; set the count to 0.")
    if kind == "period" and validity_days is None:
        raise _invalid("validity_days", "期限卡需要填写有效天数（如月卡 30 天）。",
                       "A period card needs its validity in days (e.g. 30 for a month).")
    rules = normalise_bonus_rules(bonus_rules)
    if rules and kind not in ("stored_value", "mixed"):
        raise _invalid("bonus_rules", "只有储值卡和综合卡可以设置充值赠送。",
                       "Only stored-value and mixed cards can have top-up bonuses.")
    return {
        "name": clean_name,
        "kind": kind,
        "price_fen": price_fen,
        "validity_days": validity_days,
        "count_total": count_total,
        "service_name": clean_text(service_name, "service_name", 60),
        "bonus_rules": bonus_rules_to_json(rules),
    }


def tier_fields(
    name: str,
    rank: int,
    price_percent: int,
    points_multiplier_percent: int,
    rule_kind: str,
    threshold: int,
    window_days: int,
    benefits: str,
) -> dict[str, object]:
    clean_name = clean_text(name, "name", 40)
    if clean_name is None:
        raise _invalid("name", "请填写等级名称。", "Please enter a name for the tier.")
    _whole(rank, "rank", 0, 1000, "等级顺序", "The rank")
    _whole(price_percent, "price_percent", 1, 100, "折扣（按原价百分比）",
           "The price percentage")
    _whole(points_multiplier_percent, "points_multiplier_percent", 0, 1000,
           "积分倍率（百分比）", "The points multiplier percentage")
    if rule_kind not in TIER_RULE_KINDS:
        raise _invalid("rule_kind", "升级规则应为按消费金额或按积分。",
                       "The tier rule is either by spend or by points.")
    _whole(threshold, "threshold", 0, 10**11, "升级门槛", "The threshold")
    _whole(window_days, "window_days", 1, 3650, "统计天数", "The window in days")
    return {
        "name": clean_name,
        "rank": rank,
        "price_percent": price_percent,
        "points_multiplier_percent": points_multiplier_percent,
        "rule_kind": rule_kind,
        "threshold": threshold,
        "window_days": window_days,
        "benefits": clean_text(benefits, "benefits", 500) or "",
    }


CatalogRow = TypeVar("CatalogRow", CardType, Tier)


def _insert(rec: Operation, row: CatalogRow, fields: dict[str, Any]) -> CatalogRow:
    """Add a new card type or tier as the operation's record."""
    rec.session.add(row)
    rec.session.flush()
    rec.entity_id = row.id
    rec.after = dict(fields)
    return row


def _replace(rec: Operation, row: CatalogRow, fields: dict[str, Any], active: bool) -> CatalogRow:
    """Overwrite a card type's or tier's fields, the audit entry saying before and after."""
    rec.entity_id = row.id
    rec.before = {key: getattr(row, key) for key in fields} | {"active": row.active}
    for key, value in fields.items():
        setattr(row, key, value)
    row.active = bool(active)
    rec.after = dict(fields) | {"active": row.active}
    return row


class CatalogService(Service):
    """Card types, tiers and shop settings; writes need the owner's role."""

    # -- card types ---------------------------------------------------------------------------

    def list_card_types(self, include_inactive: bool = False) -> list[CardTypeRecord]:
        """Card types by name; retired ones only when asked."""
        return [CardTypeRecord.of(row)
                for row in self._list(CardType, CardType.name, include_inactive)]

    def create_card_type(
        self,
        name: str,
        kind: str,
        *,
        price_fen: int = 0,
        validity_days: int | None = None,
        count_total: int = 0,
        service_name: str | None = None,
        bonus_rules: Iterable[Sequence[int]] = (),
    ) -> CardTypeRecord:
        """Add a card type; ``bonus_rules`` are (pay_fen, bonus_fen) pairs such as (10000, 1000)."""
        with self._action("card_type.create", Entity.CARD_TYPE, "catalog.manage") as rec:
            fields = card_type_fields(
                name, kind, price_fen, validity_days, count_total, service_name, bonus_rules
            )
            self._name_free(rec.session, CardType, str(fields["name"]), None)
            return CardTypeRecord.of(_insert(rec, CardType(active=True, **fields), fields))

    def update_card_type(
        self,
        card_type_id: int,
        name: str,
        kind: str,
        *,
        price_fen: int = 0,
        validity_days: int | None = None,
        count_total: int = 0,
        service_name: str | None = None,
        bonus_rules: Iterable[Sequence[int]] = (),
        active: bool = True,
    ) -> CardTypeRecord:
        """Replace a card type's fields; its kind is fixed once cards of it exist."""
        with self._action("card_type.update", Entity.CARD_TYPE, "catalog.manage") as rec:
            fields = card_type_fields(
                name, kind, price_fen, validity_days, count_total, service_name, bonus_rules
            )
            row = rec.session.get(CardType, card_type_id)
            if row is None:
                raise NotFound("card_type.missing", "找不到这个卡种。", "No such card type.")
            self._name_free(rec.session, CardType, str(fields["name"]), row.id)
            if kind != row.kind and self._cards_of_type(rec.session, row.id):
                raise ConflictError(
                    "card_type.kind_fixed",
                    f"已经有“{row.name}”的会员卡，不能再改卡种类型；请新建一个卡种。",
                    f"Cards of '{row.name}' exist, so its kind cannot change; create a new "
                    "card type instead.",
                    field="kind",
                )
            return CardTypeRecord.of(_replace(rec, row, fields, active))

    def _list(
        self, table: type[CatalogRow], order: Any, include_inactive: bool
    ) -> list[CatalogRow]:
        with self._read("card.read") as session:
            query = select(table).order_by(order)
            if not include_inactive:
                query = query.where(table.active.is_(True))
            return list(session.scalars(query))

    @staticmethod
    def _cards_of_type(session: Session, card_type_id: int) -> int:
        query = select(func.count()).select_from(Card).where(Card.card_type_id == card_type_id)
        return int(session.scalar(query) or 0)

    @staticmethod
    def _name_free(
        session: Session, table: type[CardType] | type[Tier], name: str, own_id: int | None
    ) -> None:
        found = session.scalar(select(table.id).where(table.name == name))
        if found is not None and found != own_id:
            what_zh, what_en = ("卡种", "card type") if table is CardType else ("等级", "tier")
            raise ConflictError(
                f"{table.__tablename__}.name_taken",
                f"已经有名为“{name}”的{what_zh}了，请换一个名称。",
                f"A {what_en} named '{name}' already exists; choose another name.",
                field="name",
            )

    # -- tiers ------------------------------------------------------------------------------

    def list_tiers(self, include_inactive: bool = False) -> list[TierRecord]:
        """Tiers from the lowest rank up."""
        return [TierRecord.of(row) for row in self._list(Tier, Tier.rank, include_inactive)]

    def create_tier(
        self,
        name: str,
        rank: int,
        *,
        price_percent: int = 100,
        points_multiplier_percent: int = 100,
        rule_kind: str = "spend",
        threshold: int = 0,
        window_days: int = 365,
        benefits: str = "",
    ) -> TierRecord:
        """Add a tier; ``rank`` orders tiers (higher is better) and must be unique."""
        with self._action("tier.create", Entity.TIER, "catalog.manage") as rec:
            fields = tier_fields(name, rank, price_percent, points_multiplier_percent,
                                  rule_kind, threshold, window_days, benefits)
            self._name_free(rec.session, Tier, str(fields["name"]), None)
            self._rank_free(rec.session, rank, None)
            return TierRecord.of(_insert(rec, Tier(active=True, **fields), fields))

    def update_tier(
        self,
        tier_id: int,
        name: str,
        rank: int,
        *,
        price_percent: int = 100,
        points_multiplier_percent: int = 100,
        rule_kind: str = "spend",
        threshold: int = 0,
        window_days: int = 365,
        benefits: str = "",
        active: bool = True,
    ) -> TierRecord:
        """Replace a tier's fields; cards keep the tier and get the new discount at once."""
        with self._action("tier.update", Entity.TIER, "catalog.manage") as rec:
            fields = tier_fields(name, rank, price_percent, points_multiplier_percent,
                                  rule_kind, threshold, window_days, benefits)
            row = rec.session.get(Tier, tier_id)
            if row is None:
                raise NotFound("tier.missing", "找不到这个等级。", "No such tier.")
            self._name_free(rec.session, Tier, str(fields["name"]), row.id)
            self._rank_free(rec.session, rank, row.id)
            return TierRecord.of(_replace(rec, row, fields, active))

    @staticmethod
    def _rank_free(session: Session, rank: int, own_id: int | None) -> None:
        found = session.scalar(select(Tier.name).where(Tier.rank == rank, Tier.id != (own_id or 0)))
        if found is not None:
            raise ConflictError(
                "tiers.rank_taken",
                f"等级顺序 {rank} 已被“{found}”使用，每个等级的顺序必须不同。",
                f"Rank {rank} is already used by '{found}'; each tier needs its own rank.",
                field="rank",
            )

    # -- settings -------------------------------------------------------------------------------

    def settings(self) -> ShopSettings:
        """The shop's settings (every role may read them)."""
        with self._read("card.read") as session:
            return load_settings(session)

    def update_settings(self, changes: Mapping[str, object]) -> ShopSettings:
        """Change some settings (owner only); each value is validated, nothing half-saved."""
        with self._action("settings.update", Entity.SETTING, "settings.manage") as rec:
            current = load_settings(rec.session)
            clean = validate_changes(current, changes, self.store.path.parent)
            rec.before = {key: getattr(current, key) for key in clean}
            for key, value in clean.items():
                write_setting(rec.session, key, value)
            rec.after = dict(clean)
            rec.session.flush()
            return load_settings(rec.session)
