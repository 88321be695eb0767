"""Demo master data for a shop in Hangzhou: the shop's name, address and phone, regions,
staff, warehouses, catalogue, customers with phones and devices, and the work types and
reward items in Chinese (a new database has them in English, the program's source
language).

    load_demo_shop(conn, customers=300, seed=2024)   # SQLAlchemy Connection, superuser

Deterministic for a seed (dates are relative to today). Every part is skipped when it
is already there, so loading twice changes nothing. `customers=` scales the customer
part: the demo uses a few hundred, bench/bench_lookup.py 200,000. Rows are generated in
Python and sent with COPY (one statement per table), so 200,000 customers with their
phones and devices load in well under a minute.

Audit: with more than AUDIT_LIMIT customers and a superuser connection the customer part
runs with `session_replication_role = replica` (transaction-local), which skips the
audit triggers (a bulk demo load is not operator activity; hundreds of thousands of
log rows would only slow it down) and the foreign-key triggers (the generated rows are
consistent by construction). Smaller loads go through the triggers like any write.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from aftersales_desktop.services.shop_seed import name_seeded_rows

CUSTOMER_CODE_PREFIX = "DM"  # demo customers: DM0000001...
AUDIT_LIMIT = 5000

CITY = "杭州市"
# district -> (areas / sub-districts, roads, residential compounds)
DISTRICTS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "西湖区": (["文新街道", "古荡街道", "翠苑街道", "蒋村街道", "转塘街道"],
            ["文三路", "文二西路", "古墩路", "天目山路", "教工路", "学院路", "紫荆花路"],
            ["金都花园", "嘉绿苑", "文鼎苑", "西溪花园", "耀江文鼎苑", "府苑新村"]),
    "拱墅区": (["米市巷街道", "湖墅街道", "小河街道", "祥符街道", "大关街道"],
            ["莫干山路", "湖墅南路", "上塘路", "登云路", "丽水路", "大关路"],
            ["大关苑", "德胜新村", "和睦新村", "香积寺小区", "星河明苑"]),
    "上城区": (["湖滨街道", "清波街道", "小营街道", "四季青街道", "闸弄口街道"],
            ["解放路", "庆春路", "延安路", "凤起东路", "秋涛路", "中山中路"],
            ["景芳三区", "采荷新村", "凯旋新村", "四季青苑", "近江家园"]),
    "滨江区": (["西兴街道", "长河街道", "浦沿街道"],
            ["江南大道", "滨盛路", "长河路", "江陵路", "浦沿路", "闻涛路"],
            ["江南豪园", "东方郡", "钱江湾花园", "滨江金色海岸", "白金海岸"]),
    "余杭区": (["五常街道", "闲林街道", "仓前街道", "良渚街道"],
            ["文一西路", "五常大道", "良睦路", "荆长路", "古墩路北段"],
            ["西溪诚园", "翡翠城", "良渚文化村", "五常港花园"]),
    "萧山区": (["城厢街道", "北干街道", "宁围街道", "新塘街道"],
            ["市心路", "建设一路", "人民路", "金城路", "通惠路"],
            ["金色钱塘", "湘湖人家", "北干花园", "萧山新城"]),
}

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于"
            "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志海燕晓亮"
         "斌宇浩凯丹玲婷雪琳欣怡佳俊峰文军晨阳子轩梓涵一诺浩然欣悦思远嘉豪雨泽宏波")

# Mainland mobile prefixes in use (13x-19x).
MOBILE_PREFIXES = (
    [f"13{d}" for d in range(10)] + ["145", "147", "149"]
    + [f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)] + ["166", "172", "173", "175", "176",
                                                         "177", "178"]
    + [f"18{d}" for d in range(10)] + ["191", "193", "195", "196", "197", "198", "199"])

GRADES = [("individual", 0.90), ("dealer", 0.05), ("hypermarket", 0.02), ("corporate", 0.03)]
SOURCES = ["门店", "电话报修", "老客户介绍", "商场转单", "网络", "厂家派单"]
HYPERMARKETS = ["苏宁易购", "国美电器", "五星电器", "银泰百货", "物美超市", "大润发"]
COMPANY_WORDS = ["华瑞", "恒达", "鑫源", "博远", "中天", "宏泰", "嘉禾", "瑞丰", "新锐", "天成"]

# product -> (warranty months, brands, model patterns)
PRODUCTS: dict[str, tuple[int, list[str], list[str]]] = {
    "空调": (72, ["格力", "美的", "海尔", "海信", "TCL", "松下"],
           ["KFR-35GW/{n}", "KFR-26GW/{n}", "KFR-72LW/{n}"]),
    "冰箱": (36, ["海尔", "美的", "西门子", "松下", "海信"],
           ["BCD-{n}WD", "BCD-{n}WPZ"]),
    "洗衣机": (36, ["小天鹅", "海尔", "美的", "西门子", "松下"],
            ["TG100-{n}", "XQG80-{n}"]),
    "热水器": (36, ["美的", "海尔", "方太", "A.O.史密斯"], ["F60-{n}", "JSQ30-{n}"]),
    "油烟机": (60, ["方太", "老板", "华帝", "西门子"], ["CXW-200-{n}", "CXW-260-{n}"]),
    "燃气灶": (36, ["方太", "老板", "华帝"], ["JZT-{n}B", "JZY-{n}G"]),
    "电视": (12, ["海信", "TCL", "创维", "小米", "索尼"], ["{n}E3F", "{n}Q10", "{n}V8"]),
    "微波炉": (12, ["美的", "格兰仕", "松下"], ["M1-{n}", "G80F{n}"]),
}
BRAND_CODES = {"格力": "GR", "美的": "MD", "海尔": "HE", "海信": "HX", "TCL": "TC", "松下": "PA",
               "西门子": "SI", "小天鹅": "LS", "方太": "FT", "老板": "RB", "华帝": "VT",
               "A.O.史密斯": "AO", "创维": "SK", "小米": "MI", "索尼": "SN", "格兰仕": "GL"}
MODELS_PER_BRAND = 2

# (part, sale price, cost price)
PARTS: list[tuple[str, str, str]] = [
    ("压缩机", "1280.00", "860.00"), ("启动电容", "35.00", "12.50"), ("风机电容", "28.00", "9.80"),
    ("主板", "420.00", "238.00"), ("显示板", "160.00", "85.00"), ("温控器", "68.00", "31.00"),
    ("温度传感器", "25.00", "8.60"), ("室外风扇电机", "260.00", "142.00"),
    ("洗涤电机", "380.00", "215.00"), ("排水泵", "95.00", "46.00"), ("进水阀", "48.00", "19.50"),
    ("门封条", "85.00", "33.00"), ("遥控器", "45.00", "15.00"), ("加热管", "120.00", "58.00"),
    ("镁棒", "38.00", "12.00"), ("涡轮风机", "210.00", "118.00"), ("点火针", "22.00", "6.80"),
    ("电源板", "230.00", "126.00"), ("背光灯条", "180.00", "92.00"), ("磁控管", "150.00", "78.00"),
    ("四通阀", "160.00", "88.00"), ("制冷剂R32(千克)", "90.00", "52.00"),
    ("铜管(米)", "40.00", "18.00"),
]
WAREHOUSES = [("WH01", "成品库", "finished"), ("WH02", "待修库", "pending_repair"),
              ("WH03", "样品库", "samples"), ("WH04", "报损库", "scrap"),
              ("WH05", "商返库", "merchant_returns"), ("WH06", "配件库", "parts")]
DEPARTMENTS = {"客服部": ["前台接待", "调度员", "回访专员"], "维修部": ["维修技师", "技术主管"],
               "仓储部": ["仓管员"], "管理部": ["店长"]}
# (code, name, department, position, technician, operator code, post wage)
EMPLOYEES = [
    ("E001", "张敏", "客服部", "前台接待", False, "zhangmin", "4200.00"),
    ("E002", "刘洋", "客服部", "调度员", False, "liuyang", "4500.00"),
    ("E003", "孙丽", "客服部", "回访专员", False, "sunli", "3900.00"),
    ("E004", "王强", "维修部", "维修技师", True, "wangqiang", "3600.00"),
    ("E005", "赵磊", "维修部", "维修技师", True, "zhaolei", "3600.00"),
    ("E006", "周建国", "维修部", "技术主管", True, None, "5200.00"),
    ("E007", "吴海涛", "维修部", "维修技师", True, None, "3500.00"),
    ("E008", "郑小龙", "维修部", "维修技师", True, None, "3400.00"),
    ("E009", "李娜", "仓储部", "仓管员", False, "lina", "4000.00"),
    ("E010", "陈杰", "管理部", "店长", False, "chenjie", "8000.00"),
]


SHOP = {
    "name": "钱塘家电维修服务部",
    "address": "杭州市西湖区文三路388号",
    "phone": "0571-88123456",
    "terms": "1. 请妥善保管本单，凭单取机；遗失请带身份证件办理。\n\n"
             "2. 机器修复并通知后超过30天未取，本店不再负保管责任。\n\n"
             "3. 更换的配件保修90天，人为损坏除外。",
}

def load_demo_shop(conn: Connection, *, customers: int = 300, seed: int = 2024) -> str:
    """Load every part that is missing; returns a one-line summary."""
    rng = random.Random(seed)
    load_shop_settings(conn)
    name_seeded_rows(conn)
    regions = load_regions(conn)
    staff = load_staff(conn, regions)
    stores = load_warehouses(conn)
    products = load_catalogue(conn, rng)
    made = load_customers(conn, customers=customers, seed=seed)
    return (f"demo master data: {regions['_created']} regions, {staff} employees, "
            f"{stores} warehouses, {products} catalogue items, {made} customers")


# -- small parts --------------------------------------------------------------------------

def _scalar(conn: Connection, sql: str, **params: Any) -> Any:
    return conn.execute(text(sql), params).scalar()


def load_shop_settings(conn: Connection) -> bool:
    """The shop's name, address, phone and receipt terms, unless someone set a name."""
    done = conn.execute(text(
        "UPDATE app.shop_setting SET value = value || CAST(:v AS jsonb) "
        "WHERE key = 'shop' AND btrim(coalesce(value ->> 'name', '')) = ''"),
        {"v": json.dumps(SHOP, ensure_ascii=False)})
    return bool(done.rowcount)


