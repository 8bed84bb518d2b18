"""The customer's fields are declared once: every typed copy of the file agrees with it."""

from __future__ import annotations

from dataclasses import fields

import pytest

from crm_desktop.models.audit import PERSONAL_FIELDS, scrub
from crm_desktop.models.bulk_rows import COLUMNS, CustomerRow
from crm_desktop.models.customer_fields import CUSTOMER_FIELDS, ERASED_COLUMNS, FIELDS_BY_NAME
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel.fields import CUSTOMER_FIELDS as IMPORT_FIELDS
from crm_desktop.models.services.customer_records import (
    CHECKED_FIELDS,
    CustomerInput,
    CustomerRecord,
    check_field,
)

# What a form gives besides the file's fields (the consent's moment is the service's).
INPUT_ONLY = {"consent_at"}


def test_every_declared_field_is_a_column_an_input_a_record_and_a_bulk_column() -> None:
    columns = set(Customer.__table__.columns.keys())
    inputs = {f.name for f in fields(CustomerInput)}
    records = {f.name for f in fields(CustomerRecord)}
    for f in CUSTOMER_FIELDS:
        if f.name != "tags":  # tags live in their own table
            assert f.name in columns, f.name
            assert f.name in CustomerRow._fields, f.name
        assert f.name in records, f.name
        if f.name != "status":  # the status changes by its own actions, never typed
            assert f.name in inputs, f.name
    assert inputs - set(FIELDS_BY_NAME) <= INPUT_ONLY, "a typed field without its declaration"
    assert COLUMNS["customers"][: len(CustomerRow._fields)] == CustomerRow._fields


def test_personal_values_never_reach_the_audit_log_and_erasure_clears_them() -> None:
    personal = [f.name for f in CUSTOMER_FIELDS if f.personal]
    assert {"name", "phone", "id_number", "address", "notes"} <= set(personal)
    assert scrub({name: "x" for name in personal}, "customer") == dict.fromkeys(personal, "***")
    assert "pin" in PERSONAL_FIELDS and "phone_rev" in PERSONAL_FIELDS
    assert {"phone", "phone_rev", "birthday_md", "id_number"} <= set(ERASED_COLUMNS)
    assert "name" not in ERASED_COLUMNS, "the name is replaced by a number, not cleared"


def test_the_form_and_the_service_check_a_field_the_same_way() -> None:
    assert set(CHECKED_FIELDS) >= {"name", "phone", "email", "company", "notes"}
    assert check_field("company", "  星光 汽车  ") == "星光 汽车"
    with pytest.raises(ValidationError) as refused:
        check_field("city", "城" * 21)
    assert refused.value.field == "city"


def test_the_import_reads_a_customer_field_under_its_declared_words() -> None:
    for field in IMPORT_FIELDS:
        declared = FIELDS_BY_NAME.get(field.key)
        if declared is not None:
            assert (field.zh, field.en) == declared.short, field.key
