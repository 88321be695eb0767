"""Stock under concurrent operators, each on their own connection:

- 50 operators issue one unit each of a part with 20 in stock at the same moment: exactly
  20 succeed, 30 are refused with the insufficient-stock refusal, the balance ends at 0
  with exactly 20 issue rows in the ledger;
- a deadlock the server reports is retried by the service layer and never shown: the
  document is posted once;
- a randomized run of 10,000 operations over every kind of document (receipts, issues,
  transfers, scrap, merchant returns, opening balances, cancellations, changes,
  stocktakes whose stock moves while they count) from
  several clients at once: every balance equals the sum of its ledger, each row's before
  is the previous row's after, nothing is negative, no document is half-posted.
  Other stock modules add their operations to OPERATIONS: requisitions against tickets
  (new lines, changed quantities, deletions, returns; revision 0016) are among them, and
  each requisition line's ledger rows add up to what the line holds.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import psycopg2
import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.core.errors import Conflict, PermissionDenied, Refused, UserError
from aftersales_desktop.domain.documents import Document, DocumentLine, Submission
from aftersales_desktop.services.stock import documents
from tests.db.stock_helpers import StockShop, make_shop, post, run
from tests.pg import TEST_PASSWORD, TestCluster
from tests.threads import in_threads

pytestmark = pytest.mark.db

D = Decimal


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> StockShop:
    return make_shop(cluster, cluster.create_database())


def test_fifty_concurrent_issues_of_twenty_in_stock(shop: StockShop) -> None:
    part, wh = shop.item("HOT-1", "压缩机"), shop.warehouses["PJ"]
    clerk = shop.connect("warehouse")
    post(clerk, "purchase_receipt", wh, [(part, 20, "300.00")], supplier="格力")
    clerk.close()
    connections = [shop.connect("warehouse") for _ in range(50)]
    start = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def issue(conn: psycopg2.extensions.connection) -> None:
        start.wait()
        try:
            post(conn, "other_issue", wh, [(part, 1)], reason="维修领用")
            outcome = "posted"
        except UserError as error:
            outcome = getattr(error, "code", type(error).__name__)
        with lock:
            outcomes.append(outcome)

    in_threads(issue, connections)
    for conn in connections:
        conn.close()
    assert outcomes.count("posted") == 20
    assert outcomes.count("stock_insufficient") == 30
    assert shop.balance(part, wh) == (D("0.00"), D("300.0000"), D("0.00"))
    assert shop.superuser("SELECT count(*) FROM app.stock_move WHERE item_id = %s "
                          "AND quantity < 0", part) == [(20,)]
    assert shop.ledger_problems() == []


def test_a_deadlock_is_retried_and_never_shown(shop: StockShop) -> None:
    """The server reports a deadlock on the first attempt (a trigger raises 40P01 once);
    the service tries again with the same operation id and the document posts once."""
    part, wh = shop.item("RETRY-1", "电容"), shop.warehouses["PJ"]
    shop.superuser("CREATE SEQUENCE public.stock_deadlock_attempts")
    shop.superuser("""
        CREATE FUNCTION public.stock_deadlock_once() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER AS $$
        BEGIN
            IF nextval('public.stock_deadlock_attempts') = 1 THEN
                RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01';
            END IF;
            RETURN NEW;
        END $$""")
    shop.superuser("CREATE TRIGGER deadlock_once BEFORE INSERT ON app.stock_move "
                   "FOR EACH ROW EXECUTE FUNCTION public.stock_deadlock_once()")
    database = Database(shop.cluster.profile(shop.db), shop.operators["warehouse"],
                        TEST_PASSWORD)
    try:
        draft = Document("purchase_receipt", {"warehouse": wh, "supplier": "格力"},
                         (DocumentLine({"quantity": D(3), "price": D("2.5")}, item_id=part),))
        with database.read() as conn:
            posted = documents.post_document(conn, Submission(draft, "post",
                                                              str(uuid.uuid4())))
        with database.transaction() as conn:  # inside a transaction: a savepoint each
            shop.superuser("SELECT setval('public.stock_deadlock_attempts', 1, false)")
            again = documents.post_document(conn, Submission(draft, "post",
                                                             str(uuid.uuid4())))
    finally:
        database.dispose()
        shop.superuser("DROP TRIGGER deadlock_once ON app.stock_move")
        shop.superuser("DROP FUNCTION public.stock_deadlock_once()")
    attempts = shop.superuser("SELECT last_value FROM public.stock_deadlock_attempts")[0][0]
    shop.superuser("DROP SEQUENCE public.stock_deadlock_attempts")
    assert posted.state == "posted" and again.state == "posted"
    assert posted.number != again.number
    assert attempts >= 2  # the failed attempt and the one that went through
    assert shop.balance(part, wh)[0] == D("6.00")
    assert shop.ledger_problems() == []


# -- the randomized run ----------------------------------------------------------------------

@dataclass
class Run:
    """What the clients of the randomized run share."""

    shop: StockShop
    parts: list[int]
    warehouses: list[int]
    scrap: int
    returns: int
    posted: list[dict[str, Any]] = field(default_factory=list)  # documents to cancel/change
    tickets: list[int] = field(default_factory=list)  # tickets parts are requisitioned for
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        with self.lock:
            self.counts[what] = self.counts.get(what, 0) + 1

    def remember(self, document: dict[str, Any]) -> None:
        with self.lock:
            self.posted.append(document)
            if len(self.posted) > 400:
                del self.posted[:100]

    def take_posted(self, rng: random.Random) -> dict[str, Any] | None:
        with self.lock:
            if not self.posted:
                return None
            return self.posted.pop(rng.randrange(len(self.posted)))


Operation = Callable[[Run, random.Random, dict[str, psycopg2.extensions.connection]], str]


def _lines(run_: Run, rng: random.Random, cost: bool) -> list[Any]:
    parts = rng.sample(run_.parts, rng.randint(1, 3))
    return [(p, rng.randint(1, 6), f"{rng.randint(100, 9999) / 100:.2f}") if cost
            else (p, rng.randint(1, 4)) for p in parts]


def _receipt(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    document = post(conns["warehouse"], "purchase_receipt", rng.choice(run_.warehouses),
                    _lines(run_, rng, True), supplier="随机供应商")
    run_.remember(document)
    return "purchase_receipt"


def _other_receipt(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    lines = [(p, q) for p, q, _c in _lines(run_, rng, True)]  # at the average
    run_.remember(post(conns["warehouse"], "other_receipt", rng.choice(run_.warehouses),
                       lines, reason="盘盈"))
    return "other_receipt"


def _issue(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    run_.remember(post(conns["warehouse"], "other_issue", rng.choice(run_.warehouses),
                       _lines(run_, rng, False), reason="领用"))
    return "other_issue"


def _transfer(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    source, target = rng.sample(run_.warehouses, 2)
    run_.remember(post(conns["warehouse"], "transfer", source, _lines(run_, rng, False),
                       to_warehouse_id=target))
    return "transfer"


def _scrap(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    run_.remember(post(conns["warehouse"], "scrap", rng.choice(run_.warehouses),
                       _lines(run_, rng, False), to_warehouse_id=run_.scrap, reason="损坏"))
    return "scrap"


def _merchant_return(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    target = run_.returns if rng.random() < 0.5 else None
    source = rng.choice(run_.warehouses) if target else rng.choice(
        [run_.returns, *run_.warehouses])
    run_.remember(post(conns["warehouse"], "merchant_return", source,
                       _lines(run_, rng, False), supplier="厂家",
                       **({"to_warehouse_id": target} if target else {})))
    return "merchant_return"


def _opening(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    # mostly refused (the balance has moves): that is the rule under test
    post(conns["warehouse"], "opening", rng.choice(run_.warehouses),
         [(rng.choice(run_.parts), rng.randint(1, 5), "3.00")])
    return "opening"


def _cancel(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    document = run_.take_posted(rng)
    if document is None:
        return "nothing"
    run(conns["warehouse"], "stock_document_cancel", {
        "id": document["id"], "version": document["version"], "reason": "随机撤销",
        "operation_id": str(uuid.uuid4())})
    return "cancel"


def _change(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    document = run_.take_posted(rng)
    if document is None:
        return "nothing"
    lines = [{"item_id": line["item_id"], "quantity": str(rng.randint(1, 6)),
              **({"unit_cost": str(line["unit_cost"])}
                 if document["kind"] == "purchase_receipt" else {})}
             for line in document["lines"]]
    body = {key: document[key] for key in ("id", "version", "kind", "warehouse_id",
                                           "to_warehouse_id", "supplier", "reason")}
    replacement = run(conns["manager"], "stock_document_change", {
        **body, "lines": lines, "operation_id": str(uuid.uuid4()),
        "change_reason": "随机修改"})
    run_.remember(replacement)
    return "change"


def _requisition(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    run(conns["warehouse"], "requisition_save", {
        "ticket_id": rng.choice(run_.tickets), "operation_id": str(uuid.uuid4()),
        "lines": [{"item_id": part, "warehouse_id": rng.choice(run_.warehouses),
                   "quantity": str(quantity)} for part, quantity in _lines(run_, rng, False)]})
    return "requisition"


def _requisition_change(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    """Change, delete or return (退料) one line of a ticket's requisition."""
    ticket = rng.choice(run_.tickets)
    lines = shop_lines(conns["warehouse"], ticket)
    if not lines:
        return "nothing"
    line = rng.choice(lines)
    body: dict[str, Any] = {"ticket_id": ticket, "operation_id": str(uuid.uuid4())}
    what = rng.random()
    if what < 0.4:
        body["lines"] = [{"id": line["id"], "item_id": line["item_id"],
                          "warehouse_id": line["warehouse_id"], "kind": line["kind"],
                          "quantity": str(rng.randint(1, 5))}]
        done = "requisition change"
    elif what < 0.7 or line["kind"] != "issue":
        body["deleted"] = [{"id": line["id"]}]
        done = "requisition delete"
    else:
        body["lines"] = [{"kind": "return", "item_id": line["item_id"], "quantity": "1",
                          "return_of": line["id"]}]
        done = "requisition return"
    run(conns["warehouse"], "requisition_save", body)
    return done