def load_regions(conn: Connection) -> dict[str, Any]:
    """city -> districts -> areas; returns {district: id, "_city": id, "_created": n}."""
    city = _scalar(conn, "SELECT id FROM app.region WHERE parent_id IS NULL AND name = :n",
                   n=CITY)
    created = 0
    if city is None:
        city = _scalar(conn, "INSERT INTO app.region (name, level) VALUES (:n, 'city') "
                             "RETURNING id", n=CITY)
        for district, (areas, _roads, _estates) in DISTRICTS.items():
            did = _scalar(conn, "INSERT INTO app.region (parent_id, name, level) "
                                "VALUES (:p, :n, 'district') RETURNING id", p=city, n=district)
            conn.execute(text("INSERT INTO app.region (parent_id, name, level) "
                              "VALUES (:p, :n, 'area')"),
                         [{"p": did, "n": area} for area in areas])
            created += 1 + len(areas)
        created += 1
    ids: dict[str, int] = {name: int(rid) for name, rid in conn.execute(
        text("SELECT name, id FROM app.region WHERE parent_id = :c"), {"c": city}).all()}
    return {**ids, "_city": city, "_created": created}


def load_staff(conn: Connection, regions: dict[str, Any]) -> int:
    if _scalar(conn, "SELECT 1 FROM app.employee WHERE code = :c", c=EMPLOYEES[0][0]):
        return 0
    positions: dict[tuple[str, str], int] = {}
    departments: dict[str, int] = {}
    for dept, names in DEPARTMENTS.items():
        departments[dept] = _scalar(conn, "INSERT INTO app.department (name) VALUES (:n) "
                                          "RETURNING id", n=dept)
        for name in names:
            positions[(dept, name)] = _scalar(
                conn, "INSERT INTO app.staff_position (department_id, name) VALUES (:d, :n) "
                      "RETURNING id", d=departments[dept], n=name)
    operators = {code for (code,) in conn.execute(text("SELECT code FROM app.operator"))}
    districts = [v for k, v in regions.items() if not k.startswith("_")]
    hired = date.today() - timedelta(days=400)
    for i, (code, name, dept, position, tech, operator, wage) in enumerate(EMPLOYEES):
        eid = _scalar(
            conn, "INSERT INTO app.employee (code, name, phone, department_id, position_id, "
                  "hire_date, is_technician, operator_code) VALUES (:c, :n, :ph, :d, :p, :h, "
                  ":t, :o) RETURNING id",
            c=code, n=name, ph=f"1390571{i:04d}", d=departments[dept],
            p=positions[(dept, position)], h=hired - timedelta(days=97 * i), t=tech,
            o=operator if operator in operators else None)
        conn.execute(text("INSERT INTO app.employee_wage VALUES (:e, :w)"),
                     {"e": eid, "w": Decimal(wage)})
        if tech and districts:
            conn.execute(text("INSERT INTO app.employee_region VALUES (:e, :r)"),
                         [{"e": eid, "r": r} for r in districts[i % 3::3]])
    return len(EMPLOYEES)


