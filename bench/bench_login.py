"""Login to main window shown, at 0 ms and 50 ms added round-trip time.

    python -m bench.bench_login                # N=20 after 2 warm-ups, writes docs/benchmarks.md
    python -m bench.bench_login --runs 5 --no-write

Measured through bench/proxy.py against a throw-away embedded cluster:

(a) `open_session` (TCP connect, SCRAM authentication, `app.session_start`),
    run on a worker thread as the login dialog does;
(b) the full path: `open_session` on a worker thread while the GUI thread keeps
    processing events (as the login dialog does), then `MainWindow(database,
    session)` built and shown on an offscreen QApplication, events processed
    until the window is exposed.
    Skipped with a note while `aftersales_desktop.ui.main_window` cannot be
    imported; re-running adds it;
(c) logout: `close_session`, and, for the record, the first and the second
    write transaction after login (the writer pool connects on first use).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from sqlalchemy import text

from aftersales_desktop.core.db import forbid_database_on_thread
from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.services.session import close_session, open_session

from .common import Shop, machine, markdown_table, p50, p95, throwaway_shop, write_section
from .proxy import LatencyProxy, ProxyStats

SECTION = "login"
TITLE = "Login to main window shown"
DELAYS_MS = (0, 50)


@dataclass
class Series:
    """One action at one added RTT: wall time and round trips of every measured run."""

    action: str
    delay_ms: float
    ms: list[float] = field(default_factory=list)
    round_trips: list[int] = field(default_factory=list)  # protocol round trips
    connects: list[int] = field(default_factory=list)  # new TCP connections (handshakes)
    trace: list[tuple[int, str]] = field(default_factory=list)  # first measured run's flights

    def add(self, ms: float, stats: ProxyStats) -> None:
        self.ms.append(ms)
        self.round_trips.append(stats.round_trips)
        self.connects.append(stats.connections)
        if len(self.ms) == 1:
            self.trace = stats.flights()

    @property
    def total_rts(self) -> list[int]:
        return [r + c for r, c in zip(self.round_trips, self.connects, strict=True)]


def _span(values: Sequence[int]) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


# -- (a) and (c): no Qt ----------------------------------------------------------------

_TRUE_BALLAST: list[bool] = []
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-worker")


def in_worker(fn: Callable[[], Any]) -> Any:
    """Database work runs on a worker thread, as in the client."""
    return _pool.submit(fn).result(timeout=120)


def _settle(proxy: LatencyProxy) -> None:
    """Let the proxy see a just-closed connection's last bytes before the next reset."""
    time.sleep(0.02 + proxy.delay_ms / 1000.0)


def measure_session(proxy: LatencyProxy, profile: ConnectionProfile, shop: Shop, *,
                    runs: int, warmup: int) -> list[Series]:
    delay = proxy.delay_ms
    login = Series("open_session (connect + SCRAM + session start)", delay)
    logout = Series("logout: close_session", delay)
    write1 = Series("first write transaction after login (SELECT 1)", delay)
    write2 = Series("second write transaction (SELECT 1)", delay)

    def write_once() -> None:
        with database.transaction() as conn:
            conn.execute(text("SELECT 1"))

    for i in range(warmup + runs):
        measured = i >= warmup
        proxy.reset_stats()
        t0 = time.perf_counter()
        database, _session = in_worker(lambda: open_session(profile, shop.code, shop.password))
        t1 = time.perf_counter()
        stats = proxy.reset_stats()
        if measured:
            login.add((t1 - t0) * 1000, stats)
        for series in (write1, write2):
            t0 = time.perf_counter()
            in_worker(write_once)
            t1 = time.perf_counter()
            stats = proxy.reset_stats()
            if measured:
                series.add((t1 - t0) * 1000, stats)
        t0 = time.perf_counter()
        in_worker(partial(close_session, database))
        t1 = time.perf_counter()
        _settle(proxy)  # so the closing Terminate messages land in this period's trace
        stats = proxy.reset_stats()
        if measured:
            logout.add((t1 - t0) * 1000, stats)
    return [login, logout, write1, write2]


# -- (b): the main window -----------------------------------------------------------------

