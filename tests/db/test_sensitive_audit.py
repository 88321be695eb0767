"""The change log never hands phones or cost prices to someone without the capability."""

from __future__ import annotations

import psycopg2
import pytest

from aftersales_desktop.core.db import Database
from aftersales_desktop.data.audit_lists import change_entry
from tests.pg import TEST_PASSWORD, TestCluster


def _latest(cluster: TestCluster, db: str, table: str) -> int:
    rows = cluster.execute(db, "SELECT max(id) FROM audit.change_log WHERE table_name = %s",
                           (table,))
    return int(rows[0][0])


@pytest.mark.parametrize(("table", "setup", "change", "field", "capability", "old", "new"), [
    ("app.customer_phone",
     "INSERT INTO app.customer (code, name) VALUES ('S-1', '周女士'); "
     "INSERT INTO app.customer_phone (customer_id, phone) "
     "SELECT id, '13812345678' FROM app.customer WHERE code = 'S-1'",
     "UPDATE app.customer_phone SET phone = '13987654321' WHERE phone = '13812345678'",
     "phone", "contacts.view", "13812345678", "13987654321"),
    ("app.item_cost",
     "INSERT INTO app.item (code, name, sale_price) VALUES ('P-1', '压缩机', 980); "
     "INSERT INTO app.item_cost SELECT id, 612.50 FROM app.item WHERE code = 'P-1'",
     "UPDATE app.item_cost SET cost_price = 640.00",
     "cost_price", "costs.view", 612.5, 640.0),
])
def test_sensitive_values_are_redacted(cluster: TestCluster, table: str, setup: str,
                                       change: str, field: str, capability: str,
                                       old: object, new: object) -> None:
    db = cluster.create_database()
    cluster.execute(db, setup)
    cluster.execute(db, change)
    entry_id = _latest(cluster, db, table)
    auditor = cluster.create_operator(db, capabilities=["log.view"])
    trusted = cluster.create_operator(db, capabilities=["log.view", capability])
    profile = cluster.profile(db)

    # through plain SQL: the log row carries only ***
    conn = psycopg2.connect(**profile.connect_kwargs(auditor, TEST_PASSWORD))
    with conn.cursor() as cur:
        cur.execute("SELECT old_values, new_values FROM audit.change_log WHERE id = %s",
                    (entry_id,))
        assert cur.fetchone() == ({field: "***"}, {field: "***"})
        cur.execute("SELECT * FROM audit.sensitive_values(%s)", (entry_id,))
        assert cur.fetchall() == []
        with pytest.raises(psycopg2.errors.InsufficientPrivilege):
            cur.execute("SELECT * FROM audit.sensitive_value")
    conn.close()

    # through the viewer's query: *** for the auditor, real values for the trusted one
    for code, expected in ((auditor, ("***", "***")), (trusted, (old, new))):
        database = Database(profile, code, TEST_PASSWORD)
        try:
            with database.read() as c:
                entry = change_entry(c, entry_id)
        finally:
            database.dispose()
        assert entry.fields == [(field, *expected)]
