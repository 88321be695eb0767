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
from aftersales_desktop.core.table_checks import in_list, limit_checks

revision = "0022"
down_revision = "0021"

# ---- rules (helper cm-rules) -------------------------------------------------------------
# Codes (domain/commissions.py has their labels), lengths and ranges (domain/limits.py).
RULE_KINDS = ("fixed", "labour_pct", "margin_pct")
REWORK_KINDS = ("fixed", "commission_pct")
SCHEMES = ("commission", "hours", "none")
HOURS_KINDS = ("repair", "other")
AUTO_TRIGGERS = ("survey_low", "survey_high", "complaint")
_RULE_DAYS = ("2000-01-01", "2199-12-31")
_RULE_TEXT = {
    "commission_rule": {"service_mode": 30, "kind": 20, "note": 200},
    "commission_grade_factor": {"grade": 30},
    "hours_rule": {},
    "rework_rule": {"kind": 20, "note": 200},
    "employee_pay": {"scheme": 20},
}
_RULE_NUMBERS = {
    "commission_rule": ("amount", "rate"),
    "commission_grade_factor": ("factor",),
    "hours_rule": ("other_weight", "rate_above_rated", "rate_basic_to_rated",
                   "supervisor_factor", "supervisor_threshold"),
    "rework_rule": ("amount", "rate"),
    "employee_pay": ("basic_hours", "rated_hours"),
}
# numbers whose CHECK holds less than their column's precision: (column, most); each
# also has a separate CHECK (column >= 0)
_RULE_MAXIMA = {
    "commission_rule": (("amount", "99999.99"), ("rate", "100")),
    "commission_grade_factor": (("factor", "10"),),
    "hours_rule": (("other_weight", "1"), ("rate_above_rated", "10000"),
                   ("rate_basic_to_rated", "10000"), ("supervisor_factor", "10"),
                   ("supervisor_threshold", "100")),
    "rework_rule": (("amount", "99999.99"), ("rate", "100")),
    "employee_pay": (("basic_hours", "744"), ("rated_hours", "744")),
}
_RULE_CHOICES = {
    "commission_rule": {"kind": RULE_KINDS},
    "rework_rule": {"kind": REWORK_KINDS},
    "employee_pay": {"scheme": SCHEMES},
}
_RULE_VALIDITY = ("commission_rule", "hours_rule", "rework_rule")


def _rule_checks(table: str) -> str:
    checks = [f"CONSTRAINT {table}_{column}_range CHECK ({column} >= '{_RULE_DAYS[0]}'::date "
              f"AND {column} <= '{_RULE_DAYS[1]}'::date)"
              for column in (("valid_from", "valid_to") if table in _RULE_VALIDITY else ())]
    if table in _RULE_VALIDITY:
        checks.append(f"CONSTRAINT {table}_valid_to_after CHECK "
                      "(valid_to IS NULL OR valid_to >= valid_from)")
    for column, most in _RULE_MAXIMA[table]:
        checks.append(f"CONSTRAINT {table}_{column}_check CHECK ({column} >= 0)")
        checks.append(f"CONSTRAINT {table}_{column}_max CHECK ({column} <= {most})")
    return ",\n    ".join([*checks, limit_checks(
        table, text_max=_RULE_TEXT[table], numbers=_RULE_NUMBERS[table],
        choices=_RULE_CHOICES.get(table))])


def _no_overlap(table: str, key: str = "") -> str:
    return (f"CONSTRAINT {table}_no_overlap EXCLUDE USING gist ({key}"
            "daterange(valid_from, valid_to, '[]') WITH &&)")


