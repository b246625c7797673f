"""Alembic environment: runs on the connection qualcode hands it, never on a URL of its own."""

from alembic import context
from sqlmodel import SQLModel

from qualcode.store import models  # noqa: F401  (registers the tables on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` on the command line lands here
    raise RuntimeError("qualcode migrations run through qualcode.store.schema.migrate")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