def shop_lines(conn: psycopg2.extensions.connection, ticket: int) -> list[dict[str, Any]]:
    with conn.cursor() as cur:
        cur.execute("SELECT app.requisition_lines(%s)", (ticket,))
        return list((cur.fetchone()[0] or {}).get("lines") or [])


def _retried(call: Callable[[], Any]) -> Any:
    """A stocktake call that met a deadlock or serialization failure runs again, as the
    service does (services/stock/_retry.py)."""
    for attempt in range(3):
        try:
            return call()
        except Conflict:
            if attempt == 2:
                raise
    return None


def _stocktake(run_: Run, rng: random.Random, conns: dict[str, Any]) -> str:
    """Open a count (revision 0016), count a few lines near their book and an item that
    may not be on the sheet, let the other clients move stock meanwhile, post, and
    decide the lines that moved during the count."""
    conn = conns["warehouse"]
    sheet = run(conn, "stocktake_open", {"warehouse_id": rng.choice(run_.warehouses),
                                         "operation_id": str(uuid.uuid4())})
    counts = {line["item_id"]: max(Decimal(str(line["book_qty"])) + rng.randint(-2, 2), 0)
              for line in rng.sample(sheet["lines"], min(len(sheet["lines"]), 4))}
    counts.setdefault(rng.choice(run_.parts), Decimal(rng.randint(0, 3)))
    run(conn, "stocktake_count", {"id": sheet["id"], "lines": [
        {"item_id": item, "counted": str(counted)} for item, counted in counts.items()]})
    operation = str(uuid.uuid4())
    posted = _retried(lambda: run(conn, "stocktake_post",
                                  {"id": sheet["id"], "operation_id": operation}))
    awaiting = [line for line in posted["lines"] if line["status"] == "awaiting"]
    if awaiting:
        decisions = [{"line_id": line["id"], "decision": rng.choice(("adjust", "keep"))}
                     for line in awaiting]
        _retried(lambda: run(conn, "stocktake_decide",
                             {"id": sheet["id"], "decisions": decisions}))
        return "stocktake decided"
    return "stocktake"


