"""Demo callbacks (回访), surveys, complaints (投诉), inquiries (咨询) and a dealer's list,
made through the functions the screens call, by the demo's own logins.

Callback tasks are not written: the database makes them when a ticket is finished for
the customer, so the demo finishes on-site jobs (the counter 张敏 takes them in, the
dispatcher 刘洋 assigns, the technicians report, the manager 陈杰 reviews), as the jobs
demo does; the picked-up tickets of the front-desk demo have theirs already. As if
finished earlier, the superuser then moves the tasks' due days back (and one call-back
time into the past), the one thing no screen does. The callback clerk 孙丽 works them:
attempts of every outcome, surveys with mostly good and some low scores (a low score
opens its complaint by itself), a phone complaint; the manager 陈杰 takes the complaints
through their states (one waits for the customer, one is resolved, one closed, one is
left past its deadline and escalates); 张敏 logs inquiries at the counter and turns one
into a ticket and one into a pre-order; 孙丽 imports a dealer's list. Loading twice
changes nothing: nothing is made when the shop has a survey.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.core import shop_time
from aftersales_desktop.core.db import dsn_engine

from .demo_jobs import DemoJob, job_shop, make_job
from .frontdesk import preorders
from .frontdesk._calls import as_json, call
from .frontdesk.intake import IntakeDraft, save_intake

LOGINS = ("zhangmin", "liuyang", "wangqiang", "zhaolei", "chenjie", "sunli")

# on-site jobs finished a few days ago, for the callbacks of technicians with and
# without a login (16:00 on days no other demo visit of theirs takes)
FINISHED_VISITS: list[DemoJob] = [
    DemoJob(end, technician, True, visit_day=-day, visit_hour=16)
    for day, (end, technician) in enumerate(
        [("reviewed", "E004"), ("reviewed", "E005"), ("finished", "E006"),
         ("reviewed", "E007"), ("reviewed", "E004"), ("finished", "E005"),
         ("reviewed", "E006"), ("reviewed", "E004"), ("reviewed", "E005"),
         ("finished", "E007"), ("reviewed", "E004"), ("reviewed", "E006"),
         ("reviewed", "E005"), ("finished", "E004"), ("reviewed", "E007"),
         ("reviewed", "E005")], start=3)]


@dataclass(frozen=True)
class Survey:
    """Scores by question code (1-5) and what the customer said."""

    scores: dict[str, int]
    usage: str
    suggestion: str = ""
    notes: str = ""


GOOD_SURVEYS = [
    Survey({"attitude": 5, "timeliness": 5, "quality": 5, "price": 4, "overall": 5},
           "使用正常，制冷效果很好", "师傅很专业，希望保持"),
    Survey({"attitude": 5, "timeliness": 4, "quality": 5, "price": 4, "overall": 5},
           "修好后一直正常使用", "上门前能提前半小时电话就更好了"),
    Survey({"attitude": 4, "timeliness": 4, "quality": 4, "price": 3, "overall": 4},
           "运行正常，噪音比以前小", "配件价格稍贵"),
    Survey({"attitude": 5, "timeliness": 5, "quality": 4, "price": 5, "overall": 5},
           "热水器加热正常", "", "客户表示满意，会推荐给邻居"),
    Survey({"attitude": 5, "timeliness": 3, "quality": 5, "price": 4, "overall": 4},
           "正常使用", "预约时间能再灵活一些"),
    Survey({"attitude": 4, "timeliness": 5, "quality": 5, "price": 4, "overall": 5},
           "洗衣机排水正常了", "师傅讲解了保养方法，很实用"),
    Survey({"attitude": 5, "timeliness": 4, "quality": 4, "price": 4, "overall": 4},
           "电视画面正常", ""),
]
LOW_SURVEYS = [
    Survey({"attitude": 1, "timeliness": 3, "quality": 3, "price": 3, "overall": 2},
           "修好了但师傅态度不好", "希望公司加强服务培训", "客户情绪激动，要求公司回复"),
    Survey({"attitude": 4, "timeliness": 2, "quality": 3, "price": 3, "overall": 3},
           "等了三天才上门", "上门太慢"),
    Survey({"attitude": 4, "timeliness": 4, "quality": 2, "price": 3, "overall": 2},
           "修完一周又开始漏水", "希望尽快再派人来看", "客户要求免费返修"),
]

ATTEMPT_NOTES = {"no_answer": "响铃无人接听", "busy": "占线，稍后再打",
                 "wrong_number": "空号，核对工单电话无误", "refused": "客户表示很忙，不接受回访"}

DEALER_LIST = {
    "kind": "installation", "dealer": "苏宁文三路店", "file_name": "苏宁文三路店-11月售出.xlsx",
    "rows": [
        {"row": 2, "customer_name": "黄伟", "phone": "13968101234",
         "address": "杭州市西湖区文三路259号3幢", "region": "西湖区", "product": "空调",
         "brand": "格力", "model": "KFR-35GW/NhGc1B", "serial": "GL2611A00123"},
        {"row": 3, "customer_name": "周敏", "phone": "13757182345",
         "address": "杭州市西湖区学院路77号", "region": "西湖区", "product": "空调",
         "brand": "美的", "model": "KFR-26GW/N8MJA3", "serial": "MD2611B00456"},
        {"row": 4, "customer_name": "吴婷婷", "phone": "15088663456",
         "address": "杭州市拱墅区莫干山路100号", "region": "拱墅区", "product": "热水器",
         "brand": "海尔", "model": "EC6002-MC3", "serial": ""},
        {"row": 5, "customer_name": "郑凯", "phone": "18657104567",
         "address": "杭州市滨江区江南大道588号", "region": "滨江区", "product": "洗衣机",
         "brand": "小天鹅", "model": "TG100V88WMUIADY5", "serial": "XTE2611C0789"},
        {"row": 6, "customer_name": "冯秀兰", "phone": "0571-88235678",
         "address": "杭州市上城区解放路18号", "region": "", "product": "冰箱",
         "brand": "海尔", "model": "BCD-470WDPG", "serial": ""},
        {"row": 7, "dealer": "国美城西店", "customer_name": "陈建华", "phone": "13906526789",
         "address": "杭州市西湖区古墩路702号", "region": "西湖区", "product": "空调",
         "brand": "格力", "model": "KFR-72LW", "serial": "GL2611A00988"},
    ]}

INQUIRIES = [
    {"topic": "usage", "channel": "phone", "product": "格力空调",
     "question": "空调遥控器上的“睡眠”模式怎么用？",
     "answer": "按遥控器上的睡眠键，屏幕显示月亮图标即开启，夜间温度会自动微调"},
    {"topic": "price", "channel": "visit", "product": "美的热水器",
     "question": "热水器换一个镁棒多少钱？",
     "answer": "镁棒 45 元，上门更换加收 30 元工时费"},
    {"topic": "part", "channel": "phone", "product": "海尔冰箱",
     "question": "冰箱门封条有没有现货？",
     "answer": "BCD-470 的门封暂无现货，可以预订，约 5 天到货"},
    {"topic": "other", "channel": "phone", "product": "",
     "question": "周末可以上门维修吗？",
     "answer": "周六周日正常上门，需提前一天预约"},
    {"topic": "usage", "channel": "visit", "product": "小天鹅洗衣机",
     "question": "洗衣机显示 E4 是什么意思？",
     "answer": "E4 为进水超时，先检查水龙头是否打开、进水管是否弯折；仍报错需上门检修"},
]


def _json(conn: Connection, function: str, payload: dict[str, Any]) -> Any:
    return call(conn, f"SELECT app.{function}(CAST(:p AS jsonb))", {"p": as_json(payload)})


def load_demo_callbacks(superuser_dsn: str, password: str, *, seed: int = 13) -> str:
    """Everything the callback screens show, for the demo shop (see the module's doc)."""
    from .demo_tickets import _dsn_as

    rng = random.Random(seed)
    logins = {who: dsn_engine(_dsn_as(superuser_dsn, who, password)) for who in LOGINS}
    admin = dsn_engine(superuser_dsn)
    try:
        with admin.connect() as su:
            su = su.execution_options(isolation_level="AUTOCOMMIT")
            if su.execute(text("SELECT EXISTS (SELECT FROM app.survey)")).scalar():
                return "demo callbacks already there"
            shop = job_shop(su)
            if shop is None:
                return "no demo callbacks: load the demo shop first"
            conns = {who: engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                     for who, engine in logins.items()}
            try:
                for demo in FINISHED_VISITS:
                    make_job(conns, su, demo, shop, rng)
                tasks = _spread_due_days(su, shop.today)
                counts = _work_the_tasks(conns, su, tasks, rng)
                counts["complaints"] = _handle_complaints(conns, su)
                counts["inquiries"] = _inquiries(conns, su, shop.today)
                counts["dealer"] = int(_json(conns["sunli"], "callback_import",
                                             DEALER_LIST)["tasks"])
                # the due list expires what is past its window when it is read
                _json(conns["sunli"], "callback_due", {"view": "due", "limit": 10})
            finally:
                for conn in conns.values():
                    conn.close()
    finally:
        admin.dispose()
        for engine in logins.values():
            engine.dispose()
    return ("demo callbacks: {surveys} surveys ({low} low), {attempts} failed attempts, "
            "{complaints} complaints, {inquiries} inquiries, {dealer} dealer calls").format(
        **counts)


def _spread_due_days(su: Connection, today: date) -> list[int]:
    """The finished tickets' tasks (the technicians' first: their statistics), due as if
    the jobs had been finished earlier: the first ones are worked (due a week or two
    ago), then overdue, due today, one past its window (it expires), the last ones still
    ahead."""
    tasks = [int(t) for t in su.execute(text(
        "SELECT id FROM app.callback_task WHERE source = 'ticket' AND state = 'pending' "
        "ORDER BY technician_id IS NULL, id")).scalars()]
    for index, task in enumerate(tasks):
        if index < len(tasks) - 4:
            due = today - timedelta(days=2 + index % 12)
        elif index == len(tasks) - 4:
            due = today - timedelta(days=20)  # past its 14 days: expires
        elif index == len(tasks) - 3:
            due = today
        else:
            continue  # due in the days ahead, as the rule made them
        su.execute(text("UPDATE app.callback_task SET due_on = :d, expires_on = :d + 14 "
                        "WHERE id = :t"), {"d": due, "t": task})
    return tasks


def _task(su: Connection, task_id: int) -> dict[str, Any]:
    row = su.execute(text("SELECT version, ticket_id, customer_id, technician_id "
                          "FROM app.callback_task WHERE id = :t"), {"t": task_id}).one()
    return {"version": int(row[0]), "ticket_id": row[1], "customer_id": row[2],
            "technician_id": row[3]}


def _attempt(clerk: Connection, su: Connection, task_id: int, outcome: str,
             note: str, call_back_at: datetime | None = None) -> None:
    _json(clerk, "callback_attempt_log", {
        "task_id": task_id, "version": _task(su, task_id)["version"], "outcome": outcome,
        "note": note, "call_back_at": call_back_at.isoformat() if call_back_at else None})


def _survey(clerk: Connection, su: Connection, task_id: int, survey: Survey) -> Any:
    questions: dict[str, int] = dict(su.execute(text(
        "SELECT code, id FROM app.survey_question WHERE active AND kind = 'score'")).all())
    answers = [{"question_id": int(qid), "score": survey.scores.get(code, 4), "answer": ""}
               for code, qid in questions.items()]
    return _json(clerk, "survey_record", {
        "task_id": task_id, "version": _task(su, task_id)["version"], "answers": answers,
        "usage": survey.usage, "suggestion": survey.suggestion, "notes": survey.notes})


def _work_the_tasks(conns: dict[str, Connection], su: Connection, tasks: list[int],
                    rng: random.Random) -> dict[str, int]:
    """孙丽's calls on the tasks due a while ago: surveys (three low), attempts of every
    outcome, a call-back asked for later today and one whose time has come."""
    clerk = conns["sunli"]
    worked = tasks[:max(len(tasks) - 4, 0)]
    counts = {"surveys": 0, "low": 0, "attempts": 0}
    now = datetime.now(shop_time.zone()).replace(microsecond=0)
    plans: list[tuple[str, Any]] = [
        ("survey", GOOD_SURVEYS[0]), ("low", LOW_SURVEYS[0]), ("no_answer", None),
        ("survey", GOOD_SURVEYS[1]), ("busy", None), ("survey", GOOD_SURVEYS[2]),
        ("wrong_number", None), ("low", LOW_SURVEYS[1]), ("call_back_later", None),
        ("survey", GOOD_SURVEYS[3]), ("unreachable", None), ("survey", GOOD_SURVEYS[4]),
        ("call_back_due", None), ("low", LOW_SURVEYS[2]), ("refused", None),
        ("survey_after_tries", GOOD_SURVEYS[5]), ("survey", GOOD_SURVEYS[6]),
    ]
    for task_id, (plan, survey) in zip(worked, plans, strict=False):
        if plan in ("survey", "low", "survey_after_tries"):
            if plan == "survey_after_tries":
                _attempt(clerk, su, task_id, "no_answer", "上午打了两次无人接听")
                counts["attempts"] += 1
            _survey(clerk, su, task_id, survey)
            counts["surveys"] += 1
            counts["low"] += plan == "low"
        elif plan in ("no_answer", "busy", "wrong_number", "refused"):
            _attempt(clerk, su, task_id, plan, ATTEMPT_NOTES[plan])
            counts["attempts"] += plan != "refused"
        elif plan == "unreachable":
            for note in ("无人接听", "关机", "仍无人接听"):
                _attempt(clerk, su, task_id, "no_answer", note)
                counts["attempts"] += 1
        elif plan == "call_back_later":
            _attempt(clerk, su, task_id, "call_back", "客户在开会，约下午四点后回电",
                     now + timedelta(hours=3))
        elif plan == "call_back_due":
            _attempt(clerk, su, task_id, "call_back", "客户在外地，约一小时后回电",
                     now + timedelta(minutes=30))
            # as if asked an hour ago: its time has come
            su.execute(text("UPDATE app.callback_task SET call_back_at = now() - "
                            "interval '30 minutes' WHERE id = :t"), {"t": task_id})
    return counts


def _complaint_act(manager: Connection, su: Connection, complaint_id: int, action: str,
                   **fields: Any) -> None:
    version = su.execute(text("SELECT version FROM app.complaint WHERE id = :c"),
                         {"c": complaint_id}).scalar_one()
    _json(manager, "complaint_act", {"complaint_id": complaint_id, "version": int(version),
                                     "action": action, **fields})


def _handle_complaints(conns: dict[str, Connection], su: Connection) -> int:
    """The low scores' complaints and two by hand, in every state: the first stays open
    and passes its deadline (it escalates), the second is being handled, the third is
    resolved; a counter complaint waits for the customer, a phone complaint is closed
    with the customer's acceptance, and one more is open."""
    manager, clerk, counter = conns["chenjie"], conns["sunli"], conns["zhangmin"]
    from_surveys = [int(c) for c in su.execute(text(
        "SELECT id FROM app.complaint WHERE source = 'survey' ORDER BY id")).scalars()]
    tickets = su.execute(text(
        "SELECT t.id, t.customer_id, t.technician_id FROM app.ticket t "
        "WHERE t.status IN ('picked_up', 'completed') ORDER BY t.id DESC LIMIT 3")).all()
    by_hand = []
    for (ticket, customer, technician), conn, source, severity, summary, details in zip(
            tickets, (counter, clerk, clerk), ("counter", "phone", "callback"),
            ("normal", "high", "low"),
            ("取机时发现外壳有划痕", "维修后仍有异响，客户来电投诉", "回访时客户反映收费偏高"),
            ("客户称送修前外壳完好，要求说明", "客户称第二天又出现异响，要求再次上门",
             "客户认为工时费比电话报价高 30 元"), strict=False):
        opened = _json(conn, "complaint_open", {
            "customer_id": customer, "ticket_id": ticket, "technician_id": technician,
            "source": source, "severity": severity, "summary": summary, "details": details})
        by_hand.append(int(opened["complaint_id"]))
    if len(from_surveys) >= 3:
        escalated, handling, resolved = from_surveys[:3]
        # left past its deadline: the queue escalates it to the manager when it is read
        su.execute(text("UPDATE app.complaint SET deadline_at = now() - interval '2 hours' "
                        "WHERE id = :c"), {"c": escalated})
        _complaint_act(manager, su, handling, "assign", owner="chenjie")
        _complaint_act(manager, su, handling, "start", note="已联系技师了解情况")
        _complaint_act(manager, su, resolved, "start")
        _complaint_act(manager, su, resolved, "resolve",
                       resolution="安排技师免费上门复修，更换密封圈，已测试不再漏水")
    if len(by_hand) >= 2:
        waiting, closed = by_hand[:2]
        _complaint_act(manager, su, waiting, "start")
        _complaint_act(manager, su, waiting, "pause", note="等客户提供送修前照片")
        _complaint_act(manager, su, closed, "start")
        _complaint_act(manager, su, closed, "resolve",
                       resolution="技师再次上门紧固外机支架，异响消除")
        _complaint_act(manager, su, closed, "close", customer_accepted=True,
                       note="客户电话确认满意")
    _json(manager, "complaint_queue", {"view": "open", "limit": 10})  # escalates
    return len(from_surveys) + len(by_hand)


def _inquiries(conns: dict[str, Connection], su: Connection, today: date) -> int:
    """张敏's inquiries at the counter; the part's availability becomes a pre-order and
    the E4 code a ticket."""
    counter = conns["zhangmin"]
    customers = [int(c) for c in su.execute(text(
        "SELECT c.id FROM app.customer c WHERE c.active AND EXISTS (SELECT FROM app.device d "
        "WHERE d.customer_id = c.id) ORDER BY c.id LIMIT 12")).scalars()]
    logged = []
    for index, inquiry in enumerate(INQUIRIES):
        answer = _json(counter, "inquiry_log", {
            "customer_id": customers[index % len(customers)], **inquiry})
        logged.append((int(answer["inquiry_id"]), int(answer["customer_id"])))
    # the part asked for: ordered for the customer
    part_inquiry, part_customer = logged[2]
    preorders.create_preorder(counter, customer_id=part_customer, part_name="冰箱门封条",
                              quantity=Decimal(1), unit_price=Decimal("85"),
                              deposit=Decimal("30"), inquiry_id=part_inquiry)
    # the error code: the customer brings the machine in
    code_inquiry, code_customer = logged[4]
    device = su.execute(text("SELECT id, purchase_date, warranty_months, has_proof "
                             "FROM app.device WHERE customer_id = :c ORDER BY id LIMIT 1"),
                        {"c": code_customer}).one()
    save_intake(counter, IntakeDraft(
        customer_id=code_customer, device_id=int(device[0]), purchase_date=device[1],
        warranty_months=device[2], has_proof=bool(device[3]), fault="显示E4，不进水",
        promised_on=today + timedelta(days=3), shelf="A-03", inquiry_id=code_inquiry),
        today)
    return len(logged)

