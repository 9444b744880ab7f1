"""Notices shown once a day, not on every run: the day each was last shown, in the user state dir."""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import suppress
from datetime import date
from pathlib import Path

STATE_FILE = "shown.json"


def state_path() -> Path:
    from platformdirs import user_state_path

    from dunner.config import APP

    return user_state_path(APP) / STATE_FILE


def first_today(key: str, today: date) -> bool:
    """True the first time ``key`` is asked about on ``today`` (``--today`` counts), and then
    remembered. A state file that cannot be read or written only means the notice shows again."""
    path = state_path()
    try:
        shown = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        shown = {}
    if not isinstance(shown, dict):
        shown = {}
    if shown.get(key) == today.isoformat():
        return False
    shown[key] = today.isoformat()
    with suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".shown-")  # created 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(shown, fh)
            os.replace(tmp, path)  # whole or not at all, even with two runs at once
        finally:
            with suppress(OSError):
                os.unlink(tmp)
    return True
