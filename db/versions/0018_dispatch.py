"""Dispatch (派工), technicians' own jobs, work reports and review (issue 12).

- `app.job`: one assignment of a ticket's work to a technician or a service outlet
  (外协), with its work report and its review; at most one active job (assigned or
  started) per ticket (`job_active_idx`). `app.job_work_type` (the work types done, the
  commission basis), `app.job_photo` (a few photos, in the database; the change log
  shows a photo's content as "***" and keeps it for review.approve, so even a deleted
  photo can be seen again), `app.job_event` (the job's history).
- `app.visit`: a technician's on-site appointment, a time range `during` and the range
  it blocks, `blocked` = [start, end + the shop's travel buffer). The exclusion
  constraint `visit_no_double_booking` (btree_gist) refuses two non-cancelled visits of
  one technician whose blocked ranges overlap, whatever the clients do at the same time.
- `app.employee_work_type`: the work types a technician may do (staff master data; the
  regions are app.employee_region).
- Row security: a technician reads only their own jobs, visits, events, report lines and
  photos (`app.my_employee_id()`), the dispatchers, reviewers, callback staff and
  managers all (`app.sees_all_jobs()`). Only functions write these tables.
- Assigning (db/sql/dispatch/, docs/dispatch.md): `app.dispatch_assign` (assign,
  reassign with a reason, reschedule, the visit booked through `app.visit_book`, the
  skill and region check of `app.dispatch_mismatch` unless overridden with a reason)
  and `app.dispatch_unassign`, capability dispatch.assign.
- Dictionary kinds `fault_cause` (故障原因) and `repair_action` (处理措施); the shop
  setting `travel_buffer_minutes` (30); the capability `review.undo` (managers,
  administrators).

Three helpers add their functions to this revision, each to its own list below
(`DISPATCH_*`: assigning, `JOB_*`: a job's work and review, `READ_*`: the board and
the lists) with its own install and grant block, so that their changes do not collide.
"""

from alembic import op

from aftersales_desktop.core.sql_files import create_missing_roles, install, sync_operators

revision = "0018"
down_revision = "0017"

CAPABILITY = ("review.undo", "as_cap_review_undo", "Undo a review")
TEMPLATES = ("manager", "administrator")
DICTIONARY_KINDS_0005 = ("brand", "model", "fault", "accessory", "appearance",
                         "customer_source")
DICTIONARY_KINDS_ADDED = ("fault_cause", "repair_action")
TRAVEL_BUFFER = ("travel_buffer_minutes", "30")

_WHO = 63
_REASON = 200
WORKING = ("2000-01-01 00:00:00+00", "2200-01-01 00:00:00+00")
# table -> column -> most characters (domain/limits.py TEXT_MAX)
TEXT_MAX = {
    "job": {"state": 20, "assignee_kind": 20, "override_reason": _REASON,
            "assigned_by": _WHO, "result": 20, "fault_cause": 100, "action": 100,
            "notes": 1000, "reported_by": _WHO, "reviewed_by": _WHO, "review_note": _REASON,
            "cancel_reason": _REASON},
    "job_photo": {"mime": 20, "caption": 100, "added_by": _WHO},
    "visit": {"state": 20, "cancel_reason": _REASON, "created_by": _WHO},
    "job_event": {"kind": 20, "reason": _REASON, "by_operator": _WHO},
}
TIMES = {"job": ("assigned_at", "started_at", "finished_at", "signed_at", "reported_at",
                 "reviewed_at"),
         "job_photo": ("added_at",), "visit": ("created_at",), "job_event": ("at",)}
NUMBERS = {"job": ("hours",), "job_work_type": ("quantity",)}
JOB_STATES = ("assigned", "started", "finished", "reviewed", "cancelled")
CHOICES = {
    "job": {"state": JOB_STATES, "assignee_kind": ("technician", "outlet"),
            "result": ("fixed", "not_fixed", "needs_parts", "factory")},
    "job_photo": {"mime": ("image/jpeg", "image/png")},
    "visit": {"state": ("planned", "done", "cancelled")},
    "job_event": {"kind": ("assign", "reassign", "unassign", "reschedule", "start", "report",
                           "finish", "review", "unreview", "override")},
}
# a visit is at most a day long
VISIT_HOURS_MAX = 24
PHOTO_BYTES_MAX = 2 * 1024 * 1024
DAYS_LATE_MAX = 3650


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _limits(table: str) -> str:
    checks = [f"CONSTRAINT {table}_{column}_length CHECK (length({column}) <= {most})"
              for column, most in TEXT_MAX.get(table, {}).items()]
    checks += [f"CONSTRAINT {table}_{column}_range CHECK ({column} >= '{WORKING[0]}'"
               f"::timestamptz AND {column} < '{WORKING[1]}'::timestamptz)"
               for column in TIMES.get(table, ())]
    checks += [f"CONSTRAINT {table}_{column}_finite CHECK ({column} <> 'NaN'::numeric)"
               for column in NUMBERS.get(table, ())]
    checks += [f"CONSTRAINT {table}_{column}_choice CHECK ({column} IN {_in(values)})"
               for column, values in CHOICES.get(table, {}).items()]
    return ",\n    ".join(checks)


