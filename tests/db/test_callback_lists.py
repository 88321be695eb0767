"""The callback lists through a callback clerk's own connection: the tasks (with the
customer's phone, the full-field search and a column filter) and the surveys (one row
per current survey: a corrected survey gives way to its correction, with its scores by
dimension)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.callback_lists import (
    CALLBACK_TASKS,
    CALLBACK_TASKS_NO_PHONE,
    SURVEYS,
)
from aftersales_desktop.data.listing import ListQuery, ListSource, fetch_page
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[dict[str, Any]]:
    db = cluster.create_database()

    def sql(statement: str, *params: Any) -> list[tuple[Any, ...]]:
        return cluster.execute(db, statement, params)

    customer = sql("INSERT INTO app.customer (code, name, address) VALUES ('C1', '钱女士', "
                   "'杭州市滨江区江南大道 8 号') RETURNING id")[0][0]
    sql("INSERT INTO app.customer_phone (customer_id, phone, is_primary) VALUES "
        "(%s, '13811112222', true)", customer)
    other = sql("INSERT INTO app.customer (code, name) VALUES ('C2', '孙先生') RETURNING id")[0][0]
    tasks = [sql("INSERT INTO app.callback_task (kind, source, customer_id, dealer, product, "
                 "due_on, expires_on) VALUES (%s, 'dealer', %s, '国美电器', '海尔 冰箱 BCD-216', "
                 "app.shop_today() - %s, app.shop_today() + 20) RETURNING id",
                 kind, who, days)[0][0]
             for kind, who, days in (("installation", customer, 2), ("usage", other, 0))]
    question = dict(sql("SELECT code, id FROM app.survey_question"))
    clerk = cluster.create_operator(db, template="callback")
    surveys = []
    for scores, corrects in (((2, 4, 4, 4, 4), None), ((5, 4, 4, 4, 5), "first")):
        survey = sql("INSERT INTO app.survey (task_id, customer_id, recorded_by, suggestion, "
                     "corrects_id, frozen_at, lowest_score) VALUES (%s, %s, %s, '再快一点', %s, "
                     "now() + interval '1 day', %s) RETURNING id", tasks[0], customer, clerk,
                     surveys[0] if corrects else None, min(scores))[0][0]
        for code, score in zip(("attitude", "timeliness", "quality", "price", "overall"),
                               scores, strict=True):
            sql("INSERT INTO app.survey_answer (survey_id, question_id, score) "
                "VALUES (%s, %s, %s)", survey, question[code], score)
        surveys.append(survey)
    login = Database(cluster.profile(db), clerk, TEST_PASSWORD)
    yield {"login": login, "tasks": tasks, "surveys": surveys}
    login.dispose()


def _rows(login: Database, source: ListSource,
          query: ListQuery | None = None) -> list[dict[str, Any]]:
    with login.read() as conn:
        page = fetch_page(conn, source, query or ListQuery())
    keys = [c.key for c in source.columns]
    return [dict(zip(keys, row, strict=True)) | {"_id": key}
            for row, key in zip(page.rows, page.keys, strict=True)]


def test_the_clerk_lists_the_tasks(shop: dict[str, Any]) -> None:
    rows = _rows(shop["login"], CALLBACK_TASKS)
    assert [r["_id"] for r in rows] == [shop["tasks"][1], shop["tasks"][0]]  # latest due first
    first = next(r for r in rows if r["_id"] == shop["tasks"][0])
    assert first["phone"] == "13811112222" and first["customer_name"] == "钱女士"
    assert first["overdue_days"] == 2 and first["dealer"] == "国美电器"
    assert first["product"] == "海尔 冰箱 BCD-216" and first["state"] == "pending"
    assert first["address"] == "杭州市滨江区江南大道 8 号"
    found = _rows(shop["login"], CALLBACK_TASKS, ListQuery(full_text="钱女士"))
    assert [r["_id"] for r in found] == [shop["tasks"][0]]
    usage = _rows(shop["login"], CALLBACK_TASKS_NO_PHONE,
                  ListQuery(column_filters={"kind": "usage"}))
    assert [r["_id"] for r in usage] == [shop["tasks"][1]] and "phone" not in usage[0]


def test_a_corrected_survey_gives_way_to_its_correction(shop: dict[str, Any]) -> None:
    rows = _rows(shop["login"], SURVEYS)
    assert [r["_id"] for r in rows] == [shop["surveys"][1]]
    survey = rows[0]
    assert survey["correction"] is True and survey["lowest_score"] == 4
    assert survey["score_attitude"] == 5 and survey["score_overall"] == 5
    assert survey["scores"].startswith("Service attitude 5")
    assert survey["customer_name"] == "钱女士" and survey["suggestion"] == "再快一点"
