import os

from django.db import connection


def test_the_suite_runs_on_the_database_it_was_asked_for(db):
    # The PostgreSQL run must never fall back to SQLite unnoticed.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"

    assert connection.vendor == expected