def load_warehouses(conn: Connection) -> int:
    if _scalar(conn, "SELECT 1 FROM app.warehouse WHERE code = :c", c=WAREHOUSES[0][0]):
        return 0
    keeper = _scalar(conn, "SELECT id FROM app.employee WHERE code = 'E009'")
    conn.execute(text("INSERT INTO app.warehouse (code, name, type, keeper_id) "
                      "VALUES (:c, :n, :t, :k)"),
                 [{"c": c, "n": n, "t": t, "k": keeper} for c, n, t in WAREHOUSES])
    return len(WAREHOUSES)


def product_models() -> list[tuple[str, str, str, int]]:
    """(product, brand, model, warranty months), the same for every seed."""
    rows = []
    for product, (months, brands, patterns) in PRODUCTS.items():
        for b, brand in enumerate(brands):
            for m in range(MODELS_PER_BRAND):
                pattern = patterns[(b + m) % len(patterns)]
                number = {"冰箱": 400 + 50 * m + 10 * b, "电视": 55 + 10 * m,
                          "微波炉": 20 + m + b}.get(product, 100 + 11 * m + 7 * b)
                model = pattern.format(n=number) + ("" if product in ("冰箱", "电视")
                                                    else chr(ord("A") + b))
                rows.append((product, brand, model, months))
    return rows


