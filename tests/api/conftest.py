"""Fixtures shared by the API tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app in process with one worker, no preloaded dataset and its own SQLite store
    (a module's tests share it). Modules that need other settings define their own."""
    os.environ["BLANKO_DATABASE_URL"] = \
        f"sqlite:///{tmp_path_factory.mktemp('store') / 'blanko.sqlite3'}"
    try:
        app = create_app(Settings(workers=1, queue_size=4, max_time_limit_s=30,
                                  preload_datasets=[]))
    finally:
        os.environ.pop("BLANKO_DATABASE_URL", None)
    with TestClient(app) as test_client:
        yield test_client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """schemathesis (4.32, under pytest 9) gives each operation's test of
    test_api_schemathesis.py the same node id. pytest-xdist schedules tests by node id, so
    on its workers only the first of the 18 operations ran (the rest silently dropped):
    each is named by its operation, e.g. `...[POST /v1/plans]`."""
    for item in items:
        label = getattr(item, "operation_label", None)
        if label and not item.nodeid.endswith("]"):
            named = f"{item.nodeid}[{label}]"
            if hasattr(item, "_id"):  # pytest 9 keeps the node id structured
                from _pytest.nodeid import coerce_node_id

                item._id = coerce_node_id(named)
            else:
                item._nodeid = named
