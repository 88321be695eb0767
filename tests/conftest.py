"""Shared fixtures: a real PostgreSQL cluster and a migrated shop database per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.memory_keyring.MemoryKeyring"

import pytest

from tests.pg import TestCluster, cluster_from_environment


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestCluster]:
    found = cluster_from_environment(Path(tmp_path_factory.mktemp("pg")))
    try:
        yield found
    finally:
        found.close()


@pytest.fixture(scope="session")
def shop_db(cluster: TestCluster) -> str:
    """A migrated database shared by the session's tests (they use unique operator codes)."""
    return cluster.create_database()


_FOLDER_MARKS = {"unit": "unit", "db": "db", "ui": "gui"}
_DATABASE_FIXTURES = {"cluster", "shop_db"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test by its folder, and as `db` when it reaches the cluster."""
    tests_root = Path(__file__).parent
    for item in items:
        try:
            folder = Path(item.path).relative_to(tests_root).parts[0]
        except ValueError:
            continue
        mark = _FOLDER_MARKS.get(folder)
        if mark is not None:
            item.add_marker(mark)
        if _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("db")
