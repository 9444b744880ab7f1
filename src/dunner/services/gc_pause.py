"""Pausing Python's cycle collector over batch work on a whole ledger, where it only costs time."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycles() -> Iterator[None]:
    """Hundreds of thousands of small acyclic records: the cycle collector would rescan them
    again and again (a third of the run time on a large ledger) and find nothing to free."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
