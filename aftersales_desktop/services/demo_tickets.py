"""Demo front desk: today's counter work, taken in through the same functions the screens
call, as the demo counter clerk (张敏) and manager (陈杰): tickets in every status, an
approved quote, notices, settlements, a release without settlement and a pre-order."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

import psycopg2.extensions
from sqlalchemy import Connection, text

from aftersales_desktop.core.db import dsn_engine
from aftersales_desktop.domain.fees import FeeLine
from aftersales_desktop.domain.warranty import billed_to_default

from .frontdesk import notices, preorders, settlement
from .frontdesk.intake import IntakeDraft, save_intake
from .frontdesk.tickets import Location, add_quote, decide_quote, move_ticket, set_status

FAULTS = ["不制冷", "漏水", "开机无反应", "噪音大", "显示屏花屏", "不加热", "遥控失灵",
          "E4故障代码", "不脱水", "排水慢", "制热效果差", "门封老化"]
ACCESSORIES = ["遥控器", "电源线", "进水管", "说明书", ""]
# how far each demo ticket goes: (final status, share)
PATHS = [("pending", 8), ("in_repair", 6), ("waiting_parts", 3), ("hard_repair", 1),
         ("at_factory", 2), ("ready", 6), ("picked_up", 10), ("cancelled", 2)]


def _dsn_as(dsn: str, user: str, password: str) -> str:
    params = psycopg2.extensions.parse_dsn(dsn)
    params.update(user=user, password=password)
    return psycopg2.extensions.make_dsn(**params)


def _walk(conn: Connection, manager: Connection, ticket_id: int, target: str,
          warranty_class: str, today: date, rework: bool = False) -> None:
    if target == "pending":
        return
    if target == "cancelled":
        set_status(manager, ticket_id, None, "cancelled", "客户决定不修")
        return
    if warranty_class == "out_of_warranty":
        quote = add_quote(conn, ticket_id, parts=Decimal("120"), labour=Decimal("80"))
        decide_quote(conn, quote, approved=True, channel="phone", decided_on=today)
    set_status(conn, ticket_id, None, "in_repair")
    if target == "in_repair":
        return
    if target in ("waiting_parts", "hard_repair", "at_factory"):
        set_status(conn, ticket_id, None, target)
        if target == "at_factory":
            move_ticket(conn, ticket_id, Location(
                kind="factory", factory="格力杭州服务中心", carrier="顺丰",
                tracking_number="SF1234567890", sent_on=today,
                expected_on=today + timedelta(days=10)))
        return
    set_status(conn, ticket_id, None, "ready")
    notices.send_notice(conn, kind="repaired", channel="phone", recipient="",
                        body="已电话通知客户取机", ticket_id=ticket_id)
    if target == "ready":
        return
    billed = billed_to_default(warranty_class, rework)  # a rework is free by default
    settlement.settle(conn, ticket_id, None, [
        FeeLine("part", "配件", Decimal(1), Decimal("120"), billed),
        FeeLine("labour", "中修", Decimal(1), Decimal("80"), billed)],
        payment_method="wechat" if billed == "customer" else "none")
    set_status(conn, ticket_id, None, "picked_up")


def load_demo_tickets(superuser_dsn: str, password: str, *, seed: int = 5) -> str:
    rng = random.Random(seed)
    engine = dsn_engine(_dsn_as(superuser_dsn, "zhangmin", password))
    manager_engine = dsn_engine(_dsn_as(superuser_dsn, "chenjie", password))
    made = 0
    try:
        with engine.connect() as conn, manager_engine.connect() as manager:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            manager = manager.execution_options(isolation_level="AUTOCOMMIT")
            today = conn.execute(text("SELECT app.shop_today()")).scalar_one()
            if conn.execute(text("SELECT count(*) FROM app.ticket")).scalar_one():
                return "demo tickets already there"
            # as the intake form fills them from the device picked: its purchase date and
            # warranty decide the class (without them every repair would be out of warranty)
            devices = conn.execute(text(
                "SELECT d.customer_id, d.id, d.purchase_date, d.warranty_months "
                "FROM app.device d "
                "JOIN app.customer c ON c.id = d.customer_id WHERE c.active AND d.product <> '' "
                "ORDER BY d.id LIMIT 400")).all()
            targets = [status for status, share in PATHS for _ in range(share)]
            for target in targets:
                customer_id, device_id, bought, months = rng.choice(devices)
                proof = rng.random() < 0.7
                saved = save_intake(conn, IntakeDraft(
                    customer_id=customer_id, device_id=device_id, has_proof=proof,
                    purchase_date=bought, warranty_months=months,
                    fault=rng.choice(FAULTS), accessories=rng.choice(ACCESSORIES),
                    appearance=rng.choice(["外观完好", "轻微划痕", ""]),
                    urgent=rng.random() < 0.15, shelf=f"A-{rng.randint(1, 20):02d}",
                    promised_on=today + timedelta(days=rng.choice([3, 7, 10]))), today)
                _walk(conn, manager, saved.id, target, saved.warranty_class, today,
                      rework=saved.rework_of is not None)
                made += 1
            on_site = save_intake(conn, IntakeDraft(
                customer_name="钱江新城物业", phone="0571-86001234", product="中央空调",
                brand="美的", fault="外机不启动", visit="on_site",
                address="杭州市上城区钱江路1366号", appointment_at=datetime.now().astimezone()
                + timedelta(days=1), promised_on=today + timedelta(days=3)), today)
            detail = conn.execute(text("SELECT customer_id FROM app.ticket WHERE id = :i"),
                                  {"i": on_site.id}).scalar_one()
            order_id, _ = preorders.create_preorder(
                conn, customer_id=detail, part_name="空调遥控器 KFR", quantity=Decimal(1),
                unit_price=Decimal("45"), deposit=Decimal("20"))
            preorders.mark_arrived(conn, order_id)
            made += 1
    finally:
        engine.dispose()
        manager_engine.dispose()
    return f"{made} demo tickets"
