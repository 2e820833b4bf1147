"""Fixtures shared by the page's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app in process: one worker, no preloaded dataset (a module's tests share it).

    The page's tests check what the page shows, not the pool's hard deadline (tests/api's
    test_workers and test_chaos do, with settings of their own): a solver on a loaded
    machine (the suite runs on two workers) gets 60 s, not 5, to read an upload before
    it is killed, which then failed every later test of the module with 503 not-ready."""
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30,
                        deadline_grace_s=60)
    with TestClient(create_app(settings)) as test_client:
        yield test_client