def load_catalogue(conn: Connection, rng: random.Random) -> int:
    if _scalar(conn, "SELECT 1 FROM app.item WHERE code = 'P0001'"):
        return 0
    whole = _scalar(conn, "INSERT INTO app.item_category (name) VALUES ('整机') RETURNING id")
    spare = _scalar(conn, "INSERT INTO app.item_category (name) VALUES ('配件') RETURNING id")
    kinds = {}
    for product in PRODUCTS:
        kinds[product] = _scalar(conn, "INSERT INTO app.item_category (parent_id, name) "
                                       "VALUES (:p, :n) RETURNING id", p=whole, n=product)
    part_groups = {g: _scalar(conn, "INSERT INTO app.item_category (parent_id, name) "
                                    "VALUES (:p, :n) RETURNING id", p=spare, n=g)
                   for g in ("制冷配件", "电气配件", "结构配件", "耗材")}
    items: list[dict[str, Any]] = []
    base_price = {"空调": 3200, "冰箱": 3800, "洗衣机": 2600, "热水器": 1800, "油烟机": 2900,
                  "燃气灶": 1500, "电视": 3500, "微波炉": 600}
    for i, (product, brand, model, months) in enumerate(product_models(), start=1):
        price = Decimal(base_price[product] + rng.randrange(-4, 12) * 100)
        items.append({"code": f"P{i:04d}", "name": f"{brand}{product} {model}", "kind": "product",
                      "cat": kinds[product], "brand": brand, "model": model, "unit": "台",
                      "barcode": f"69{rng.randrange(10**10, 10**11)}", "months": months,
                      "price": price, "cost": (price * Decimal("0.78")).quantize(Decimal("1"))})
    for i, (name, sale, cost) in enumerate(PARTS, start=1):
        group = ("制冷配件" if name in ("压缩机", "四通阀", "铜管(米)", "制冷剂R32(千克)")
                 else "耗材" if name in ("镁棒", "点火针") else
                 "结构配件" if name in ("门封条", "涡轮风机", "排水泵") else "电气配件")
        unit = "米" if "(米)" in name else "千克" if "千克" in name else "个"
        items.append({"code": f"S{i:04d}", "name": name, "kind": "part",
                      "cat": part_groups[group], "brand": "", "model": "", "unit": unit,
                      "barcode": None, "months": 3, "price": Decimal(sale),
                      "cost": Decimal(cost)})
    for item in items:
        item["id"] = _scalar(
            conn, "INSERT INTO app.item (code, name, sale_price, kind, category_id, brand, model, "
                  "unit, barcode, default_warranty_months) VALUES (:code, :name, :price, :kind, "
                  ":cat, :brand, :model, :unit, :barcode, :months) RETURNING id", **{
                      k: v for k, v in item.items() if k != "cost"})
        conn.execute(text("INSERT INTO app.item_cost VALUES (:i, :c)"),
                     {"i": item["id"], "c": item["cost"]})
    return len(items)


# -- customers ---------------------------------------------------------------------------

def _pick_grade(rng: random.Random) -> str:
    x = rng.random()
    for grade, share in GRADES:
        if x < share:
            return grade
        x -= share
    return GRADES[0][0]


