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
# Codes (domain/callbacks.py has their labels), lengths (domain/limits.py TEXT_MAX).
TASK_KINDS = ("service", "installation", "usage")
TASK_SOURCES = ("ticket", "dealer")
TASK_STATES = ("pending", "in_progress", "done", "unreachable", "expired", "cancelled")
TASK_OPEN = ("pending", "in_progress")
ATTEMPT_OUTCOMES = ("no_answer", "busy", "wrong_number", "call_back", "refused", "reached")
QUESTION_KINDS = ("score", "text")
QUESTION_DIMENSIONS = ("attitude", "timeliness", "quality", "price", "overall")
_TASK_WHO = 63
_TASK_TEXT = {
    "callback_rule": {"service_mode": 30, "kind": 20},
    "callback_task": {"kind": 20, "source": 20, "service_mode": 30, "dealer": 100,
                      "product": 200, "state": 20, "last_outcome": 20,
                      "closed_by": _TASK_WHO},
    "callback_attempt": {"by_operator": _TASK_WHO, "outcome": 20, "note": 500},
    "survey_question": {"code": 30, "label": 60, "kind": 20, "dimension": 20},
    "survey": {"technician_operator": _TASK_WHO, "recorded_by": _TASK_WHO, "usage": 500,
               "suggestion": 500, "notes": 1000},
    "survey_answer": {"answer": 500},
}
_TASK_TIMES = {"callback_task": ("call_back_at", "last_attempt_at", "closed_at", "created_at"),
               "callback_attempt": ("at", "call_back_at"),
               "survey": ("recorded_at", "frozen_at")}
_TASK_CHOICES = {
    "callback_rule": {"kind": TASK_KINDS},
    "callback_task": {"kind": TASK_KINDS, "source": TASK_SOURCES, "state": TASK_STATES,
                      "last_outcome": ATTEMPT_OUTCOMES},
    "callback_attempt": {"outcome": ATTEMPT_OUTCOMES},
    "survey_question": {"kind": QUESTION_KINDS, "dimension": QUESTION_DIMENSIONS},
}
# date columns: (earliest, latest) as domain/limits.py DATE_RANGES has them
_TASK_DATES = {"callback_task": {"due_on": ("2000-01-01", "2199-12-31"),
                                 "expires_on": ("2000-01-01", "2199-12-31"),
                                 "purchase_date": ("1970-01-01", "2199-12-31")}}


def _task_checks(table: str) -> str:
    checks = [f"CONSTRAINT {table}_{column}_range CHECK ({column} >= '{low}'::date "
              f"AND {column} <= '{high}'::date)"
              for column, (low, high) in _TASK_DATES.get(table, {}).items()]
    return ",\n    ".join([*checks, limit_checks(
        table, text_max=_TASK_TEXT[table], times=_TASK_TIMES.get(table, ()),
        choices=_TASK_CHOICES.get(table))])


