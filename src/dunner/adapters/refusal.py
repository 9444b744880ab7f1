"""Why an input file is refused: a reason and its details, put into words in one place."""

from __future__ import annotations

from pathlib import Path

from dunner.errors import DunnerError
from dunner.i18n import t


class Refused(Exception):
    """A file the reader will not (or cannot safely) read; ``reason`` names a catalogue text
    ``import.refuse.<reason>`` and ``params`` fill its placeholders."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


def refusal(reason: str, path: Path | str, **params: object) -> DunnerError:
    """The one line (and hint) a refused file gets: ``{path}`` is the file's shown name."""
    name = shown_name(path)
    return DunnerError(f"file_{reason}", t(f"import.refuse.{reason}", path=name, **params),
                       t(f"import.refuse.{reason}.hint", path=name, **params))


def as_error(exc: Refused, path: Path | str) -> DunnerError:
    return refusal(exc.reason, path, **exc.params)


def shown_name(path: Path | str) -> str:
    """A file name as it can be printed: bytes that were no UTF-8 (kept by the file system as
    lone surrogates) and control characters shown as escapes, never written raw."""
    name = path.name if isinstance(path, Path) else str(path)
    if name.isprintable():
        return name
    out = []
    for ch in name:
        if ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte the file system held that was no UTF-8
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ascii(ch)[1:-1])
    return "".join(out)
