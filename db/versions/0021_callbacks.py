"""Callbacks (回访), surveys, complaints (投诉) and inquiries (咨询) (issue 13).

- Callback tasks: made by the database when a ticket is finished for the customer
  (picked up, or completed on site), one per ticket and round, due after the delay its
  service mode's rule sets; also imported from a dealer's list of customers who bought.
  Each attempt is logged; a task is pending, in progress, done, unreachable (after the
  shop's number of attempts) or expired (after its window).
- Surveys: the shop's questions (scores 1-5 enforced by CHECK), usage, suggestions. The
  job's own technician cannot record its survey (a CHECK). An answer freezes after a
  window; a correction is a new row.
- Complaints: opened by a low score in the same transaction, or by hand; severity,
  owner, deadline, escalation when the deadline passes, resolution; the clock stops
  while the complaint waits for the customer.
- Inquiries: a call or visit that is not a repair, logged against the customer; it can
  become a ticket or a pre-order.
- Statistics: satisfaction per technician, service mode and month, kept up to date by
  the survey writes; complaint counts and time to resolve.
- The capability complaint.handle (managers, administrators).

Helpers add their parts each to its own section below (TASK_*: tasks and surveys,
COMPLAINT_*: complaints, INQUIRY_*: inquiries and the customer's history, STATS_*:
statistics, IMPORT_*: the dealer list), so that their changes do not collide. Each
section has SCHEMA (statements run in order after the capability; tables, indexes,
policies, audit triggers, settings) and SCHEMA_UNDO (run in reverse order at downgrade,
after the functions are dropped), FILES (db/sql/...), FUNCTIONS and GRANTS (GRANTS[i] is
who may execute FUNCTIONS[i]; "" = nobody: internal), TRIGGERS (after every section's
files) and TRIGGERS_UNDO.
"""

from alembic import op

from aftersales_desktop.core.sql_files import create_missing_roles, install, sync_operators
from aftersales_desktop.core.table_checks import in_list

revision = "0021"
down_revision = "0020"

CAPABILITY = ("complaint.handle", "as_cap_complaint_handle", "Handle complaints")
TEMPLATES = ("manager", "administrator")

# ---- callback tasks, attempts, survey questions and surveys (helper cb-tasks) -----------
TASK_SCHEMA = []
TASK_SCHEMA_UNDO = []
TASK_FILES = []
TASK_FUNCTIONS = []
TASK_GRANTS = []
TASK_TRIGGERS = []
TASK_TRIGGERS_UNDO = []

# ---- complaints (helper cb-complaints) ---------------------------------------------------
COMPLAINT_SCHEMA = []
COMPLAINT_SCHEMA_UNDO = []
COMPLAINT_FILES = []
COMPLAINT_FUNCTIONS = []
COMPLAINT_GRANTS = []
COMPLAINT_TRIGGERS = []
COMPLAINT_TRIGGERS_UNDO = []

# ---- inquiries and the customer's history (helper cb-inquiry) ----------------------------
INQUIRY_SCHEMA = []
INQUIRY_SCHEMA_UNDO = []
INQUIRY_FILES = []
INQUIRY_FUNCTIONS = []
INQUIRY_GRANTS = []
INQUIRY_TRIGGERS = []
INQUIRY_TRIGGERS_UNDO = []
# files of earlier functions this revision replaces (frozen first: tools/freeze_sql.py),
# by the revision that last installed them, reinstalled as it had them at downgrade
INQUIRY_REPLACED_0014 = []
INQUIRY_REPLACED_0020 = []

# ---- statistics (helper cb-stats) --------------------------------------------------------
STATS_SCHEMA = []
STATS_SCHEMA_UNDO = []
STATS_FILES = []
STATS_FUNCTIONS = []
STATS_GRANTS = []
STATS_TRIGGERS = []
STATS_TRIGGERS_UNDO = []

# ---- the dealer's list of customers who bought (helper cb-demo) --------------------------
IMPORT_SCHEMA = []
IMPORT_SCHEMA_UNDO = []
IMPORT_FILES = []
IMPORT_FUNCTIONS = []
IMPORT_GRANTS = []
IMPORT_TRIGGERS = []
IMPORT_TRIGGERS_UNDO = []

