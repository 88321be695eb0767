"""The one catalogue of refusals: every code a rule can refuse with, its field and message.

A refusal is raised by the database (``app.refuse('<code>', <detail>)``: SQLSTATE P0001,
HINT ``aftersales:<code>``) or, for instant feedback on the form, by the Python copy of the
rule (``raise refuse('<code>', ...)``). Both name the same code, so a test can run the same
case through both and require the same answer (tests/db/test_rules_agree.py), and the
operator reads the same sentence whichever side refused. The message is an English source
string (translated at display time); its arguments come from the Python call or from the
SQL DETAIL, which is either a JSON object of arguments or one plain value that fills
`argument` (two values joined by ``>`` or ``|`` fill two arguments).

Table constraints (CHECK, UNIQUE, FOREIGN KEY) have their own map in
domain/constraints.py, onto the generic codes at the end of this file.
A unit test parses every SQL source for the codes it can raise and fails on one that is
missing here, so a new refusal cannot reach the operator without its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aftersales_desktop.core.errors import (
    LoginDisabled,
    NotAnOperator,
    PermissionDenied,
    Refused,
    ValidationError,
)
from aftersales_desktop.core.i18n import QT_TR_NOOP


@dataclass(frozen=True)
class Refusal:
    """One entry of the catalogue."""

    code: str
    field: str  # the form field to correct; "" = the action as a whole
    message: str  # English source (QT_TR_NOOP)
    # the message argument(s) a plain-text SQL DETAIL fills, e.g. "number" or
    # "current>target"; "" when the DETAIL only names the field
    argument: str = ""
    # argument -> name of a label table (see _label_table): the value is a code that is
    # shown as its (translated) label; SOURCE_TEXT: the value is an English source string
    # already (a label the caller looked up), translated as it is shown
    labels: tuple[tuple[str, str], ...] = ()


SOURCE_TEXT = "source_text"


_ENTRIES: list[Refusal] = [
    # ---- customers and phones (front desk intake, master data, imports) -----------------
    Refusal("customer_required", "customer_name", QT_TR_NOOP(
        "Enter the customer's name and phone number, or pick a returning customer.")),
    Refusal("customer_missing", "customer", QT_TR_NOOP("The customer no longer exists.")),
    Refusal("customer_name_required", "customer_name",
            QT_TR_NOOP("Enter the customer's name.")),
    Refusal("phone_required", "phone", QT_TR_NOOP("Enter a phone number.")),
    Refusal("phone_invalid", "phone", QT_TR_NOOP(
        "{value} is not a valid phone number. Enter an 11-digit mobile number "
        "(for example 13812345678) or a landline with its area code (for example "
        "010-12345678 or 0571-8888888).")),
    Refusal("phone_listed_twice", "phones",
            QT_TR_NOOP("The phone number {phone} is listed twice."), argument="phone"),
    Refusal("primary_phone_twice", "phones",
            QT_TR_NOOP("Mark only one phone number as the main one.")),

    # ---- devices and warranty -----------------------------------------------------------
    Refusal("device_missing", "device", QT_TR_NOOP("The device does not belong to this customer.")),
    Refusal("product_required", "product", QT_TR_NOOP("Enter the product.")),
    Refusal("purchase_in_future", "purchase_date",
            QT_TR_NOOP("The purchase date cannot be in the future.")),
    Refusal("purchase_too_old", "purchase_date", QT_TR_NOOP(
        "The purchase date {date} is too far in the past; check the year."), argument="date"),
    Refusal("warranty_months_invalid", "warranty_months",
            QT_TR_NOOP("The warranty must be between 0 and {max} months."), argument="max"),
    Refusal("warranty_class_invalid", "warranty_class", QT_TR_NOOP("Choose the warranty class.")),
    Refusal("override_reason_required", "warranty_override_reason",
            QT_TR_NOOP("Give a reason for overriding the warranty decision.")),
    Refusal("rework_reason_required", "rework_override_reason",
            QT_TR_NOOP("Give a reason for charging a rework.")),

    # ---- intake -------------------------------------------------------------------------
    Refusal("fault_required", "fault", QT_TR_NOOP("Describe the fault.")),
    Refusal("promised_required", "promised_date", QT_TR_NOOP("Enter the promised date.")),
    Refusal("promised_before_intake", "promised_date",
            QT_TR_NOOP("The promised date cannot be before the intake date.")),
    Refusal("promised_too_late", "promised_date", QT_TR_NOOP(
        "The promised date can be at most {days} days after the intake."), argument="days"),
    Refusal("visit_invalid", "visit", QT_TR_NOOP("Choose carry-in or on-site.")),
    Refusal("on_site_address_required", "address",
            QT_TR_NOOP("An on-site job needs the address.")),
    Refusal("on_site_appointment_required", "appointment_at",
            QT_TR_NOOP("An on-site job needs the appointment time.")),
    Refusal("on_site_incomplete", "address",
            QT_TR_NOOP("An on-site job needs the address and the appointment time.")),

    # ---- ticket status ------------------------------------------------------------------
    Refusal("ticket_missing", "", QT_TR_NOOP("The ticket no longer exists.")),
    # a number typed where a ticket is named (a reward or penalty by hand, cm-ui-own)
    Refusal("ticket_number_unknown", "ticket_number", QT_TR_NOOP(
        "There is no ticket {number}; check the number on the sheet."), "number"),
    Refusal("stale", "", QT_TR_NOOP(
        "The ticket was changed by {who} at {when} meanwhile. Reload it and apply your "
        "change again."), argument="who|when"),
    Refusal("unknown_status", "", QT_TR_NOOP("Unknown ticket status {status}."),
            argument="status", labels=(("status", "ticket_status"),)),
    Refusal("unchanged", "", QT_TR_NOOP("The ticket is already {current}."),
            argument="current", labels=(("current", "ticket_status"),)),
    Refusal("closed", "", QT_TR_NOOP("The ticket is closed ({current}); nothing more can change."),
            argument="current", labels=(("current", "ticket_status"),)),
    Refusal("not_allowed", "", QT_TR_NOOP("A ticket that is {current} cannot become {target}."),
            argument="current>target",
            labels=(("current", "ticket_status"), ("target", "ticket_status"))),
    Refusal("quote_required", "", QT_TR_NOOP(
        "Out-of-warranty repair needs the customer's approval of a quote first.")),
    Refusal("reason_required", "reason", QT_TR_NOOP("Give a reason.")),
    Refusal("cancel_reason_required", "reason",
            QT_TR_NOOP("Give a reason for cancelling the ticket.")),
    Refusal("release_reason_required", "reason",
            QT_TR_NOOP("Give a reason for releasing the unit without settlement.")),
    Refusal("unsettled", "", QT_TR_NOOP(
        "The ticket is not settled. Settle it first, or ask someone allowed to release "
        "unsettled units.")),
    Refusal("location_incomplete", "location", QT_TR_NOOP("Say where the unit is.")),
    Refusal("expected_before_sent", "expected_on",
            QT_TR_NOOP("The unit cannot be expected back before it was sent.")),

    # ---- quotes and notices -------------------------------------------------------------
    Refusal("negative_fee", "", QT_TR_NOOP("A fee cannot be negative.")),
    Refusal("quote_missing", "", QT_TR_NOOP("The quote no longer exists.")),
    Refusal("quote_decided", "", QT_TR_NOOP("The customer has already answered this quote.")),
    Refusal("decision_date_invalid", "decided_on", QT_TR_NOOP(
        "Enter the date of the customer's answer (not in the future).")),
    Refusal("quote_channel_invalid", "channel", QT_TR_NOOP("Choose how the customer answered.")),
    Refusal("notice_kind_invalid", "kind", QT_TR_NOOP("Choose the kind of notice.")),
    Refusal("channel_invalid", "channel", QT_TR_NOOP("Choose how the customer is told.")),
    Refusal("channel_not_configured", "channel", QT_TR_NOOP(
        "This channel is not set up. Ask a manager to set it up in the shop settings.")),
    Refusal("notice_text_required", "body", QT_TR_NOOP("Enter the text of the notice.")),
    Refusal("notice_values_missing", "body", QT_TR_NOOP(
        "The text has gaps: {labels} not filled in. Ask a manager to enter them in the "
        "front desk settings, or complete the text before sending.")),
    Refusal("notice_target_missing", "", QT_TR_NOOP("A notice needs a ticket or a pre-order.")),
    Refusal("notice_not_sending", "", QT_TR_NOOP("This notice is not being sent.")),

    # ---- parts pre-orders ---------------------------------------------------------------
    Refusal("part_required", "part_name", QT_TR_NOOP("Enter the part.")),
    Refusal("quantity_invalid", "quantity", QT_TR_NOOP("The quantity must be more than zero.")),
    Refusal("deposit_above_total", "deposit", QT_TR_NOOP("The deposit is more than the price.")),
    Refusal("preorder_missing", "", QT_TR_NOOP("The pre-order no longer exists.")),
    Refusal("preorder_state", "", QT_TR_NOOP("The pre-order is {state}; this cannot be done now."),
            argument="state", labels=(("state", "preorder_state"),)),

    # ---- settlement ---------------------------------------------------------------------
    Refusal("settle_cancelled", "", QT_TR_NOOP("Ticket {number} is cancelled and cannot be "
                                               "settled."), argument="number"),
    Refusal("already_settled", "", QT_TR_NOOP("Ticket {number} is already settled."),
            argument="number"),
    Refusal("lines_required", "lines", QT_TR_NOOP("Add at least one fee line.")),
    Refusal("line_description_required", "lines",
            QT_TR_NOOP("Line {n}: enter what the fee is for."), argument="n"),
    Refusal("line_description_too_long", "lines", QT_TR_NOOP(
        "Line {n}: the description is too long (at most {max} characters)."), argument="n"),
    Refusal("line_kind_invalid", "lines", QT_TR_NOOP("Line {n}: unknown kind of fee {kind}."),
            argument="n"),
    Refusal("line_payer_invalid", "lines", QT_TR_NOOP("Line {n}: unknown payer {billed_to}."),
            argument="n"),
    Refusal("line_number_invalid", "lines", QT_TR_NOOP("Line {n}: enter a number."),
            argument="n"),
    Refusal("line_quantity_invalid", "lines",
            QT_TR_NOOP("Line {n}: the quantity must be more than zero."), argument="n"),
    Refusal("line_price_negative", "lines", QT_TR_NOOP("Line {n}: a fee cannot be negative."),
            argument="n"),
    Refusal("line_amount_too_large", "lines", QT_TR_NOOP("Line {n}: the amount is too large."),
            argument="n"),
    Refusal("total_too_large", "lines", QT_TR_NOOP("The total is too large.")),
    Refusal("discount_invalid", "discount",
            QT_TR_NOOP("Enter the discount as an amount such as 12.50.")),
    Refusal("discount_too_large", "discount", QT_TR_NOOP("The amount is too large.")),
    Refusal("discount_negative", "discount", QT_TR_NOOP("The discount cannot be negative.")),
    Refusal("discount_above_total", "discount", QT_TR_NOOP(
        "The discount ({discount}) is more than the customer's total ({total})."),
        argument="total"),
    Refusal("discount_reason_required", "discount_reason",
            QT_TR_NOOP("Give a reason for the discount.")),
    Refusal("payment_method_invalid", "payment_method",
            QT_TR_NOOP("Choose how the customer pays.")),
    Refusal("paid_invalid", "paid",
            QT_TR_NOOP("Enter the amount received as an amount such as 12.50.")),
    Refusal("paid_too_large", "paid", QT_TR_NOOP("The amount is too large.")),
    Refusal("paid_required", "paid", QT_TR_NOOP("Enter the amount received.")),
    Refusal("underpaid", "paid", QT_TR_NOOP("The customer has to pay at least {due}."),
            argument="due"),
    Refusal("overpaid_non_cash", "paid", QT_TR_NOOP("Only cash can be overpaid.")),
    Refusal("payer_reason_required", "payer_reason", QT_TR_NOOP(
        "The fees of this ticket are billed to {payer}; give a reason for billing {billed_to} "
        "instead."), labels=(("payer", "billed_to"), ("billed_to", "billed_to"))),
    Refusal("settlement_missing", "", QT_TR_NOOP("The settlement no longer exists.")),
    Refusal("already_voided", "", QT_TR_NOOP("Settlement {number} is already void."),
            argument="number"),
    Refusal("void_reason_required", "reason",
            QT_TR_NOOP("Give a reason for voiding the settlement.")),

    # ---- stock (the document editor's posting refusal; the stock module raises it) -----
    Refusal("insufficient_stock", "", QT_TR_NOOP("There is not enough in stock.")),
    # ---- stock documents and the ledger (revision 0015, db/sql/stock/) ------------------
    # a line's refusal carries {"line": n}: the editor puts it on that line and the field
    Refusal("stock_insufficient", "quantity", QT_TR_NOOP(
        "Not enough in stock: part {item_code} {item_name}, warehouse {warehouse}, "
        "on hand {have}, needed {need}.")),
    Refusal("stock_opening_has_moves", "code", QT_TR_NOOP(
        "{item_code} {item_name} already has stock moves in {warehouse}; an opening "
        "balance is only for an item and warehouse without any.")),
    Refusal("stock_kind_invalid", "kind", QT_TR_NOOP("Choose the kind of stock document.")),
    Refusal("stock_warehouse_required", "warehouse", QT_TR_NOOP("Choose the warehouse.")),
    Refusal("stock_target_required", "to_warehouse",
            QT_TR_NOOP("Choose the warehouse the goods go to.")),
    Refusal("stock_target_not_allowed", "to_warehouse",
            QT_TR_NOOP("This kind of document has no target warehouse.")),
    Refusal("stock_target_same", "to_warehouse", QT_TR_NOOP(
        "The goods cannot go to the warehouse they come from.")),
    Refusal("stock_target_not_scrap", "to_warehouse",
            QT_TR_NOOP("Scrapped goods go to a scrap warehouse.")),
    Refusal("stock_target_not_returns", "to_warehouse", QT_TR_NOOP(
        "Goods returned to the merchant go to a merchant-returns warehouse, or leave the "
        "target empty.")),
    Refusal("stock_supplier_required", "supplier", QT_TR_NOOP("Enter the supplier.")),
    Refusal("stock_reason_required", "reason", QT_TR_NOOP("Give the reason.")),
    Refusal("stock_lines_too_many", "lines",
            QT_TR_NOOP("A document has at most {max} lines."), argument="max"),
    Refusal("stock_line_item_missing", "code", QT_TR_NOOP(
        "Line {line}: the item no longer exists; choose it again.")),
    Refusal("stock_line_quantity_invalid", "quantity", QT_TR_NOOP(
        "Line {line}: enter a quantity above zero with at most 2 decimals.")),
    Refusal("stock_line_cost_required", "price",
            QT_TR_NOOP("Line {line}: enter the unit cost.")),
    Refusal("stock_line_cost_invalid", "price", QT_TR_NOOP(
        "Line {line}: enter a unit cost of zero or more with at most 4 decimals.")),
    Refusal("stock_line_serial_too_long", "serial", QT_TR_NOOP(
        "Line {line}: the serial number is too long (at most {max} characters).")),
    Refusal("stock_document_missing", "",
            QT_TR_NOOP("The stock document no longer exists.")),
    Refusal("stock_document_draft", "", QT_TR_NOOP(
        "The document is a draft: post it or delete it."), argument="number"),
    Refusal("stock_document_posted", "", QT_TR_NOOP(
        "Document {number} is posted; only a draft can be saved or deleted."),
        argument="number"),
    Refusal("stock_document_cancelled", "", QT_TR_NOOP(
        "Document {number} is already cancelled."), argument="number"),
    Refusal("stock_document_is_reversal", "", QT_TR_NOOP(
        "Document {number} reverses {original}; a reversal is not cancelled or changed "
        "itself.")),
    Refusal("stock_change_kind", "kind", QT_TR_NOOP(
        "A change keeps the kind of document; cancel it and post a new one instead.")),
    Refusal("stock_ledger_append_only", "", QT_TR_NOOP(
        "Posted stock moves are never changed or removed; cancel the document instead.")),

    # ---- documents: the line grid's cells, the header, the lines, the states -----------
    # (domain/document_cells.py, documents.py, document_flow.py; a cell's refusal names
    # its column as the field). Cells also refuse with the master-data codes below:
    # amount_not_a_number, amount_too_large, amount_negative, whole_number_required,
    # choice_invalid, value_too_long, value_required, and quantity_invalid above.
    Refusal("number_invalid", "", QT_TR_NOOP("{value} is not a number."), argument="value"),
    Refusal("quantity_too_large", "quantity", QT_TR_NOOP("The quantity is too large.")),
    Refusal("quantity_negative", "quantity", QT_TR_NOOP("The quantity cannot be negative.")),
    Refusal("decimals_too_many", "", QT_TR_NOOP("At most {decimals} decimals."),
            argument="decimals"),
    Refusal("amount_not_positive", "", QT_TR_NOOP("The amount must be more than zero.")),
    Refusal("date_invalid", "", QT_TR_NOOP("{value} is not a date; enter it as 2026-12-01."),
            argument="value"),
    Refusal("item_code_unknown", "code", QT_TR_NOOP("No item has the code or barcode {code}."),
            argument="code"),
    Refusal("item_not_chosen", "code",
            QT_TR_NOOP("Choose an item from the list, or type its code.")),
    Refusal("document_lines_required", "lines", QT_TR_NOOP("Add at least one line.")),
    # {state} is the state's English label (DocumentState.label), shown translated
    Refusal("document_state", "", QT_TR_NOOP("This cannot be done to a {state} document."),
            argument="state", labels=(("state", SOURCE_TEXT),)),
    Refusal("document_stale", "", QT_TR_NOOP(
        "The document was changed by {who} at {when} meanwhile. Reload it and make your "
        "change again."), argument="who|when"),

    # ---- requisitions against a ticket (app.requisition_save, revision 0016) ------------
    Refusal("requisition_frozen", "", QT_TR_NOOP(
        "The requisition of ticket {number} is frozen: the ticket is settled, or its job "
        "has been reviewed. Void the settlement or undo the review first to change it."),
        argument="number"),
    Refusal("requisition_line_missing", "", QT_TR_NOOP(
        "A line of this requisition was deleted meanwhile. Reload it and make your change "
        "again.")),
    Refusal("requisition_item_required", "code", QT_TR_NOOP("Line {line}: choose the part.")),
    Refusal("requisition_warehouse_required", "warehouse",
            QT_TR_NOOP("Line {line}: choose the warehouse.")),
    Refusal("requisition_quantity_invalid", "quantity", QT_TR_NOOP(
        "Line {line}: the quantity must be more than zero, with at most two decimals.")),
    Refusal("requisition_serial_one", "quantity", QT_TR_NOOP(
        "Line {line}: a line with a serial number is one unit; put each serial on its own "
        "line.")),
    Refusal("requisition_line_fixed", "", QT_TR_NOOP(
        "Line {line}: the kind and serial numbers of a saved line cannot change; delete the "
        "line and add a new one.")),
    Refusal("requisition_below_returned", "quantity", QT_TR_NOOP(
        "Line {line}: part of this issue was returned already; the quantity cannot be less "
        "than what was returned.")),
    Refusal("requisition_has_returns", "", QT_TR_NOOP(
        "Part {code} was partly returned: delete the return lines first, or together with "
        "the issue.")),
    Refusal("return_exceeds_issued", "quantity", QT_TR_NOOP(
        "Line {line}: only {issued} of part {code} is out on this ticket; {need} cannot be "
        "returned.")),
    Refusal("old_part_warehouse_required", "removed_to", QT_TR_NOOP(
        "Line {line}: say where the old part goes (a scrap or merchant-returns warehouse).")),
    Refusal("old_part_warehouse_invalid", "removed_to", QT_TR_NOOP(
        "Line {line}: an old part goes to a scrap or merchant-returns warehouse.")),
    Refusal("serial_elsewhere", "", QT_TR_NOOP(
        "Serial number {serial} is recorded at {place}; a serial can be in one place "
        "only.")),
    Refusal("requisitions_changed", "", QT_TR_NOOP(
        "The parts requisitioned for ticket {number} changed meanwhile. Reopen the "
        "settlement to see them."), argument="number"),
    Refusal("part_lines_from_requisitions", "lines", QT_TR_NOOP(
        "The parts of ticket {number} come from its requisition; do not type them as a "
        "fee."), argument="number"),

    # ---- jobs, work reports and review (revision 0018, db/sql/dispatch/) --------------
    Refusal("job_missing", "", QT_TR_NOOP("The job no longer exists.")),
    Refusal("job_not_own", "", QT_TR_NOOP(
        "This is another technician's job. Only its technician, or a dispatcher on their "
        "behalf, can work on it.")),
    Refusal("job_state", "", QT_TR_NOOP("The job is {state}; this cannot be done now."),
            argument="state", labels=(("state", "job_state"),)),
    Refusal("job_reviewed", "", QT_TR_NOOP(
        "The job has been reviewed: its report, photos and parts are frozen. A manager "
        "can undo the review, giving a reason.")),
    Refusal("report_incomplete", "", QT_TR_NOOP("To finish the job, enter {missing}."),
            argument="missing", labels=(("missing", "report_field"),)),
    Refusal("photo_format", "", QT_TR_NOOP("Only PNG and JPEG pictures can be attached.")),
    Refusal("photo_too_large", "", QT_TR_NOOP(
        "The picture is larger than {max_mib} MiB; take a smaller one."),
        argument="max_mib"),
    Refusal("photo_too_many", "", QT_TR_NOOP(
        "A job keeps at most {max} photos; delete one first."), argument="max"),
    Refusal("photo_missing", "", QT_TR_NOOP("The photo no longer exists.")),
    Refusal("review_own_job", "", QT_TR_NOOP(
        "You cannot review your own job; another manager reviews it.")),
    Refusal("unreview_reason_required", "reason",
            QT_TR_NOOP("Give a reason for undoing the review.")),
    Refusal("completed_by_job", "", QT_TR_NOOP(
        "A ticket is completed by finishing its on-site job's work report.")),

    # ---- callback tasks, attempts and surveys (revision 0021, db/sql/callbacks/) ------
    Refusal("task_missing", "", QT_TR_NOOP("The callback task no longer exists.")),
    Refusal("task_closed", "", QT_TR_NOOP(
        "The callback task is {state} already; reload the list."),
        argument="state", labels=(("state", "callback_state"),)),
    Refusal("attempt_outcome_invalid", "outcome", QT_TR_NOOP(
        "Choose what came of the call: no answer, busy, wrong number, call back later or "
        "refused. A reached customer's answers are saved as a survey.")),
    Refusal("call_back_time_required", "call_back_at", QT_TR_NOOP(
        "Enter when the customer asked to be called back.")),
    Refusal("call_back_time_range", "call_back_at", QT_TR_NOOP(
        "The call-back must be later than now and no later than the task's last day, "
        "{latest}."), argument="latest"),
    Refusal("survey_own_job", "", QT_TR_NOOP(
        "You did this job: another colleague records its customer's survey.")),
    Refusal("survey_incomplete", "answers", QT_TR_NOOP(
        "Give a score for every question before saving the survey.")),
    Refusal("survey_score_range", "score", QT_TR_NOOP(
        "A score is a whole number from 1 to 5.")),
    Refusal("survey_frozen", "", QT_TR_NOOP(
        "The survey's answers are frozen. Record a correction instead: it keeps the "
        "original and becomes the current survey.")),
    Refusal("survey_missing", "", QT_TR_NOOP("The survey no longer exists.")),
    Refusal("survey_corrected", "", QT_TR_NOOP(
        "This survey has been corrected already; change the latest correction instead.")),

    # ---- complaints (revision 0021, db/sql/callbacks/) ---------------------------------
    Refusal("complaint_missing", "", QT_TR_NOOP("The complaint no longer exists.")),
    Refusal("complaint_state", "", QT_TR_NOOP(
        "The complaint is {state}; this cannot be done now. Reload it to see what "
        "changed."), argument="state", labels=(("state", "complaint_state"),)),
    Refusal("complaint_summary_required", "summary",
            QT_TR_NOOP("Say in a few words what the customer complains about.")),
    Refusal("complaint_resolution_required", "resolution",
            QT_TR_NOOP("Describe how the complaint was resolved.")),
    Refusal("complaint_acceptance_required", "customer_accepted", QT_TR_NOOP(
        "Say whether the customer accepts the resolution: only an accepted one is "
        "closed; otherwise the complaint is reopened.")),
    Refusal("complaint_owner_unknown", "owner", QT_TR_NOOP(
        "{owner} cannot own complaints: choose an active operator who handles "
        "complaints."), argument="owner"),

    # ---- inquiries (revision 0021, db/sql/callbacks/) ----------------------------------
    Refusal("inquiry_question_required", "question",
            QT_TR_NOOP("Enter the customer's question.")),
    Refusal("inquiry_converted", "inquiry_id", QT_TR_NOOP(
        "This inquiry has already become a ticket or a pre-order, or it is another "
        "customer's; log a new inquiry.")),
    Refusal("inquiry_missing", "inquiry_id", QT_TR_NOOP("The inquiry no longer exists.")),

    # ---- callback statistics and the dealer's list (revision 0021) ---------------------
    Refusal("dealer_row_invalid", "", QT_TR_NOOP(
        "Row {row} of the list: {label} {problem}. Nothing was imported; correct the row "
        "and import the list again."),
        labels=(("label", "field"), ("problem", "dealer_row_problem"))),
    Refusal("dealer_rows_required", "rows", QT_TR_NOOP("The list has no rows to import.")),
    Refusal("dealer_rows_too_many", "rows", QT_TR_NOOP(
        "The list has more than {max} rows; import it in parts."), argument="max"),
    Refusal("stats_period_order", "to", QT_TR_NOOP("The period ends before it starts.")),
    Refusal("stats_period_too_long", "to", QT_TR_NOOP(
        "A statistics period is at most {years} years long."), argument="years"),

    # ---- commission months: the run, statements, settling (revision 0022, cm-month) ----
    Refusal("commission_month_future", "month", QT_TR_NOOP(
        "The month {month} has not begun; a month can be calculated from its first day "
        "on."), argument="month"),
    Refusal("commission_month_not_ended", "month", QT_TR_NOOP(
        "The month {month} has not ended yet; a month is settled after its last day."),
        argument="month"),
    Refusal("commission_month_not_run", "month", QT_TR_NOOP(
        "The month {month} has not been calculated yet; calculate it, check and confirm "
        "the statements, then settle it."), argument="month"),
    Refusal("commission_period_changed", "", QT_TR_NOOP(
        "The month {month} was calculated again or changed meanwhile. Reload it, check "
        "the statements and settle again."), argument="month"),
    Refusal("adjustment_pending", "", QT_TR_NOOP(
        "{count} manual rewards or penalties of this month still wait for approval; "
        "approve or reject them first."), argument="count"),
    Refusal("statement_missing", "", QT_TR_NOOP(
        "{payee} has commission lines this month but no statement; calculate the month "
        "again."), argument="payee"),
    Refusal("statement_not_confirmed", "", QT_TR_NOOP(
        "The statement of {payee} is not confirmed; confirm every statement before "
        "settling the month."), argument="payee"),
    Refusal("statement_stale", "", QT_TR_NOOP(
        "The statement of {payee} no longer matches its lines (lines were added or "
        "removed since it was calculated); calculate the month again."),
        argument="payee"),
    Refusal("statement_unknown", "", QT_TR_NOOP(
        "The statement no longer exists (the month was calculated again); reload the "
        "list.")),
    Refusal("statement_state", "", QT_TR_NOOP(
        "The statement is {state} now, so this cannot be done; reload it."),
        argument="state", labels=(("state", "statement_state"),)),
    Refusal("statement_changed", "", QT_TR_NOOP(
        "The statement of {payee} was calculated again, confirmed or reopened "
        "meanwhile. Reload it and try again."), argument="payee"),

    # ---- operators (revision 0002 raises these HINTs) ----------------------------------
    Refusal("operator_code_required", "code", QT_TR_NOOP("Enter the operator code.")),
    Refusal("operator_code_invalid", "code", QT_TR_NOOP(
        "The operator code must be 2-30 letters, digits or _ and start with a letter (for "
        "example zhangmin or a001).")),
    Refusal("operator_code_reserved", "code",
            QT_TR_NOOP("{code} is reserved; choose another code."), argument="code"),
    Refusal("operator_name_required", "name", QT_TR_NOOP("Enter the operator's name.")),
    Refusal("operator_name_too_long", "name",
            QT_TR_NOOP("The name is too long (at most 50 characters).")),
    Refusal("password_required", "password",
            QT_TR_NOOP("Enter a password for the new operator.")),
    Refusal("password_too_short", "password",
            QT_TR_NOOP("The password must have at least {n} characters."), argument="n"),
    Refusal("password_is_code", "password",
            QT_TR_NOOP("The password must not be the operator code.")),
    Refusal("passwords_differ", "confirm", QT_TR_NOOP("The two passwords do not match.")),
    Refusal("current_password_wrong", "current", QT_TR_NOOP("The current password is wrong.")),
    Refusal("password_not_hashed", "password", QT_TR_NOOP(
        "The password reached the server unhashed and was not stored. Update the client.")),
    Refusal("operator_exists", "code", QT_TR_NOOP("Operator {code} already exists."),
            argument="code"),
    Refusal("no_operator", "code", QT_TR_NOOP("There is no operator {code}."), argument="code"),
    Refusal("disable_self", "active", QT_TR_NOOP("You cannot disable your own account.")),
    Refusal("demote_self", "capabilities", QT_TR_NOOP(
        "You cannot take away your own right to administer operators.")),
    Refusal("capability_unknown", "capabilities", QT_TR_NOOP("Unknown capability: {names}"),
            argument="names"),
    Refusal("template_unknown", "template", QT_TR_NOOP("Unknown position template.")),
    # session_start refuses these at login; the session turns them into ConnectErrors
    Refusal("not_an_operator", "", NotAnOperator.default_message, argument="code"),
    Refusal("operator_disabled", "", LoginDisabled.default_message, argument="code"),
    # 42501 from app.need(): DETAIL (or the HINT's tail) is the capability's code
    Refusal("denied", "", PermissionDenied.default_message, argument="action"),
    Refusal("capability", "", PermissionDenied.default_message, argument="action"),

    # ---- master data values (domain/masterdata.py) -------------------------------------
    Refusal("value_required", "", QT_TR_NOOP("This field is required.")),
    Refusal("value_too_long", "", QT_TR_NOOP("Too long: at most {max_len} characters."),
            argument="max_len"),
    Refusal("code_required", "code", QT_TR_NOOP("Enter a code.")),
    Refusal("code_invalid", "code", QT_TR_NOOP(
        "The code {value} is not valid: use 1-30 letters, digits, - or _ (no spaces)."),
        argument="value"),
    Refusal("amount_required", "", QT_TR_NOOP("Enter an amount.")),
    Refusal("amount_not_a_number", "", QT_TR_NOOP("{value} is not an amount."), argument="value"),
    Refusal("amount_decimals", "", QT_TR_NOOP("An amount has at most 2 decimals.")),
    Refusal("amount_negative", "", QT_TR_NOOP("The amount cannot be negative.")),
    Refusal("amount_too_large", "", QT_TR_NOOP("The amount is too large.")),
    Refusal("whole_number_required", "", QT_TR_NOOP("Enter a whole number.")),
    Refusal("number_out_of_range", "", QT_TR_NOOP("Enter a number from {minimum} to {maximum}.")),
    Refusal("date_required", "", QT_TR_NOOP("Enter a date.")),
    Refusal("choice_invalid", "", QT_TR_NOOP("{value} is not one of: {choices}.")),
    Refusal("dictionary_kind_unknown", "kind", QT_TR_NOOP("Unknown list {kind}."),
            argument="kind"),
    Refusal("dictionary_value_missing", "from_value", QT_TR_NOOP("{value} is not in the list."),
            argument="value"),
    Refusal("dictionary_merge_self", "into_value",
            QT_TR_NOOP("A value cannot be merged into itself.")),
    Refusal("search_too_short", "full_text",
            QT_TR_NOOP("Type at least two characters to search all tickets.")),
    Refusal("tree_self", "parent_id", QT_TR_NOOP("An entry cannot be placed under itself.")),
    Refusal("tree_parent_missing", "parent_id",
            QT_TR_NOOP("The chosen parent no longer exists.")),
    Refusal("tree_cycle", "parent_id",
            QT_TR_NOOP("An entry cannot be placed under one of its own sub-entries.")),

    # ---- front desk settings and notice channels ---------------------------------------
    Refusal("shop_name_required", "shop_name", QT_TR_NOOP("Enter the shop name.")),
    Refusal("setting_out_of_range", "", QT_TR_NOOP("Enter a number from {low} to {high}.")),
    Refusal("template_too_long", "", QT_TR_NOOP(
        "The notice text is longer than {limit} characters.")),
    # domain/notices.py check_template: {known} lists the placeholders a template may use
    Refusal("template_placeholder_unknown", "template", QT_TR_NOOP(
        "Unknown placeholder {placeholder} in the template. Use only: {known}.")),
    Refusal("template_brace_unpaired", "template", QT_TR_NOOP(
        "The brace at character {position} of the template is not paired. A value is "
        "written as a name in braces; to show a brace itself, write it twice.")),
    Refusal("template_value_missing", "", QT_TR_NOOP(
        "The text uses {placeholder} ({label}), which is not filled in: enter it under "
        "Shop above, or take {placeholder} out of the text."),
            labels=(("label", "placeholder"),)),
    Refusal("template_value_unknown", "", QT_TR_NOOP(
        "A notice of this kind has no value for {placeholder} ({label}), so it would be "
        "sent with a gap. Use only: {known}."), labels=(("label", "placeholder"),)),
    Refusal("calendar_line_invalid", "", QT_TR_NOOP(
        "Line {line} is not a date: {value}. Write one date per line as yyyy-MM-dd.")),
    Refusal("calendar_day_past", "", QT_TR_NOOP(
        "{value} is in the past; only today and later days can be changed.")),
    Refusal("calendar_day_twice", "workdays", QT_TR_NOOP(
        "{value} is both a holiday and a working day.")),
    Refusal("recipient_phone_invalid", "recipient", QT_TR_NOOP(
        "{value} is not a mobile phone number. A text message goes to an 11-digit mobile "
        "number, for example 138 1234 5678.")),
    Refusal("recipient_email_invalid", "recipient",
            QT_TR_NOOP("{value} is not an e-mail address.")),
    Refusal("setting_missing", "", QT_TR_NOOP("The setting {setting} is required.")),
    Refusal("setting_invalid", "", QT_TR_NOOP(
        "The setting {setting} has an invalid value: {value}.")),
    Refusal("setting_not_text", "", QT_TR_NOOP("The setting {setting} must be text.")),

    # ---- stocktake (revision 0017) -------------------------------------------------------
    Refusal("stocktake_warehouse_required", "warehouse",
            QT_TR_NOOP("Choose the warehouse to count.")),
    Refusal("stocktake_open_exists", "warehouse", QT_TR_NOOP(
        "The warehouse is being counted already (stocktake {number}); post or cancel that "
        "sheet first."), "number"),
    Refusal("stocktake_too_many_lines", "", QT_TR_NOOP(
        "At most {max} lines can be sent at once; send the counts in parts."), "max"),
    Refusal("stocktake_call_too_large", "", QT_TR_NOOP(
        "That is more than one stocktake call takes (at most {max} bytes); send the counts "
        "in parts."), "max"),
    Refusal("stocktake_not_open", "", QT_TR_NOOP(
        "Stocktake {number} is no longer open for counting."), "number"),
    Refusal("stocktake_posted", "", QT_TR_NOOP(
        "Stocktake {number} is posted already; a sheet is posted once."), "number"),
    Refusal("stocktake_not_posted", "", QT_TR_NOOP(
        "Stocktake {number} is not posted: decisions are made on a posted sheet."), "number"),
    Refusal("stocktake_line_not_flagged", "decision", QT_TR_NOOP(
        "Line {line} needs no decision: only lines whose item moved during the count and "
        "whose count disagrees with the book wait for one.")),
    Refusal("stocktake_line_decided", "decision", QT_TR_NOOP(
        "Line {line} has been decided already.")),

    # ---- dispatch: assigning a ticket's job (revision 0018) -------------------------------
    Refusal("visit_overlap", "visit_start", QT_TR_NOOP(
        "The technician is already booked from {start} to {end} (ticket {number}, travel "
        "time included). Choose another time or another technician.")),
    Refusal("visit_booked", "visit_start", QT_TR_NOOP(
        "The technician is already booked at that time (travel time included). Choose "
        "another time or another technician.")),
    Refusal("visit_range", "visit_end", QT_TR_NOOP(
        "The appointment must end after it starts and last at most {hours} hours."),
        "hours"),
    Refusal("visit_required", "visit_start", QT_TR_NOOP(
        "An on-site job needs the appointment: enter when the visit starts and ends.")),
    Refusal("dispatch_assignee_required", "technician_id", QT_TR_NOOP(
        "Choose either a technician or a service outlet.")),
    Refusal("dispatch_work_type_mismatch", "technician_id", QT_TR_NOOP(
        "{technician} is not set up for the work type {work_type}. Choose another "
        "technician, or give a reason to assign anyway.")),
    Refusal("dispatch_region_mismatch", "technician_id", QT_TR_NOOP(
        "{technician} does not cover the region {region}. Choose another technician, or "
        "give a reason to assign anyway.")),
    Refusal("dispatch_reason_required", "reason", QT_TR_NOOP(
        "Give a reason for taking the job away from {assignee}."), "assignee"),
    Refusal("technician_inactive", "technician_id", QT_TR_NOOP(
        "{name} is not an active technician: only active employees marked as technicians "
        "take jobs."), "name"),
    Refusal("outlet_inactive", "outlet_id", QT_TR_NOOP(
        "The service outlet {name} is not active."), "name"),
    Refusal("job_not_active", "", QT_TR_NOOP(
        "The job is no longer assigned (it was finished, reviewed or unassigned "
        "meanwhile). Reload to see it.")),
    Refusal("job_stale", "", QT_TR_NOOP(
        "The job was changed by someone else meanwhile. Reload it and try again.")),
    Refusal("dispatch_call_too_large", "", QT_TR_NOOP(
        "That is more than a dispatch call takes (at most {max} bytes)."), "max"),

    # ---- commission lines, shares, months (revision 0022, db/sql/commissions/, cm-lines) -
    Refusal("commission_month_settled", "", QT_TR_NOOP(
        "The commissions of {month} are settled: a paid month never changes. A correction "
        "goes into the next open month."), "month"),
    Refusal("job_shares_sum", "shares", QT_TR_NOOP(
        "The shares add up to {total} %; together they must make exactly 100 %."), "total"),
    Refusal("job_shares_duplicate", "shares", QT_TR_NOOP(
        "{name} is listed twice in the shares: give each technician one share."), "name"),
    Refusal("job_shares_not_technician", "shares", QT_TR_NOOP(
        "{name} is not an active technician: only active employees marked as technicians "
        "share a job."), "name"),
    Refusal("job_shares_outlet", "", QT_TR_NOOP(
        "The job is a service outlet's: its commission goes to the outlet, it has no "
        "shares.")),
    Refusal("adjust_payee_required", "employee_id", QT_TR_NOOP(
        "Choose either an employee or a service outlet.")),
    Refusal("adjust_amount_zero", "amount", QT_TR_NOOP(
        "Enter an amount other than zero: more than zero for a reward, less for a "
        "penalty.")),
    Refusal("adjust_reason_required", "reason", QT_TR_NOOP(
        "Give a reason for the reward or penalty.")),
    Refusal("adjust_not_proposed", "", QT_TR_NOOP(
        "This reward or penalty has been decided already. Reload to see it.")),
    Refusal("adjust_own_proposal", "", QT_TR_NOOP(
        "You proposed this reward or penalty yourself; another manager approves or "
        "rejects it.")),
    Refusal("adjust_note_required", "note", QT_TR_NOOP(
        "Say why the reward or penalty is rejected.")),
    # ---- technicians' pay: rules (revision 0022, cm-rules; table constraints) ---------
    Refusal("commission_rule_overlap", "valid_from", QT_TR_NOOP(
        "Another commission rule for this service mode and work type is valid on some of "
        "these days. End the other rule the day before this one starts, or choose other "
        "days.")),
    Refusal("hours_rule_overlap", "valid_from", QT_TR_NOOP(
        "Another hours scheme is valid on some of these days. End it the day before this "
        "one starts, or choose other days.")),
    Refusal("rework_rule_overlap", "valid_from", QT_TR_NOOP(
        "Another rework charge-back rule is valid on some of these days. End it the day "
        "before this one starts, or choose other days.")),
    Refusal("rule_amount_or_rate", "amount", QT_TR_NOOP(
        "A fixed-amount rule takes an amount and no rate; a percentage rule takes a rate "
        "and no amount. Enter the one its kind needs.")),
    Refusal("valid_to_before_from", "valid_to", QT_TR_NOOP(
        "The last valid day cannot be before the first valid day.")),
    Refusal("rated_below_basic_hours", "rated_hours", QT_TR_NOOP(
        "The rated hours cannot be fewer than the basic hours.")),
    Refusal("auto_threshold_required", "threshold", QT_TR_NOOP(
        "A survey trigger needs the score it compares with (1 to 5); the other items take "
        "no score.")),
    Refusal("overdue_rule_active_twice", "service_mode", QT_TR_NOOP(
        "There is already an active overdue rule for this service mode. Deactivate it "
        "first, or choose another service mode.")),

    # ---- workbook imports ------------------------------------------------------------
    Refusal("cell_not_a_date", "", QT_TR_NOOP("{value} is not a date; write it as 2023-05-01.")),
    Refusal("cell_not_yes_no", "", QT_TR_NOOP("{value} is not 是 or 否 (yes or no).")),
    Refusal("grade_unknown", "grade", QT_TR_NOOP("Unknown customer grade {value}.")),
    Refusal("item_kind_unknown", "kind",
            QT_TR_NOOP("{value} is not 成品 (product) or 配件 (part).")),

    # ---- list filters that cannot be read (domain/filters.py); also the columns' help --
    Refusal("filter_int", "", QT_TR_NOOP(
        "Enter a whole number such as 100, a comparison such as >100 or <=5, "
        "or a range such as 10..20.")),
    Refusal("filter_money", "", QT_TR_NOOP(
        "Enter an amount such as 100 or 99.50, a comparison such as >100, "
        "or a range such as 10..20.")),
    Refusal("filter_quantity", "", QT_TR_NOOP(
        "Enter a number such as 2 or 1.5, a comparison such as >2, or a range such as 1..5.")),
    Refusal("filter_date", "", QT_TR_NOOP(
        "Enter a date as 2026-11-23, a month as 2026-11, a range such as "
        "2026-11-01..2026-11-30, or a comparison such as >2026-11-01.")),
    Refusal("filter_bool", "", QT_TR_NOOP("Enter yes or no (是 or 否).")),
    Refusal("filter_phone", "", QT_TR_NOOP(
        "A phone filter takes digits only, for example 138 or 5678.")),
    Refusal("filter_backwards", "", QT_TR_NOOP(
        "The range starts after it ends ({low}..{high}); swap the two values.")),
    Refusal("filter_no_such_date", "", QT_TR_NOOP("{value} is not a date on the calendar.")),

    # ---- what table constraints say (domain/constraints.py maps each constraint here);
    # {label} is the field's label, never a value of the row ----------------------------
    Refusal("field_required", "", QT_TR_NOOP("{label}: enter a value."),
            labels=(("label", "field"),)),
    Refusal("field_too_long", "", QT_TR_NOOP("{label} is too long (at most {max} characters)."),
            labels=(("label", "field"),)),
    Refusal("field_required_short", "", QT_TR_NOOP(
        "{label}: enter a value of at most {max} characters."), labels=(("label", "field"),)),
    Refusal("field_negative", "", QT_TR_NOOP("{label} cannot be negative."),
            labels=(("label", "field"),)),
    Refusal("field_not_positive", "", QT_TR_NOOP("{label} must be more than zero."),
            labels=(("label", "field"),)),
    Refusal("field_out_of_range", "", QT_TR_NOOP("{label} must be between {min} and {max}."),
            labels=(("label", "field"),)),
    Refusal("field_choice_invalid", "", QT_TR_NOOP("{label}: choose one of the listed values."),
            labels=(("label", "field"),)),
    Refusal("field_code_format", "", QT_TR_NOOP(
        "{label}: use {min} to {max} lower-case letters a-z or _."), labels=(("label", "field"),)),
    Refusal("field_spelling", "", QT_TR_NOOP(
        "{label}: no blanks at either end and only single spaces between words."),
        labels=(("label", "field"),)),
    Refusal("field_phone_format", "", QT_TR_NOOP(
        "{label}: not a phone number as it is stored. Enter an 11-digit mobile number or a "
        "landline with its area code, for example 010-12345678."),
        labels=(("label", "field"),)),
    Refusal("field_taken", "", QT_TR_NOOP("{label} {value} is already used."),
            labels=(("label", "field"),)),
    Refusal("field_taken_here", "", QT_TR_NOOP(
        "There is already an entry with this {label} at this place."),
        labels=(("label", "field"),)),
    Refusal("field_listed_twice", "", QT_TR_NOOP("{label}: an entry is listed twice."),
            labels=(("label", "field"),)),
    # what a value sent past the form is refused with (app.arg_* and the limits of
    # domain/limits.py): the field's label and its bounds
    Refusal("field_date_invalid", "", QT_TR_NOOP("{label}: enter a date from {min} to {max}."),
            labels=(("label", "field"),)),
    Refusal("field_time_invalid", "", QT_TR_NOOP(
        "{label}: enter a date and time from {min} to {max}."), labels=(("label", "field"),)),
    Refusal("field_amount_invalid", "", QT_TR_NOOP(
        "{label}: enter an amount such as 12.50."), labels=(("label", "field"),)),
    Refusal("field_amount_too_large", "", QT_TR_NOOP("{label}: the amount is too large."),
            labels=(("label", "field"),)),
    Refusal("field_number_invalid", "", QT_TR_NOOP("{label}: enter a number."),
            labels=(("label", "field"),)),
    Refusal("field_yes_no", "", QT_TR_NOOP("{label}: choose yes or no."),
            labels=(("label", "field"),)),
    Refusal("field_malformed", "", QT_TR_NOOP(
        "{label} has the wrong form. Reload and try again."), labels=(("label", "field"),)),
    Refusal("reference_missing", "", QT_TR_NOOP(
        "{label}: the selected entry no longer exists or is not allowed here; reload and "
        "choose again."), labels=(("label", "field"),)),
    Refusal("still_in_use", "", QT_TR_NOOP(
        "This entry is still in use and cannot be removed; deactivate it instead.")),
    Refusal("record_inconsistent", "", QT_TR_NOOP(
        "The change would leave the record inconsistent, so nothing was saved. Reload it "
        "and try again; if it happens again, tell your administrator.")),
    Refusal("already_recorded", "", QT_TR_NOOP(
        "This was already recorded (perhaps by someone else just now). Reload to see it.")),

    # ---- commission settings (cm-ui-rules): the form's numbers, the rule in the way ------
    Refusal("number_decimals", "", QT_TR_NOOP("Enter at most {scale} decimals.")),
    Refusal("rule_validity_overlap", "valid_from", QT_TR_NOOP(
        "These days overlap another rule of the same kind, valid from {valid_from} to "
        "{valid_to}. End that rule the day before this one starts, or start this one after "
        "it.")),
    Refusal("rule_delete_unknown", "", QT_TR_NOOP(
        "Only who sees every commission line can tell whether lines use this rule, so it "
        "cannot be deleted here. End it instead (Valid until).")),

    # ---- values the database could not take (SQLSTATE class 22) and server states ------
    Refusal("data_too_long", "", QT_TR_NOOP("A value is too long.")),
    Refusal("data_number_too_large", "", QT_TR_NOOP("A number is too large.")),
    Refusal("data_malformed", "", QT_TR_NOOP(
        "A value has the wrong form (for example letters where a number belongs).")),
    Refusal("data_datetime_invalid", "", QT_TR_NOOP("A date or time is not valid.")),
    Refusal("data_invalid", "", QT_TR_NOOP("A value is not valid here.")),
    Refusal("server_busy", "", QT_TR_NOOP(
        "The server is short of resources right now. Nothing was changed; try again in a "
        "moment.")),
    Refusal("read_only", "", QT_TR_NOOP(
        "The server accepts no changes right now (it is read-only). Nothing was changed.")),
]

REFUSALS: dict[str, Refusal] = {}
for _entry in _ENTRIES:
    if _entry.code in REFUSALS:
        raise AssertionError(f"refusal {_entry.code} is listed twice")
    REFUSALS[_entry.code] = _entry
del _entry


def _label_table(name: str) -> Mapping[str, str]:
    """Value -> English label tables that refusal arguments are shown with."""
    # imported here: these rule modules raise refusals themselves
    from aftersales_desktop.domain import (
        callbacks,
        commissions,
        complaints,
        dealer_list,
        dispatch,
        fees,
        notices,
        tickets,
        warranty,
    )
    from aftersales_desktop.domain.constraints import FIELD_LABELS

    tables: dict[str, Mapping[str, str]] = {
        "ticket_status": tickets.STATUSES, "preorder_state": tickets.PREORDER_STATES,
        "warranty_class": warranty.WARRANTY_CLASSES, "billed_to": fees.BILLED_TO,
        "field": FIELD_LABELS, "placeholder": notices.PLACEHOLDERS,
        "job_state": dispatch.JOB_STATES, "report_field": dispatch.REPORT_FIELDS,
        "complaint_state": complaints.STATES,
        "callback_state": callbacks.TASK_STATES,
        "dealer_row_problem": dealer_list.ROW_PROBLEMS,
        "statement_state": commissions.STATEMENT_STATES,
    }
    return tables[name]


def refuse(code: str, /, *, field: str | None = None, error_class: type[Refused] = Refused,
           **arguments: Any) -> Refused:
    """The error for refusal `code`, to raise; `field` overrides the catalogue's (a
    validator used for several form fields)."""
    entry = REFUSALS[code]
    translated = []
    for name, table in entry.labels:
        if name in arguments:
            value = arguments[name]
            if table == SOURCE_TEXT:
                translated.append(name)
                continue
            label = _label_table(table).get(str(value))
            if label is not None:
                arguments[name] = label
                translated.append(name)
    return error_class(code, entry.field if field is None else field, entry.message,
                       translated=translated, **arguments)


def on_field(error: ValidationError, field: str) -> ValidationError:
    """The same refusal, now shown at another form field (a sub-form's field in a page)."""
    error.field = field
    return error


def arguments_from_detail(entry: Refusal, detail: str) -> dict[str, Any]:
    """The message arguments a plain-text SQL DETAIL carries for `entry`."""
    if not entry.argument or not detail:
        return {}
    for separator in ("|", ">"):
        if separator in entry.argument:
            names = entry.argument.split(separator)
            values = detail.split(separator, len(names) - 1)
            return dict(zip(names, values, strict=False))
    return {entry.argument: detail}
