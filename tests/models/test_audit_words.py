"""The audit log speaks words: no internal table names, and the clerk is "前台" as everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crm_desktop.models import entities
from crm_desktop.models.audit_labels import change_summary, field_label, value_text
from crm_desktop.models.language import current_language, set_language
from crm_desktop.models.services.users import ROLE_NAMES_ZH


@pytest.fixture(params=["zh", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    before = current_language()
    set_language(request.param)
    yield request.param
    set_language(before)


def test_rows_written_per_table_name_the_records_in_words(language: str) -> None:
    tables = set(entities.Base.metadata.tables) | {"customer_search"}
    for table in tables:
        label = field_label(f"rows_{table}")
        assert "其他记录" not in label and "other records" not in label, table
        assert "_" not in label, label
        if language == "zh":
            assert not any(ch.isascii() and ch.isalpha() for ch in label), label


def test_demo_data_summary_shows_no_table_names(language: str) -> None:
    after = {"customers": 120, "rows_card_types": 4, "rows_count_entries": 45,
             "rows_customer_search": 120}
    text = change_summary({}, after, "customer")
    for raw in ("card_types", "count_entries", "customer_search"):
        assert raw not in text
    assert ("卡种" if language == "zh" else "card types") in text


def test_the_clerk_role_has_one_chinese_name(language: str) -> None:
    if language == "zh":
        assert value_text("role", "clerk") == "前台" == ROLE_NAMES_ZH["clerk"]
