"""Open a store (SQLite file or PostgreSQL URL) and bring its schema up to date with Alembic."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DB = "eventcoder.db"
DB_ENV = "EVENTCODER_DB"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url(target: str | None = None) -> str:
    """A SQLAlchemy URL from a URL or a plain file path (default: $EVENTCODER_DB or
    ./eventcoder.db).

    >>> database_url("events.db")
    'sqlite:///events.db'
    >>> database_url("postgresql://me@localhost/events")
    'postgresql+psycopg://me@localhost/events'
    """
    target = target or os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" not in target:
        return f"sqlite:///{target}"
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    return target


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: a kill -9 loses at most the transaction in flight; readers never block the writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def open_engine(target: str | None = None, *, migrate_schema: bool = True) -> Engine:
    """An engine on the store, its schema migrated to the newest revision."""
    url = make_url(database_url(target))
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate_schema:
        migrate(engine)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run the Alembic migrations shipped in the package up to ``revision``."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
