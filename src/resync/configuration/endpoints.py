"""``/api/v1/admin/settings`` (the settings manager), ``/api/v1/admin/config`` (the effective
configuration, grouped) and its connection tests. Admin role."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator

from resync.auth.dependencies import AdminUser
from resync.configuration.dependencies import ProbesDep, SettingsManagerDep
from resync.configuration.keys import GROUP_ORDER

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


class SettingsChange(BaseModel):
    changes: dict[str, Any] = Field(min_length=1, max_length=50)
    reason: str = Field(min_length=1, max_length=500)

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("informe o motivo da alteração")
        return value.strip()


@router.get("/settings")
async def list_settings(_: AdminUser, manager: SettingsManagerDep) -> dict[str, Any]:
    return {"settings": manager.listing()}


@router.put("/settings")
async def change_settings(
    body: SettingsChange, user: AdminUser, manager: SettingsManagerDep
) -> dict[str, Any]:
    changed = await manager.change(body.changes, body.reason, user.username)
    return {"changed": [manager.entry(key) for key in changed]}


@router.delete("/settings/{key}")
async def reset_setting(
    key: str,
    user: AdminUser,
    manager: SettingsManagerDep,
    reason: str = Query(min_length=1, max_length=500, pattern=r"\S"),
) -> dict[str, Any]:
    await manager.reset(key, reason.strip(), user.username)
    return manager.entry(key)


@router.get("/config")
async def effective_config(
    _: AdminUser, manager: SettingsManagerDep, probes: ProbesDep
) -> dict[str, Any]:
    entries = manager.listing()
    groups = [
        {"name": name, "settings": [e for e in entries if e["group"] == name]}
        for name in GROUP_ORDER
    ]
    return {"groups": [g for g in groups if g["settings"]], "tests": probes.names()}


@router.post("/config/test/{target}")
async def test_connection(target: str, _: AdminUser, probes: ProbesDep) -> dict[str, Any]:
    return await probes.run(target)
