from __future__ import annotations

import re
from pathlib import Path

import pytest

from resync.settings import InsecureSettings, Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    documented = set(re.findall(r"`(RESYNC_[A-Z_]+)`", README.read_text()))
    expected = {f"RESYNC_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set(), "document these settings in the README"
    assert documented - expected == set(), "the README documents settings that do not exist"


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESYNC_LOG_FORMAT", "console")
    monkeypatch.setenv("RESYNC_PORT", "9001")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.log_format == "console" and settings.port == 9001


def test_default_database_lives_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'resync.db'}"


def test_bad_values_are_rejected() -> None:
    with pytest.raises(ValueError, match="log_format"):
        Settings(log_format="xml", _env_file=None)  # type: ignore[call-arg, arg-type]


def test_production_refuses_default_secrets() -> None:
    settings = Settings(environment="production", _env_file=None)  # type: ignore[call-arg, arg-type]
    with pytest.raises(InsecureSettings, match="RESYNC_SECRET_KEY"):
        settings.check_production()
    hardened = Settings(  # type: ignore[call-arg]
        environment="production",  # type: ignore[arg-type]
        secret_key="a-real-secret",  # type: ignore[arg-type]
        admin_password="another-real-secret",  # type: ignore[arg-type]
        metrics_token="a-scraper-secret",  # type: ignore[arg-type]
        _env_file=None,
    )
    hardened.check_production()


def test_four_eyes_defaults_on_in_production_only() -> None:
    development = Settings(_env_file=None)  # type: ignore[call-arg]
    production = Settings(environment="production", _env_file=None)  # type: ignore[call-arg, arg-type]
    forced = Settings(approvals_four_eyes=True, _env_file=None)  # type: ignore[call-arg]
    assert development.approvals_four_eyes is False
    assert production.approvals_four_eyes is True
    assert forced.approvals_four_eyes is True


def test_critical_streams_are_a_normalised_set() -> None:
    settings = Settings(approvals_critical_streams=" js_payroll , JS_EOD,,", _env_file=None)  # type: ignore[call-arg]
    assert settings.critical_streams == {"JS_PAYROLL", "JS_EOD"}
