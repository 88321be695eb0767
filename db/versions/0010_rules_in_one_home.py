"""Rules in one home: the database's half of each rule as a small function that the
Python copy is tested against (tests/db/test_rules_agree.py), and who pays a fee line
enforced.

- `app.transition_refusal` / `app.transition_capability`: the status machine and its
  guards, out of `app.ticket_set_status`.
- `app.settlement_totals`: the settlement arithmetic, out of `app.ticket_settle`; every
  amount is rounded to the cent before it is checked (a 0.004 discount was stored while
  0.00 was answered). `app.billed_to_default`: who pays by the warranty class; billing
  anyone else needs warranty.override and a reason, kept in `app.settlement.payer_reason`
  (and so in the change log).
- `app.rework_of`: which earlier repair a new ticket reworks, out of `app.ticket_intake`.
- `app.phone_normal_form` / `app.normalize_phone`: the phone rule of the client, now
  also the CHECK of every stored phone (it was a looser pattern per table).
- `app.phone_masked`: one mask for everyone (`app.mask_phone` and the returning-customer
  lookup masked differently from each other and from the client).
- `app.is_blank`, `app.as_number`: blank and "a number" as the client means them.
- `app.format_number` refuses a sequence below 1, as the client does.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0010"
down_revision = "0009"

NEW_FILES = [
    "core/is_blank.sql",
    "core/as_number.sql",
    "core/phone_normal_form.sql",
    "core/normalize_phone.sql",
    "core/phone_masked.sql",
    "frontdesk/billed_to_default.sql",
    "frontdesk/rework_of.sql",
    "frontdesk/transition_capability.sql",
    "frontdesk/transition_refusal.sql",
    "frontdesk/settlement_totals.sql",
]
# replaced bodies (0009's are frozen in db/sql/superseded/0009)
CHANGED_FILES = [
    "core/format_number.sql",
    "core/mask_phone.sql",
    "frontdesk/ticket_intake.sql",
    "frontdesk/ticket_set_status.sql",
    "frontdesk/ticket_settle.sql",
    "masterdata/customer_lookup.sql",
]
# pure rules: every operator may ask them (the form's instant feedback could)
NEW_FUNCTIONS = [
    "app.is_blank(text)",
    "app.as_number(text)",
    "app.phone_normal_form(text)",
    "app.normalize_phone(text)",
    "app.phone_masked(text)",
    "app.billed_to_default(text, boolean)",
    "app.rework_of(jsonb, date)",
    "app.transition_capability(text)",
    "app.transition_refusal(text, text, text, text, boolean, boolean, boolean, boolean, text)",
    "app.settlement_totals(jsonb, numeric, text, text, numeric, text, text)",
]
# table -> (constraint, 0005's condition, the condition from now on)
# (NULL is no number: IS NOT DISTINCT FROM, so an invalid one does not pass as unknown)
STORED_FORM = "app.phone_normal_form(phone) IS NOT DISTINCT FROM phone"
PHONE_CHECKS = {
    "app.customer_phone": ("customer_phone_phone_check", "phone ~ '^[0-9+\\- ]{5,20}$'",
                           STORED_FORM),
    "app.employee": ("employee_phone_check", "phone ~ '^[0-9+\\- ]{5,20}$'", STORED_FORM),
    "app.service_outlet": ("service_outlet_phone_check", "phone ~ '^[0-9+\\- ]{5,20}$'",
                           STORED_FORM),
}


def _phone_checks(which: int) -> None:
    for table, checks in PHONE_CHECKS.items():
        name = checks[0]
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}, "
                   f"ADD CONSTRAINT {name} CHECK ({checks[which]})")


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*NEW_FILES, revision="0010")
    for function in NEW_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO as_operator")
    op.execute("ALTER TABLE app.settlement ADD COLUMN payer_reason text NOT NULL DEFAULT ''")
    install(*CHANGED_FILES, revision="0010")
    _phone_checks(2)


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    _phone_checks(1)
    install(*CHANGED_FILES, revision="0009")
    op.execute("ALTER TABLE app.settlement DROP COLUMN payer_reason")
    for function in reversed(NEW_FUNCTIONS):
        op.execute(f"DROP FUNCTION {function}")
