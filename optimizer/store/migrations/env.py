"""Alembic environment: run with the connection `optimizer.store.db` hands over."""

from __future__ import annotations

from alembic import context

from optimizer.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  # SQLite cannot ALTER most things: batch mode copies the table.
                  render_as_batch=connection.dialect.name == "sqlite",
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
