"""Which lists export in the shape of an import template, so that a list exported,
edited in Excel and imported again changes exactly what was edited.

The import columns (columns.py) are the one declaration of the workbook's headers: the
template writes them, the reader matches them, and the export of these lists writes them
for every list column of the same key (reports.excel.export_rows).
"""

from __future__ import annotations

from aftersales_desktop.data.masterdata_lists import (
    CATALOGUE,
    CATALOGUE_WITH_COSTS,
    CUSTOMERS,
    CUSTOMERS_WITHOUT_PHONES,
)

from .columns import CUSTOMER_COLUMNS, PRODUCT_COLUMNS, ImportColumn

_EXCHANGE: dict[str, tuple[ImportColumn, ...]] = {
    CUSTOMERS.name: CUSTOMER_COLUMNS,
    CUSTOMERS_WITHOUT_PHONES.name: CUSTOMER_COLUMNS,
    CATALOGUE.name: PRODUCT_COLUMNS,
    CATALOGUE_WITH_COSTS.name: PRODUCT_COLUMNS,
}


def exchange_columns(list_name: str) -> tuple[ImportColumn, ...]:
    """The import columns a list's export takes its headers from; () for other lists."""
    return _EXCHANGE.get(list_name, ())
