"""Alembic migrations of Waarborg's own database; run them with ``waarborg db upgrade``."""
