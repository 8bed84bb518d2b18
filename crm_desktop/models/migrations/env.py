"""Alembic environment: migrations always run on the connection the store hands in."""

from alembic import context

from crm_desktop.models.entities import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
