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
from aftersales_desktop.core.table_checks import limit_checks

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
# A month (commission_period) is open until it is settled, then locked. A line
# (commission_line) is a frozen copy: the rule, its version, the base, the rate, the
# share and the amount as they were when it was made; its job, ticket, work type, survey,
# complaint and item are plain numbers (no foreign key: the line outlives their edits).
# A job's shares (job_share): none = 100 % to the job's technician. Codes: domain/
# commissions.py; lengths and ranges: domain/limits.py.
LINE_PERIOD_STATES = ("open", "settled")
LINE_KINDS = ("commission", "hours_pay", "supervisor_pay", "reward", "penalty", "overdue",
              "rework", "adjustment")
LINE_ORIGINS = ("review", "run", "manual", "late")
LINE_STATES = ("active", "proposed", "rejected")
# how a line's amount was found: a commission rule's kind, the payee's scheme (hours,
# none: paid by the month instead), the overdue rule, a rework rule's kind, the hours
# scheme's supervisor pay, a reward / penalty item (cm-month's run lines)
LINE_RULE_KINDS = ("fixed", "labour_pct", "margin_pct", "hours", "none", "overdue",
                   "commission_pct", "supervisor", "item")
LINE_HOURS_KINDS = ("repair", "other")
_LINE_DAYS = ("2000-01-01", "2199-12-31")
# numeric columns that may not be negative (amount and hours are signed: a penalty, an
# adjustment taking a line back)
_LINE_NOT_NEGATIVE = ("quantity", "base", "rate", "grade_factor", "share", "repair_hours",
                      "other_hours", "basic_hours", "rated_hours")
_LINE_NUMBERS = (*_LINE_NOT_NEGATIVE, "hours", "amount")
_LINE_NOT_NEGATIVE_CHECKS = ",\n    ".join(
    f"CONSTRAINT commission_line_{column}_not_negative CHECK ({column} >= 0)"
    for column in _LINE_NOT_NEGATIVE)
# (annotated: tests/db/test_sql_files.py reads the plain literal lists, the install lists,
# and these are built with limit_checks)
LINE_SCHEMA: list[str] = [
    f"""CREATE TABLE app.commission_period (
    month      date PRIMARY KEY,
    state      text NOT NULL DEFAULT 'open',
    run_at     timestamptz,
    run_by     text,
    settled_at timestamptz,
    settled_by text,
    version    integer NOT NULL DEFAULT 1,
    CONSTRAINT commission_period_month_range CHECK (month >= '{_LINE_DAYS[0]}'::date
        AND month <= '{_LINE_DAYS[1]}'::date),
    CONSTRAINT commission_period_first_day CHECK (month = date_trunc('month', month)::date),
    CONSTRAINT commission_period_settled CHECK ((state = 'settled') = (settled_at IS NOT NULL)),
    {limit_checks("commission_period", text_max={"state": 20, "run_by": 63, "settled_by": 63},
                  times=("run_at", "settled_at"), choices={"state": LINE_PERIOD_STATES})}
)""",
    """CREATE TABLE app.job_share (
    job_id      bigint NOT NULL REFERENCES app.job,
    employee_id bigint NOT NULL REFERENCES app.employee,
    share       numeric(5,2) NOT NULL,
    PRIMARY KEY (job_id, employee_id),
    CONSTRAINT job_share_share_check CHECK (share > 0),
    CONSTRAINT job_share_share_most CHECK (share <= 100),
    CONSTRAINT job_share_share_finite CHECK (share <> 'NaN'::numeric)
)""",
    "CREATE INDEX job_share_employee_idx ON app.job_share (employee_id)",
    f"""CREATE TABLE app.commission_line (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period           date NOT NULL REFERENCES app.commission_period,
    employee_id      bigint REFERENCES app.employee,
    outlet_id        bigint REFERENCES app.service_outlet,
    kind             text NOT NULL,
    origin           text NOT NULL,
    state            text NOT NULL DEFAULT 'active',
    source_key       text NOT NULL,
    job_id           bigint,
    ticket_id        bigint,
    work_type_id     bigint,
    survey_id        bigint,
    complaint_id     bigint,
    item_id          bigint,
    rule_kind        text,
    rule_id          bigint,
    rule_version     integer,
    quantity         numeric(6,2),
    base             numeric(12,2),
    rate             numeric(9,4),
    grade_factor     numeric(5,3),
    share            numeric(5,2),
    hours            numeric(8,2),
    hours_kind       text,
    repair_hours     numeric(8,2),
    other_hours      numeric(8,2),
    basic_hours      numeric(8,2),
    rated_hours      numeric(8,2),
    amount           numeric(12,2) NOT NULL,
    reverses_line_id bigint REFERENCES app.commission_line,
    reason           text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       text NOT NULL DEFAULT session_user,
    decided_at       timestamptz,
    decided_by       text,
    CONSTRAINT commission_line_source_key_key UNIQUE (period, source_key),
    CONSTRAINT commission_line_payee CHECK ((employee_id IS NULL) <> (outlet_id IS NULL)),
    CONSTRAINT commission_line_period_range CHECK (period >= '{_LINE_DAYS[0]}'::date
        AND period <= '{_LINE_DAYS[1]}'::date),
    CONSTRAINT commission_line_source_key_blank CHECK (btrim(source_key) <> ''),
    CONSTRAINT commission_line_rule_version_check CHECK (rule_version >= 1),
    -- a manual line waits for approval (proposed) until it is decided; the others are
    -- active from the start
    CONSTRAINT commission_line_manual_state CHECK (origin = 'manual' OR state = 'active'),
    CONSTRAINT commission_line_decided CHECK ((state = 'proposed') = (decided_at IS NULL)
        OR origin <> 'manual'),
    {_LINE_NOT_NEGATIVE_CHECKS},
    {limit_checks("commission_line",
                  text_max={"kind": 20, "origin": 20, "state": 20, "source_key": 100,
                            "rule_kind": 20, "hours_kind": 20, "reason": 200,
                            "created_by": 63, "decided_by": 63},
                  times=("created_at", "decided_at"), numbers=_LINE_NUMBERS,
                  choices={"kind": LINE_KINDS, "origin": LINE_ORIGINS, "state": LINE_STATES,
                           "rule_kind": LINE_RULE_KINDS, "hours_kind": LINE_HOURS_KINDS})}
)""",
    "CREATE INDEX commission_line_employee_idx ON app.commission_line (period, employee_id) "
    "WHERE employee_id IS NOT NULL",
    "CREATE INDEX commission_line_outlet_idx ON app.commission_line (period, outlet_id) "
    "WHERE outlet_id IS NOT NULL",
    "CREATE INDEX commission_line_job_idx ON app.commission_line (job_id) "
    "WHERE job_id IS NOT NULL",
    "CREATE INDEX commission_line_ticket_idx ON app.commission_line (ticket_id) "
    "WHERE ticket_id IS NOT NULL",
    "CREATE INDEX commission_line_reverses_idx ON app.commission_line (reverses_line_id) "
    "WHERE reverses_line_id IS NOT NULL",
    "CREATE INDEX commission_line_proposed_idx ON app.commission_line (created_at, id) "
    "WHERE origin = 'manual'",
    # the amounts are pay: the change log shows them to whoever sees all commissions
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.commission_line "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', 'amount,base', "
    "'commission.view_all')",
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.commission_period "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('month', '', '')",
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.job_share "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('job_id,employee_id', '', '')",
    "CREATE TRIGGER bump_version BEFORE UPDATE ON app.commission_period "
    "FOR EACH ROW EXECUTE FUNCTION app.bump_version()",
    # read only: every write is a function's (no INSERT, UPDATE or DELETE for anybody)
    "GRANT SELECT ON app.commission_period, app.job_share TO as_operator",
    "GRANT SELECT ON app.commission_line TO as_cap_commission_view_own, "
    "as_cap_commission_view_all, as_cap_commission_settle",
]
LINE_SCHEMA_UNDO = [
    "DROP TABLE app.commission_period",
    "DROP TABLE app.job_share",
    "DROP TABLE app.commission_line",
]
LINE_FILES = ["commissions/sees_all_commissions.sql", "commissions/commission_locked.sql",
              "commissions/commission_open_period.sql"]