_TASK_OPEN_WHERE = f"WHERE state IN {in_list(TASK_OPEN)}"
_TASK_TABLES = f"""
CREATE TABLE app.callback_rule (
    service_mode text NOT NULL REFERENCES app.service_mode,
    round        smallint NOT NULL,
    kind         text NOT NULL,
    delay_days   integer NOT NULL,
    window_days  integer NOT NULL,
    active       boolean NOT NULL DEFAULT true,
    version      integer NOT NULL DEFAULT 1,
    PRIMARY KEY (service_mode, round),
    CONSTRAINT callback_rule_round_check CHECK (round BETWEEN 1 AND 9),
    CONSTRAINT callback_rule_delay_days_check CHECK (delay_days BETWEEN 0 AND 365),
    CONSTRAINT callback_rule_window_days_check CHECK (window_days BETWEEN 1 AND 365),
    {_task_checks("callback_rule")}
);

CREATE TABLE app.callback_task (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL,
    source          text NOT NULL DEFAULT 'ticket',
    ticket_id       bigint REFERENCES app.ticket,
    job_id          bigint REFERENCES app.job,
    round           smallint NOT NULL DEFAULT 1,
    customer_id     bigint NOT NULL REFERENCES app.customer,
    device_id       bigint REFERENCES app.device,
    technician_id   bigint REFERENCES app.employee,
    outlet_id       bigint REFERENCES app.service_outlet,
    service_mode    text REFERENCES app.service_mode,
    region_id       bigint REFERENCES app.region,
    dealer          text NOT NULL DEFAULT '',
    product         text NOT NULL DEFAULT '',
    purchase_date   date,
    import_batch_id bigint,
    due_on          date NOT NULL,
    expires_on      date NOT NULL,
    state           text NOT NULL DEFAULT 'pending',
    attempts        smallint NOT NULL DEFAULT 0,
    call_back_at    timestamptz,
    last_attempt_at timestamptz,
    last_outcome    text,
    closed_at       timestamptz,
    closed_by       text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT callback_task_window CHECK (expires_on >= due_on),
    CONSTRAINT callback_task_round_check CHECK (round BETWEEN 1 AND 9),
    CONSTRAINT callback_task_attempts_check CHECK (attempts BETWEEN 0 AND 1000),
    CONSTRAINT callback_task_ticket_source CHECK (source <> 'ticket' OR ticket_id IS NOT NULL),
    CONSTRAINT callback_task_closed CHECK (
        (state IN {in_list(TASK_OPEN)}) = (closed_at IS NULL)),
    {_task_checks("callback_task")}
);
-- one task per ticket and round, however often the ticket is finished (NULLs: dealer rows)
CREATE UNIQUE INDEX callback_task_ticket_round_idx ON app.callback_task (ticket_id, round);
-- the due list and its counts read the open tasks only: a few thousand of a million
CREATE INDEX callback_task_open_idx ON app.callback_task (due_on, id) {_TASK_OPEN_WHERE};
CREATE INDEX callback_task_open_expiry_idx ON app.callback_task (expires_on)
    {_TASK_OPEN_WHERE};
CREATE INDEX callback_task_open_technician_idx ON app.callback_task (technician_id, due_on)
    {_TASK_OPEN_WHERE};
CREATE INDEX callback_task_open_region_idx ON app.callback_task (region_id, due_on)
    {_TASK_OPEN_WHERE};
-- the closed and all views, newest first; a customer's and a technician's tasks
CREATE INDEX callback_task_due_idx ON app.callback_task (due_on, id);
CREATE INDEX callback_task_customer_idx ON app.callback_task (customer_id, id);
CREATE INDEX callback_task_technician_idx ON app.callback_task (technician_id, due_on);

CREATE TABLE app.callback_attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id      bigint NOT NULL REFERENCES app.callback_task,
    at           timestamptz NOT NULL DEFAULT now(),
    by_operator  text NOT NULL DEFAULT session_user,
    outcome      text NOT NULL,
    call_back_at timestamptz,
    note         text NOT NULL DEFAULT '',
    CONSTRAINT callback_attempt_call_back CHECK (
        (outcome = 'call_back') = (call_back_at IS NOT NULL)),
    {_task_checks("callback_attempt")}
);
CREATE INDEX callback_attempt_task_idx ON app.callback_attempt (task_id, id);

CREATE TABLE app.survey_question (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code       text NOT NULL UNIQUE,
    label      text NOT NULL,
    kind       text NOT NULL DEFAULT 'score',
    dimension  text,
    active     boolean NOT NULL DEFAULT true,
    sort_order integer NOT NULL DEFAULT 0,
    version    integer NOT NULL DEFAULT 1,
    CONSTRAINT survey_question_code_format CHECK (code ~ '^[a-z_]{{2,30}}$'),
    CONSTRAINT survey_question_label_blank CHECK (btrim(label) <> ''),
    CONSTRAINT survey_question_sort_order_check CHECK (sort_order BETWEEN 0 AND 9999),
    {_task_checks("survey_question")}
);

CREATE TABLE app.survey (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id             bigint NOT NULL REFERENCES app.callback_task,
    ticket_id           bigint REFERENCES app.ticket,
    job_id              bigint REFERENCES app.job,
    technician_id       bigint REFERENCES app.employee,
    technician_operator text,
    customer_id         bigint NOT NULL REFERENCES app.customer,
    recorded_at         timestamptz NOT NULL DEFAULT now(),
    recorded_by         text NOT NULL DEFAULT session_user,
    usage               text NOT NULL DEFAULT '',
    suggestion          text NOT NULL DEFAULT '',
    notes               text NOT NULL DEFAULT '',
    corrects_id         bigint UNIQUE REFERENCES app.survey,
    frozen_at           timestamptz NOT NULL,
    lowest_score        smallint,
    CONSTRAINT survey_not_own_technician CHECK (recorded_by IS DISTINCT FROM technician_operator),
    CONSTRAINT survey_corrects_other CHECK (corrects_id IS DISTINCT FROM id),
    CONSTRAINT survey_frozen_after CHECK (frozen_at >= recorded_at),
    CONSTRAINT survey_lowest_score_check CHECK (lowest_score BETWEEN 1 AND 5),
    {_task_checks("survey")}
);
CREATE INDEX survey_task_idx ON app.survey (task_id, id);
CREATE INDEX survey_technician_idx ON app.survey (technician_id, recorded_at);
CREATE INDEX survey_recorded_idx ON app.survey (recorded_at, id);

CREATE TABLE app.survey_answer (
    survey_id   bigint NOT NULL REFERENCES app.survey,
    question_id bigint NOT NULL REFERENCES app.survey_question,
    score       smallint,
    answer      text NOT NULL DEFAULT '',
    PRIMARY KEY (survey_id, question_id),
    CONSTRAINT survey_answer_score_check CHECK (score BETWEEN 1 AND 5),
    CONSTRAINT survey_answer_given CHECK (score IS NOT NULL OR answer <> ''),
    {_task_checks("survey_answer")}
);
CREATE INDEX survey_answer_question_idx ON app.survey_answer (question_id);
"""
# table -> the audit trigger's keys, redacted columns and who may read them: the tasks
# and surveys are read with callback.record (and complaint handling, reports), so the
# change log shows what the customer said only to those who may read it
_TASK_AUDITED = {
    "callback_rule": ("service_mode,round", "", ""),
    "callback_task": ("id", "dealer,product,purchase_date", "callback.record"),
    "callback_attempt": ("id", "note", "callback.record"),
    "survey_question": ("id", "", ""),
    "survey": ("id", "usage,suggestion,notes", "callback.record"),
    "survey_answer": ("survey_id,question_id", "score,answer", "callback.record"),
}
_TASK_READERS = "as_cap_callback_record, as_cap_complaint_handle, as_cap_reports_view"
# (service mode, round, kind, delay days, window days)
TASK_RULES = [("repair", 1, "service", 3, 14), ("installation", 1, "installation", 2, 14),
              ("installation", 2, "usage", 30, 30), ("outsourced", 1, "service", 3, 14)]
