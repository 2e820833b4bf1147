"""Databases for the plan-store tests: a temporary SQLite file always, and PostgreSQL
when BLANKO_TEST_DATABASE_URL is set (each test gets a schema of its own, dropped after).

Use `database_url` as a fixture (import it into the test module)."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

POSTGRES_URL = os.environ.get("BLANKO_TEST_DATABASE_URL", "").strip()
NO_POSTGRES = ("BLANKO_TEST_DATABASE_URL is not set: the PostgreSQL half of the plan-store "
               "tests is skipped (CI sets it when a server answers on 127.0.0.1:5432)")
BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql",
                         marks=pytest.mark.skipif(not POSTGRES_URL, reason=NO_POSTGRES))]


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'blanko.sqlite3'}"


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    with postgres_schema() as url:
        yield url


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    schema = f"blanko_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh, empty database on `backend` ("sqlite" or "postgresql"), for any scope."""
    if backend == "sqlite":
        yield sqlite_url(folder)
        return
    with postgres_schema() as url:
        yield url
