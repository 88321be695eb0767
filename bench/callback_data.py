"""Callback history for benchmarks: a task per closed ticket, surveys, complaints.

    raw = psycopg2.connect(server.superuser_dsn(database))
    summary = generate_callbacks(raw, seed=2024)

Needs a ticket history first (`bench/ticket_data.py`). All in SQL (INSERT ... SELECT over
the tickets, generate_series for the answers), as the superuser with
`session_replication_role = replica` (no audit rows, no task-making or rollup triggers for
work nobody did), deterministic for a seed (`setseed`; the day is today):

- a callback task for every picked-up ticket: round 1 due its rule's delay after the
  pickup (repair and outsourced 3 days, window 14; installation 2 days, window 14), and
  for installations a round 2 usage call (30 days, window 30); the ticket's technician,
  service mode, region (the customer's when the ticket has none), customer and device;
- its state as the clerks would have left it: a task whose window has closed is done
  (87%: 5% of those the customer declined the survey), unreachable (7%) or expired (6%);
  a task due now is done the more likely the longer it has been due (30% on its day,
  95% after a week), else pending or, after attempts, in progress (5% of those with a
  call-back time ahead); a task not due yet is pending;
- a survey for each done task that was not declined, recorded a few hours to days after
  the due day by a callback clerk, frozen 24 hours later, with the five questions'
  scores: a survey-level score (5: 55%, 4: 33%, 3: 9%, 2: 2.5%, 1: 0.5%, a technician's
  own lean added) and each question one lower 5% and one higher 5% of the time; 0.5% of
  surveys corrected by a second one;
- a complaint for each survey that counts with a score of 2 or less (source survey:
  severity high for a 1), and 0.3% of the tickets' callbacks a hand-opened one; opened
  with the survey, resolved after 2-96 hours (some paused for the customer, some
  escalated), closed with the customer accepting 85% of the time; the last week's still
  open;
- the monthly rollups rebuilt (the triggers were off): satisfaction from the surveys
  that count, callbacks from the tasks, complaints through the trigger's own function;
  then VACUUM ANALYZE.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

CLERK = "benchcallback"

_TASKS = """
INSERT INTO app.callback_task (kind, source, ticket_id, round, customer_id, device_id,
    technician_id, service_mode, region_id, due_on, expires_on, state, attempts,
    call_back_at, last_attempt_at, last_outcome, closed_at, closed_by, created_at)
SELECT x.kind, 'ticket', x.ticket_id, x.round, x.customer_id, x.device_id, x.technician_id,
    x.service_mode, x.region_id, x.due_on, x.expires_on, x.state,
    CASE WHEN x.state IN ('pending') THEN 0 WHEN x.state = 'unreachable' THEN 3
         WHEN x.state = 'in_progress' THEN 1 + floor(x.r2 * 2)::int
         ELSE floor(x.r2 * 2)::int + 1 END,
    CASE WHEN x.state = 'in_progress' AND x.r2 < 0.05 THEN now() + interval '3 hours' END,
    CASE WHEN x.state <> 'pending' THEN x.contact END,
    CASE WHEN x.state = 'done' THEN 'reached' WHEN x.state = 'unreachable' THEN 'no_answer'
         WHEN x.state = 'in_progress' AND x.r2 < 0.05 THEN 'call_back'
         WHEN x.state = 'in_progress' THEN 'busy' END,
    CASE WHEN x.state IN ('done', 'unreachable') THEN x.contact
         WHEN x.state = 'expired' THEN (x.expires_on + 1)::timestamp AT TIME ZONE %(tz)s END,
    CASE WHEN x.state IN ('done', 'unreachable') THEN %(clerk)s
         WHEN x.state = 'expired' THEN 'system' END,
    x.created
FROM (
    SELECT w.*,
        CASE WHEN w.expires_on < %(today)s THEN
                 CASE WHEN w.r1 < 0.87 THEN 'done' WHEN w.r1 < 0.94 THEN 'unreachable'
                      ELSE 'expired' END
             WHEN w.due_on > %(today)s THEN 'pending'
             WHEN w.r1 < least(0.95, 0.3 + (%(today)s - w.due_on) * 0.1) THEN 'done'
             WHEN w.r2 < 0.35 THEN 'in_progress' ELSE 'pending' END AS state,
        -- the last attempt (or the survey) a few hours to days after the due day
        least(now() - interval '1 hour', (w.due_on::timestamp + interval '9 hours'
              + floor(w.r3 * 5) * interval '1 day' + w.r2 * interval '9 hours')
              AT TIME ZONE %(tz)s) AS contact
    FROM (
        SELECT r.kind, t.id AS ticket_id, r.round, t.customer_id, t.device_id,
               t.technician_id, t.service_mode, coalesce(t.region_id, c.region_id) AS region_id,
               (t.picked_up_at AT TIME ZONE %(tz)s)::date + r.delay_days AS due_on,
               (t.picked_up_at AT TIME ZONE %(tz)s)::date + r.delay_days + r.window_days
                   AS expires_on,
               t.picked_up_at AS created, random() AS r1, random() AS r2, random() AS r3
        FROM app.ticket t
        JOIN app.customer c ON c.id = t.customer_id
        JOIN (VALUES ('repair', 1, 'service', 3, 14), ('outsourced', 1, 'service', 3, 14),
                     ('installation', 1, 'installation', 2, 14),
                     ('installation', 2, 'usage', 30, 30))
             r(service_mode, round, kind, delay_days, window_days)
          ON r.service_mode = t.service_mode
        WHERE t.status = 'picked_up') w) x
