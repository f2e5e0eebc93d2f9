"""The reference nginx config (deploy/nginx.conf) in front of two Resync processes:
``nginx -t`` accepts it, chat sockets upgrade through it and land on both replicas
without sticky sessions, REST chat answers through it, and replicas that trust the proxy
record the operator's address from its X-Forwarded-For (one that trusts none ignores it)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.fixtures.cluster import ADMIN, Cluster, Replica, next_frame, open_socket, wait_for
from tests.fixtures.postgres import PostgresServer
from tests.fixtures.processes import free_port
from tests.fixtures.redis_server import redis_server

CONF = Path(__file__).parents[2] / "deploy" / "nginx.conf"
UPSTREAM = "        server resync:8000 max_fails=2 fail_timeout=5s;\n"


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    return found


def render(tmp: Path, port: int, replicas: list[Replica]) -> Path:
    """deploy/nginx.conf with this machine's replicas, port and scratch paths."""
    text = CONF.read_text()
    assert UPSTREAM in text and "listen 8080;" in text
    servers = "".join(
        f"        server {r.base.removeprefix('http://')} max_fails=2 fail_timeout=5s;\n"
        for r in replicas
    )
    text = text.replace(UPSTREAM, servers).replace("listen 8080;", f"listen 127.0.0.1:{port};")
    conf = tmp / "nginx.conf"
    conf.write_text(text.replace("/tmp/", f"{tmp}/"))
    return conf


def test_nginx_config_is_valid(tmp_path: Path) -> None:
    fake = Replica("x", None, "http://127.0.0.1:9", tmp_path / "o", tmp_path / "e")  # type: ignore[arg-type]
    conf = render(tmp_path, free_port(), [fake, fake])
    checked = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr


def _sessions_opened(replica: Replica) -> int:
    return replica.logs().count('"chat_session_opened"')


def test_chat_through_nginx_reaches_both_replicas(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    binary = nginx_binary()
    with redis_server(tmp_path) as redis_url:
        cluster = Cluster(tmp_path, postgres_server.create_database("resync_nginx"), redis_url)
        with cluster.exit:
            cluster.start_simulator()
            trusting = {"RESYNC_TRUSTED_PROXIES": "127.0.0.1"}
            replicas = [cluster.start("a", **trusting), cluster.start("b", **trusting)]
            direct = cluster.start("c")  # trusts no proxy, outside nginx
            for replica in (*replicas, direct):
                replica.wait_ready()
            port = free_port()
            conf = render(tmp_path, port, replicas)
            nginx = subprocess.Popen(
                [binary, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"],
                stderr=(tmp_path / "nginx.log").open("wb"),
            )
            try:
                front = f"http://127.0.0.1:{port}"
                wait_for(lambda: _answers(f"{front}/health/live"), 30, "nginx listening")
                ws_url = f"ws://127.0.0.1:{port}/ws/chat"

                def both_replicas_hold_sockets() -> bool:
                    with open_socket(ws_url, ADMIN) as ws:
                        ws.send(json.dumps({"type": "ping"}))
                        next_frame(ws, "pong")
                    return all(_sessions_opened(r) > 0 for r in replicas)

                wait_for(both_replicas_hold_sockets, 120, "sockets on both replicas")
                with open_socket(ws_url, ADMIN) as ws:
                    ws.send(json.dumps({"type": "message", "text": "status do TWS"}))
                    assert next_frame(ws, "result")["answer"]
                chat = httpx.post(
                    f"{front}/api/v1/chat", auth=ADMIN, json={"text": "status do TWS"}, timeout=120
                )
                assert chat.status_code == 200, chat.text
                _fail_login(front, "ghost-front")
                _fail_login(direct.base, "ghost-direct")
                seen = _login_addresses(direct.base)
                assert seen["ghost-front"] == FORGED  # nginx passed it on, the replica believed it
                assert seen["ghost-direct"] == "127.0.0.1"  # no trusted proxy: header ignored
            finally:
                nginx.terminate()
                nginx.wait(30)


FORGED = "203.0.113.9"


def _fail_login(base: str, user: str) -> None:
    answer = httpx.get(
        f"{base}/api/v1/auth/me",
        auth=(user, "not-the-password"),
        headers={"X-Forwarded-For": FORGED},
        timeout=60,
    )
    assert answer.status_code == 401, answer.text


def _login_addresses(base: str) -> dict[str, str]:
    entries = httpx.get(
        f"{base}/api/v1/audit", auth=ADMIN, params={"action": "auth.login"}, timeout=60
    ).json()
    return {e["actor"]: e["client"] for e in entries if e["outcome"] == "failure"}


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
