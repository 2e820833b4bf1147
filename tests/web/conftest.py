"""The page's plan store never lands in the user's own data directory during tests: a
temporary one for the session, for in-process apps and `blanko serve` subprocesses
alike (platformdirs honours XDG_DATA_HOME), as in tests/api/conftest.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _temporary_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    home: Path = tmp_path_factory.mktemp("xdg-data")
    saved = {k: os.environ.get(k) for k in ("XDG_DATA_HOME", "BLANKO_DATABASE_URL")}
    os.environ["XDG_DATA_HOME"] = str(home)
    os.environ.pop("BLANKO_DATABASE_URL", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
