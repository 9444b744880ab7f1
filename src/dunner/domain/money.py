"""Money as integer fen: parsing from cells and text, and conversion to exact decimals."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
_WRAPPED = re.compile(r"(?i)^(?:rmb|cny|[¥￥])?\s*(.*?)\s*(?:元|rmb|cny)?$")
_MAX_DIGITS = 18  # ¥10^16: far beyond any invoice, well inside a 64-bit integer of fen
# The largest amount one record may hold: ¥100 billion, beyond any invoice, while a 64-bit
# integer of fen still sums 900,000 of them (balances, totals and SQL sums never overflow).
MAX_FEN = 10**13
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")
# Excel keeps 15 significant digits; a float cell further than this from a whole fen was
# not an amount typed to the fen (e.g. a formula result such as 1/3).
_FLOAT_SLACK = Decimal("0.000001")


class AmountError(ValueError):
    """Text or a number that is not an amount of money to the fen."""


class AmountTooLarge(AmountError):
    """An amount beyond ``MAX_FEN``: no invoice is that large, and sums of it would overflow."""


def to_fen(value: object) -> int:
    """An amount cell or text → integer fen. Raises ``AmountError`` with the reason."""
    if isinstance(value, bool) or value is None:
        raise AmountError("not an amount")
    if isinstance(value, int):
        fen = value * 100
    elif isinstance(value, float):
        fen = _float_to_fen(value)
    elif isinstance(value, Decimal):
        fen = _decimal_to_fen(value)
    elif isinstance(value, str):
        fen = _decimal_to_fen(parse_decimal(value))
    else:
        raise AmountError("not an amount")
    if abs(fen) > MAX_FEN:
        raise AmountTooLarge("too large")
    return fen


def parse_decimal(text: str) -> Decimal:
    """``"¥12,345.60"``, ``"８８００元"``, ``"-3000"`` → ``Decimal``; anything else raises."""
    s = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    match = _WRAPPED.match(s)
    s = match.group(1) if match else s
    if _GROUPED.match(s):
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise AmountError("not a number")
    if sum(ch.isdigit() for ch in s) > _MAX_DIGITS:
        raise AmountError("not a number")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise AmountError("not a number") from exc


def _decimal_to_fen(amount: Decimal) -> int:
    if not amount.is_finite():
        raise AmountError("not a number")
    if abs(amount) > MAX_FEN:  # before scaling: an exponent of 10^999999 is no amount either
        raise AmountTooLarge("too large")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise AmountError("more than two decimals")
    return int(fen)


def _float_to_fen(value: float) -> int:
    if not math.isfinite(value):
        raise AmountError("not a number")
    if abs(value) * 100 > MAX_FEN:  # 1e308 × 100 is infinity: no integer to round to
        raise AmountTooLarge("too large")
    scaled = value * 100
    nearest = int(scaled + 0.5) if scaled >= 0 else -int(0.5 - scaled)
    if abs(scaled - nearest) < 1e-6 and abs(value) < 1e12:
        return int(nearest)  # the common case, a cell typed to the fen: no Decimal needed
    if abs(value) >= 10**_MAX_DIGITS / 100:
        raise AmountError("not a number")
    exact = Decimal(repr(value))
    rounded = exact.quantize(FEN, rounding=ROUND_HALF_UP)
    if abs(exact - rounded) > _FLOAT_SLACK:
        raise AmountError("more than two decimals")
    return int(rounded * 100)


def fen_to_decimal(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def yuan(fen: int | None) -> str:
    """How people read an amount: ``¥1,234.50``, ``-¥30.00``; nothing for no amount. The one
    rule for the screen (``cli/_render.money``) and for digests sent by mail or to a chat."""
    if fen is None:
        return ""
    value = fen_to_decimal(fen)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


_CENTS = tuple(f"{n:02d}" for n in range(100))  # "00" … "99"


def fen_str(fen: int) -> str:
    """The JSON form: a string with two decimals, ``"1234.50"`` (integer arithmetic: exact, fast)."""
    # the cents looked up rather than formatted: a large result writes hundreds of thousands
    if fen >= 0:
        return f"{fen // 100}.{_CENTS[fen % 100]}"
    return f"-{-fen // 100}.{_CENTS[-fen % 100]}"
