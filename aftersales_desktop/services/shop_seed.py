"""The shop's own names for what revision 0005 seeds.

Work types, reward and penalty items and the overdue rule are the shop's data, not
labels the client translates: 0005 wrote them in English, so a new shop met "Major
repair" on a Chinese screen. `name_seeded_rows` gives every row that still carries
0005's English name the name a Chinese shop uses (the shop's language, UI.md); a name
someone changed stays as it is. Provisioning runs it (`server.provision.prepare`, used by
the first start and `aftersales-server init`, and `aftersales-server upgrade` for a shop
server of its own), and so does the demo; the second time it changes nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# (code, the English name revision 0005 seeds, the Chinese name)
WORK_TYPE_NAMES = [
    ("install", "Install and commission", "安装调试"), ("major", "Major repair", "大修"),
    ("medium", "Medium repair", "中修"), ("minor", "Minor repair", "小修"),
    ("delivery", "Delivery", "送货"), ("exchange", "Exchange", "换机"),
    ("cleaning", "Cleaning and packing", "清洗包装")]
REWARD_PENALTY_NAMES = [
    ("attitude", "Service attitude", "服务态度"), ("timeliness", "Timeliness", "上门及时"),
    ("satisfaction", "Customer satisfaction", "客户满意"), ("skill", "Technical skill", "技术水平"),
    ("complaint", "Complaint", "客户投诉"), ("contribution", "Contribution", "突出贡献")]
OVERDUE_RULE_NAMES = [("Overdue deduction", "超期扣款")]


def name_seeded_rows(conn: Connection) -> int:
    """Rename the rows still named as 0005 seeded them; returns how many changed."""
    changed = 0
    for table, names in (("app.work_type", WORK_TYPE_NAMES),
                         ("app.reward_penalty_item", REWARD_PENALTY_NAMES)):
        for code, english, chinese in names:
            changed += conn.execute(text(
                f"UPDATE {table} SET name = :zh WHERE code = :code AND name = :en"),
                {"code": code, "en": english, "zh": chinese}).rowcount
    for english, chinese in OVERDUE_RULE_NAMES:
        changed += conn.execute(text("UPDATE app.overdue_rule SET name = :zh WHERE name = :en"),
                                {"en": english, "zh": chinese}).rowcount
    return changed
