"""What each table constraint means to the operator: the field and the refusal it shows.

When a CHECK, UNIQUE, primary or foreign key refuses a row, the database names the
constraint; this map turns the name into a field and a catalogue code
(domain/refusals.py), so the message says which field is wrong and never repeats the
row's data (PostgreSQL's own DETAIL lists the whole failing row). A test compares this
map with the constraints of the migrated database in both directions.

Constraints an operator's input cannot reach (identity keys, invariants that the
SECURITY DEFINER functions keep) map to "already_recorded" or "record_inconsistent".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.audit_labels import FIELD_LABELS as CHANGE_LOG_FIELD_LABELS
from aftersales_desktop.domain.limits import limit_constraints

# Field (column) -> English label, for constraint and NOT NULL messages: a field reads as
# the change log names it (audit_labels.FIELD_LABELS), but for these, worded for a refusal
# or named only by refusals.
_REFUSAL_FIELD_LABELS: dict[str, str] = {
    "approved": QT_TR_NOOP("Customer's answer"),
    "arrival_source": QT_TR_NOOP("Arrival"),
    "arrived_by": QT_TR_NOOP("Received by"),
    "avg_after": QT_TR_NOOP("Average cost after"),
    "avg_before": QT_TR_NOOP("Average cost before"),
    "body": QT_TR_NOOP("Notice text"),
    "capabilities": QT_TR_NOOP("Capabilities"),
    "change_reason": QT_TR_NOOP("Reason for the change"),
    "config": QT_TR_NOOP("Settings"),
    "contact": QT_TR_NOOP("Contact person"),
    "customer": QT_TR_NOOP("Customer"),
    "day": QT_TR_NOOP("Day"),
    "days": QT_TR_NOOP("Working days"),
    "decided_by": QT_TR_NOOP("Answer taken by"),
    "delivered": QT_TR_NOOP("Delivered"),
    "detail": QT_TR_NOOP("Detail"),
    "device": QT_TR_NOOP("Device"),
    "discount_reason": QT_TR_NOOP("Reason for the discount"),
    "document": QT_TR_NOOP("Document"),
    "expected_on": QT_TR_NOOP("Expected back"),
    "from_status": QT_TR_NOOP("Status before"),
    "has_proof": QT_TR_NOOP("Proof of purchase"),
    "item_id": QT_TR_NOOP("Product"),
    "last_seq": QT_TR_NOOP("Number"),
    "lines": QT_TR_NOOP("Fee lines"),
    "location": QT_TR_NOOP("Location"),
    "location_kind": QT_TR_NOOP("Location"),
    "manufacturer_amount": QT_TR_NOOP("Manufacturer pays"),
    "moved_at": QT_TR_NOOP("Moved"),
    "phones": QT_TR_NOOP("Phone"),
    "price": QT_TR_NOOP("Unit cost"),
    "promised_date": QT_TR_NOOP("Promised date"),
    "qty_after": QT_TR_NOOP("Quantity after"),
    "qty_before": QT_TR_NOOP("Quantity before"),
    "received_by": QT_TR_NOOP("Operator"),
    "received_on": QT_TR_NOOP("Intake date"),
    "recipient": QT_TR_NOOP("Recipient"),
    "regions": QT_TR_NOOP("Region"),
    "remarks": QT_TR_NOOP("Remarks"),
    "removed_to": QT_TR_NOOP("Old part goes to"),
    "repair_warranty_days": QT_TR_NOOP("Repair warranty days"),
    "reversal_of": QT_TR_NOOP("Settlement"),
    "serial": QT_TR_NOOP("Serial number"),
    "shop_amount": QT_TR_NOOP("Shop pays"),
    "start": QT_TR_NOOP("Start day"),
    "to_status": QT_TR_NOOP("Status after"),
    "to_warehouse": QT_TR_NOOP("Target warehouse"),
    "today": QT_TR_NOOP("Today"),
    "updated_at": QT_TR_NOOP("Changed"),
    "value_after": QT_TR_NOOP("Value after"),
    "value_before": QT_TR_NOOP("Value before"),
    "value_change": QT_TR_NOOP("Value change"),
    "visit": QT_TR_NOOP("Visit"),
    "warehouse": QT_TR_NOOP("Warehouse"),
    "warranty_override_reason": QT_TR_NOOP("Reason for the warranty class"),
}
FIELD_LABELS: dict[str, str] = {**CHANGE_LOG_FIELD_LABELS, **_REFUSAL_FIELD_LABELS}
# the fields the stocktake functions name (revision 0017); kept apart so that the stock
# modules' own additions above cannot clash with them
for _field, _label in {
    "stocktake": QT_TR_NOOP("Stocktake sheet"),
    "warehouse": QT_TR_NOOP("Warehouse"),
    "category": QT_TR_NOOP("Category"),
    "item": QT_TR_NOOP("Product"),
    "counted": QT_TR_NOOP("Counted"),
    "book_qty": QT_TR_NOOP("Book quantity"),
    "decision": QT_TR_NOOP("Decision"),
    "line": QT_TR_NOOP("Line"),
    "n": QT_TR_NOOP("Line"),
    "add": QT_TR_NOOP("Add to the count"),
    "counted_qty": QT_TR_NOOP("Counted"),
    "moved_qty": QT_TR_NOOP("Moved during the count"),
    "adjustment": QT_TR_NOOP("Adjustment"),
    "opened_at": QT_TR_NOOP("Opened"),
    "opened_by": QT_TR_NOOP("Opened by"),
    "counted_at": QT_TR_NOOP("Counted at"),
    "counted_by": QT_TR_NOOP("Counted by"),
    "decided_at": QT_TR_NOOP("Decided at"),
    "decided_by": QT_TR_NOOP("Decided by"),
    "posted_by": QT_TR_NOOP("Posted by"),
    "cancelled_by": QT_TR_NOOP("Cancelled by"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields the inquiry functions name (revision 0021)
for _field, _label in {
    "topic": QT_TR_NOOP("Topic"),
    "question": QT_TR_NOOP("Question"),
    "answer": QT_TR_NOOP("Answer"),
    "answered_by": QT_TR_NOOP("Answered by"),
    "inquiry_id": QT_TR_NOOP("Inquiry"),
    "kinds": QT_TR_NOOP("Kind"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields the dispatch functions name (revision 0018)
for _field, _label in {
    "visit_start": QT_TR_NOOP("Appointment from"),
    "visit_end": QT_TR_NOOP("Appointment until"),
    "work_types": QT_TR_NOOP("Work types"),
    "override_reason": QT_TR_NOOP("Reason for the exception"),
    "job": QT_TR_NOOP("Job"),
    "job_id": QT_TR_NOOP("Job"),
    "signed_at": QT_TR_NOOP("Signed"),
    "days_late": QT_TR_NOOP("Days late"),
    "action": QT_TR_NOOP("Action taken"),
    "added_at": QT_TR_NOOP("Added"),
    "added_by": QT_TR_NOOP("Added by"),
    "assigned_at": QT_TR_NOOP("Assigned", "time"),
    "assigned_by": QT_TR_NOOP("Assigned by"),
    "assignee_kind": QT_TR_NOOP("Technician or outlet"),
    "caption": QT_TR_NOOP("Caption"),
    "fault_cause": QT_TR_NOOP("Fault cause"),
    "finished_at": QT_TR_NOOP("Finished", "time"),
    "hours": QT_TR_NOOP("Hours"),
    "mime": QT_TR_NOOP("Image type"),
    "reported_at": QT_TR_NOOP("Reported"),
    "reported_by": QT_TR_NOOP("Reported by"),
    "result": QT_TR_NOOP("Result"),
    "review_note": QT_TR_NOOP("Review note"),
    "reviewed_at": QT_TR_NOOP("Reviewed", "time"),
    "reviewed_by": QT_TR_NOOP("Reviewed by"),
    "started_at": QT_TR_NOOP("Started", "time"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields the complaint functions name (revision 0021)
for _field, _label in {
    "complaint_id": QT_TR_NOOP("Complaint"),
    "summary": QT_TR_NOOP("Complaint"),
    "details": QT_TR_NOOP("Details"),
    "severity": QT_TR_NOOP("Severity"),
    "owner": QT_TR_NOOP("Handled by"),
    "resolution": QT_TR_NOOP("Resolution"),
    "customer_accepted": QT_TR_NOOP("Customer accepts"),
    "task_id": QT_TR_NOOP("Callback task"),
    "survey_id": QT_TR_NOOP("Survey"),
    "view": QT_TR_NOOP("View"),
    "search": QT_TR_NOOP("Search"),
    "offset": QT_TR_NOOP("Page"),
    "limit": QT_TR_NOOP("Rows per page"),
    "deadline_at": QT_TR_NOOP("Deadline"),
    "escalation_level": QT_TR_NOOP("Escalation level"),
    "escalated_at": QT_TR_NOOP("Escalated", "time"),
    "paused_since": QT_TR_NOOP("Waiting for the customer since"),
    "paused_seconds": QT_TR_NOOP("Seconds waited for the customer"),
    "resolved_at": QT_TR_NOOP("Resolved", "time"),
    "resolved_by": QT_TR_NOOP("Resolved by"),
    "closed_at": QT_TR_NOOP("Closed", "time"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields a dealer's list names (revision 0021)
for _field, _label in {
    "dealer": QT_TR_NOOP("Dealer"),
    "region": QT_TR_NOOP("Region"),
    "due_on": QT_TR_NOOP("Call on"),
    "file_name": QT_TR_NOOP("File name"),
    "rows": QT_TR_NOOP("Rows"),
    "row": QT_TR_NOOP("Row"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields of callback tasks and surveys (revision 0021)
for _field, _label in {
    "round": QT_TR_NOOP("Callback round"),
    "delay_days": QT_TR_NOOP("Days after the work"),
    "window_days": QT_TR_NOOP("Days to call"),
    "answers": QT_TR_NOOP("Answers"),
    "answer": QT_TR_NOOP("Answer"),
    "score": QT_TR_NOOP("Score"),
    "dealer": QT_TR_NOOP("Dealer"),
    "outcome": QT_TR_NOOP("Outcome"),
    "last_outcome": QT_TR_NOOP("Last call's outcome"),
    "closed_at": QT_TR_NOOP("Closed", "time"),
    "closed_by": QT_TR_NOOP("Closed by"),
    "dimension": QT_TR_NOOP("Counts towards"),
    "technician_operator": QT_TR_NOOP("Technician's login"),
    "recorded_at": QT_TR_NOOP("Recorded", "time"),
    "recorded_by": QT_TR_NOOP("Recorded by"),
    "usage": QT_TR_NOOP("How the product is used"),
    "suggestion": QT_TR_NOOP("Suggestion"),
    "due_on": QT_TR_NOOP("Due"),
    "expires_on": QT_TR_NOOP("Call until"),
    "call_back_at": QT_TR_NOOP("Call back at"),
    "last_attempt_at": QT_TR_NOOP("Last called", "time"),
    "frozen_at": QT_TR_NOOP("Answers frozen from"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields of commission months, shares and lines (revision 0022, cm-lines)
for _field, _label in {
    "month": QT_TR_NOOP("Month"),
    "period": QT_TR_NOOP("Month"),
    "run_at": QT_TR_NOOP("Calculated"),
    "run_by": QT_TR_NOOP("Calculated by"),
    "shares": QT_TR_NOOP("Shares"),
    "share": QT_TR_NOOP("Share (%)"),
    "origin": QT_TR_NOOP("Made by"),
    "source_key": QT_TR_NOOP("Source"),
    "rule_kind": QT_TR_NOOP("Calculated as"),
    "base": QT_TR_NOOP("Base"),
    "rate": QT_TR_NOOP("Rate (%)"),
    "grade_factor": QT_TR_NOOP("Grade factor"),
    "hours_kind": QT_TR_NOOP("Hours kind"),
    "repair_hours": QT_TR_NOOP("Repair hours"),
    "other_hours": QT_TR_NOOP("Other hours"),
    "basic_hours": QT_TR_NOOP("Basic hours"),
    "rated_hours": QT_TR_NOOP("Rated hours"),
    "line_id": QT_TR_NOOP("Commission line"),
    "approve": QT_TR_NOOP("Approve"),
    "note": QT_TR_NOOP("Note"),
    "decision_note": QT_TR_NOOP("Decision note"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields of technicians' pay rules (revision 0022, cm-rules)
for _field, _label in {
    "valid_from": QT_TR_NOOP("Valid from"),
    "valid_to": QT_TR_NOOP("Valid until"),
    "rate": QT_TR_NOOP("Rate (%)"),
    "grade": QT_TR_NOOP("Technical grade"),
    "factor": QT_TR_NOOP("Multiplier"),
    "threshold": QT_TR_NOOP("Score threshold"),
    "auto": QT_TR_NOOP("Applies automatically"),
    "hours_kind": QT_TR_NOOP("Hours kind"),
    "scheme": QT_TR_NOOP("Pay scheme"),
    "basic_hours": QT_TR_NOOP("Basic hours"),
    "rated_hours": QT_TR_NOOP("Rated hours"),
    "other_weight": QT_TR_NOOP("Weight of other hours"),
    "rate_above_rated": QT_TR_NOOP("Pay per hour above the rated hours"),
    "rate_basic_to_rated": QT_TR_NOOP("Pay per hour from basic to rated hours"),
    "supervisor_factor": QT_TR_NOOP("Supervisor's multiplier"),
    "supervisor_threshold": QT_TR_NOOP("Department's hours needed (%)"),
    "note": QT_TR_NOOP("Note"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
# the fields of commission statements and the month's functions (0022, cm-month)
for _field, _label in {
    "payee_code": QT_TR_NOOP("Payee code"),
    "payee_name": QT_TR_NOOP("Payee"),
    "payee_kind": QT_TR_NOOP("Payee kind"),
    "scheme": QT_TR_NOOP("Pay scheme"),
    "commissions": QT_TR_NOOP("Commissions"),
    "hours_pay": QT_TR_NOOP("Hours pay"),
    "rewards": QT_TR_NOOP("Rewards"),
    "penalties": QT_TR_NOOP("Penalties"),
    "deductions": QT_TR_NOOP("Deductions"),
    "adjustments": QT_TR_NOOP("Adjustments"),
    "total": QT_TR_NOOP("Total pay"),
    "computed_at": QT_TR_NOOP("Calculated"),
    "confirmed_at": QT_TR_NOOP("Confirmed"),
    "confirmed_by": QT_TR_NOOP("Confirmed by"),
    "statement_id": QT_TR_NOOP("Statement"),
    "part": QT_TR_NOOP("Part"),
    "action": QT_TR_NOOP("Action"),
    "read": QT_TR_NOOP("Read"),
    "order": QT_TR_NOOP("Order"),
}.items():
    FIELD_LABELS.setdefault(_field, _label)
del _field, _label


@dataclass(frozen=True)
class ConstraintRule:
    """The field a constraint guards and the refusal it shows."""

    field: str
    code: str
    arguments: tuple[tuple[str, Any], ...] = ()
    # UNIQUE on one column the operator types (a code, a barcode): the message may repeat
    # the key the operator just typed; nothing else of the row is ever shown
    echo_key: bool = False


def _rule(field: str, code: str, **arguments: Any) -> ConstraintRule:
    return ConstraintRule(field, code, tuple(arguments.items()))


def required(field: str) -> ConstraintRule:
    return _rule(field, "field_required")


def too_long(field: str, limit: int) -> ConstraintRule:
    return _rule(field, "field_too_long", max=limit)


def required_short(field: str, limit: int) -> ConstraintRule:
    return _rule(field, "field_required_short", max=limit)


def not_negative(field: str) -> ConstraintRule:
    return _rule(field, "field_negative")


def positive(field: str) -> ConstraintRule:
    return _rule(field, "field_not_positive")


def between(field: str, low: int, high: int) -> ConstraintRule:
    return _rule(field, "field_out_of_range", min=low, max=high)


def choice(field: str) -> ConstraintRule:
    return _rule(field, "field_choice_invalid")


def code_format(field: str, low: int, high: int) -> ConstraintRule:
    return _rule(field, "field_code_format", min=low, max=high)


def taken(field: str) -> ConstraintRule:
    return ConstraintRule(field, "field_taken", echo_key=True)


def taken_here(field: str) -> ConstraintRule:
    return _rule(field, "field_taken_here")


def twice(field: str) -> ConstraintRule:
    return _rule(field, "field_listed_twice")


def reference(field: str) -> ConstraintRule:
    """A foreign key: a child naming a missing parent, or a parent still in use (the
    translator tells the two apart from the tables involved)."""
    return _rule(field, "reference_missing")


def refusal(field: str, code: str, **arguments: Any) -> ConstraintRule:
    return _rule(field, code, **arguments)


INCONSISTENT = _rule("", "record_inconsistent")
RECORDED = _rule("", "already_recorded")
PHONE_FORMAT = _rule("phone", "field_phone_format")

CONSTRAINTS: dict[str, ConstraintRule] = {
    # capabilities, templates, operators (0001, 0002)
    "capability_pkey": RECORDED, "capability_role_name_key": RECORDED,
    "position_template_pkey": RECORDED, "position_template_code_check": code_format("code", 2, 30),
    "template_capability_pkey": twice("capabilities"),
    "template_capability_capability_fkey": reference("capabilities"),
    "template_capability_template_fkey": reference("template"),
    "operator_pkey": taken("code"),
    "operator_code_check": refusal("code", "operator_code_invalid"),
    "operator_name_check": refusal("name", "operator_name_required"),
    "operator_template_fkey": refusal("template", "template_unknown"),
    "operator_capability_pkey": twice("capabilities"),
    "operator_capability_capability_fkey": reference("capabilities"),
    "operator_capability_operator_fkey": reference("operator"),
    # customers, phones, items (0002, 0005)
    "customer_pkey": RECORDED, "customer_code_key": taken("code"),
    "customer_name_check": required("name"),
    "customer_grade_fkey": reference("grade"), "customer_region_id_fkey": reference("region_id"),
    "customer_grade_pkey": taken("code"), "customer_grade_code_check": code_format("code", 2, 30),
    "customer_phone_pkey": RECORDED,
    "customer_phone_customer_id_fkey": reference("customer"),
    "customer_phone_phone_check": _rule("phones", "field_phone_format"),
    "customer_phone_unique_idx": twice("phones"),
    "customer_primary_phone_idx": refusal("phones", "primary_phone_twice"),
    "item_pkey": RECORDED, "item_code_key": taken("code"), "item_barcode_key": taken("barcode"),
    "item_name_check": required("name"), "item_sale_price_check": not_negative("sale_price"),
    "item_category_id_fkey": reference("category_id"),
    "item_default_warranty_months_check": between("default_warranty_months", 0, 120),
    "item_kind_check": choice("kind"), "item_min_stock_check": not_negative("min_stock"),
    "item_cost_pkey": RECORDED, "item_cost_cost_price_check": not_negative("cost_price"),
    "item_cost_item_id_fkey": reference("item_id"),
    "item_category_pkey": RECORDED, "item_category_check": refusal("parent_id", "tree_self"),
    "item_category_name_check": required("name"),
    "item_category_parent_id_fkey": refusal("parent_id", "tree_parent_missing"),
    "item_category_name_idx": taken_here("name"),
    # staff, regions, outlets (0005)
    "department_pkey": RECORDED, "department_check": refusal("parent_id", "tree_self"),
    "department_name_check": required("name"),
    "department_parent_id_fkey": refusal("parent_id", "tree_parent_missing"),
    "staff_position_pkey": RECORDED,
    "staff_position_department_id_fkey": reference("department_id"),
    "staff_position_department_id_name_key": taken_here("name"),
    "staff_position_name_check": required("name"),
    "region_pkey": RECORDED, "region_check": refusal("parent_id", "tree_self"),
    "region_level_check": choice("level"), "region_name_check": required("name"),
    "region_parent_id_fkey": refusal("parent_id", "tree_parent_missing"),
    "region_name_idx": taken_here("name"),
    "employee_pkey": RECORDED, "employee_code_check": refusal("code", "code_required"),
    "employee_code_key": taken("code"), "employee_name_check": required("name"),
    "employee_department_id_fkey": reference("department_id"),
    "employee_operator_code_fkey": reference("operator_code"),
    "employee_operator_code_key": taken("operator_code"),
    "employee_phone_check": PHONE_FORMAT,
    "employee_position_id_fkey": reference("position_id"),
    "employee_region_pkey": twice("regions"),
    "employee_region_employee_id_fkey": reference("employee_id"),
    "employee_region_region_id_fkey": reference("regions"),
    "employee_wage_pkey": RECORDED, "employee_wage_employee_id_fkey": reference("employee_id"),
    "employee_wage_post_wage_check": not_negative("post_wage"),
    "service_outlet_pkey": RECORDED, "service_outlet_code_check": refusal("code", "code_required"),
    "service_outlet_code_key": taken("code"), "service_outlet_name_check": required("name"),
    "service_outlet_phone_check": PHONE_FORMAT,
    "service_outlet_region_id_fkey": reference("region_id"),
    # devices, warehouses, services, dictionaries (0005)
    "device_pkey": RECORDED, "device_customer_id_fkey": reference("customer"),
    "device_item_id_fkey": reference("item_id"),
    "device_warranty_months_check": refusal("warranty_months", "warranty_months_invalid",
                                            max=120),
    "warehouse_type_pkey": taken("code"), "warehouse_type_code_check": code_format("code", 2, 30),
    "warehouse_pkey": RECORDED, "warehouse_code_check": refusal("code", "code_required"),
    "warehouse_code_key": taken("code"), "warehouse_name_check": required("name"),
    "warehouse_keeper_id_fkey": reference("keeper_id"), "warehouse_type_fkey": reference("type"),
    "service_mode_pkey": taken("code"), "service_mode_code_check": code_format("code", 2, 30),
    "work_type_pkey": RECORDED, "work_type_code_check": refusal("code", "code_required"),
    "work_type_code_key": taken("code"), "work_type_name_check": required("name"),
    "work_type_labour_fee_check": not_negative("labour_fee"),
    "work_type_standard_hours_check": not_negative("standard_hours"),
    "work_type_repair_warranty_days_check": between("repair_warranty_days", 0, 3650),
    "reward_penalty_item_pkey": RECORDED,
    "reward_penalty_item_code_check": refusal("code", "code_required"),
    "reward_penalty_item_code_key": taken("code"),
    "reward_penalty_item_name_check": required("name"),
    "overdue_rule_pkey": RECORDED, "overdue_rule_name_check": required("name"),
    "overdue_rule_amount_per_day_check": not_negative("amount_per_day"),
    "overdue_rule_grace_days_check": between("grace_days", 0, 365),
    "dictionary_entry_pkey": RECORDED, "dictionary_entry_kind_value_key": taken("value"),
    "dictionary_entry_merged_into_fkey": reference("merged_into"),
    "dictionary_entry_value_check": required("value"),
    "dictionary_entry_value_spelling": refusal("value", "field_spelling"),
    "dictionary_kind_check": choice("kind"),
    # shop settings (0008)
    "shop_setting_pkey": taken("key"), "shop_setting_key_check": code_format("key", 2, 40),
    "work_calendar_pkey": RECORDED,
    "notice_template_pkey": RECORDED, "notice_template_kind_check": choice("kind"),
    "notice_template_body_check": required("body"),
    "notice_channel_pkey": RECORDED, "notice_channel_channel_check": choice("channel"),
    "ticket_counter_pkey": RECORDED, "ticket_counter_last_seq_check": INCONSISTENT,
    # the ticket tally (revision 0013): written by its trigger only
    "ticket_tally_pkey": INCONSISTENT, "ticket_tally_change_pkey": INCONSISTENT,
    "ticket_tally_change_tickets_check": INCONSISTENT,
    # the callback statistics' monthly rollups (revision 0021): written by triggers only
    "satisfaction_month_key": INCONSISTENT, "callback_task_month_key": INCONSISTENT,
    "complaint_month_key": INCONSISTENT,
    "satisfaction_month_first_day": INCONSISTENT, "satisfaction_month_counts": INCONSISTENT,
    "satisfaction_month_service_mode_length": INCONSISTENT,
    "satisfaction_month_technician_id_fkey": INCONSISTENT,
    "satisfaction_month_service_mode_fkey": INCONSISTENT,
    "satisfaction_month_question_id_fkey": INCONSISTENT,
    "callback_task_month_first_day": INCONSISTENT,
    "callback_task_month_tasks": INCONSISTENT,
    "callback_task_month_state_length": INCONSISTENT,
    "callback_task_month_service_mode_length": INCONSISTENT,
    "callback_task_month_technician_id_fkey": INCONSISTENT,
    "callback_task_month_service_mode_fkey": INCONSISTENT,
    "complaint_month_first_day": INCONSISTENT, "complaint_month_counts": INCONSISTENT,
    "complaint_month_resolve_seconds_finite": INCONSISTENT,
    "complaint_month_resolve_seconds_not_negative": INCONSISTENT,
    "complaint_month_service_mode_length": INCONSISTENT,
    "complaint_month_technician_id_fkey": INCONSISTENT,
    "complaint_month_service_mode_fkey": INCONSISTENT,
    "ticket_counter_prefix_check": INCONSISTENT,
    # tickets (0008)
    "ticket_pkey": RECORDED, "ticket_number_key": RECORDED, "ticket_operation_id_key": RECORDED,
    "ticket_fault_check": refusal("fault", "fault_required"),
    "ticket_check": refusal("promised_date", "promised_before_intake"),
    "ticket_check1": refusal("address", "on_site_incomplete"),
    "ticket_check2": INCONSISTENT, "ticket_check3": INCONSISTENT,
    "ticket_customer_id_fkey": refusal("customer", "customer_missing"),
    "ticket_device_id_fkey": refusal("device", "device_missing"),
    "ticket_quote_state_check": INCONSISTENT,
    "ticket_received_by_fkey": INCONSISTENT,
    "ticket_region_id_fkey": reference("region_id"),
    "ticket_rework_of_fkey": INCONSISTENT,
    "ticket_service_mode_fkey": reference("service_mode"),
    "ticket_status_check": INCONSISTENT,
    "ticket_technician_id_fkey": reference("technician_id"),
    "ticket_visit_check": refusal("visit", "visit_invalid"),
    "ticket_warranty_class_check": refusal("warranty_class", "warranty_class_invalid"),
    "ticket_work_type_id_fkey": reference("work_type_id"),
    "ticket_transition_pkey": RECORDED,
    "ticket_status_pkey": RECORDED, "ticket_status_ticket_id_fkey": INCONSISTENT,
    "ticket_location_pkey": RECORDED,
    "ticket_location_check": refusal("location", "location_incomplete"),
    "ticket_location_check1": refusal("location", "location_incomplete"),
    "ticket_location_check2": refusal("location", "location_incomplete"),
    "ticket_location_check3": refusal("location", "location_incomplete"),
    "ticket_location_check4": refusal("expected_on", "expected_before_sent"),
    "ticket_location_kind_check": refusal("location", "location_incomplete"),
    "ticket_location_employee_id_fkey": reference("employee_id"),
    "ticket_location_outlet_id_fkey": reference("outlet_id"),
    "ticket_location_ticket_id_fkey": INCONSISTENT,
    "ticket_location_warehouse_id_fkey": reference("warehouse_id"),
    "ticket_quote_pkey": RECORDED,
    "ticket_quote_channel_check": refusal("channel", "quote_channel_invalid"),
    "ticket_quote_check": refusal("decided_on", "decision_date_invalid"),
    "ticket_quote_labour_amount_check": refusal("labour_amount", "negative_fee"),
    "ticket_quote_other_amount_check": refusal("other_amount", "negative_fee"),
    "ticket_quote_parts_amount_check": refusal("parts_amount", "negative_fee"),
    "ticket_quote_state_check1": INCONSISTENT, "ticket_quote_ticket_id_fkey": INCONSISTENT,
    # pre-orders and notices (0008)
    "part_preorder_pkey": RECORDED, "part_preorder_number_key": RECORDED,
    "part_preorder_operation_id_key": RECORDED,
    "part_preorder_arrival_source_check": INCONSISTENT,
    "part_preorder_check": refusal("deposit", "deposit_above_total"),
    "part_preorder_check1": INCONSISTENT, "part_preorder_check2": INCONSISTENT,
    "part_preorder_customer_id_fkey": refusal("customer", "customer_missing"),
    "part_preorder_deposit_check": not_negative("deposit"),
    "part_preorder_item_id_fkey": reference("item_id"),
    "part_preorder_paid_check": not_negative("paid"),
    "part_preorder_part_name_check": refusal("part_name", "part_required"),
    "part_preorder_quantity_check": refusal("quantity", "quantity_invalid"),
    "part_preorder_state_check": INCONSISTENT,
    "part_preorder_ticket_id_fkey": refusal("", "ticket_missing"),
    "part_preorder_unit_price_check": not_negative("unit_price"),
    "customer_notice_pkey": RECORDED,
    "customer_notice_channel_check": refusal("channel", "channel_invalid"),
    "customer_notice_check": refusal("", "notice_target_missing"),
    "customer_notice_check1": INCONSISTENT,
    "customer_notice_kind_check": refusal("kind", "notice_kind_invalid"),
    "customer_notice_preorder_id_fkey": refusal("", "preorder_missing"),
    "customer_notice_status_check": INCONSISTENT,
    "customer_notice_ticket_id_fkey": refusal("", "ticket_missing"),
    # settlements (0008)
    "settlement_pkey": RECORDED, "settlement_number_key": RECORDED,
    "settlement_operation_id_key": RECORDED, "settlement_reversal_of_key": RECORDED,
    "settlement_active_idx": RECORDED,  # settled meanwhile by another counter
    "settlement_check": INCONSISTENT, "settlement_check1": INCONSISTENT,
    "settlement_check2": INCONSISTENT, "settlement_kind_check": INCONSISTENT,
    "settlement_payment_method_check": refusal("payment_method", "payment_method_invalid"),
    "settlement_reversal_of_fkey": INCONSISTENT,
    "settlement_ticket_id_fkey": refusal("", "ticket_missing"),
    "settlement_line_pkey": RECORDED,
    "settlement_line_billed_to_check": choice("billed_to"),
    "settlement_line_description_check": required("description"),
    "settlement_line_item_id_fkey": reference("item_id"),
    "settlement_line_kind_check": choice("kind"),
    "settlement_line_settlement_id_fkey": INCONSISTENT,
    "settlement_line_settlement_id_line_no_key": INCONSISTENT,
    "settlement_line_unit_price_check": not_negative("unit_price"),
    "settlement_line_work_type_id_fkey": reference("work_type_id"),
    # stock (0015): written only by the stock functions, which check first; the ledger's
    # and the balances' invariants hold whatever is sent
    "stock_counter_pkey": RECORDED, "stock_counter_prefix_check": INCONSISTENT,
    "stock_counter_year_check": INCONSISTENT, "stock_counter_last_seq_check": INCONSISTENT,
    "stock_document_pkey": RECORDED, "stock_document_number_key": RECORDED,
    "stock_document_operation_id_key": RECORDED,
    "stock_document_warehouse_id_fkey": reference("warehouse"),
    "stock_document_to_warehouse_id_fkey": reference("to_warehouse"),
    "stock_document_reversal_of_key": RECORDED, "stock_document_reversal_of_fkey": INCONSISTENT,
    "stock_document_replaced_by_key": RECORDED,
    "stock_document_replaced_by_fkey": INCONSISTENT,
    "stock_document_posted_check": INCONSISTENT, "stock_document_cancelled_check": INCONSISTENT,
    "stock_document_target_check": refusal("to_warehouse", "stock_target_same"),
    "stock_document_line_pkey": RECORDED,
    "stock_document_line_document_id_fkey": INCONSISTENT,
    "stock_document_line_item_id_fkey": reference("code"),
    "stock_document_line_document_id_line_no_key": INCONSISTENT,
    "stock_document_line_quantity_check": refusal("quantity", "quantity_invalid"),
    "stock_document_line_unit_cost_check": not_negative("price"),
    "stock_document_line_amount_check": not_negative("amount"),
    "stock_move_pkey": RECORDED, "stock_move_item_id_fkey": INCONSISTENT,
    "stock_move_warehouse_id_fkey": INCONSISTENT, "stock_move_document_id_fkey": INCONSISTENT,
    "stock_move_document_line_id_fkey": INCONSISTENT, "stock_move_ticket_id_fkey": INCONSISTENT,
    "stock_move_reverses_move_id_fkey": INCONSISTENT,
    "stock_move_quantity_check": INCONSISTENT, "stock_move_qty_before_check": INCONSISTENT,
    "stock_move_qty_after_check": INCONSISTENT, "stock_move_unit_cost_check": INCONSISTENT,
    "stock_move_avg_before_check": INCONSISTENT, "stock_move_avg_after_check": INCONSISTENT,
    "stock_move_value_before_check": INCONSISTENT,
    "stock_move_value_after_check": INCONSISTENT, "stock_move_chain_check": INCONSISTENT,
    "stock_move_empty_check": INCONSISTENT,
    "stock_balance_pkey": RECORDED, "stock_balance_item_id_fkey": INCONSISTENT,
    "stock_balance_warehouse_id_fkey": INCONSISTENT,
    "stock_balance_last_move_id_fkey": INCONSISTENT,
    "stock_balance_quantity_check": INCONSISTENT, "stock_balance_unit_cost_check": INCONSISTENT,
    "stock_balance_value_check": INCONSISTENT, "stock_balance_empty_check": INCONSISTENT,
    # requisitions and serials (0016): app.requisition_save checks first, these are the
    # last word
    "requisition_pkey": RECORDED, "requisition_number_key": RECORDED,
    "requisition_ticket_id_fkey": refusal("", "ticket_missing"),
    "requisition_operation_pkey": RECORDED,
    "requisition_operation_ticket_id_fkey": refusal("", "ticket_missing"),
    "requisition_line_pkey": RECORDED,
    "requisition_line_ticket_id_fkey": refusal("", "ticket_missing"),
    "requisition_line_item_id_fkey": reference("item_id"),
    "requisition_line_warehouse_id_fkey": reference("warehouse"),
    "requisition_line_removed_to_warehouse_id_fkey": reference("removed_to"),
    "requisition_line_return_of_fkey": INCONSISTENT,
    "requisition_line_billed_to_check": choice("billed_to"),
    "requisition_line_kind_check": choice("kind"),
    "requisition_line_state_check": INCONSISTENT,
    "requisition_line_quantity_check": positive("quantity"),
    "requisition_line_unit_price_check": not_negative("unit_price"),
    "requisition_line_return_of": INCONSISTENT,
    "requisition_line_removed_to": INCONSISTENT,
    "requisition_line_serial_one": INCONSISTENT,
    "requisition_line_removed_serial_where": INCONSISTENT,
    "stock_move_requisition_line_fkey": INCONSISTENT,
    "stock_serial_pkey": RECORDED,
    "stock_serial_one_place": INCONSISTENT,
    "stock_serial_serial_check": required("serial"),
    "stock_serial_item_id_fkey": reference("item_id"),
    "stock_serial_ticket_id_fkey": refusal("", "ticket_missing"),
    "stock_serial_warehouse_id_fkey": reference("warehouse"),
    # stocktake sheets (0017)
    "stocktake_pkey": RECORDED, "stocktake_number_key": RECORDED,
    "stocktake_operation_id_key": RECORDED, "stocktake_post_operation_id_key": RECORDED,
    "stocktake_one_open_idx": RECORDED,  # opened by another clerk just now
    "stocktake_warehouse_id_fkey": reference("warehouse"),
    "stocktake_category_id_fkey": reference("category"),
    "stocktake_opened_move_id_check": INCONSISTENT,
    "stocktake_line_pkey": RECORDED, "stocktake_line_stocktake_id_fkey": INCONSISTENT,
    "stocktake_line_stocktake_id_item_id_key": twice("item"),
    "stocktake_line_stocktake_id_line_no_key": INCONSISTENT,
    "stocktake_line_line_no_check": INCONSISTENT,
    "stocktake_line_opened_move_id_check": INCONSISTENT,
    "stocktake_line_item_id_fkey": reference("item"),
    "stocktake_line_document_id_fkey": INCONSISTENT,
    "stock_move_stocktake_line_id_fkey": INCONSISTENT,
    # dispatch (0018): only the dispatch and job functions write these tables, and they
    # check first; the constraints are the last word (two dispatchers at once)
    "employee_work_type_pkey": twice("work_types"),
    "employee_work_type_employee_id_fkey": reference("employee_id"),
    "employee_work_type_work_type_id_fkey": reference("work_types"),
    "job_pkey": RECORDED, "job_active_idx": RECORDED,  # assigned by another just now
    "job_ticket_id_fkey": refusal("", "ticket_missing"),
    "job_technician_id_fkey": reference("technician_id"),
    "job_outlet_id_fkey": reference("outlet_id"),
    "job_work_type_id_fkey": reference("work_type_id"),
    "job_technician_assignee": INCONSISTENT, "job_outlet_assignee": INCONSISTENT,
    "job_finished_report": INCONSISTENT, "job_reviewed_at": INCONSISTENT,
    "job_signed_at": required("signed_at"),
    "job_days_late_check": between("days_late", 0, 3650),
    "job_work_type_pkey": twice("work_types"),
    "job_work_type_job_id_fkey": INCONSISTENT,
    "job_work_type_work_type_id_fkey": reference("work_types"),
    "job_photo_pkey": RECORDED, "job_photo_job_id_fkey": INCONSISTENT,
    "job_photo_content_size": INCONSISTENT,
    "visit_pkey": RECORDED, "visit_planned_idx": RECORDED,
    "visit_job_id_fkey": INCONSISTENT,
    "visit_ticket_id_fkey": refusal("", "ticket_missing"),
    "visit_technician_id_fkey": reference("technician_id"),
    "visit_during_range": refusal("visit_end", "visit_range", hours=24),
    "visit_blocked_range": INCONSISTENT,
    "visit_no_double_booking": refusal("visit_start", "visit_booked"),
    "job_event_pkey": RECORDED, "job_event_job_id_fkey": INCONSISTENT,
    "job_event_ticket_id_fkey": INCONSISTENT,
    "job_event_technician_id_fkey": reference("technician_id"),
    "job_event_outlet_id_fkey": reference("outlet_id"),
    # complaints (0021): only the complaint functions write them, checking first
    "complaint_pkey": RECORDED, "complaint_number_key": RECORDED,
    "complaint_survey_id_key": RECORDED,  # the survey's complaint was opened just now
    "complaint_customer_id_fkey": reference("customer_id"),
    "complaint_ticket_id_fkey": reference("ticket_id"),
    "complaint_technician_id_fkey": reference("technician_id"),
    "complaint_survey_id_fkey": INCONSISTENT,  # only the survey's own call names it
    "complaint_task_id_fkey": reference("task_id"),
    "complaint_owner_fkey": reference("owner"),
    "complaint_summary_required": refusal("summary", "complaint_summary_required"),
    "complaint_escalation_level_check": between("escalation_level", 0, 3),
    "complaint_paused_seconds_check": not_negative("paused_seconds"),
    "complaint_paused": INCONSISTENT,
    "complaint_resolved": refusal("resolution", "complaint_resolution_required"),
    "complaint_closed": refusal("customer_accepted", "complaint_acceptance_required"),
    "complaint_survey_source": INCONSISTENT,
    "complaint_event_pkey": RECORDED, "complaint_event_complaint_id_fkey": INCONSISTENT,
    "complaint_event_level_check": between("level", 0, 3),
    # callback tasks and surveys (0021): the rules are the masterdata page's; tasks,
    # attempts and surveys are written by their functions, which check first
    "callback_rule_pkey": twice("round"),
    "callback_rule_service_mode_fkey": reference("service_mode"),
    "callback_rule_round_check": between("round", 1, 9),
    "callback_rule_delay_days_check": between("delay_days", 0, 365),
    "callback_rule_window_days_check": between("window_days", 1, 365),
    "callback_task_pkey": RECORDED, "callback_task_ticket_round_idx": RECORDED,
    "callback_task_ticket_id_fkey": refusal("", "ticket_missing"),
    "callback_task_job_id_fkey": INCONSISTENT,
    "callback_task_customer_id_fkey": reference("customer"),
    "callback_task_device_id_fkey": reference("device"),
    "callback_task_technician_id_fkey": reference("technician_id"),
    "callback_task_outlet_id_fkey": reference("outlet_id"),
    "callback_task_service_mode_fkey": reference("service_mode"),
    "callback_task_region_id_fkey": reference("region_id"),
    "callback_task_window": INCONSISTENT,
    "callback_task_round_check": between("round", 1, 9),
    "callback_task_attempts_check": INCONSISTENT,
    "callback_task_ticket_source": INCONSISTENT, "callback_task_closed": INCONSISTENT,
    "callback_attempt_pkey": RECORDED, "callback_attempt_task_id_fkey": refusal(
        "", "task_missing"),
    "callback_attempt_call_back": refusal("call_back_at", "call_back_time_required"),
    "survey_question_pkey": RECORDED, "survey_question_code_key": taken("code"),
    "survey_question_code_format": code_format("code", 2, 30),
    "survey_question_label_blank": required("label"),
    "survey_question_sort_order_check": between("sort_order", 0, 9999),
    "survey_pkey": RECORDED, "survey_task_id_fkey": refusal("", "task_missing"),
    "survey_ticket_id_fkey": refusal("", "ticket_missing"),
    "survey_job_id_fkey": INCONSISTENT,
    "survey_technician_id_fkey": reference("technician_id"),
    "survey_customer_id_fkey": reference("customer"),
    "survey_corrects_id_key": refusal("", "survey_corrected"),
    "survey_corrects_id_fkey": refusal("", "survey_missing"),
    "survey_not_own_technician": refusal("", "survey_own_job"),
    "survey_corrects_other": INCONSISTENT, "survey_frozen_after": INCONSISTENT,
    "survey_lowest_score_check": INCONSISTENT,
    "survey_answer_pkey": twice("answers"),
    "survey_answer_survey_id_fkey": refusal("", "survey_missing"),
    "survey_answer_question_id_fkey": reference("answers"),
    "survey_answer_score_check": refusal("score", "survey_score_range"),
    "survey_answer_given": refusal("answers", "survey_incomplete"),
    # inquiries (0021): only app.inquiry_log writes them, and the intake and the pre-order
    # link them (app.inquiry_take checks first; the unique keys are the last word)
    "inquiry_pkey": RECORDED,
    "inquiry_customer_id_fkey": refusal("customer", "customer_missing"),
    "inquiry_ticket_id_key": refusal("inquiry_id", "inquiry_converted"),
    "inquiry_preorder_id_key": refusal("inquiry_id", "inquiry_converted"),
    "inquiry_ticket_id_fkey": INCONSISTENT, "inquiry_preorder_id_fkey": INCONSISTENT,
    "inquiry_question_required": refusal("question", "inquiry_question_required"),
    "inquiry_one_outcome": refusal("inquiry_id", "inquiry_converted"),
    # a dealer's list (0021): only app.callback_import writes them, checking first
    "callback_import_batch_pkey": RECORDED, "callback_import_batch_counts": INCONSISTENT,
    "callback_task_import_batch_id_fkey": INCONSISTENT,
    # commission months, shares and lines (0022, cm-lines): written only by the
    # commission functions, which check first; the constraints are the last word
    "commission_period_pkey": RECORDED, "commission_period_first_day": INCONSISTENT,
    "commission_period_settled": INCONSISTENT,
    "job_share_pkey": twice("shares"), "job_share_job_id_fkey": INCONSISTENT,
    "job_share_employee_id_fkey": reference("shares"),
    "job_share_share_check": refusal("shares", "field_not_positive"),
    "job_share_share_most": between("shares", 0, 100),
    "commission_line_pkey": RECORDED, "commission_line_source_key_key": RECORDED,
    "commission_line_period_fkey": INCONSISTENT,
    "commission_line_employee_id_fkey": reference("employee_id"),
    "commission_line_outlet_id_fkey": reference("outlet_id"),
    "commission_line_reverses_line_id_fkey": INCONSISTENT,
    "commission_line_payee": INCONSISTENT, "commission_line_source_key_blank": INCONSISTENT,
    "commission_line_rule_version_check": INCONSISTENT,
    "commission_line_manual_state": INCONSISTENT, "commission_line_decided": INCONSISTENT,
    **{f"commission_line_{column}_not_negative": INCONSISTENT
       for column in ("quantity", "base", "rate", "grade_factor", "share", "repair_hours",
                      "other_hours", "basic_hours", "rated_hours")},
    # technicians' pay: rules (0022, cm-rules), written by the commission settings page
    # and the staff page through table grants: these are the refusals they show
    "commission_rule_pkey": RECORDED,
    "commission_rule_service_mode_fkey": reference("service_mode"),
    "commission_rule_work_type_id_fkey": reference("work_type_id"),
    "commission_rule_amount_kind": refusal("amount", "rule_amount_or_rate"),
    "commission_rule_rate_kind": refusal("rate", "rule_amount_or_rate"),
    "commission_rule_valid_to_after": refusal("valid_to", "valid_to_before_from"),
    "commission_rule_no_overlap": refusal("valid_from", "commission_rule_overlap"),
    "commission_grade_factor_pkey": taken("grade"),
    "commission_grade_factor_grade_blank": required("grade"),
    "hours_rule_pkey": RECORDED,
    "hours_rule_valid_to_after": refusal("valid_to", "valid_to_before_from"),
    "hours_rule_no_overlap": refusal("valid_from", "hours_rule_overlap"),
    "rework_rule_pkey": RECORDED,
    "rework_rule_amount_kind": refusal("amount", "rule_amount_or_rate"),
    "rework_rule_rate_kind": refusal("rate", "rule_amount_or_rate"),
    "rework_rule_valid_to_after": refusal("valid_to", "valid_to_before_from"),
    "rework_rule_no_overlap": refusal("valid_from", "rework_rule_overlap"),
    "employee_pay_pkey": RECORDED, "employee_pay_employee_id_fkey": reference("employee_id"),
    "employee_pay_rated_below_basic": refusal("rated_hours", "rated_below_basic_hours"),
    "reward_penalty_item_threshold_check": between("threshold", 1, 5),
    "reward_penalty_item_threshold_auto": refusal("threshold", "auto_threshold_required"),
    "overdue_rule_service_mode_fkey": reference("service_mode"),
    "overdue_rule_active_mode_idx": refusal("service_mode", "overdue_rule_active_twice"),
    # commission statements (0022, cm-month): only the month run, confirming and settling
    # write them, checking first
    "commission_statement_pkey": RECORDED,
    "commission_statement_employee_key": RECORDED,
    "commission_statement_outlet_key": RECORDED,
    "commission_statement_period_fkey": INCONSISTENT,
    "commission_statement_employee_id_fkey": INCONSISTENT,
    "commission_statement_outlet_id_fkey": INCONSISTENT,
    "commission_statement_one_payee": INCONSISTENT,
    "commission_statement_post_wage_not_negative": INCONSISTENT,
    "commission_statement_commissions_not_negative": INCONSISTENT,
    "commission_statement_hours_pay_not_negative": INCONSISTENT,
    "commission_statement_rewards_not_negative": INCONSISTENT,
    "commission_statement_penalties_not_positive": INCONSISTENT,
    "commission_statement_deductions_not_positive": INCONSISTENT,
    "commission_statement_line_count_not_negative": INCONSISTENT,
    "commission_statement_total_sum": INCONSISTENT,
    "commission_statement_confirmed": INCONSISTENT,
    "commission_statement_settled": INCONSISTENT,
}

# every length, range, finite number and code of domain/limits.py (revision 0014)
CONSTRAINTS.update({name: _rule(field, code, **arguments)
                    for name, (field, code, arguments) in limit_constraints().items()})


def field_label(field: str) -> str:
    """The English label of a field (column) name, or the name itself."""
    return FIELD_LABELS.get(field, field)
