"""kill -9 of the server while operators post stock documents at once: after the restart
(crash recovery) no document is half-posted (a posted one has its moves and number, a
draft none), and every balance equals the sum of its ledger, chained, nothing negative.

The test runs its own embedded server (the session's cluster serves other tests) and
kills exactly that server's processes, by their ids.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from psycopg2.extensions import parse_dsn

from aftersales_desktop.core.errors import UserError
from aftersales_desktop.server.embedded import EmbeddedServer
from tests.db.stock_helpers import StockShop, make_shop, post, run
from tests.pg import TestCluster

pytestmark = pytest.mark.db


@pytest.fixture
def own_cluster(tmp_path: Path) -> Iterator[TestCluster]:
    server = EmbeddedServer(tmp_path / "crash")
    server.init()
    server.start()
    cluster = TestCluster(base=parse_dsn(server.superuser_dsn("postgres")), server=server)
    try:
        yield cluster
    finally:
        cluster.close()


def _server_processes(server: EmbeddedServer) -> list[int]:
    """The postmaster and its children (the backends posting right now, and the
    checkpointer, WAL writer and the rest), as the server itself lists them: no `ps`,
    which a minimal machine does not have."""
    postmaster = int((server.pgdata / "postmaster.pid").read_text().split()[0])
    conn = psycopg2.connect(server.superuser_dsn("postgres"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()")
            children = [row[0] for row in cur.fetchall()]
    finally:
        conn.close()
    return [postmaster, *children]


def test_kill_9_during_concurrent_posting_leaves_nothing_half_posted(
        own_cluster: TestCluster) -> None:
    assert own_cluster.server is not None
    shop: StockShop = make_shop(own_cluster, own_cluster.create_database())
    parts = [shop.item(f"K9-{n}", f"配件{n}") for n in range(6)]
    wh, wh2 = shop.warehouses["PJ"], shop.warehouses["PJ2"]
    clerk = shop.connect("warehouse")
    post(clerk, "purchase_receipt", wh, [(p, 500, "4.00") for p in parts], supplier="格力")
    clerk.close()

    stop = threading.Event()
    posted = [0] * 6
    lost = [0] * 6
    done_before_kill = threading.Event()

    def client(index: int) -> None:
        kinds = ["other_issue", "transfer", "purchase_receipt"]
        conn = None
        n = 0
        while not stop.is_set():
            try:
                if conn is None:
                    conn = shop.connect("warehouse")
                kind = kinds[(index + n) % 3]
                lines = [(parts[(index + n + k) % 6], 1 + k, "5.00") if kind ==
                         "purchase_receipt" else (parts[(index + n + k) % 6], 1 + k)
                         for k in range(3)]
                extra = ({"to_warehouse_id": wh2} if kind == "transfer" else
                         {"supplier": "格力"} if kind == "purchase_receipt" else
                         {"reason": "维修"})
                document = post(conn, kind, wh, lines, **extra)
                if n % 5 == 4:
                    run(conn, "stock_document_cancel", {
                        "id": document["id"], "version": document["version"],
                        "reason": "撤销", "operation_id": f"00000000-0000-4000-8000-"
                                                        f"{index:04d}{n:08d}"})
                posted[index] += 1
                if sum(posted) > 60:
                    done_before_kill.set()
            except (psycopg2.Error, UserError):
                conn = None  # the server went away: try again until told to stop
                lost[index] += 1
                time.sleep(0.05)
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    assert done_before_kill.wait(60)
    victims = _server_processes(own_cluster.server)
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):  # gone with the postmaster
            os.kill(pid, signal.SIGKILL)
    time.sleep(1.0)
    stop.set()
    for thread in threads:
        thread.join(60)
    deadline = time.monotonic() + 30
    while own_cluster.server.is_running() and time.monotonic() < deadline:
        time.sleep(0.2)  # until the killed postmaster is reaped
    own_cluster.server.start()  # crash recovery replays the WAL
    logs = "".join(path.read_text(errors="replace")
                   for path in (own_cluster.server.pgdata / "log").iterdir())
    assert "automatic recovery in progress" in logs  # it was a crash, not a stop
    assert sum(lost) > 0  # and it hit the clients while they posted

    assert shop.ledger_problems() == []
    counts = shop.superuser("SELECT count(*) FILTER (WHERE state <> 'draft'), count(*), "
                            "(SELECT count(*) FROM app.stock_move) FROM app.stock_document")[0]
    assert counts[0] == counts[1] > 60 and counts[2] > 180
    # a reversal for every cancelled document, each posted with its moves
    assert shop.superuser("""
        SELECT count(*) FROM app.stock_document d WHERE d.state = 'cancelled'
          AND NOT EXISTS (SELECT FROM app.stock_document r WHERE r.reversal_of = d.id
                          AND r.state = 'posted')""") == [(0,)]
    # the server works on after the restart
    clerk = shop.connect("warehouse")
    try:
        post(clerk, "other_issue", wh, [(parts[0], 1)], reason="恢复后")
    finally:
        clerk.close()
    assert shop.ledger_problems() == []
