"""Pausing Python's cycle collector over batch work on a whole ledger, where it only costs time."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycles() -> Iterator[None]:
    """Hundreds of thousands of small acyclic records: the cycle collector would rescan them
    again and again (a third of the run time on a large ledger) and find nothing to free.

    What the batch leaves alive is frozen (moved out of the collector's generations) before
    collection resumes: otherwise the first collection after it walks every record made
    meanwhile, still all in the youngest generation, and later ones walk them again. Frozen
    records are freed as usual when no longer referenced."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.freeze()
            gc.enable()