# (code, English label, sort order): all scored, each its own dimension
TASK_QUESTIONS = [("attitude", "Service attitude", 10), ("timeliness", "Timeliness", 20),
                  ("quality", "Repair quality", 30), ("price", "Fair price", 40),
                  ("overall", "Overall satisfaction", 50)]
TASK_SETTINGS = [("callback_max_attempts", "3"), ("survey_freeze_hours", "24")]

# built by a function: tests/db/test_sql_files.py reads the plain literal lists only
def _task_schema() -> list[str]:
    return [
        _TASK_TABLES,
        *[f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.{table} "
          f"FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', '{redacted}', '{capability}')"
          for table, (keys, redacted, capability) in _TASK_AUDITED.items()],
        *[f"CREATE TRIGGER bump_version BEFORE UPDATE ON app.{table} "
          "FOR EACH ROW EXECUTE FUNCTION app.bump_version()"
          for table in ("callback_rule", "callback_task", "survey_question")],
        "GRANT SELECT ON app.callback_rule, app.survey_question TO as_operator",
        "GRANT INSERT, UPDATE, DELETE ON app.callback_rule, app.survey_question "
        "TO as_cap_masterdata_edit",
        "GRANT USAGE ON SEQUENCE app.survey_question_id_seq TO as_cap_masterdata_edit",
        f"GRANT SELECT ON app.callback_task, app.callback_attempt, app.survey, "
        f"app.survey_answer TO {_TASK_READERS}",
        "INSERT INTO app.callback_rule (service_mode, round, kind, delay_days, window_days) "
        "VALUES " + ", ".join(f"('{m}', {r}, '{k}', {d}, {w})" for m, r, k, d, w in TASK_RULES),
        "INSERT INTO app.survey_question (code, label, kind, dimension, sort_order) VALUES "
        + ", ".join(f"('{c}', '{label}', 'score', '{c}', {s})" for c, label, s in TASK_QUESTIONS),
        "INSERT INTO app.shop_setting (key, value) VALUES "
        + ", ".join(f"('{k}', '{v}')" for k, v in TASK_SETTINGS),
    ]


