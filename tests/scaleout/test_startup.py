"""Replicas started together on an empty PostgreSQL, as a rolling deployment starts them:
every one becomes ready, the database is migrated once, the starter corpus, the seeded
incidents and the first admin exist once."""

from __future__ import annotations

from pathlib import Path

import httpx
import yaml

from resync.knowledge.incidents import SEED_FILE
from resync.knowledge.service import CORPUS_DIR
from tests.fixtures.cluster import ADMIN, Cluster, query
from tests.fixtures.postgres import PostgresServer


def test_three_replicas_started_at_once_on_an_empty_database(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    url = postgres_server.create_database("resync_startup")
    cluster = Cluster(tmp_path, url)
    with cluster.exit:
        cluster.start_simulator()
        replicas = [cluster.start(f"replica{i}") for i in range(3)]
        for replica in replicas:
            replica.wait_ready()
        for replica in replicas:
            assert "Traceback" not in replica.logs(), replica.logs()
            who = httpx.get(f"{replica.base}/api/v1/auth/me", auth=ADMIN, timeout=30)
            assert who.status_code == 200, who.text

        heads = query(postgres_server, url, "SELECT version_num FROM alembic_version")
        assert len(heads) == len(set(heads)) >= 1
        assert query(postgres_server, url, "SELECT username FROM auth_users") == ["admin"]
        created = query(
            postgres_server, url, "SELECT count(*) FROM audit_log WHERE action = 'user.create'"
        )
        assert created == ["1"]
        corpus = len(list(CORPUS_DIR.glob("*.md")))
        documents = query(postgres_server, url, "SELECT count(*) FROM knowledge_documents")
        assert documents == [str(corpus)]
        seeded = len(yaml.safe_load(SEED_FILE.read_text(encoding="utf-8")))
        incidents = query(postgres_server, url, "SELECT count(*) FROM knowledge_incidents")
        assert incidents == [str(seeded)]
        logs = [r.logs() for r in replicas]
        assert sum(text.count("database_migrated") for text in logs) == 1
        assert sum(text.count("database_up_to_date") for text in logs) == 2
