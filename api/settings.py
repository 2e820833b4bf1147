"""Service settings, read from `BLANKO_*` environment variables (pydantic-settings)."""

from __future__ import annotations

import json
import os
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _cores() -> int:
    return os.cpu_count() or 1


class Settings(BaseSettings):
    """Every setting of the HTTP service; `BLANKO_<NAME>` sets `<name>`."""

    model_config = SettingsConfigDict(env_prefix="BLANKO_", frozen=True, extra="ignore")

    host: str = Field("127.0.0.1", description="Address `blanko serve` listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port `blanko serve` listens on.")
    workers: int = Field(default_factory=_cores, ge=1, le=256,
                         description="Solver processes (default: the number of cores).")
    queue_size: int = Field(64, ge=0, le=100_000,
                            description="Requests that may wait for a busy solver; more get "
                                        "503 with Retry-After.")
    queue_wait_s: float = Field(1.0, ge=0.0, le=3600.0,
                                description="A synchronous request is refused (503 busy, with "
                                            "Retry-After) rather than queued while every solver "
                                            "runs a job older than this, and leaves the queue "
                                            "with that 503 when it becomes so. A request may ask "
                                            "for another bound with `Prefer: wait=N`.")
    max_queue_wait_s: float = Field(30.0, ge=0.0, le=3600.0,
                                    description="Largest `Prefer: wait` honoured.")
    max_body_bytes: int = Field(5_000_000, ge=1, description="Largest request body, in bytes.")
    api_key: SecretStr | None = Field(None, description="When set, /v1 requires this value in "
                                                         "the X-API-Key header.")
    page_session_s: int = Field(12 * 3600, ge=60, le=30 * 86400,
                                description="With api_key set: how long the web page's "
                                            "sign-in lasts, in seconds (the session cookie's "
                                            "Max-Age; the server refuses an older cookie and "
                                            "the page asks for the key again).")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS: comma-separated or a JSON "
                                          "list. None by default.")
    max_time_limit_s: float = Field(30.0, gt=0.0, le=3600.0,
                                    description="Cap on a request's policy.time_limit_s.")
    preload_datasets: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["palembang"],
        description="Datasets each solver process loads (and solves once) at start-up.")
    startup_timeout_s: float = Field(120.0, gt=0.0,
                                     description="Longest wait for the solver processes to "
                                                 "start.")
    # --- bodies: read in full, in time, before a request takes a queue place (issue 13)
    body_timeout_s: float = Field(30.0, gt=0.0, le=3600.0,
                                  description="A request body must arrive in full within this "
                                              "many seconds of the request's start; else 408.")
    body_grace_s: float = Field(2.0, ge=0.0, le=600.0,
                                description="Seconds a body may take before the minimum rate "
                                            "applies.")
    body_min_bytes_per_s: int = Field(16_384, ge=1,
                                      description="Slowest body upload allowed after the grace: "
                                                  "by t seconds a body must have sent "
                                                  "rate * (t - grace) bytes; else 408.")
    max_body_readers: int = Field(32, ge=1, le=100_000,
                                  description="Requests whose body is still arriving, at most; "
                                              "more get 503 with Retry-After at once.")
    # --- problem sizes, checked before any solve
    max_pairs: int = Field(500_000, ge=1,
                           description="Allowed area-site pairs of one request, counted with "
                                       "its max_travel_km (every pair when it is unset).")
    max_job_pairs: int = Field(2_000_000, ge=1,
                               description="The same count for an asynchronous job (POST "
                                           "/v1/jobs), which no client waits on: "
                                           "synthetic-national, about 985,000 pairs, is "
                                           "planned there (about 900 MiB of a solver's "
                                           "memory, BLANKO_SOLVER_MEMORY_MB).")
    max_areas: int = Field(20_000, ge=1, description="Areas of one instance.")
    max_sites: int = Field(5_000, ge=1, description="Sites of one instance.")
    max_tiers: int = Field(16, ge=1, description="Tiers of one instance.")
    max_policies: int = Field(8, ge=1, le=16, description="Policies of one comparison.")
    async_only_datasets: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["synthetic-national"],
        description="Bundled datasets refused on the synchronous routes without loading them "
                    "(they are over max_pairs: synthetic-national has about 985,000 pairs); "
                    "others over max_pairs are found when first asked for.")
    max_override_entries: int = Field(10_000, ge=0,
                                      description="Sites and areas changed under `overrides` "
                                                  "in one request (an area's backlog tiers are "
                                                  "bounded by max_tiers).")
    # --- solver processes
    deadline_grace_s: float = Field(5.0, gt=0.0, le=600.0,
                                    description="A job gets this long to read and check its "
                                                "input, then its time limit (capped) plus this "
                                                "long to solve; past that its solver process is "
                                                "killed and replaced and the request gets 504.")
    spare_solvers: int = Field(1, ge=0, le=16,
                               description="Solver processes kept started and idle, to take a "
                                           "killed or crashed solver's place at once.")
    solver_memory_mb: int = Field(4096, ge=0,
                                  description="Address space of each solver process (RLIMIT_AS), "
                                              "in MiB; 0 for no limit. Past it: 413.")
    shutdown_grace_s: float = Field(10.0, ge=0.0, le=600.0,
                                    description="On SIGTERM, running jobs get this long to "
                                                "finish; queued ones get 503 at once.")
    # --- the HTTP server (uvicorn; read by `blanko serve`)
    max_connections: int | None = Field(None, ge=1,
                                        description="Open connections plus requests in flight "
                                                    "before uvicorn answers 503 itself "
                                                    "(uvicorn's limit_concurrency); unset: no "
                                                    "limit.")
    keep_alive_s: float = Field(5.0, gt=0.0, le=600.0,
                                description="Idle keep-alive connections are closed after this "
                                            "many seconds (uvicorn's timeout_keep_alive).")
    max_header_bytes: int = Field(16_384, ge=1024,
                                  description="Largest request line and headers still "
                                              "arriving (api/protocol.py; passed as uvicorn's "
                                              "h11_max_incomplete_event_size); more gets a 400 "
                                              "problem.")

    @field_validator("cors_origins", "preload_datasets", "async_only_datasets", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("api_key", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value
