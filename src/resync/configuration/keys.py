"""Which settings may change at run time, how each is grouped, validated and shown."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

from pydantic import SecretStr, TypeAdapter, ValidationError
from sqlalchemy.engine import make_url

from resync.settings import Settings

# Safe to change while Resync runs: each is read on every use or applied to the live
# object that holds it (services.py registers the appliers).
RUNTIME_KEYS: tuple[str, ...] = (
    "hwa_cache_ttl",
    "hwa_read_retries",
    "hwa_connect_timeout",
    "hwa_read_timeout",
    "hwa_breaker_threshold",
    "hwa_breaker_reset",
    "llm_model",
    "llm_timeout",
    "llm_connect_timeout",
    "llm_max_tokens",
    "llm_step_limit",
    "llm_agent_timeout",
    "routing_handler_timeout",
    "chat_messages_per_minute",
    "chat_max_sessions_per_user",
    "approvals_ttl_seconds",
    "approvals_critical_streams",
    "knowledge_chunk_chars",
    "knowledge_chunk_overlap",
)

# Group of a setting by the start of its name (first match wins).
_GROUPS: tuple[tuple[str, str], ...] = (
    ("hwa_", "hwa"),
    ("database_url", "database"),
    ("data_dir", "database"),
    ("redis_url", "redis"),
    ("llm_", "llm"),
    ("knowledge_embeddings_", "embeddings"),
    ("knowledge_", "knowledge"),
    ("chat_", "chat"),
    ("api_max_body_bytes", "chat"),
    ("auth_", "auth"),
    ("admin_", "auth"),
    ("secret_key", "auth"),
    ("allowed_origins", "auth"),
    ("approvals_", "approvals"),
    ("teams_", "teams"),
    ("routing_", "monitoring"),
    ("metrics_", "monitoring"),
    ("settings_", "monitoring"),
)
GROUP_ORDER = (
    "runtime",
    "hwa",
    "database",
    "redis",
    "llm",
    "embeddings",
    "knowledge",
    "chat",
    "auth",
    "approvals",
    "teams",
    "monitoring",
)
# URLs that may carry a password in their user part.
_URL_KEYS = frozenset({"database_url", "redis_url", "hwa_url", "llm_base_url"})
MASK = "••••••"


def group_of(key: str) -> str:
    for prefix, group in _GROUPS:
        if key.startswith(prefix):
            return group
    return "runtime"


def all_keys() -> list[str]:
    return list(Settings.model_fields)


def is_secret(key: str) -> bool:
    return Settings.model_fields[key].annotation is SecretStr


@cache
def adapter(key: str) -> TypeAdapter[Any]:
    info = Settings.model_fields[key]
    kind: Any = info.annotation
    if info.metadata:
        kind = Annotated[kind, *info.metadata]
    return TypeAdapter(kind)


class SettingProblem(ValueError):
    """A value (or key) the settings manager refuses; ``key`` names the setting."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def validate(key: str, value: Any) -> Any:
    """``value`` as the ``Settings`` field ``key`` types it, in JSON form."""
    if key not in Settings.model_fields:
        raise SettingProblem(key, "não existe essa configuração")
    if key not in RUNTIME_KEYS:
        raise SettingProblem(key, "não pode ser alterada com o Resync em execução")
    typing = adapter(key)
    try:
        typed = typing.validate_python(value)
    except ValidationError as exc:
        raise SettingProblem(key, "; ".join(e["msg"] for e in exc.errors())) from exc
    return typing.dump_python(typed, mode="json")


def shown(key: str, value: Any) -> Any:
    """A value as the console may show it: secrets masked, passwords out of URLs."""
    if isinstance(value, SecretStr):
        return MASK if value.get_secret_value() else ""
    if key in _URL_KEYS and isinstance(value, str) and "@" in value:
        try:
            return make_url(value).render_as_string(hide_password=True)
        except Exception:  # not an SQLAlchemy-style URL: drop the user part entirely
            scheme, _, rest = value.partition("://")
            return f"{scheme}://{MASK}@{rest.rpartition('@')[2]}"
    return TypeAdapter(Any).dump_python(value, mode="json")
