"""The capability matrix: what an operator can do with plain SQL and their own password.

The database must enforce every capability even for an operator who types SQL into
psql, so each row of MATRIX is tried through a bare psycopg2 connection as a real
operator role, never through the application's services:

- a row naming a capability is tried by an operator LACKING it (expected: `without`,
  normally a database error) and by one HOLDING it (expected: `with_cap`); both also hold
  the row's `also` capabilities, so a row can say "log.view alone is not enough";
- a row with capability None is tried by an operator holding exactly `also` and by a full
  administrator (the administrator template), and both must get `without`: these are the
  things nobody may do, whatever they hold.

Every attempt runs in a transaction that is rolled back, so rows leave nothing behind
(CREATE ROLE, ALTER ROLE and GRANT are transactional too). `setup` runs first as the
superuser and commits: keep it idempotent. Statements are psycopg2.sql templates with
these placeholders (write a literal brace as `{{` / `}}`):

    {me}        the acting operator's role, as an identifier
    {me_lit}    ... as a string literal
    {other}     another operator (no capabilities), as an identifier
    {other_lit} ... as a string literal
    {new}       a fresh, unused role name, as an identifier
    {new_lit}   ... as a string literal
    {scram_me} / {scram_other} / {scram_new}
                SCRAM-SHA-256 verifiers of the test password for those roles, made on
                the client with psycopg2.extensions.encrypt_password

Later modules append their own rows to MATRIX (one line per rule they enforce).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import psycopg2
import psycopg2.extensions
import pytest
from psycopg2 import sql

from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

DENIED = "denied"  # a database error with the row's SQLSTATE
EMPTY = "empty"  # succeeds but returns no rows (row-level security hides them)
ROWS = "rows"  # succeeds and returns at least one row
OK = "ok"  # succeeds

INSUFFICIENT_PRIVILEGE = "42501"
INVALID_PARAMETER = "22023"

# Fixture data the rows read and write (created by the rows' setup, as the superuser).
CUSTOMER = (
    "INSERT INTO app.customer (code, name) VALUES ('perm-c1', '矩阵客户') "
    "ON CONFLICT (code) DO NOTHING;"
)
PHONE = CUSTOMER + (
    "INSERT INTO app.customer_phone (customer_id, phone) SELECT id, '13812345678' "
    "FROM app.customer c WHERE code = 'perm-c1' AND NOT EXISTS "
    "(SELECT FROM app.customer_phone p WHERE p.customer_id = c.id);"
)
ITEM = (
    "INSERT INTO app.item (code, name, sale_price) VALUES ('perm-i1', '矩阵配件', 20) "
    "ON CONFLICT (code) DO NOTHING;"
)
COST = ITEM + (
    "INSERT INTO app.item_cost (item_id, cost_price) SELECT id, 12.50 FROM app.item "
    "WHERE code = 'perm-i1' ON CONFLICT (item_id) DO NOTHING;"
)
WAGE = (
    "INSERT INTO app.employee (code, name) VALUES ('perm-e1', '矩阵员工') "
    "ON CONFLICT (code) DO NOTHING;"
    "INSERT INTO app.employee_wage (employee_id, post_wage) SELECT id, 3000 FROM app.employee "
    "WHERE code = 'perm-e1' ON CONFLICT (employee_id) DO NOTHING;"
)
ITEM_WITHOUT_COST = (
    "INSERT INTO app.item (code, name) VALUES ('perm-i2', '无成本配件') "
    "ON CONFLICT (code) DO NOTHING;"
)


STOCKTAKE_PLACE = (
    "INSERT INTO app.warehouse (code, name, type) VALUES ('perm-st1', '盘点库', 'parts') "
    "ON CONFLICT (code) DO NOTHING;")
# an open sheet of its own warehouse, made by the superuser (who passes every capability)
STOCKTAKE_SHEET = (
    "INSERT INTO app.warehouse (code, name, type) VALUES ('perm-st2', '盘点库2', 'parts') "
    "ON CONFLICT (code) DO NOTHING; "
    "INSERT INTO app.item (code, name) VALUES ('perm-i1', '矩阵配件') "
    "ON CONFLICT (code) DO NOTHING; "
    "SELECT app.stocktake_open(jsonb_build_object('warehouse_id', w.id)) "
    "FROM app.warehouse w WHERE w.code = 'perm-st2' AND NOT EXISTS ("
    "SELECT FROM app.stocktake s WHERE s.warehouse_id = w.id AND s.state = 'open');")

# a carry-in ticket and a technician who may take it (no work type, no region)
DISPATCH_TICKET = CUSTOMER + (
    "INSERT INTO app.employee (code, name, is_technician) VALUES ('perm-tech', '矩阵师傅', "
    "true) ON CONFLICT (code) DO NOTHING; "
    "INSERT INTO app.device (customer_id, product) SELECT id, '空调' FROM app.customer c "
    "WHERE code = 'perm-c1' AND NOT EXISTS (SELECT FROM app.device d "
    "WHERE d.customer_id = c.id); "
    "INSERT INTO app.ticket (number, received_on, received_by, customer_id, device_id, "
    "customer_name, fault, promised_on, warranty_class, warranty_reason) "
    "SELECT 'perm-t1', current_date, (SELECT min(code) FROM app.operator), c.id, d.id, "
    "c.name, '不制冷', current_date + 7, 'out_of_warranty', 'no_proof' "
    "FROM app.customer c JOIN app.device d ON d.customer_id = c.id WHERE c.code = 'perm-c1' "
    "ON CONFLICT (number) DO NOTHING;")


@dataclass(frozen=True)
class Rule:
    """One row of the matrix."""

    ident: str  # short, readable: it becomes the test id
    capability: str | None
    description: str
    statement: str
    setup: str = ""
    also: tuple[str, ...] = ()
    without: str = DENIED  # lacking the capability (capability None: everybody)
    with_cap: str = OK  # holding it (unused when capability is None)
    sqlstate: str = INSUFFICIENT_PRIVILEGE  # of a DENIED outcome


MATRIX: list[Rule] = [
    # -- sensitive data ---------------------------------------------------------------
    Rule("read-costs", "costs.view", "read cost prices",
         "SELECT cost_price FROM app.item_cost", setup=COST, with_cap=ROWS),
    Rule("read-costs-by-join", "costs.view", "read cost prices joined to items",
         "SELECT i.code, c.cost_price FROM app.item i JOIN app.item_cost c ON c.item_id = i.id",
         setup=COST, with_cap=ROWS),
    Rule("read-phones", "contacts.view", "read customer phone numbers",
         "SELECT phone FROM app.customer_phone", setup=PHONE, with_cap=ROWS),
    Rule("read-phone-count", "contacts.view", "even count the phone numbers",
         "SELECT count(*) FROM app.customer_phone", setup=PHONE, with_cap=ROWS),
    Rule("phones-in-change-log", None, "the change log holds no phone number, only ***",
         "SELECT new_values ->> 'phone' FROM audit.change_log "
         "WHERE table_name = 'app.customer_phone' AND new_values ->> 'phone' <> '***'",
         setup=PHONE, also=("log.view", "contacts.view"), without=EMPTY),
    Rule("costs-in-change-log", None, "the change log holds no cost price, only ***",
         "SELECT new_values ->> 'cost_price' FROM audit.change_log "
         "WHERE table_name = 'app.item_cost' AND new_values ->> 'cost_price' <> '***'",
         setup=COST, also=("log.view", "costs.view"), without=EMPTY),
    Rule("phone-changes-logged", "log.view", "log.view sees who changed a phone number",
         "SELECT operator, changed FROM audit.change_log "
         "WHERE table_name = 'app.customer_phone'", setup=PHONE, with_cap=ROWS),
    Rule("phones-from-sensitive-values", "contacts.view",
         "the logged phone numbers need contacts.view on top of log.view",
         "SELECT s.new_values ->> 'phone' FROM audit.change_log l "
         "CROSS JOIN LATERAL audit.sensitive_values(l.id) s "
         "WHERE l.table_name = 'app.customer_phone'",
         setup=PHONE, also=("log.view",), without=EMPTY, with_cap=ROWS),
    Rule("costs-from-sensitive-values", "costs.view",
         "the logged cost prices need costs.view on top of log.view",
         "SELECT s.new_values ->> 'cost_price' FROM audit.change_log l "
         "CROSS JOIN LATERAL audit.sensitive_values(l.id) s "
         "WHERE l.table_name = 'app.item_cost'",
         setup=COST, also=("log.view",), without=EMPTY, with_cap=ROWS),
    Rule("sensitive-values-need-log-view", "log.view",
         "contacts.view and costs.view alone do not open the logged values",
         "SELECT * FROM audit.sensitive_values(1)", also=("contacts.view", "costs.view")),
    Rule("read-sensitive-value-table", None, "nobody reads audit.sensitive_value directly",
         "SELECT * FROM audit.sensitive_value LIMIT 1",
         also=("log.view", "contacts.view", "costs.view")),
    Rule("delete-sensitive-value", None, "nobody deletes logged sensitive values",
         "DELETE FROM audit.sensitive_value", also=("log.view",)),
    Rule("customers-in-change-log", "log.view",
         "log.view reads the change log of ordinary tables",
         "SELECT * FROM audit.change_log WHERE table_name = 'app.customer'",
         setup=CUSTOMER, with_cap=ROWS),
    # -- master data --------------------------------------------------------------------
    Rule("insert-customer", "masterdata.edit", "add a customer",
         "INSERT INTO app.customer (code, name) VALUES ('perm-new', '新客户')"),
    Rule("update-customer", "masterdata.edit", "rename a customer",
         "UPDATE app.customer SET name = name || '*' WHERE code = 'perm-c1'", setup=CUSTOMER),
    Rule("intake-inserts-customer", "intake.create", "intake adds a customer",
         "INSERT INTO app.customer (code, name) VALUES ('perm-new', '新客户')"),
    Rule("intake-updates-customer", "intake.create", "intake renames a customer",
         "UPDATE app.customer SET name = name || '*' WHERE code = 'perm-c1'", setup=CUSTOMER),
    Rule("insert-phone", "masterdata.edit", "add a phone number",
         "INSERT INTO app.customer_phone (customer_id, phone) "
         "SELECT id, '13900001111' FROM app.customer WHERE code = 'perm-c1'", setup=CUSTOMER),
    Rule("intake-inserts-phone", "intake.create", "intake adds a phone number",
         "INSERT INTO app.customer_phone (customer_id, phone) "
         "SELECT id, '13900001111' FROM app.customer WHERE code = 'perm-c1'", setup=CUSTOMER),
    Rule("intake-cannot-rewrite-phones", "masterdata.edit",
         "intake.create adds phones but does not rewrite the ones it cannot read",
         "UPDATE app.customer_phone SET is_primary = true", setup=PHONE, also=("intake.create",)),
    Rule("intake-cannot-delete-phones", "masterdata.edit",
         "intake.create does not delete phones", "DELETE FROM app.customer_phone",
         setup=PHONE, also=("intake.create",)),
    Rule("insert-item", "masterdata.edit", "add an item",
         "INSERT INTO app.item (code, name) VALUES ('perm-new', '新配件')"),
    Rule("update-item-price", "masterdata.edit", "change an item's sale price",
         "UPDATE app.item SET sale_price = sale_price + 1 WHERE code = 'perm-i1'", setup=ITEM),
    Rule("insert-cost", "masterdata.edit", "set an item's cost price",
         "INSERT INTO app.item_cost (item_id, cost_price) "
         "SELECT id, 9.90 FROM app.item WHERE code = 'perm-i2'", setup=ITEM_WITHOUT_COST),
    Rule("update-cost", "masterdata.edit", "change a cost price (needs costs.view to find it)",
         "UPDATE app.item_cost SET cost_price = cost_price + 1 "
         "WHERE item_id = (SELECT id FROM app.item WHERE code = 'perm-i1')",
         setup=COST, also=("costs.view",)),
    Rule("intake-cannot-edit-items", "masterdata.edit", "intake.create does not edit items",
         "UPDATE app.item SET sale_price = 0 WHERE code = 'perm-i1'",
         setup=ITEM, also=("intake.create",)),
    Rule("truncate-customers", None, "nobody truncates a business table",
         "TRUNCATE app.customer CASCADE", also=("masterdata.edit",)),
    # -- logs ---------------------------------------------------------------------------
    Rule("read-change-log", "log.view", "read the change log",
         "SELECT * FROM audit.change_log LIMIT 5"),
    Rule("admin-needs-log-view", "log.view",
         "operators.admin alone does not read the change log",
         "SELECT * FROM audit.change_log LIMIT 5", also=("operators.admin",)),
    Rule("read-login-log-log-view", "log.view", "read the login log with log.view",
         "SELECT * FROM audit.login_event LIMIT 5"),
    Rule("read-login-log-admin", "operators.admin", "read the login log with operators.admin",
         "SELECT * FROM audit.login_event LIMIT 5"),
    Rule("insert-change-log", None, "forge a change-log row",
         "INSERT INTO audit.change_log (table_name, record_key, action) "
         "VALUES ('app.customer', '1', 'delete')", also=("log.view",)),
    Rule("update-change-log", None, "rewrite the change log",
         "UPDATE audit.change_log SET operator = 'someone_else'", also=("log.view",)),
    Rule("delete-change-log", None, "erase the change log",
         "DELETE FROM audit.change_log", also=("log.view",)),
    Rule("truncate-change-log", None, "truncate the change log",
         "TRUNCATE audit.change_log", also=("log.view",)),
    Rule("insert-login-event", None, "forge a login event",
         "INSERT INTO audit.login_event (operator, event) VALUES ('someone_else', 'logout')",
         also=("log.view",)),
    Rule("update-login-event", None, "rewrite the login log",
         "UPDATE audit.login_event SET workstation = 'elsewhere'", also=("operators.admin",)),
    Rule("delete-login-event", None, "erase the login log",
         "DELETE FROM audit.login_event", also=("operators.admin",)),
    Rule("disable-rls-change-log", None, "switch off row security on the change log",
         "ALTER TABLE audit.change_log DISABLE ROW LEVEL SECURITY", also=("log.view",)),
    # -- operator administration through the functions ---------------------------------
    Rule("create-operator", "operators.admin", "create an operator",
         "SELECT app.operator_create({new_lit}, '新同事', {scram_new}, 'counter')"),
    Rule("create-operator-plaintext", None,
         "operator_create refuses a plaintext (non-SCRAM) password",
         "SELECT app.operator_create({new_lit}, '新同事', 'Plain-pass-123', 'counter')",
         also=("operators.admin",), sqlstate=INVALID_PARAMETER),
    Rule("create-operator-md5", None, "operator_create refuses an md5 hash",
         "SELECT app.operator_create({new_lit}, '新同事', "
         "'md5' || md5('Plain-pass-123' || {new_lit}), 'counter')",
         also=("operators.admin",), sqlstate=INVALID_PARAMETER),
    Rule("grant-self-by-function", "operators.admin",
         "grant oneself a capability through operator_set_capability",
         "SELECT app.operator_set_capability({me_lit}, 'costs.view', true)"),
    Rule("grant-other-by-function", "operators.admin",
         "grant another operator a capability through operator_set_capability",
         "SELECT app.operator_set_capability({other_lit}, 'contacts.view', true)"),
    Rule("reset-other-password", "operators.admin", "reset another operator's password",
         "SELECT app.operator_set_password({other_lit}, {scram_other})"),
    Rule("own-password", None, "change one's own password (everybody may)",
         "SELECT app.operator_set_password({me_lit}, {scram_me})", without=OK),
    Rule("own-password-plaintext", None, "a plaintext password is refused even for oneself",
         "SELECT app.operator_set_password({me_lit}, 'Plain-pass-123')",
         sqlstate=INVALID_PARAMETER),
    Rule("disable-other", "operators.admin", "disable another operator",
         "SELECT app.operator_update(code, name, template, false, NULL) "
         "FROM app.operator WHERE code = {other_lit}"),
    Rule("disable-self", None, "an administrator cannot disable themself",
         "SELECT app.operator_update(code, name, template, false, NULL) "
         "FROM app.operator WHERE code = {me_lit}",
         also=("operators.admin",), sqlstate=INVALID_PARAMETER),
    Rule("operator-sync", None, "operator_sync is internal to the administration functions",
         "SELECT app.operator_sync({me_lit})", also=("operators.admin",)),
    Rule("require-admin-internal", None, "require_operators_admin is internal too",
         "SELECT app.require_operators_admin()", also=("operators.admin",)),
    # -- the same by plain SQL: nobody, not even an administrator ----------------------
    Rule("grant-self-plain", None, "GRANT a capability role to oneself",
         "GRANT as_cap_costs_view TO {me}"),
    Rule("grant-other-plain", None, "GRANT a capability role to another operator",
         "GRANT as_cap_operators_admin TO {other}"),
    Rule("grant-operator-group", None, "GRANT as_operator to a role",
         "GRANT as_operator TO {other}"),
    Rule("write-operator-table", None, "activate or rename operators in the table directly",
         "UPDATE app.operator SET active = true, name = 'x'", also=("operators.admin",)),
    Rule("write-operator-capability", None, "write capability overrides directly",
         "INSERT INTO app.operator_capability VALUES ({me_lit}, 'costs.view', true)",
         also=("operators.admin",)),
    Rule("write-templates", None, "change what a position template grants",
         "INSERT INTO app.template_capability VALUES ('counter', 'costs.view')",
         also=("operators.admin",)),
    Rule("write-capability-catalogue", None, "point a capability at another role",
         "UPDATE app.capability SET role_name = 'as_owner' WHERE code = 'reports.view'",
         also=("operators.admin",)),
    Rule("alter-other-password", None, "ALTER ROLE another operator's password",
         "ALTER ROLE {other} PASSWORD {scram_other}"),
    Rule("alter-other-nologin", None, "ALTER ROLE another operator NOLOGIN",
         "ALTER ROLE {other} NOLOGIN"),
    Rule("drop-other", None, "DROP ROLE another operator", "DROP ROLE {other}"),
    Rule("create-role", None, "CREATE ROLE", "CREATE ROLE {new} LOGIN PASSWORD {scram_new}"),
    Rule("alter-self-superuser", None, "ALTER ROLE oneself SUPERUSER",
         "ALTER ROLE {me} SUPERUSER"),
    Rule("alter-self-createrole", None, "ALTER ROLE oneself CREATEROLE",
         "ALTER ROLE {me} CREATEROLE"),
    Rule("alter-self-bypassrls", None, "ALTER ROLE oneself BYPASSRLS",
         "ALTER ROLE {me} BYPASSRLS"),
    Rule("alter-self-createdb", None, "ALTER ROLE oneself CREATEDB",
         "ALTER ROLE {me} CREATEDB"),
    Rule("set-role-owner", None, "SET ROLE as_owner", "SET ROLE as_owner"),
    Rule("set-role-admin", None, "SET ROLE as_role_admin", "SET ROLE as_role_admin"),
    Rule("set-role-other", None, "SET ROLE to another operator", "SET ROLE {other}"),
    Rule("set-session-authorization", None, "SET SESSION AUTHORIZATION another operator",
         "SET SESSION AUTHORIZATION {other}"),
    # -- the audit trail and the schema --------------------------------------------------
    Rule("disable-audit-trigger", None, "switch off the audit trigger",
         "ALTER TABLE app.operator DISABLE TRIGGER audit_change", also=("operators.admin",)),
    Rule("disable-audit-trigger-customer", None, "switch off the audit trigger on customers",
         "ALTER TABLE app.customer DISABLE TRIGGER audit_change", also=("masterdata.edit",)),
    Rule("drop-audit-trigger", None, "drop the audit trigger",
         "DROP TRIGGER audit_change ON app.customer", also=("masterdata.edit",)),
    Rule("replication-role", None, "skip triggers with session_replication_role",
         "SET session_replication_role = replica", also=("masterdata.edit",)),
    Rule("replication-role-set-config", None, "... or with set_config()",
         "SELECT set_config('session_replication_role', 'replica', true)",
         also=("masterdata.edit",)),
    Rule("create-table-app", None, "CREATE TABLE in schema app",
         "CREATE TABLE app.x (i integer)"),
    Rule("create-table-public", None, "CREATE TABLE in schema public",
         "CREATE TABLE public.x (i integer)"),
    Rule("create-temp-table", None, "CREATE TEMP TABLE (could shadow names)",
         "CREATE TEMP TABLE x (i integer)"),
    Rule("create-function", None, "CREATE FUNCTION in schema public",
         "CREATE FUNCTION public.x() RETURNS integer LANGUAGE sql AS 'SELECT 1'"),
    Rule("create-function-app", None, "CREATE FUNCTION in schema app",
         "CREATE FUNCTION app.x() RETURNS integer LANGUAGE sql AS 'SELECT 1'"),
    Rule("create-schema", None, "CREATE SCHEMA", "CREATE SCHEMA x"),
    Rule("replace-audit-function", None, "replace the audit trigger function",
         "CREATE OR REPLACE FUNCTION audit.log_change() RETURNS trigger LANGUAGE plpgsql "
         "AS 'BEGIN RETURN NULL; END'", also=("log.view",)),
    Rule("drop-table", None, "DROP a business table", "DROP TABLE app.item_cost",
         also=("masterdata.edit", "costs.view")),
    Rule("read-server-file", None, "read a server file",
         "SELECT pg_read_file('postgresql.conf')"),
    Rule("copy-to-program", None, "run a program on the server",
         "COPY (SELECT 1) TO PROGRAM 'true'"),
    # -- master data (0005) -----------------------------------------------------------
    Rule("read-wages", "commission.view_all", "read employees' post wages",
         "SELECT post_wage FROM app.employee_wage", setup=WAGE, with_cap=ROWS),
    Rule("write-warehouse", "masterdata.edit", "create a warehouse",
         "INSERT INTO app.warehouse (code, name, type) VALUES ('perm-w1', '矩阵库', 'parts')"),
    Rule("write-category", "masterdata.edit", "create a product category",
         "INSERT INTO app.item_category (name) VALUES ('矩阵类别')"),
    Rule("write-work-type", "masterdata.edit", "change a standard labour fee",
         "UPDATE app.work_type SET labour_fee = labour_fee + 1 WHERE code = 'minor'"),
    Rule("write-employee", "masterdata.edit", "create an employee",
         "INSERT INTO app.employee (code, name) VALUES ('perm-e2', '矩阵员工')"),
    Rule("add-device", "intake.create", "register a customer's device at the counter",
         "INSERT INTO app.device (customer_id, brand, model) SELECT id, '格力', 'KFR-35' "
         "FROM app.customer WHERE code = 'perm-c1'", setup=CUSTOMER),
    Rule("learn-dictionary", "intake.create", "a typed-in brand joins the dictionary",
         "INSERT INTO app.dictionary_entry (kind, value) VALUES ('brand', '矩阵品牌') "
         "ON CONFLICT (kind, value) DO UPDATE SET uses = app.dictionary_entry.uses + 1"),
    Rule("retire-dictionary", "masterdata.edit", "retire a dictionary value (counter staff "
         "may only add values and count uses)",
         "UPDATE app.dictionary_entry SET active = false WHERE kind = 'brand' "
         "AND value = '矩阵旧品牌'",
         setup="INSERT INTO app.dictionary_entry (kind, value) VALUES ('brand', '矩阵旧品牌') "
               "ON CONFLICT (kind, value) DO NOTHING;", also=("intake.create",)),
    # -- front desk: tickets change only through the functions of revision 0009 --------
    Rule("take-in-repair", "intake.create", "take in a repair (app.ticket_intake)",
         "SELECT app.ticket_intake(jsonb_build_object('customer_name', '矩阵客户', "
         "'phone', '13900002222', 'device', jsonb_build_object('product', '空调'), "
         "'fault', '不制冷', 'promised_on', current_date + 30))"),
    Rule("write-tickets-directly", None, "nobody writes ticket rows directly",
         "UPDATE app.ticket SET urgent = true", also=("intake.create", "intake.edit",
                                                       "settlement.collect", "intake.cancel")),
    Rule("insert-settlement-directly", None, "nobody writes settlements directly",
         "DELETE FROM app.settlement", also=("settlement.collect", "settlement.void")),
    Rule("read-tickets", None, "everybody reads tickets and the board",
         "SELECT app.ticket_board(), (SELECT count(*) FROM app.ticket)", without=OK),
    Rule("read-notice-recipients", "contacts.view",
         "the number a notice went to needs contacts.view",
         "SELECT recipient FROM app.customer_notice"),
    Rule("read-notice-channels", "notice.send",
         "SMS/e-mail gateway settings (with their keys) need notice.send",
         "SELECT config FROM app.notice_channel"),
    Rule("change-shop-settings", "settings.admin", "change the shop header and promise days",
         "UPDATE app.shop_setting SET value = value WHERE key = 'shop'"),
    Rule("delete-dictionary", "masterdata.edit", "delete dictionary entries",
         "DELETE FROM app.dictionary_entry WHERE kind = 'brand' AND value = '矩阵旧品牌'",
         setup="INSERT INTO app.dictionary_entry (kind, value) VALUES ('brand', '矩阵旧品牌') "
               "ON CONFLICT (kind, value) DO NOTHING;"),
    # -- stocktake (0017): sheets change only through its functions ------------------------
    Rule("open-stocktake", "stocktake", "open a stocktake sheet (app.stocktake_open)",
         "SELECT app.stocktake_open(jsonb_build_object('warehouse_id', "
         "(SELECT id FROM app.warehouse WHERE code = 'perm-st1')))", setup=STOCKTAKE_PLACE),
    Rule("count-stocktake", "stocktake", "count on a sheet (app.stocktake_count)",
         "SELECT app.stocktake_count(jsonb_build_object('id', (SELECT id FROM app.stocktake "
         "WHERE warehouse_id = (SELECT id FROM app.warehouse WHERE code = 'perm-st2') "
         "AND state = 'open'), 'lines', jsonb_build_array(jsonb_build_object("
         "'item_id', (SELECT id FROM app.item WHERE code = 'perm-i1'), 'counted', 1))))",
         setup=STOCKTAKE_SHEET),
    Rule("post-stocktake", "stocktake", "post a sheet (app.stocktake_post)",
         "SELECT app.stocktake_post(jsonb_build_object('id', (SELECT id FROM app.stocktake "
         "WHERE warehouse_id = (SELECT id FROM app.warehouse WHERE code = 'perm-st2') "
         "AND state = 'open')))", setup=STOCKTAKE_SHEET),
    Rule("write-stocktake-directly", None, "nobody writes stocktake sheets directly",
         "UPDATE app.stocktake SET state = 'cancelled'", also=("stocktake", "stock.post")),
    Rule("adjust-stock-directly", None, "nobody calls the stocktake's posting helper",
         "SELECT app.stocktake_adjust(1, '{{}}')", also=("stocktake", "stock.post")),
    Rule("read-stocktakes", None, "everybody reads the sheets (quantities only)",
         "SELECT count(*) FROM app.stocktake_line", without=OK),
    # -- dispatch (0018): jobs and visits change only through the dispatch functions -------
    Rule("dispatch-assign", "dispatch.assign", "assign a job (app.dispatch_assign)",
         "SELECT app.dispatch_assign(jsonb_build_object('ticket_id', (SELECT id FROM "
         "app.ticket WHERE number = 'perm-t1'), 'technician_id', (SELECT id FROM "
         "app.employee WHERE code = 'perm-tech')))", setup=DISPATCH_TICKET),
    Rule("write-jobs-directly", None, "nobody writes jobs directly",
         "UPDATE app.job SET state = 'cancelled'", also=("dispatch.assign", "review.approve")),
    Rule("book-visits-directly", None, "nobody books a visit past the dispatch function",
         "SELECT app.visit_book(1, 1, 1, now(), now() + interval '1 hour')",
         also=("dispatch.assign",)),
    Rule("edit-employee-work-types", "masterdata.edit", "set a technician's work types",
         "DELETE FROM app.employee_work_type WHERE employee_id = -1"),
]


def _ident(rule: Rule, who: str) -> str:
    return f"{rule.ident}-{who}"


def _cases() -> Iterator[object]:
    idents = [rule.ident for rule in MATRIX]
    duplicates = {i for i in idents if idents.count(i) > 1}
    assert not duplicates, f"duplicate MATRIX idents: {sorted(duplicates)}"
    for rule in MATRIX:
        if rule.capability is None:
            first = "+".join(rule.also) if rule.also else "plain"
            yield pytest.param(rule, "also", id=_ident(rule, first))
            yield pytest.param(rule, "administrator", id=_ident(rule, "administrator"))
        else:
            yield pytest.param(rule, "without", id=_ident(rule, "without"))
            yield pytest.param(rule, "with", id=_ident(rule, "with"))


@dataclass
class Operators:
    """One operator per capability set, created on first use (roles are slow to make)."""

    cluster: TestCluster
    db: str
    made: dict[frozenset[str] | None, str] = field(default_factory=dict)
    other: str = ""

    def holding(self, capabilities: frozenset[str] | None) -> str:
        """capabilities None = the administrator template (every capability)."""
        if capabilities not in self.made:
            self.made[capabilities] = self.cluster.create_operator(
                self.db, capabilities=None if capabilities is None else sorted(capabilities),
                code=fresh_code(self.cluster, "perm"))
        return self.made[capabilities]

    def connect(self, code: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(**self.cluster.profile(self.db).connect_kwargs(
            code, TEST_PASSWORD))


@pytest.fixture(scope="module")
def ops(cluster: TestCluster, shop_db: str) -> Operators:
    # not from the cache: "other" must never be the operator who acts
    return Operators(cluster, shop_db, other=cluster.create_operator(
        shop_db, capabilities=[], code=fresh_code(cluster, "other")))


def fresh_code(cluster: TestCluster, hint: str) -> str:
    """A role name under the cluster's prefix (dropped with it), without the cluster's
    counter: other modules' expectations depend on which numbers that hands out."""
    return f"{cluster.prefix}{hint}{secrets.token_hex(3)}"


