"""Front desk functions: the only way to write tickets, quotes, notices, pre-orders and
settlements.

Each screen action is one call (one round trip) that checks the operator's
capability with `pg_has_role(session_user, ...)`, applies the rules that the pure
domain modules also apply on the client (aftersales_desktop/domain/: warranty,
tickets, fees) and writes everything in the caller's transaction. Refusals raise
P0001 with HINT 'aftersales:<code>' (DETAIL names the field or the status) that the
client turns into a message; missing capabilities raise 42501.

Every ticket change ends with NOTIFY aftersales_tickets so other counters' boards
refresh by themselves.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0009"
down_revision = "0008"

FILES = [
    "core/shop_today.sql",
    "core/setting.sql",
    "core/need.sql",
    "core/refuse.sql",
    "core/format_number.sql",
    "core/next_number.sql",
    "core/is_working_day.sql",
    "core/add_working_days.sql",
    "frontdesk/warranty_decision.sql",
    "frontdesk/ticket_changed.sql",
    "masterdata/learn.sql",
    "frontdesk/ticket_intake.sql",
    "frontdesk/ticket_for_update.sql",
    "frontdesk/ticket_set_status.sql",
    "frontdesk/ticket_edit.sql",
    "frontdesk/ticket_move.sql",
    "frontdesk/ticket_quote.sql",
    "frontdesk/ticket_quote_decide.sql",
    "frontdesk/notice_log.sql",
    "frontdesk/notice_result.sql",
    "frontdesk/preorder_create.sql",
    "frontdesk/preorder_arrive.sql",
    "frontdesk/preorder_pickup.sql",
    "frontdesk/preorder_cancel.sql",
    "frontdesk/ticket_settle.sql",
    "frontdesk/settlement_void.sql",
    "core/shop_midnight.sql",
    "core/mask_phone.sql",
    "frontdesk/ticket_board.sql",
    "frontdesk/intake_context.sql",
    "frontdesk/ticket_detail.sql",
]

DEFINERS = [
    "app.ticket_intake(jsonb)", "app.ticket_set_status(bigint, integer, text, text)",
    "app.ticket_edit(bigint, integer, jsonb)", "app.ticket_move(bigint, jsonb)",
    "app.ticket_quote(bigint, jsonb)",
    "app.ticket_quote_decide(bigint, boolean, text, date, text)",
    "app.notice_log(jsonb)", "app.notice_result(bigint, boolean, text)",
    "app.preorder_create(jsonb)", "app.preorder_arrive(bigint, text)",
    "app.preorder_pickup(bigint, text, numeric)", "app.preorder_cancel(bigint, text)",
    "app.ticket_settle(bigint, integer, jsonb)", "app.settlement_void(bigint, text)",
    "app.ticket_board()", "app.intake_context()", "app.ticket_detail(bigint)",
]
READERS = [
    "app.shop_today()", "app.setting(text)", "app.format_number(text, date, integer)",
    "app.is_working_day(date)", "app.add_working_days(date, integer)",
    "app.warranty_decision(date, integer, boolean, boolean, boolean, date)",
    "app.shop_midnight()", "app.mask_phone(text)",
]
INTERNAL = [
    "app.need(text)", "app.refuse(text, text)", "app.next_number(text)",
    "app.ticket_changed(bigint, text)", "app.learn(text, text)",
    "app.ticket_for_update(bigint, integer)",
]


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*FILES, revision="0009")
    # The returning-customer lookup (0006) learns the customer's last visits.
    install("masterdata/customer_lookup.sql", revision="0009")
    for function in DEFINERS + READERS + INTERNAL:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    for function in DEFINERS + READERS:
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO as_operator")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install("masterdata/customer_lookup.sql", revision="0006")
    for function in DEFINERS + INTERNAL + READERS:
        op.execute(f"DROP FUNCTION {function}")
