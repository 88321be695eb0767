"""Demo dispatch: the technicians' grades and work types, service outlets, and the fault
causes and actions a work report records (故障原因 / 处理措施, by product; the benchmark
uses them too). The demo's jobs are services/demo_jobs.py."""

from __future__ import annotations

from sqlalchemy import Connection, text

# product -> (fault cause, action taken) pairs as technicians write them on the sheet
FAULT_CAUSES: dict[str, list[tuple[str, str]]] = {
    "空调": [("电源板损坏", "更换电源板"), ("制冷剂泄漏", "补焊漏点并加注制冷剂"),
           ("启动电容失效", "更换启动电容"), ("室外风扇电机烧毁", "更换室外风扇电机"),
           ("温度传感器阻值漂移", "更换温度传感器"), ("排水管堵塞", "疏通排水管"),
           ("过滤网脏堵", "清洗过滤网和蒸发器"), ("四通阀卡死", "更换四通阀")],
    "冰箱": [("温控器失灵", "更换温控器"), ("门封条老化", "更换门封条"),
           ("压缩机启动继电器损坏", "更换启动继电器"), ("排水孔堵塞结冰", "疏通排水孔并化霜"),
           ("主板继电器粘连", "更换主板")],
    "洗衣机": [("排水泵堵塞", "清理排水泵异物"), ("进水阀损坏", "更换进水阀"),
            ("门锁开关失灵", "更换门锁开关"), ("皮带磨损打滑", "更换皮带"),
            ("洗涤电机碳刷磨损", "更换洗涤电机")],
    "热水器": [("加热管结垢烧毁", "更换加热管并清洗内胆"), ("镁棒耗尽", "更换镁棒"),
            ("点火针积碳", "清理并调整点火针"), ("温控器损坏", "更换温控器")],
    "油烟机": [("涡轮风机积油", "拆洗涡轮风机"), ("电机电容失效", "更换电容"),
            ("按键板受潮", "更换按键板")],
    "燃气灶": [("点火针偏位", "调整点火针位置"), ("热电偶老化", "更换热电偶"),
            ("电池电量不足", "更换电池并清理触点")],
    "电视": [("背光灯条烧坏", "更换背光灯条"), ("电源板电容鼓包", "更换电源板"),
           ("主板固件异常", "升级主板固件"), ("屏线接触不良", "重新插接屏线")],
    "微波炉": [("磁控管老化", "更换磁控管"), ("门开关损坏", "更换门开关"),
            ("转盘电机损坏", "更换转盘电机")],
}
GENERAL_CAUSES: list[tuple[str, str]] = [("电源板损坏", "更换电源板"),
                                         ("线路接触不良", "重新接线紧固"),
                                         ("使用不当", "指导客户正确使用")]

# what each grade of technician may do, by work type code (the staff master data)
GRADE_WORK_TYPES: dict[str, tuple[str, ...]] = {
    "技师": ("install", "major", "medium", "minor", "exchange"),
    "高级": ("install", "medium", "minor", "delivery"),
    "中级": ("install", "minor", "delivery", "cleaning"),
    "初级": ("minor", "delivery", "cleaning"),
}


def causes_for(product: str) -> list[tuple[str, str]]:
    return FAULT_CAUSES.get(product, GENERAL_CAUSES)


# the demo's technicians by employee code: grade (staff master data)
DEMO_GRADES = {"E004": "高级", "E005": "中级", "E006": "技师", "E007": "中级", "E008": "初级"}
# service outlets for outsourced work (外协): (code, name, contact, phone, district)
DEMO_OUTLETS = [("WD01", "滨江格力特约维修站", "陈师傅", "0571-86612345", "滨江区"),
                ("WD02", "萧山美的服务网点", "沈经理", "0571-82701234", "萧山区")]


def load_staff_skills(conn: Connection) -> int:
    """The demo technicians' grades and the work types their grade may do, and the
    service outlets; skipped for what is there already. Returns how many rows it added."""
    added = 0
    work_types = {code: wid for code, wid in conn.execute(text(
        "SELECT code, id FROM app.work_type WHERE active"))}
    for code, grade in DEMO_GRADES.items():
        employee = conn.execute(text("SELECT id FROM app.employee WHERE code = :c"),
                                {"c": code}).scalar()
        if employee is None:
            continue
        conn.execute(text("UPDATE app.employee SET grade = :g WHERE id = :e AND grade = ''"),
                     {"g": grade, "e": employee})
        if conn.execute(text("SELECT 1 FROM app.employee_work_type WHERE employee_id = :e"),
                        {"e": employee}).first():
            continue
        rows = [{"e": employee, "w": work_types[c]} for c in GRADE_WORK_TYPES[grade]
                if c in work_types]
        conn.execute(text("INSERT INTO app.employee_work_type (employee_id, work_type_id) "
                          "VALUES (:e, :w)"), rows)
        added += len(rows)
    for code, name, contact, phone, district in DEMO_OUTLETS:
        if conn.execute(text("SELECT 1 FROM app.service_outlet WHERE code = :c"),
                        {"c": code}).first():
            continue
        region = conn.execute(text("SELECT id FROM app.region WHERE name = :n "
                                   "AND level = 'district' ORDER BY id LIMIT 1"),
                              {"n": district}).scalar()
        conn.execute(text("INSERT INTO app.service_outlet (code, name, contact, phone, "
                          "region_id, settlement_terms) VALUES (:c, :n, :k, :p, :r, "
                          "'按月结算，每单上门费30元')"),
                     {"c": code, "n": name, "k": contact, "p": phone, "r": region})
        added += 1
    return added
