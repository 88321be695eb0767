"""Hostile input and lost updates: what `psql` with an operator's password can send is
refused naming the field, no function runs long on any input, and every editable
record's version moves in the database.

- Limits in the tables (the same table as aftersales_desktop/domain/limits.py, which
  tests/db/test_limits.py compares with the constraints): every text column a maximum
  length (`<table>_<column>_length`), every date and time a plausible range
  (`_range`), every number finite (`_finite`: numeric columns take NaN, which compares
  greater than any number and so passed every `>= 0`), the quantities and amounts of
  settlement lines and a ticket's fee total not negative, every coded column its values
  (`_choice`), JSON settings a size (`_size`), a promise within two years of the intake.
  The length parts of 0005's and 0008's combined checks move into `_length` ones, so
  each constraint says one thing and the client's message names the right field.
- `app.arg_id / arg_int / arg_bool / arg_date / arg_time / arg_money / arg_uuid /
  arg_text` read a JSON value as the type it must be (a text within its column's
  length) and refuse anything else naming the field
  (`app.arg_refusal`), instead of a cast failing with SQL talk; the front-desk actions
  read every value through them. A NULL answer, payment method or delivery result is
  refused (it passed as "declined", "none" and "failed"); `app.refuse` takes a NULL
  detail (a NULL id raised "RAISE statement option cannot be null").
- Bounded work: `app.text_bigrams` is linear and reads at most 3,000 characters (more
  than a ticket's search text can hold; 0006's took 4.5 s on 40,000), the customer
  lookup searches at most 100 characters, `app.add_working_days` counts 0-400 days in
  one query (it looped forever on 2,000,000,000), and the operator functions check a
  code exists before it reaches an index.
- `app.ticket_move` takes the version the screen loaded (two clients moving the same
  unit: the second is refused as stale). A BEFORE UPDATE trigger (`app.bump_version`)
  moves `version` on every editable record, whoever updates it: a plain UPDATE from
  psql makes a later save with the old version stale. Staff, regions, outlets, the
  catalogue and service settings, shop settings, calendar, templates and channels get a
  version; counters the server keeps (`ticket.notice_count`, `dictionary_entry.uses`)
  are not edits. The change log leaves the version out of an update's entry.
- An intake takes the day's number last: everything else (customer, device, the
  dictionary) is written first, so the counter row is locked for the ticket's own
  inserts only (numbers stay gapless: the lock is held to commit).
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0014"
down_revision = "0013"

_WHO = 63
_REASON = 200
# table -> column -> most characters (domain/limits.py TEXT_MAX, as of this revision)
TEXT_MAX = {
    "capability": {"code": 50, "label": 100},
    "position_template": {"code": 30, "label": 100},
    "template_capability": {"template": 30, "capability": 50},
    "operator": {"code": 30, "name": 50, "created_by": _WHO, "template": 30},
    "operator_capability": {"operator": 30, "capability": 50},
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
    "work_type": {"code": 30, "name": 50},
    "reward_penalty_item": {"code": 30, "name": 50},
    "overdue_rule": {"name": 50},
    "dictionary_entry": {"kind": 30, "value": 100},
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
}
JSON_MAX = {"shop_setting": {"value": 10000}, "notice_channel": {"config": 4000}}
WORKING = ("2000-01-01", "2199-12-31")
# table -> date column -> (earliest, latest)
DATES = {
    "device": {"purchase_date": ("1970-01-01", "2199-12-31")},
    "employee": {"hire_date": ("1950-01-01", "2199-12-31")},
    "part_preorder": {"expected_on": WORKING},
    "ticket": {"received_on": WORKING, "purchase_date": ("1970-01-01", "2199-12-31"),
               "promised_on": WORKING, "repair_warranty_until": WORKING},
    "ticket_counter": {"day": WORKING},
    "ticket_location": {"sent_on": WORKING, "expected_on": WORKING},
    "ticket_quote": {"decided_on": WORKING},
    "work_calendar": {"day": WORKING},
}
# table -> timestamp columns, all within the working years
TIMES = {
    "customer": ("created_at",), "customer_notice": ("due_at", "sent_at"),
    "device": ("created_at",), "dictionary_entry": ("created_at",),
    "operator": ("created_at", "password_changed_at", "updated_at"),
    "part_preorder": ("ordered_at", "arrived_at", "picked_up_at"),
    "settlement": ("settled_at", "voided_at"),
    "ticket": ("received_at", "appointment_at", "status_at", "picked_up_at"),
    "ticket_location": ("at",), "ticket_quote": ("created_at",), "ticket_status": ("at",),
}
NUMBERS = {
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
}
# (constraint, condition) the tables lacked
SIGNS = {
    "settlement_line": (("settlement_line_quantity_positive", "quantity > 0"),
                        ("settlement_line_amount_not_negative", "amount >= 0")),
    "ticket": (("ticket_fee_total_not_negative", "fee_total >= 0"),),
}
STATUSES = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory", "ready",
            "picked_up", "cancelled")
CHOICES = {
    "ticket": {"location_kind": ("shelf", "warehouse", "technician", "factory", "outlet",
                                 "customer")},
    "part_preorder": {"payment_method": ("cash", "wechat", "alipay", "card", "transfer",
                                         "none")},
    "ticket_status": {"from_status": STATUSES, "to_status": STATUSES},
    "ticket_transition": {"from_status": STATUSES, "to_status": STATUSES},
}
# 0005's and 0008's checks that also held a length: (table, constraint, old, new or None)
SPLIT_CHECKS = [
    ("ticket", "ticket_fault_check", "btrim(fault) <> '' AND length(fault) <= 500",
     "btrim(fault) <> ''"),
    ("ticket", "ticket_accessories_check", "length(accessories) <= 300", None),
    ("ticket", "ticket_appearance_check", "length(appearance) <= 300", None),
    ("ticket", "ticket_remarks_check", "length(remarks) <= 1000", None),
    ("dictionary_entry", "dictionary_entry_value_check",
     "btrim(value) <> '' AND length(value) <= 100", "btrim(value) <> ''"),
    ("notice_template", "notice_template_body_check",
     "btrim(body) <> '' AND length(body) <= 500", "btrim(body) <> ''"),
]
PROMISE = ("ticket_promised_on_window", "promised_on <= received_on + 730")

# records that get a version now; theirs and the others' move by the trigger
# (an item's cost and an employee's wage are parts of the item and the employee, kept
# apart for their grants: saved with them, versioned by them)
NEW_VERSIONS = ["customer_grade", "department", "staff_position", "region", "employee",
                "service_outlet", "item_category", "device",
                "warehouse_type", "warehouse", "service_mode", "work_type",
                "reward_penalty_item", "overdue_rule", "dictionary_entry", "shop_setting",
                "work_calendar", "notice_template", "notice_channel"]
HAD_VERSIONS = ["operator", "customer", "item", "ticket", "part_preorder"]
# columns whose change alone is no edit: the server's counters, a generated column
NOT_EDITS = {"ticket": ("notice_count", "search_text"), "dictionary_entry": ("uses",)}

NEW_FILES = [
    "core/arg_refusal.sql", "core/arg_id.sql", "core/arg_int.sql", "core/arg_bool.sql",
    "core/arg_date.sql", "core/arg_time.sql", "core/arg_money.sql", "core/arg_uuid.sql",
    "core/arg_text.sql", "core/bump_version.sql",
]
NEW_FUNCTIONS = [
    "app.arg_refusal(text, text, jsonb)", "app.arg_id(text, text)",
    "app.arg_int(text, text, integer, integer)", "app.arg_bool(text, text)",
    "app.arg_date(text, text, date, date)", "app.arg_time(text, text)",
    "app.arg_money(text, text, boolean)", "app.arg_uuid(text, text)",
    "app.arg_text(text, text, integer)", "app.bump_version()",
]
# replaced bodies, by the revision that installed them (frozen in db/sql/superseded/)
CHANGED_0003 = ["audit/log_change.sql"]
CHANGED_0006 = ["core/text_bigrams.sql"]
CHANGED_0009 = [
    "core/refuse.sql",
    "core/add_working_days.sql",
    "frontdesk/warranty_decision.sql",
    "frontdesk/ticket_edit.sql",
    "frontdesk/ticket_quote.sql",
    "frontdesk/ticket_quote_decide.sql",
    "frontdesk/notice_result.sql",
    "frontdesk/preorder_arrive.sql",
    "masterdata/learn.sql",
    "frontdesk/settlement_void.sql",
    "frontdesk/preorder_cancel.sql",
]
CHANGED_0010 = [
    "core/phone_normal_form.sql",
    "core/normalize_phone.sql",
    "core/phone_masked.sql",
    "frontdesk/billed_to_default.sql",
    "frontdesk/settlement_totals.sql",
    "frontdesk/ticket_intake.sql",
    "frontdesk/ticket_settle.sql",
    "frontdesk/ticket_set_status.sql",
    "masterdata/customer_lookup.sql",
]
CHANGED_0011 = [
    "frontdesk/notice_log.sql",
    "frontdesk/preorder_create.sql",
    "frontdesk/preorder_pickup.sql",
]
# owned by as_role_admin: installed as the migration's own user (as 0002 did)
ADMIN_0002 = ["operators/operator_set_capability.sql", "operators/operator_set_password.sql",
              "operators/operator_update.sql"]
OLD_MOVE = "app.ticket_move(bigint, jsonb)"
NEW_MOVE = "app.ticket_move(bigint, integer, jsonb)"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _constraints() -> dict[str, list[tuple[str, str]]]:
    """table -> [(constraint, condition)] that this revision adds."""
    found: dict[str, list[tuple[str, str]]] = {}

    def add(table: str, name: str, condition: str) -> None:
        found.setdefault(table, []).append((name, condition))

    for table, columns in TEXT_MAX.items():
        for column, most in columns.items():
            add(table, f"{table}_{column}_length", f'length("{column}") <= {most}')
    for table, columns in JSON_MAX.items():
        for column, most in columns.items():
            add(table, f"{table}_{column}_size", f'length("{column}"::text) <= {most}')
    for table, dates in DATES.items():
        for column, (earliest, latest) in dates.items():
            add(table, f"{table}_{column}_range",
                f"\"{column}\" >= '{earliest}'::date AND \"{column}\" <= '{latest}'::date")
    for table, columns in TIMES.items():
        for column in columns:
            add(table, f"{table}_{column}_range",
                f"\"{column}\" >= '{WORKING[0]} 00:00:00+00'::timestamptz "
                f"AND \"{column}\" < '2200-01-01 00:00:00+00'::timestamptz")
    for table, columns in NUMBERS.items():
        for column in columns:
            add(table, f"{table}_{column}_finite", f"\"{column}\" <> 'NaN'::numeric")
    for table, checks in SIGNS.items():
        for name, condition in checks:
            add(table, name, condition)
    for table, choices in CHOICES.items():
        for column, values in choices.items():
            add(table, f"{table}_{column}_choice", f'"{column}" IN {_in(values)}')
    add("ticket", *PROMISE)
    return found


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*NEW_FILES, revision="0014")
    for function in NEW_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    install(*CHANGED_0003, *CHANGED_0006, *CHANGED_0009, *CHANGED_0010, *CHANGED_0011,
            revision="0014")
    # the pure rules operators may call (0010) refuse through it with the caller's rights
    op.execute("GRANT EXECUTE ON FUNCTION app.refuse(text, text) TO as_operator")
    op.execute(f"DROP FUNCTION {OLD_MOVE}")
    install("frontdesk/ticket_move.sql", revision="0014")
    op.execute(f"REVOKE EXECUTE ON FUNCTION {NEW_MOVE} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {NEW_MOVE} TO as_operator")

    for table, name, _old, new in SPLIT_CHECKS:
        op.execute(f"ALTER TABLE app.{table} DROP CONSTRAINT {name}")
        if new:
            op.execute(f"ALTER TABLE app.{table} ADD CONSTRAINT {name} CHECK ({new})")
    for table, checks in _constraints().items():
        # one ALTER per table: its rows are read once for all the new checks
        op.execute(f"ALTER TABLE app.{table} " + ", ".join(
            f"ADD CONSTRAINT {name} CHECK ({condition})" for name, condition in checks))

    for table in NEW_VERSIONS:
        op.execute(f"ALTER TABLE app.{table} ADD COLUMN version integer NOT NULL DEFAULT 1")
    for table in HAD_VERSIONS + NEW_VERSIONS:
        ignored = ", ".join(f"'{column}'" for column in NOT_EDITS.get(table, ()))
        op.execute(f"CREATE TRIGGER bump_version BEFORE UPDATE ON app.{table} "
                   f"FOR EACH ROW EXECUTE FUNCTION app.bump_version({ignored})")

    op.execute("RESET ROLE")
    install(*ADMIN_0002, revision="0014")


def downgrade() -> None:
    op.execute("RESET ROLE")
    install(*ADMIN_0002, revision="0002")
    op.execute("SET ROLE as_owner")
    for table in HAD_VERSIONS + NEW_VERSIONS:
        op.execute(f"DROP TRIGGER bump_version ON app.{table}")
    for table in NEW_VERSIONS:
        op.execute(f"ALTER TABLE app.{table} DROP COLUMN version")
    for table, checks in _constraints().items():
        op.execute(f"ALTER TABLE app.{table} " + ", ".join(
            f"DROP CONSTRAINT {name}" for name, _condition in checks))
    for table, name, old, new in SPLIT_CHECKS:
        if new:
            op.execute(f"ALTER TABLE app.{table} DROP CONSTRAINT {name}")
        op.execute(f"ALTER TABLE app.{table} ADD CONSTRAINT {name} CHECK ({old})")

    op.execute(f"DROP FUNCTION {NEW_MOVE}")
    install("frontdesk/ticket_move.sql", revision="0009")
    op.execute(f"REVOKE EXECUTE ON FUNCTION {OLD_MOVE} FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {OLD_MOVE} TO as_operator")
    op.execute("REVOKE EXECUTE ON FUNCTION app.refuse(text, text) FROM as_operator")
    install(*CHANGED_0003, revision="0003")
    install(*CHANGED_0006, revision="0006")
    install(*CHANGED_0009, revision="0009")
    install(*CHANGED_0010, revision="0010")
    install(*CHANGED_0011, revision="0011")
    for function in reversed(NEW_FUNCTIONS):
        op.execute(f"DROP FUNCTION {function}")
