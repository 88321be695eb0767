"""The demo shop: realistic operators and history, loaded with a superuser's DSN.

Each module adds its own part (customers, products, tickets...) as it lands.
Loading twice changes nothing: every part checks whether it is already there.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import dsn_engine

from . import operators

DEMO_PASSWORD = "demo1234"

# (code, name, position template)
DEMO_OPERATORS: list[tuple[str, str, str]] = [
    ("admin", "系统管理员", "administrator"),
    ("zhangmin", "张敏", "counter"),
    ("liuyang", "刘洋", "dispatcher"),
    ("wangqiang", "王强", "technician"),
    ("zhaolei", "赵磊", "technician"),
    ("lina", "李娜", "warehouse"),
    ("sunli", "孙丽", "callback"),
    ("chenjie", "陈杰", "manager"),
]

WORKSTATIONS = ["QT-前台1", "QT-前台2", "CK-仓库", "JL-经理室", "VPN-家里"]


def load_operators(conn: Connection) -> int:
    created = 0
    for code, name, template in DEMO_OPERATORS:
        exists = conn.execute(text("SELECT 1 FROM app.operator WHERE code = :c"),
                              {"c": code}).first()
        if exists:
            continue
        operators.create_operator(conn, code=code, name=name, password=DEMO_PASSWORD,
                                  template=template)
        created += 1
    return created


def load_login_history(conn: Connection, *, days: int = 60, seed: int = 7) -> int:
    already = conn.execute(text("SELECT count(*) FROM audit.login_event")).scalar_one()
    if already > 50:
        return 0
    rng = random.Random(seed)
    # working hours on the shop's clock, as the login history shows them
    zone = conn.execute(text("SELECT value #>> '{}' FROM app.shop_setting "
                             "WHERE key = 'timezone'")).scalar() or shop_time.DEFAULT_ZONE
    now = datetime.now(shop_time.named_zone(zone)).replace(microsecond=0)
    rows = []
    for day in range(days, 0, -1):
        date = now - timedelta(days=day)
        for code, _name, _template in DEMO_OPERATORS[1:]:
            if rng.random() < 0.15:
                continue
            start = date.replace(hour=8, minute=0) + timedelta(minutes=rng.randint(0, 90))
            end = start + timedelta(hours=rng.randint(6, 10), minutes=rng.randint(0, 59))
            ws = rng.choice(WORKSTATIONS)
            addr = (f"10.8.0.{rng.randint(2, 40)}" if ws.startswith("VPN")
                    else f"192.168.1.{rng.randint(20, 80)}")
            rows.append({"at": start, "op": code, "ev": "login", "ws": ws, "addr": addr})
            rows.append({"at": end, "op": code, "ev": "logout", "ws": ws, "addr": addr})
    conn.execute(
        text("INSERT INTO audit.login_event (at, operator, event, workstation, application,"
             " client_addr) VALUES (:at, :op, :ev, :ws, 'aftersales-desktop 0.1.0',"
             " CAST(:addr AS inet))"),
        rows,
    )
    return len(rows)


def load_demo(conn: Connection) -> str:
    from .demo_commissions import load_commission_rules
    from .demo_dispatch import load_staff_skills
    from .demo_shop import load_demo_shop

    made = load_operators(conn)
    events = load_login_history(conn)
    master = load_demo_shop(conn)
    skills = load_staff_skills(conn)
    # before any demo job is reviewed: a job's commission lines are made at its review
    rules = load_commission_rules(conn)
    return (f"demo shop loaded: {made} operators, {events} login events "
            f"(password {DEMO_PASSWORD}); {master}; {skills} technicians' work types "
            f"and outlets; {rules} commission rules, grade factors and pay schemes")


def load_demo_dsn(dsn: str) -> str:
    from .demo_callbacks import load_demo_callbacks
    from .demo_commissions import load_demo_commissions
    from .demo_jobs import load_demo_jobs
    from .demo_tickets import load_demo_tickets

    engine = dsn_engine(dsn)
    try:
        with engine.begin() as conn:
            loaded = load_demo(conn)
    finally:
        engine.dispose()
    # as the demo operators themselves, through the functions the screens call
    tickets = load_demo_tickets(dsn, DEMO_PASSWORD)
    jobs = load_demo_jobs(dsn, DEMO_PASSWORD)
    callbacks = load_demo_callbacks(dsn, DEMO_PASSWORD)
    return f"{loaded}; {tickets}; {jobs}; {callbacks}; {load_demo_commissions(dsn, DEMO_PASSWORD)}"
