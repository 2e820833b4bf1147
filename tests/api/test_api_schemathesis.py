"""schemathesis against the service's own OpenAPI schema, over HTTP to a real `blanko
serve`: valid and invalid requests alike, a bounded number of examples per operation;
never a 5xx, and every 4xx a problem body."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from api.main import create_app
from api.process import running_server
from api.settings import Settings

schemathesis = pytest.importorskip("schemathesis")
checks = pytest.importorskip("schemathesis.specs.openapi.checks")

# Bounded for CI; raise it locally (SCHEMATHESIS_EXAMPLES=500) for a deeper search.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "30"))
API_KEY = "schemathesis-key"


config = schemathesis.config.SchemathesisConfig.from_dict(
    {"auth": {"openapi": {"APIKeyHeader": {"api_key": API_KEY}}}})
# The schema the server will serve, read without starting one; the server starts once
# for the whole module (the fixture below) and every case goes to it over HTTP.
schema = schemathesis.openapi.from_dict(create_app(Settings(workers=1)).openapi(),
                                        config=config)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    # A short cap on the solve time keeps every generated instance quick. With a key set,
    # schemathesis also checks that every /v1 operation refuses a request without it.
    with running_server(workers=2, api_key=API_KEY, max_time_limit_s="2",
                        queue_size="64") as server:
        yield server.url


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_problem_bodies(case: Any, server_url: str) -> None:
    response = case.call(base_url=server_url, timeout=60)
    # Schema-valid input may still be refused (an unknown district, say): do not demand 2xx.
    case.validate_response(response, excluded_checks=[checks.positive_data_acceptance])
    assert response.status_code < 500, response.text
    if 400 <= response.status_code < 500:
        content_type = response.headers["content-type"]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json")
        body = response.json()
        assert {"type", "title", "status", "detail", "errors"} <= body.keys()
        assert body["status"] == response.status_code
        assert all({"pointer", "message"} <= e.keys() for e in body["errors"])