OPERATIONS: list[tuple[int, Operation]] = [  # (weight, operation)
    (6, _receipt), (2, _other_receipt), (8, _issue), (4, _transfer), (1, _scrap),
    (1, _merchant_return), (1, _opening), (2, _cancel), (1, _change),
    (3, _requisition), (3, _requisition_change), (1, _stocktake),
]
OPERATION_COUNT = 10_000
CLIENTS = 8


def test_randomized_concurrent_run_keeps_every_balance_equal_to_its_ledger(
        shop: StockShop) -> None:
    parts = [shop.item(f"RND-{n}", f"随机配件{n}") for n in range(12)]
    run_ = Run(shop, parts, [shop.warehouses["PJ"], shop.warehouses["PJ2"],
                             shop.warehouses["CP"]],
               shop.warehouses["BS"], shop.warehouses["SF"])
    counter = shop.connect("counter")
    try:
        for n in range(20):
            run_.tickets.append(int(run(counter, "ticket_intake", {
                "operation_id": str(uuid.uuid4()), "customer_name": f"随机客户{n}",
                "phone": f"139{n:08d}", "fault": "不制冷",
                "device": {"product": "空调", "serial": f"RND{n:06d}", "has_proof": False},
                "promised_on": str(shop.superuser("SELECT app.shop_today() + 7")[0][0])})["id"]))
    finally:
        counter.close()
    weights = [w for w, _op in OPERATIONS]
    operations = [op for _w, op in OPERATIONS]
    unexpected: list[str] = []
    per_client = OPERATION_COUNT // CLIENTS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conns = {"warehouse": shop.connect("warehouse"), "manager": shop.connect("manager")}
        try:
            for _ in range(per_client):
                operation = rng.choices(operations, weights)[0]
                try:
                    run_.count(operation(run_, rng, conns))
                except Refused as refused:
                    run_.count(f"refused {refused.code}")
                except (PermissionDenied, UserError) as error:
                    unexpected.append(f"{operation.__name__}: {error!r}")
        finally:
            for conn in conns.values():
                conn.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(900)
    elapsed = time.monotonic() - began
    print(f"{OPERATION_COUNT} operations in {elapsed:.1f} s: {sorted(run_.counts.items())}")
    assert sum(run_.counts.values()) == per_client * CLIENTS
    # only the refusals the rules make: too little stock, an opening over moves, a
    # cancel or change of stock that went elsewhere meanwhile
    assert unexpected == []
    assert set(run_.counts) <= {
        "purchase_receipt", "other_receipt", "other_issue", "transfer", "scrap",
        "merchant_return", "opening", "cancel", "change", "nothing",
        "refused stock_insufficient", "refused stock_opening_has_moves",
        "requisition", "requisition change", "requisition delete", "requisition return",
        # a return of more than is out, an issue below its returns or deleted before them,
        # a line another client deleted meanwhile
        "refused return_exceeds_issued", "refused requisition_below_returned",
        "refused requisition_has_returns", "refused requisition_line_missing",
        # two clients counting the same warehouse: the second is refused
        "stocktake", "stocktake decided", "refused stocktake_open_exists",
        "refused already_recorded"}, run_.counts
    assert run_.counts.get("refused stock_insufficient", 0) > 0  # the run reached the rule
    assert run_.counts.get("cancel", 0) > 100 and run_.counts.get("change", 0) > 50
    assert shop.ledger_problems() == []
    assert shop.superuser("SELECT count(*) FROM app.stock_move")[0][0] > 5000
    assert run_.counts.get("requisition", 0) > 300
    assert min(run_.counts.get(f"requisition {what}", 0)
               for what in ("change", "delete", "return")) > 20
    # every requisition line's ledger rows add up to what the line holds now
    assert shop.superuser("""
        SELECT l.id FROM app.requisition_line l
        WHERE coalesce((SELECT sum(m.quantity) FROM app.stock_move m
                        WHERE m.requisition_line_id = l.id), 0)
           <> CASE WHEN l.state = 'deleted' THEN 0
                   WHEN l.kind = 'issue' THEN -l.quantity ELSE l.quantity END""") == []
    # the stocktakes posted, and what moved during their counts was decided on
    assert run_.counts.get("stocktake", 0) + run_.counts.get("stocktake decided", 0) > 100
    assert shop.superuser("SELECT count(*) FROM app.stocktake WHERE state = 'open'")[0][0] == 0
    assert shop.superuser(
        "SELECT count(*) FROM app.stocktake_line l JOIN app.stocktake s "
        "ON s.id = l.stocktake_id WHERE l.moved_during AND l.adjustment <> 0 "
        "AND l.decision IS NULL AND l.counted_qty IS NOT NULL")[0][0] == 0