TASK_SCHEMA = _task_schema()
TASK_SCHEMA_UNDO = list((
    "DROP TABLE app.survey_answer, app.survey, app.survey_question, app.callback_attempt, "
    "app.callback_task, app.callback_rule",
    "DELETE FROM app.shop_setting WHERE key IN " + in_list(k for k, _v in TASK_SETTINGS),
))
TASK_FILES = ["callbacks/callback_tasks_make.sql", "callbacks/callback_task_made.sql",
              "callbacks/survey_frozen.sql", "callbacks/callback_rows.sql",
              "callbacks/callback_task_for_update.sql", "callbacks/callback_attempt_state.sql",
              "callbacks/callback_task_request.sql", "callbacks/callback_read_need.sql",
              "callbacks/callback_due.sql", "callbacks/callback_attempt_log.sql",
              "callbacks/survey_answers_read.sql", "callbacks/survey_complaint.sql",
              "callbacks/survey_record.sql", "callbacks/survey_get.sql",
              "callbacks/survey_amend.sql"]
TASK_FUNCTIONS = ["app.callback_tasks_make(bigint)", "app.callback_task_made()",
                  "app.survey_frozen()", "app.callback_rows(bigint[])",
                  "app.callback_task_for_update(bigint, integer)",
                  "app.callback_attempt_state(text, integer, integer)",
                  "app.callback_task_request(jsonb)", "app.callback_read_need()",
                  "app.callback_due(jsonb)", "app.callback_attempt_log(jsonb)",
                  "app.survey_answers_read(jsonb)", "app.survey_complaint(bigint)",
                  "app.survey_record(jsonb)", "app.survey_get(bigint)",
                  "app.survey_amend(jsonb)"]
TASK_GRANTS = ["", "", "", "", "", "", "", "",
               "as_operator", "as_cap_callback_record", "", "", "as_cap_callback_record",
               "as_operator", "as_cap_callback_record"]