def _scram(conn: psycopg2.extensions.connection, role: str) -> sql.Literal:
    verifier = psycopg2.extensions.encrypt_password(TEST_PASSWORD, role, conn, "scram-sha-256")
    return sql.Literal(verifier)


def _attempt(ops: Operators, code: str, rule: Rule) -> tuple[str, list[tuple] | str]:
    """Run the row's statement as `code`, roll back; (outcome, rows or SQLSTATE)."""
    conn = ops.connect(code)
    try:
        new = fresh_code(ops.cluster, "new")
        statement = sql.SQL(rule.statement).format(
            me=sql.Identifier(code), me_lit=sql.Literal(code),
            other=sql.Identifier(ops.other), other_lit=sql.Literal(ops.other),
            new=sql.Identifier(new), new_lit=sql.Literal(new),
            scram_me=_scram(conn, code), scram_other=_scram(conn, ops.other),
            scram_new=_scram(conn, new),
        )
        with conn.cursor() as cur:
            try:
                cur.execute(statement)
            except psycopg2.Error as exc:
                return DENIED, str(exc.pgcode)
            if cur.description is None:
                return OK, []
            rows = cur.fetchall()
        return (ROWS if rows else EMPTY), rows
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.parametrize(("rule", "who"), list(_cases()))
def test_capability_matrix(cluster: TestCluster, shop_db: str, ops: Operators,
                           rule: Rule, who: str) -> None:
    if rule.setup:
        cluster.execute(shop_db, rule.setup)
    also = frozenset(rule.also)
    if rule.capability is None:
        code = ops.holding(None if who == "administrator" else also)
        expected = rule.without
    elif who == "without":
        assert rule.capability not in also
        code = ops.holding(also)
        expected = rule.without
    else:
        code = ops.holding(also | {rule.capability})
        expected = rule.with_cap

    outcome, detail = _attempt(ops, code, rule)

    label = f"{rule.description} ({who}: {code})"
    if expected == DENIED:
        assert outcome == DENIED, f"{label}: should be refused, got {outcome} {detail!r}"
        assert detail == rule.sqlstate, f"{label}: refused with {detail}, not {rule.sqlstate}"
    elif expected == OK:
        # a SELECT that succeeds is fine whether or not it returns rows
        assert outcome in (OK, ROWS, EMPTY), f"{label}: should succeed, got {detail!r}"
    else:
        assert outcome == expected, f"{label}: expected {expected}, got {outcome} {detail!r}"


def test_administrator_holds_every_capability(cluster: TestCluster, shop_db: str,
                                              ops: Operators) -> None:
    """The None rows' second operator really is all-powerful as far as capabilities go."""
    admin = ops.holding(None)
    missing = cluster.execute(
        shop_db, "SELECT code FROM app.capability "
                 "WHERE NOT pg_has_role(%s, role_name, 'MEMBER')", (admin,))
    assert missing == []


def test_operators_hold_exactly_their_capability_set(cluster: TestCluster, shop_db: str,
                                                     ops: Operators) -> None:
    """A row is only meaningful if 'without' really lacks the capability."""
    wanted = {frozenset(rule.also) for rule in MATRIX} | {
        frozenset(rule.also) | {rule.capability} for rule in MATRIX if rule.capability}
    for capabilities in wanted:
        code = ops.holding(capabilities)
        held = {c for (c,) in cluster.execute(
            shop_db, "SELECT code FROM app.capability "
                     "WHERE pg_has_role(%s, role_name, 'MEMBER')", (code,))}
        assert held == set(capabilities), code
