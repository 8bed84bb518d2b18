"""Demo customer files: who they are, how to reach them, and how they shop.

Each customer is drawn from the generator's random stream only, so the same
seed gives the same people. Mobile numbers are unique by construction (an
affine permutation of the customer's ordinal fills the last eight digits), so a
million customers need no set of numbers already used. ID numbers carry the
region code, the birthday and a valid check digit, and agree with the profile.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from crm_desktop.models import search_index
from crm_desktop.models.bulk import CustomerRow
from crm_desktop.models.demo.draw import draw, weighted
from crm_desktop.models.demo.names import make_name
from crm_desktop.models.demo.regions import make_address, pick_district
from crm_desktop.models.demo.rhythm import Calendar
from crm_desktop.models.rules.validation import id_check_digit

MOBILE_PREFIXES = (
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "177", "180", "181", "182",
    "183", "185", "186", "187", "188", "189", "191", "198", "199",
)
# Multiplier of the phone permutation: odd and not a multiple of 5, so it is a
# bijection of 0 … 10**8 - 1.
_PHONE_STEP = 73_939_133
SOURCES = ("walk_in", "referral", "questionnaire", "event", "website", "phone", "other")
_SOURCE_TABLE = weighted(zip(SOURCES, (45, 18, 8, 10, 9, 6, 4), strict=True))
CONSENT_CHANNELS = ("in_person", "paper_form", "wechat", "sms", "website")
NEED_TYPES = ("price", "quality", "service")
INDUSTRIES = ("物流运输", "建筑工程", "软件和信息技术", "批发零售", "餐饮", "房地产",
              "汽车租赁", "教育培训", "医疗健康", "家政服务")
COMPANY_WORDS = ("恒达", "华信", "远航", "金诚", "宏图", "新锐", "东方", "天成", "瑞丰",
                 "博远", "正泰", "安达", "凯越", "明辉", "嘉禾", "同创")
TITLES = ("行政经理", "采购主管", "车队队长", "总经理", "办公室主任", "后勤主管")
EMAIL_DOMAINS = ("qq.com", "163.com", "126.com", "sina.com", "outlook.com")
NOTES = ("车停地下车库B2", "只在周末到店", "对漆面要求高", "不喝茶水，准备矿泉水",
         "喜欢预约上午", "车上有儿童座椅，清洁时注意", "需要开具发票")
# (share of customers, buying rate relative to the average, tier ranks to draw from)
VALUE_CLASSES = ((0.50, 0.40, (1, 1, 1, 2)), (0.35, 1.20, (1, 2, 2)),
                 (0.12, 2.50, (2, 3, 3)), (0.03, 5.00, (3, 4, 4)))
_CLASS_TABLE = weighted((value_class, round(value_class[0] * 100))
                         for value_class in VALUE_CLASSES)
_MEAN_RATE = sum(share * rate for share, rate, _ in VALUE_CLASSES)


class Shopper(NamedTuple):
    """How a demo customer shops: when they joined, until when, and how keenly."""

    customer_id: int
    join_day: int  # day number within the calendar (0 when they joined before it)
    last_day: int  # the last day they may buy (earlier than today for churned customers)
    rate: float  # relative buying rate, mean 1 over all customers
    tier_rank: int
    created_at: str
    status: str


@dataclass
class PeopleMaker:
    """Makes customer rows for one demo run; ``ordinal`` counts customers made so far."""

    rng: random.Random
    calendar: Calendar
    today: date
    user_id: int
    tag_ids: tuple[int, ...]
    phone_offset: int = 0
    ordinal: int = 0
    id_numbers: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.phone_offset = self.rng.randrange(10**8)

    def make(self, customer_id: int) -> tuple[CustomerRow, Shopper, list[int]]:
        """One customer's row, how they shop, and their tag ids."""
        rng, cal = self.rng, self.calendar
        self.ordinal += 1
        gender = "F" if rng.random() < 0.48 else "M"
        name = make_name(rng, gender)
        age_days = int(rng.triangular(18, 72, 34) * 365.25)
        born = self.today - timedelta(days=age_days)
        has_birthday = rng.random() < 0.85
        suffix = (self.ordinal * _PHONE_STEP + self.phone_offset) % 10**8
        phone = MOBILE_PREFIXES[int(rng.random() * len(MOBILE_PREFIXES))] + f"{suffix:08d}"
        province, city, district, area_code = pick_district(rng)
        has_region = rng.random() < 0.8
        id_number = self._id_number(area_code, born, gender) if rng.random() < 0.25 else None
        if id_number:
            has_birthday = True
        join_day, created_at = self._joined()
        source = draw(rng, _SOURCE_TABLE)
        referrer = None
        if source == "referral" and customer_id > 1:
            referrer = rng.randint(max(1, customer_id - 50_000), customer_id - 1)
        enterprise = rng.random() < 0.06
        do_not_contact = rng.random() < 0.03
        consent = not do_not_contact and rng.random() < 0.6
        terminated = rng.random() < 0.02
        status = "terminated" if terminated else "active"
        rate, tier_rank = self._appetite(enterprise)
        last_day = cal.yesterday
        if terminated or rng.random() < 0.22:
            last_day = join_day + int(rng.random() * (cal.yesterday + 1 - join_day))
        terminated_at = cal.stamp(last_day, "20:30:00") if terminated else None
        row = CustomerRow(
            id=customer_id,
            name=name,
            gender=gender,
            birthday=born.isoformat() if has_birthday else None,
            phone=phone,
            phone2=self._landline() if rng.random() < 0.05 else None,
            email=self._email(name) if rng.random() < 0.15 else None,
            id_number=id_number,
            address=make_address(rng, city, district) if rng.random() < 0.5 else None,
            province=province if has_region else None,
            city=city if has_region else None,
            district=district if has_region else None,
            kind="enterprise" if enterprise else "individual",
            company=self._company(city) if enterprise else None,
            contact_title=TITLES[int(rng.random() * len(TITLES))] if enterprise else None,
            industry=INDUSTRIES[int(rng.random() * len(INDUSTRIES))] if enterprise else None,
            source=source,
            referrer_id=referrer,
            need_type=NEED_TYPES[int(rng.random() * 3)] if rng.random() < 0.6 else None,
            notes=NOTES[int(rng.random() * len(NOTES))] if rng.random() < 0.05 else None,
            marketing_consent=consent,
            consent_at=created_at if consent else None,
            consent_channel=CONSENT_CHANNELS[int(rng.random() * 5)] if consent else None,
            do_not_contact=do_not_contact,
            status=status,
            terminated_at=terminated_at,
            created_at=created_at,
            created_by=self.user_id,
            updated_at=terminated_at or created_at,
            updated_by=self.user_id,
            member_since=created_at[:10],
        )
        tags = self._tags()
        return row, Shopper(customer_id, join_day, last_day, rate, tier_rank, created_at,
                            status), tags

    def _joined(self) -> tuple[int, str]:
        """Three in ten were members before the history starts; the rest joined during it."""
        rng, cal = self.rng, self.calendar
        if rng.random() < 0.3:
            days_before = 1 + int(rng.random() * 365)
            day = cal.first - timedelta(days=days_before)
            return 0, f"{day.isoformat()} {cal.draw_time(rng)}.000000"
        join_day = cal.draw_day(rng, 0, cal.yesterday)
        return join_day, cal.stamp(join_day, cal.draw_time(rng))

    def _appetite(self, enterprise: bool) -> tuple[float, int]:
        rng = self.rng
        _, rate, ranks = draw(rng, _CLASS_TABLE)
        if enterprise:
            rate *= 1.8
        # Spread within a class, so no two regulars look exactly alike.
        rate *= 0.5 + rng.random()
        return rate / _MEAN_RATE, ranks[int(rng.random() * len(ranks))]

    def _id_number(self, area_code: str, born: date, gender: str) -> str | None:
        rng = self.rng
        for _ in range(5):
            order = rng.randrange(500) * 2 + (1 if gender == "M" else 0)
            body = f"{area_code}{born:%Y%m%d}{order:03d}"
            number = body + id_check_digit(body)
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number
        return None

    def _landline(self) -> str:
        return f"0571-{self.rng.randint(8_000_0000, 8_999_9999)}"

    def _email(self, name: str) -> str:
        rng = self.rng
        spellings = search_index.name_pinyin(name).split()
        local = spellings[1] if len(spellings) > 1 else "member"
        domain = EMAIL_DOMAINS[int(rng.random() * len(EMAIL_DOMAINS))]
        return f"{local}{rng.randint(1, 9999)}@{domain}"

    def _company(self, city: str) -> str:
        rng = self.rng
        word = COMPANY_WORDS[int(rng.random() * len(COMPANY_WORDS))]
        trade = INDUSTRIES[int(rng.random() * len(INDUSTRIES))][:2]
        return f"{city.removesuffix('市')}{word}{trade}有限公司"

    def _tags(self) -> list[int]:
        rng, tags = self.rng, self.tag_ids
        count = int(rng.random() * 3.4)
        return sorted({tags[int(rng.random() * len(tags))] for _ in range(count)})
