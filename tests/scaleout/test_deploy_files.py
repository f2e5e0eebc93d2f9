"""The reference deployment under deploy/ says only what Resync understands: every
``RESYNC_`` variable named there is a setting, every probe a route; the image runs as an
unprivileged user with a healthcheck; compose and Kubernetes hold every piece."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from resync.app import create_app
from resync.settings import Settings

DEPLOY = Path(__file__).parents[2] / "deploy"


def _manifests() -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((DEPLOY / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            found[doc["kind"]] = doc
    return found


def test_every_variable_named_in_deploy_is_a_setting() -> None:
    fields = {f"RESYNC_{name.upper()}" for name in Settings.model_fields}
    named = set()
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            named |= set(re.findall(r"\bRESYNC_[A-Z0-9_]+", path.read_text()))
    assert named, "no settings named in deploy/"
    assert named <= fields, sorted(named - fields)


def test_probes_and_healthchecks_ask_routes_that_exist(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]
    routes = set(app.openapi()["paths"])
    container = _manifests()["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    probes = {kind: container[kind]["httpGet"]["path"] for kind in
              ("startupProbe", "readinessProbe", "livenessProbe")}  # fmt: skip
    assert probes["readinessProbe"] == "/health/ready"
    assert set(probes.values()) <= routes
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "/health/ready" in dockerfile and "/health/ready" in routes


def test_the_image_runs_unprivileged_with_a_healthcheck() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert re.search(r"^HEALTHCHECK ", dockerfile, re.MULTILINE)
    pod = _manifests()["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_kubernetes_and_compose_hold_every_piece() -> None:
    manifests = _manifests()
    assert {"Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget"} <= set(manifests)
    deployment = manifests["Deployment"]
    assert deployment["spec"]["replicas"] >= 2
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert manifests["Service"]["spec"]["selector"] == selector
    assert manifests["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"] == selector

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "simulator", "resync", "nginx"} <= set(services)
    assert services["resync"]["deploy"]["replicas"] >= 2
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]
    environment = services["resync"]["environment"]
    assert environment["RESYNC_DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert environment["RESYNC_REDIS_URL"].startswith("redis://")


def test_the_systemd_unit_serves_several_workers_and_drains() -> None:
    unit = (DEPLOY / "resync.service").read_text()
    start = re.search(r"^ExecStart=(.+)$", unit, re.MULTILINE)
    assert start and "resync serve" in start.group(1) and "--workers" in start.group(1)
    assert re.search(r"^KillSignal=SIGTERM$", unit, re.MULTILINE)
    # The supervisor passes SIGTERM on: sent to every process too, it would arrive twice.
    assert re.search(r"^KillMode=mixed$", unit, re.MULTILINE)
    assert re.search(r"^User=resync$", unit, re.MULTILINE)
