"""Finding 3: the embedded simulator is not served in production unless asked for with
its own credentials, and its login counts failures."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from resync.app import create_app
from resync.settings import InsecureSettings, Settings
from tests.fixtures.auth_clients import basic

DEFAULT_SIM = basic("wauser", "wapassword")
PRODUCTION = {
    "environment": "production",
    "secret_key": "a-real-secret",
    "metrics_token": "a-scraper-secret",
}
ENGINE_INFO = "/twsd/api/v2/engine/info"


def test_production_does_not_serve_the_simulator(make_client: Callable[..., TestClient]) -> None:
    api = make_client(**PRODUCTION)
    assert api.get(ENGINE_INFO, headers=DEFAULT_SIM).status_code == 404
    assert api.post("/twsd/sim/faults", json={"status": 500}, headers=DEFAULT_SIM).status_code in (
        404,
        405,
    )
    assert api.get("/health/live").status_code == 200


def test_production_refuses_to_expose_it_with_default_credentials(tmp_path: object) -> None:
    settings = Settings(  # type: ignore[call-arg]
        **PRODUCTION,  # type: ignore[arg-type]
        admin_password="another-real-secret",  # type: ignore[arg-type]
        hwa_sim_expose=True,
        _env_file=None,
    )
    with pytest.raises(InsecureSettings, match="RESYNC_HWA_SIM_PASSWORD"):
        create_app(settings)


def test_production_exposes_it_when_asked_with_its_own_password(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(**PRODUCTION, hwa_sim_expose=True, hwa_sim_password="sim-Secret-99")
    assert api.get(ENGINE_INFO, headers=DEFAULT_SIM).status_code == 401
    assert api.get(ENGINE_INFO, headers=basic("wauser", "sim-Secret-99")).status_code == 200


def test_simulator_login_locks_an_address_after_repeated_failures(
    make_client: Callable[..., TestClient],
) -> None:
    api = make_client(auth_max_failures_per_address=3)
    wrong = basic("wauser", "guess")
    statuses = [api.get(ENGINE_INFO, headers=wrong).status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    locked = api.get(ENGINE_INFO, headers=DEFAULT_SIM)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    # Resync's own in-process connection to the simulator is not locked out with it.
    assert api.get("/health").json()["components"]["hwa"]["status"] == "ok"