def load_main_window() -> tuple[type | None, str]:
    """The MainWindow class, or None and why not (it is being written)."""
    try:
        from aftersales_desktop.ui.main_window import MainWindow
    except Exception as exc:  # ImportError while a module is missing, or a half-written file
        return None, f"{type(exc).__name__}: {exc}"
    return MainWindow, ""


class _Gui:
    def __init__(self) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from aftersales_desktop import APP_NAME

        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        assert isinstance(app, QApplication)
        # Our own settings scope: a bench must not touch an operator's saved profiles.
        app.setOrganizationName(APP_NAME + "Bench")
        app.setApplicationName(APP_NAME + "Bench")
        self.app = app
        self.modals: list[str] = []
        self.notes: list[str] = []
        self._quiet_offscreen_warnings()
        self._guard_emit_leak()
        try:
            from aftersales_desktop.ui.i18n import install_language

            install_language("zh_CN")  # what counter staff run
        except Exception:
            pass

    def _guard_emit_leak(self) -> None:
        """PySide6 6.12.0 drops a reference to True per Signal.emit(); after a few thousand
        emits the interpreter aborts (bool_dealloc). Hold extra references to True so the
        bench survives, and say so in the report."""
        import PySide6
        from PySide6.QtCore import QObject, Signal

        class _Probe(QObject):
            ping = Signal(object)

        probe = _Probe()
        probe.ping.connect(lambda _v: None)
        before = sys.getrefcount(True)
        for i in range(200):
            probe.ping.emit(i)
        lost = before - sys.getrefcount(True)
        if lost > 0 or PySide6.__version__ == "6.12.0":
            _TRUE_BALLAST.extend([True] * 1_000_000)
            self.notes.append(
                f"PySide6 {PySide6.__version__}: Signal.emit() loses references to True "
                f"({lost} in 200 emits here); the bench held a million extra references so it "
                "would not abort. The client itself aborts after a few thousand emits.")

    @staticmethod
    def _quiet_offscreen_warnings() -> None:
        from PySide6.QtCore import qInstallMessageHandler

        def handler(_mode: Any, _context: Any, message: str) -> None:
            if "propagateSizeHints" not in message:
                print(message, file=sys.stderr)

        qInstallMessageHandler(handler)

    def process(self, ms: int = 1) -> None:
        from PySide6.QtCore import QEventLoop

        self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)
        modal = self.app.activeModalWidget()
        if modal is not None:  # a message box would hang the run: note it and dismiss it
            label = f"{type(modal).__name__}: {modal.windowTitle()}"
            text_fn = getattr(modal, "text", None)
            if callable(text_fn):
                label += f" - {text_fn()}"
            self.modals.append(label)
            modal.close()

    def background(self, fn: Callable[[], Any], what: str, timeout_s: float = 60) -> Any:
        """Run `fn` on a worker thread, processing GUI events until it is done.

        Not `core.work.run_in_background`: in this tree its `_Job` runnables are
        auto-deleted by the pool while the Task still holds their Python wrapper, which
        double-frees and crashes after a few hundred jobs (see docs/benchmarks.md).
        """
        future = _pool.submit(fn)
        self.wait(future.done, timeout_s, what)
        return future.result()

    def wait(self, done: Callable[[], bool], timeout_s: float, what: str) -> None:
        deadline = time.perf_counter() + timeout_s
        while not done():
            if time.perf_counter() > deadline:
                raise TimeoutError(f"timed out after {timeout_s:g} s waiting for {what}")
            self.process(1)
            time.sleep(0.0005)


