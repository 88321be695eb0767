"""Technicians' pay (提成工资): rules, commission lines, rewards and penalties, overdue
deductions, rework charge-backs, monthly statements settled and locked (issue 14).

- Rules: `app.commission_rule` keyed by service mode x work type (a fixed amount, a % of
  the labour fee or a % of the parts margin) with validity dates that may not overlap
  for one key (an exclusion constraint); grade multipliers; the seed's hours scheme
  (`app.hours_rule`, with each technician's basic and rated hours in `app.employee_pay`);
  the rework charge-back rule; automatic reward / penalty items and overdue rules by
  service mode.
- Lines: `app.commission_line`, made when a job is reviewed (frozen with the rule, its
  version, the base, the rate and the amount), by the month run (hours pay, automatic
  rewards and penalties) and by hand (a manager's approval); late events (a reopened job,
  a voided settlement) become adjustments in the open month that refer to the original.
- Months: `app.commission_period` and `app.commission_statement` per technician and
  outlet, draft -> confirmed -> settled; a settled month is locked by triggers: no write
  touches it, whoever tries.
- Row security: a technician reads only their own lines and statements.

Helpers add their parts each to its own section below (RULE_*: rules and the pure rule
functions, LINE_*: lines, shares, periods, the lock and the late events, MONTH_*: the
statements, the month run, confirming and settling, the reads, PRINT_*: what the PDF and
the workbook read), so that their changes do not collide. Each section has SCHEMA
(statements run in order; tables, indexes, policies, audit triggers, seeds), SCHEMA_UNDO
(run in reverse order at downgrade, after the functions are dropped), FILES
(db/sql/...), FUNCTIONS and GRANTS (GRANTS[i] is who may execute FUNCTIONS[i]; "" =
nobody: internal), TRIGGERS (after every section's files) and TRIGGERS_UNDO.
"""

from alembic import op

from aftersales_desktop.core.sql_files import install

revision = "0022"
down_revision = "0021"

# ---- rules (helper cm-rules) -------------------------------------------------------------
RULE_SCHEMA = []
RULE_SCHEMA_UNDO = []
RULE_FILES = []
RULE_FUNCTIONS = []
RULE_GRANTS = []
RULE_TRIGGERS = []
RULE_TRIGGERS_UNDO = []

# ---- lines, shares, periods, the lock, late events (helper cm-lines) -----------------------
LINE_SCHEMA = []
LINE_SCHEMA_UNDO = []
LINE_FILES = []
LINE_FUNCTIONS = []
LINE_GRANTS = []
LINE_TRIGGERS = []
LINE_TRIGGERS_UNDO = []

# ---- statements, the month run, confirm and settle, the reads (helper cm-month) -----------
MONTH_SCHEMA = []
MONTH_SCHEMA_UNDO = []
MONTH_FILES = []
MONTH_FUNCTIONS = []
MONTH_GRANTS = []
MONTH_TRIGGERS = []
MONTH_TRIGGERS_UNDO = []

# ---- what the statements' PDF and workbook read (helper cm-reports) -----------------------
PRINT_SCHEMA = []
PRINT_SCHEMA_UNDO = []
PRINT_FILES = []
PRINT_FUNCTIONS = []
PRINT_GRANTS = []
PRINT_TRIGGERS = []
PRINT_TRIGGERS_UNDO = []

# (schema, schema undo, functions, grants, triggers, triggers undo) in install order;
# the files are installed by name in upgrade() (tests/db/test_sql_files.py reads the
# install() calls and needs each list by name)
SECTIONS = (
    (RULE_SCHEMA, RULE_SCHEMA_UNDO, RULE_FUNCTIONS, RULE_GRANTS, RULE_TRIGGERS,
     RULE_TRIGGERS_UNDO),
    (LINE_SCHEMA, LINE_SCHEMA_UNDO, LINE_FUNCTIONS, LINE_GRANTS, LINE_TRIGGERS,
     LINE_TRIGGERS_UNDO),
    (MONTH_SCHEMA, MONTH_SCHEMA_UNDO, MONTH_FUNCTIONS, MONTH_GRANTS, MONTH_TRIGGERS,
     MONTH_TRIGGERS_UNDO),
    (PRINT_SCHEMA, PRINT_SCHEMA_UNDO, PRINT_FUNCTIONS, PRINT_GRANTS, PRINT_TRIGGERS,
     PRINT_TRIGGERS_UNDO),
)


def _grant(functions: list[str], grants: list[str]) -> None:
    for function, grantee in zip(functions, grants, strict=True):
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        if grantee:
            op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")


def upgrade() -> None:
    op.execute("SET ROLE as_owner")
    for schema, *_rest in SECTIONS:
        for statement in schema:
            op.execute(statement)
    # every section's files before any grant: one section's function may call another's
    install(*RULE_FILES, revision="0022")
    install(*LINE_FILES, revision="0022")
    install(*MONTH_FILES, revision="0022")
    install(*PRINT_FILES, revision="0022")
    for _schema, _undo, functions, grants, _triggers, _triggers_undo in SECTIONS:
        _grant(functions, grants)
    for *_rest, triggers, _triggers_undo in SECTIONS:
        for statement in triggers:
            op.execute(statement)
    op.execute("RESET ROLE")


def downgrade() -> None:
    op.execute("SET ROLE as_owner")
    for *_rest, _triggers, triggers_undo in reversed(SECTIONS):
        for statement in triggers_undo:
            op.execute(statement)
    for _schema, _undo, functions, *_rest in reversed(SECTIONS):
        for function in reversed(functions):
            op.execute(f"DROP FUNCTION {function}")
    for _schema, undo, *_rest in reversed(SECTIONS):
        for statement in reversed(undo):
            op.execute(statement)
    op.execute("RESET ROLE")
