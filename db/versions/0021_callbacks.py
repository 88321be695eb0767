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
from aftersales_desktop.core.table_checks import in_list, limit_checks

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
# A complaint (投诉): opened by a low survey score in the survey's transaction
# (app.complaint_from_survey) or by hand (app.complaint_open); worked through
# app.complaint_act (open -> in_progress -> waiting_customer -> resolved -> closed, reopened
# when the customer does not accept); escalated one level (at most 3) each time its deadline
# passes (app.complaint_escalate_due, run first by the queue). While it waits for the
# customer its clock stops: paused_since is set, and resuming adds the pause to
# paused_seconds and to the deadline. Numbers 'TS' + the day + its sequence, like tickets.
_COMPLAINT_STATES = ("open", "in_progress", "waiting_customer", "resolved", "closed")
_COMPLAINT_OPEN_STATES = ("open", "in_progress", "waiting_customer")
_COMPLAINT_EVENTS = ("open", "assign", "start", "pause", "resume", "escalate", "note",
                     "resolve", "reopen", "close")
_COMPLAINT_CHECKS = limit_checks(
    "complaint",
    text_max={"number": 30, "source": 20, "severity": 20, "summary": 200, "details": 1000,
              "owner": 63, "state": 20, "opened_by": 63, "resolution": 1000,
              "resolved_by": 63},
    times=("deadline_at", "escalated_at", "paused_since", "opened_at", "resolved_at",
           "closed_at"),
    choices={"source": ("survey", "callback", "counter", "phone"),
             "severity": ("low", "normal", "high", "critical"),
             "state": _COMPLAINT_STATES})
_COMPLAINT_EVENT_CHECKS = limit_checks(
    "complaint_event", text_max={"kind": 20, "by_operator": 63, "note": 500, "owner": 63},
    times=("at",), choices={"kind": _COMPLAINT_EVENTS})
