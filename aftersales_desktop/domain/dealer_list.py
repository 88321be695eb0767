"""A dealer's list of customers who bought (商场交回的客户档案), imported for installation and
usage callbacks (pure): its limits and the words for what can be wrong with one of its rows.

The server (app.callback_import, db/sql/callbacks/) checks every row again and refuses a
bad one with dealer_row_invalid naming the row, the field and one of ROW_PROBLEMS; the
workbook reader (services/importing/dealer_list.py) finds the same problems first, with
the domain validators, so the operator sees every bad row before anything is sent.
"""

from __future__ import annotations

from aftersales_desktop.core.i18n import QT_TR_NOOP

# rows one import takes (the server refuses more: dealer_rows_too_many)
ROWS_MAX = 5000

# what a dealer's list is imported for: the callback kind of its tasks
KINDS: dict[str, str] = {
    "installation": QT_TR_NOOP("Installation call"),
    "usage": QT_TR_NOOP("Usage call"),
}

# app.dealer_row_read's problem codes -> what the operator reads after the field's name
ROW_PROBLEMS: dict[str, str] = {
    "not_a_row": QT_TR_NOOP("is not a row of the list"),
    "invalid": QT_TR_NOOP("is not text"),
    "too_long": QT_TR_NOOP("is too long"),
    "required": QT_TR_NOOP("is missing"),
    "phone_invalid": QT_TR_NOOP(
        "is not a phone number (an 11-digit mobile, or a landline with its area code)"),
    "region_unknown": QT_TR_NOOP("is not a region of the shop"),
    "region_ambiguous": QT_TR_NOOP("names more than one region of the shop"),
    "date_invalid": QT_TR_NOOP("is not a date written as 2026-05-01"),
    "purchase_in_future": QT_TR_NOOP("is in the future"),
    "due_range": QT_TR_NOOP("must be from today to a year from today"),
}