TABLES = f"""
CREATE TABLE app.employee_work_type (
    employee_id  bigint NOT NULL REFERENCES app.employee ON DELETE CASCADE,
    work_type_id bigint NOT NULL REFERENCES app.work_type,
    PRIMARY KEY (employee_id, work_type_id)
);
CREATE INDEX employee_work_type_work_type_idx ON app.employee_work_type (work_type_id);

CREATE TABLE app.job (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket_id       bigint NOT NULL REFERENCES app.ticket,
    state           text NOT NULL DEFAULT 'assigned',
    assignee_kind   text NOT NULL,
    technician_id   bigint REFERENCES app.employee,
    outlet_id       bigint REFERENCES app.service_outlet,
    work_type_id    bigint REFERENCES app.work_type,
    override_reason text NOT NULL DEFAULT '',
    assigned_at     timestamptz NOT NULL DEFAULT now(),
    assigned_by     text NOT NULL DEFAULT session_user,
    started_at      timestamptz,
    finished_at     timestamptz,
    hours           numeric(5,2),
    result          text,
    fault_cause     text NOT NULL DEFAULT '',
    action          text NOT NULL DEFAULT '',
    notes           text NOT NULL DEFAULT '',
    customer_signed boolean NOT NULL DEFAULT false,
    signed_at       timestamptz,
    reported_at     timestamptz,
    reported_by     text,
    days_late       integer NOT NULL DEFAULT 0,
    reviewed_at     timestamptz,
    reviewed_by     text,
    review_note     text NOT NULL DEFAULT '',
    cancel_reason   text NOT NULL DEFAULT '',
    version         integer NOT NULL DEFAULT 1,
    CONSTRAINT job_technician_assignee CHECK (
        (assignee_kind = 'technician') = (technician_id IS NOT NULL)),
    CONSTRAINT job_outlet_assignee CHECK ((assignee_kind = 'outlet') = (outlet_id IS NOT NULL)),
    CONSTRAINT job_finished_report CHECK (
        state NOT IN ('finished', 'reviewed') OR (result IS NOT NULL AND finished_at IS NOT NULL)),
    CONSTRAINT job_reviewed_at CHECK ((state = 'reviewed') = (reviewed_at IS NOT NULL)),
    CONSTRAINT job_signed_at CHECK (NOT customer_signed OR signed_at IS NOT NULL),
    CONSTRAINT job_hours_not_negative CHECK (hours >= 0),
    CONSTRAINT job_days_late_check CHECK (days_late BETWEEN 0 AND {DAYS_LATE_MAX}),
    {_limits("job")}
);
CREATE UNIQUE INDEX job_active_idx ON app.job (ticket_id) WHERE state IN ('assigned', 'started');
CREATE INDEX job_ticket_idx ON app.job (ticket_id, id);
CREATE INDEX job_technician_active_idx ON app.job (technician_id)
    WHERE state IN ('assigned', 'started');
CREATE INDEX job_outlet_active_idx ON app.job (outlet_id)
    WHERE state IN ('assigned', 'started');
CREATE INDEX job_review_idx ON app.job (finished_at, id) WHERE state = 'finished';
CREATE INDEX job_technician_finished_idx ON app.job (technician_id, finished_at);

CREATE TABLE app.job_work_type (
    job_id       bigint NOT NULL REFERENCES app.job,
    work_type_id bigint NOT NULL REFERENCES app.work_type,
    quantity     numeric(4,2) NOT NULL DEFAULT 1,
    PRIMARY KEY (job_id, work_type_id),
    CONSTRAINT job_work_type_quantity_positive CHECK (quantity > 0),
    {_limits("job_work_type")}
);

CREATE TABLE app.job_photo (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id   bigint NOT NULL REFERENCES app.job,
    content  bytea NOT NULL,
    mime     text NOT NULL,
    caption  text NOT NULL DEFAULT '',
    added_at timestamptz NOT NULL DEFAULT now(),
    added_by text NOT NULL DEFAULT session_user,
    CONSTRAINT job_photo_content_size CHECK (
        octet_length(content) BETWEEN 1 AND {PHOTO_BYTES_MAX}),
    {_limits("job_photo")}
);
CREATE INDEX job_photo_job_idx ON app.job_photo (job_id, id);

CREATE TABLE app.visit (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id        bigint NOT NULL REFERENCES app.job,
    ticket_id     bigint NOT NULL REFERENCES app.ticket,
    technician_id bigint NOT NULL REFERENCES app.employee,
    during        tstzrange NOT NULL,
    blocked       tstzrange NOT NULL,
    state         text NOT NULL DEFAULT 'planned',
    cancel_reason text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    text NOT NULL DEFAULT session_user,
    -- '[start, end)', finite, within the shop's years, at most a day
    CONSTRAINT visit_during_range CHECK (
        NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)
        AND lower(during) >= '{WORKING[0]}'::timestamptz
        AND upper(during) < '{WORKING[1]}'::timestamptz
        AND upper(during) - lower(during) <= interval '{VISIT_HOURS_MAX} hours'),
    CONSTRAINT visit_blocked_range CHECK (
        lower_inc(blocked) AND NOT upper_inc(blocked)
        AND lower(blocked) = lower(during) AND upper(blocked) >= upper(during)
        AND upper(blocked) < '{WORKING[1]}'::timestamptz),
    CONSTRAINT visit_no_double_booking EXCLUDE USING gist
        (technician_id WITH =, blocked WITH &&) WHERE (state <> 'cancelled'),
    {_limits("visit")}
);
CREATE UNIQUE INDEX visit_planned_idx ON app.visit (job_id) WHERE state = 'planned';
CREATE INDEX visit_technician_idx ON app.visit (technician_id, lower(during));
CREATE INDEX visit_ticket_idx ON app.visit (ticket_id, id);

CREATE TABLE app.job_event (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id        bigint NOT NULL REFERENCES app.job,
    ticket_id     bigint NOT NULL REFERENCES app.ticket,
    kind          text NOT NULL,
    technician_id bigint REFERENCES app.employee,
    outlet_id     bigint REFERENCES app.service_outlet,
    reason        text NOT NULL DEFAULT '',
    at            timestamptz NOT NULL DEFAULT now(),
    by_operator   text NOT NULL DEFAULT session_user,
    {_limits("job_event")}
);
CREATE INDEX job_event_ticket_idx ON app.job_event (ticket_id, id);
CREATE INDEX job_event_job_idx ON app.job_event (job_id, id);
"""