_COMPLAINT_SCHEMA = (
    "CREATE TABLE app.complaint (\n"
    "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "    number text NOT NULL UNIQUE,\n"
    "    customer_id bigint NOT NULL REFERENCES app.customer,\n"
    "    ticket_id bigint REFERENCES app.ticket,\n"
    "    technician_id bigint REFERENCES app.employee,\n"
    "    survey_id bigint UNIQUE,\n"
    "    task_id bigint,\n"
    "    source text NOT NULL,\n"
    "    severity text NOT NULL DEFAULT 'normal',\n"
    "    summary text NOT NULL,\n"
    "    details text NOT NULL DEFAULT '',\n"
    "    owner text REFERENCES app.operator ON UPDATE CASCADE,\n"
    "    state text NOT NULL DEFAULT 'open',\n"
    "    deadline_at timestamptz NOT NULL,\n"
    "    escalation_level smallint NOT NULL DEFAULT 0,\n"
    "    escalated_at timestamptz,\n"
    "    paused_since timestamptz,\n"
    "    paused_seconds integer NOT NULL DEFAULT 0,\n"
    "    opened_at timestamptz NOT NULL DEFAULT now(),\n"
    "    opened_by text NOT NULL DEFAULT session_user,\n"
    "    resolution text NOT NULL DEFAULT '',\n"
    "    resolved_at timestamptz,\n"
    "    resolved_by text,\n"
    "    customer_accepted boolean,\n"
    "    closed_at timestamptz,\n"
    "    version integer NOT NULL DEFAULT 1,\n"
    "    CONSTRAINT complaint_summary_required CHECK (btrim(summary) <> ''),\n"
    "    CONSTRAINT complaint_escalation_level_check CHECK (escalation_level BETWEEN 0 AND 3),\n"
    "    CONSTRAINT complaint_paused_seconds_check CHECK (paused_seconds >= 0),\n"
    "    CONSTRAINT complaint_paused CHECK (\n"
    "        (state = 'waiting_customer') = (paused_since IS NOT NULL)),\n"
    "    CONSTRAINT complaint_resolved CHECK (\n"
    "        (state IN ('resolved', 'closed')) = (resolved_at IS NOT NULL)\n"
    "        AND (resolved_at IS NULL OR btrim(resolution) <> '')),\n"
    "    CONSTRAINT complaint_closed CHECK (\n"
    "        (state = 'closed') = (closed_at IS NOT NULL)\n"
    "        AND (closed_at IS NULL OR customer_accepted)),\n"
    "    CONSTRAINT complaint_survey_source CHECK (survey_id IS NULL OR source = 'survey'),\n"
    f"    {_COMPLAINT_CHECKS}\n"
    ")",
    # the queue's open views and the escalation's scan: open complaints by deadline
    "CREATE INDEX complaint_open_idx ON app.complaint (deadline_at, id) "
    f"WHERE state IN {in_list(_COMPLAINT_OPEN_STATES)}",
    "CREATE INDEX complaint_opened_idx ON app.complaint (opened_at, id)",
    "CREATE INDEX complaint_customer_idx ON app.complaint (customer_id, id)",
    "CREATE INDEX complaint_ticket_idx ON app.complaint (ticket_id) WHERE ticket_id IS NOT NULL",
    "CREATE INDEX complaint_technician_idx ON app.complaint (technician_id, opened_at) "
    "WHERE technician_id IS NOT NULL",
    "CREATE INDEX complaint_task_idx ON app.complaint (task_id) WHERE task_id IS NOT NULL",
    "CREATE TABLE app.complaint_event (\n"
    "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "    complaint_id bigint NOT NULL REFERENCES app.complaint,\n"
    "    kind text NOT NULL,\n"
    "    at timestamptz NOT NULL DEFAULT now(),\n"
    "    by_operator text NOT NULL DEFAULT session_user,\n"
    "    note text NOT NULL DEFAULT '',\n"
    "    level smallint NOT NULL DEFAULT 0,\n"
    "    owner text,\n"
    "    CONSTRAINT complaint_event_level_check CHECK (level BETWEEN 0 AND 3),\n"
    f"    {_COMPLAINT_EVENT_CHECKS}\n"
    ")",
    "CREATE INDEX complaint_event_complaint_idx ON app.complaint_event (complaint_id, id)",
    # what a complaint says (details, resolution, notes) is for complaint.handle in the log
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.complaint FOR EACH "
    "ROW EXECUTE FUNCTION audit.log_change('id', 'details,resolution', 'complaint.handle')",
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.complaint_event "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', 'note', 'complaint.handle')",
    "CREATE TRIGGER bump_version BEFORE UPDATE ON app.complaint "
    "FOR EACH ROW EXECUTE FUNCTION app.bump_version()",
    # only the functions write them; who works with complaints may read them
    "GRANT SELECT ON app.complaint, app.complaint_event TO as_cap_complaint_handle, "
    "as_cap_callback_record, as_cap_reports_view",
    "INSERT INTO app.shop_setting (key, value) VALUES ('complaint_score_threshold', '2'), "
    "('complaint_deadline_hours', "
    "'{\"low\": 72, \"normal\": 48, \"high\": 24, \"critical\": 8}'), "
    "('complaint_escalation_hours', '24')",
)
COMPLAINT_SCHEMA = list(_COMPLAINT_SCHEMA)
COMPLAINT_SCHEMA_UNDO = [
    "DROP TABLE app.complaint",
    "DROP TABLE app.complaint_event",
    "DELETE FROM app.shop_setting WHERE key IN ('complaint_score_threshold', "
    "'complaint_deadline_hours', 'complaint_escalation_hours')",
]
COMPLAINT_FILES = [
    "callbacks/complaint_next_state.sql", "callbacks/complaint_hours_open.sql",
    "callbacks/complaint_need.sql", "callbacks/complaint_deadline.sql",
    "callbacks/complaint_owner_valid.sql",
    "callbacks/complaint_event_add.sql",
    "callbacks/complaint_rows.sql", "callbacks/complaint_insert.sql",
    "callbacks/complaint_from_survey.sql", "callbacks/complaint_open.sql",
    "callbacks/complaint_act.sql", "callbacks/complaint_escalate_due.sql",
    "callbacks/complaint_queue.sql", "callbacks/complaint_get.sql",
]
COMPLAINT_FUNCTIONS = [
    "app.complaint_next_state(text, text)",
    "app.complaint_hours_open(timestamptz, timestamptz, timestamptz, integer, timestamptz)",
    "app.complaint_need(text[])", "app.complaint_deadline(text, timestamptz)",
    "app.complaint_owner_valid(text)",
    "app.complaint_event_add(bigint, text, text, smallint, text)",
    "app.complaint_rows(bigint[])",
    "app.complaint_insert(app.complaint)",
    "app.complaint_from_survey(bigint)", "app.complaint_open(jsonb)",
    "app.complaint_act(jsonb)", "app.complaint_escalate_due()",
    "app.complaint_queue(jsonb)", "app.complaint_get(bigint)",
]
# the rule of actions per state is the form's too; the reads and writes check their
# capabilities themselves; the rest is internal
COMPLAINT_GRANTS = ["as_operator", "", "", "", "", "", "", "", "", "as_operator",
                    "as_operator", "", "as_operator", "as_operator"]
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
