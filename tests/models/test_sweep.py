"""The validation sweep: stored values that today's rules refuse, found in a real file that
holds them from before (planted straight into the table, as an old version or an import
would have left them), each with the rule's own sentence and the number masked."""

from __future__ import annotations

from datetime import date

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.progress import Cancelled, Progress, cancelled_error
from crm_desktop.models.rules.validation import id_check_digit
from crm_desktop.models.services.customer_records import CustomerInput, check_field
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.sweep import SweepFinding, SweepService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def _id(first17: str) -> str:
    return first17 + id_check_digit(first17)


GOOD_ID = _id("11010519900307123")
PLANTED: dict[str, dict[str, object]] = {
    "区号不存在": {"id_number": _id("00000019900307123")},
    "校验位错": {"id_number": GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")},
    "生日不存在": {"id_number": _id("11010519990230123")},
    "将来出生": {"birthday": date(2999, 1, 1)},
    "太早出生": {"birthday": date(1850, 6, 1)},
    "号段不对": {"phone": "12012345678"},
    "邮箱不对": {"email": "abc@"},
    "入会在将来": {"member_since": date(2999, 1, 1)},
}


def _plant(store: Store, owner: Actor) -> dict[str, int]:
    """One customer per bad value, typed in cleanly first and then damaged in the file."""
    customers = CustomerService(store, owner)
    ids: dict[str, int] = {}
    for number, name in enumerate(["干净的", *PLANTED], start=1):
        ids[name] = customers.create(CustomerInput(name=name, phone=f"139000000{number:02d}")).id
    with store.write() as session:
        for name, values in PLANTED.items():
            customer = session.get(Customer, ids[name])
            assert customer is not None
            for column, value in values.items():
                setattr(customer, column, value)
    return ids


def _by_name(findings: tuple[SweepFinding, ...]) -> dict[str, SweepFinding]:
    return {f.customer_name: f for f in findings}


def test_every_planted_value_is_found_with_the_rules_sentence(store: Store, owner: Actor) -> None:
    ids = _plant(store, owner)
    report = SweepService(store, owner).run()
    found = _by_name(report.findings)

    assert report.checked == len(ids)
    assert "干净的" not in found
    assert found["区号不存在"].field == "id_number" and "地区码" in found["区号不存在"].zh
    assert "校验" in found["校验位错"].zh
    assert "出生日期" in found["生日不存在"].zh
    assert found["将来出生"].zh == "生日不能是将来的日期。"
    assert "1900" in found["太早出生"].zh
    assert found["号段不对"].field == "phone" and found["号段不对"].shown == "120****5678"
    assert found["邮箱不对"].shown == "abc@" and "邮箱" in found["邮箱不对"].zh
    assert found["入会在将来"].field == "member_since"
    assert all(f.severity == "refused" for f in found.values())
    assert report.total == len(PLANTED) == len(report.findings)
    # ID numbers stay masked: the middle digits never reach the list.
    assert found["校验位错"].shown.startswith("110") and "*" in found["校验位错"].shown


@pytest.mark.parametrize("name", list(PLANTED))
def test_the_sweep_says_exactly_what_the_form_would_say(
    store: Store, owner: Actor, name: str
) -> None:
    _plant(store, owner)
    finding = _by_name(SweepService(store, owner).run().findings)[name]
    (field, value), = PLANTED[name].items()
    if field == "member_since":
        return  # checked by the profile's own member-since check, asserted above
    with pytest.raises(ValidationError) as refused:
        check_field(field, value)
    assert (finding.zh, finding.en) == (refused.value.zh, refused.value.en)


def test_a_phone_no_operator_uses_is_flagged_as_unusual_not_refused(
    store: Store, owner: Actor
) -> None:
    customer = CustomerService(store, owner).create(CustomerInput(name="号段少见", phone="14012345678"))
    found = _by_name(SweepService(store, owner).run().findings)
    assert found["号段少见"].severity == "unusual"
    assert found["号段少见"].customer_id == customer.id and "140" in found["号段少见"].zh


def test_erased_and_merged_files_are_not_swept(store: Store, owner: Actor) -> None:
    ids = _plant(store, owner)
    with store.write() as session:
        for name, status in (("邮箱不对", "anonymised"), ("号段不对", "merged")):
            customer = session.get(Customer, ids[name])
            assert customer is not None
            customer.status = status
    report = SweepService(store, owner).run()
    assert {"邮箱不对", "号段不对"}.isdisjoint(_by_name(report.findings))
    assert report.checked == len(ids) - 2


def test_progress_limit_and_cancel(store: Store, owner: Actor) -> None:
    _plant(store, owner)
    steps: list[Progress] = []
    report = SweepService(store, owner).run(steps.append, limit=3)
    assert len(report.findings) == 3 and report.total == len(PLANTED)
    assert dict(report.by_field)["id_number"] == 3
    assert steps[0].done == 0 and steps[-1].done == steps[-1].total == report.checked

    def cancel(step: Progress) -> None:
        if step.done:
            raise cancelled_error()

    with pytest.raises(Cancelled):
        SweepService(store, owner).run(cancel)


def test_accountants_cannot_run_it(store: Store, accountant: Actor) -> None:
    with pytest.raises(PermissionDenied):
        SweepService(store, accountant).run()