"""

# a survey per done task but the 5% the customer declined: the survey's own id is the
# task's (corrections get ids above them)
_SCORES = """
CREATE TEMP TABLE bench_survey AS
SELECT k.id, k.ticket_id, k.technician_id, k.customer_id, k.last_attempt_at AS at,
       s.base, greatest(1, least(5, s.base + s.d1)) AS attitude,
       greatest(1, least(5, s.base + s.d2)) AS timeliness,
       greatest(1, least(5, s.base + s.d3)) AS quality,
       greatest(1, least(5, s.base + s.d4)) AS price,
       greatest(1, least(5, s.base + s.d5)) AS overall
FROM app.callback_task k
CROSS JOIN LATERAL (
    SELECT greatest(1, least(5, CASE WHEN b.r < 0.55 THEN 5 WHEN b.r < 0.88 THEN 4
                                     WHEN b.r < 0.97 THEN 3 WHEN b.r < 0.995 THEN 2
                                     ELSE 1 END
                                - CASE WHEN k.technician_id % 10 = 0 AND b.lean < 0.3
                                       THEN 1 ELSE 0 END)) AS base,
           CASE WHEN b.q1 < 0.05 THEN -1 WHEN b.q1 > 0.95 THEN 1 ELSE 0 END AS d1,
           CASE WHEN b.q2 < 0.05 THEN -1 WHEN b.q2 > 0.95 THEN 1 ELSE 0 END AS d2,
           CASE WHEN b.q3 < 0.05 THEN -1 WHEN b.q3 > 0.95 THEN 1 ELSE 0 END AS d3,
           CASE WHEN b.q4 < 0.05 THEN -1 WHEN b.q4 > 0.95 THEN 1 ELSE 0 END AS d4,
           CASE WHEN b.q5 < 0.05 THEN -1 WHEN b.q5 > 0.95 THEN 1 ELSE 0 END AS d5
    FROM (SELECT random() AS r, random() AS lean, random() AS q1, random() AS q2,
                 random() AS q3, random() AS q4, random() AS q5, k.id AS dependent) b) s
WHERE k.state = 'done' AND random() >= 0.05
"""

_SURVEYS = """
INSERT INTO app.survey (id, task_id, ticket_id, technician_id, customer_id, recorded_at,
    recorded_by, usage, suggestion, frozen_at, lowest_score)
OVERRIDING SYSTEM VALUE
SELECT b.id, b.id, b.ticket_id, b.technician_id, b.customer_id, b.at, %(clerk)s,
       CASE WHEN b.base >= 4 THEN '使用正常' ELSE '偶有异响' END,
       CASE WHEN b.base <= 2 THEN '希望上门准时' ELSE '' END,
       b.at + interval '24 hours',
       least(b.attitude, b.timeliness, b.quality, b.price, b.overall)
FROM bench_survey b
"""

_ANSWERS = """
INSERT INTO app.survey_answer (survey_id, question_id, score)
SELECT s.id, q.id, CASE q.code WHEN 'attitude' THEN s.attitude
                               WHEN 'timeliness' THEN s.timeliness
                               WHEN 'quality' THEN s.quality WHEN 'price' THEN s.price
                               ELSE s.overall END
FROM {source} s JOIN app.survey_question q
  ON q.code IN ('attitude', 'timeliness', 'quality', 'price', 'overall')
"""

# 0.5% corrected a day later by a survey one point better or worse throughout
_CORRECTIONS = """
CREATE TEMP TABLE bench_correction AS
SELECT (SELECT max(id) FROM bench_survey) + row_number() OVER (ORDER BY b.id) AS id,
       b.id AS corrects_id, b.ticket_id, b.technician_id, b.customer_id,
       b.at + interval '1 day' AS at, b.base,
       greatest(1, least(5, b.attitude + c.d)) AS attitude,
       greatest(1, least(5, b.timeliness + c.d)) AS timeliness,
       greatest(1, least(5, b.quality + c.d)) AS quality,
       greatest(1, least(5, b.price + c.d)) AS price,
       greatest(1, least(5, b.overall + c.d)) AS overall
