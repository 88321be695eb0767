"""The words and figures of a commission statement (提成工资结算单) as the PDF
(reports/commission_statements.py) and the workbook (reports/commission_workbook.py)
print them: labels (English source strings, translated at render time), amounts to the
fen, the month, the payee, a line's details in words."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.commissions import LINE_REASONS, PCT_RULE_KINDS

Translate = Callable[[str], str]

TITLE = QT_TR_NOOP("Commission statement")
MONTH = QT_TR_NOOP("{year}-{month}")
DRAFT_MARK = QT_TR_NOOP("DRAFT")
PAYEE = QT_TR_NOOP("Payee")
DEPARTMENT = QT_TR_NOOP("Department")
SCHEME = QT_TR_NOOP("Pay scheme")
OUTLET = QT_TR_NOOP("Service outlet")
# the summary's columns, in the statement's order (total = the sum of the others)
SUMMARY: tuple[tuple[str, str], ...] = (
    ("post_wage", QT_TR_NOOP("Post wage")),
    ("commissions", QT_TR_NOOP("Commissions")),
    ("hours_pay", QT_TR_NOOP("Hours pay")),
    ("rewards", QT_TR_NOOP("Rewards")),
    ("penalties", QT_TR_NOOP("Penalties")),
    ("deductions", QT_TR_NOOP("Deductions")),
    ("adjustments", QT_TR_NOOP("Adjustments")),
    ("total", QT_TR_NOOP("Total pay")),
)
TICKET = QT_TR_NOOP("Ticket no.")
KIND = QT_TR_NOOP("Item", "a commission line's kind")
DETAIL = QT_TR_NOOP("Details")
QUANTITY = QT_TR_NOOP("Quantity")
BASE = QT_TR_NOOP("Base")
RATE = QT_TR_NOOP("Rate")
SHARE = QT_TR_NOOP("Share")
AMOUNT = QT_TR_NOOP("Amount")
NO_LINES = QT_TR_NOOP("No commission lines this month.")
PENDING_NOTE = QT_TR_NOOP("{count} proposed line(s) waiting for approval are not included.")
LINES_TOTAL = QT_TR_NOOP("Total: {count} lines")
PAYEE_SIGNATURE = QT_TR_NOOP("Payee's signature")
CHECKED_BY = QT_TR_NOOP("Checked by")
DATE = QT_TR_NOOP("Date")
FACTOR = QT_TR_NOOP("grade factor ×{factor}")
REWORK_OF = QT_TR_NOOP("rework of {number}")
REVERSES = QT_TR_NOOP("reverses a line of {month}")
HOURS_DETAIL = QT_TR_NOOP("repair {repair} h, other {other} h; basic {basic} h, "
                          "rated {rated} h")
PAGE = QT_TR_NOOP("Page {page} of {pages}")
PRINTED = QT_TR_NOOP("Printed {time}")
COMPUTED = QT_TR_NOOP("Computed")
CONFIRMED = QT_TR_NOOP("Confirmed", "a statement's time")
SETTLED = QT_TR_NOOP("Settled", "a statement's time")
LINE_COUNT = QT_TR_NOOP("Lines")
# the workbook
SUMMARY_SHEET = QT_TR_NOOP("Statements")
LINES_SHEET = QT_TR_NOOP("Lines")
MONTH_COLUMN = QT_TR_NOOP("Month")
PAYEE_CODE = QT_TR_NOOP("Payee code")
STATE = QT_TR_NOOP("State")
ORIGIN = QT_TR_NOOP("Origin")
WORK_TYPE = QT_TR_NOOP("Work type / item")
GRADE_FACTOR = QT_TR_NOOP("Grade factor")
HOURS = QT_TR_NOOP("Hours")
HOURS_KIND = QT_TR_NOOP("Hours kind")
REASON = QT_TR_NOOP("Reason")
CREATED = QT_TR_NOOP("Created")
CREATED_BY = QT_TR_NOOP("Created by")
TOTAL = QT_TR_NOOP("Total")
ZERO = Decimal("0.00")


def identity(text: str) -> str:
    return text


def money(value: Any) -> Decimal:
    """A JSON amount (number or text, None = 0) as Decimal to the fen."""
    return ZERO if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def number(value: Any) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def plain(value: Decimal | None) -> str:
    """1, 0.5, 12.25: no trailing zeros."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def month_text(month: Any, translate: Translate = identity) -> str:
    """2026-11 (as the operator's language writes a month)."""
    day = month if isinstance(month, date) else date.fromisoformat(str(month)[:10])
    return translate(MONTH).format(year=day.year, month=f"{day.month:02d}")


def active_lines(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [line for line in entry.get("lines") or [] if line.get("state", "active") == "active"]


def payee_text(statement: Mapping[str, Any]) -> str:
    code, name = str(statement.get("payee_code") or ""), str(statement.get("payee_name") or "")
    return f"{code} {name}".strip()


def line_detail(line: Mapping[str, Any], translate: Translate = identity) -> str:
    """What the line is for, in words: the work type or the item, the reason, the grade
    factor, what an adjustment reverses, a rework's first ticket, the hours of hours pay."""
    kind = str(line.get("kind") or "")
    parts: list[str] = []
    subject = line.get("work_type") or line.get("item")
    if isinstance(subject, Mapping):
        subject = subject.get("name")
    if subject:
        parts.append(str(subject))
    reason = str(line.get("reason") or "")
    if kind == "rework" and reason:
        parts.append(translate(REWORK_OF).format(number=reason))
    elif reason in LINE_REASONS:
        parts.append(translate(LINE_REASONS[reason]))
    elif reason:
        parts.append(reason)
    if kind == "hours_pay" and line.get("repair_hours") is not None:
        parts.append(translate(HOURS_DETAIL).format(
            repair=plain(number(line.get("repair_hours"))),
            other=plain(number(line.get("other_hours"))),
            basic=plain(number(line.get("basic_hours"))),
            rated=plain(number(line.get("rated_hours")))))
    factor = number(line.get("grade_factor"))
    if factor is not None and factor != 1:
        parts.append(translate(FACTOR).format(factor=f"{factor:.3f}".rstrip("0").rstrip(".")))
    if line.get("reverses_period"):
        parts.append(translate(REVERSES).format(
            month=month_text(line["reverses_period"], translate)))
    # Chinese details take the full-width semicolon, as labelled() takes the colon
    wide = any("\u3000" <= char <= "\u9fff" for part in parts for char in part)
    return ("；" if wide else "; ").join(parts)


def rate_text(line: Mapping[str, Any]) -> str:
    """A % rule's rate (a fixed amount's or the hours pay's rate is no percentage)."""
    rate = number(line.get("rate")) if line.get("rule_kind") in PCT_RULE_KINDS else None
    return "" if rate is None else f"{plain(rate)}%"


def share_text(line: Mapping[str, Any]) -> str:
    share = number(line.get("share"))
    return "" if share is None or share == 100 else f"{plain(share)}%"


def moment_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return shop_time.format_datetime(moment)


def write_file(path: str | os.PathLike[str], content: bytes) -> None:
    """The file appears whole or not at all."""
    target = Path(path)
    partial = target.with_name(f".{target.stem}.partial{target.suffix}")
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


