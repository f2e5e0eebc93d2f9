"""The settings manager: run-time changes over the environment's values, in every process.

A change is validated by the ``Settings`` field types, stored in the database with one
audit record per key (actor, old → new, reason), applied to this process at once and
announced on the event bus; every other process reloads the stored changes when it hears
the announcement, and every ``settings_refresh_seconds`` anyway (the safety net when an
event is lost, or when processes share a database but no Redis).

Applying sets the field on the one ``Settings`` object every service reads, then calls
each applier (registered by the composition root) that copies a value into a live object
(the HWA cache's TTL, the chat rate limiter, the LLM client's timeouts…).

A value the environment sets (``RESYNC_…``, ``.env``) wins: it is shown read-only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from resync.audit.service import AuditService
from resync.configuration.keys import (
    RUNTIME_KEYS,
    SettingProblem,
    adapter,
    all_keys,
    group_of,
    is_secret,
    shown,
    validate,
)
from resync.configuration.repository import RuntimeSettingsRepository
from resync.db.engine import Database
from resync.errors import ResyncError
from resync.events import EventBus
from resync.settings import Settings

log = structlog.get_logger(__name__)

TOPIC = "settings"
BUS_RETRY_SECONDS = 5.0
Applier = Callable[[Settings], None]


class InvalidSettings(ResyncError):
    """422 naming each refused key: ``fields`` maps key → why."""

    code = "invalid_setting"
    status_code = 422


@dataclass(frozen=True)
class Override:
    value: Any
    updated_at: datetime
    updated_by: str


def env_name(key: str) -> str:
    return "RESYNC_" + key.upper()


# Settings.__init__ fills these in itself when they are not given.
DERIVED = ("database_url", "approvals_four_eyes", "hwa_sim_expose")


def explicitly_set(settings: Settings) -> frozenset[str]:
    """The fields the environment (or the constructor) set, not those Settings derived."""
    names = set(settings.model_fields_set)
    environment = {name.upper() for name in os.environ}
    names -= {key for key in DERIVED if env_name(key) not in environment}
    return frozenset(names)


def _json(key: str, value: Any) -> Any:
    return adapter(key).dump_python(value, mode="json")


class SettingsManager:
    def __init__(
        self,
        settings: Settings,
        db: Database,
        bus: EventBus,
        audit: AuditService,
    ) -> None:
        self.settings = settings
        self.bus = bus
        self.audit = audit
        self.repository = RuntimeSettingsRepository(db)
        # What the environment set explicitly (env, .env or the constructor): pinned.
        self.from_environment = explicitly_set(settings)
        self.startup = {key: _json(key, getattr(settings, key)) for key in RUNTIME_KEYS}
        self.overrides: dict[str, Override] = {}
        self.appliers: list[Applier] = []
        self.origin = uuid.uuid4().hex  # this process, to skip its own announcements
        self._tasks: list[asyncio.Task[None]] = []
        self._applied = False

    # lifecycle ---------------------------------------------------------------------------

    def on_change(self, applier: Applier) -> None:
        self.appliers.append(applier)

    async def start(self) -> None:
        """Apply what is stored, then follow the bus and refresh periodically."""
        await self.refresh()
        self._tasks = [
            asyncio.create_task(self._follow(), name="settings-follow"),
            asyncio.create_task(self._periodic(), name="settings-refresh"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _follow(self) -> None:
        """Reload when another process announces a change; a bus that is away (Redis down)
        is retried, and meanwhile the periodic refresh still applies changes."""
        while True:
            try:
                async with self.bus.subscribe(TOPIC) as events:
                    async for payload in events:
                        if payload.get("origin") != self.origin:
                            await self._refresh_logged("event")
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("settings_follow_failed", error=str(exc))
            await asyncio.sleep(BUS_RETRY_SECONDS)

    async def _periodic(self) -> None:
        while True:
            await asyncio.sleep(self.settings.settings_refresh_seconds)
            await self._refresh_logged("timer")

    async def _refresh_logged(self, why: str) -> None:
        try:
            changed = await self.refresh()
        except Exception as exc:  # the database is away: keep the values we have
            log.warning("settings_refresh_failed", why=why, error=str(exc))
            return
        if changed:
            log.info("settings_refreshed", why=why, keys=sorted(changed))

    # reading -----------------------------------------------------------------------------

    def pinned(self, key: str) -> bool:
        return key in self.from_environment

    def effective(self, key: str) -> Any:
        override = self.overrides.get(key)
        if override is not None and not self.pinned(key):
            return override.value
        return self.startup[key]

    def source(self, key: str) -> str:
        if self.pinned(key):
            return "environment"
        if key in self.overrides:
            return "console"
        return "default"

    def entry(self, key: str) -> dict[str, Any]:
        """One setting as the console shows it (secrets masked)."""
        field = Settings.model_fields[key]
        runtime = key in RUNTIME_KEYS
        override = self.overrides.get(key)
        return {
            "key": key,
            "group": group_of(key),
            "env": env_name(key),
            "value": shown(key, getattr(self.settings, key)),
            "default": shown(key, field.default),
            "source": self.source(key),
            "runtime": runtime,
            "editable": runtime and not self.pinned(key),
            "secret": is_secret(key),
            "read_only_reason": self._read_only_reason(key),
            "updated_at": override.updated_at.isoformat() if override else None,
            "updated_by": override.updated_by if override else None,
        }

    def _read_only_reason(self, key: str) -> str | None:
        if key not in RUNTIME_KEYS:
            return "só muda com o Resync reiniciado (ambiente ou .env)"
        if self.pinned(key):
            return f"definida pelo ambiente ({env_name(key)}), que prevalece sobre o console"
        return None

    def listing(self) -> list[dict[str, Any]]:
        return [self.entry(key) for key in all_keys()]

    # changing ----------------------------------------------------------------------------

    def check(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """The changes as stored, or :class:`InvalidSettings` naming every bad key."""
        problems: dict[str, str] = {}
        checked: dict[str, Any] = {}
        for key, value in changes.items():
            try:
                checked[key] = validate(key, value)
            except SettingProblem as problem:
                problems[key] = problem.message
                continue
            if self.pinned(key):
                problems[key] = self._read_only_reason(key) or "somente leitura"
        chars = checked.get("knowledge_chunk_chars", self.effective("knowledge_chunk_chars"))
        overlap = checked.get("knowledge_chunk_overlap", self.effective("knowledge_chunk_overlap"))
        if not problems and overlap >= chars:
            problems["knowledge_chunk_overlap"] = "precisa ser menor que knowledge_chunk_chars"
        if problems:
            detail = [
                {"loc": ["changes", key], "msg": message, "type": "invalid_setting"}
                for key, message in problems.items()
            ]
            raise InvalidSettings(
                "; ".join(f"{k}: {m}" for k, m in problems.items()),
                fields=problems,
                problems=detail,
            )
        return checked

    async def change(self, changes: Mapping[str, Any], reason: str, actor: str) -> list[str]:
        if not changes:
            raise InvalidSettings("nenhuma alteração informada", fields={"changes": "vazio"})
        checked = self.check(changes)
        audit = [
            self.audit.entry(
                "settings.change",
                actor=actor,
                target=key,
                detail={"old": self.effective(key), "new": value, "reason": reason},
            )
            for key, value in checked.items()
        ]
        await self.repository.save(checked, (), actor, audit)
        await self._announce(list(checked))
        return list(checked)

    async def reset(self, key: str, reason: str, actor: str) -> None:
        """Back to the environment's (or the default) value."""
        if key not in Settings.model_fields or key not in RUNTIME_KEYS or self.pinned(key):
            problem = (
                "não existe essa configuração"
                if key not in Settings.model_fields
                else self._read_only_reason(key) or "somente leitura"
            )
            raise InvalidSettings(f"{key}: {problem}", fields={key: problem})
        row = self.audit.entry(
            "settings.reset",
            actor=actor,
            target=key,
            detail={"old": self.effective(key), "new": self.startup[key], "reason": reason},
        )
        await self.repository.save({}, (key,), actor, [row])
        await self._announce([key])

    async def _announce(self, keys: list[str]) -> None:
        await self.refresh()
        try:
            await self.bus.publish(TOPIC, {"origin": self.origin, "keys": keys})
        except Exception as exc:  # others still pick it up on their periodic refresh
            log.warning("settings_announce_failed", error=str(exc))

    # applying ----------------------------------------------------------------------------

    async def refresh(self) -> set[str]:
        """Reload the stored changes; apply them when any differs. The keys that changed."""
        rows = await self.repository.load()
        loaded = {
            key: Override(row.value, row.updated_at, row.updated_by)
            for key, row in rows.items()
            if key in RUNTIME_KEYS
        }
        before = {key: self.effective(key) for key in RUNTIME_KEYS}
        self.overrides = loaded
        changed = {key for key in RUNTIME_KEYS if self.effective(key) != before[key]}
        if changed or not self._applied:
            self._apply()
        return changed

    def _apply(self) -> None:
        for key in RUNTIME_KEYS:
            value = self.effective(key)
            try:
                typed = adapter(key).validate_python(value)
            except Exception as exc:  # a row an older version wrote: keep the current value
                log.warning("settings_value_skipped", key=key, error=str(exc))
                continue
            setattr(self.settings, key, typed)
        for applier in self.appliers:
            try:
                applier(self.settings)
            except Exception as exc:
                log.error("settings_applier_failed", applier=applier.__qualname__, error=str(exc))
        self._applied = True