FROM bench_survey b
CROSS JOIN LATERAL (SELECT CASE WHEN random() < 0.5 THEN 1 ELSE -1 END AS d,
                           b.id AS dependent) c
WHERE random() < 0.005
"""

_CORRECTION_ROWS = """
INSERT INTO app.survey (id, task_id, ticket_id, technician_id, customer_id, recorded_at,
    recorded_by, frozen_at, corrects_id, lowest_score)
OVERRIDING SYSTEM VALUE
SELECT c.id, c.corrects_id, c.ticket_id, c.technician_id, c.customer_id, c.at, %(clerk)s,
       c.at + interval '24 hours', c.corrects_id,
       least(c.attitude, c.timeliness, c.quality, c.price, c.overall)
FROM bench_correction c
"""

# a complaint per counting survey with a score of 2 or less, then hand-opened ones
_COMPLAINTS = """
INSERT INTO app.complaint (number, customer_id, ticket_id, technician_id, survey_id,
    task_id, source, severity, summary, owner, state, deadline_at, escalation_level,
    escalated_at, paused_since, paused_seconds, opened_at, opened_by, resolution,
    resolved_at, resolved_by, customer_accepted, closed_at)
SELECT 'TS' || lpad(row_number() OVER (ORDER BY x.opened_at, x.task_id)::text, 8, '0'),
       x.customer_id, x.ticket_id, x.technician_id, x.survey_id, x.task_id, x.source,
       x.severity, x.summary, 'benchmanager',
       CASE WHEN x.opened_at > now() - interval '7 days' THEN
                CASE WHEN x.r1 < 0.5 THEN 'open' WHEN x.r1 < 0.8 THEN 'in_progress'
                     ELSE 'waiting_customer' END
            WHEN x.r2 < 0.85 THEN 'closed' ELSE 'resolved' END,
       x.opened_at + interval '48 hours' + CASE WHEN x.escalated > 0
           THEN x.escalated * interval '24 hours' ELSE interval '0' END,
       x.escalated,
       CASE WHEN x.escalated > 0 THEN x.opened_at + interval '48 hours' END,
       CASE WHEN x.opened_at > now() - interval '7 days' AND x.r1 >= 0.8
            THEN x.opened_at + interval '2 hours' END,
       CASE WHEN x.paused THEN floor(x.r3 * 36000)::int ELSE 0 END,
       x.opened_at, %(clerk)s,
       CASE WHEN x.opened_at <= now() - interval '7 days' THEN '已上门复修，客户认可' ELSE '' END,
       CASE WHEN x.opened_at <= now() - interval '7 days' THEN x.opened_at + x.takes END,
       CASE WHEN x.opened_at <= now() - interval '7 days' THEN 'benchmanager' END,
       CASE WHEN x.opened_at <= now() - interval '7 days' AND x.r2 < 0.85 THEN true END,
       CASE WHEN x.opened_at <= now() - interval '7 days' AND x.r2 < 0.85
            THEN x.opened_at + x.takes + interval '1 day' END
FROM (
    SELECT y.*, random() AS r1, random() AS r2, random() AS r3, random() < 0.2 AS paused,
           (2 + random() * 94) * interval '1 hour' AS takes,
           CASE WHEN random() < 0.1 THEN 1 + floor(random() * 2)::int ELSE 0 END AS escalated
    FROM (SELECT s.customer_id, s.ticket_id, s.technician_id, s.id AS survey_id,
                 s.task_id, 'survey' AS source,
                 CASE WHEN s.lowest_score = 1 THEN 'high' ELSE 'normal' END AS severity,
                 '回访评分低' AS summary, s.recorded_at AS opened_at
          FROM app.survey s
          WHERE s.lowest_score <= 2
            AND NOT EXISTS (SELECT 1 FROM app.survey c WHERE c.corrects_id = s.id)
          UNION ALL
          SELECT k.customer_id, k.ticket_id, k.technician_id, NULL, k.id, 'callback',
                 'normal', '回访时客户反映问题', k.last_attempt_at
          FROM app.callback_task k
          WHERE k.last_attempt_at IS NOT NULL AND random() < 0.003) y) x
"""

_ROLLUP = """
INSERT INTO app.satisfaction_month (month, technician_id, service_mode, question_id,
    surveys, score_sum, low_count)
WITH RECURSIVE chain AS (
    SELECT s.id, s.recorded_at AS first_at FROM app.survey s WHERE s.corrects_id IS NULL
    UNION ALL
    SELECT s.id, chain.first_at FROM app.survey s JOIN chain ON s.corrects_id = chain.id),
