"""The one error type code below the CLI raises; the CLI turns it into a line and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dunner.domain.problems import Problem


class DunnerError(Exception):
    """A user-facing failure: what is wrong (message) and how to fix it (hint)."""

    exit_code = 1

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


class UsageError(DunnerError):
    """A bad option or argument: exit 2, like any other usage error."""

    exit_code = 2


class NotFound(DunnerError):
    """A customer, invoice or file that does not exist."""


class InputRejected(DunnerError):
    """Input with one or more problems; every problem is carried, not just the first."""

    def __init__(self, code: str, message: str, problems: Sequence[Problem], hint: str = "") -> None:
        super().__init__(code, message, hint)
        self.problems = tuple(problems)
