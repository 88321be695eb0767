"""The shapes of the tables the client reads, declared once.

Lightweight `table()` constructs: only the columns some list or query reads, no
metadata to keep in step with the migrations (db/versions/ and db/sql/ are the truth).
Every list source and query imports its tables from here; a table is never declared a
second time elsewhere. Sections follow the modules; a new module adds its own section.
"""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Integer,
    Numeric,
    Text,
    column,
    table,
)
from sqlalchemy.dialects.postgresql import INET, TSTZRANGE

# -- administration and audit ----------------------------------------------------------

operator_table = table(
    "operator",
    column("code", Text),
    column("name", Text),
    column("active", Boolean),
    column("created_at", DateTime(timezone=True)),
    column("created_by", Text),
    schema="app",
)

login_event_table = table(
    "login_event",
    column("id", BigInteger),
    column("at", DateTime(timezone=True)),
    column("operator", Text),
    column("event", Text),
    column("workstation", Text),
    column("application", Text),
    column("client_addr", INET),
    column("detail", Text),
    schema="audit",
)

change_log_table = table(
    "change_log",
    column("id", BigInteger),
    column("at", DateTime(timezone=True)),
    column("tx", BigInteger),
    column("operator", Text),
    column("application", Text),
    column("client_addr", INET),
    column("table_name", Text),
    column("record_key", Text),
    column("action", Text),
    column("changed", ARRAY(Text)),
    schema="audit",
)

# -- master data: customers and the catalogue ---------------------------------------------

customer_table = table(
    "customer",
    column("id", BigInteger), column("code", Text), column("name", Text),
    column("grade", Text), column("address", Text), column("region_id", BigInteger),
    column("active", Boolean),
    schema="app",
)
customer_phone_table = table(
    "customer_phone",
    column("customer_id", BigInteger), column("phone", Text), column("is_primary", Boolean),
    schema="app",
)
item_table = table(
    "item",
    column("id", BigInteger), column("code", Text), column("name", Text), column("kind", Text),
    column("category_id", BigInteger), column("brand", Text), column("model", Text),
    column("unit", Text), column("barcode", Text), column("sale_price", Numeric(12, 2)),
    column("default_warranty_months", Integer), column("min_stock", Numeric(12, 2)),
    column("active", Boolean),
    schema="app",
)
item_category_table = table(
    "item_category",
    column("id", BigInteger), column("parent_id", BigInteger), column("name", Text),
    column("active", Boolean),
    schema="app",
)
item_cost_table = table(
    "item_cost",
    column("item_id", BigInteger), column("cost_price", Numeric(12, 2)),
    schema="app",
)
dictionary_entry_table = table(
    "dictionary_entry",
    column("id", BigInteger), column("kind", Text), column("value", Text),
    column("active", Boolean), column("merged_into", BigInteger), column("uses", Integer),
    schema="app",
)

# -- master data: organisation -----------------------------------------------------------

employee_table = table(
    "employee",
    column("id", BigInteger), column("code", Text), column("name", Text), column("phone", Text),
    column("department_id", BigInteger), column("position_id", BigInteger),
    column("grade", Text), column("hire_date", Date), column("is_technician", Boolean),
    column("operator_code", Text), column("active", Boolean),
    schema="app",
)
department_table = table(
    "department",
    column("id", BigInteger), column("parent_id", BigInteger), column("name", Text),
    column("active", Boolean),
    schema="app",
)
staff_position_table = table(
    "staff_position",
    column("id", BigInteger), column("department_id", BigInteger), column("name", Text),
    column("active", Boolean),
    schema="app",
)
region_table = table(
    "region",
    column("id", BigInteger), column("parent_id", BigInteger), column("name", Text),
    column("level", Text), column("active", Boolean),
    schema="app",
)
service_outlet_table = table(
    "service_outlet",
    column("id", BigInteger), column("code", Text), column("name", Text),
    column("contact", Text), column("phone", Text), column("address", Text),
    column("region_id", BigInteger), column("settlement_terms", Text), column("active", Boolean),
    schema="app",
)

# -- master data: warehouses and service settings -------------------------------------------

warehouse_table = table(
    "warehouse",
    column("id", BigInteger), column("code", Text), column("name", Text), column("type", Text),
    column("keeper_id", BigInteger), column("active", Boolean),
    schema="app",
)
work_type_table = table(
    "work_type",
    column("id", BigInteger), column("code", Text), column("name", Text),
    column("labour_fee", Numeric(12, 2)), column("standard_hours", Numeric(6, 2)),
    column("active", Boolean), column("hours_kind", Text),  # hours_kind: revision 0022
    schema="app",
)
reward_penalty_item_table = table(
    "reward_penalty_item",
    column("id", BigInteger), column("code", Text), column("name", Text),
    column("amount", Numeric(12, 2)), column("active", Boolean),
    column("auto", Text), column("threshold", Integer),  # revision 0022
    schema="app",
)
overdue_rule_table = table(
    "overdue_rule",
    column("id", BigInteger), column("name", Text), column("amount_per_day", Numeric(12, 2)),
    column("grace_days", Integer), column("active", Boolean),
    column("service_mode", Text),  # revision 0022: NULL = every mode
    schema="app",
)