_RULE_TABLES = f"""
CREATE TABLE app.commission_rule (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service_mode text NOT NULL REFERENCES app.service_mode,
    work_type_id bigint NOT NULL REFERENCES app.work_type,
    kind         text NOT NULL,
    amount       numeric(12,2),
    rate         numeric(7,4),
    valid_from   date NOT NULL,
    valid_to     date,
    note         text NOT NULL DEFAULT '',
    version      integer NOT NULL DEFAULT 1,
    CONSTRAINT commission_rule_amount_kind CHECK ((kind = 'fixed') = (amount IS NOT NULL)),
    CONSTRAINT commission_rule_rate_kind CHECK ((kind <> 'fixed') = (rate IS NOT NULL)),
    {_no_overlap("commission_rule", "service_mode WITH =, work_type_id WITH =, ")},
    {_rule_checks("commission_rule")}
);
CREATE INDEX commission_rule_work_type_idx ON app.commission_rule (work_type_id);

CREATE TABLE app.commission_grade_factor (
    grade   text PRIMARY KEY,
    factor  numeric(5,3) NOT NULL,
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT commission_grade_factor_grade_blank CHECK (btrim(grade) <> ''),
    {_rule_checks("commission_grade_factor")}
);

CREATE TABLE app.hours_rule (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    valid_from           date NOT NULL,
    valid_to             date,
    other_weight         numeric(4,3) NOT NULL DEFAULT 0.5,
    rate_above_rated     numeric(8,2) NOT NULL DEFAULT 3,
    rate_basic_to_rated  numeric(8,2) NOT NULL DEFAULT 1.5,
    supervisor_factor    numeric(4,2) NOT NULL DEFAULT 2,
    supervisor_threshold numeric(5,2) NOT NULL DEFAULT 70,
    version              integer NOT NULL DEFAULT 1,
    {_no_overlap("hours_rule")},
    {_rule_checks("hours_rule")}
);

CREATE TABLE app.rework_rule (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text NOT NULL,
    amount     numeric(12,2),
    rate       numeric(7,4),
    valid_from date NOT NULL,
    valid_to   date,
    note       text NOT NULL DEFAULT '',
    version    integer NOT NULL DEFAULT 1,
    CONSTRAINT rework_rule_amount_kind CHECK ((kind = 'fixed') = (amount IS NOT NULL)),
    CONSTRAINT rework_rule_rate_kind CHECK ((kind <> 'fixed') = (rate IS NOT NULL)),
    {_no_overlap("rework_rule")},
    {_rule_checks("rework_rule")}
);

CREATE TABLE app.employee_pay (
    employee_id bigint PRIMARY KEY REFERENCES app.employee ON DELETE CASCADE,
    scheme      text NOT NULL DEFAULT 'commission',
    basic_hours numeric(6,2) NOT NULL DEFAULT 0,
    rated_hours numeric(6,2) NOT NULL DEFAULT 0,
    probation   boolean NOT NULL DEFAULT false,
    supervisor  boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    CONSTRAINT employee_pay_rated_below_basic CHECK (rated_hours >= basic_hours),
    {_rule_checks("employee_pay")}
);
"""
# the tables, their audit keys and what the log hides (an employee's pay terms are read
# only by who may see pay, like the post wage)
_RULE_AUDITED = {
    "commission_rule": ("id", "", ""), "commission_grade_factor": ("grade", "", ""),
    "hours_rule": ("id", "", ""), "rework_rule": ("id", "", ""),
    "employee_pay": ("employee_id", "scheme,basic_hours,rated_hours,probation,supervisor",
                     "commission.view_all"),
}
_RULE_PUBLIC = "app.commission_rule, app.commission_grade_factor, app.hours_rule, app.rework_rule"
_RULE_SEQUENCES = ("app.commission_rule_id_seq, app.hours_rule_id_seq, "
                   "app.rework_rule_id_seq")
# the seeded work types that are other hours (其它工时: counted at other_weight)
_OTHER_HOURS = ("delivery", "exchange", "cleaning")
# the seeded reward / penalty items that apply themselves: (code, auto, threshold)
_AUTO_ITEMS = (("satisfaction", "survey_high", "5"), ("attitude", "survey_low", "2"),
               ("complaint", "complaint", "NULL"))