counted AS MATERIALIZED (
    SELECT s.id, s.technician_id, k.service_mode, s.lowest_score,
           date_trunc('month', chain.first_at AT TIME ZONE %(tz)s)::date AS month
    FROM chain JOIN app.survey s ON s.id = chain.id
    JOIN app.callback_task k ON k.id = s.task_id
    WHERE NOT EXISTS (SELECT 1 FROM app.survey c WHERE c.corrects_id = s.id))
SELECT c.month, c.technician_id, c.service_mode, a.question_id, count(*), sum(a.score),
       count(*) FILTER (WHERE a.score <= 2)
FROM counted c JOIN app.survey_answer a ON a.survey_id = c.id
WHERE a.score IS NOT NULL GROUP BY 1, 2, 3, 4
UNION ALL
SELECT c.month, c.technician_id, c.service_mode, NULL, count(*), 0,
       count(*) FILTER (WHERE c.lowest_score <= 2)
FROM counted c GROUP BY 1, 2, 3
"""

_TASK_ROLLUP = """
INSERT INTO app.callback_task_month (month, technician_id, service_mode, state, tasks)
SELECT date_trunc('month', k.due_on)::date, k.technician_id, k.service_mode, k.state, count(*)
FROM app.callback_task k GROUP BY 1, 2, 3, 4
"""


@dataclass
class CallbackSummary:
    tasks: int = 0
    open_due: int = 0
    surveys: int = 0
    corrections: int = 0
    answers: int = 0
    complaints: int = 0
    rollup_rows: int = 0
    states: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        states = ", ".join(f"{k} {v:,}" for k, v in sorted(self.states.items()))
        return (f"{self.tasks:,} callback tasks ({states}; {self.open_due:,} due now), "
                f"{self.surveys:,} surveys ({self.corrections:,} corrections, "
                f"{self.answers:,} answers), {self.complaints:,} complaints, "
                f"{self.rollup_rows:,} rollup rows")


def generate_callbacks(conn: Any, *, seed: int = 2024, log: Any = print) -> CallbackSummary:
    """Generate the callback history with a psycopg2 superuser connection (left in
    autocommit)."""
    say = log or (lambda _text: None)
    conn.autocommit = True
    summary = CallbackSummary()

    def step(name: str, sql: str, params: dict[str, Any] | None = None) -> int:
        start = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute(sql, params)
            count = cur.rowcount
        summary.timings[name] = summary.timings.get(name, 0.0) + time.perf_counter() - start
        return count

    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SELECT coalesce(app.setting('timezone') #>> '{}', 'Asia/Shanghai'), "
                    "app.shop_today()")
        zone, today = cur.fetchone()
        # random() in one process only: the same rows for the same seed
        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute("SELECT setseed(%s)", ((seed % 1000) / 1000.0,))
    params = {"tz": zone, "today": today, "clerk": CLERK}
    summary.tasks = step("tasks", _TASKS, params)
    say(f"  {summary.tasks:,} callback tasks")
    step("scores", _SCORES)
    summary.surveys = step("surveys", _SURVEYS, params)
    summary.answers = step("answers", _ANSWERS.format(source="bench_survey"))
    step("corrections", _CORRECTIONS)
    summary.corrections = step("corrections", _CORRECTION_ROWS, params)
    summary.answers += step("answers", _ANSWERS.format(source="bench_correction"))
    summary.surveys += summary.corrections
    summary.complaints = step("complaints", _COMPLAINTS, params)
    summary.rollup_rows = step("rollup", _ROLLUP, params)
    summary.rollup_rows += step("rollup", _TASK_ROLLUP)
    # each complaint through the trigger's own function: the same figures by construction
    step("rollup", "SELECT app.complaint_month_add(c, 1) FROM app.complaint c")
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM app.complaint_month")
        summary.rollup_rows += int(cur.fetchone()[0])
    with conn.cursor() as cur:
        for table in ("survey", "complaint"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('app.{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM app.{table}))")
        cur.execute("DROP TABLE bench_survey, bench_correction")
        cur.execute("RESET session_replication_role")
        start = time.perf_counter()
        cur.execute("VACUUM ANALYZE app.callback_task, app.survey, app.survey_answer, "
                    "app.complaint, app.satisfaction_month, app.callback_task_month, "
                    "app.complaint_month")
        summary.timings["vacuum"] = time.perf_counter() - start
        cur.execute("SELECT state, count(*) FROM app.callback_task GROUP BY state")
        summary.states = {str(s): int(n) for s, n in cur.fetchall()}
        cur.execute("SELECT count(*) FROM app.callback_task WHERE state IN "
                    "('pending', 'in_progress') AND due_on <= %s", (today,))
        summary.open_due = int(cur.fetchone()[0])
    say(str(summary))
    return summary