# -- front desk ------------------------------------------------------------------------

ticket_table = table(
    "ticket",
    column("id", BigInteger),
    column("number", Text),
    column("received_at", DateTime(timezone=True)),
    column("received_on", Date),
    column("received_by", Text),
    column("customer_id", BigInteger),
    column("customer_name", Text),
    column("product", Text),
    column("brand", Text),
    column("model", Text),
    column("serial", Text),
    column("fault", Text),
    column("visit", Text),
    column("address", Text),
    column("region_id", BigInteger),
    column("urgent", Boolean),
    column("promised_on", Date),
    column("warranty_class", Text),
    column("technician_id", BigInteger),
    column("status", Text),
    column("status_at", DateTime(timezone=True)),
    column("location_label", Text),
    column("notice_count", Integer),
    column("fee_total", Numeric(12, 2)),
    column("settled", Boolean),
    column("rework_of", BigInteger),
    column("search_text", Text),
    schema="app",
)

# the ticket list's summary counted ahead (revision 0013): the tally and the changes not
# folded into it yet, which add up to the same GROUP BY over app.ticket
ticket_tally_table = table(
    "ticket_tally",
    column("status", Text),
    column("warranty_class", Text),
    column("visit", Text),
    column("urgent", Boolean),
    column("tickets", BigInteger),
    column("fee_total", Numeric),
    schema="app",
)

ticket_tally_change_table = table(
    "ticket_tally_change",
    column("status", Text),
    column("warranty_class", Text),
    column("visit", Text),
    column("urgent", Boolean),
    column("tickets", Integer),
    column("fee_total", Numeric(12, 2)),
    schema="app",
)

preorder_table = table(
    "part_preorder",
    column("id", BigInteger),
    column("number", Text),
    column("customer_id", BigInteger),
    column("part_name", Text),
    column("quantity", Numeric(12, 2)),
    column("unit_price", Numeric(12, 2)),
    column("deposit", Numeric(12, 2)),
    column("state", Text),
    column("ordered_at", DateTime(timezone=True)),
    column("expected_on", Date),
    column("arrived_at", DateTime(timezone=True)),
    schema="app",
)

# -- stock (revision 0015) -------------------------------------------------------------------
# Costs (unit_cost, value, avg_*, value_*, a line's unit_cost and amount) are readable only
# with costs.view: a query naming them is refused to the others (column grants).

stock_balance_table = table(
    "stock_balance",
    column("item_id", BigInteger), column("warehouse_id", BigInteger),
    column("quantity", Numeric(12, 2)), column("unit_cost", Numeric(14, 4)),
    column("value", Numeric(14, 2)), column("last_move_id", BigInteger),
    schema="app",
)
stock_move_table = table(
    "stock_move",
    column("id", BigInteger), column("moved_at", DateTime(timezone=True)),
    column("item_id", BigInteger), column("warehouse_id", BigInteger),
    column("quantity", Numeric(12, 2)), column("qty_before", Numeric(12, 2)),
    column("qty_after", Numeric(12, 2)), column("unit_cost", Numeric(14, 4)),
    column("avg_after", Numeric(14, 4)), column("value_change", Numeric(14, 2)),
    column("value_after", Numeric(14, 2)), column("source", Text),
    column("document_id", BigInteger), column("ticket_id", BigInteger),
    column("operator", Text),
    schema="app",
)
stock_document_table = table(
    "stock_document",
    column("id", BigInteger), column("number", Text), column("kind", Text),
    column("state", Text), column("warehouse_id", BigInteger),
    column("to_warehouse_id", BigInteger), column("supplier", Text), column("reason", Text),
    column("remarks", Text), column("doc_date", Date), column("reversal_of", BigInteger),
    column("created_at", DateTime(timezone=True)), column("created_by", Text),
    column("posted_at", DateTime(timezone=True)), column("posted_by", Text),
    schema="app",
)
stock_document_line_table = table(
    "stock_document_line",
    column("id", BigInteger), column("document_id", BigInteger), column("line_no", Integer),
    column("item_id", BigInteger), column("quantity", Numeric(12, 2)),
    column("unit_cost", Numeric(14, 4)), column("amount", Numeric(14, 2)),
    column("serial", Text),
    schema="app",
)

# -- dispatch (revision 0018) ------------------------------------------------------------------
# Row security: an operator without a capability that sees every job (dispatch, review,
# callbacks, all commissions, reports) reads only the jobs, visits, work types done and
# photos of their own jobs.

