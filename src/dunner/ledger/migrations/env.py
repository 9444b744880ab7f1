"""Alembic environment: runs on the connection dunner hands it, batch mode for SQLite."""

from alembic import context

from dunner.ledger.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
