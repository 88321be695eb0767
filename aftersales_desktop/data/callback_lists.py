"""The callback lists: callback tasks (回访任务, every task, open or closed) and surveys
(回访记录, one row per current survey with its scores).

ListSources for the shared list view (server-side paging, full-field and column filters,
summaries, Excel export, print). The operators who read them (callback.record,
complaint.handle, reports.view) have SELECT on the tables (revision 0021). The phone
column is in the variant for contacts.view only, as the customers list does.

A survey that was corrected is replaced by its correction: the list shows the current
survey of each task (the one no other survey corrects), with a link to what it corrects.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Text, and_, cast, exists, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import ColumnElement

from aftersales_desktop.core.i18n import QT_TR_NOOP
from aftersales_desktop.domain.callbacks import (
    DIMENSIONS,
    TASK_KINDS,
    TASK_SOURCES,
    TASK_STATES,
)
from aftersales_desktop.domain.filters import ColumnKind

from .dispatch_lists import _region_paths
from .listing import ListColumn, ListSource, SortKey
from .tables import (
    callback_task_table,
    customer_phone_table,
    customer_table,
    employee_table,
    survey_answer_table,
    survey_question_table,
    survey_table,
    ticket_table,
)
from .ticket_lists import COUNT_LIMIT

ENTITIES = ("callbacks",)


def _primary_phone(customer_id: ColumnElement[Any]) -> ColumnElement[Any]:
    phone = customer_phone_table.alias("ph")
    return (select(phone.c.phone).where(phone.c.customer_id == customer_id)
            .order_by(phone.c.is_primary.desc()).limit(1).scalar_subquery())


def _product(task: Any, ticket: Any) -> ColumnElement[Any]:
    """The ticket's product brand model, or what the dealer's row typed."""
    ticket_product = func.nullif(func.concat_ws(" ", func.nullif(ticket.c.product, ""),
                                                func.nullif(ticket.c.brand, ""),
                                                func.nullif(ticket.c.model, "")), "")
    return func.coalesce(ticket_product, task.c.product)


def _callback_tasks(with_phones: bool) -> ListSource:
    task = callback_task_table.alias("k")
    ticket = ticket_table.alias("t")
    customer = customer_table.alias("c")
    tech = employee_table.alias("e")
    region = _region_paths()
    today = select(func.app.shop_today()).scalar_subquery()
    overdue_days = func.greatest(cast(today - task.c.due_on, Integer), 0)
    columns = [
        ListColumn("due_on", QT_TR_NOOP("Due", "callback due date"), task.c.due_on,
                   ColumnKind.DATE, width=90),
        ListColumn("state", QT_TR_NOOP("State"), task.c.state, width=70, choices=TASK_STATES),
        ListColumn("kind", QT_TR_NOOP("Kind"), task.c.kind, width=90, choices=TASK_KINDS),
        ListColumn("round", QT_TR_NOOP("Round"), task.c.round, ColumnKind.INT, width=50,
                   searchable=False),
        ListColumn("number", QT_TR_NOOP("Ticket no."), ticket.c.number, width=130),
        ListColumn("customer_name", QT_TR_NOOP("Customer"), customer.c.name, width=90),
    ]
    if with_phones:
        columns.append(ListColumn("phone", QT_TR_NOOP("Phone"), _primary_phone(customer.c.id),
                                  ColumnKind.PHONE, sensitive=True, width=110))
    columns += [
        ListColumn("address", QT_TR_NOOP("Address"),
                   func.coalesce(func.nullif(ticket.c.address, ""), customer.c.address),
                   width=180),
        ListColumn("region", QT_TR_NOOP("Region"), region.c.path, width=120, groupable=True),
        ListColumn("service_mode", QT_TR_NOOP("Service mode"), task.c.service_mode, width=80,
                   groupable=True),
        ListColumn("technician", QT_TR_NOOP("Technician"), tech.c.name, width=90,
                   groupable=True),
        ListColumn("product", QT_TR_NOOP("Product"), _product(task, ticket), width=140),
        ListColumn("dealer", QT_TR_NOOP("Dealer"), task.c.dealer, width=120, groupable=True),
        ListColumn("source", QT_TR_NOOP("Source"), task.c.source, width=70,
                   choices=TASK_SOURCES),
        ListColumn("attempts", QT_TR_NOOP("Attempts"), task.c.attempts, ColumnKind.INT,
                   width=50, searchable=False),
        ListColumn("last_attempt_at", QT_TR_NOOP("Last call"), task.c.last_attempt_at,
                   ColumnKind.DATETIME, width=130),
        ListColumn("call_back_at", QT_TR_NOOP("Call back at"), task.c.call_back_at,
                   ColumnKind.DATETIME, width=130),
        ListColumn("expires_on", QT_TR_NOOP("Expires"), task.c.expires_on, ColumnKind.DATE,
                   width=90),
        ListColumn("overdue_days", QT_TR_NOOP("Days overdue"), overdue_days, ColumnKind.INT,
                   width=60, searchable=False),
        ListColumn("closed_at", QT_TR_NOOP("Closed", "time"), task.c.closed_at,
                   ColumnKind.DATETIME, width=130),
        ListColumn("closed_by", QT_TR_NOOP("Closed by"), task.c.closed_by, width=80),
        ListColumn("created_at", QT_TR_NOOP("Created", "time"), task.c.created_at,
                   ColumnKind.DATETIME, width=130),
    ]
    from_clause = (task.join(customer, customer.c.id == task.c.customer_id)
                   .outerjoin(ticket, ticket.c.id == task.c.ticket_id)
                   .outerjoin(tech, tech.c.id == task.c.technician_id)
                   .outerjoin(region, region.c.id == task.c.region_id))
    return ListSource(
        name="callback_tasks" if with_phones else "callback_tasks_no_phone",
        title=QT_TR_NOOP("Callback tasks"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=task.c.id,
        default_sort=(SortKey("due_on", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


def _score_of(survey: Any, dimension: str) -> ColumnElement[Any]:
    """The survey's score for the question of `dimension` (the lowest if the shop has
    two questions of one dimension)."""
    answer = survey_answer_table.alias(f"a_{dimension}")
    question = survey_question_table.alias(f"q_{dimension}")
    return (select(func.min(answer.c.score))
            .select_from(answer.join(question, question.c.id == answer.c.question_id))
            .where(answer.c.survey_id == survey.c.id, question.c.dimension == dimension)
            .correlate(survey).scalar_subquery())


def _all_scores(survey: Any) -> ColumnElement[Any]:
    """服务态度 5、及时性 4 …: every score of the survey in the questions' order (a text
    answer is in the Answers column)."""
    answer = survey_answer_table.alias("a_all")
    question = survey_question_table.alias("q_all")
    label = question.c.label + literal(" ") + cast(answer.c.score, Text)
    return (select(func.string_agg(label, aggregate_order_by(
                literal("、"), question.c.sort_order, question.c.id)))
            .select_from(answer.join(question, question.c.id == answer.c.question_id))
            .where(answer.c.survey_id == survey.c.id, answer.c.score.is_not(None))
            .correlate(survey).scalar_subquery())


def _text_answers(survey: Any) -> ColumnElement[Any]:
    answer = survey_answer_table.alias("a_text")
    question = survey_question_table.alias("q_text")
    label = question.c.label + literal(": ") + answer.c.answer
    return (select(func.string_agg(label, aggregate_order_by(
                literal("; "), question.c.sort_order, question.c.id)))
            .select_from(answer.join(question, question.c.id == answer.c.question_id))
            .where(answer.c.survey_id == survey.c.id, answer.c.answer != "")
            .correlate(survey).scalar_subquery())


def _surveys() -> ListSource:
    survey = survey_table.alias("s")
    newer = survey_table.alias("s2")
    task = callback_task_table.alias("k")
    ticket = ticket_table.alias("t")
    customer = customer_table.alias("c")
    tech = employee_table.alias("e")
    current = ~exists(select(newer.c.id).where(newer.c.corrects_id == survey.c.id)
                      .correlate(survey))
    columns = [
        ListColumn("recorded_at", QT_TR_NOOP("Recorded", "time"), survey.c.recorded_at,
                   ColumnKind.DATETIME, width=130),
        ListColumn("number", QT_TR_NOOP("Ticket no."), ticket.c.number, width=130),
        ListColumn("customer_name", QT_TR_NOOP("Customer"), customer.c.name, width=90),
        ListColumn("technician", QT_TR_NOOP("Technician"), tech.c.name, width=90,
                   groupable=True),
        ListColumn("kind", QT_TR_NOOP("Kind"), task.c.kind, width=90, choices=TASK_KINDS),
        ListColumn("service_mode", QT_TR_NOOP("Service mode"), task.c.service_mode, width=80,
                   groupable=True),
        ListColumn("lowest_score", QT_TR_NOOP("Lowest score"), survey.c.lowest_score,
                   ColumnKind.INT, width=60, searchable=False),
    ]
    for dimension, label in DIMENSIONS.items():
        columns.append(ListColumn(f"score_{dimension}", label, _score_of(survey, dimension),
                                  ColumnKind.INT, width=60, searchable=False))
    columns += [
        ListColumn("scores", QT_TR_NOOP("Scores"), _all_scores(survey), width=200),
        ListColumn("answers", QT_TR_NOOP("Answers"), _text_answers(survey), width=200),
        ListColumn("usage", QT_TR_NOOP("Usage"), survey.c.usage, width=160),
        ListColumn("suggestion", QT_TR_NOOP("Suggestion"), survey.c.suggestion, width=160),
        ListColumn("notes", QT_TR_NOOP("Notes"), survey.c.notes, width=160),
        ListColumn("recorded_by", QT_TR_NOOP("Recorded by"), survey.c.recorded_by, width=80),
        ListColumn("correction", QT_TR_NOOP("Correction"), survey.c.corrects_id.is_not(None),
                   ColumnKind.BOOL, width=50, searchable=False),
        ListColumn("frozen_at", QT_TR_NOOP("Frozen from"), survey.c.frozen_at,
                   ColumnKind.DATETIME, width=130),
    ]
    from_clause = (survey.join(task, task.c.id == survey.c.task_id)
                   .join(customer, customer.c.id == survey.c.customer_id)
                   .outerjoin(ticket, ticket.c.id == survey.c.ticket_id)
                   .outerjoin(tech, tech.c.id == survey.c.technician_id))
    return ListSource(
        name="surveys",
        title=QT_TR_NOOP("Surveys"),
        columns=tuple(columns),
        from_clause=from_clause,
        key=survey.c.id,
        where=and_(current),
        default_sort=(SortKey("recorded_at", descending=True),),
        count_limit=COUNT_LIMIT,
        entities=ENTITIES,
    )


CALLBACK_TASKS = _callback_tasks(with_phones=True)
CALLBACK_TASKS_NO_PHONE = _callback_tasks(with_phones=False)
SURVEYS = _surveys()

__all__ = ["CALLBACK_TASKS", "CALLBACK_TASKS_NO_PHONE", "SURVEYS"]
