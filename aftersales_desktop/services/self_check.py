"""What `aftersales --self-check` checks besides the windows: what a start loads is shipped.

A bundle (PyInstaller) or a wheel can import fine and still die at the first real
start: a module loaded by name was left out (reportlab's barcodes), a revision
imports something nothing else imports, an SQL file or the PostgreSQL binaries
were not copied. Each check does what a start does, without a database: load
every module of the program, render both receipts to memory, load every
revision, find the SQL files they install, run the embedded server's binaries.
Each returns one line per problem (empty: all is well).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import aftersales_desktop
from aftersales_desktop.core.paths import db_dir

if TYPE_CHECKING:
    from aftersales_desktop.reports.receipts import IntakeReceipt, SettlementReceipt, ShopHeader

# Entry points that run something when imported, not modules to load.
_NOT_IMPORTED = {"aftersales_desktop.__main__"}


def all_modules() -> list[str]:
    """Every module of the program, as a start may import it (screens load on demand)."""
    names = ["aftersales_desktop"]
    for info in pkgutil.walk_packages(aftersales_desktop.__path__, "aftersales_desktop."):
        if info.name not in _NOT_IMPORTED:
            names.append(info.name)
    return names


def module_problems(names: list[str] | None = None) -> list[str]:
    problems = []
    for name in names if names is not None else all_modules():
        try:
            importlib.import_module(name)
        except Exception as exc:  # report every one, not just the first
            problems.append(f"cannot import {name}: {type(exc).__name__}: {exc}")
    return problems


def receipt_problems() -> list[str]:
    """Both receipts on both papers, with every mark: barcodes, QR, fonts, in memory."""
    try:
        from aftersales_desktop.reports import receipts

        pdfs = [receipts.render_intake_receipt(sample_intake(), paper="a5", copy=True),
                receipts.render_settlement_receipt(sample_settlement(), paper="roll80")]
    except Exception as exc:
        return [f"cannot render a receipt: {type(exc).__name__}: {exc}"]
    problems = []
    for pdf in pdfs:
        if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
            problems.append("a receipt rendered without its embedded font")
    return problems


def migration_problems() -> list[str]:
    """The script directory loads, has one head, and every SQL file a revision names is there."""
    from alembic.script import ScriptDirectory

    from aftersales_desktop.services.schema import alembic_config

    folder = db_dir()
    problems = [f"{folder / name} is missing" for name in ("env.py", "script.py.mako")
                if not (folder / name).is_file()]
    try:
        scripts = ScriptDirectory.from_config(alembic_config())
        revisions = list(scripts.walk_revisions())  # imports every revision module
        heads = scripts.get_heads()
    except Exception as exc:
        return [*problems, f"migrations unreadable in {folder}: {type(exc).__name__}: {exc}"]
    if len(heads) != 1:
        problems.append(f"migrations in {folder} have {len(heads)} heads: {heads}")
    for script in revisions:
        for name in _sql_files_named(Path(script.path)):
            if not _sql_file_shipped(name, script.revision):
                problems.append(f"revision {script.revision} installs {name}, not shipped")
    problems += module_problems(sorted(_imports_of(folder / "env.py")))
    return problems


def embedded_server_problems() -> list[str]:
    """The PostgreSQL binaries a first start runs are there and run here."""
    from aftersales_desktop.server.embedded import _bin

    problems = []
    for name in ("initdb", "pg_ctl", "postgres"):
        try:
            binary = _bin(name)
        except Exception as exc:
            return [f"embedded PostgreSQL: {exc}"]
        if not binary.is_file():
            problems.append(f"embedded PostgreSQL: {binary} is missing")
            continue
        try:
            run = subprocess.run([str(binary), "--version"], capture_output=True, text=True,
                                 timeout=30, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            problems.append(f"embedded PostgreSQL: {binary} does not run: {exc}")
            continue
        if run.returncode != 0 or "PostgreSQL" not in run.stdout:
            problems.append(f"embedded PostgreSQL: {binary} --version failed: "
                            f"{(run.stderr or run.stdout).strip()[:200]}")
    return problems


def _sql_files_named(path: Path) -> Iterator[str]:
    """The "module/name.sql" strings a revision's source holds (FILES lists, install(...))."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.endswith(".sql"):
            yield node.value


def _sql_file_shipped(name: str, revision: str) -> bool:
    """The body the revision installs can be read (a superseded body rebuilt from its
    delta), if the program has that scheme; else db/sql/<name> is there."""
    try:
        sql_files = importlib.import_module("aftersales_desktop.core.sql_files")
        sql_files.text_at(name, revision)
    except (ImportError, AttributeError):
        return (db_dir() / "sql" / name).is_file()
    except (FileNotFoundError, ValueError):  # ValueError: a delta that does not apply
        return False
    return True


def _imports_of(path: Path) -> set[str]:
    """Modules a file shipped as data (not analysed by a bundler) imports."""
    if not path.is_file():
        return set()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def sample_intake() -> IntakeReceipt:
    from aftersales_desktop.reports.receipts import IntakeReceipt

    return IntakeReceipt(
        shop=_shop(), number="WX20260101-0001",
        received_at=datetime(2026, 1, 1, 9, 30, tzinfo=timezone(timedelta(hours=8))),
        operator="前台", customer_name="张三", customer_phone="13800000000",
        product="空调", brand="Brand", model="KFR-35GW", serial="SN0123456789",
        fault="不制冷", accessories="遥控器", appearance="完好", remarks="",
        service_mode_label="上门", warranty_label="保内", urgent=True,
        promised_date=date(2026, 1, 3), address="文三路 1 号", appointment="2026-01-02 14:00")


def sample_settlement() -> SettlementReceipt:
    from aftersales_desktop.reports.receipts import FeeLine, SettlementReceipt

    receipt = SettlementReceipt(
        shop=_shop(), number="JS20260101-0001", ticket_number="WX20260101-0001",
        settled_at=datetime(2026, 1, 3, 16, 0, tzinfo=timezone(timedelta(hours=8))),
        operator="前台", customer_name="张三", product="空调", model="KFR-35GW",
        serial="SN0123456789",
        lines=(FeeLine("电容", Decimal("1"), Decimal("85"), Decimal("85"), True),
               FeeLine("工时", Decimal("1.5"), Decimal("80"), Decimal("120"))),
        subtotal=Decimal("205"), discount=Decimal("5"), discount_reason="老客户",
        manufacturer_amount=Decimal("85"), customer_amount=Decimal("115"),
        payment_method_label="现金", paid=Decimal("120"), change=Decimal("5"))
    return replace(receipt, voided=True)


def _shop() -> ShopHeader:
    from aftersales_desktop.reports.receipts import ShopHeader

    return ShopHeader("维修中心", "文三路 1 号", "0571-00000000", terms="1. 凭单取机。")
