"""The change log's values read as the screens show them (pure)."""

from __future__ import annotations

import pytest

from aftersales_desktop.domain.audit_labels import (
    TABLE_LABELS,
    VALUE_LABELS,
    field_label,
    value_text,
)


def _english(text: str) -> str:
    return text


@pytest.mark.parametrize(("table", "column", "value", "expected"), [
    ("app.ticket", "status", "ready", "Ready for pickup"),
    ("app.ticket_status", "to_status", "in_repair", "In repair"),
    ("app.ticket", "location_kind", "shelf", "Counter shelf"),
    ("app.settlement_line", "kind", "part", "Parts"),
    ("app.settlement", "payment_method", "wechat", "WeChat Pay"),
    ("app.customer_notice", "channel", "sms", "SMS"),
    ("app.ticket", "fee_total", 120.5, "¥120.50"),
    ("app.part_preorder", "quantity", 1.0, "1"),
    ("app.work_type", "standard_hours", "0.50", "0.5"),
    ("app.ticket", "urgent", True, "Yes"),
    ("app.customer", "name", "王先生", "王先生"),
    ("app.ticket", "status", "no_such_status", "no_such_status"),
    ("app.ticket", "fee_total", "NaN", "NaN"),
])
def test_values(table: str, column: str, value: object, expected: str) -> None:
    assert value_text(table, column, value, _english) == expected


def test_a_column_name_with_a_meaning_of_its_own_in_one_table() -> None:
    assert field_label("app.ticket_location", "kind") == "Where the unit is"
    assert field_label("app.item", "kind") == "Product or part"
    assert field_label("app.ticket", "kind") == "Kind"
    assert field_label("app.ticket", "no_such_column") is None


def test_value_labels_name_audited_tables() -> None:
    assert {table for table, _column in VALUE_LABELS} <= set(TABLE_LABELS)


def test_no_list_shows_a_quantity_or_hours_as_money() -> None:
    """A count of parts or a number of hours reads 1.5, not ¥1.50 (pre-order 数量,
    standard hours), in every list of every module."""
    import importlib
    import pkgutil

    import aftersales_desktop.data as data
    from aftersales_desktop.data.listing import ListSource
    from aftersales_desktop.domain.audit_labels import MONEY_FIELDS, QUANTITY_FIELDS
    from aftersales_desktop.domain.filters import ColumnKind

    sources = [value for info in pkgutil.iter_modules(data.__path__)
               for value in vars(importlib.import_module(f"{data.__name__}.{info.name}"))
               .values() if isinstance(value, ListSource)]
    assert len(sources) >= 10
    columns = [(s.name, c) for s in sources for c in s.columns]
    quantities = [(name, c.key) for name, c in columns if c.key in QUANTITY_FIELDS]
    assert ("preorders", "quantity") in quantities and ("work_types", "standard_hours") in \
        quantities
    assert [(name, c.key) for name, c in columns
            if c.key in QUANTITY_FIELDS and c.kind is not ColumnKind.QUANTITY] == []
    assert [(name, c.key) for name, c in columns
            if c.kind is ColumnKind.MONEY and c.key not in MONEY_FIELDS] == []