def measure_main_window(proxy: LatencyProxy, profile: ConnectionProfile, shop: Shop,
                        window_cls: type, gui: _Gui, *, runs: int,
                        warmup: int) -> list[Series]:
    from PySide6.QtCore import QThreadPool

    delay = proxy.delay_ms
    shown = Series("login + main window shown", delay)
    window_only = Series("main window construct + show (after open_session)", delay)
    idle = Series("login + main window idle (background work done)", delay)
    pool = QThreadPool.globalInstance()
    forbid_database_on_thread(threading.main_thread())
    try:
        for i in range(warmup + runs):
            measured = i >= warmup
            proxy.reset_stats()
            t0 = time.perf_counter()
            database, session = gui.background(
                partial(open_session, profile, shop.code, shop.password), "open_session")
            t_login = time.perf_counter()
            at_login = proxy.reset_stats()
            window = window_cls(database, session)
            window.show()

            def exposed(w: Any = window) -> bool:
                handle = w.windowHandle()
                return bool(w.isVisible() and handle is not None and handle.isExposed())

            gui.wait(exposed, 30, "the main window to be exposed")
            t_shown = time.perf_counter()
            at_shown = proxy.reset_stats()
            # Idle: no worker busy and no bytes through the proxy for 300 ms.
            t_active = t_shown
            seen = (0, 0)
            while time.perf_counter() - t_active < 0.3:
                gui.process(1)
                time.sleep(0.002)
                now_seen = (proxy.stats.bytes_up, proxy.stats.bytes_down)
                if pool.activeThreadCount() or now_seen != seen:
                    t_active = time.perf_counter()
                    seen = now_seen
            after_shown = proxy.reset_stats()
            t_idle = t_active if (after_shown.bytes_up or after_shown.bytes_down) else t_shown
            if measured:
                shown.add((t_shown - t0) * 1000, _sum(at_login, at_shown))
                window_only.add((t_shown - t_login) * 1000, at_shown)
                idle.add((t_idle - t0) * 1000, _sum(at_login, at_shown, after_shown))
            window.hide()
            window.close()
            window.deleteLater()
            gui.process(5)
            gui.background(partial(close_session, database), "close_session")
            proxy.reset_stats()
            _settle(proxy)
    finally:
        forbid_database_on_thread(None)
    return [shown, window_only, idle]


def _sum(*parts: ProxyStats) -> ProxyStats:
    return ProxyStats(connections=sum(p.connections for p in parts),
                      round_trips=sum(p.round_trips for p in parts),
                      client_flights=sum(p.client_flights for p in parts),
                      bytes_up=sum(p.bytes_up for p in parts),
                      bytes_down=sum(p.bytes_down for p in parts),
                      per_connection=[c for p in parts for c in p.per_connection])


# -- report ------------------------------------------------------------------------------

_DIALECT_INIT = {"select pg_catalog.version()", "select current_schema()",
                 "show transaction isolation level", "show standard_conforming_strings"}


def classify(flight: str) -> str:
    """Which part of the login a client flight belongs to."""
    if flight.startswith(("StartupMessage", "SSLRequest", "GSSENCRequest", "auth")):
        return "auth"
    if flight.startswith("Query: "):
        sql = flight[len("Query: "):].strip().rstrip(";")
        if sql.lower() in _DIALECT_INIT:
            return "init"
        if sql.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK", "SET"):
            return "tx"
        return "app"
    if flight == "Terminate":
        return "close"
    return "app"


def breakdown_rows(series: list[Series]) -> list[list[object]]:
    rows: list[list[object]] = []
    for s in series:
        if not s.ms or not s.trace:
            continue
        kinds = [classify(f) for _link, f in s.trace]
        counted = s.connects[0] + s.round_trips[0]
        rows.append([s.action, s.connects[0], kinds.count("auth"), kinds.count("init"),
                     kinds.count("tx"), kinds.count("app"), counted])
    return rows


