"""A loopback TCP proxy that adds latency and counts round trips.

    with LatencyProxy("127.0.0.1", 5432, delay_ms=50) as proxy:
        conn = psycopg2.connect(host="127.0.0.1", port=proxy.port, ...)
        proxy.reset_stats()
        ...
        print(proxy.stats.round_trips)

`delay_ms` is the round-trip time the proxy adds: half of it on the way to the
server, half on the way back. Each direction of each connection has its own
queue of (release time, bytes); a writer task sends every chunk when its time
comes, so data stays in order per direction, one direction never holds up the
other, and throughput is not throttled (only delayed).

With `simulate_connect` (the default) the first bytes to the server also wait
one full `delay_ms`: on a real link the TCP handshake costs a round trip before
the client can send anything, but the client's connect() to this loopback
proxy completes at once.

Round trips: a client->server flight followed by the server's answer. Each
connection remembers which side sent last; when the client sends after the
server (or first), a new client *flight* starts; when the server then answers,
the round trip is complete and counted. A flight nobody answers (libpq's
Terminate message on close) counts as a flight, not a round trip. The TCP
handshake is counted as `connections`, not in `round_trips`.

Runs an asyncio loop in a daemon thread, so a benchmark in the same process
can drive it. Bounded: loopback addresses only, at most `max_connections` open
connections, bounded queues, and the whole proxy stops itself after
`max_lifetime_s`. Leaving the `with` block (or `stop()`) closes every socket.

Command line:

    python -m bench.proxy --listen 127.0.0.1:6543 --target 127.0.0.1:5432 --delay-ms 50
    python -m bench.proxy --selftest
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

QUEUE_CHUNKS = 256  # per direction; reads are at most 64 KiB, so <= 16 MiB in flight
READ_SIZE = 65536
_EOF = b""


class ProxyError(Exception):
    """The proxy could not start or was given an address it refuses."""


# -- statistics ----------------------------------------------------------------

@dataclass
class ConnectionStats:
    """One client connection (since it opened, or since the last reset)."""

    id: int
    opened: bool  # opened during this statistics period (else carried over a reset)
    round_trips: int = 0
    client_flights: int = 0
    bytes_up: int = 0  # client -> server
    bytes_down: int = 0  # server -> client
    flights: list[str] = field(default_factory=list)  # what each flight began with (trace)


@dataclass
class ProxyStats:
    """Totals over all connections since the proxy started or `reset_stats()`."""

    connections: int = 0  # TCP connections opened (each cost one handshake round trip)
    round_trips: int = 0
    client_flights: int = 0
    bytes_up: int = 0
    bytes_down: int = 0
    per_connection: list[ConnectionStats] = field(default_factory=list)

    def flights(self) -> list[tuple[int, str]]:
        """(connection id, flight summary) for every traced client flight, in order."""
        return [(c.id, text) for c in self.per_connection for text in c.flights]

    def summary(self) -> str:
        return (f"connections={self.connections} round_trips={self.round_trips} "
                f"client_flights={self.client_flights} bytes_up={self.bytes_up} "
                f"bytes_down={self.bytes_down}")


# -- a light PostgreSQL frontend decoder, only to label flights in traces ------------

_STARTUP_CODES = {80877103: "SSLRequest", 80877104: "GSSENCRequest", 80877102: "CancelRequest"}
_FRONTEND = {
    "p": "auth (password/SASL)", "P": "Parse", "B": "Bind", "E": "Execute", "S": "Sync",
    "D": "Describe", "C": "Close", "H": "Flush", "X": "Terminate", "d": "CopyData",
    "c": "CopyDone", "f": "CopyFail", "F": "FunctionCall",
}


def describe_pg_frontend(data: bytes, first: bool) -> str:
    """Best-effort label for the start of a client flight (a chunk may hold a partial message)."""
    if first and len(data) >= 8:
        length, code = struct.unpack("!ii", data[:8])
        if code in _STARTUP_CODES:
            return _STARTUP_CODES[code]
        if code == 196608:
            fields = data[8:length].split(b"\0")
            params = dict(zip(fields[0::2], fields[1::2], strict=False))
            user = params.get(b"user", b"?").decode(errors="replace")
            return f"StartupMessage user={user}"
    labels: list[str] = []
    pos = 0
    while pos + 5 <= len(data) and len(labels) < 6:
        kind = chr(data[pos])
        (length,) = struct.unpack("!i", data[pos + 1:pos + 5])
        body = data[pos + 5:pos + 1 + length]
        if kind == "Q":
            sql = body.rstrip(b"\0").decode(errors="replace")
            labels.append("Query: " + " ".join(sql.split())[:120])
        else:
            labels.append(_FRONTEND.get(kind, f"message {kind!r}"))
        if length < 4:
            break
        pos += 1 + length
    return "; ".join(labels) or f"{len(data)} bytes"


# -- address policy --------------------------------------------------------------

def _is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return False
    addresses = {str(info[4][0]) for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                   for a in addresses)


def _parse_hostport(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


# -- one proxied connection -----------------------------------------------------------

class _Link:
    def __init__(self, proxy: LatencyProxy, link_id: int) -> None:
        self.proxy = proxy
        self.id = link_id
        self.stats = ConnectionStats(id=link_id, opened=True)
        self.last: str | None = None  # "up" or "down": who sent last
        self.writers: list[asyncio.StreamWriter] = []
        self.tasks: list[asyncio.Task[None]] = []

    # called on the loop thread, under the proxy's stats lock
    def saw_up(self, data: bytes) -> None:
        st = self.stats
        total = self.proxy.stats
        st.bytes_up += len(data)
        total.bytes_up += len(data)
        if self.last != "up":
            st.client_flights += 1
            total.client_flights += 1
            if self.proxy.trace:
                st.flights.append(describe_pg_frontend(data, first=self.last is None))
            self.last = "up"

    def saw_down(self, data: bytes) -> None:
        st = self.stats
        total = self.proxy.stats
        st.bytes_down += len(data)
        total.bytes_down += len(data)
        if self.last == "up":
            st.round_trips += 1
            total.round_trips += 1
        self.last = "down"

    def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        for writer in self.writers:
            with contextlib.suppress(Exception):
                writer.close()


class LatencyProxy:
    """Forward 127.0.0.1:<port> to a loopback target, adding `delay_ms` per round trip."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        delay_ms: float = 0.0,
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
        simulate_connect: bool = True,
        trace: bool = False,
        max_connections: int = 64,
        max_lifetime_s: float = 3600.0,
    ) -> None:
        for host in (target_host, listen_host):
            if not _is_loopback(host):
                raise ProxyError(f"{host!r} is not a loopback address; this proxy is for "
                                 "benchmarks on one machine only")
        if delay_ms < 0:
            raise ProxyError("delay_ms must be >= 0")
        self.target_host = target_host
        self.target_port = int(target_port)
        self.listen_host = listen_host
        self.port = int(listen_port)
        self.delay_ms = float(delay_ms)  # may be changed while running; applies to new data
        self.simulate_connect = simulate_connect
        self.trace = trace
        self.max_connections = max_connections
        self.max_lifetime_s = max_lifetime_s
        self.stats = ProxyStats()
        self._lock = threading.Lock()
        self._links: dict[int, _Link] = {}
        self._handlers: set[asyncio.Task[Any]] = set()
        self._next_id = 1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    # -- public API ------------------------------------------------------------
    def __enter__(self) -> LatencyProxy:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._thread is not None:
            raise ProxyError("already started")
        self._thread = threading.Thread(target=self._run, name="latency-proxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise ProxyError("the proxy did not start within 10 s")
        if self._error is not None:
            raise ProxyError(f"the proxy could not start: {self._error}") from self._error

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(15)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def reset_stats(self) -> ProxyStats:
        """Start a new statistics period; returns the one that ends. Open links carry over."""
        with self._lock:
            old = self.stats
            self.stats = ProxyStats()
            for link in self._links.values():
                link.stats = ConnectionStats(id=link.id, opened=False)
                self.stats.per_connection.append(link.stats)
            return old

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            s = self.stats
            return {"connections": s.connections, "round_trips": s.round_trips,
                    "client_flights": s.client_flights, "bytes_up": s.bytes_up,
                    "bytes_down": s.bytes_down}

    # -- loop thread ---------------------------------------------------------------
    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # reported to start() if it happens before ready
            self._error = exc
        finally:
            self._ready.set()
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        server = await asyncio.start_server(self._handle, self.listen_host, self.port,
                                            reuse_address=True)
        self.port = int(server.sockets[0].getsockname()[1])
        self._ready.set()
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.max_lifetime_s)
        finally:
            server.close()
            for link in list(self._links.values()):
                link.close()
            tasks = [t for link in self._links.values() for t in link.tasks]
            tasks += list(self._handlers)
            if tasks:
                await asyncio.wait(tasks, timeout=5)
            self._links.clear()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), timeout=5)

    async def _handle(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            await self._link(c_reader, c_writer)
        except asyncio.CancelledError:
            pass
        finally:
            if task is not None:
                self._handlers.discard(task)

    async def _link(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        accepted = loop.time()
        if len(self._links) >= self.max_connections:
            c_writer.close()
            return
        with self._lock:
            link = _Link(self, self._next_id)
            self._next_id += 1
            self._links[link.id] = link
            self.stats.connections += 1
            self.stats.per_connection.append(link.stats)
        link.writers.append(c_writer)
        try:
            s_reader, s_writer = await asyncio.wait_for(
                asyncio.open_connection(self.target_host, self.target_port), timeout=10)
        except (OSError, TimeoutError):
            link.close()
            self._links.pop(link.id, None)
            return
        link.writers.append(s_writer)
        # The handshake a real link would cost: nothing reaches the server before it.
        first_up_at = accepted + (self.delay_ms / 1000.0 if self.simulate_connect else 0.0)
        up: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(QUEUE_CHUNKS)
        down: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue(QUEUE_CHUNKS)
        writers = [asyncio.create_task(self._write(up, s_writer)),
                   asyncio.create_task(self._write(down, c_writer))]
        link.tasks = [
            asyncio.create_task(self._read(c_reader, up, link.saw_up, first_up_at)),
            asyncio.create_task(self._read(s_reader, down, link.saw_down, 0.0)),
            *writers,
        ]
        try:
            # Done when both directions have delivered their end of stream; a failed
            # write on either side ends the whole link.
            await asyncio.gather(*writers)
        except (ConnectionError, OSError):
            pass
        finally:
            link.close()
            await asyncio.gather(*link.tasks, return_exceptions=True)
            self._links.pop(link.id, None)

    async def _read(self, reader: asyncio.StreamReader, queue: asyncio.Queue[tuple[float, bytes]],
                    record: Any, not_before: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            while True:
                data = await reader.read(READ_SIZE)
                now = loop.time()
                release = max(now, not_before) + self.delay_ms / 2000.0
                if data:
                    with self._lock:
                        record(data)
                await queue.put((release, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            await queue.put((loop.time(), _EOF))

    async def _write(self, queue: asyncio.Queue[tuple[float, bytes]],
                     writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        while True:
            release, data = await queue.get()
            wait = release - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is _EOF or not data:
                with contextlib.suppress(Exception):
                    if writer.can_write_eof():
                        writer.write_eof()
                    await writer.drain()
                return
            writer.write(data)
            await writer.drain()


# -- self-test ------------------------------------------------------------------------

def selftest() -> int:
    """Connect psycopg2 through the proxy at 0 and 50 ms and check the counts and timing."""
    import psycopg2
    from psycopg2.extensions import parse_dsn

    from bench.common import throwaway_server

    failures: list[str] = []

    def check(ok: bool, message: str) -> None:
        print(("  ok    " if ok else "  FAIL  ") + message)
        if not ok:
            failures.append(message)

    with throwaway_server() as server:
        base = parse_dsn(server.superuser_dsn("postgres"))
        for delay in (0, 50):
            print(f"delay {delay} ms")
            with LatencyProxy(base["host"], int(base["port"]), delay_ms=delay,
                              trace=True) as proxy:
                t0 = time.perf_counter()
                conn = psycopg2.connect(**dict(base, port=proxy.port))
                connect_ms = (time.perf_counter() - t0) * 1000
                conn.autocommit = True
                at_connect = proxy.reset_stats()
                check(at_connect.connections == 1, f"one TCP connection opened "
                      f"({at_connect.connections})")
                check(at_connect.round_trips == 3,
                      f"connect = 3 round trips: startup, SASL first, SASL final "
                      f"({at_connect.round_trips}: {[f for _i, f in at_connect.flights()]})")
                check(connect_ms >= 4 * delay, f"connect took {connect_ms:.1f} ms >= "
                      f"{4 * delay} ms (handshake + 3 round trips)")
                times = []
                with conn.cursor() as cur:
                    for _ in range(3):
                        t = time.perf_counter()
                        cur.execute("SELECT 1")
                        cur.fetchall()
                        times.append((time.perf_counter() - t) * 1000)
                check(proxy.stats.round_trips == 3,
                      f"3 x SELECT 1 = 3 round trips ({proxy.stats.round_trips})")
                check(proxy.stats.connections == 0, "no new connection for the queries")
                if delay:
                    check(min(times) >= delay, "each query >= 50 ms: "
                          + ", ".join(f"{t:.1f}" for t in times))
                else:
                    check(max(times) < 50, "queries fast without delay: "
                          + ", ".join(f"{t:.1f}" for t in times))
                # order and integrity of a large answer (many chunks through the queues)
                proxy.reset_stats()
                with conn.cursor() as cur:
                    cur.execute("SELECT string_agg(lpad(i::text, 7, '0'), '') "
                                "FROM generate_series(1, 300000) i")
                    big = cur.fetchone()[0]
                expected = "".join(f"{i:07d}" for i in range(1, 300001))
                check(big == expected, f"2.1 MB answer arrived intact and in order "
                      f"({proxy.stats.bytes_down} bytes down)")
                check(proxy.stats.round_trips == 1, f"one big query = 1 round trip "
                      f"({proxy.stats.round_trips})")
                proxy.reset_stats()
                conn.close()
                deadline = time.monotonic() + 2
                while proxy.stats.client_flights == 0 and time.monotonic() < deadline:
                    time.sleep(0.01)
                check(proxy.stats.round_trips == 0 and proxy.stats.client_flights == 1,
                      "close = 1 unanswered flight (Terminate), 0 round trips")
            check(not proxy.running, "proxy thread stopped on exit")
    print("selftest " + ("FAILED" if failures else "passed"))
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.proxy", description=__doc__.split(
        "\n")[0])
    parser.add_argument("--listen", type=_parse_hostport, default=("127.0.0.1", 6543))
    parser.add_argument("--target", type=_parse_hostport, default=("127.0.0.1", 5432))
    parser.add_argument("--delay-ms", type=float, default=50.0,
                        help="added round-trip time (half each way); default 50")
    parser.add_argument("--max-seconds", type=float, default=3600.0,
                        help="stop by itself after this long (default 3600)")
    parser.add_argument("--trace", action="store_true",
                        help="print what each client flight began with, per connection")
    parser.add_argument("--selftest", action="store_true",
                        help="check the proxy against a throw-away embedded PostgreSQL")
    args = parser.parse_args(argv)
    if args.selftest:
        return selftest()
    proxy = LatencyProxy(args.target[0], args.target[1], args.delay_ms,
                         listen_host=args.listen[0], listen_port=args.listen[1],
                         trace=args.trace, max_lifetime_s=args.max_seconds)
    try:
        proxy.start()
    except ProxyError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"proxy {proxy.listen_host}:{proxy.port} -> {proxy.target_host}:{proxy.target_port}, "
          f"+{proxy.delay_ms:g} ms per round trip; Ctrl-C stops", flush=True)
    try:
        while proxy.running:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        stats = proxy.stats
        proxy.stop()
        print(stats.summary())
        if args.trace:
            for link_id, flight in stats.flights():
                print(f"  #{link_id}: {flight}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