# table -> its audit trigger's arguments: the key columns, the redacted ones and who may
# read those (a photo's bytes are no text for the log's viewer)
AUDITED = {"employee_work_type": ("employee_id,work_type_id", "", ""), "job": ("id", "", ""),
           "job_work_type": ("job_id,work_type_id", "", ""),
           "job_photo": ("id", "content", "review.approve"), "visit": ("id", "", ""),
           "job_event": ("id", "", "")}
# Who reads which rows: the job's technician, or whoever sees all jobs. The functions
# are sub-selects so that they run once per statement, not once per row.
SEES_ALL = "(SELECT app.sees_all_jobs())"
MINE = "technician_id = (SELECT app.my_employee_id())"
VISIBLE_JOB = "EXISTS (SELECT FROM app.job j WHERE j.id = job_id)"
POLICIES = {"job": f"{SEES_ALL} OR {MINE}", "visit": f"{SEES_ALL} OR {MINE}",
            "job_work_type": f"{SEES_ALL} OR {VISIBLE_JOB}",
            "job_photo": f"{SEES_ALL} OR {VISIBLE_JOB}",
            "job_event": f"{SEES_ALL} OR {VISIBLE_JOB}"}

# the row-security helpers (disp-db): installed before the policies that call them
ROW_SECURITY_FILES = ["dispatch/my_employee_id.sql", "dispatch/sees_all_jobs.sql"]
ROW_SECURITY_FUNCTIONS = ["app.my_employee_id()", "app.sees_all_jobs()"]