def render(series: list[Series], window_note: str, modals: list[str], warmup: int,
           notes: Sequence[str] = ()) -> str:
    base: dict[str, float] = {s.action: p50(s.ms) for s in series if s.delay_ms == 0 and s.ms}
    rows = []
    for s in series:
        if not s.ms:
            continue
        model = ""
        if s.delay_ms and s.action in base and len(set(s.total_rts)) == 1:
            model = f"{base[s.action] + s.total_rts[0] * s.delay_ms:.0f}"
        rows.append([s.action, f"{s.delay_ms:g} ms", f"{p50(s.ms):.1f}", f"{p95(s.ms):.1f}",
                     _span(s.total_rts), _span(s.connects), model])
    n = max((len(s.ms) for s in series), default=0)
    parts = [
        f"N = {n} measured runs per row, after {warmup} warm-up runs. *Round trips* = "
        "PostgreSQL protocol round trips counted by the proxy + one per new TCP connection "
        "(its handshake); *TCP connects* is that second part. *Model* = p50 at 0 ms + round "
        "trips x added RTT: where the measured p50 matches it, round trips explain the "
        "whole difference. Loopback, `sslmode=disable` (the embedded binaries have no TLS): "
        "a remote TLS link adds an SSLRequest and a TLS handshake to every connect.",
        "",
        markdown_table(["action", "added RTT", "p50 ms", "p95 ms", "round trips",
                        "TCP connects", "model ms"], rows),
        "",
    ]
    if window_note:
        parts += ["**(b) full path not measured yet**: `aftersales_desktop.ui.main_window` "
                  f"could not be imported ({window_note}). Re-run `python -m bench.bench_login` "
                  "once it imports; the main-window rows are added then.", ""]
    for note in notes:
        parts += [f"Note: {note}", ""]
    if modals:
        parts += ["Dialogs that appeared during the main-window runs (dismissed by the bench): "
                  + "; ".join(sorted(set(modals))), ""]
    first_delay = min((s.delay_ms for s in series), default=0)
    traced = [s for s in series if s.delay_ms == first_delay and s.trace]
    parts += [
        "Round-trip breakdown (first measured run; *auth* = StartupMessage + SCRAM messages, "
        "*dialect init* = SQLAlchemy's first-connect queries, once per Engine, *tx* = "
        "BEGIN/COMMIT/ROLLBACK/SET, *app* = the application's own statements):",
        "",
        markdown_table(["action", "TCP connect", "auth", "dialect init", "tx", "app", "total"],
                       breakdown_rows(traced)),
        "",
        "What the client sent, flight by flight (`#n` = TCP connection; a Terminate is "
        "never answered, so it is not a round trip):",
        "",
        "```",
    ]
    listed: list[list[str]] = []
    for s in traced:
        flights = [f for _link, f in s.trace]
        if flights in listed:  # same messages as an action above (e.g. shown vs idle)
            continue
        listed.append(flights)
        parts.append(f"-- {s.action}")
        parts += [f"#{link}: {text}" for link, text in s.trace]
    parts += ["```", ""]
    return "\n".join(parts)


def run(runs: int, warmup: int, delays: Sequence[float], write: bool) -> int:
    window_cls, window_note = load_main_window()
    all_series: list[Series] = []
    gui: _Gui | None = None
    with throwaway_shop() as shop:
        info = machine(shop.server)
        host, port = shop.profile.host, shop.profile.port
        for delay in delays:
            with LatencyProxy(host, port, delay_ms=delay, trace=True) as proxy:
                profile = replace(shop.profile, port=proxy.port)
                print(f"[{delay:g} ms] open_session / logout / writes ...", flush=True)
                all_series += measure_session(proxy, profile, shop, runs=runs, warmup=warmup)
                if window_cls is None:
                    continue
                print(f"[{delay:g} ms] login + main window ...", flush=True)
                if gui is None:
                    gui = _Gui()
                try:
                    all_series += measure_main_window(proxy, profile, shop, window_cls, gui,
                                                      runs=runs, warmup=warmup)
                except Exception as exc:
                    window_note = f"it imports, but the run failed: {type(exc).__name__}: {exc}"
                    traceback.print_exc()
                    window_cls = None
    all_series.sort(key=lambda s: (_ORDER.get(s.action.split(" (")[0], 99), s.delay_ms))
    body = render(all_series, window_note, gui.modals if gui else [], warmup,
                  gui.notes if gui else [])
    print()
    print(body)
    if write:
        path = write_section(SECTION, TITLE, body, info)
        print(f"\nwritten to {path}")
    return 0


_ORDER = {
    "open_session": 0, "login + main window shown": 1,
    "main window construct + show": 2, "login + main window idle": 3,
    "logout: close_session": 4, "first write transaction after login": 5,
    "second write transaction": 6,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_login",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="measured runs per row (20)")
    parser.add_argument("--warmup", type=int, default=2, help="warm-up runs, not counted (2)")
    parser.add_argument("--delays", default=",".join(str(d) for d in DELAYS_MS),
                        help="added RTTs in ms, comma separated (0,50)")
    parser.add_argument("--no-write", action="store_true",
                        help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    delays = [float(d) for d in args.delays.split(",") if d.strip()]
    try:
        return run(args.runs, args.warmup, delays, write=not args.no_write)
    finally:
        _pool.shutdown(wait=False)


if __name__ == "__main__":
    raise SystemExit(main())
