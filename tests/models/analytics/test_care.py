"""Care lists: 29 February, lunar birthdays, holidays, consent filtering, export, contacted."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from analytics_builders import add_customer
from openpyxl import load_workbook

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.care import (
    birthdays,
    birthdays_between,
    cards_expiring,
    follow_ups_due,
    low_stored_value,
    period_range,
)
from crm_desktop.models.analytics.greetings import DEFAULT_TEMPLATES, build_greetings
from crm_desktop.models.analytics.holidays import holidays_ahead, holidays_of_year
from crm_desktop.models.entities import AuditEntry, Card, CardType, Interaction, Tier
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.language import set_language
from crm_desktop.models.services.care_service import CareService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def born(store: Store, name: str, birthday: date, lunar: bool = False, **fields: object) -> int:
    return add_customer(
        store,
        name,
        birthday=birthday,
        birthday_md=f"{birthday:%m-%d}",
        birthday_lunar=lunar,
        **fields,
    )


def names(entries: tuple[object, ...]) -> list[str]:
    return [e.name for e in entries]  # type: ignore[attr-defined]


def test_29_february_falls_on_28_february_in_other_years(store: Store) -> None:
    leap = born(store, "闰日生", date(2000, 2, 29))
    born(store, "三月生", date(1999, 3, 1))
    with store.read() as session:
        in_2025 = birthdays(session, "today", date(2025, 2, 28))
        on_28th_2024 = birthdays(session, "today", date(2024, 2, 28))
        on_29th_2024 = birthdays(session, "today", date(2024, 2, 29))
        february = birthdays(session, "month", date(2025, 2, 10))
    assert [(b.customer_id, b.occurs_on, b.age) for b in in_2025] == [(leap, date(2025, 2, 28), 25)]
    assert on_28th_2024 == ()
    assert [b.occurs_on for b in on_29th_2024] == [date(2024, 2, 29)]
    assert names(february) == ["闰日生"]


def test_a_lunar_birthday_lands_on_this_years_solar_day(store: Store) -> None:
    # Born on 八月十五 (lunar 1990-08-15): in 2025 that is 6 October (Mid-Autumn).
    moon = born(store, "中秋生", date(1990, 8, 15), lunar=True)
    solar_aug = born(store, "八月十五阳历", date(1990, 8, 15))
    solar_oct = born(store, "十月六日阳历", date(1985, 10, 6))
    # 腊月三十 in a year whose 腊月 has 29 days: 2025-01-28 (腊月廿九).
    last_day = born(store, "除夕生", date(1988, 12, 30), lunar=True)
    with store.read() as session:
        oct_6 = birthdays(session, "today", date(2025, 10, 6))
        aug_15 = birthdays(session, "today", date(2025, 8, 15))
        jan_28 = birthdays(session, "today", date(2025, 1, 28))
        week = birthdays(session, "week", date(2025, 10, 8))
    assert {(b.customer_id, b.lunar, b.age) for b in oct_6} == {
        (moon, True, 35),
        (solar_oct, False, 40),
    }
    assert [b.customer_id for b in aug_15] == [solar_aug]
    assert [(b.customer_id, b.occurs_on) for b in jan_28] == [(last_day, date(2025, 1, 28))]
    assert {b.customer_id for b in week} == {moon, solar_oct}
    assert period_range("week", date(2025, 10, 8)) == (date(2025, 10, 6), date(2025, 10, 12))


def test_terminated_customers_get_no_birthday_card(store: Store) -> None:
    born(store, "已注销", date(1990, 5, 5), status="terminated")
    with store.read() as session:
        assert birthdays_between(session, date(2025, 5, 1), date(2025, 5, 31)) == ()


def test_holidays_lunar_and_solar() -> None:
    on = {h.key: h.on for h in holidays_of_year(2025)}
    assert on == {
        "new_year": date(2025, 1, 1),
        "spring_festival": date(2025, 1, 29),
        "lantern": date(2025, 2, 12),
        "womens_day": date(2025, 3, 8),
        "mothers_day": date(2025, 5, 11),
        "dragon_boat": date(2025, 5, 31),
        "fathers_day": date(2025, 6, 15),
        "national_day": date(2025, 10, 1),
        "mid_autumn": date(2025, 10, 6),
    }
    ahead = holidays_ahead(date(2025, 9, 20), 30)
    assert [(h.name_zh, h.on) for h in ahead] == [
        ("国庆节", date(2025, 10, 1)),
        ("中秋节", date(2025, 10, 6)),
    ]
    assert [h.name("en") for h in ahead] == ["National Day", "Mid-Autumn Festival"]
    next_year = holidays_ahead(date(2026, 1, 2), 60)
    assert ("春节", date(2026, 2, 17)) in [(h.name_zh, h.on) for h in next_year]


@pytest.fixture
def audience(store: Store) -> dict[str, int]:
    ids = {
        "ok": add_customer(store, "王芳", phone="13800000001", marketing_consent=True),
        "gold": add_customer(store, "李雷", phone="13800000002", marketing_consent=True),
        "dnc": add_customer(
            store, "不打扰", phone="13800000003", marketing_consent=True, do_not_contact=True
        ),
        "no_consent": add_customer(store, "没同意", phone="13800000004"),
        "no_phone": add_customer(store, "没手机", marketing_consent=True),
    }
    with store.write() as session:
        tier = Tier(name="金卡", rank=3)
        kind = CardType(name="储值卡", kind="stored_value")
        session.add_all([tier, kind])
        session.flush()
        session.add(
            Card(
                number="800000000018",
                customer_id=ids["gold"],
                card_type_id=kind.id,
                tier_id=tier.id,
                points=1200,
                principal_fen=30000,
                bonus_fen=5000,
            )
        )
    return ids


def test_greetings_leave_out_do_not_contact_and_no_consent_and_say_so(
    store: Store, audience: dict[str, int]
) -> None:
    template = "{name}您好！{shop}祝您生日快乐。等级：{tier}，积分 {points}，余额 ¥{balance}。"
    with store.read() as session:
        found = build_greetings(session, list(audience.values()), template)
    assert [g.message for g in found.greetings] == [
        "王芳您好！测试小店祝您生日快乐。等级：会员，积分 0，余额 ¥0.00。",
        "李雷您好！测试小店祝您生日快乐。等级：金卡，积分 1,200，余额 ¥350.00。",
    ]
    assert (found.left_out_do_not_contact, found.left_out_no_consent, found.left_out_no_phone) == (
        1,
        1,
        1,
    )
    assert found.left_out_text() == (
        "已略过 3 位客户：1 位拒绝联系，1 位未同意接收营销信息，1 位没有手机号。"
    )
    set_language("en")
    assert found.left_out_text() == (
        "3 left out: 1 do not contact, 1 without marketing consent, 1 without a phone number."
    )


def test_a_template_with_an_unknown_field_is_refused(
    store: Store, audience: dict[str, int]
) -> None:
    with store.read() as session, pytest.raises(ValidationError, match=r"\{nmae\} 不是可用的字段"):
        build_greetings(session, [audience["ok"]], "{nmae}您好")
    with store.read() as session, pytest.raises(ValidationError, match="花括号不成对"):
        build_greetings(session, [audience["ok"]], "{name您好")


def test_greeting_workbook_for_bulk_sms(
    store: Store, owner: Actor, clerk: Actor, audience: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "birthday.xlsx"
    with pytest.raises(PermissionDenied, match="前台账号无权批量导出"):
        CareService(store, clerk).export_greetings(
            list(audience.values()), DEFAULT_TEMPLATES["birthday"]["zh"], out
        )
    assert not out.exists()
    found = CareService(store, owner).export_greetings(
        list(audience.values()), DEFAULT_TEMPLATES["birthday"]["zh"], out, full_numbers=True
    )
    assert found.left_out == 3
    sheet = load_workbook(out).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["姓名", "手机号码", "短信内容"]
    assert [r[:2] for r in rows[1:]] == [["王芳", "13800000001"], ["李雷", "13800000002"]]
    assert sheet["B2"].data_type == "s" and sheet["B2"].number_format == "@"
    assert rows[2][2].startswith("亲爱的李雷，测试小店祝您生日快乐！")
    assert sheet.freeze_panes == "A2"


def test_greeting_workbook_is_masked_unless_the_owner_chooses_full_numbers_which_is_logged(
    store: Store, owner: Actor, accountant: Actor, audience: dict[str, int], tmp_path: Path
) -> None:
    ids, template = list(audience.values()), DEFAULT_TEMPLATES["birthday"]["zh"]

    def phones(path: Path) -> list[object]:
        sheet = load_workbook(path).active
        assert sheet is not None
        return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]

    def logged() -> list[AuditEntry]:
        with store.read() as session:
            return list(session.query(AuditEntry).filter_by(action="export.full_numbers"))

    CareService(store, owner).export_greetings(ids, template, tmp_path / "m.xlsx")
    assert phones(tmp_path / "m.xlsx") == ["138****0001", "138****0002"]
    assert logged() == []
    with pytest.raises(PermissionDenied, match="只有店主可以导出完整的电话和证件号码"):
        CareService(store, accountant).export_greetings(
            ids, template, tmp_path / "a.xlsx", full_numbers=True
        )
    assert not (tmp_path / "a.xlsx").exists()
    CareService(store, owner).export_greetings(ids, template, tmp_path / "f.xlsx", full_numbers=True)
    assert phones(tmp_path / "f.xlsx") == ["13800000001", "13800000002"]
    entries = logged()
    assert [(e.username, e.entity) for e in entries] == [("boss", "customer")]
    assert '"export": "greetings"' in entries[0].after and '"rows": 2' in entries[0].after
    assert "13800000001" not in entries[0].after


def test_clerk_sees_masked_phones_in_greetings(
    store: Store, clerk: Actor, audience: dict[str, int]
) -> None:
    found = CareService(store, clerk).greetings([audience["ok"]], "{name}，节日快乐")
    assert found.greetings[0].phone != "13800000001"
    assert found.greetings[0].phone.endswith("0001")


def test_marking_contacted_logs_interactions_in_one_audited_action(
    store: Store, owner: Actor, audience: dict[str, int]
) -> None:
    service = CareService(store, owner)
    with store.read() as session:
        audits = session.query(AuditEntry).count()
    with pytest.raises(ValidationError, match="拒绝联系、未同意接收营销信息"):
        service.mark_contacted([audience["ok"], audience["dnc"]], "sms", "birthday")
    with store.read() as session:
        assert session.query(Interaction).count() == 0
        assert session.query(AuditEntry).count() == audits
    ids = service.mark_contacted(
        [audience["ok"], audience["gold"]], "sms", "birthday", "生日短信", datetime(2025, 6, 1, 9)
    )
    assert len(ids) == 2
    with store.read() as session:
        logged = session.query(Interaction).order_by(Interaction.id).all()
        assert [(i.customer_id, i.channel, i.purpose) for i in logged] == [
            (audience["ok"], "sms", "birthday"),
            (audience["gold"], "sms", "birthday"),
        ]
        assert session.query(AuditEntry).count() == audits + 1


def test_follow_ups_expiring_cards_and_low_balances(store: Store, audience: dict[str, int]) -> None:
    today = date(2025, 6, 30)
    with store.write() as session:
        session.add_all(
            [
                Interaction(
                    customer_id=audience["ok"], channel="call", follow_up_on=date(2025, 6, 28)
                ),
                Interaction(
                    customer_id=audience["ok"], channel="call", follow_up_on=date(2025, 7, 2)
                ),
                Interaction(
                    customer_id=audience["gold"],
                    channel="visit",
                    follow_up_on=date(2025, 6, 1),
                    follow_up_done=True,
                ),
            ]
        )
        card = session.query(Card).one()
        card.expires_on = date(2025, 7, 20)
        kind = session.query(CardType).one()
        session.add(
            Card(
                number="800000000026",
                customer_id=audience["ok"],
                card_type_id=kind.id,
                principal_fen=1200,
                expires_on=date(2026, 1, 1),
            )
        )
    with store.read() as session:
        due = follow_ups_due(session, today)
        expiring = cards_expiring(session, 30, today)
        low = low_stored_value(session, 5000, today)
    assert [(f.name, f.overdue_days) for f in due] == [("王芳", 2)]
    assert [(c.number, c.days_left) for c in expiring] == [("800000000018", 20)]
    assert [(c.number, c.balance_fen) for c in low] == [("800000000026", 1200)]