TASK_TRIGGERS = list((
    "CREATE TRIGGER callback_task_made AFTER UPDATE OF status ON app.ticket FOR EACH ROW "
    "WHEN (new.status IN ('picked_up', 'completed') AND old.status IS DISTINCT FROM "
    "new.status) EXECUTE FUNCTION app.callback_task_made()",
    *[f"CREATE TRIGGER survey_frozen BEFORE {events} ON app.{table} FOR EACH ROW "
      "EXECUTE FUNCTION app.survey_frozen()"
      for table, events in (("survey", "UPDATE OR DELETE"),
                            ("survey_answer", "INSERT OR UPDATE OR DELETE"))],
))
TASK_TRIGGERS_UNDO = ["DROP TRIGGER callback_task_made ON app.ticket",
                      "DROP TRIGGER survey_frozen ON app.survey",
                      "DROP TRIGGER survey_frozen ON app.survey_answer"]

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
    "    survey_id bigint UNIQUE REFERENCES app.survey,\n"
    "    task_id bigint REFERENCES app.callback_task,\n"
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
# An inquiry (咨询): a call or a visit that is not a repair, logged against the customer;
# it may become one ticket or one pre-order (not both), linked by the intake or the
# pre-order that the inquiry dialog opens.
INQUIRY_TOPICS = ("usage", "price", "part", "other")
INQUIRY_CHANNELS = ("phone", "visit")
# (annotated: tests/db/test_sql_files.py reads the plain literal lists, the install lists,
# and this one is built with limit_checks)
INQUIRY_SCHEMA: list[str] = [
    f"""CREATE TABLE app.inquiry (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES app.customer,
    topic       text NOT NULL DEFAULT 'other',
    channel     text NOT NULL DEFAULT 'phone',
    product     text NOT NULL DEFAULT '',
    question    text NOT NULL,
    answer      text NOT NULL DEFAULT '',
    answered_by text NOT NULL DEFAULT session_user,
    at          timestamptz NOT NULL DEFAULT now(),
    ticket_id   bigint UNIQUE REFERENCES app.ticket,
    preorder_id bigint UNIQUE REFERENCES app.part_preorder,
    version     integer NOT NULL DEFAULT 1,
    CONSTRAINT inquiry_question_required CHECK (btrim(question) <> ''),
    CONSTRAINT inquiry_one_outcome CHECK (ticket_id IS NULL OR preorder_id IS NULL),
    {limit_checks("inquiry", text_max={"topic": 20, "channel": 20, "product": 100,
                                       "question": 500, "answer": 1000, "answered_by": 63},
                  times=("at",),
                  choices={"topic": INQUIRY_TOPICS, "channel": INQUIRY_CHANNELS})}
)""",
    "CREATE INDEX inquiry_customer_idx ON app.inquiry (customer_id, at)",
    "CREATE INDEX inquiry_at_idx ON app.inquiry (at, id)",
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.inquiry "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', '', '')",
    "CREATE TRIGGER bump_version BEFORE UPDATE ON app.inquiry "
    "FOR EACH ROW EXECUTE FUNCTION app.bump_version()",
    # read as tickets are (the inquiries list reads it as the operator); only the
    # functions write it
    "GRANT SELECT ON app.inquiry TO as_operator",
]
INQUIRY_SCHEMA_UNDO = ["DROP TABLE app.inquiry"]
# the intake's new customer (out of ticket_intake), the link an intake or a pre-order
# takes, the log, the intake and the pre-order with their inquiry_id, the history
INQUIRY_FILES = ["frontdesk/intake_customer.sql", "callbacks/inquiry_take.sql",
                 "callbacks/inquiry_log.sql", "frontdesk/ticket_intake.sql",
                 "frontdesk/preorder_create.sql", "callbacks/customer_history.sql"]
INQUIRY_FUNCTIONS = ["app.intake_customer(text, text, text, bigint)",
                     "app.inquiry_take(bigint, bigint)", "app.inquiry_log(jsonb)",
                     "app.customer_history(jsonb)"]
# the log and the history check the operator's capabilities themselves (either of two,
# any of several)
INQUIRY_GRANTS = ["", "", "as_operator", "as_operator"]
INQUIRY_TRIGGERS = []
INQUIRY_TRIGGERS_UNDO = []
# files of earlier functions this revision replaces (frozen first: tools/freeze_sql.py),
# by the revision that last installed them, reinstalled as it had them at downgrade
INQUIRY_REPLACED_0014 = ["frontdesk/preorder_create.sql"]
INQUIRY_REPLACED_0020 = ["frontdesk/ticket_intake.sql"]

