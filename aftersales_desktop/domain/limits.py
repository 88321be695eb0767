"""How long, how early, how late and how large a stored value may be (pure).

The database holds the same limits as CHECK constraints (revision 0014 and the
revisions that created the tables), so a value typed past the form, or sent from
`psql`, is refused with the field's name instead of being stored;
tests/db/test_limits.py compares this table with the migrated database's constraints in
both directions. Forms read the same
table to stop typing at the limit (`max_length`) and to bound date editors
(`date_range`), so the operator never meets the database's refusal in normal use.

Tables are named without their schema (`customer` is `app.customer`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

# Who did something: an operator code (a PostgreSQL role name is at most 63 bytes).
_WHO = 63
# A reason given for an exception (a cancellation, a discount, an override).
_REASON = 200

# table -> column -> most characters. Every text column of every app table is here.
TEXT_MAX: Mapping[str, Mapping[str, int]] = {
    # operators, capabilities (0001, 0002)
    "capability": {"code": 50, "label": 100},
    "position_template": {"code": 30, "label": 100},
    "template_capability": {"template": 30, "capability": 50},
    "operator": {"code": 30, "name": 50, "created_by": _WHO, "template": 30},
    "operator_capability": {"operator": 30, "capability": 50},
    # customers, catalogue, staff (0002, 0005)
    "customer": {"code": 30, "name": 100, "grade": 30, "address": 200, "source": 100,
                 "notes": 1000},
    "customer_grade": {"code": 30, "label": 50},
    "customer_phone": {"phone": 20},
    "item": {"code": 30, "name": 100, "kind": 10, "brand": 100, "model": 100, "unit": 10,
             "barcode": 50},
    "item_category": {"name": 50},
    "department": {"name": 50},
    "staff_position": {"name": 50},
    "region": {"name": 50, "level": 10},
    "employee": {"code": 30, "name": 50, "phone": 20, "grade": 30, "operator_code": 30},
    "service_outlet": {"code": 30, "name": 100, "contact": 50, "phone": 20, "address": 200,
                       "settlement_terms": 500},
    "device": {"product": 100, "brand": 100, "model": 100, "serial": 100,
               "purchase_place": 200},
    "warehouse_type": {"code": 30, "label": 50},
    "warehouse": {"code": 30, "name": 50, "type": 30},
    "service_mode": {"code": 30, "label": 50},
    "work_type": {"code": 30, "name": 50, "hours_kind": 20},
    "reward_penalty_item": {"code": 30, "name": 50, "auto": 20},
    "overdue_rule": {"name": 50, "service_mode": 30},
    "dictionary_entry": {"kind": 30, "value": 100},
    # front desk (0008)
    "shop_setting": {"key": 40},
    "work_calendar": {"note": 200},
    "notice_template": {"kind": 30, "body": 500},
    "notice_channel": {"channel": 10},
    "ticket_counter": {"prefix": 2},
    "ticket": {"number": 30, "received_by": _WHO, "customer_name": 100, "product": 100,
               "brand": 100, "model": 100, "serial": 100, "fault": 500, "accessories": 300,
               "appearance": 300, "remarks": 1000, "visit": 10, "service_mode": 30,
               "address": 200, "warranty_class": 20, "warranty_reason": 30,
               "warranty_override_reason": _REASON, "rework_override_reason": _REASON,
               "status": 20, "location_kind": 20, "location_label": 300,
               "quote_state": 10},
    "ticket_transition": {"from_status": 20, "to_status": 20},
    "ticket_status": {"from_status": 20, "to_status": 20, "reason": _REASON,
                      "by_operator": _WHO},
    "ticket_location": {"kind": 20, "shelf": 50, "factory": 100, "carrier": 50,
                        "tracking_number": 50, "note": _REASON, "label": 300,
                        "by_operator": _WHO},
    "ticket_quote": {"note": _REASON, "created_by": _WHO, "state": 20, "channel": 20,
                     "decided_by": _WHO, "decision_note": _REASON},
    "part_preorder": {"number": 30, "part_name": 100, "state": 20, "ordered_by": _WHO,
                      "arrived_by": _WHO, "arrival_source": 20, "picked_up_by": _WHO,
                      "payment_method": 20, "cancel_reason": _REASON},
    "customer_notice": {"kind": 30, "channel": 10, "recipient": 100, "body": 1000,
                        "status": 10, "detail": 500, "sent_by": _WHO},
    "settlement": {"number": 30, "kind": 10, "discount_reason": _REASON,
                   "payment_method": 20, "settled_by": _WHO, "voided_by": _WHO,
                   "void_reason": _REASON, "payer_reason": _REASON},
    "settlement_line": {"kind": 10, "description": 100, "billed_to": 20},
    # the ticket tally (0013), kept by its trigger from the tickets' own columns
    "ticket_tally": {"status": 20, "warranty_class": 20, "visit": 10},
    "ticket_tally_change": {"status": 20, "warranty_class": 20, "visit": 10},
    # the callback statistics' monthly rollups (0021), kept by their triggers
    "satisfaction_month": {"service_mode": 30},
    "callback_task_month": {"state": 20, "service_mode": 30},
    "complaint_month": {"service_mode": 30},
    # stock (0015)
    "stock_counter": {"prefix": 2},
    "stock_document": {"number": 30, "kind": 30, "state": 10, "supplier": 100,
                       "reason": _REASON, "remarks": 500, "created_by": _WHO,
                       "updated_by": _WHO, "posted_by": _WHO, "cancelled_by": _WHO,
                       "cancel_reason": _REASON},
    "stock_document_line": {"serial": 100},
    "stock_move": {"source": 20, "operator": _WHO},
    # requisitions against a ticket (0016)
    "requisition": {"number": 30, "created_by": _WHO, "updated_by": _WHO},
    "requisition_line": {"kind": 10, "billed_to": 20, "state": 10, "fitted_serial": 100,
                         "removed_serial": 100, "created_by": _WHO, "updated_by": _WHO},
    "stock_serial": {"serial": 100},
    # stocktake sheets (0017)
    "stocktake": {"number": 30, "state": 20, "remarks": _REASON, "opened_by": _WHO,
                  "posted_by": _WHO, "cancelled_by": _WHO, "cancel_reason": _REASON},
    "stocktake_line": {"decision": 10, "counted_by": _WHO, "decided_by": _WHO},
    # dispatch, work reports, review (0018)
    "job": {"state": 20, "assignee_kind": 20, "override_reason": _REASON,
            "assigned_by": _WHO, "result": 20, "fault_cause": 100, "action": 100,
            "notes": 1000, "reported_by": _WHO, "reviewed_by": _WHO, "review_note": _REASON,
            "cancel_reason": _REASON},
    "job_photo": {"mime": 20, "caption": 100, "added_by": _WHO},
    "visit": {"state": 20, "cancel_reason": _REASON, "created_by": _WHO},
    "job_event": {"kind": 20, "reason": _REASON, "by_operator": _WHO},
    # complaints (0021)
    "complaint": {"number": 30, "source": 20, "severity": 20, "summary": 200,
                  "details": 1000, "owner": _WHO, "state": 20, "opened_by": _WHO,
                  "resolution": 1000, "resolved_by": _WHO},
    "complaint_event": {"kind": 20, "by_operator": _WHO, "note": 500, "owner": _WHO},
    # callback tasks and surveys (0021)
    "callback_rule": {"service_mode": 30, "kind": 20},
    "callback_task": {"kind": 20, "source": 20, "service_mode": 30, "dealer": 100,
                      "product": 200, "state": 20, "last_outcome": 20, "closed_by": _WHO},
    "callback_attempt": {"by_operator": _WHO, "outcome": 20, "note": 500},
    "survey_question": {"code": 30, "label": 60, "kind": 20, "dimension": 20},
    "survey": {"technician_operator": _WHO, "recorded_by": _WHO, "usage": 500,
               "suggestion": 500, "notes": 1000},
    "survey_answer": {"answer": 500},
    # inquiries (0021)
    "inquiry": {"topic": 20, "channel": 20, "product": 100, "question": 500, "answer": 1000,
                "answered_by": _WHO},
    # a dealer's list imported for callbacks (0021)
    "callback_import_batch": {"kind": 20, "dealer": 100, "file_name": 200,
                              "by_operator": _WHO},
    # commission months and lines (0022, cm-lines)
    "commission_period": {"state": 20, "run_by": _WHO, "settled_by": _WHO},
    "commission_line": {"kind": 20, "origin": 20, "state": 20, "source_key": 100,
                        "rule_kind": 20, "hours_kind": 20, "reason": _REASON,
                        "decision_note": _REASON, "created_by": _WHO, "decided_by": _WHO},
    # technicians' pay: rules (0022)
    "commission_rule": {"service_mode": 30, "kind": 20, "note": _REASON},
    "commission_grade_factor": {"grade": 30},
    "rework_rule": {"kind": 20, "note": _REASON},
    "employee_pay": {"scheme": 20},
    # commission statements (0022, cm-month)
    "commission_statement": {"payee_code": 30, "payee_name": 100, "scheme": 20, "state": 20,
                             "confirmed_by": _WHO, "settled_by": _WHO},
}

# jsonb columns: most characters of their text form (settings a manager types, a
# channel's configuration).
JSON_MAX: Mapping[str, Mapping[str, int]] = {
    "shop_setting": {"value": 10000},
    "notice_channel": {"config": 4000},
}

# Text the server searches for (the customer lookup, the ticket search): longer than
# any stored name, phone or serial, so a longer one cannot match and is not searched.
SEARCH_MAX = 100
# A password as typed: hashed on the client (SCRAM), so no column holds it; a form
# stops here all the same.
PASSWORD_MAX = 128
# One text inside a JSON setting (the shop's name, an SMS gateway's parameter), and the
# receipt's terms: the setting as a whole is held by JSON_MAX, which these fit in.
SETTING_TEXT_MAX = 200
SETTING_LONG_TEXT_MAX = 1000
# Values typed into one field separated by commas (a customer's other phones): room for
# this many, each within its column's length.
LIST_MAX_ITEMS = 10


def _bare(table: str) -> str:
    return table.removeprefix("app.")


def max_length(table: str, column: str) -> int:
    """Most characters `table.column` holds (KeyError for a column that is not text)."""
    return TEXT_MAX[_bare(table)][column]


# -- dates and times ----------------------------------------------------------------------

@dataclass(frozen=True)
class DateRange:
    """The earliest and latest day a column holds; `future_days`, when set, also keeps
    it within that many days after today (a purchase cannot be next year)."""

    earliest: date
    latest: date
    future_days: int | None = None

    def bounds(self, today: date | None = None) -> tuple[date, date]:
        latest = self.latest
        if self.future_days is not None and today is not None:
            latest = min(latest, today + timedelta(days=self.future_days))
        return self.earliest, latest

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= day <= self.latest


# The days a shop works with: tickets, calendars, promises, appointments, timestamps.
WORKING_RANGE = DateRange(date(2000, 1, 1), date(2199, 12, 31))
# table -> its date columns, and its timestamp columns (both within date_range())
DATE_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "device": ("purchase_date",), "employee": ("hire_date",),
    "part_preorder": ("expected_on",),
    "ticket": ("received_on", "purchase_date", "promised_on", "repair_warranty_until"),
    "ticket_counter": ("day",), "ticket_location": ("sent_on", "expected_on"),
    "ticket_quote": ("decided_on",), "work_calendar": ("day",),
    "stock_document": ("doc_date",),
    "callback_task": ("due_on", "expires_on", "purchase_date"),
    # commission months and lines (0022, cm-lines)
    "commission_period": ("month",), "commission_line": ("period",),
    # technicians' pay: rules' validity (0022)
    "commission_rule": ("valid_from", "valid_to"), "hours_rule": ("valid_from", "valid_to"),
    "rework_rule": ("valid_from", "valid_to"),
    "commission_statement": ("period",),
}
TIME_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "customer": ("created_at",), "customer_notice": ("due_at", "sent_at"),
    "device": ("created_at",), "dictionary_entry": ("created_at",),
    "operator": ("created_at", "password_changed_at", "updated_at"),
    "part_preorder": ("ordered_at", "arrived_at", "picked_up_at"),
    "settlement": ("settled_at", "voided_at"),
    "ticket": ("received_at", "appointment_at", "status_at", "picked_up_at"),
    "ticket_location": ("at",), "ticket_quote": ("created_at",), "ticket_status": ("at",),
    "stock_document": ("created_at", "updated_at", "posted_at", "cancelled_at"),
    "stock_move": ("moved_at",),
    "requisition": ("created_at", "updated_at"),
    "requisition_line": ("created_at", "updated_at"),
    "requisition_operation": ("done_at",), "stock_serial": ("updated_at",),
    "stocktake": ("opened_at", "posted_at", "cancelled_at"),
    "stocktake_line": ("counted_at", "decided_at"),
    "job": ("assigned_at", "started_at", "finished_at", "signed_at", "reported_at",
            "reviewed_at"),
    "job_photo": ("added_at",), "visit": ("created_at",), "job_event": ("at",),
    "complaint": ("deadline_at", "escalated_at", "paused_since", "opened_at", "resolved_at",
                  "closed_at"),
    "complaint_event": ("at",),
    "callback_task": ("call_back_at", "last_attempt_at", "closed_at", "created_at"),
    "callback_attempt": ("at", "call_back_at"), "survey": ("recorded_at", "frozen_at"),
    "inquiry": ("at",),
    "callback_import_batch": ("at",),
    # commission months and lines (0022, cm-lines)
    "commission_period": ("run_at", "settled_at"),
    "commission_line": ("created_at", "decided_at"),
    "commission_statement": ("computed_at", "confirmed_at", "settled_at"),
}
# Ranges other than WORKING_RANGE, by table and column.
DATE_RANGES: Mapping[tuple[str, str], DateRange] = {
    ("device", "purchase_date"): DateRange(date(1970, 1, 1), date(2199, 12, 31), 1),
    ("ticket", "purchase_date"): DateRange(date(1970, 1, 1), date(2199, 12, 31), 1),
    ("employee", "hire_date"): DateRange(date(1950, 1, 1), date(2199, 12, 31)),
    ("callback_task", "purchase_date"): DateRange(date(1970, 1, 1), date(2199, 12, 31), 1),
}
# A promise is at most this many days after the intake (ticket.promised_on).
PROMISE_MAX_DAYS = 730
# app.add_working_days takes 0 to this many working days (a year and a half).
WORKING_DAYS_MAX = 400


def date_range(table: str, column: str, today: date | None = None) -> tuple[date, date]:
    """(earliest, latest) day of a date or timestamp column, for a date editor."""
    return DATE_RANGES.get((_bare(table), column), WORKING_RANGE).bounds(today)


# -- money and quantities -----------------------------------------------------------------

# table -> its numeric columns: all of them are money but these quantities and hours
NUMERIC_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "employee_wage": ("post_wage",), "item": ("sale_price", "min_stock"),
    "item_cost": ("cost_price",), "overdue_rule": ("amount_per_day",),
    "part_preorder": ("quantity", "unit_price", "deposit", "paid"),
    "reward_penalty_item": ("amount",),
    "settlement": ("subtotal", "discount", "manufacturer_amount", "shop_amount",
                   "customer_amount", "paid", "change_given"),
    "settlement_line": ("quantity", "unit_price", "amount"), "ticket": ("fee_total",),
    "ticket_quote": ("parts_amount", "labour_amount", "other_amount"),
    "work_type": ("labour_fee", "standard_hours"),
    "ticket_tally": ("fee_total",), "ticket_tally_change": ("fee_total",),
    "stock_balance": ("quantity", "unit_cost", "value"),
    "stock_move": ("quantity", "qty_before", "qty_after", "unit_cost", "avg_before",
                   "avg_after", "value_change", "value_before", "value_after"),
    "stock_document_line": ("quantity", "unit_cost", "amount"),
    "requisition_line": ("quantity", "unit_price"),
    "stocktake_line": ("book_qty", "counted_qty", "moved_qty", "adjustment"),
    "job": ("hours",), "job_work_type": ("quantity",),
    # commission shares and lines (0022, cm-lines)
    "job_share": ("share",),
    "commission_line": ("quantity", "base", "rate", "grade_factor", "share", "hours",
                        "repair_hours", "other_hours", "basic_hours", "rated_hours",
                        "amount"),
    # technicians' pay: rules (0022)
    "commission_rule": ("amount", "rate"), "commission_grade_factor": ("factor",),
    "hours_rule": ("other_weight", "rate_above_rated", "rate_basic_to_rated",
                   "supervisor_factor", "supervisor_threshold"),
    "rework_rule": ("amount", "rate"), "employee_pay": ("basic_hours", "rated_hours"),
    "commission_statement": ("post_wage", "commissions", "hours_pay", "rewards", "penalties",
                             "deductions", "adjustments", "total"),
}
QUANTITIES: frozenset[tuple[str, str]] = frozenset({
    ("part_preorder", "quantity"), ("settlement_line", "quantity"), ("item", "min_stock"),
    ("work_type", "standard_hours"),
    ("stock_balance", "quantity"), ("stock_move", "quantity"), ("stock_move", "qty_before"),
    ("stock_move", "qty_after"), ("stock_document_line", "quantity"),
    ("requisition_line", "quantity"),
    ("stocktake_line", "book_qty"), ("stocktake_line", "counted_qty"),
    ("stocktake_line", "moved_qty"), ("stocktake_line", "adjustment"),
    ("job", "hours"), ("job_work_type", "quantity"),
    # commission shares and lines (0022, cm-lines): all but the base and the amount
    ("job_share", "share"),
    ("commission_line", "quantity"), ("commission_line", "rate"),
    ("commission_line", "grade_factor"), ("commission_line", "share"),
    ("commission_line", "hours"), ("commission_line", "repair_hours"),
    ("commission_line", "other_hours"), ("commission_line", "basic_hours"),
    ("commission_line", "rated_hours"),
    # technicians' pay: rates, factors, weights and hours are no money (0022)
    ("commission_rule", "rate"), ("commission_grade_factor", "factor"),
    ("hours_rule", "other_weight"), ("hours_rule", "supervisor_factor"),
    ("hours_rule", "supervisor_threshold"), ("rework_rule", "rate"),
    ("employee_pay", "basic_hours"), ("employee_pay", "rated_hours"),
})
# Stock costs: unit costs numeric(14,4), values numeric(14,2) (revision 0015).
UNIT_COST_SCALE = 4
UNIT_COST_MAX = Decimal("9999999999.9999")
VALUE_MAX = Decimal("999999999999.99")
# numeric(12,2): ten digits before the point, two after.
MONEY_SCALE = 2
MONEY_MAX = Decimal("9999999999.99")
# A work report (revision 0018): hours numeric(5,2), a work type's quantity numeric(4,2)
JOB_HOURS_MAX = Decimal("999.99")
JOB_QUANTITY_MAX = Decimal("99.99")
# A job's share (job_share.share, 0022): more than 0, at most 100 %; the column
# (numeric(5,2)) would hold 999.99. A commission line's hours: numeric(8,2).
COMMISSION_SHARE_MAX = Decimal("100.00")
COMMISSION_SHARE_COLUMN_MAX = Decimal("999.99")
COMMISSION_HOURS_MAX = Decimal("999999.99")
# A reward or penalty typed by hand (app.commission_adjust_propose): at most this much
# either way
COMMISSION_ADJUST_MAX = Decimal("99999.99")
# Technicians' pay (revision 0022): numbers whose CHECK <table>_<column>_max holds less
# than their column's precision (each also has CHECK (column >= 0)).
COMMISSION_AMOUNT_MAX = Decimal("99999.99")  # a rule's fixed amount, per unit
COMMISSION_RATE_MAX = Decimal(100)  # a % of the labour fee, the margin, the commission
GRADE_FACTOR_MAX = Decimal(10)
MONTH_HOURS_MAX = Decimal(744)  # basic and rated hours a month (31 x 24)
CHECKED_MAX: Mapping[tuple[str, str], Decimal] = {
    ("commission_rule", "amount"): COMMISSION_AMOUNT_MAX,
    ("commission_rule", "rate"): COMMISSION_RATE_MAX,
    ("commission_grade_factor", "factor"): GRADE_FACTOR_MAX,
    ("hours_rule", "other_weight"): Decimal(1),
    ("hours_rule", "rate_above_rated"): Decimal(10000),
    ("hours_rule", "rate_basic_to_rated"): Decimal(10000),
    ("hours_rule", "supervisor_factor"): Decimal(10),
    ("hours_rule", "supervisor_threshold"): Decimal(100),
    ("rework_rule", "amount"): COMMISSION_AMOUNT_MAX,
    ("rework_rule", "rate"): COMMISSION_RATE_MAX,
    ("employee_pay", "basic_hours"): MONTH_HOURS_MAX,
    ("employee_pay", "rated_hours"): MONTH_HOURS_MAX,
}
# work_type.standard_hours is numeric(6,2)
NUMERIC_MAX: Mapping[tuple[str, str], Decimal] = {
    ("work_type", "standard_hours"): Decimal("9999.99"),
    # the fee total of a group of tickets: a sum (numeric without a scale)
    ("ticket_tally", "fee_total"): Decimal("1e15"),
    # the seconds complaints of a month took to resolve: a sum (numeric without a scale)
    ("complaint_month", "resolve_seconds"): Decimal("1e15"),
    ("stock_balance", "unit_cost"): UNIT_COST_MAX, ("stock_balance", "value"): VALUE_MAX,
    ("stock_move", "unit_cost"): UNIT_COST_MAX, ("stock_move", "avg_before"): UNIT_COST_MAX,
    ("stock_move", "avg_after"): UNIT_COST_MAX, ("stock_move", "value_change"): VALUE_MAX,
    ("stock_move", "value_before"): VALUE_MAX, ("stock_move", "value_after"): VALUE_MAX,
    ("stock_document_line", "unit_cost"): UNIT_COST_MAX,
    ("stock_document_line", "amount"): VALUE_MAX,
    # a work report's hours numeric(5,2), the quantity of a work type done numeric(4,2)
    ("job", "hours"): JOB_HOURS_MAX, ("job_work_type", "quantity"): JOB_QUANTITY_MAX,
    # commission shares and lines (0022, cm-lines): a share numeric(5,2) (its CHECK holds
    # it at 100), a line's quantity numeric(6,2), rate numeric(9,4), grade factor
    # numeric(5,3), hours numeric(8,2)
    ("job_share", "share"): COMMISSION_SHARE_COLUMN_MAX,
    ("commission_line", "quantity"): Decimal("9999.99"),
    ("commission_line", "rate"): Decimal("99999.9999"),
    ("commission_line", "grade_factor"): Decimal("99.999"),
    ("commission_line", "share"): COMMISSION_SHARE_COLUMN_MAX,
    ("commission_line", "hours"): COMMISSION_HOURS_MAX,
    ("commission_line", "repair_hours"): COMMISSION_HOURS_MAX,
    ("commission_line", "other_hours"): COMMISSION_HOURS_MAX,
    ("commission_line", "basic_hours"): COMMISSION_HOURS_MAX,
    ("commission_line", "rated_hours"): COMMISSION_HOURS_MAX,
    **CHECKED_MAX,
}
# Columns that may be negative: a penalty, the mirror image of a voided settlement.
SIGNED: frozenset[tuple[str, str]] = frozenset({
    ("reward_penalty_item", "amount"),
    ("settlement", "subtotal"), ("settlement", "discount"),
    ("settlement", "manufacturer_amount"), ("settlement", "shop_amount"),
    ("settlement", "customer_amount"), ("settlement", "paid"),
    ("settlement", "change_given"),
    # the tally's fee totals are sums and differences (a ticket leaving a group)
    ("ticket_tally", "fee_total"), ("ticket_tally_change", "fee_total"),
    # a move's quantity and value are signed (in +, out -); a stocktake adjustment's
    # line quantity too
    ("stock_move", "quantity"), ("stock_move", "value_change"),
    ("stock_document_line", "quantity"),
    # a stocktake's moves since opening and its adjustments go either way
    ("stocktake_line", "moved_qty"), ("stocktake_line", "adjustment"),
    # a commission line's amount and hours: a penalty, a deduction, an adjustment taking
    # a line back (0022, cm-lines)
    ("commission_line", "amount"), ("commission_line", "hours"),
    # a statement's penalties and deductions are taken off, adjustments go either way,
    # and so may the total
    ("commission_statement", "penalties"), ("commission_statement", "deductions"),
    ("commission_statement", "adjustments"), ("commission_statement", "total"),
})


# Integer columns typed as text (the others are spin boxes with their range), with the
# range their CHECK holds.
INTEGER_RANGES: Mapping[tuple[str, str], tuple[int, int]] = {
    ("overdue_rule", "grace_days"): (0, 365),
}


# Decimals other than MONEY_SCALE: stock unit costs and averages (numeric(14,4)).
NUMERIC_SCALE: Mapping[tuple[str, str], int] = {
    ("stock_balance", "unit_cost"): UNIT_COST_SCALE, ("stock_move", "unit_cost"): UNIT_COST_SCALE,
    ("stock_move", "avg_before"): UNIT_COST_SCALE, ("stock_move", "avg_after"): UNIT_COST_SCALE,
    ("stock_document_line", "unit_cost"): UNIT_COST_SCALE,
    # a commission line's rate numeric(9,4), grade factor numeric(5,3) (0022, cm-lines)
    ("commission_line", "rate"): 4, ("commission_line", "grade_factor"): 3,
    # technicians' pay (0022): rates numeric(7,4), factors and weights numeric(x,3)
    ("commission_rule", "rate"): 4, ("rework_rule", "rate"): 4,
    ("commission_grade_factor", "factor"): 3, ("hours_rule", "other_weight"): 3,
}


def numeric_scale(table: str, column: str) -> int:
    """How many decimals a numeric column holds."""
    return NUMERIC_SCALE.get((_bare(table), column), MONEY_SCALE)


def numeric_range(table: str, column: str) -> tuple[Decimal, Decimal]:
    """(least, most) value of a numeric column; every one is finite (never NaN)."""
    key = (_bare(table), column)
    most = NUMERIC_MAX.get(key, MONEY_MAX)
    return (-most if key in SIGNED else Decimal(0)), most


# -- coded columns --------------------------------------------------------------------------

_STATUSES = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
             "picked_up", "completed", "cancelled")  # completed: revision 0018
_OUTCOMES = ("no_answer", "busy", "wrong_number", "call_back", "refused", "reached")  # 0021
# table -> column -> its codes, for the coded columns revision 0014 gave a CHECK (the
# others had theirs from the start or are foreign keys)
CHOICES: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "ticket": {"location_kind": ("shelf", "warehouse", "technician", "factory", "outlet",
                                 "customer")},
    "part_preorder": {"payment_method": ("cash", "wechat", "alipay", "card", "transfer",
                                         "none")},
    "ticket_status": {"from_status": _STATUSES, "to_status": _STATUSES},
    "ticket_transition": {"from_status": _STATUSES, "to_status": _STATUSES},
    # stock (0015)
    "stock_document": {"kind": ("purchase_receipt", "other_receipt", "other_issue",
                                "transfer", "scrap", "merchant_return", "opening",
                                "stocktake_adjustment"),
                       "state": ("draft", "posted", "cancelled")},
    "stock_move": {"source": ("document", "requisition", "stocktake")},
    "stocktake": {"state": ("open", "posted", "cancelled")},
    "stocktake_line": {"decision": ("adjust", "keep")},
    # dispatch (0018)
    "job": {"state": ("assigned", "started", "finished", "reviewed", "cancelled"),
            "assignee_kind": ("technician", "outlet"),
            "result": ("fixed", "not_fixed", "needs_parts", "factory")},
    "job_photo": {"mime": ("image/jpeg", "image/png")},
    "visit": {"state": ("planned", "done", "cancelled")},
    "job_event": {"kind": ("assign", "reassign", "unassign", "reschedule", "start", "report",
                           "finish", "review", "unreview", "override")},
    # complaints (0021)
    "complaint": {"source": ("survey", "callback", "counter", "phone"),
                  "severity": ("low", "normal", "high", "critical"),
                  "state": ("open", "in_progress", "waiting_customer", "resolved", "closed")},
    "complaint_event": {"kind": ("open", "assign", "start", "pause", "resume", "escalate",
                                 "note", "resolve", "reopen", "close")},
    # callback tasks and surveys (0021)
    "callback_rule": {"kind": ("service", "installation", "usage")},
    "callback_task": {"kind": ("service", "installation", "usage"),
                      "source": ("ticket", "dealer"),
                      "state": ("pending", "in_progress", "done", "unreachable", "expired",
                                "cancelled"),
                      "last_outcome": _OUTCOMES},
    "callback_attempt": {"outcome": _OUTCOMES},
    "survey_question": {"kind": ("score", "text"),
                        "dimension": ("attitude", "timeliness", "quality", "price",
                                      "overall")},
    # inquiries (0021)
    "inquiry": {"topic": ("usage", "price", "part", "other"), "channel": ("phone", "visit")},
    "callback_import_batch": {"kind": ("installation", "usage")},
    # commission months and lines (0022, cm-lines; the codes of domain/commissions.py)
    "commission_period": {"state": ("open", "settled")},
    "commission_line": {"kind": ("commission", "hours_pay", "supervisor_pay", "reward",
                                 "penalty", "overdue", "rework", "adjustment"),
                        "origin": ("review", "run", "manual", "late"),
                        "state": ("active", "proposed", "rejected"),
                        "rule_kind": ("fixed", "labour_pct", "margin_pct", "hours", "none",
                                      "overdue", "commission_pct", "supervisor", "item"),
                        "hours_kind": ("repair", "other")},
    # technicians' pay: rules (0022)
    "work_type": {"hours_kind": ("repair", "other")},
    "reward_penalty_item": {"auto": ("survey_low", "survey_high", "complaint")},
    "commission_rule": {"kind": ("fixed", "labour_pct", "margin_pct")},
    "rework_rule": {"kind": ("fixed", "commission_pct")},
    "employee_pay": {"scheme": ("commission", "hours", "none")},
    # commission statements (0022, cm-month)
    "commission_statement": {"scheme": ("commission", "hours", "none"),
                             "state": ("draft", "confirmed", "settled")},
}


# -- what the constraints say -----------------------------------------------------------

def limit_constraints() -> dict[str, tuple[str, str, dict[str, object]]]:
    """constraint name -> (field, refusal code, message arguments) of every limit the
    tables hold by this table, for the constraint map (domain/constraints.py)."""
    found: dict[str, tuple[str, str, dict[str, object]]] = {}
    for table, columns in TEXT_MAX.items():
        for column, most in columns.items():
            found[f"{table}_{column}_length"] = (column, "field_too_long", {"max": most})
    for table, columns in JSON_MAX.items():
        for column, most in columns.items():
            found[f"{table}_{column}_size"] = (column, "field_too_long", {"max": most})
    for table, dates in DATE_COLUMNS.items():
        for column in dates:
            earliest, latest = date_range(table, column)
            found[f"{table}_{column}_range"] = (column, "field_date_invalid", {
                "min": earliest.isoformat(), "max": latest.isoformat()})
    for table, times in TIME_COLUMNS.items():
        for column in times:
            earliest, latest = date_range(table, column)
            found[f"{table}_{column}_range"] = (column, "field_time_invalid", {
                "min": earliest.isoformat(), "max": latest.isoformat()})
    for table, numbers in NUMERIC_COLUMNS.items():
        for column in numbers:
            code = ("field_number_invalid" if (table, column) in QUANTITIES
                    else "field_amount_invalid")
            found[f"{table}_{column}_finite"] = (column, code, {})
    for table, choices in CHOICES.items():
        for column in choices:
            found[f"{table}_{column}_choice"] = (column, "field_choice_invalid", {})
    found["settlement_line_quantity_positive"] = ("quantity", "field_not_positive", {})
    found["settlement_line_amount_not_negative"] = ("amount", "field_negative", {})
    found["ticket_fee_total_not_negative"] = ("fee_total", "field_negative", {})
    found["stocktake_line_book_qty_not_negative"] = ("book_qty", "field_negative", {})
    found["stocktake_line_counted_qty_not_negative"] = ("counted", "field_negative", {})
    found["job_hours_not_negative"] = ("hours", "field_negative", {})
    found["job_work_type_quantity_positive"] = ("quantity", "field_not_positive", {})
    for (table, column), ceiling in CHECKED_MAX.items():
        found[f"{table}_{column}_check"] = (column, "field_negative", {})
        found[f"{table}_{column}_max"] = (column, "field_out_of_range",
                                          {"min": 0, "max": f"{ceiling:f}"})
    found["ticket_promised_on_window"] = ("promised_date", "promised_too_late",
                                          {"days": PROMISE_MAX_DAYS})
    return found
