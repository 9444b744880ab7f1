"""stdout and stderr that never crash on a narrow encoding and keep the Chinese text.

The rule (README, "Output and encodings"): output keeps the encoding the console, the locale or
``PYTHONIOENCODING`` chose whenever that encoding can write Chinese — a GBK file stays GBK, so
Notepad and ``type`` on a Chinese Windows read it — and a character it lacks is written as its
nearest form (``¥`` → ``￥``, else the compatibility form, else ``?``). Redirected output in an
encoding that cannot write Chinese at all (cp1252, ASCII, Latin-1) is written as UTF-8 instead:
a customer's name turned into ``???`` would be lost. CSV is UTF-8 with a BOM whatever the
console (see ``_output.emit_csv``), and JSON escapes what the encoding lacks (``emit_json``).
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import unicodedata

HANDLER = "dunner.nearest"
# Characters dunner itself prints that GBK or cp1252 lack, and what reads the same there.
NEAREST = {"¥": "￥", "￥": "¥", "•": "·", "✓": "√", "█": "#", "→": "->", "…": "...", "—": "-",
           "–": "-", "·": "."}
PROBE = "中文"  # can the encoding write Chinese at all?


# What a terminal would act on rather than show: C0 and C1 controls (ESC and CSI start escape
# sequences that recolour, move the cursor or retitle the window), DEL, the marks that reverse
# the direction of text, and lone surrogates (bytes of a file name that were no UTF-8).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_UNSAFE_OR_NEWLINE = re.compile(_UNSAFE.pattern[:-1] + "\n]")


def printable(text: str, newlines: bool = False) -> str:
    """Text typed by a user (a customer's name, a cell, a file name) as it can be printed: each
    character a terminal would act on shown as an escape (``\\x1b``, ``\\u202e``; a file
    name's stray byte as ``\\xff``), the rest untouched. ``newlines`` keeps line breaks."""
    unsafe = _UNSAFE if newlines else _UNSAFE_OR_NEWLINE
    return unsafe.sub(_escape, text) if unsafe.search(text) else text


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte kept by the file system's surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def nearest(ch: str, encoding: str) -> str:
    """What ``ch`` becomes in ``encoding``: itself, a close form the encoding has, or ``?``."""
    ascii_form = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
    for candidate in (ch, NEAREST.get(ch, ""), unicodedata.normalize("NFKC", ch), ascii_form):
        if candidate and fits(candidate, encoding):
            return candidate
    return "?"


def fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _nearest_error(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    text = err.object[err.start:err.end]
    return "".join(nearest(ch, err.encoding) for ch in text), err.end


def prepare_streams() -> None:
    """Apply the rule above to ``sys.stdout`` and ``sys.stderr``, before anything is written."""
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _nearest_error)
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # a test's capture or an embedding program's stream: theirs to decide
        encoding = codecs.lookup(stream.encoding or "utf-8").name
        if encoding.startswith("utf"):
            continue
        if not fits(PROBE, encoding) and not _isatty(stream):
            stream.reconfigure(encoding="utf-8", errors=HANDLER)
        else:
            stream.reconfigure(errors=HANDLER)


def _isatty(stream: io.TextIOWrapper) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False
