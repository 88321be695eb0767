"""Excel imports of master data: customers with devices, products and parts.

Two steps, so the operator sees every problem before anything is written:

1. `read_customers(path, progress, cancelled)` / `read_products(...)` stream the file
   (.xlsx, .xls or CSV in UTF-8 or GBK: see files.py) and check each row with the domain
   validators, plus rows that contradict each other (the same code twice); nothing
   touches the database. A number in a code or phone column is imported as text but
   listed in `preview.warnings` (Excel may have dropped its leading zeros).
2. `check_against_database(conn, preview)` adds what only the database knows (unknown
   category or grade, a barcode used by another item); `preview.errors` lists every
   problem as a `RowError` (row, column, English source message + arguments).
3. `commit_customers(conn, preview, progress, cancelled)` / `commit_products(...)` check
   again and write everything in the caller's transaction with bulk statements, or
   raise (ImportHasErrors, PermissionDenied, ImportCancelled) having written nothing.

Codes are the key: importing a workbook again updates the same records and adds no
duplicates. `progress(done, total)` drives a progress dialog; `cancelled()` returning
True stops the work with ImportCancelled.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ._common import (
    ImportCancelled,
    ImportHasErrors,
    ImportPreview,
    MissingColumns,
    RowError,
)
from .columns import (
    CUSTOMER_COLUMNS,
    CUSTOMER_SHEET,
    PRODUCT_COLUMNS,
    PRODUCT_SHEET,
    CellKind,
    ImportColumn,
)
from .customers import (
    CustomerPreview,
    CustomerRecord,
    DeviceRecord,
    check_customers,
    commit_customers,
    read_customers,
)
from .exchange import exchange_columns
from .files import (
    FileNotOpened,
    ProtectedWorkbook,
    UnknownTextEncoding,
    UnreadableWorkbook,
    UnsupportedFile,
    WebPageFile,
)
from .products import ItemRecord, ProductPreview, check_products, commit_products, read_products

# What the file chooser offers: every format the reader understands.
IMPORT_FILE_PATTERNS = ("*.xlsx", "*.xlsm", "*.xls", "*.csv", "*.txt")


def check_against_database(conn: Connection, preview: ImportPreview) -> None:
    """Add the errors only the database can find to `preview` (replacing earlier ones)."""
    if isinstance(preview, CustomerPreview):
        check_customers(conn, preview)
    elif isinstance(preview, ProductPreview):
        check_products(conn, preview)
    else:
        raise TypeError(type(preview).__name__)


__all__ = [
    "CUSTOMER_COLUMNS", "CUSTOMER_SHEET", "IMPORT_FILE_PATTERNS", "PRODUCT_COLUMNS",
    "PRODUCT_SHEET", "CellKind", "CustomerPreview", "CustomerRecord", "DeviceRecord",
    "FileNotOpened", "ImportCancelled", "ImportColumn", "ImportHasErrors", "ImportPreview",
    "ItemRecord", "MissingColumns", "ProductPreview", "ProtectedWorkbook", "RowError",
    "UnknownTextEncoding", "UnreadableWorkbook", "UnsupportedFile", "WebPageFile",
    "check_against_database", "check_customers", "check_products", "commit_customers",
    "commit_products", "exchange_columns", "read_customers", "read_products",
]
