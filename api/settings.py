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
    max_body_bytes: int = Field(5_000_000, ge=1, description="Largest request body, in bytes.")
    api_key: SecretStr | None = Field(None, description="When set, /v1 requires this value in "
                                                         "the X-API-Key header.")
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

    @field_validator("cors_origins", "preload_datasets", mode="before")
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