def _rule_schema() -> list[str]:
    return [
        _RULE_TABLES,
        *[f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.{table} "
          f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', '{redacted}', '{capability}')"
          for table, (keys, redacted, capability) in _RULE_AUDITED.items()],
        *[f"CREATE TRIGGER bump_version BEFORE UPDATE ON app.{table} "
          "FOR EACH ROW EXECUTE FUNCTION app.bump_version()" for table in _RULE_AUDITED],
        # rules are public (三公: every operator may read them); commission.rules writes them
        f"GRANT SELECT ON {_RULE_PUBLIC} TO as_operator",
        f"GRANT INSERT, UPDATE, DELETE ON {_RULE_PUBLIC}, app.employee_pay "
        "TO as_cap_commission_rules",
        f"GRANT USAGE ON SEQUENCE {_RULE_SEQUENCES} TO as_cap_commission_rules",
        # an employee's pay terms: who sees pay, sets rules or edits the staff
        "GRANT SELECT ON app.employee_pay TO as_cap_commission_view_all, "
        "as_cap_commission_settle, as_cap_commission_rules, as_cap_masterdata_edit",
        "GRANT INSERT, UPDATE, DELETE ON app.employee_pay TO as_cap_masterdata_edit",
        # the seed's hours scheme and the rework charge-back, valid from the shop's first day
        "INSERT INTO app.hours_rule (valid_from) VALUES ('2000-01-01')",
        "INSERT INTO app.rework_rule (kind, rate, valid_from, note) "
        "VALUES ('commission_pct', 100, '2000-01-01', '')",
        # work types: repair or other hours
        "ALTER TABLE app.work_type ADD COLUMN hours_kind text NOT NULL DEFAULT 'repair', "
        "ADD CONSTRAINT work_type_hours_kind_length CHECK (length(hours_kind) <= 20), "
        f"ADD CONSTRAINT work_type_hours_kind_choice CHECK (hours_kind IN {in_list(HOURS_KINDS)})",
        # (the seeds leave the versions: a downgrade gives back the rows as they were)
        "ALTER TABLE app.work_type DISABLE TRIGGER bump_version",
        f"UPDATE app.work_type SET hours_kind = 'other' WHERE code IN {in_list(_OTHER_HOURS)}",
        "ALTER TABLE app.work_type ENABLE TRIGGER bump_version",
        # reward / penalty items that apply themselves (a survey's score, a complaint)
        "ALTER TABLE app.reward_penalty_item ADD COLUMN auto text, "
        "ADD COLUMN threshold smallint, "
        "ADD CONSTRAINT reward_penalty_item_auto_length CHECK (length(auto) <= 20), "
        f"ADD CONSTRAINT reward_penalty_item_auto_choice CHECK (auto IN {in_list(AUTO_TRIGGERS)}), "
        "ADD CONSTRAINT reward_penalty_item_threshold_check CHECK (threshold BETWEEN 1 AND 5), "
        "ADD CONSTRAINT reward_penalty_item_threshold_auto CHECK ("
        f"coalesce(auto IN {in_list(AUTO_TRIGGERS[:2])}, false) = (threshold IS NOT NULL))",
        "ALTER TABLE app.reward_penalty_item DISABLE TRIGGER bump_version",
        *[f"UPDATE app.reward_penalty_item SET auto = '{auto}', threshold = {threshold} "
          f"WHERE code = '{code}'" for code, auto, threshold in _AUTO_ITEMS],
        "ALTER TABLE app.reward_penalty_item ENABLE TRIGGER bump_version",
        # overdue rules by service mode (NULL: every mode), at most one active per mode
        "ALTER TABLE app.overdue_rule ADD COLUMN service_mode text REFERENCES app.service_mode, "
        "ADD CONSTRAINT overdue_rule_service_mode_length CHECK (length(service_mode) <= 30)",
        "CREATE UNIQUE INDEX overdue_rule_active_mode_idx ON app.overdue_rule "
        "((coalesce(service_mode, ''))) WHERE active",
    ]


# (not a list literal: tests/db/test_sql_files.py reads this file's literal lists)
RULE_SCHEMA = _rule_schema()
RULE_SCHEMA_UNDO = [
    # (run in reverse order)
    "DROP TABLE app.employee_pay, app.rework_rule, app.hours_rule, "
    "app.commission_grade_factor, app.commission_rule",
    "ALTER TABLE app.work_type DROP COLUMN hours_kind",
    "ALTER TABLE app.reward_penalty_item DROP COLUMN auto, DROP COLUMN threshold",
    "ALTER TABLE app.overdue_rule DROP COLUMN service_mode",
]
# the pure rules, each the twin of its domain/commissions.py function (internal: the
# lines and the month run call them; tests call them as the owner)
RULE_FILES = ["commissions/commission_rule_amount.sql", "commissions/commission_split.sql",
              "commissions/commission_assessed_hours.sql",
              "commissions/commission_hours_pay.sql",
              "commissions/commission_supervisor_pay.sql",
              "commissions/commission_overdue.sql", "commissions/commission_rework.sql",
              "commissions/commission_auto_applies.sql"]
