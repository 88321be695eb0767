"""The NOTIFY listener (no Qt): hears other clients' changes, stops at once, survives a
dropped link."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from aftersales_desktop.services.frontdesk.queries import TICKET_EVENTS
from aftersales_desktop.services.listener import NotificationListener
from tests.pg import TEST_PASSWORD, TestCluster


class Heard:
    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.arrived = threading.Event()

    def __call__(self, payloads: list[str]) -> None:
        self.batches.append(payloads)
        self.arrived.set()


@pytest.fixture
def operator_kwargs(cluster: TestCluster, shop_db: str) -> dict[str, object]:
    code = cluster.create_operator(shop_db, capabilities=["intake.create"])
    return cluster.profile(shop_db).connect_kwargs(code, TEST_PASSWORD)


@pytest.fixture
def running(operator_kwargs: dict[str, object]) -> Iterator[tuple[NotificationListener,
                                                                   Heard, threading.Thread]]:
    heard = Heard()
    listener = NotificationListener(operator_kwargs, TICKET_EVENTS, heard, retry_seconds=0.2)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    assert listener.listening.wait(10)
    yield listener, heard, thread
    listener.stop()
    thread.join(5)


def test_hears_a_notify_from_another_connection(running, cluster: TestCluster,  # type: ignore[no-untyped-def]
                                                shop_db: str) -> None:
    _listener, heard, _thread = running
    cluster.execute(shop_db, "SELECT pg_notify(%s, 'ticket 1')", (TICKET_EVENTS,))
    assert heard.arrived.wait(10)
    assert heard.batches == [["ticket 1"]]


def test_stop_ends_the_wait_at_once(running) -> None:  # type: ignore[no-untyped-def]
    listener, _heard, thread = running
    started = time.monotonic()
    listener.stop()  # returns without waiting
    assert time.monotonic() - started < 0.05
    thread.join(2)
    assert not thread.is_alive()
    assert time.monotonic() - started < 0.5  # not after a poll interval
    assert not listener.listening.is_set()


def test_listens_again_after_the_link_drops(running, cluster: TestCluster,  # type: ignore[no-untyped-def]
                                            shop_db: str, operator_kwargs) -> None:
    listener, heard, thread = running
    cluster.execute(shop_db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE usename = %s AND query LIKE 'LISTEN%%'",
                    (operator_kwargs["user"],))
    deadline = time.monotonic() + 10
    while listener.listening.is_set() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert listener.listening.wait(10) and thread.is_alive()
    cluster.execute(shop_db, "SELECT pg_notify(%s, 'after the drop')", (TICKET_EVENTS,))
    assert heard.arrived.wait(10)
    assert heard.batches[-1] == ["after the drop"]


def test_a_server_that_is_not_there_is_retried_until_stopped(
        operator_kwargs: dict[str, object]) -> None:
    heard = Heard()
    listener = NotificationListener({**operator_kwargs, "port": 1, "connect_timeout": 1},
                                    TICKET_EVENTS, heard, retry_seconds=30)
    thread = threading.Thread(target=listener.run, daemon=True)
    thread.start()
    time.sleep(0.3)  # refused, now waiting 30 s before the next try
    listener.stop()
    thread.join(2)
    assert not thread.is_alive() and heard.batches == []
