"""Fixtures shared by the page's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app in process: one worker, no preloaded dataset (a module's tests share it)."""
    settings = Settings(workers=1, queue_size=4, preload_datasets=[], max_time_limit_s=30)
    with TestClient(create_app(settings)) as test_client:
        yield test_client
