"""The dispatch reads through operators' own connections: the board (contents, order,
overdue marks, regions, technicians' load and visits, outlets, filters, who may open
it), my jobs under row security for two technicians, the review queue's filters, one
job with its phone masked or not, and a photo only for whom its job is.

The jobs, visits and reports are written by the superuser (tests/db/dispatch_helpers.py):
these tests are of what the screens read."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.services.dispatch import reads
from aftersales_desktop.services.dispatch.reads import BoardFilters, MyJobsFilters, ReviewFilters
from tests.db.dispatch_helpers import PHONE, Dispatch, dispatch_shop, numbers, shop_time
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Dispatch]:
    yield from dispatch_shop(cluster)


# -- the board -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def board_tickets(shop: Dispatch) -> dict[str, int]:
    d = shop
    t: dict[str, int] = {}
    t["unassigned_later"] = d.ticket(fault="噪音大", region="西湖区", promised_in=9)
    t["unassigned_soon"] = d.ticket(fault="漏水", region="文新街道", promised_in=2,
                                    on_site=True)
    t["unassigned_late"] = d.ticket(fault="开机无反应", region="滨江区", late_days=3)
    t["assigned_soon"] = d.ticket(fault="不制热", region="西湖区", promised_in=1, on_site=True)
    t["assigned_late"] = d.ticket(fault="E4故障代码", late_days=1)
    t["started"] = d.ticket(fault="显示屏花屏", region="滨江区", promised_in=4)
    t["outsourced"] = d.ticket(fault="外机不转", region="滨江区", promised_in=5)
    t["ready"] = d.ticket(fault="遥控失灵", status="ready")
    t["missed_visit"] = d.ticket(fault="不加热", region="西湖区", promised_in=6, on_site=True)
    # today's visit: later today (one that has ended would be a missed appointment)
    soon = datetime.now().astimezone().replace(microsecond=0) + timedelta(minutes=1)
    d.job(t["assigned_soon"], "王强", visit=(soon, soon + timedelta(hours=1)))
    d.job(t["assigned_late"], "王强")
    d.job(t["started"], "赵磊", state="started",
          visit=(shop_time(d, d.today + timedelta(days=1), 14),
                 shop_time(d, d.today + timedelta(days=1), 16)))
    d.job(t["outsourced"], outlet=True)
    # an appointment that ended yesterday, the job never started
    d.job(t["missed_visit"], "王强", visit=(shop_time(d, d.today - timedelta(days=1), 9),
                                           shop_time(d, d.today - timedelta(days=1), 10)))
    # a cancelled job leaves its ticket unassigned
    cancelled = d.job(t["unassigned_later"], "赵磊")
    d.sql("UPDATE app.job SET state = 'cancelled' WHERE id = %s", cancelled)
    return t


def test_board_lists_unassigned_first_then_overdue_then_by_promise(
        shop: Dispatch, board_tickets: dict[str, int]) -> None:
    found = shop.read("dispatcher", reads.board)
    by_id = {row["ticket_id"]: row for row in found["jobs"]}
    order = [row["ticket_id"] for row in found["jobs"]]
    t = board_tickets
    assert t["ready"] not in by_id
    assert order == [t["unassigned_late"], t["unassigned_soon"], t["unassigned_later"],
                     t["assigned_late"], t["missed_visit"], t["assigned_soon"], t["started"],
                     t["outsourced"]]
    assert found["total"] == 8 and found["unassigned"] == 3 and found["overdue"] == 3
    late = by_id[t["unassigned_late"]]
    assert late["overdue"] is True and late["days_late"] == 3 and late["job"] is None
    assert by_id[t["assigned_late"]]["days_late"] == 1
    missed = by_id[t["missed_visit"]]
    assert missed["overdue"] is True and missed["appointment_missed"] is True
    assert missed["days_late"] == 0
    soon = by_id[t["assigned_soon"]]
    assert soon["overdue"] is False and soon["job"]["technician"] == "王强"
    assert soon["job"]["state"] == "assigned" and soon["job"]["version"] == 1
    assert soon["job"]["visit"]["start"] > datetime.now().astimezone()
    assert soon["visit"] == "on_site" and soon["address"] == "杭州市西湖区文三路100号"
    assert soon["region"] == "杭州市/西湖区" and soon["fault"] == "不制热"
    assert by_id[t["outsourced"]]["job"]["outlet"] == "滨江特约网点"
    assert by_id[t["outsourced"]]["job"]["technician"] is None


def test_board_counts_and_filters_by_region_with_the_regions_below(
        shop: Dispatch, board_tickets: dict[str, int]) -> None:
    found = shop.read("dispatcher", reads.board)
    regions = {g["region"]: g for g in found["regions"]}
    assert regions["杭州市/西湖区"]["jobs"] == 3
    assert regions["杭州市/西湖区/文新街道"] == {
        "region_id": shop.regions["文新街道"], "region": "杭州市/西湖区/文新街道", "jobs": 1,
        "unassigned": 1, "overdue": 0}
    assert regions["杭州市/滨江区"]["jobs"] == 3 and regions["杭州市/滨江区"]["overdue"] == 1
    assert regions[None]["jobs"] == 1  # a carry-in without a region
    west = shop.read("dispatcher", reads.board, BoardFilters(region_id=shop.regions["西湖区"]))
    t = board_tickets
    assert {r["ticket_id"] for r in west["jobs"]} == {
        t["unassigned_later"], t["unassigned_soon"], t["assigned_soon"], t["missed_visit"]}


def test_board_filters(shop: Dispatch, board_tickets: dict[str, int]) -> None:
    t = board_tickets

    def ids(**wanted: Any) -> set[int]:
        found = shop.read("dispatcher", reads.board, BoardFilters(**wanted))
        return {row["ticket_id"] for row in found["jobs"]}

    assert ids(visit="on_site") == {t["unassigned_soon"], t["assigned_soon"],
                                    t["missed_visit"]}
    assert ids(assigned="unassigned") == {t["unassigned_late"], t["unassigned_soon"],
                                          t["unassigned_later"]}
    assert ids(assigned="assigned", technician_id=shop.technicians["王强"]) == {
        t["assigned_soon"], t["assigned_late"], t["missed_visit"]}
    assert ids(search="花屏") == {t["started"]}
    assert ids(search="100%") == set()  # a wildcard is taken literally
    number = numbers(shop, [t["outsourced"]])[0]
    assert ids(search=number.lower()) == {t["outsourced"]}
    limited = shop.read("dispatcher", reads.board, BoardFilters(limit=2))
    assert len(limited["jobs"]) == 2 and limited["total"] == 8
    with pytest.raises(Refused) as refused:
        shop.read("dispatcher", reads.board, BoardFilters(visit="上门"))
    assert refused.value.code == "field_choice_invalid"
    with pytest.raises(Refused) as refused:
        shop.read("dispatcher", reads.board, BoardFilters(limit=5000))
    assert refused.value.code == "field_out_of_range"


def test_board_shows_technicians_load_visits_and_outlets(
        shop: Dispatch, board_tickets: dict[str, int]) -> None:
    found = shop.read("manager", reads.board)  # review.approve opens it too
    techs = {e["name"]: e for e in found["technicians"]}
    assert list(techs) == sorted(techs)
    wang, zhao, zhou = techs["王强"], techs["赵磊"], techs["周建国"]
    assert wang["load"] == 3 and zhao["load"] == 1 and zhou["load"] == 0
    assert wang["grade"] == "高级"
    assert [r["name"] for r in wang["regions"]] == ["杭州市/西湖区"]
    assert [r["name"] for r in zhao["regions"]] == ["杭州市/滨江区", "杭州市/西湖区/文新街道"]
    assert {w["id"] for w in wang["work_types"]} == {shop.work_types["install"],
                                                     shop.work_types["minor"]}
    assert [v["ticket_id"] for v in wang["today"]] == [board_tickets["assigned_soon"]]
    assert wang["today"][0]["end"] - wang["today"][0]["start"] == timedelta(hours=1)
    assert zhao["today"] == []
    # this week's visits: today's, tomorrow's and yesterday's if they fall in the same week
    weekday = shop.today.isoweekday()
    assert wang["week"] == 1 + (weekday > 1)
    assert zhao["week"] == (1 if weekday < 7 else 0)
    assert found["week_start"].date() <= shop.today
    assert found["outlets"] == [{"id": shop.outlet, "code": "W1", "name": "滨江特约网点",
                                 "region_id": shop.regions["滨江区"],
                                 "region": "杭州市/滨江区", "load": 1}]


def test_only_dispatchers_and_reviewers_open_the_board(shop: Dispatch) -> None:
    for who in ("counter", "tech_a"):
        with pytest.raises(PermissionDenied):
            shop.read(who, reads.board)
    assert (shop.read("blind_dispatcher", reads.board)["total"]
            == shop.read("dispatcher", reads.board)["total"])


# -- my jobs -----------------------------------------------------------------------------------

def test_my_jobs_under_row_security_for_two_technicians(
        shop: Dispatch, board_tickets: dict[str, int]) -> None:
    d, t = shop, board_tickets
    recent = d.ticket(fault="不脱水", promised_in=3, status="ready")
    old = d.ticket(fault="排水慢", promised_in=3, status="ready")
    now = datetime.now().astimezone()
    d.job(recent, "赵磊", state="finished", finished_at=now - timedelta(days=2), days_late=2)
    d.job(old, "赵磊", state="reviewed", finished_at=now - timedelta(days=20), reviewed=True)

    wang = d.read("tech_a", reads.my_jobs)
    assert wang["technician"]["name"] == "王强"
    assert [r["ticket_id"] for r in wang["jobs"]] == [
        t["missed_visit"], t["assigned_soon"], t["assigned_late"]]  # by visit, then promise
    assert {r["job"]["technician"] for r in wang["jobs"]} == {"王强"}
    # the technician calls ahead: each row has the customer's phones, masked without
    # contacts.view (the board's rows carry none)
    assert all(r["phones"] and all("****" in p for p in r["phones"]) for r in wang["jobs"])
    zhao = d.read("tech_b", reads.my_jobs)
    assert [r["ticket_id"] for r in zhao["jobs"]] == [t["started"], recent]
    finished = zhao["jobs"][1]
    assert finished["days_late"] == 2 and finished["overdue"] is True
    assert finished["job"]["report"]["fault_cause"] == "电源板损坏"
    assert finished["job"]["report"]["hours"] == Decimal("1.50")
    assert finished["job"]["report"]["work_types"][0]["quantity"] == Decimal("1.00")
    month = d.read("tech_b", reads.my_jobs, MyJobsFilters(days=30))
    assert [r["ticket_id"] for r in month["jobs"]] == [t["started"], recent, old]
    # asking for the other's jobs: row security answers, not the client
    assert d.read("tech_a", reads.my_jobs,
                  MyJobsFilters(technician_id=d.technicians["赵磊"]))["jobs"] == []
    assert len(d.read("dispatcher", reads.my_jobs,
                      MyJobsFilters(technician_id=d.technicians["赵磊"]))["jobs"]) == 2
    # and on psql: the technician's own SELECT of the table
    seen = d.sql(f"SET SESSION AUTHORIZATION {d.logins['tech_a'].user}; "
                 "SELECT DISTINCT technician_id FROM app.job")
    assert seen == [(d.technicians["王强"],)]
    # an operator who is no technician has no jobs of their own
    assert d.read("counter", reads.my_jobs)["jobs"] == []


# -- the review queue --------------------------------------------------------------------------

def test_review_queue_by_technician_day_and_state(shop: Dispatch) -> None:
    d = shop
    base = shop_time(d, d.today - timedelta(days=10), 10)
    jobs = {}
    for name, technician, days_ago, state in (
            ("w1", "王强", 10, "finished"), ("w2", "王强", 9, "finished"),
            ("z1", "赵磊", 10, "finished"), ("z2", "赵磊", 8, "reviewed")):
        ticket = d.ticket(fault="门封老化", status="ready")
        jobs[name] = d.job(ticket, technician, state=state,
                           finished_at=base + timedelta(days=10 - days_ago),
                           reviewed=state == "reviewed")
    day10, day9 = d.today - timedelta(days=10), d.today - timedelta(days=9)

    def queue(**wanted: Any) -> dict[str, Any]:
        return d.read("manager", reads.review_queue, ReviewFilters(
            since=day10, until=d.today - timedelta(days=8), **wanted))

    waiting = queue()
    assert [r["job"]["id"] for r in waiting["jobs"]] == [jobs["w1"], jobs["w2"], jobs["z1"]]
    assert {(g["name"], g["jobs"]) for g in waiting["technicians"]} == {("王强", 2),
                                                                         ("赵磊", 1)}
    assert waiting["jobs"][0]["job"]["report"]["action"] == "更换电源板"
    assert [r["job"]["id"] for r in queue(technician_id=d.technicians["赵磊"],
                                          state="all")["jobs"]] == [jobs["z1"], jobs["z2"]]
    assert [r["job"]["id"] for r in queue(state="reviewed")["jobs"]] == [jobs["z2"]]
    one_day = d.read("manager", reads.review_queue, ReviewFilters(since=day9, until=day9))
    assert [r["job"]["id"] for r in one_day["jobs"]] == [jobs["w2"]]
    with pytest.raises(Refused) as refused:
        d.read("manager", reads.review_queue, ReviewFilters(since=day9, until=day10))
    assert refused.value.code == "field_date_invalid"
    with pytest.raises(Refused) as refused:
        d.read("manager", reads.review_queue, ReviewFilters(state="done"))
    assert refused.value.code == "field_choice_invalid"
    for who in ("tech_a", "dispatcher"):
        with pytest.raises(PermissionDenied):
            d.read(who, reads.review_queue)


# -- one job and its photos ----------------------------------------------------------------

def test_job_get_masks_the_phone_without_contacts_view(
        shop: Dispatch, board_tickets: dict[str, int]) -> None:
    d = shop
    ticket = d.ticket(fault="有异味", region="西湖区", on_site=True)
    job_id = d.job(ticket, "王强")
    whole = d.read("dispatcher", reads.job, job_id)
    assert whole["phones"] == [PHONE]
    assert whole["number"] == numbers(d, [ticket])[0] and whole["fault"] == "有异味"
    assert whole["job"]["id"] == job_id and whole["region"] == "杭州市/西湖区"
    assert whole["requisition"]["ticket_id"] == ticket
    assert whole["shop"] is not None and whole["photos"] == [] and whole["events"] == []
    assert d.read("blind_dispatcher", reads.job, job_id)["phones"] == ["139****5678"]
    own = d.read("tech_a", reads.job, job_id)
    assert own["phones"] == ["139****5678"] and own["job"]["technician"] == "王强"
    assert d.read("tech_b", reads.job, job_id) is None
    assert d.read("dispatcher", reads.job, 10**9) is None


def test_a_photo_only_for_whom_its_job_is(shop: Dispatch) -> None:
    d = shop
    job_id = d.job(d.ticket(fault="漏水", status="ready"), "赵磊", state="finished",
                   finished_at=datetime.now().astimezone())
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    photo = int(d.sql("INSERT INTO app.job_photo (job_id, content, mime, caption) "
                      "VALUES (%s, %s, 'image/png', '铭牌') RETURNING id", job_id, content)[0][0])
    listed = d.read("tech_b", reads.job, job_id)["photos"]
    assert [(p["id"], p["mime"], p["caption"], p["size"]) for p in listed] == [
        (photo, "image/png", "铭牌", len(content))]
    assert d.read("tech_b", reads.photo, photo) == content
    assert d.read("manager", reads.photo, photo) == content
    assert d.read("tech_a", reads.photo, photo) is None

