"""A shop with known callback history for the statistics tests: two technicians, tickets of
two service modes, callback tasks in every state, surveys (with corrections, a chain of
them and an amend) and complaints (resolved, paused, escalated, open), written by the
superuser as the callback and complaint functions leave them (their own tests cover those
writes). The statistics read what the triggers made of these writes.

Times are the shop's (Asia/Shanghai, +08:00): a survey at 23:30 on 31 March is March's, one
at 00:30 on 1 April is April's, whatever UTC says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.pg import TestCluster

QUESTIONS = ("attitude", "timeliness", "quality", "price", "overall")

# name: (technician, service mode, recorded at (shop time), scores in QUESTIONS' order,
#        the survey it corrects); "" = no technician / no mode (a dealer's customer)
SURVEYS: dict[str, tuple[str, str, str, tuple[int, ...], str | None]] = {
    "s1": ("A", "repair", "2026-03-05 10:00", (5, 5, 5, 5, 5), None),
    "s2": ("A", "repair", "2026-03-20 10:00", (4, 4, 3, 4, 4), None),
    "s3": ("A", "installation", "2026-03-31 23:30", (2, 3, 3, 3, 2), None),
    "s4": ("B", "repair", "2026-04-01 00:30", (5, 4, 4, 4, 5), None),
    "s5": ("B", "repair", "2026-04-10 10:00", (1, 1, 2, 1, 1), None),
    # typed in May, correcting April's s5: counts in April, instead of s5
    "s6": ("B", "repair", "2026-05-02 10:00", (3, 3, 3, 3, 3), "s5"),
    "s7": ("A", "repair", "2026-04-15 10:00", (3, 4, 5, 4, 4), None),
    "s8": ("A", "repair", "2026-04-16 10:00", (4, 4, 5, 4, 4), "s7"),
    "s9": ("A", "repair", "2026-04-17 10:00", (5, 4, 5, 3, 5), "s8"),
    # amended before its freeze: timeliness 4 -> 2 (AMEND below)
    "s10": ("B", "installation", "2026-04-20 10:00", (4, 4, 4, 4, 4), None),
    "s11": ("", "", "2026-03-10 10:00", (5, 5, 4, 5, 5), None),
}
AMEND = ("s10", "timeliness", 2)

# tasks besides the surveys' own (each survey chain's task is done, due on its first day):
# (technician, service mode, due on, state)
TASKS = [
    ("A", "repair", "2026-03-25", "unreachable"),
    ("B", "repair", "2026-04-28", "expired"),
    ("B", "installation", "2026-04-29", "pending"),
    ("A", "repair", "2026-04-30", "in_progress"),
    ("A", "repair", "2026-05-03", "pending"),
    ("B", "repair", "2026-03-01", "cancelled"),
]

# name: (technician, service mode of its ticket, opened at, resolved at, paused seconds,
#        paused since, state, escalation level, customer accepted)
COMPLAINTS: dict[str, tuple[str, str, str, str | None, int, str | None, str, int,
                            bool | None]] = {
    "c1": ("A", "repair", "2026-03-02 09:00", "2026-03-03 09:00", 4 * 3600, None, "closed",
           0, True),
    "c2": ("A", "installation", "2026-03-10 10:00", "2026-03-10 16:00", 0, None, "resolved",
           0, None),
    "c3": ("B", "repair", "2026-04-05 08:00", None, 0, None, "open", 1, None),
    "c4": ("B", "repair", "2026-04-20 12:00", None, 0, "2026-04-21 12:00",
           "waiting_customer", 0, False),
    "c5": ("B", "repair", "2026-03-15 12:00", "2026-03-18 12:00", 10 * 3600, None, "closed",
           2, True),
    "c6": ("", "", "2026-04-02 09:00", "2026-04-02 10:30", 0, None, "closed", 0, True),
    "c7": ("A", "repair", "2026-05-01 09:00", None, 0, None, "open", 0, None),
    # waited 14 hours for the customer before it was resolved: they do not count
    "c8": ("B", "installation", "2026-04-25 09:00", "2026-04-26 09:00", 14 * 3600, None,
           "resolved", 0, None),
}

TECHNICIANS = {"A": "王强", "B": "赵磊"}


@dataclass
class StatsShop:
    cluster: TestCluster
    db: str
    technicians: dict[str, int] = field(default_factory=dict)
    surveys: dict[str, int] = field(default_factory=dict)
    questions: dict[str, int] = field(default_factory=dict)
    customer: int = 0
    operator: str = ""
    tickets: int = 0

    def sql(self, statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def one(self, statement: str, *params: Any) -> Any:
        return self.sql(statement, *params)[0][0]

    def ticket(self, mode: str, technician: str) -> int:
        self.tickets += 1
        return int(self.one(
            """INSERT INTO app.ticket (number, received_on, received_by, customer_id,
                   device_id, customer_name, fault, promised_on, warranty_class,
                   warranty_reason, service_mode, technician_id)
               SELECT %s, DATE '2026-02-01', %s, %s,
                      (SELECT d.id FROM app.device d WHERE d.customer_id = %s LIMIT 1),
                      '周杰', '不制冷', DATE '2026-02-08', 'out_of_warranty', 'test', %s, %s
               RETURNING id""", f"STATS{self.tickets:04d}", self.operator, self.customer,
            self.customer, mode,
            self.technicians.get(technician)))

    def task(self, technician: str, mode: str, due_on: str, state: str) -> int:
        ticket = self.ticket(mode, technician) if mode else None
        closed = state not in ("pending", "in_progress")
        return int(self.one(
            """INSERT INTO app.callback_task (kind, source, ticket_id, customer_id,
                   technician_id, service_mode, due_on, expires_on, state, closed_at)
               VALUES ('service', %s, %s, %s, %s, %s, %s, %s::date + 14, %s,
                       CASE WHEN %s THEN %s::date + 1 END) RETURNING id""",
            "ticket" if ticket else "dealer", ticket, self.customer,
            self.technicians.get(technician), mode or None, due_on, due_on, state, closed,
            due_on))

    def survey(self, name: str, task: int) -> int:
        technician, _mode, at, scores, corrects = SURVEYS[name]
        survey = int(self.one(
            """INSERT INTO app.survey (task_id, technician_id, customer_id, recorded_at,
                   recorded_by, corrects_id, frozen_at, lowest_score)
               VALUES (%s, %s, %s, %s::timestamp AT TIME ZONE 'Asia/Shanghai', 'clerk', %s,
                       now() + interval '1 day', %s) RETURNING id""",
            task, self.technicians.get(technician), self.customer, at,
            self.surveys.get(corrects) if corrects else None, min(scores)))
        for code, score in zip(QUESTIONS, scores, strict=True):
            self.sql("INSERT INTO app.survey_answer (survey_id, question_id, score) "
                     "VALUES (%s, %s, %s)", survey, self.questions[code], score)
        self.surveys[name] = survey
        return survey

    def amend(self, name: str, code: str, score: int) -> None:
        survey = self.surveys[name]
        self.sql("UPDATE app.survey_answer SET score = %s WHERE survey_id = %s "
                 "AND question_id = %s", score, survey, self.questions[code])
        self.sql("UPDATE app.survey SET lowest_score = (SELECT min(a.score) "
                 "FROM app.survey_answer a WHERE a.survey_id = %s) WHERE id = %s",
                 survey, survey)

    def complaint(self, name: str) -> int:
        (technician, mode, opened, resolved, paused, paused_since, state, level,
         accepted) = COMPLAINTS[name]
        ticket = self.ticket(mode, technician) if mode else None
        return int(self.one(
            """INSERT INTO app.complaint (number, customer_id, ticket_id, technician_id,
                   source, severity, summary, state, deadline_at, escalation_level,
                   paused_since, paused_seconds, opened_at, resolved_at, customer_accepted,
                   closed_at, resolution)
               VALUES (%s, %s, %s, %s, 'phone', 'normal', '态度差', %s,
                       %s::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '2 days', %s,
                       %s::timestamp AT TIME ZONE 'Asia/Shanghai', %s,
                       %s::timestamp AT TIME ZONE 'Asia/Shanghai',
                       %s::timestamp AT TIME ZONE 'Asia/Shanghai', %s,
                       CASE WHEN %s = 'closed'
                            THEN %s::timestamp AT TIME ZONE 'Asia/Shanghai' END,
                       CASE WHEN %s IS NOT NULL THEN '已上门处理' ELSE '' END)
               RETURNING id""",
            "TS" + name, self.customer, ticket, self.technicians.get(technician), state,
            opened, level, paused_since, paused, opened, resolved, accepted, state,
            resolved, resolved))


def stats_shop(cluster: TestCluster) -> StatsShop:
    """The shop with every row of the tables above written, in the order the clerks
    would: surveys and their corrections by time, the amend last."""
    db = cluster.create_database()
    shop = StatsShop(cluster, db)
    shop.operator = cluster.create_operator(db, template="manager")
    shop.customer = int(shop.one("INSERT INTO app.customer (code, name) "
                                 "VALUES ('C-STATS', '周杰') RETURNING id"))
    shop.sql("INSERT INTO app.device (customer_id, product) VALUES (%s, '空调')", shop.customer)
    for key, name in TECHNICIANS.items():
        shop.technicians[key] = int(shop.one(
            "INSERT INTO app.employee (code, name, is_technician) VALUES (%s, %s, true) "
            "RETURNING id", f"T{key}", name))
    shop.questions = {str(c): int(i) for c, i in shop.sql(
        "SELECT code, id FROM app.survey_question")}
    tasks: dict[str, int] = {}
    for name, (technician, mode, at, _scores, _corrects) in sorted(
            SURVEYS.items(), key=lambda item: item[1][2]):
        root = name
        while SURVEYS[root][4] is not None:
            root = str(SURVEYS[root][4])
        if root not in tasks:
            tasks[root] = shop.task(technician, mode, at[:10], "done")
        shop.survey(name, tasks[root])
    for row in TASKS:
        shop.task(*row)
    for name in COMPLAINTS:
        shop.complaint(name)
    shop.amend(*AMEND)
    return shop