job_table = table(
    "job",
    column("id", BigInteger), column("ticket_id", BigInteger), column("state", Text),
    column("assignee_kind", Text), column("technician_id", BigInteger),
    column("outlet_id", BigInteger), column("work_type_id", BigInteger),
    column("override_reason", Text), column("assigned_at", DateTime(timezone=True)),
    column("assigned_by", Text), column("started_at", DateTime(timezone=True)),
    column("finished_at", DateTime(timezone=True)), column("hours", Numeric(6, 2)),
    column("result", Text), column("fault_cause", Text), column("action", Text),
    column("notes", Text), column("customer_signed", Boolean),
    column("signed_at", DateTime(timezone=True)), column("reported_at", DateTime(timezone=True)),
    column("reported_by", Text), column("days_late", Integer),
    column("reviewed_at", DateTime(timezone=True)), column("reviewed_by", Text),
    column("review_note", Text), column("cancel_reason", Text), column("version", Integer),
    schema="app",
)
job_work_type_table = table(
    "job_work_type",
    column("job_id", BigInteger), column("work_type_id", BigInteger),
    column("quantity", Numeric(6, 2)),
    schema="app",
)
visit_table = table(
    "visit",
    column("id", BigInteger), column("job_id", BigInteger), column("ticket_id", BigInteger),
    column("technician_id", BigInteger), column("during", TSTZRANGE), column("state", Text),
    schema="app",
)

# -- callbacks and surveys (issue 13, revision 0021) -------------------------------------

callback_task_table = table(
    "callback_task",
    column("id", BigInteger), column("kind", Text), column("source", Text),
    column("ticket_id", BigInteger), column("job_id", BigInteger), column("round", Integer),
    column("customer_id", BigInteger), column("technician_id", BigInteger),
    column("service_mode", Text), column("region_id", BigInteger), column("dealer", Text),
    column("product", Text), column("purchase_date", Date), column("due_on", Date),
    column("expires_on", Date), column("state", Text), column("attempts", Integer),
    column("call_back_at", DateTime(timezone=True)),
    column("last_attempt_at", DateTime(timezone=True)),
    column("closed_at", DateTime(timezone=True)), column("closed_by", Text),
    column("created_at", DateTime(timezone=True)),
    schema="app",
)
callback_attempt_table = table(
    "callback_attempt",
    column("id", BigInteger), column("task_id", BigInteger),
    column("at", DateTime(timezone=True)), column("by_operator", Text),
    column("outcome", Text), column("note", Text),
    schema="app",
)
survey_question_table = table(
    "survey_question",
    column("id", BigInteger), column("code", Text), column("label", Text),
    column("kind", Text), column("dimension", Text), column("sort_order", Integer),
    schema="app",
)
survey_table = table(
    "survey",
    column("id", BigInteger), column("task_id", BigInteger), column("ticket_id", BigInteger),
    column("technician_id", BigInteger), column("customer_id", BigInteger),
    column("recorded_at", DateTime(timezone=True)), column("recorded_by", Text),
    column("usage", Text), column("suggestion", Text), column("notes", Text),
    column("corrects_id", BigInteger), column("frozen_at", DateTime(timezone=True)),
    column("lowest_score", Integer),
    schema="app",
)
survey_answer_table = table(
    "survey_answer",
    column("survey_id", BigInteger), column("question_id", BigInteger),
    column("score", Integer), column("answer", Text),
    schema="app",
)

# -- inquiries (咨询, revision 0021) -----------------------------------------------------------

inquiry_table = table(
    "inquiry",
    column("id", BigInteger), column("customer_id", BigInteger), column("topic", Text),
    column("channel", Text), column("product", Text), column("question", Text),
    column("answer", Text), column("answered_by", Text), column("at", DateTime(timezone=True)),
    column("ticket_id", BigInteger), column("preorder_id", BigInteger),
    schema="app",
)

# -- commission rules (提成设置, revision 0022; cm-ui-rules) ------------------------------------

commission_rule_table = table(
    "commission_rule",
    column("id", BigInteger), column("service_mode", Text), column("work_type_id", BigInteger),
    column("kind", Text), column("amount", Numeric(12, 2)), column("rate", Numeric(7, 4)),
    column("valid_from", Date), column("valid_to", Date), column("note", Text),
    schema="app",
)
commission_grade_factor_table = table(
    "commission_grade_factor",
    column("grade", Text), column("factor", Numeric(5, 3)),
    schema="app",
)
hours_rule_table = table(
    "hours_rule",
    column("id", BigInteger), column("valid_from", Date), column("valid_to", Date),
    column("other_weight", Numeric(4, 3)), column("rate_above_rated", Numeric(8, 2)),
    column("rate_basic_to_rated", Numeric(8, 2)), column("supervisor_factor", Numeric(4, 2)),
    column("supervisor_threshold", Numeric(5, 2)),
    schema="app",
)
rework_rule_table = table(
    "rework_rule",
    column("id", BigInteger), column("kind", Text), column("amount", Numeric(12, 2)),
    column("rate", Numeric(7, 4)), column("valid_from", Date), column("valid_to", Date),
    column("note", Text),
    schema="app",
)