# ---- assigning (helper disp-db) ---------------------------------------------------------
# FUNCTIONS[i] is created by the files; GRANTS[i] is who may execute it ("" = nobody:
# an internal function the others call)
DISPATCH_FILES = ["dispatch/dispatch_call.sql", "dispatch/dispatch_mismatch.sql",
                  "dispatch/dispatch_result.sql", "dispatch/visit_book.sql",
                  "dispatch/dispatch_assign.sql", "dispatch/dispatch_unassign.sql"]
DISPATCH_FUNCTIONS = ["app.dispatch_call(jsonb)", "app.dispatch_mismatch(bigint, bigint, bigint)",
                      "app.dispatch_result(bigint)",
                      "app.visit_book(bigint, bigint, bigint, timestamptz, timestamptz)",
                      "app.dispatch_assign(jsonb)", "app.dispatch_unassign(jsonb)"]
DISPATCH_GRANTS = ["", "as_operator", "", "", "as_cap_dispatch_assign",
                   "as_cap_dispatch_assign"]

# ---- a job's work, report and review (helper job-db) -------------------------------------
# schema changes of job-db's own (statements run after the tables; their undo, run in
# reverse order before the tables are dropped)
# The ticket status 'completed' (已完工: an on-site job finished; closed like picked_up)
# in the status history and the transition table, reached from in_repair only (by a
# finished work report: app.job_report; the counter cannot, app.ticket_set_status).
_STATUSES_0014 = ("pending", "in_repair", "waiting_parts", "hard_repair", "at_factory",
                  "ready", "picked_up", "cancelled")
_STATUSES = (*_STATUSES_0014[:7], "completed", "cancelled")


def _status_choices(statuses: tuple[str, ...]) -> list[str]:
    return [f"ALTER TABLE app.ticket DROP CONSTRAINT ticket_status_check, "
            f"ADD CONSTRAINT ticket_status_check CHECK (status IN {_in(statuses)})"] + [
        f"ALTER TABLE app.{table} DROP CONSTRAINT {table}_{column}_choice, "
        f"ADD CONSTRAINT {table}_{column}_choice CHECK ({column} IN {_in(statuses)})"
        for table in ("ticket_status", "ticket_transition")
        for column in ("from_status", "to_status")]


def _completed(statuses: tuple[str, ...], transition: str) -> list[str]:
    return [*_status_choices(statuses), transition]


JOB_SCHEMA = _completed(_STATUSES, "INSERT INTO app.ticket_transition (from_status, "
                                   "to_status) VALUES ('in_repair', 'completed')")
JOB_SCHEMA_UNDO = _completed(_STATUSES_0014, "DELETE FROM app.ticket_transition "
                                             "WHERE to_status = 'completed'")
JOB_FILES = [
    "frontdesk/ticket_status_apply.sql", "frontdesk/ticket_set_status.sql",
    "frontdesk/transition_refusal.sql",
    "dispatch/job_action_refusal.sql", "dispatch/job_result_status.sql",
    "dispatch/job_report_missing.sql", "dispatch/job_days_late.sql",
    "dispatch/job_photo_mime.sql", "dispatch/job_for_update.sql", "dispatch/job_brief.sql",
    "dispatch/job_event_add.sql", "dispatch/job_request.sql", "dispatch/job_start.sql",
    "dispatch/job_report.sql",
    "dispatch/job_photo_add.sql", "dispatch/job_photo_delete.sql",
    "dispatch/job_review.sql", "dispatch/job_unreview.sql",
    "dispatch/requisition_reviewed.sql", "dispatch/requisition_line_frozen.sql",
    "stock/requisition_lines.sql", "frontdesk/ticket_detail.sql",
]
JOB_FUNCTIONS = [
    "app.ticket_status_apply(bigint, text, text)",
    "app.job_action_refusal(text, text)", "app.job_result_status(text, text)",
    "app.job_report_missing(text, numeric, integer)", "app.job_days_late(date, date)",
    "app.job_photo_mime(bytea)", "app.job_for_update(bigint, integer, text)",
    "app.job_brief(bigint)", "app.job_event_add(app.job, text, text)",
    "app.job_request(jsonb)",
    "app.job_start(jsonb)", "app.job_report(jsonb)", "app.job_photo_add(jsonb)",
    "app.job_photo_delete(jsonb)", "app.job_review(jsonb)", "app.job_unreview(jsonb)",
    "app.requisition_reviewed(bigint)", "app.requisition_line_frozen()",
]
JOB_GRANTS = [
    "", "", "", "", "", "", "", "", "", "",
    "as_operator", "as_operator", "as_operator", "as_operator", "as_operator", "as_operator",
    "", "",
]
# after the files: the trigger that freezes a reviewed job's parts (its undo runs before
# the functions are dropped)
JOB_TRIGGERS = [
    "CREATE TRIGGER requisition_line_frozen BEFORE INSERT OR UPDATE OR DELETE "
    "ON app.requisition_line FOR EACH ROW EXECUTE FUNCTION app.requisition_line_frozen()",
]
JOB_TRIGGERS_UNDO = ["DROP TRIGGER requisition_line_frozen ON app.requisition_line"]