RULE_FUNCTIONS = [
    "app.commission_rule_amount(text, numeric, numeric, numeric, numeric, numeric)",
    "app.commission_split(numeric, jsonb)",
    "app.commission_assessed_hours(numeric, numeric, numeric)",
    "app.commission_hours_pay(numeric, numeric, numeric, boolean, numeric, numeric)",
    "app.commission_supervisor_pay(numeric[], numeric, numeric, numeric, numeric)",
    "app.commission_overdue(integer, integer, numeric)",
    "app.commission_rework(text, numeric, numeric, numeric)",
    "app.commission_auto_applies(text, integer, integer)",
]
RULE_GRANTS = ["", "", "", "", "", "", "", ""]
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
    decision_note    text NOT NULL DEFAULT '',
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
                            "decision_note": 200, "created_by": 63, "decided_by": 63},
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
    # a ticket's requisition moves: what its parts cost (app.commission_margin)
    "CREATE INDEX stock_move_ticket_idx ON app.stock_move (ticket_id) "
    "WHERE ticket_id IS NOT NULL",
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
    "as_cap_commission_view_all, as_cap_commission_settle, as_cap_review_approve",
]
LINE_SCHEMA_UNDO = [
    "DROP INDEX app.stock_move_ticket_idx",
    "DROP TABLE app.commission_period",
    "DROP TABLE app.job_share",
    "DROP TABLE app.commission_line",
]
LINE_FILES = ["commissions/sees_all_commissions.sql", "commissions/commission_locked.sql",
              "commissions/commission_open_period.sql", "commissions/commission_net.sql",
              "commissions/commission_margin.sql", "commissions/commission_refund.sql",
              "commissions/commission_resettle.sql", "commissions/commission_job_lines.sql",
              "commissions/commission_job_reopened.sql",
              "commissions/commission_job_reviewed.sql",
              "commissions/commission_settlement_added.sql",
              "commissions/job_shares_set.sql", "commissions/commission_adjust_need.sql",
              "commissions/commission_adjust_propose.sql",
              "commissions/commission_adjust_decide.sql",
              "commissions/commission_pending_args.sql", "commissions/commission_pending.sql"]
LINE_FUNCTIONS = ["app.sees_all_commissions()", "app.commission_locked()",
                  "app.commission_open_period(date)", "app.commission_net(bigint)",
                  "app.commission_margin(bigint)", "app.commission_refund(bigint, bigint)",
                  "app.commission_resettle(bigint, bigint)", "app.commission_job_lines(bigint)",
                  "app.commission_job_reopened(bigint)", "app.commission_job_reviewed()",
                  "app.commission_settlement_added()", "app.job_shares_set(jsonb)",
                  "app.commission_adjust_need()", "app.commission_adjust_propose(jsonb)",
                  "app.commission_adjust_decide(jsonb)", "app.commission_pending_args(jsonb)",
                  "app.commission_pending(jsonb)"]
# the row-security helper, the operators' actions and the list (the list and its
# readers run as the caller); the rest is internal
LINE_GRANTS = ["as_operator", "", "", "", "", "", "", "", "", "", "", "as_operator",
               "", "as_operator", "as_cap_commission_settle", "as_operator", "as_operator"]
# after every section's files: the row security (its helper is a file) and the lock
# whoever sees all commissions, the payee, and who proposed a line by hand (a reviewer
# reads their own proposals)
_LINE_MINE = ("(SELECT app.sees_all_commissions()) OR employee_id = (SELECT app.my_employee_id())"
              " OR (origin = 'manual' AND created_by = session_user)")
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
    # the lines a review makes and a reopened job takes back; a refund and a settlement
    # after it
    "CREATE TRIGGER commission_job_reviewed AFTER UPDATE OF state ON app.job FOR EACH ROW "
    "WHEN (OLD.state IS DISTINCT FROM NEW.state) "
    "EXECUTE FUNCTION app.commission_job_reviewed()",
    "CREATE TRIGGER commission_settlement_added AFTER INSERT ON app.settlement FOR EACH ROW "
    "EXECUTE FUNCTION app.commission_settlement_added()",
]
LINE_TRIGGERS_UNDO = [
    "DROP TRIGGER commission_settlement_added ON app.settlement",
    "DROP TRIGGER commission_job_reviewed ON app.job",
    "DROP TRIGGER commission_locked_truncate ON app.commission_period",
    "DROP TRIGGER commission_locked_truncate ON app.commission_line",
    "DROP TRIGGER commission_locked ON app.commission_period",
    "DROP TRIGGER commission_locked ON app.commission_line",
    "DROP POLICY job_share_read ON app.job_share",
    "DROP POLICY commission_line_read ON app.commission_line",
]

