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
