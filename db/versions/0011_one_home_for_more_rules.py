"""One home for more rules: each as a small SQL function the database's actions call,
with the Python copy tested against it (tests/db/test_rules_agree.py).

- `app.preorder_amounts`: a pre-order's quantity, price and deposit rounded to the cent
  and checked, its total and what is due at pickup; `app.preorder_create` stores what
  it returns and `app.preorder_pickup` takes what is due from it (domain/fees.py
  preorder_amounts is the form's copy).
- `app.sms_recipient`: an SMS goes to a mobile by the one phone rule
  (app.phone_normal_form); `app.notice_log` records an SMS with that number (the client
  had a third phone rule of its own that took landlines and refused full-width digits).
- `app.validate_purchase_date` and the trigger `device_purchase_date` (function
  `app.device_purchase_date_guard`): a device's purchase date cannot be after the
  shop's day (app.shop_today()) nor before 1970, whoever writes the device. It replaces
  0005's CHECK (purchase_date <= current_date + 1), which used the session's day: a
  CHECK cannot follow the shop's day (see the trigger function's file).
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0011"
down_revision = "0010"

NEW_FILES = [
    "frontdesk/preorder_amounts.sql",
    "frontdesk/sms_recipient.sql",
    "masterdata/validate_purchase_date.sql",
    "masterdata/device_purchase_date_guard.sql",
]
# replaced bodies (0009's are frozen in db/sql/superseded/0009)
CHANGED_FILES = [
    "frontdesk/preorder_create.sql",
    "frontdesk/preorder_pickup.sql",
    "frontdesk/notice_log.sql",
]
# pure rules: every operator may ask them (the form's instant feedback could)
RULES = [
    "app.preorder_amounts(numeric, numeric, numeric)",
    "app.sms_recipient(text)",
    "app.validate_purchase_date(date, date)",
]
GUARD = "app.device_purchase_date_guard()"
OLD_CHECK = ("device_purchase_date_check", "purchase_date <= current_date + 1")


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    install(*NEW_FILES, revision="0011")
    for function in [*RULES, GUARD]:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
    for function in RULES:
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO as_operator")
    install(*CHANGED_FILES, revision="0011")
    op.execute(f"ALTER TABLE app.device DROP CONSTRAINT {OLD_CHECK[0]}")
    op.execute("CREATE TRIGGER device_purchase_date BEFORE INSERT OR UPDATE OF purchase_date "
               f"ON app.device FOR EACH ROW EXECUTE FUNCTION {GUARD}")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    op.execute("DROP TRIGGER device_purchase_date ON app.device")
    op.execute(f"ALTER TABLE app.device ADD CONSTRAINT {OLD_CHECK[0]} CHECK ({OLD_CHECK[1]})")
    install(*CHANGED_FILES, revision="0009")
    for function in [GUARD, *reversed(RULES)]:
        op.execute(f"DROP FUNCTION {function}")