# ---- statements, the month run, confirm and settle, the reads (helper cm-month) -----------
# A statement (工资条) per payee and month: the sums of the payee's active lines by kind,
# copied from the lines by the month run (app.commission_month_run), with the payee's
# post wage; draft -> confirmed -> settled (app.commission_statement_act, _month_settle).
# Only the functions write it; the lock (app.commission_locked, cm-lines) refuses any
# write into a settled month but the settling itself; who reads it is as for the lines.
_STATEMENT_MONEY = ("post_wage", "commissions", "hours_pay", "rewards", "penalties",
                    "deductions", "adjustments", "total")
_STATEMENT_CHECKS = limit_checks(
    "commission_statement",
    text_max={"payee_code": 30, "payee_name": 100, "scheme": 20, "state": 20,
              "confirmed_by": 63, "settled_by": 63},
    times=("computed_at", "confirmed_at", "settled_at"), numbers=_STATEMENT_MONEY,
    choices={"scheme": ("commission", "hours", "none"),
             "state": ("draft", "confirmed", "settled")})
MONTH_SCHEMA: list[str] = [
    "CREATE TABLE app.commission_statement (\n"
    "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "    period date NOT NULL REFERENCES app.commission_period,\n"
    "    employee_id bigint REFERENCES app.employee,\n"
    "    outlet_id bigint REFERENCES app.service_outlet,\n"
    "    payee_code text NOT NULL DEFAULT '',\n"
    "    payee_name text NOT NULL DEFAULT '',\n"
    "    department_id bigint,\n"
    "    scheme text,\n"
    "    state text NOT NULL DEFAULT 'draft',\n"
    + "".join(f"    {column} numeric(12,2) NOT NULL DEFAULT 0,\n" for column in _STATEMENT_MONEY)
    + "    line_count integer NOT NULL DEFAULT 0,\n"
    "    computed_at timestamptz NOT NULL DEFAULT now(),\n"
    "    confirmed_at timestamptz,\n"
    "    confirmed_by text,\n"
    "    settled_at timestamptz,\n"
    "    settled_by text,\n"
    "    version integer NOT NULL DEFAULT 1,\n"
    "    CONSTRAINT commission_statement_one_payee CHECK (\n"
    "        (employee_id IS NULL) <> (outlet_id IS NULL)),\n"
    "    CONSTRAINT commission_statement_employee_key UNIQUE (period, employee_id),\n"
    "    CONSTRAINT commission_statement_outlet_key UNIQUE (period, outlet_id),\n"
    "    CONSTRAINT commission_statement_period_range CHECK (period >= '2000-01-01'::date "
    "AND period <= '2199-12-31'::date),\n"
    "    CONSTRAINT commission_statement_post_wage_not_negative CHECK (post_wage >= 0),\n"
    "    CONSTRAINT commission_statement_commissions_not_negative CHECK (commissions >= 0),\n"
    "    CONSTRAINT commission_statement_hours_pay_not_negative CHECK (hours_pay >= 0),\n"
    "    CONSTRAINT commission_statement_rewards_not_negative CHECK (rewards >= 0),\n"
    "    CONSTRAINT commission_statement_penalties_not_positive CHECK (penalties <= 0),\n"
    "    CONSTRAINT commission_statement_deductions_not_positive CHECK (deductions <= 0),\n"
    "    CONSTRAINT commission_statement_line_count_not_negative CHECK (line_count >= 0),\n"
    "    CONSTRAINT commission_statement_total_sum CHECK (total = post_wage + commissions\n"
    "        + hours_pay + rewards + penalties + deductions + adjustments),\n"
    "    CONSTRAINT commission_statement_confirmed CHECK (\n"
    "        (state IN ('confirmed', 'settled')) = (confirmed_at IS NOT NULL)),\n"
    "    CONSTRAINT commission_statement_settled CHECK (\n"
    "        (state = 'settled') = (settled_at IS NOT NULL)),\n"
    f"    {_STATEMENT_CHECKS}\n"
    ")",
    "CREATE INDEX commission_statement_period_idx ON app.commission_statement "
    "(period, state)",
    "CREATE INDEX commission_statement_employee_idx ON app.commission_statement "
    "(employee_id, period) WHERE employee_id IS NOT NULL",
    "CREATE INDEX commission_statement_outlet_idx ON app.commission_statement "
    "(outlet_id, period) WHERE outlet_id IS NOT NULL",
    # pay is for who may see it in the change log as in the statement: every amount
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.commission_statement "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', 'post_wage,commissions,hours_pay,"
    "rewards,penalties,deductions,adjustments,total', 'commission.view_all')",
    "CREATE TRIGGER bump_version BEFORE UPDATE ON app.commission_statement "
    "FOR EACH ROW EXECUTE FUNCTION app.bump_version()",
    "GRANT SELECT ON app.commission_statement TO as_cap_commission_view_own, "
    "as_cap_commission_view_all, as_cap_commission_settle",
]
MONTH_SCHEMA_UNDO = [
    "DROP TABLE app.commission_statement",
]
MONTH_FILES = [
    "commissions/commission_month_payees.sql",
    "commissions/commission_line_sums.sql",
    "commissions/commission_hours_figures.sql",
    "commissions/commission_payee_run.sql",
    "commissions/commission_post_wage.sql",
    "commissions/commission_statement_row.sql",
    "commissions/commission_month_run.sql",
    "commissions/commission_statement_act.sql",
    "commissions/commission_month_settle.sql",
    "commissions/commission_read_args.sql",
    "commissions/commission_periods.sql",
    "commissions/commission_statements.sql",
    "commissions/commission_statement_get.sql",
]
MONTH_FUNCTIONS = [
    "app.commission_month_payees(date)",
    "app.commission_line_sums(date, bigint, bigint)",
    "app.commission_hours_figures(date, bigint)",
    "app.commission_payee_run(date, bigint, bigint)",
    "app.commission_post_wage(bigint)",
    "app.commission_statement_row(app.commission_statement)",
    "app.commission_month_run(jsonb)",
    "app.commission_statement_act(jsonb)",
    "app.commission_month_settle(jsonb)",
    "app.commission_read_args(jsonb, text)",
    "app.commission_periods(jsonb)",
    "app.commission_statements(jsonb)",
    "app.commission_statement_get(jsonb)",
]
# the run, acting and settling check commission.settle themselves; the reads run as the
# caller (row security) and app.commission_read_args checks what they read; the sums and
# the row are what the reads call as their caller
MONTH_GRANTS = ["", "as_operator", "", "", "as_operator", "as_operator", "as_operator",
                "as_operator", "as_operator", "as_operator", "as_operator", "as_operator",
                "as_operator"]
