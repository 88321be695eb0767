"""Returning-customer lookup (app.customer_lookup, services.lookup) against the demo shop,
run as real operators through Database.read()."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from aftersales_desktop.core.db import Database, dsn_engine
from aftersales_desktop.services.demo_shop import load_demo_shop
from aftersales_desktop.services.lookup import CustomerMatch, lookup_customers
from tests.pg import TEST_PASSWORD, TestCluster

pytestmark = pytest.mark.db

# (code, name, phones (first is primary), device serials)
KNOWN = [
    ("LK1", "王晓明", ["13912345678", "0571-88776655"], ["GRTEST-ZX9Q01", "MDTEST-777"]),
    ("LK2", "王晓红", ["13800005678"], []),
    ("LK3", "李建国", ["15855671234"], ["HETEST-ABC"]),
    ("LK4", "停用客户", ["13700005678"], []),  # inactive: never found
]


@dataclass
class Lookup:
    cluster: TestCluster
    db: str
    ids: dict[str, int]
    counter: Database  # counter template: contacts.view
    viewer: Database  # reports.view only: masked phones

    def run(self, who: Database, query: str, limit: int = 100) -> list[CustomerMatch]:
        with who.read() as conn:
            return lookup_customers(conn, query, limit)

    def phones(self) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for cid, phone in self.cluster.execute(
                self.db, "SELECT cp.customer_id, replace(cp.phone, '-', '') FROM "
                         "app.customer_phone cp JOIN app.customer c ON c.id = cp.customer_id "
                         "WHERE c.active"):
            found.setdefault(cid, []).append(phone)
        return found


@pytest.fixture(scope="module")
def shop(cluster: TestCluster) -> Iterator[Lookup]:
    db = cluster.create_database()
    engine = dsn_engine(cluster.dsn(db))
    try:
        with engine.begin() as conn:
            load_demo_shop(conn, customers=300, seed=11)
            again = load_demo_shop(conn, customers=300, seed=11)
            assert again.endswith(" 0 customers"), again
            ids = {}
            for code, name, phones, serials in KNOWN:
                cid = conn.execute(text(
                    "INSERT INTO app.customer (code, name, address, active) "
                    "VALUES (:c, :n, '杭州市西湖区文三路1号', :a) RETURNING id"),
                    {"c": code, "n": name, "a": code != "LK4"}).scalar_one()
                ids[code] = cid
                for i, phone in enumerate(phones):
                    conn.execute(text("INSERT INTO app.customer_phone (customer_id, phone, "
                                      "is_primary) VALUES (:c, :p, :m)"),
                                 {"c": cid, "p": phone, "m": i == 0})
                for serial in serials:
                    conn.execute(text("INSERT INTO app.device (customer_id, product, brand, "
                                      "model, serial, purchase_date, warranty_months) VALUES "
                                      "(:c, '空调', '格力', 'KFR-35GW', :s, '2024-05-01', 72)"),
                                 {"c": cid, "s": serial})
        conn_count = cluster.execute(db, "SELECT count(*) FROM app.customer")[0][0]
        assert conn_count == 300 + len(KNOWN)
    finally:
        engine.dispose()
    profile = cluster.profile(db)
    counter_code = cluster.create_operator(db, capabilities=["intake.create", "contacts.view"])
    viewer_code = cluster.create_operator(db, capabilities=["reports.view"])
    found = Lookup(cluster, db, ids, Database(profile, counter_code, TEST_PASSWORD),
                   Database(profile, viewer_code, TEST_PASSWORD))
    yield found
    found.counter.dispose()
    found.viewer.dispose()


def test_four_digit_fragment_finds_every_customer_with_it(shop: Lookup) -> None:
    expected = {cid for cid, phones in shop.phones().items()
                if any("5678" in p for p in phones)}
    matches = shop.run(shop.counter, "5678")
    assert {m.id for m in matches} == expected
    assert {shop.ids["LK1"], shop.ids["LK2"]} <= expected
    assert shop.ids["LK4"] not in expected  # inactive
    assert all(m.matched_on == "phone" for m in matches)
    # "ends with" (the usual last four digits) before "contains", newest first within
    ranks = [0 if any(p.endswith("5678") for p in shop.phones()[m.id]) else 1 for m in matches]
    assert ranks == sorted(ranks)


def test_whole_number_comes_first_and_separators_are_ignored(shop: Lookup) -> None:
    for query in ("13912345678", "139 1234 5678", "139-1234-5678", "+86 139 1234 5678"):
        matches = shop.run(shop.counter, query)
        assert matches[0].id == shop.ids["LK1"], query
    first = shop.run(shop.counter, "13912345678")[0]
    assert first.phones == ("13912345678", "0571-88776655")  # primary first
    assert first.name == "王晓明" and first.code == "LK1"


def test_landline_fragment_across_the_dash(shop: Lookup) -> None:
    assert shop.ids["LK1"] in {m.id for m in shop.run(shop.counter, "057188776655")}
    assert shop.ids["LK1"] in {m.id for m in shop.run(shop.counter, "1-8877")}


def test_full_width_digits_count(shop: Lookup) -> None:
    assert shop.run(shop.counter, "１３９１２３４５６７８")[0].id == shop.ids["LK1"]


def test_name_fragment_exact_name_first(shop: Lookup) -> None:
    with shop.counter.read() as conn:
        expected = {cid for cid, name in conn.execute(text(
            "SELECT id, name FROM app.customer WHERE active")) if "王晓" in name}
    matches = shop.run(shop.counter, "王晓")
    assert {m.id for m in matches} == expected
    assert shop.run(shop.counter, "王晓明")[0].id == shop.ids["LK1"]
    assert [m.id for m in shop.run(shop.counter, "晓红")][:1] == [shop.ids["LK2"]]
    assert all(m.matched_on == "name" for m in matches)
    assert shop.run(shop.counter, "停用客户") == []


def test_serial_fragment_any_case_with_devices(shop: Lookup) -> None:
    matches = shop.run(shop.counter, "zx9q")
    assert [m.id for m in matches] == [shop.ids["LK1"]]
    match = matches[0]
    assert match.matched_on == "serial"
    assert match.device_count == 2
    assert {d.serial for d in match.devices} == {"GRTEST-ZX9Q01", "MDTEST-777"}
    device = next(d for d in match.devices if d.serial == "GRTEST-ZX9Q01")
    assert (device.product, device.brand, device.warranty_months) == ("空调", "格力", 72)
    assert str(device.purchase_date) == "2024-05-01"
    assert match.last_visits == ()  # until tickets exist
    assert shop.run(shop.counter, "GRTEST-ZX9Q01")[0].id == shop.ids["LK1"]


def test_demo_customers_have_devices_and_grades(shop: Lookup) -> None:
    matches = shop.run(shop.counter, "13", limit=1)  # 2 digits: nothing
    assert matches == []
    some = shop.run(shop.counter, "138", limit=50)
    assert some and all(m.phones for m in some)
    assert any(m.devices for m in some)
    assert {m.grade for m in some} <= {"individual", "dealer", "hypermarket", "corporate"}


def test_phones_are_masked_without_contacts_view(shop: Lookup) -> None:
    matches = shop.run(shop.viewer, "5678")
    lk1 = next(m for m in matches if m.id == shop.ids["LK1"])
    assert lk1.phones == ("139****5678", "057*****6655")  # domain/masking.py mask_phone
    assert lk1.phones_masked
    assert all("*" in p for m in matches for p in m.phones)
    # The whole number still finds the customer...
    assert shop.run(shop.viewer, "13912345678")[0].id == shop.ids["LK1"]
    # ...but the hidden middle digits cannot be probed.
    assert shop.ids["LK1"] not in {m.id for m in shop.run(shop.viewer, "1234")}
    assert shop.ids["LK1"] not in {m.id for m in shop.run(shop.viewer, "139123")}
    assert shop.ids["LK1"] in {m.id for m in shop.run(shop.counter, "1234")}


def test_limit(shop: Lookup) -> None:
    assert len(shop.run(shop.counter, "王晓", limit=1)) == 1
    assert len(shop.run(shop.counter, "138", limit=3)) == 3
    assert len(shop.run(shop.counter, "138", limit=10_000)) <= 100


@pytest.mark.parametrize("query", ["", " ", "王", "5", "  7 ", "%", "__"])
def test_short_or_empty_input_returns_nothing(shop: Lookup, query: str) -> None:
    assert shop.run(shop.counter, query) == []


def test_like_wildcards_are_literal(shop: Lookup) -> None:
    assert shop.run(shop.counter, "王%明") == []
    assert shop.run(shop.counter, "%%%") == []


def test_only_operators_may_call_it(shop: Lookup) -> None:
    rows = shop.cluster.execute(
        shop.db, "SELECT has_function_privilege('public', "
                 "'app.customer_lookup(text, integer)', 'EXECUTE')")
    assert rows == [(False,)]