# ---- statistics (helper cb-stats) --------------------------------------------------------
# the monthly satisfaction rollup: per month (the shop's, of the survey a correction chain
# started with), technician, service mode and question (NULL: the survey itself) the
# surveys counted, their scores' sum and how many were low (2 or less); written only by
# the triggers on app.survey and app.survey_answer (db/sql/callbacks/satisfaction_*.sql)
STATS_SCHEMA = [
    """CREATE TABLE app.satisfaction_month (
    month         date NOT NULL,
    technician_id bigint REFERENCES app.employee,
    service_mode  text REFERENCES app.service_mode,
    question_id   bigint REFERENCES app.survey_question,
    surveys       integer NOT NULL DEFAULT 0,
    score_sum     integer NOT NULL DEFAULT 0,
    low_count     integer NOT NULL DEFAULT 0,
    CONSTRAINT satisfaction_month_service_mode_length CHECK (length(service_mode) <= 30),
    CONSTRAINT satisfaction_month_first_day CHECK (month = date_trunc('month', month)::date
        AND month >= '2000-01-01' AND month <= '2199-12-31'),
    CONSTRAINT satisfaction_month_counts CHECK (surveys >= 0 AND low_count >= 0
        AND low_count <= surveys AND score_sum BETWEEN surveys AND 5 * surveys
        OR question_id IS NULL AND surveys >= 0 AND score_sum = 0
        AND low_count BETWEEN 0 AND surveys)
)""",
    "CREATE UNIQUE INDEX satisfaction_month_key ON app.satisfaction_month "
    "(month, technician_id, service_mode, question_id) NULLS NOT DISTINCT",
    "CREATE INDEX satisfaction_month_technician_idx ON app.satisfaction_month "
    "(technician_id, month)",
    "GRANT SELECT ON app.satisfaction_month TO as_cap_reports_view, as_cap_complaint_handle",
    # the tasks due per month (the shop's days), technician, service mode and state;
    # written only by the trigger on app.callback_task (callbacks/callback_task_counted.sql)
    """CREATE TABLE app.callback_task_month (
    month         date NOT NULL,
    technician_id bigint REFERENCES app.employee,
    service_mode  text REFERENCES app.service_mode,
    state         text NOT NULL,
    tasks         integer NOT NULL DEFAULT 0,
    CONSTRAINT callback_task_month_service_mode_length CHECK (length(service_mode) <= 30),
    CONSTRAINT callback_task_month_first_day CHECK (month = date_trunc('month', month)::date
        AND month >= '2000-01-01' AND month <= '2199-12-31'),
    CONSTRAINT callback_task_month_tasks CHECK (tasks >= 0),
    CONSTRAINT callback_task_month_state_length CHECK (length(state) <= 20)
)""",
    "CREATE UNIQUE INDEX callback_task_month_key ON app.callback_task_month "
    "(month, technician_id, service_mode, state) NULLS NOT DISTINCT",
    "GRANT SELECT ON app.callback_task_month TO as_cap_reports_view, as_cap_complaint_handle",
    # the complaints opened per month (the shop's), technician and their ticket's service
    # mode; written only by the trigger on app.complaint (callbacks/complaint_counted.sql)
    """CREATE TABLE app.complaint_month (
    month           date NOT NULL,
    technician_id   bigint REFERENCES app.employee,
    service_mode    text REFERENCES app.service_mode,
    opened          integer NOT NULL DEFAULT 0,
    resolved        integer NOT NULL DEFAULT 0,
    open_now        integer NOT NULL DEFAULT 0,
    escalated       integer NOT NULL DEFAULT 0,
    resolve_seconds numeric NOT NULL DEFAULT 0,
    accepted        integer NOT NULL DEFAULT 0,
    asked           integer NOT NULL DEFAULT 0,
    upheld          integer NOT NULL DEFAULT 0,
    CONSTRAINT complaint_month_service_mode_length CHECK (length(service_mode) <= 30),
    CONSTRAINT complaint_month_first_day CHECK (month = date_trunc('month', month)::date
        AND month >= '2000-01-01' AND month <= '2199-12-31'),
    CONSTRAINT complaint_month_counts CHECK (opened >= 0 AND resolved BETWEEN 0 AND opened
        AND open_now BETWEEN 0 AND opened AND escalated BETWEEN 0 AND opened
        AND asked BETWEEN 0 AND opened AND accepted BETWEEN 0 AND asked
        AND upheld BETWEEN 0 AND accepted),
    CONSTRAINT complaint_month_resolve_seconds_finite CHECK (resolve_seconds <> 'NaN'::numeric),
    CONSTRAINT complaint_month_resolve_seconds_not_negative CHECK (resolve_seconds >= 0)
)""",
    "CREATE UNIQUE INDEX complaint_month_key ON app.complaint_month "
    "(month, technician_id, service_mode) NULLS NOT DISTINCT",
    "GRANT SELECT ON app.complaint_month TO as_cap_reports_view, as_cap_complaint_handle",
]
STATS_SCHEMA_UNDO = [
    "DROP TABLE app.satisfaction_month",
    "DROP TABLE app.callback_task_month",
    "DROP TABLE app.complaint_month",
]
STATS_FILES = [
    "callbacks/satisfaction_key.sql",
    "callbacks/satisfaction_add.sql",
    "callbacks/satisfaction_survey_count.sql",
    "callbacks/satisfaction_survey_changed.sql",
    "callbacks/satisfaction_answer_changed.sql",
    "callbacks/callback_task_count.sql",
    "callbacks/callback_task_counted.sql",
    "callbacks/complaint_month_add.sql",
    "callbacks/complaint_counted.sql",
    "callbacks/stats_period.sql",
    "callbacks/callback_stats.sql",
    "callbacks/technician_satisfaction.sql",
]
STATS_FUNCTIONS = [
    "app.satisfaction_key(bigint, bigint)",
    "app.satisfaction_add(bigint, bigint, smallint, integer, bigint)",
    "app.satisfaction_survey_count(bigint, integer, bigint)",
    "app.satisfaction_survey_changed()",
    "app.satisfaction_answer_changed()",
    "app.callback_task_count(date, bigint, text, text, integer)",
    "app.callback_task_counted()",
    "app.complaint_month_add(app.complaint, integer)",
    "app.complaint_counted()",
    "app.stats_period(date, date)",
    "app.callback_stats(jsonb)",
    "app.technician_satisfaction(date, date)",
]
STATS_GRANTS = [
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "as_operator",
    "as_operator",
]
STATS_TRIGGERS = [
    # tally_*: after the BEFORE trigger survey_frozen (triggers run by name), so that a
    # frozen survey is refused as frozen
    "CREATE TRIGGER tally_survey_written AFTER INSERT OR UPDATE OF lowest_score, recorded_at, "
    "technician_id, task_id ON app.survey "
    "FOR EACH ROW EXECUTE FUNCTION app.satisfaction_survey_changed()",
    "CREATE TRIGGER tally_survey_changing BEFORE UPDATE OF lowest_score, recorded_at, "
    "technician_id, task_id OR DELETE ON app.survey "
    "FOR EACH ROW EXECUTE FUNCTION app.satisfaction_survey_changed()",
    "CREATE TRIGGER tally_answer_written AFTER INSERT OR UPDATE OR DELETE "
    "ON app.survey_answer FOR EACH ROW EXECUTE FUNCTION app.satisfaction_answer_changed()",
    "CREATE TRIGGER callback_task_counted AFTER INSERT OR UPDATE OF state, due_on, "
    "technician_id, service_mode OR DELETE ON app.callback_task "
    "FOR EACH ROW EXECUTE FUNCTION app.callback_task_counted()",
    "CREATE TRIGGER complaint_counted AFTER INSERT OR UPDATE OR DELETE ON app.complaint "
    "FOR EACH ROW EXECUTE FUNCTION app.complaint_counted()",
]
STATS_TRIGGERS_UNDO = [
    "DROP TRIGGER tally_survey_written ON app.survey",
    "DROP TRIGGER tally_survey_changing ON app.survey",
    "DROP TRIGGER tally_answer_written ON app.survey_answer",
    "DROP TRIGGER callback_task_counted ON app.callback_task",
    "DROP TRIGGER complaint_counted ON app.complaint",
]

