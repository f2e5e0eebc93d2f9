"""``resync users …`` against the same database the server uses."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.fixtures.processes import run_resync


def _users(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_resync("users", *args, env={"RESYNC_DATA_DIR": str(tmp_path / "var")}, timeout=60)


def test_add_passwd_disable_enable_and_list(tmp_path: Path) -> None:
    added = _users(tmp_path, "add", "paula", "--role", "operator", "--password", "paula-pass-1")
    assert added.returncode == 0, added.stderr
    assert "created paula (operator)" in added.stdout
    assert _users(tmp_path, "passwd", "paula", "--password", "paula-pass-2").returncode == 0
    assert _users(tmp_path, "disable", "paula").returncode == 0
    listed = _users(tmp_path, "list").stdout.splitlines()
    rows = {line.split()[0]: line.split()[1:3] for line in listed}
    assert rows == {"admin": ["admin", "active"], "paula": ["operator", "disabled"]}
    assert _users(tmp_path, "enable", "paula").returncode == 0
    assert "paula-pass" not in added.stdout + added.stderr


def test_errors_are_clear_and_exit_non_zero(tmp_path: Path) -> None:
    missing = _users(tmp_path, "disable", "nobody")
    assert missing.returncode == 1 and "not found" in missing.stderr
    _users(tmp_path, "add", "quim", "--password", "quim-pass-1")
    twice = _users(tmp_path, "add", "quim", "--password", "quim-pass-1")
    assert twice.returncode == 1 and "already exists" in twice.stderr
    short = _users(tmp_path, "add", "rita", "--password", "x")
    assert short.returncode == 1
