"""Requisitions against repair tickets (领料) on a real database, each through operators'
own connections: concurrent requisitions of a scarce part, a line changed and deleted,
serials swapped, removed and fitted again, a settled ticket frozen, the settlement taking
the requisitioned parts, who may change whose lines, and the Python copies of the rules
run against the database."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import PermissionDenied, Refused
from aftersales_desktop.domain.fees import FeeLine
from aftersales_desktop.domain.requisitions import may_change_line, settlement_part_lines
from aftersales_desktop.domain.warranty import billed_to_default
from aftersales_desktop.services.frontdesk import queries, settlement
from aftersales_desktop.services.frontdesk.intake import IntakeDraft, save_intake
from aftersales_desktop.services.stock.requisitions import LineChange, requisition, save_lines
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db


@dataclass
class Stockroom:
    cluster: TestCluster
    db: str
    counter: Database
    technician: Database
    other_technician: Database
    clerk: Database  # warehouse template: requisition.edit
    parts: int  # 配件库
    scrap: int  # 报损库
    returns: int  # 商返库
    today: date

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self.cluster.execute(self.db, statement, params)

    def item(self, name: str = "压缩机", price: str = "120.00") -> tuple[int, str]:
        code = f"P-{uuid.uuid4().hex[:6].upper()}"
        found = self.sql("INSERT INTO app.item (code, name, kind, sale_price) "
                         "VALUES (%s, %s, 'part', %s) RETURNING id", (code, name, price))
        return int(found[0][0]), code

    def receive(self, item: int, warehouse: int, quantity: int, cost: str = "5.00") -> None:
        self.sql("SELECT app.stock_apply(jsonb_build_array(jsonb_build_object("
                 "'item_id', %s, 'warehouse_id', %s, 'quantity', %s, 'unit_cost', %s, "
                 "'source', 'document')))", (item, warehouse, quantity, cost))

    def balance(self, item: int, warehouse: int) -> tuple[Decimal, Decimal, Decimal]:
        found = self.sql("SELECT quantity, unit_cost, value FROM app.stock_balance "
                         "WHERE item_id = %s AND warehouse_id = %s", (item, warehouse))
        return found[0] if found else (Decimal(0), Decimal(0), Decimal(0))

    def moves(self, item: int, warehouse: int) -> list[tuple[Any, ...]]:
        return self.sql("SELECT quantity, qty_before, qty_after, value_before, value_after, "
                        "source, requisition_line_id, ticket_id FROM app.stock_move "
                        "WHERE item_id = %s AND warehouse_id = %s ORDER BY id",
                        (item, warehouse))

    def serial(self, item: int, serial: str) -> tuple[Any, ...] | None:
        found = self.sql("SELECT warehouse_id, ticket_id FROM app.stock_serial "
                         "WHERE item_id = %s AND serial = %s", (item, serial))
        return found[0] if found else None

    def ticket(self, *, in_warranty: bool = True) -> int:
        draft = IntakeDraft(
            customer_name="周杰", phone="13912340001", product="空调", brand="格力",
            model="KFR-35GW", serial=f"GR{uuid.uuid4().hex[:8].upper()}",
            purchase_date=self.today - timedelta(days=100), has_proof=in_warranty,
            warranty_months=12, fault="不制冷", accessories="遥控器", appearance="完好",
            promised_on=self.today + timedelta(days=7))
        with self.counter.read() as conn:
            return save_intake(conn, draft, self.today).id


def _warehouse(cluster: TestCluster, db: str, code: str, name: str, kind: str) -> int:
    return int(cluster.execute(db, "INSERT INTO app.warehouse (code, name, type) "
                               "VALUES (%s, %s, %s) RETURNING id", (code, name, kind))[0][0])


@pytest.fixture(scope="module")
def room(cluster: TestCluster) -> Iterator[Stockroom]:
    db = cluster.create_database()
    profile = cluster.profile(db)

    def login(template: str) -> Database:
        return Database(profile, cluster.create_operator(db, template=template), TEST_PASSWORD)

    counter = login("counter")
    with counter.read() as conn:
        today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
    found = Stockroom(cluster, db, counter, login("technician"), login("technician"),
                      login("warehouse"),
                      _warehouse(cluster, db, "PJ", "配件库", "parts"),
                      _warehouse(cluster, db, "BS", "报损库", "scrap"),
                      _warehouse(cluster, db, "SF", "商返库", "merchant_returns"), today)
    yield found
    for database in (found.counter, found.technician, found.other_technician, found.clerk):
        database.dispose()


def _issue(room: Stockroom, item: int, quantity: int | str, **more: Any) -> LineChange:
    return LineChange(item_id=item, warehouse_id=room.parts, quantity=Decimal(quantity),
                      **more)


def _lines(found: dict[str, Any]) -> list[dict[str, Any]]:
    return list(found["lines"])


# -- the stock moves ------------------------------------------------------------------------

def test_fifty_concurrent_requisitions_of_twenty_in_stock(room: Stockroom) -> None:
    item, code = room.item("压缩机")
    room.receive(item, room.parts, 20)
    tickets = [room.ticket() for _ in range(50)]
    technicians = [Database(room.technician.profile, room.technician.user, TEST_PASSWORD)
                   for _ in range(50)]
    barrier = threading.Barrier(50)
    saved: list[int] = []
    refused: list[Refused] = []
    errors: list[BaseException] = []

    def requisition_one(database: Database, ticket: int) -> None:
        try:
            with database.read() as conn:
                conn.execute(text("SELECT 1"))  # connected before the start
                barrier.wait(timeout=60)
                try:
                    save_lines(conn, ticket, [_issue(room, item, 1)])
                    saved.append(ticket)
                except Refused as exc:
                    refused.append(exc)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=requisition_one, args=(d, t))
               for d, t in zip(technicians, tickets, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for database in technicians:
        database.dispose()
    assert errors == []
    assert len(saved) == 20 and len(refused) == 30
    assert {e.code for e in refused} == {"stock_insufficient"}
    assert {(e.arguments["item_code"], e.arguments["warehouse"], e.arguments["have"],
             e.arguments["need"]) for e in refused} == {(code, "配件库", "0", "1")}
    assert room.balance(item, room.parts)[0] == 0
    moves = room.moves(item, room.parts)
    assert len(moves) == 21  # the receipt and 20 issues
    assert sorted(m[7] for m in moves[1:]) == sorted(saved)
    assert [m[1] for m in moves[1:]] == [Decimal(20 - i) for i in range(20)]
    # the refused saves left nothing: no line, no requisition on their tickets
    refused_tickets = set(tickets) - set(saved)
    assert room.sql("SELECT count(*) FROM app.requisition_line WHERE ticket_id = ANY (%s)",
                    (list(refused_tickets),))[0][0] == 0


def test_insufficient_stock_names_the_numbers_and_saves_nothing(room: Stockroom) -> None:
    item, code = room.item("压缩机")
    room.receive(item, room.parts, 1)
    ticket = room.ticket()
    with room.technician.read() as conn, pytest.raises(Refused) as caught:
        save_lines(conn, ticket, [_issue(room, item, 2)])
    error = caught.value
    assert error.code == "stock_insufficient"
    assert error.text() == (f"Not enough in stock: part {code} 压缩机, warehouse 配件库, "
                            "on hand 1, needed 2.")
    assert getattr(error, "line", None) == 1
    assert room.balance(item, room.parts)[0] == 1
    with room.technician.read() as conn:
        assert _lines(requisition(conn, ticket) or {}) == []


def test_a_line_changed_three_five_two_then_deleted(room: Stockroom) -> None:
    item, _code = room.item("电机")
    room.receive(item, room.parts, 10, "5.00")
    ticket = room.ticket()
    with room.technician.read() as conn:
        found = save_lines(conn, ticket, [_issue(room, item, 3)])
        line = _lines(found)[0]
        for quantity in (5, 2):
            found = save_lines(conn, ticket, [_issue(room, item, quantity, id=line["id"],
                                                     version=line["version"])],
                               version=found["version"])
            line = _lines(found)[0]
            assert Decimal(str(line["quantity"])) == quantity
        found = save_lines(conn, ticket, deleted=[(line["id"], line["version"])],
                           version=found["version"])
    assert _lines(found) == [] and len(found["deleted_lines"]) == 1
    moves = room.moves(item, room.parts)[1:]
    assert [m[0] for m in moves] == [Decimal(-3), Decimal(-2), Decimal(3), Decimal(2)]
    assert {m[6] for m in moves} == {line["id"]} and {m[5] for m in moves} == {"requisition"}
    chain = room.moves(item, room.parts)
    assert all(a[2] == b[1] and a[4] == b[3] for a, b in itertools.pairwise(chain))
    # everything came back at what it went out at: 10 @ 5.0000 worth 50.00 again
    assert room.balance(item, room.parts) == (Decimal(10), Decimal("5.0000"),
                                              Decimal("50.00"))


def test_the_same_operation_sent_twice_moves_stock_once(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    operation = str(uuid.uuid4())
    with room.technician.read() as conn:
        first = save_lines(conn, ticket, [_issue(room, item, 2)], operation_id=operation)
        again = save_lines(conn, ticket, [_issue(room, item, 2)], operation_id=operation)
    assert not first["repeated"] and again["repeated"]
    assert room.balance(item, room.parts)[0] == 3


def test_a_stale_requisition_is_refused(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        found = save_lines(conn, ticket, [_issue(room, item, 1)])
        save_lines(conn, ticket, [_issue(room, item, 1)], version=found["version"])
        with pytest.raises(Refused) as caught:
            save_lines(conn, ticket, [_issue(room, item, 1)], version=found["version"])
    assert caught.value.code == "document_stale"
    assert room.balance(item, room.parts)[0] == 3


def test_returns_of_unused_parts(room: Stockroom) -> None:
    item, code = room.item("门封条", "20.00")
    room.receive(item, room.parts, 10, "4.00")
    ticket = room.ticket()
    with room.technician.read() as conn:
        found = save_lines(conn, ticket, [_issue(room, item, 4)])
        issue = _lines(found)[0]
        found = save_lines(conn, ticket, [LineChange(item_id=item, kind="return",
                                                     quantity=Decimal(1))])
        lines = _lines(found)
        assert [(x["kind"], x["return_of"]) for x in lines] == [("issue", None),
                                                               ("return", issue["id"])]
        assert Decimal(str(lines[0]["net_quantity"])) == 3
        with pytest.raises(Refused) as caught:
            save_lines(conn, ticket, [LineChange(item_id=item, kind="return",
                                                 quantity=Decimal(4))])
        assert caught.value.code == "return_exceeds_issued"
        assert (caught.value.arguments["issued"], caught.value.arguments["need"]) == ("3.00",
                                                                                      "4")
        with pytest.raises(Refused) as caught:  # the issue has a return: not below it
            save_lines(conn, ticket, [_issue(room, item, "0.5", id=issue["id"])])
        assert caught.value.code == "requisition_below_returned"
        with pytest.raises(Refused) as caught:
            save_lines(conn, ticket, deleted=[(issue["id"], None)])
        assert caught.value.code == "requisition_has_returns"
    assert room.balance(item, room.parts) == (Decimal(7), Decimal("4.0000"), Decimal("28.00"))
    assert code


# -- serials and old parts ---------------------------------------------------------------------

def test_serial_swap_remove_refit(room: Stockroom) -> None:
    """Fit S1, swap it for S2 (S1 to the scrap warehouse), take S2 out without a
    replacement (to merchant returns), fit S1 again: every step just moves the serial."""
    item, _code = room.item("主板", "300.00")
    room.receive(item, room.parts, 2, "100.00")
    s1, s2 = f"SN{uuid.uuid4().hex[:6]}", f"SN{uuid.uuid4().hex[:6]}"
    ticket = room.ticket()
    with room.technician.read() as conn:
        save_lines(conn, ticket, [_issue(room, item, 1, fitted_serial=s1)])
        assert room.serial(item, s1) == (None, ticket)
        # swap: S2 fitted, S1 out to 报损库
        save_lines(conn, ticket, [_issue(room, item, 1, fitted_serial=s2, removed_serial=s1,
                                         removed_to_warehouse_id=room.scrap)])
        assert room.serial(item, s1) == (room.scrap, None)
        assert room.serial(item, s2) == (None, ticket)
        # remove: S2 out to 商返库, no replacement
        save_lines(conn, ticket, [LineChange(item_id=item, kind="removed", quantity=Decimal(1),
                                             warehouse_id=room.returns, removed_serial=s2,
                                             removed_to_warehouse_id=room.returns)])
        assert room.serial(item, s2) == (room.returns, None)
        # refit S1 from where it is now
        found = save_lines(conn, ticket, [LineChange(item_id=item, warehouse_id=room.scrap,
                                                     quantity=Decimal(1), fitted_serial=s1)])
        assert room.serial(item, s1) == (None, ticket)
        # another ticket cannot fit S1: it is in this one's unit
        other = room.ticket()
        with pytest.raises(Refused) as caught:
            save_lines(conn, other, [_issue(room, item, 1, fitted_serial=s1)])
        assert caught.value.code == "serial_elsewhere"
        assert caught.value.arguments["serial"] == s1
        # deleting the refit puts S1 back in 报损库
        refit = _lines(found)[-1]
        save_lines(conn, ticket, deleted=[(refit["id"], refit["version"])])
        assert room.serial(item, s1) == (room.scrap, None)
    assert room.balance(item, room.parts)[0] == 0
    assert room.balance(item, room.scrap)[0] == 1  # S1, valued at nothing
    assert room.balance(item, room.scrap)[2] == 0
    assert room.balance(item, room.returns)[0] == 1  # S2
    assert room.sql("SELECT count(*) FROM app.stock_serial WHERE item_id = %s",
                    (item,))[0][0] == 2


def test_a_serial_is_one_unit_and_old_parts_go_to_scrap_or_returns(room: Stockroom) -> None:
    item, _code = room.item("主板")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        with pytest.raises(Refused) as caught:
            save_lines(conn, ticket, [_issue(room, item, 2, fitted_serial="X1")])
        assert caught.value.code == "requisition_serial_one"
        with pytest.raises(Refused) as caught:
            save_lines(conn, ticket, [_issue(room, item, 1, removed_serial="OLD1",
                                             removed_to_warehouse_id=room.parts)])
        assert caught.value.code == "old_part_warehouse_invalid"
    assert room.balance(item, room.parts)[0] == 5


# -- frozen, settlement ------------------------------------------------------------------------

def _settle(room: Stockroom, ticket: int, **more: Any) -> settlement.SettlementResult:
    with room.counter.read() as conn:
        detail = queries.ticket_detail(conn, ticket)
        assert detail is not None
        req = detail["requisition"]
        t = detail["ticket"]
        payer = billed_to_default(t["warranty_class"], bool(t["rework_free"]))
        parts = settlement_part_lines(req["lines"], payer)
        return settlement.settle(
            conn, ticket, t["version"],
            more.pop("lines", [FeeLine("labour", "中修", Decimal(1), Decimal("100"), payer)]),
            parts=parts, requisition_version=req["version"], default_payer=payer,
            payment_method="none" if payer != "customer" else "cash",
            paid=None if payer != "customer" else Decimal("10000"), **more)


def test_a_settled_tickets_requisition_is_frozen(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        found = save_lines(conn, ticket, [_issue(room, item, 1)])
    _settle(room, ticket)
    line = _lines(found)[0]
    before = len(room.moves(item, room.parts))
    with room.clerk.read() as conn:
        for attempt in ([_issue(room, item, 1)], [_issue(room, item, 2, id=line["id"])]):
            with pytest.raises(Refused) as caught:
                save_lines(conn, ticket, attempt)
            assert caught.value.code == "requisition_frozen"
        with pytest.raises(Refused):
            save_lines(conn, ticket, deleted=[(line["id"], None)])
        assert requisition(conn, ticket)["state"] == "frozen"  # type: ignore[index]
    assert len(room.moves(item, room.parts)) == before


@pytest.mark.parametrize(("in_warranty", "payer"), [(True, "manufacturer"),
                                                     (False, "customer")])
def test_settlement_bills_the_requisitioned_parts(room: Stockroom, in_warranty: bool,
                                                  payer: str) -> None:
    compressor, c_code = room.item("压缩机", "350.00")
    seal, s_code = room.item("门封条", "20.50")
    room.receive(compressor, room.parts, 3)
    room.receive(seal, room.parts, 10)
    ticket = room.ticket(in_warranty=in_warranty)
    with room.technician.read() as conn:
        save_lines(conn, ticket, [_issue(room, compressor, 1), _issue(room, seal, 3)])
        save_lines(conn, ticket, [LineChange(item_id=seal, kind="return", quantity=Decimal(1))])
    # a part typed by hand besides the requisition would be billed twice
    with pytest.raises(Refused) as caught:
        _settle(room, ticket, lines=[FeeLine("part", "压缩机", Decimal(1), Decimal(350), payer)])
    assert caught.value.code == "part_lines_from_requisitions"
    result = _settle(room, ticket)
    stored = room.sql("SELECT kind, description, quantity, unit_price, amount, billed_to, "
                      "item_id FROM app.settlement_line WHERE settlement_id = %s "
                      "ORDER BY line_no", (result.id,))
    assert stored == [
        ("labour", "中修", Decimal("1.00"), Decimal("100.00"), Decimal("100.00"), payer, None),
        ("part", f"{c_code} 压缩机", Decimal("1.00"), Decimal("350.00"), Decimal("350.00"),
         payer, compressor),
        ("part", f"{s_code} 门封条", Decimal("2.00"), Decimal("20.50"), Decimal("41.00"),
         payer, seal)]
    # the client's copy of the rule added up the same lines as the database
    assert result.totals.subtotal == Decimal("491.00")
    assert {"customer": result.totals.customer_due,
            "manufacturer": result.totals.manufacturer_amount}[payer] == Decimal("491.00")


def test_a_settlement_on_an_older_requisition_is_refused(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        found = save_lines(conn, ticket, [_issue(room, item, 1)])
        save_lines(conn, ticket, [_issue(room, item, 1)])
    with room.counter.read() as conn, pytest.raises(Refused) as caught:
        settlement.settle(conn, ticket, None, [
            FeeLine("labour", "小修", Decimal(1), Decimal(50), "manufacturer")],
            requisition_version=found["version"], payment_method="none")
    assert caught.value.code == "requisitions_changed"


# -- who may change whose lines ----------------------------------------------------------------

def test_who_may_change_whose_lines(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 20)
    ticket = room.ticket()
    with room.technician.read() as conn:
        line = _lines(save_lines(conn, ticket, [_issue(room, item, 2)]))[0]
        # the maker changes it the same day
        line = _lines(save_lines(conn, ticket, [_issue(room, item, 3, id=line["id"])]))[0]
    with room.other_technician.read() as conn:
        with pytest.raises(PermissionDenied):
            save_lines(conn, ticket, [_issue(room, item, 1, id=line["id"])])
        with pytest.raises(PermissionDenied):
            save_lines(conn, ticket, deleted=[(line["id"], None)])
        # but adds lines of their own to the ticket
        save_lines(conn, ticket, [_issue(room, item, 1)])
    with room.clerk.read() as conn:  # requisition.edit: any line
        found = save_lines(conn, ticket, [_issue(room, item, 4, id=line["id"])])
    assert [Decimal(str(x["quantity"])) for x in _lines(found)] == [4, 1]
    # a line made yesterday is the clerk's to change, not its maker's
    room.sql("UPDATE app.requisition_line SET created_at = created_at - interval '1 day' "
             "WHERE id = %s", (line["id"],))
    with room.technician.read() as conn, pytest.raises(PermissionDenied):
        save_lines(conn, ticket, [_issue(room, item, 5, id=line["id"])])
    assert room.balance(item, room.parts)[0] == 15


def test_the_python_rule_of_who_may_change_agrees_with_the_database(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 50)
    ticket = room.ticket()
    people = {"maker": room.technician, "other": room.other_technician, "clerk": room.clerk}
    capabilities = {"maker": {"requisition.create"}, "other": {"requisition.create"},
                    "clerk": {"requisition.edit"}}
    for days_ago in (0, 1):
        for who, database in people.items():
            with room.technician.read() as conn:
                line = _lines(save_lines(conn, ticket, [_issue(room, item, 1)]))[-1]
            room.sql("UPDATE app.requisition_line SET created_at = created_at - "
                     "make_interval(days => %s) WHERE id = %s", (days_ago, line["id"]))
            expected = may_change_line(
                created_by=room.technician.user, created_on=room.today - timedelta(days_ago),
                operator=database.user, today=room.today, capabilities=capabilities[who])
            with database.read() as conn:
                try:
                    save_lines(conn, ticket, [_issue(room, item, 2, id=line["id"])])
                    allowed = True
                except PermissionDenied:
                    allowed = False
            assert allowed == expected, (who, days_ago)


def test_history_and_change_log_show_requisitions(room: Stockroom) -> None:
    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        line = _lines(save_lines(conn, ticket, [_issue(room, item, 2)]))[0]
        save_lines(conn, ticket, deleted=[(line["id"], None)])
    with room.counter.read() as conn:
        detail = queries.ticket_detail(conn, ticket)
    assert detail is not None
    req = detail["requisition"]
    assert req["number"].startswith(f"LL{room.today.year}-")
    assert [x["id"] for x in req["deleted_lines"]] == [line["id"]]
    logged = room.sql("SELECT action, changed FROM audit.change_log WHERE table_name = "
                      "'app.requisition_line' AND record_key = %s ORDER BY id",
                      (str(line["id"]),))
    assert [a for a, _c in logged] == ["insert", "update"]
    assert "state" in logged[1][1]


def test_operators_cannot_write_requisitions_or_serials_directly(room: Stockroom) -> None:
    from sqlalchemy.exc import DBAPIError

    for statement in ("DELETE FROM app.requisition_line", "DELETE FROM app.stock_serial",
                      "UPDATE app.requisition SET version = 1",
                      "SELECT app.stock_serial_move(1, 'x', NULL, NULL, NULL, NULL)"):
        with room.clerk.read() as conn, pytest.raises(DBAPIError) as caught:
            conn.execute(text(statement))
        assert getattr(caught.value.orig, "pgcode", None) == "42501", statement


# -- a randomized concurrent run -----------------------------------------------------------

ALLOWED_REFUSALS = {"stock_insufficient", "return_exceeds_issued", "requisition_below_returned",
                    "requisition_has_returns", "requisition_line_missing"}


def test_a_randomized_concurrent_run_keeps_every_balance_equal_to_its_ledger(
        room: Stockroom) -> None:
    """8 connections x 150 random requisition saves (issues, changes, deletions, returns)
    over 4 tickets and 3 scarce parts: every balance equals the sum of its ledger, each
    row's before is the previous row's after, nothing is negative, and each line's ledger
    rows add up to what the line holds now."""
    import random

    items = [room.item(f"热点件{n}")[0] for n in range(3)]
    for item in items:
        room.receive(item, room.parts, 15)
    tickets = [room.ticket() for _ in range(4)]
    databases = [Database(room.clerk.profile, room.clerk.user, TEST_PASSWORD)
                 for _ in range(8)]
    errors: list[BaseException] = []
    counts = {"saved": 0, "refused": 0}
    lock = threading.Lock()

    def work(database: Database, seed: int) -> None:
        rng = random.Random(seed)
        try:
            with database.read() as conn:
                for _ in range(150):
                    ticket = rng.choice(tickets)
                    found = requisition(conn, ticket) or {}
                    lines = list(found.get("lines") or [])
                    issues = [x for x in lines if x["kind"] == "issue"]
                    op = rng.random()
                    try:
                        if op < 0.45 or not lines:
                            save_lines(conn, ticket, [_issue(room, rng.choice(items),
                                                             rng.randint(1, 3))])
                        elif op < 0.7 and issues:
                            line = rng.choice(issues)
                            save_lines(conn, ticket, [LineChange(
                                item_id=line["item_id"], warehouse_id=line["warehouse_id"],
                                quantity=Decimal(rng.randint(1, 4)), id=line["id"])])
                        elif op < 0.85:
                            line = rng.choice(lines)
                            save_lines(conn, ticket, deleted=[(line["id"], None)])
                        elif issues:
                            line = rng.choice(issues)
                            save_lines(conn, ticket, [LineChange(
                                item_id=line["item_id"], kind="return",
                                quantity=Decimal(1), return_of=line["id"])])
                        with lock:
                            counts["saved"] += 1
                    except Refused as exc:
                        if exc.code not in ALLOWED_REFUSALS:
                            raise
                        with lock:
                            counts["refused"] += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(d, n)) for n, d in enumerate(databases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    for database in databases:
        database.dispose()
    assert errors == []
    assert counts["saved"] + counts["refused"] == 1200 and counts["saved"] > 300
    for item in items:
        chain = room.moves(item, room.parts)
        assert all(a[2] == b[1] and a[4] == b[3] for a, b in itertools.pairwise(chain))
        assert all(m[2] >= 0 for m in chain)
        quantity, _avg, value = room.balance(item, room.parts)
        assert quantity == sum(m[0] for m in chain) == chain[-1][2]
        assert value == chain[-1][4] >= 0
    mismatched = room.sql("""
        SELECT l.id FROM app.requisition_line l
        WHERE l.ticket_id = ANY (%s) AND coalesce((SELECT sum(m.quantity) FROM app.stock_move m
              WHERE m.requisition_line_id = l.id), 0)
           <> CASE WHEN l.state = 'deleted' THEN 0
                   WHEN l.kind = 'issue' THEN -l.quantity ELSE l.quantity END""",
                          (tickets,))
    assert mismatched == []


def test_the_editor_locks_the_lines_the_operator_may_not_change(room: Stockroom) -> None:
    from aftersales_desktop.services.stock.requisitions import load

    item, _code = room.item("电容")
    room.receive(item, room.parts, 5)
    ticket = room.ticket()
    with room.technician.read() as conn:
        save_lines(conn, ticket, [_issue(room, item, 1)])
    with room.other_technician.read() as conn:
        save_lines(conn, ticket, [_issue(room, item, 1)])
        mine_and_theirs = load(conn, ticket, operator=room.other_technician.user,
                               capabilities=("requisition.create",))
    assert [line.locked for line in mine_and_theirs.lines] == [True, False]
    with room.clerk.read() as conn:
        clerk_view = load(conn, ticket, operator=room.clerk.user,
                          capabilities=("requisition.edit",))
    assert [line.locked for line in clerk_view.lines] == [False, False]
    assert mine_and_theirs.state == "open" and mine_and_theirs.number
    assert mine_and_theirs.header["warehouse"] == room.parts
    assert mine_and_theirs.header["removed_to"] == room.scrap