def _copy(conn: Connection, table: str, columns: Sequence[str],
          rows: Iterable[Sequence[Any]]) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
        count += 1
    buffer.seek(0)
    raw: Any = conn.connection.dbapi_connection  # psycopg2's own cursor has copy_expert
    assert raw is not None
    with raw.cursor() as cur:
        cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def _reserve_ids(conn: Connection, table: str, count: int) -> int:
    """First of `count` consecutive identity values, taken from the table's sequence."""
    first = int(_scalar(conn, f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"))
    _scalar(conn, f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :v)",
            v=first + count - 1)
    return first


def generate_customers(count: int, seed: int, regions: dict[str, Any],
                       products: list[tuple[int, str, str, str, int]], first_id: int,
                       today: date) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """(customers, phones, devices) rows, deterministic for the seed and day."""
    rng = random.Random(seed * 7919 + 1)
    districts = list(DISTRICTS)
    customers: list[tuple] = []
    phones: list[tuple] = []
    devices: list[tuple] = []
    used_phones: set[str] = set()

    def new_phone() -> str:
        while True:
            number = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            if number not in used_phones:
                used_phones.add(number)
                return number

    for n in range(count):
        cid = first_id + n
        grade = _pick_grade(rng)
        district = districts[rng.randrange(len(districts))]
        _areas, roads, estates = DISTRICTS[district]
        road = rng.choice(roads)
        if grade == "individual":
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.35 else 2))
            address = (f"{CITY}{district}{road}{rng.randint(1, 999)}号{rng.choice(estates)}"
                       f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 28)}"
                       f"{rng.randint(1, 4):02d}室")
        else:
            word = rng.choice(COMPANY_WORDS)
            name = {"dealer": f"{district[:-1]}{word}家电经销部{n % 97}",
                    "hypermarket": f"{rng.choice(HYPERMARKETS)}({road}{n % 89}店)",
                    "corporate": f"杭州{word}{rng.choice(['贸易', '物业', '酒店', '科技'])}"
                                 f"有限公司{n % 101}"}[grade]
            address = f"{CITY}{district}{road}{rng.randint(1, 999)}号"
        customers.append((cid, f"{CUSTOMER_CODE_PREFIX}{n + 1:07d}", name, grade, address,
                          regions[district], rng.choice(SOURCES)))
        phones.append((cid, new_phone(), "t"))
        if rng.random() < 0.2:
            phones.append((cid, new_phone(), "f"))
        owned = rng.choices((0, 1, 2, 3), weights=(5, 55, 28, 12))[0]
        if grade != "individual":
            owned += rng.randint(1, 5)
        for _ in range(owned):
            item_id, product, brand, model, months = rng.choice(products)
            bought = today - timedelta(days=rng.randrange(4 * 365))
            serial = (f"{BRAND_CODES.get(brand, 'XX')}{bought:%y%m}"
                      f"{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{rng.randrange(10**7):07d}")
            devices.append((cid, item_id, product, brand, model, serial, bought.isoformat(),
                            rng.choice(("苏宁易购", "国美电器", "京东", "天猫", "品牌专卖店",
                                        "本店")), "t" if rng.random() < 0.7 else "f", months))
    return customers, phones, devices


def load_customers(conn: Connection, *, customers: int = 300, seed: int = 2024) -> int:
    if customers <= 0 or _scalar(
            conn, "SELECT EXISTS (SELECT 1 FROM app.customer WHERE code LIKE :p)",
            p=CUSTOMER_CODE_PREFIX + "%"):
        return 0
    regions = load_regions(conn)
    products = [tuple(r) for r in conn.execute(text(
        "SELECT i.id, c.name, i.brand, i.model, i.default_warranty_months "
        "FROM app.item i JOIN app.item_category c ON c.id = i.category_id "
        "WHERE i.kind = 'product' AND i.code LIKE 'P%' ORDER BY i.code"))]
    if not products:
        products = [(None, p, b, m, w) for p, b, m, w in product_models()]
    bulk = customers > AUDIT_LIMIT and bool(_scalar(
        conn, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    if bulk:
        conn.execute(text("SET LOCAL session_replication_role = replica"))
    first = _reserve_ids(conn, "app.customer", customers)
    rows, phones, devices = generate_customers(customers, seed, regions, products, first,
                                               date.today())
    _copy(conn, "app.customer", ("id", "code", "name", "grade", "address", "region_id",
                                 "source"), rows)
    _copy(conn, "app.customer_phone", ("customer_id", "phone", "is_primary"), phones)
    _copy(conn, "app.device", ("customer_id", "item_id", "product", "brand", "model", "serial",
                               "purchase_date", "purchase_place", "has_proof",
                               "warranty_months"), devices)
    if bulk:
        conn.execute(text("SET LOCAL session_replication_role = origin"))
    return len(rows)