# ---- the board, my jobs, the review queue, the lists (helper disp-read) ------------------
# One round trip each, SECURITY INVOKER: the jobs are read under the caller's row
# security. Their requests are read and checked by SECURITY DEFINER *_args functions
# (the capability and the app.arg_* readers, which operators may not execute), and the
# phones by app.ticket_phones (masked as app.mask_phone says, as the ticket tab shows).
READ_FILES = ["dispatch/region_paths.sql", "dispatch/ticket_phones.sql",
              "dispatch/dispatch_rows.sql", "dispatch/dispatch_board_args.sql",
              "dispatch/dispatch_board.sql", "dispatch/my_jobs_args.sql",
              "dispatch/my_jobs.sql", "dispatch/review_queue_args.sql",
              "dispatch/review_queue.sql", "dispatch/job_get.sql",
              "dispatch/job_photo_get.sql"]
READ_FUNCTIONS = ["app.region_paths()", "app.ticket_phones(bigint)",
                  "app.dispatch_rows(bigint[], bigint[])", "app.dispatch_board_args(jsonb)",
                  "app.dispatch_board(jsonb)", "app.my_jobs_args(jsonb)", "app.my_jobs(jsonb)",
                  "app.review_queue_args(jsonb)", "app.review_queue(jsonb)",
                  "app.job_get(bigint)", "app.job_photo_get(bigint)"]
# every one is called as its caller, from the reads or by them
READ_GRANTS = ["as_operator"] * 11
READ_SCHEMA = [
    # the board: the open tickets that need work, from the index alone (a few thousand
    # of a million; with the region and visit filters and the order's columns)
    "CREATE INDEX ticket_dispatch_idx ON app.ticket (promised_on, id) "
    "INCLUDE (region_id, visit, urgent) WHERE status IN ('pending', 'in_repair', "
    "'waiting_parts', 'hard_repair', 'at_factory')",
    # a job's latest visit, in every row the dispatch screens show
    "CREATE INDEX visit_job_idx ON app.visit (job_id, id)",
    # the work reports and the review queue by when the work was finished, the
    # dispatches by when they were assigned (newest first)
    "CREATE INDEX job_finished_idx ON app.job (finished_at, id) "
    "WHERE finished_at IS NOT NULL",
    "CREATE INDEX job_assigned_idx ON app.job (assigned_at, id)",
    # the days-late rule (job-db's), which the rows compute as their caller
    "GRANT EXECUTE ON FUNCTION app.job_days_late(date, date) TO as_operator",
]
READ_SCHEMA_UNDO = ["DROP INDEX app.ticket_dispatch_idx",
                    "REVOKE EXECUTE ON FUNCTION app.job_days_late(date, date) FROM as_operator"]


def _grant(functions: list[str], grants: list[str]) -> None:
    for function, grantee in zip(functions, grants, strict=True):
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        if grantee:
            op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {grantee}")


def _drop(functions: list[str]) -> None:
    for function in reversed(functions):
        op.execute(f"DROP FUNCTION {function}")


def _dictionary_kinds(kinds: tuple[str, ...]) -> None:
    op.execute("ALTER TABLE app.dictionary_entry DROP CONSTRAINT dictionary_kind_check, "
               f"ADD CONSTRAINT dictionary_kind_check CHECK (kind IN {_in(kinds)})")


