"""Alembic environment: migrations always run on a connection handed over by Resync."""

from alembic import context

from resync.db.base import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through resync (resync.db.migrate.run_migrations)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