# after the files: the policy calls cm-lines' functions, the lock is cm-lines' trigger
# function
MONTH_TRIGGERS = [
    "ALTER TABLE app.commission_statement ENABLE ROW LEVEL SECURITY",
    "CREATE POLICY commission_statement_read ON app.commission_statement FOR SELECT "
    "TO as_operator USING ((SELECT app.sees_all_commissions()) "
    "OR employee_id = (SELECT app.my_employee_id()))",
    "CREATE TRIGGER commission_locked BEFORE INSERT OR UPDATE OR DELETE "
    "ON app.commission_statement FOR EACH ROW EXECUTE FUNCTION app.commission_locked()",
    "CREATE TRIGGER commission_locked_truncate BEFORE TRUNCATE ON app.commission_statement "
    "FOR EACH STATEMENT EXECUTE FUNCTION app.commission_locked()",
]
MONTH_TRIGGERS_UNDO = [
    "DROP TRIGGER commission_locked_truncate ON app.commission_statement",
    "DROP TRIGGER commission_locked ON app.commission_statement",
    "DROP POLICY commission_statement_read ON app.commission_statement",
    "ALTER TABLE app.commission_statement DISABLE ROW LEVEL SECURITY",
]

# ---- what the statements' PDF and workbook read (helper cm-reports) -----------------------
# the statements' sums read index-only: the list, the print and the statement view add up
# each payee's active lines of the month (app.commission_line_sums, the stale check) and
# the run reads them per payee; with the row security policy's columns included, no
# heap page of the month's lines is read for them (bench/bench_commissions.py)
PRINT_SCHEMA = [
    "CREATE INDEX commission_line_sums_idx ON app.commission_line (period, employee_id) "
    "INCLUDE (state, kind, amount, origin, created_by) WHERE employee_id IS NOT NULL",
]
PRINT_SCHEMA_UNDO = [
    "DROP INDEX app.commission_line_sums_idx",
]
PRINT_FILES = [
    "commissions/commission_print_args.sql",
    "commissions/commission_month_print.sql",
]
PRINT_FUNCTIONS = [
    "app.commission_print_args(jsonb)",
    "app.commission_month_print(jsonb)",
]
# the print runs as its caller (row security) and calls its args (the owner's readers
# and checks) and cm-month's app.commission_statement_get as the caller
PRINT_GRANTS = ["as_operator", "as_operator"]
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