def upgrade() -> None:
    code, role, label = CAPABILITY
    op.execute("RESET ROLE")
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public")
    create_missing_roles(op.get_bind(), [role], "NOLOGIN")
    op.execute(f"GRANT {role} TO as_role_admin WITH ADMIN OPTION")
    op.execute("SET ROLE as_owner")
    op.execute("INSERT INTO app.capability (code, role_name, label, sort_order) "
               f"SELECT '{code}', '{role}', '{label}', max(sort_order) + 1 FROM app.capability")
    op.execute("INSERT INTO app.template_capability (template, capability) "
               f"SELECT t.code, '{code}' FROM app.position_template t "
               f"WHERE t.code IN {_in(TEMPLATES)}")

    _dictionary_kinds(DICTIONARY_KINDS_0005 + DICTIONARY_KINDS_ADDED)
    key, value = TRAVEL_BUFFER
    op.execute(f"INSERT INTO app.shop_setting (key, value) VALUES ('{key}', '{value}')")

    op.execute(TABLES)
    for table, (keys, redacted, capability) in AUDITED.items():
        op.execute(f"CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON "
                   f"app.{table} FOR EACH ROW EXECUTE FUNCTION audit.log_change('{keys}', "
                   f"'{redacted}', '{capability}')")
    op.execute("CREATE TRIGGER bump_version BEFORE UPDATE ON app.job "
               "FOR EACH ROW EXECUTE FUNCTION app.bump_version()")
    op.execute("GRANT SELECT ON app.employee_work_type, app.job, app.job_work_type, "
               "app.job_photo, app.visit, app.job_event TO as_operator")
    # a link table: the staff page deletes and adds rows, as for employee_region
    op.execute("GRANT INSERT, DELETE ON app.employee_work_type TO as_cap_masterdata_edit")

    install(*ROW_SECURITY_FILES, revision="0018")
    _grant(ROW_SECURITY_FUNCTIONS, ["as_operator", "as_operator"])
    for table, condition in POLICIES.items():
        op.execute(f"ALTER TABLE app.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_read ON app.{table} FOR SELECT TO as_operator "
                   f"USING ({condition})")

    for statement in JOB_SCHEMA:
        op.execute(statement)

    install(*DISPATCH_FILES, revision="0018")
    _grant(DISPATCH_FUNCTIONS, DISPATCH_GRANTS)
    install(*JOB_FILES, revision="0018")
    _grant(JOB_FUNCTIONS, JOB_GRANTS)
    for statement in JOB_TRIGGERS:
        op.execute(statement)
    for statement in READ_SCHEMA:
        op.execute(statement)
    install(*READ_FILES, revision="0018")
    _grant(READ_FUNCTIONS, READ_GRANTS)

    sync_operators(f"template IN {_in(TEMPLATES)}")


def downgrade() -> None:
    code, _role, _label = CAPABILITY
    op.execute("SET ROLE as_owner")
    _drop(READ_FUNCTIONS)
    for statement in reversed(READ_SCHEMA_UNDO):
        op.execute(statement)
    for statement in JOB_TRIGGERS_UNDO:
        op.execute(statement)
    # the older functions JOB_FILES replaced, as the revisions before installed them
    install("frontdesk/ticket_set_status.sql", revision="0014")
    install("frontdesk/transition_refusal.sql", revision="0010")
    install("stock/requisition_lines.sql", "frontdesk/ticket_detail.sql", revision="0016")
    _drop(JOB_FUNCTIONS)
    _drop(DISPATCH_FUNCTIONS)
    for statement in reversed(JOB_SCHEMA_UNDO):
        op.execute(statement)
    op.execute("DROP TABLE app.job_event, app.visit, app.job_photo, app.job_work_type, "
               "app.job, app.employee_work_type")
    _drop(ROW_SECURITY_FUNCTIONS)

    op.execute(f"DELETE FROM app.shop_setting WHERE key = '{TRAVEL_BUFFER[0]}'")
    op.execute("DELETE FROM app.dictionary_entry WHERE kind IN "
               f"{_in(DICTIONARY_KINDS_ADDED)}")
    _dictionary_kinds(DICTIONARY_KINDS_0005)

    op.execute(f"DELETE FROM app.operator_capability WHERE capability = '{code}'")
    op.execute(f"DELETE FROM app.template_capability WHERE capability = '{code}'")
    sync_operators("true")
    op.execute("SET ROLE as_owner")
    op.execute(f"DELETE FROM app.capability WHERE code = '{code}'")
    # the role, the role administrator's hold on it and the btree_gist extension stay:
    # they belong to the cluster (like pg_trgm, revision 0005), and another shop database
    # on the same server may still use them
    op.execute("RESET ROLE")
