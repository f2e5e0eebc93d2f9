"""All configuration: one pydantic-settings class, environment prefix ``RESYNC_``.

Every field is documented in the README's configuration table (a test checks it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.requests import HTTPConnection

from resync.wiring import component

DEFAULT_ADMIN_PASSWORD = "resync-admin"
DEFAULT_SECRET_KEY = "resync-development-secret-change-me"
DEFAULT_SIMULATOR_PASSWORD = "wapassword"


class Environment(StrEnum):
    development = "development"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RESYNC_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # Runtime
    environment: Environment = Environment.development
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "console"] = "json"
    data_dir: Path = Path("var")
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET_KEY)

    # Storage
    database_url: str = ""
    redis_url: str = ""

    # HWA / TWS connection (empty URL: the in-process simulator is used)
    hwa_url: str = ""
    hwa_username: str = "wauser"
    hwa_password: SecretStr = SecretStr(DEFAULT_SIMULATOR_PASSWORD)
    hwa_api_key: SecretStr = SecretStr("")
    hwa_verify_tls: bool = True
    hwa_ca_bundle: str = ""
    hwa_connect_timeout: float = Field(5.0, gt=0)
    hwa_read_timeout: float = Field(30.0, gt=0)
    hwa_read_retries: int = Field(2, ge=0, le=10)
    hwa_cache_ttl: float = Field(5.0, ge=0)
    hwa_breaker_threshold: int = Field(5, ge=1)
    hwa_breaker_reset: float = Field(30.0, gt=0)

    # The built-in HWA simulator (used when hwa_url is empty, and by `resync tws-sim`)
    hwa_sim_seed: int = 42
    hwa_sim_clock_speed: float = Field(1.0, ge=0)
    # Where the simulated clock starts (a UTC instant); empty: now. A fixed start makes the
    # plan's times of day repeatable (the scenario evaluation uses one).
    hwa_sim_start: datetime | None = None
    hwa_sim_username: str = "wauser"
    hwa_sim_password: SecretStr = SecretStr(DEFAULT_SIMULATOR_PASSWORD)
    # Mount the simulator at /twsd (None: in development only; production needs its own
    # non-default password to mount it)
    hwa_sim_expose: bool | None = None

    # LLM (empty URL: deterministic answers)
    llm_base_url: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = Field(30.0, gt=0)
    llm_connect_timeout: float = Field(5.0, gt=0)
    llm_max_tokens: int = Field(1024, ge=16, le=32768)
    llm_step_limit: int = Field(6, ge=1, le=20)
    llm_agent_timeout: float = Field(90.0, gt=0)

    # Routing decisions (ring buffer in memory, persisted in the database)
    routing_decisions_retention_days: int = Field(30, ge=1)
    routing_handler_timeout: float = Field(120.0, gt=0)

    # Knowledge base
    knowledge_max_document_bytes: int = Field(20 * 1024 * 1024, gt=0)
    knowledge_chunk_chars: int = Field(1200, ge=200)
    knowledge_chunk_overlap: int = Field(150, ge=0)
    knowledge_load_starter_corpus: bool = True
    knowledge_embeddings_url: str = ""
    knowledge_embeddings_model: str = "text-embedding-3-small"
    knowledge_embeddings_api_key: SecretStr = SecretStr("")
    knowledge_embeddings_timeout: float = Field(10.0, gt=0)

    knowledge_max_text_chars: int = Field(5_000_000, ge=1000)
    knowledge_max_chunks_per_document: int = Field(5000, ge=1)
    knowledge_parse_timeout: float = Field(30.0, gt=0)

    # Requests
    api_max_body_bytes: int = Field(64 * 1024, ge=1024)
    allowed_origins: str = ""
    metrics_token: SecretStr = SecretStr("")

    # Notifications
    teams_webhook_url: SecretStr = SecretStr("")
    teams_allow_private_urls: bool = False
    teams_public_url: str = ""
    teams_timeout_seconds: float = Field(10.0, gt=0)
    teams_max_attempts: int = Field(6, ge=1, le=50)
    teams_backoff_seconds: float = Field(2.0, gt=0)
    teams_backoff_max_seconds: float = Field(300.0, gt=0)
    teams_poll_seconds: float = Field(5.0, gt=0)
    teams_outgoing_secret: SecretStr = SecretStr("")
    teams_unmapped_users: Literal["viewer", "refuse"] = "viewer"
    teams_reply_budget_seconds: float = Field(4.0, gt=0, le=4.8)

    # Chat
    chat_max_frame_bytes: int = Field(65536, ge=1024)
    chat_messages_per_minute: int = Field(30, ge=1)
    chat_max_sessions_per_user: int = Field(5, ge=1)
    chat_ws_compression: bool = False

    # First administrator, created on first start
    admin_username: str = "admin"
    admin_password: SecretStr = SecretStr(DEFAULT_ADMIN_PASSWORD)

    # Authentication
    auth_max_failures: int = Field(5, ge=1)
    auth_max_failures_per_address: int = Field(20, ge=1)
    auth_lockout_seconds: float = Field(900.0, gt=0)
    auth_cache_seconds: float = Field(60.0, ge=0)
    auth_ticket_seconds: float = Field(30.0, gt=0)

    # Approvals of plan changes (four-eyes: None = on in production, off in development)
    approvals_four_eyes: bool | None = None
    approvals_ttl_seconds: float = Field(4 * 3600.0, gt=0)
    approvals_critical_streams: str = "JS_PAYROLL,JS_BILLING,JS_EOD,JS_CLOSING"

    # Monitoring: the poller reads the plan every so often and raises alerts
    monitoring_enabled: bool = Field(True, description="run the poller (one per deployment)")
    monitoring_poll_seconds: float = Field(
        30.0, gt=0, description="seconds between two reads of the plan by the poller"
    )
    monitoring_prompt_minutes: float = Field(
        30.0, gt=0, description="a prompt unanswered this long raises an alert"
    )
    # Scale-out: several processes (workers, replicas) on PostgreSQL and Redis
    shutdown_timeout: float = Field(20.0, gt=0)  # SIGTERM: seconds for sockets, then requests
    # Proxies (comma-separated addresses or networks, "*" for any) whose X-Forwarded-For and
    # X-Forwarded-Proto are believed: the audit log and login throttling then see the real
    # client. Empty: the headers are ignored, so a client cannot forge its address.
    trusted_proxies: str = ""
    # Settings manager: how often each process reloads the settings changed in the console
    # (changes are also announced on the event bus; this is the safety net)
    settings_refresh_seconds: float = Field(30.0, gt=0)

    @model_validator(mode="after")
    def _derive_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///{self.data_dir / 'resync.db'}"
        if self.approvals_four_eyes is None:
            self.approvals_four_eyes = self.is_production
        if self.hwa_sim_expose is None:
            self.hwa_sim_expose = not self.is_production
        return self

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production

    @property
    def critical_streams(self) -> frozenset[str]:
        names = self.approvals_critical_streams.split(",")
        return frozenset(name.strip().upper() for name in names if name.strip())

    @property
    def link_base(self) -> str:
        """Resync's address in links sent out (Teams cards)."""
        return self.teams_public_url.strip().rstrip("/") or f"http://{self.host}:{self.port}"

    @property
    def uses_simulator(self) -> bool:
        return not self.hwa_url.strip()

    @property
    def mounts_simulator(self) -> bool:
        """The simulator is served at ``/twsd`` (not only used in-process)."""
        return self.uses_simulator and bool(self.hwa_sim_expose)

    @property
    def origins(self) -> frozenset[str]:
        """Extra allowed ``Origin`` values besides the request's own (same-origin)."""
        names = self.allowed_origins.split(",")
        return frozenset(name.strip().rstrip("/").lower() for name in names if name.strip())

    def default_secrets_in_use(self) -> list[str]:
        """Names of settings still holding a development default."""
        found = []
        if self.secret_key.get_secret_value() == DEFAULT_SECRET_KEY:
            found.append("RESYNC_SECRET_KEY")
        if self.admin_password.get_secret_value() == DEFAULT_ADMIN_PASSWORD:
            found.append("RESYNC_ADMIN_PASSWORD")
        if (
            not self.uses_simulator
            and not self.hwa_api_key.get_secret_value()
            and self.hwa_password.get_secret_value() == DEFAULT_SIMULATOR_PASSWORD
        ):
            found.append("RESYNC_HWA_PASSWORD")
        if (
            self.mounts_simulator
            and self.hwa_sim_password.get_secret_value() == DEFAULT_SIMULATOR_PASSWORD
        ):
            found.append("RESYNC_HWA_SIM_PASSWORD")
        return found

    def check_production(self) -> None:
        """Production refuses to start with development secrets."""
        if not self.is_production:
            return
        defaults = self.default_secrets_in_use()
        if not self.metrics_token.get_secret_value():
            defaults.append("RESYNC_METRICS_TOKEN (empty)")
        if defaults:
            raise InsecureSettings(
                "refusing to start in production with default secrets: " + ", ".join(defaults)
            )


class InsecureSettings(RuntimeError):
    pass


def app_settings(connection: HTTPConnection) -> Settings:
    """The running app's settings (a FastAPI dependency)."""
    return component(connection, "settings", Settings)


SettingsDep = Annotated[Settings, Depends(app_settings)]
