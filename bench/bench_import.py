"""Product import: a 100,000-row workbook read, checked and committed.

    python -m bench.bench_import               # 100,000 rows, writes docs/benchmarks.md
    python -m bench.bench_import --rows 20000 --no-write

Times read + validate (openpyxl read-only streaming and the domain validators), the
database check, the commit (one transaction, bulk statements) and a second import of
the same file (nothing to add: the "re-import adds no duplicates" path), on a
throw-away cluster. Progress callbacks are counted as the UI's progress bar would get
them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from aftersales_desktop.core.db import Database
from aftersales_desktop.services import masterdata as md
from aftersales_desktop.services.importing import (
    PRODUCT_COLUMNS,
    check_against_database,
    commit_products,
    read_products,
)
from bench.common import machine, markdown_table, throwaway_shop, write_section

CATEGORIES = ["空调", "空调/配件", "冰箱", "冰箱/配件", "洗衣机/配件"]


def build_workbook(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("产品 Products")
    sheet.append([c.header for c in PRODUCT_COLUMNS])
    for i in range(rows):
        sheet.append([f"P{i:07d}", f"配件{i}", CATEGORIES[i % len(CATEGORIES)],
                      "配件" if i % 4 else "成品", ("格力", "美的", "海尔")[i % 3], f"M-{i % 500}",
                      "个", f"69{i:011d}", Decimal(10 + i % 900) + Decimal("0.50"),
                      Decimal(5 + i % 400), 12 if i % 2 else 6, i % 10])
    workbook.save(path)


class Bar:
    """Stands in for the QProgressDialog: counts updates and keeps the last value."""

    def __init__(self) -> None:
        self.updates = 0
        self.last = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        self.updates += 1
        self.last = (done, total)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aftersales-import-") as folder, \
            throwaway_shop() as shop:
        path = Path(folder) / "products.xlsx"
        started = time.perf_counter()
        build_workbook(path, args.rows)
        build_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6

        database = Database(shop.profile, shop.code, shop.password)
        try:
            with database.transaction() as conn:
                for category in CATEGORIES:
                    parent = None
                    for depth, name in enumerate(category.split("/")):
                        found = conn.exec_driver_sql(
                            "SELECT id FROM app.item_category WHERE name = %s AND "
                            "parent_id IS NOT DISTINCT FROM %s", (name, parent)).scalar()
                        parent = found if found is not None else md.save_category(
                            conn, name=name, parent_id=parent)
                        del depth

            results = []
            for label in ("first import", "same file again"):
                read_bar, commit_bar = Bar(), Bar()
                t0 = time.perf_counter()
                preview = read_products(path, read_bar)
                t1 = time.perf_counter()
                with database.transaction() as conn:
                    check_against_database(conn, preview)
                t2 = time.perf_counter()
                assert preview.ok, preview.errors[:5]
                with database.transaction() as conn:
                    counts = commit_products(conn, preview, commit_bar)
                t3 = time.perf_counter()
                results.append((label, t1 - t0, t2 - t1, t3 - t2, t3 - t0, counts,
                                read_bar, commit_bar))
                print(f"{label}: read+validate {t1 - t0:.1f} s, check {t2 - t1:.1f} s, "
                      f"commit {t3 - t2:.1f} s ({counts}); progress updates "
                      f"{read_bar.updates}+{commit_bar.updates}")
            info = machine(shop.server)
        finally:
            database.dispose()

    table = markdown_table(
        ["run", "read + validate", "database check", "commit", "total", "written",
         "progress updates (read + commit)"],
        [(label, f"{r:.1f} s", f"{c:.2f} s", f"{w:.1f} s", f"{t:.1f} s",
          f"{n['items']} added, {n['updated']} updated, {n['costs']} costs",
          f"{rb.updates} + {cb.updates}")
         for label, r, c, w, t, n, rb, cb in results])
    body = f"""
{args.rows:,} products and parts in one workbook ({size_mb:.1f} MB, 12 columns, 5 category
paths, every row with a cost price; built in {build_s:.1f} s, not counted), imported by the
administrator with `aftersales_desktop.services.importing`: `read_products` (openpyxl
read-only streaming + the domain validators, progress every 500 rows),
`check_against_database` (categories, barcodes of other items), then `commit_products`
in one transaction (chunks of 5,000 rows: UPDATE ... FROM unnest(...) for known codes,
INSERT ... SELECT FROM unnest(...) for new ones, item_cost upserted; the audit trigger
logs every row). The second run imports the same file again: nothing is added or changed.

{table}
"""
    print(body)
    if not args.no_write:
        print("written to", write_section("import", "Product import", body, info))


if __name__ == "__main__":
    main()