# ---- the dealer's list of customers who bought (helper cb-demo) --------------------------
# app.callback_import_batch: one imported list (its rows' tasks point at it); the phone
# index finds a list's customers by their number (the trigram index answers no equality)
IMPORT_ROWS_MAX = 5000
IMPORT_SCHEMA = list((  # not a list literal: tests/db/test_sql_files.py evaluates those
    f"""CREATE TABLE app.callback_import_batch (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL,
    dealer        text NOT NULL,
    file_name     text NOT NULL DEFAULT '',
    rows          integer NOT NULL,
    tasks         integer NOT NULL DEFAULT 0,
    customers_new integer NOT NULL DEFAULT 0,
    devices_new   integer NOT NULL DEFAULT 0,
    skipped       integer NOT NULL DEFAULT 0,
    by_operator   text NOT NULL DEFAULT session_user,
    at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT callback_import_batch_counts CHECK (
        rows BETWEEN 1 AND {IMPORT_ROWS_MAX} AND tasks >= 0 AND skipped >= 0
        AND tasks + skipped <= rows AND customers_new BETWEEN 0 AND rows
        AND devices_new BETWEEN 0 AND rows),
    {limit_checks("callback_import_batch",
                  text_max={"kind": 20, "dealer": 100, "file_name": 200, "by_operator": 63},
                  times=("at",), choices={"kind": ("installation", "usage")})}
)""",
    "CREATE INDEX callback_import_batch_at_idx ON app.callback_import_batch (at DESC, id)",
    "CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON app.callback_import_batch "
    "FOR EACH ROW EXECUTE FUNCTION audit.log_change('id', 'dealer,file_name', 'callback.record')",
    "ALTER TABLE app.callback_task ADD CONSTRAINT callback_task_import_batch_id_fkey "
    "FOREIGN KEY (import_batch_id) REFERENCES app.callback_import_batch",
    "CREATE INDEX callback_task_import_batch_idx ON app.callback_task (import_batch_id) "
    "WHERE import_batch_id IS NOT NULL",
    "CREATE INDEX customer_phone_phone_idx ON app.customer_phone (phone)",
    "GRANT SELECT ON app.callback_import_batch TO as_cap_callback_record, "
    "as_cap_complaint_handle, as_cap_reports_view",
))
IMPORT_SCHEMA_UNDO = [
    "DROP TABLE app.callback_import_batch",
    "DROP INDEX app.callback_import_batch_at_idx",
    "ALTER TABLE app.callback_task DROP CONSTRAINT callback_task_import_batch_id_fkey",
    "DROP INDEX app.callback_task_import_batch_idx",
    "DROP INDEX app.customer_phone_phone_idx",
]
IMPORT_FILES = ["callbacks/dealer_row_refuse.sql", "callbacks/dealer_row_read.sql",
                "callbacks/callback_import.sql"]
IMPORT_FUNCTIONS = ["app.dealer_row_refuse(integer, text, text)",
                    "app.dealer_row_read(jsonb, integer, date, text)",
                    "app.callback_import(jsonb)"]
IMPORT_GRANTS = ["", "", "as_cap_callback_record"]
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
