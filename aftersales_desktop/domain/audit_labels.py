"""Human names for what the change log records: tables, actions, fields and values.

Every audited table and every column of it has an English label here (translated in the
UI; tests/ui/test_change_log.py compares the lists with the migrated database, so a new
audited table or column needs its label). A stored value reads as the screens show it:
a status code as its label, money as ¥1,234.50, a flag as Yes / No.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain import (
    fees,
    notices,
    requisitions,
    stock,
    stocktake,
    tickets,
    warranty,
)
from aftersales_desktop.domain.masking import format_money

TABLE_LABELS: dict[str, str] = {
    "app.capability": QT_TR_NOOP("Capability"),
    "app.customer": QT_TR_NOOP("Customer"),
    "app.customer_grade": QT_TR_NOOP("Customer grade"),
    "app.customer_notice": QT_TR_NOOP("Customer notice"),
    "app.customer_phone": QT_TR_NOOP("Customer phone"),
    "app.department": QT_TR_NOOP("Department"),
    "app.device": QT_TR_NOOP("Customer's device"),
    "app.dictionary_entry": QT_TR_NOOP("Dictionary entry"),
    "app.employee": QT_TR_NOOP("Employee"),
    "app.employee_region": QT_TR_NOOP("Employee's region"),
    "app.employee_wage": QT_TR_NOOP("Post wage"),
    "app.item": QT_TR_NOOP("Product or part"),
    "app.item_category": QT_TR_NOOP("Catalogue category"),
    "app.item_cost": QT_TR_NOOP("Cost price"),
    "app.notice_channel": QT_TR_NOOP("Notice channel"),
    "app.notice_template": QT_TR_NOOP("Notice template"),
    "app.operator": QT_TR_NOOP("Operator"),
    "app.operator_capability": QT_TR_NOOP("Operator capability"),
    "app.overdue_rule": QT_TR_NOOP("Overdue deduction rule"),
    "app.part_preorder": QT_TR_NOOP("Parts pre-order"),
    "app.position_template": QT_TR_NOOP("Position template"),
    "app.region": QT_TR_NOOP("Region"),
    "app.requisition": QT_TR_NOOP("Requisition"),
    "app.requisition_line": QT_TR_NOOP("Requisition line"),
    "app.requisition_operation": QT_TR_NOOP("Requisition saved"),
    "app.reward_penalty_item": QT_TR_NOOP("Reward or penalty item"),
    "app.service_mode": QT_TR_NOOP("Service mode"),
    "app.service_outlet": QT_TR_NOOP("Service outlet"),
    "app.settlement": QT_TR_NOOP("Settlement"),
    "app.settlement_line": QT_TR_NOOP("Settlement line"),
    "app.shop_setting": QT_TR_NOOP("Shop setting"),
    "app.staff_position": QT_TR_NOOP("Staff position"),
    "app.stock_counter": QT_TR_NOOP("Stock document numbers"),
    "app.stock_document": QT_TR_NOOP("Stock document"),
    "app.stock_document_line": QT_TR_NOOP("Stock document line"),
    "app.stock_serial": QT_TR_NOOP("Serial number"),
    "app.template_capability": QT_TR_NOOP("Template capability"),
    "app.ticket": QT_TR_NOOP("Repair ticket"),
    "app.ticket_counter": QT_TR_NOOP("Number counter"),
    "app.ticket_location": QT_TR_NOOP("Where the unit went"),
    "app.ticket_quote": QT_TR_NOOP("Quote"),
    "app.ticket_status": QT_TR_NOOP("Status change"),
    "app.ticket_transition": QT_TR_NOOP("Allowed status change"),
    "app.stocktake": QT_TR_NOOP("Stocktake sheet"),
    "app.stocktake_line": QT_TR_NOOP("Stocktake line"),
    "app.warehouse": QT_TR_NOOP("Warehouse"),
    "app.warehouse_type": QT_TR_NOOP("Warehouse type"),
    "app.work_calendar": QT_TR_NOOP("Working-day calendar"),
    "app.work_type": QT_TR_NOOP("Work type"),
    # dispatch (0018)
    "app.employee_work_type": QT_TR_NOOP("Employee's work type"),
    "app.job": QT_TR_NOOP("Job"),
    "app.job_work_type": QT_TR_NOOP("Work done"),
    "app.job_photo": QT_TR_NOOP("Job photo"),
    "app.visit": QT_TR_NOOP("On-site appointment"),
    "app.job_event": QT_TR_NOOP("Job history"),
}

ACTION_LABELS: dict[str, str] = {
    "insert": QT_TR_NOOP("Added"),
    "update": QT_TR_NOOP("Changed"),
    "delete": QT_TR_NOOP("Deleted"),
}

# Column -> label, for a column name that means the same in every table.
FIELD_LABELS: dict[str, str] = {
    "accessories": QT_TR_NOOP("Accessories"),
    "active": QT_TR_NOOP("Active"),
    "address": QT_TR_NOOP("Address"),
    "amount": QT_TR_NOOP("Amount"),
    "amount_per_day": QT_TR_NOOP("Amount per day"),
    "appearance": QT_TR_NOOP("Appearance"),
    "appointment_at": QT_TR_NOOP("Appointment"),
    "arrival_source": QT_TR_NOOP("Arrival recorded by"),
    "arrived_at": QT_TR_NOOP("Arrived"),
    "arrived_by": QT_TR_NOOP("Arrival recorded by operator"),
    "at": QT_TR_NOOP("Time"),
    "barcode": QT_TR_NOOP("Barcode"),
    "billed_to": QT_TR_NOOP("Billed to"),
    "body": QT_TR_NOOP("Text"),
    "brand": QT_TR_NOOP("Brand"),
    "by_operator": QT_TR_NOOP("Operator"),
    "cancel_reason": QT_TR_NOOP("Reason for cancelling"),
    "cancelled_at": QT_TR_NOOP("Cancelled"),
    "cancelled_by": QT_TR_NOOP("Cancelled by"),
    "capability": QT_TR_NOOP("Capability"),
    "carrier": QT_TR_NOOP("Carrier"),
    "category_id": QT_TR_NOOP("Category"),
    "change_given": QT_TR_NOOP("Change"),
    "channel": QT_TR_NOOP("Channel"),
    "claim": QT_TR_NOOP("Claim unit"),
    "code": QT_TR_NOOP("Code"),
    "config": QT_TR_NOOP("Configuration"),
    "contact": QT_TR_NOOP("Contact"),
    "cost_price": QT_TR_NOOP("Cost price"),
    "created_at": QT_TR_NOOP("Created"),
    "created_by": QT_TR_NOOP("Created by"),
    "customer_amount": QT_TR_NOOP("Customer pays"),
    "customer_id": QT_TR_NOOP("Customer"),
    "customer_name": QT_TR_NOOP("Customer name"),
    "day": QT_TR_NOOP("Date"),
    "decided_by": QT_TR_NOOP("Answer recorded by"),
    "decided_on": QT_TR_NOOP("Date of the answer"),
    "decision_note": QT_TR_NOOP("Note on the answer"),
    "default_warranty_months": QT_TR_NOOP("Warranty months"),
    "department_id": QT_TR_NOOP("Department"),
    "deposit": QT_TR_NOOP("Deposit"),
    "description": QT_TR_NOOP("Description"),
    "detail": QT_TR_NOOP("Result"),
    "device_id": QT_TR_NOOP("Device"),
    "discount": QT_TR_NOOP("Discount"),
    "discount_reason": QT_TR_NOOP("Discount reason"),
    "doc_date": QT_TR_NOOP("Document date"),
    "document_id": QT_TR_NOOP("Document"),
    "done_at": QT_TR_NOOP("Done"),
    "due_at": QT_TR_NOOP("Due"),
    "employee_id": QT_TR_NOOP("Employee"),
    "enabled": QT_TR_NOOP("Enabled"),
    "expected_on": QT_TR_NOOP("Expected"),
    "factory": QT_TR_NOOP("Factory"),
    "fault": QT_TR_NOOP("Fault"),
    "fee_total": QT_TR_NOOP("Fees"),
    "fitted_serial": QT_TR_NOOP("Fitted part's serial no."),
    "from_status": QT_TR_NOOP("From status"),
    "grace_days": QT_TR_NOOP("Grace days"),
    "grade": QT_TR_NOOP("Grade"),
    "granted": QT_TR_NOOP("Granted"),
    "has_proof": QT_TR_NOOP("Proof of purchase seen"),
    "hire_date": QT_TR_NOOP("Hire date"),
    "human_damage": QT_TR_NOOP("Human damage"),
    "id": QT_TR_NOOP("Number"),
    "is_primary": QT_TR_NOOP("Primary"),
    "is_technician": QT_TR_NOOP("Technician"),
    "item_id": QT_TR_NOOP("Product or part"),
    "keeper_id": QT_TR_NOOP("Keeper"),
    "key": QT_TR_NOOP("Setting"),
    "kind": QT_TR_NOOP("Kind"),
    "label": QT_TR_NOOP("Label"),
    "labour_amount": QT_TR_NOOP("Labour"),
    "labour_fee": QT_TR_NOOP("Labour fee"),
    "last_seq": QT_TR_NOOP("Last number"),
    "level": QT_TR_NOOP("Level"),
    "line_no": QT_TR_NOOP("Line"),
    "location_kind": QT_TR_NOOP("Where the unit is"),
    "location_label": QT_TR_NOOP("Place"),
    "manufacturer_amount": QT_TR_NOOP("Billed to manufacturer"),
    "merged_into": QT_TR_NOOP("Merged into"),
    "min_stock": QT_TR_NOOP("Minimum stock"),
    "model": QT_TR_NOOP("Model"),
    "name": QT_TR_NOOP("Name"),
    "note": QT_TR_NOOP("Note"),
    "notes": QT_TR_NOOP("Notes"),
    "notice_count": QT_TR_NOOP("Notices"),
    "number": QT_TR_NOOP("Number"),
    "operation_id": QT_TR_NOOP("Operation"),
    "operator": QT_TR_NOOP("Operator"),
    "operator_code": QT_TR_NOOP("Operator"),
    "ordered_at": QT_TR_NOOP("Ordered"),
    "ordered_by": QT_TR_NOOP("Ordered by"),
    "other_amount": QT_TR_NOOP("Other"),
    "outlet_id": QT_TR_NOOP("Service outlet"),
    "paid": QT_TR_NOOP("Amount received"),
    "parent_id": QT_TR_NOOP("Parent"),
    "part_name": QT_TR_NOOP("Part"),
    "parts_amount": QT_TR_NOOP("Parts", "fee"),
    "password_changed_at": QT_TR_NOOP("Password changed"),
    "payer_reason": QT_TR_NOOP("Reason for the payer"),
    "payment_method": QT_TR_NOOP("Payment method"),
    "phone": QT_TR_NOOP("Phone"),
    "picked_up_at": QT_TR_NOOP("Picked up"),
    "picked_up_by": QT_TR_NOOP("Handed over by"),
    "position_id": QT_TR_NOOP("Position"),
    "posted_at": QT_TR_NOOP("Posted"),
    "posted_by": QT_TR_NOOP("Posted by"),
    "post_wage": QT_TR_NOOP("Post wage"),
    "prefix": QT_TR_NOOP("Number prefix"),
    "preorder_id": QT_TR_NOOP("Pre-order"),
    "product": QT_TR_NOOP("Product"),
    "promised_on": QT_TR_NOOP("Promised date"),
    "purchase_date": QT_TR_NOOP("Purchase date"),
    "purchase_place": QT_TR_NOOP("Place of purchase"),
    "quantity": QT_TR_NOOP("Quantity"),
    "quote_state": QT_TR_NOOP("Quote"),
    "reason": QT_TR_NOOP("Reason"),
    "received_at": QT_TR_NOOP("Received"),
    "received_by": QT_TR_NOOP("Received by"),
    "received_on": QT_TR_NOOP("Received on"),
    "recipient": QT_TR_NOOP("To"),
    "region_id": QT_TR_NOOP("Region"),
    "released_unsettled": QT_TR_NOOP("Handed over unsettled"),
    "remarks": QT_TR_NOOP("Customer's remarks"),
    "replaced_by": QT_TR_NOOP("Replaced by"),
    "removed_serial": QT_TR_NOOP("Old part's serial no."),
    "removed_to_warehouse_id": QT_TR_NOOP("Old part goes to"),
    "repair_warranty_days": QT_TR_NOOP("Repair warranty (days)"),
    "repair_warranty_until": QT_TR_NOOP("Repair warranty until"),
    "return_of": QT_TR_NOOP("Returned from line"),
    "reversal_of": QT_TR_NOOP("Reverses settlement"),
    "rework_free": QT_TR_NOOP("Free rework"),
    "rework_of": QT_TR_NOOP("Earlier repair"),
    "rework_override_reason": QT_TR_NOOP("Reason for charging the rework"),
    "role_name": QT_TR_NOOP("Database role"),
    "sale_price": QT_TR_NOOP("Sale price"),
    "search_text": QT_TR_NOOP("Search text"),
    "sent_at": QT_TR_NOOP("Sent"),
    "sent_by": QT_TR_NOOP("Sent by"),
    "sent_on": QT_TR_NOOP("Sent on"),
    "serial": QT_TR_NOOP("Serial no."),
    "service_mode": QT_TR_NOOP("Service mode"),
    "settled": QT_TR_NOOP("Settled"),
    "settled_at": QT_TR_NOOP("Settled"),
    "settled_by": QT_TR_NOOP("Settled by"),
    "settlement_id": QT_TR_NOOP("Settlement"),
    "settlement_terms": QT_TR_NOOP("Settlement terms"),
    "shelf": QT_TR_NOOP("Shelf"),
    "shop_amount": QT_TR_NOOP("Borne by the shop"),
    "sort_order": QT_TR_NOOP("Order"),
    "source": QT_TR_NOOP("Source"),
    "standard_hours": QT_TR_NOOP("Standard hours"),
    "state": QT_TR_NOOP("State"),
    "status": QT_TR_NOOP("Status"),
    "status_at": QT_TR_NOOP("Status since"),
    "subtotal": QT_TR_NOOP("Subtotal"),
    "supplier": QT_TR_NOOP("Supplier"),
    "technician_id": QT_TR_NOOP("Technician"),
    "template": QT_TR_NOOP("Position template"),
    "ticket_id": QT_TR_NOOP("Ticket"),
    "to_status": QT_TR_NOOP("To status"),
    "to_warehouse_id": QT_TR_NOOP("Target warehouse"),
    "tracking_number": QT_TR_NOOP("Tracking number"),
    "type": QT_TR_NOOP("Type"),
    "unit": QT_TR_NOOP("Unit"),
    "unit_cost": QT_TR_NOOP("Unit cost"),
    "unit_price": QT_TR_NOOP("Unit price"),
    "updated_at": QT_TR_NOOP("Updated"),
    "updated_by": QT_TR_NOOP("Updated by"),
    "urgent": QT_TR_NOOP("Urgent"),
    "uses": QT_TR_NOOP("Times used"),
    "value": QT_TR_NOOP("Value"),
    "version": QT_TR_NOOP("Version"),
    "visit": QT_TR_NOOP("Carry-in or on-site"),
    "void_reason": QT_TR_NOOP("Reason for voiding"),
    "voided_at": QT_TR_NOOP("Voided"),
    "voided_by": QT_TR_NOOP("Voided by"),
    "warehouse_id": QT_TR_NOOP("Warehouse"),
    "warranty_class": QT_TR_NOOP("Warranty"),
    "warranty_months": QT_TR_NOOP("Warranty months"),
    "warranty_override_reason": QT_TR_NOOP("Reason for the override"),
    "warranty_reason": QT_TR_NOOP("Warranty decision"),
    "work_type_id": QT_TR_NOOP("Work type"),
    "working": QT_TR_NOOP("Working day"),
    "year": QT_TR_NOOP("Year"),
}

# (table, column) -> label where the column's name alone says too little.
TABLE_FIELD_LABELS: dict[tuple[str, str], str] = {
    ("app.customer_notice", "kind"): QT_TR_NOOP("Notice"),
    ("app.customer_notice", "status"): QT_TR_NOOP("Sending"),
    ("app.dictionary_entry", "kind"): QT_TR_NOOP("Dictionary"),
    ("app.dictionary_entry", "value"): QT_TR_NOOP("Entry"),
    ("app.item", "kind"): QT_TR_NOOP("Product or part"),
    ("app.notice_template", "kind"): QT_TR_NOOP("Notice"),
    ("app.settlement", "kind"): QT_TR_NOOP("Sale or reversal"),
    ("app.settlement_line", "kind"): QT_TR_NOOP("Fee"),
    ("app.ticket_location", "kind"): QT_TR_NOOP("Where the unit is"),
    ("app.ticket_location", "label"): QT_TR_NOOP("Place"),
    ("app.ticket_quote", "created_by"): QT_TR_NOOP("Quoted by"),
    ("app.ticket_quote", "channel"): QT_TR_NOOP("How the customer answered"),
    ("app.stock_document", "kind"): QT_TR_NOOP("Kind of document"),
    ("app.stock_document", "remarks"): QT_TR_NOOP("Remarks"),
    ("app.stock_document", "reversal_of"): QT_TR_NOOP("Reverses document"),
    ("app.stock_document", "cancel_reason"): QT_TR_NOOP("Reason for cancelling or changing"),
    # a document is voided (作废), a ticket cancelled (撤销); posted_at is a time (过账时间)
    ("app.stock_document", "cancelled_at"): QT_TR_NOOP("Cancelled", "document state"),
    ("app.stock_document", "posted_at"): QT_TR_NOOP("Posted", "time"),
    # stocktake sheets and lines (0017)
    ("app.stocktake", "opened_at"): QT_TR_NOOP("Opened"),
    ("app.stocktake", "opened_by"): QT_TR_NOOP("Opened by"),
    ("app.stocktake", "opened_move_id"): QT_TR_NOOP("Ledger position at opening"),
    ("app.stocktake", "posted_at"): QT_TR_NOOP("Posted", "time"),
    ("app.stocktake", "posted_by"): QT_TR_NOOP("Posted by"),
    ("app.stocktake", "post_operation_id"): QT_TR_NOOP("Posting operation"),
    ("app.stocktake", "cancelled_at"): QT_TR_NOOP("Cancelled", "document state"),
    ("app.stocktake", "cancelled_by"): QT_TR_NOOP("Cancelled by"),
    ("app.stocktake", "category_id"): QT_TR_NOOP("Category counted"),
    ("app.stocktake_line", "stocktake_id"): QT_TR_NOOP("Stocktake sheet"),
    ("app.stocktake_line", "opened_move_id"): QT_TR_NOOP("Ledger position at opening"),
    ("app.stocktake_line", "book_qty"): QT_TR_NOOP("Book quantity"),
    ("app.stocktake_line", "added"): QT_TR_NOOP("Added while counting"),
    ("app.stocktake_line", "counted_qty"): QT_TR_NOOP("Counted"),
    ("app.stocktake_line", "counted_at"): QT_TR_NOOP("Counted at"),
    ("app.stocktake_line", "counted_by"): QT_TR_NOOP("Counted by"),
    ("app.stocktake_line", "moved_qty"): QT_TR_NOOP("Moved during the count"),
    ("app.stocktake_line", "moved_during"): QT_TR_NOOP("Item moved during the count"),
    ("app.stocktake_line", "adjustment"): QT_TR_NOOP("Adjustment"),
    ("app.stocktake_line", "decision"): QT_TR_NOOP("Decision"),
    ("app.stocktake_line", "decided_at"): QT_TR_NOOP("Decided at"),
    ("app.stocktake_line", "decided_by"): QT_TR_NOOP("Decided by"),
    ("app.stocktake_line", "document_id"): QT_TR_NOOP("Adjustment document"),
    # dispatch, work reports and review (0018)
    ("app.job", "assignee_kind"): QT_TR_NOOP("Technician or outlet"),
    ("app.job", "work_type_id"): QT_TR_NOOP("Work type needed"),
    ("app.job", "override_reason"): QT_TR_NOOP("Reason for the exception to the skills"),
    ("app.job", "assigned_at"): QT_TR_NOOP("Assigned", "time"),
    ("app.job", "assigned_by"): QT_TR_NOOP("Assigned by"),
    ("app.job", "started_at"): QT_TR_NOOP("Started", "time"),
    ("app.job", "finished_at"): QT_TR_NOOP("Finished", "time"),
    ("app.job", "hours"): QT_TR_NOOP("Hours"),
    ("app.job", "result"): QT_TR_NOOP("Result"),
    ("app.job", "fault_cause"): QT_TR_NOOP("Fault cause"),
    ("app.job", "action"): QT_TR_NOOP("Action taken"),
    ("app.job", "customer_signed"): QT_TR_NOOP("Customer signed"),
    ("app.job", "signed_at"): QT_TR_NOOP("Signed"),
    ("app.job", "reported_at"): QT_TR_NOOP("Reported"),
    ("app.job", "reported_by"): QT_TR_NOOP("Reported by"),
    ("app.job", "days_late"): QT_TR_NOOP("Days late"),
    ("app.job", "reviewed_at"): QT_TR_NOOP("Reviewed", "time"),
    ("app.job", "reviewed_by"): QT_TR_NOOP("Reviewed by"),
    ("app.job", "review_note"): QT_TR_NOOP("Review note"),
    ("app.job", "cancel_reason"): QT_TR_NOOP("Reason for unassigning"),
    ("app.job_work_type", "job_id"): QT_TR_NOOP("Job"),
    ("app.job_photo", "job_id"): QT_TR_NOOP("Job"),
    ("app.job_photo", "content"): QT_TR_NOOP("Photo"),
    ("app.job_photo", "mime"): QT_TR_NOOP("Image type"),
    ("app.job_photo", "caption"): QT_TR_NOOP("Caption"),
    ("app.job_photo", "added_at"): QT_TR_NOOP("Added"),
    ("app.job_photo", "added_by"): QT_TR_NOOP("Added by"),
    ("app.job_work_type", "work_type_id"): QT_TR_NOOP("Work type done"),
    ("app.visit", "job_id"): QT_TR_NOOP("Job"),
    ("app.visit", "during"): QT_TR_NOOP("Appointment"),
    ("app.visit", "blocked"): QT_TR_NOOP("Blocked with travel time"),
    ("app.visit", "cancel_reason"): QT_TR_NOOP("Reason for cancelling"),
    ("app.job_event", "job_id"): QT_TR_NOOP("Job"),
    ("app.job_event", "kind"): QT_TR_NOOP("What happened"),
}

# Codes some columns hold, as the screens name them.
SETTLEMENT_KINDS = {"sale": QT_TR_NOOP("Settlement"), "reversal": QT_TR_NOOP("Reversal")}
NOTICE_STATES = {"due": QT_TR_NOOP("Due"), "sending": QT_TR_NOOP("Sending"),
                 "sent": QT_TR_NOOP("Sent"), "failed": QT_TR_NOOP("Failed")}
ARRIVAL_SOURCES = {"manual": QT_TR_NOOP("By hand"), "receipt": QT_TR_NOOP("Goods receipt")}
ITEM_KINDS = {"product": QT_TR_NOOP("Product"), "part": QT_TR_NOOP("Part")}
REGION_LEVELS = {"city": QT_TR_NOOP("City"), "district": QT_TR_NOOP("District"),
                 "area": QT_TR_NOOP("Area")}
CUSTOMER_GRADES = {"individual": QT_TR_NOOP("Individual"), "dealer": QT_TR_NOOP("Dealer"),
                   "hypermarket": QT_TR_NOOP("Hypermarket"),
                   "corporate": QT_TR_NOOP("Corporate")}
WAREHOUSE_TYPES = {"finished": QT_TR_NOOP("Finished goods"),
                   "pending_repair": QT_TR_NOOP("Pending repair"),
                   "samples": QT_TR_NOOP("Samples"), "scrap": QT_TR_NOOP("Scrap"),
                   "merchant_returns": QT_TR_NOOP("Merchant returns"),
                   "parts": QT_TR_NOOP("Parts", "warehouse type")}
SERVICE_MODES = {"repair": QT_TR_NOOP("Repair"), "installation": QT_TR_NOOP("Installation"),
                 "outsourced": QT_TR_NOOP("Outsourced")}
DICTIONARY_KINDS = {"brand": QT_TR_NOOP("Brand"), "model": QT_TR_NOOP("Model"),
                    "fault": QT_TR_NOOP("Fault"), "accessory": QT_TR_NOOP("Accessories"),
                    "appearance": QT_TR_NOOP("Appearance"),
                    "customer_source": QT_TR_NOOP("Customer source"),
                    "fault_cause": QT_TR_NOOP("Fault cause"),
                    "repair_action": QT_TR_NOOP("Action taken")}
# dispatch (revision 0018)
JOB_STATES = {"assigned": QT_TR_NOOP("Assigned"), "started": QT_TR_NOOP("Started"),
              "finished": QT_TR_NOOP("Finished"), "reviewed": QT_TR_NOOP("Reviewed"),
              "cancelled": QT_TR_NOOP("Cancelled", "job state")}
JOB_RESULTS = {"fixed": QT_TR_NOOP("Fixed"), "not_fixed": QT_TR_NOOP("Not fixed"),
               "needs_parts": QT_TR_NOOP("Needs parts"),
               "factory": QT_TR_NOOP("Returned to the factory")}
ASSIGNEE_KINDS = {"technician": QT_TR_NOOP("Technician"),
                  "outlet": QT_TR_NOOP("Service outlet")}
VISIT_STATES = {"planned": QT_TR_NOOP("Planned"), "done": QT_TR_NOOP("Done", "visit state"),
                "cancelled": QT_TR_NOOP("Cancelled")}
JOB_EVENT_KINDS = {"assign": QT_TR_NOOP("Assigned"), "reassign": QT_TR_NOOP("Reassigned"),
                   "unassign": QT_TR_NOOP("Unassigned", "job event"),
                   "reschedule": QT_TR_NOOP("Rescheduled"), "start": QT_TR_NOOP("Started"),
                   "report": QT_TR_NOOP("Work reported"), "finish": QT_TR_NOOP("Finished"),
                   "review": QT_TR_NOOP("Reviewed"), "unreview": QT_TR_NOOP("Review undone"),
                   "override": QT_TR_NOOP("Assigned despite skills or region")}

VALUE_LABELS: dict[tuple[str, str], Mapping[str, str]] = {
    ("app.ticket", "status"): tickets.STATUSES,
    ("app.ticket_status", "from_status"): tickets.STATUSES,
    ("app.ticket_status", "to_status"): tickets.STATUSES,
    ("app.ticket_transition", "from_status"): tickets.STATUSES,
    ("app.ticket_transition", "to_status"): tickets.STATUSES,
    ("app.ticket", "visit"): tickets.VISITS,
    ("app.ticket", "warranty_class"): warranty.WARRANTY_CLASSES,
    ("app.ticket", "location_kind"): tickets.LOCATION_KINDS,
    ("app.ticket", "quote_state"): tickets.QUOTE_STATE_LABELS,
    ("app.ticket", "service_mode"): SERVICE_MODES,
    ("app.ticket_location", "kind"): tickets.LOCATION_KINDS,
    ("app.ticket_quote", "state"): tickets.QUOTE_STATE_LABELS,
    ("app.ticket_quote", "channel"): tickets.QUOTE_CHANNELS,
    ("app.part_preorder", "state"): tickets.PREORDER_STATES,
    ("app.part_preorder", "payment_method"): fees.PAYMENT_METHODS,
    ("app.part_preorder", "arrival_source"): ARRIVAL_SOURCES,
    ("app.settlement", "kind"): SETTLEMENT_KINDS,
    ("app.settlement", "payment_method"): fees.PAYMENT_METHODS,
    ("app.settlement_line", "kind"): fees.LINE_KINDS,
    ("app.settlement_line", "billed_to"): fees.BILLED_TO,
    ("app.stock_document", "kind"): stock.KIND_LABELS,
    ("app.stock_document", "state"): stock.STATE_LABELS,
    ("app.customer_notice", "kind"): notices.NOTICE_KINDS,
    ("app.customer_notice", "channel"): notices.CHANNEL_LABELS,
    ("app.customer_notice", "status"): NOTICE_STATES,
    ("app.notice_template", "kind"): notices.NOTICE_KINDS,
    ("app.notice_channel", "channel"): notices.CHANNEL_LABELS,
    ("app.item", "kind"): ITEM_KINDS,
    ("app.region", "level"): REGION_LEVELS,
    ("app.customer", "grade"): CUSTOMER_GRADES,
    ("app.customer_grade", "code"): CUSTOMER_GRADES,
    ("app.warehouse", "type"): WAREHOUSE_TYPES,
    ("app.warehouse_type", "code"): WAREHOUSE_TYPES,
    ("app.service_mode", "code"): SERVICE_MODES,
    ("app.dictionary_entry", "kind"): DICTIONARY_KINDS,
    ("app.requisition_line", "kind"): requisitions.KINDS,
    ("app.requisition_line", "state"): requisitions.LINE_STATES,
    ("app.requisition_line", "billed_to"): fees.BILLED_TO,
    ("app.stocktake", "state"): stocktake.SHEET_STATES,
    ("app.stocktake_line", "decision"): stocktake.DECISIONS,
    ("app.job", "state"): JOB_STATES,
    ("app.job", "result"): JOB_RESULTS,
    ("app.job", "assignee_kind"): ASSIGNEE_KINDS,
    ("app.visit", "state"): VISIT_STATES,
    ("app.job_event", "kind"): JOB_EVENT_KINDS,
}

# Money columns read as ¥1,234.50; quantities and hours as plain numbers (1, 0.5).
MONEY_FIELDS = frozenset({
    "amount", "amount_per_day", "change_given", "cost_price", "customer_amount", "deposit",
    "discount", "fee_total", "labour_amount", "labour_fee", "manufacturer_amount",
    "other_amount", "paid", "parts_amount", "post_wage", "sale_price", "shop_amount",
    "subtotal", "unit_price",
    # stock lists (costs.view): unit and average costs, values
    "unit_cost", "stock_value", "value_change", "value_after",
})
QUANTITY_FIELDS = frozenset({"quantity", "min_stock", "standard_hours"})

# Values masked on screen while sensitive data is hidden (Ctrl+H).
SENSITIVE_FIELDS = frozenset({"phone", "recipient", "sale_price", "cost_price", "post_wage",
                              "unit_cost"})

# Which screen can open a logged record: table -> module key.
RECORD_MODULES: dict[str, str] = {
    "app.operator": "operators",
    "app.operator_capability": "operators",
}

YES = QT_TR_NOOP("Yes")
NO = QT_TR_NOOP("No")


def field_label(table: str, column: str) -> str | None:
    """The English label of `table.column`, or None for a column nobody named."""
    return TABLE_FIELD_LABELS.get((table, column)) or FIELD_LABELS.get(column)


def value_text(table: str, column: str, value: Any, translate: Callable[[str], str]) -> str:
    """A logged value (as jsonb gave it back) as the screens show it; None is "" here,
    the viewer says "(empty)"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return translate(YES if value else NO)
    labels = VALUE_LABELS.get((table, column))
    if labels is not None and isinstance(value, str) and value in labels:
        return translate(labels[value])
    if column in MONEY_FIELDS or column in QUANTITY_FIELDS:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
        if number.is_finite():
            return (format_money(number) if column in MONEY_FIELDS
                    else f"{number.normalize():f}")
    return str(value)


def operator_of(table: str, record_key: str) -> str:
    """The operator code a change to an operator table concerns ('code/capability' keys)."""
    return record_key.split("/", 1)[0] if table in RECORD_MODULES else ""