LINE_FUNCTIONS = ["app.sees_all_commissions()", "app.commission_locked()",
                  "app.commission_open_period(date)"]
LINE_GRANTS = ["as_operator", "", ""]
# after every section's files: the row security (its helper is a file) and the lock
_LINE_MINE = "(SELECT app.sees_all_commissions()) OR employee_id = (SELECT app.my_employee_id())"
_LINE_JOB = "(SELECT app.sees_all_jobs()) OR EXISTS (SELECT FROM app.job j WHERE j.id = job_id)"
LINE_TRIGGERS: list[str] = [
    "ALTER TABLE app.commission_line ENABLE ROW LEVEL SECURITY",
    f"CREATE POLICY commission_line_read ON app.commission_line FOR SELECT TO as_operator "
    f"USING ({_LINE_MINE})",
    "ALTER TABLE app.job_share ENABLE ROW LEVEL SECURITY",
    f"CREATE POLICY job_share_read ON app.job_share FOR SELECT TO as_operator "
    f"USING ({_LINE_JOB})",
    # a settled month: no write touches its lines or its row, whoever tries (the owner
    # too); TRUNCATE neither once a month is settled
    "CREATE TRIGGER commission_locked BEFORE INSERT OR UPDATE OR DELETE ON app.commission_line "
    "FOR EACH ROW EXECUTE FUNCTION app.commission_locked()",
    "CREATE TRIGGER commission_locked BEFORE UPDATE OR DELETE ON app.commission_period "
    "FOR EACH ROW EXECUTE FUNCTION app.commission_locked()",
    "CREATE TRIGGER commission_locked_truncate BEFORE TRUNCATE ON app.commission_line "
    "FOR EACH STATEMENT EXECUTE FUNCTION app.commission_locked()",
    "CREATE TRIGGER commission_locked_truncate BEFORE TRUNCATE ON app.commission_period "
    "FOR EACH STATEMENT EXECUTE FUNCTION app.commission_locked()",
]
LINE_TRIGGERS_UNDO = [
    "DROP TRIGGER commission_locked_truncate ON app.commission_period",
    "DROP TRIGGER commission_locked_truncate ON app.commission_line",
    "DROP TRIGGER commission_locked ON app.commission_period",
    "DROP TRIGGER commission_locked ON app.commission_line",
    "DROP POLICY job_share_read ON app.job_share",
    "DROP POLICY commission_line_read ON app.commission_line",
]

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
