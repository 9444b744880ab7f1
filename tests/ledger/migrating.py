"""Running alembic's own migrations on a test's ledger, as an older or newer dunner would."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

from dunner.ledger import db


def run_alembic(ledger: Path | str, action: str, revision: str) -> None:
    """Run alembic's ``upgrade`` or ``downgrade`` to ``revision`` on the ledger: an SQLite file
    or a PostgreSQL URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(db.__file__).with_name("migrations")))
    engine = create_engine(db.resolve_url(str(ledger)))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, revision)
    finally:
        engine.dispose()
