"""A completed ticket (已完工, revision 0018: an on-site job finished at the customer's) is
closed everywhere, is under repair warranty, and is what a rework comes back to.

Revision 0018 added the status to the status machine only; the counter's own functions
still listed picked_up and cancelled as the closed statuses, so a completed ticket could
still be edited, moved and quoted. `app.ticket_is_closed(status)` is now the one home of
"closed" (a status no move in app.ticket_transition leads out of); ticket_edit,
ticket_move, ticket_quote and transition_refusal ask it. A completion sets
`repair_warranty_until` as a pickup does (the completion day + the work type's or the
shop's repair warranty days), and the intake's rework rule looks at completed tickets as
well as picked-up ones (a completed ticket has no picked_up_at: its status time is when it
was finished; the customer lookup's last visits now carry their status time, so the
intake form's rework hint sees them too). Completed tickets that exist already get their
warranty date from the day they were completed.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0020"
down_revision = "0019"

NEW_FILES = ["frontdesk/ticket_is_closed.sql"]
CHANGED_0014 = ["frontdesk/ticket_edit.sql", "frontdesk/ticket_move.sql",
                "frontdesk/ticket_quote.sql", "frontdesk/ticket_intake.sql",
                "masterdata/customer_lookup.sql"]
CHANGED_0018 = ["frontdesk/transition_refusal.sql", "frontdesk/ticket_status_apply.sql"]


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*NEW_FILES, revision="0020")
    op.execute("REVOKE EXECUTE ON FUNCTION app.ticket_is_closed(text) FROM PUBLIC")
    op.execute("GRANT EXECUTE ON FUNCTION app.ticket_is_closed(text) TO as_operator")
    install(*CHANGED_0014, *CHANGED_0018, revision="0020")
    # completed before this revision: the warranty from the completion day (status_at)
    op.execute("""
        UPDATE app.ticket t SET repair_warranty_until =
            (t.status_at AT TIME ZONE coalesce(
                (SELECT s.value #>> '{}' FROM app.shop_setting s WHERE s.key = 'timezone'),
                'Asia/Shanghai'))::date
            + coalesce((SELECT w.repair_warranty_days FROM app.work_type w
                        WHERE w.id = t.work_type_id),
                       (app.setting('repair_warranty_days') #>> '{}')::integer, 90)
        WHERE t.status = 'completed' AND t.repair_warranty_until IS NULL
        """)


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*CHANGED_0018, revision="0018")
    install(*CHANGED_0014, revision="0014")
    op.execute("UPDATE app.ticket SET repair_warranty_until = NULL WHERE status = 'completed'")
    op.execute("DROP FUNCTION app.ticket_is_closed(text)")
