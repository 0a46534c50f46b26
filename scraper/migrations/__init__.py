"""Alembic's history of the schema (all tables: ingestion's and alerting's)."""