# (schema, schema undo, functions, grants, triggers, triggers undo) in install order;
# the files are installed by name in upgrade() (tests/db/test_sql_files.py reads the
# install() calls and needs each list by name)
SECTIONS = (
    (TASK_SCHEMA, TASK_SCHEMA_UNDO, TASK_FUNCTIONS, TASK_GRANTS, TASK_TRIGGERS,
     TASK_TRIGGERS_UNDO),
    (COMPLAINT_SCHEMA, COMPLAINT_SCHEMA_UNDO, COMPLAINT_FUNCTIONS, COMPLAINT_GRANTS,
     COMPLAINT_TRIGGERS, COMPLAINT_TRIGGERS_UNDO),
    (INQUIRY_SCHEMA, INQUIRY_SCHEMA_UNDO, INQUIRY_FUNCTIONS, INQUIRY_GRANTS,
     INQUIRY_TRIGGERS, INQUIRY_TRIGGERS_UNDO),
    (STATS_SCHEMA, STATS_SCHEMA_UNDO, STATS_FUNCTIONS, STATS_GRANTS, STATS_TRIGGERS,
     STATS_TRIGGERS_UNDO),
    (IMPORT_SCHEMA, IMPORT_SCHEMA_UNDO, IMPORT_FUNCTIONS, IMPORT_GRANTS, IMPORT_TRIGGERS,
     IMPORT_TRIGGERS_UNDO),
)


def _grant(functions: list[str], grants: list[str]) -> None:
    for function, grantee in zip(functions, grants, strict=True):
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        if grantee:
            op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")


def upgrade() -> None:
    code, role, label = CAPABILITY
    op.execute("RESET ROLE")
    create_missing_roles(op.get_bind(), [role], "NOLOGIN")
    op.execute(f"GRANT {role} TO as_role_admin WITH ADMIN OPTION")
    op.execute("SET ROLE as_owner")
    op.execute("INSERT INTO app.capability (code, role_name, label, sort_order) "
               f"SELECT '{code}', '{role}', '{label}', max(sort_order) + 1 FROM app.capability")
    op.execute("INSERT INTO app.template_capability (template, capability) "
               f"SELECT t.code, '{code}' FROM app.position_template t "
               f"WHERE t.code IN {in_list(TEMPLATES)}")

    for schema, *_rest in SECTIONS:
        for statement in schema:
            op.execute(statement)
    # every section's files before any grant: one section's function may call another's
    install(*TASK_FILES, revision="0021")
    install(*COMPLAINT_FILES, revision="0021")
    install(*INQUIRY_FILES, revision="0021")
    install(*STATS_FILES, revision="0021")
    install(*IMPORT_FILES, revision="0021")
    for _schema, _undo, functions, grants, _triggers, _triggers_undo in SECTIONS:
        _grant(functions, grants)
    for *_rest, triggers, _triggers_undo in SECTIONS:
        for statement in triggers:
            op.execute(statement)

    sync_operators(f"template IN {in_list(TEMPLATES)}")


def downgrade() -> None:
    code, _role, _label = CAPABILITY
    op.execute("SET ROLE as_owner")
    for *_rest, _triggers, triggers_undo in reversed(SECTIONS):
        for statement in triggers_undo:
            op.execute(statement)
    install(*INQUIRY_REPLACED_0014, revision="0014")
    install(*INQUIRY_REPLACED_0020, revision="0020")
    for _schema, _undo, functions, *_rest in reversed(SECTIONS):
        for function in reversed(functions):
            op.execute(f"DROP FUNCTION {function}")
    for _schema, undo, *_rest in reversed(SECTIONS):
        for statement in reversed(undo):
            op.execute(statement)

    op.execute(f"DELETE FROM app.operator_capability WHERE capability = '{code}'")
    op.execute(f"DELETE FROM app.template_capability WHERE capability = '{code}'")
    sync_operators("true")
    op.execute("SET ROLE as_owner")
    op.execute(f"DELETE FROM app.capability WHERE code = '{code}'")
    # the role and the role administrator's hold on it stay: they belong to the cluster
    op.execute("RESET ROLE")
