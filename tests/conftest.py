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
