"""Rules for what accounting software exports: age buckets, periods and titles, red-letter
reversals and the running balance of a detail ledger (明细账)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import TYPE_CHECKING

from dunner.domain.dates import DateError, parse_date_text

if TYPE_CHECKING:
    from dunner.domain.receivables import OpenItem

OPENING_PREFIX = "期初-"  # an opening balance's invoice: 期初-20251231
AGING_PREFIX = "账龄-"  # an aging table's bucket: 账龄-1-30天

# How long one unit of an age bucket's words lasts, in days.
_UNIT_DAYS = {"天": 1, "日": 1, "月": 30, "个月": 30, "年": 365}
_NUMERALS = {"一": Fraction(1), "二": Fraction(2), "两": Fraction(2), "三": Fraction(3),
             "四": Fraction(4), "五": Fraction(5), "六": Fraction(6), "半": Fraction(1, 2)}
_NOT_DUE = ("未到期", "未逾期", "信用期内", "账期内", "未到收款期", "not due", "current")
_OPEN_END_DAYS = 365  # an open bucket (3年以上) is taken as lasting one more year


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _number(word: str) -> Fraction:
    """A bucket header's count, exact: 半 is one half."""
    return _NUMERALS[word] if word in _NUMERALS else Fraction(int(word))


_N = r"(\d+|[一二两三四五六半])"
_UNIT = r"(个月|天|日|月|年)"
_RANGE = re.compile(rf"^(?:账龄)?{_N}{_UNIT}?(?:-|~|至|到|—|–){_N}{_UNIT}(?:以内|内)?$")
_ABOVE = re.compile(rf"^(?:账龄)?{_N}{_UNIT}(?:以上|及以上|\+|>)$")
_WITHIN = re.compile(rf"^(?:账龄)?{_N}{_UNIT}(?:以内|以下|内)$")


@dataclass(frozen=True)
class AgeBucket:
    """An aging table's column: the days overdue it holds (``high`` None: no end)."""

    label: str
    low: int
    high: int | None

    @property
    def midpoint(self) -> int:
        """Days overdue of the receivable that stands for the column: its middle (not due: half
        a month ahead; an open end: a year past its start)."""
        if self.high is None:
            return self.low + _OPEN_END_DAYS
        return (self.low + self.high) // 2

    def due(self, as_of: date) -> date:
        return as_of - timedelta(days=self.midpoint)


def _days(count: Fraction, unit: str, start: bool) -> int:
    days = round(count * _UNIT_DAYS[unit])
    # 31-60天 starts on day 31; 1-2年 starts the day after the first year
    return days + 1 if start and days and _UNIT_DAYS[unit] > 1 else days


def age_bucket(label: object) -> AgeBucket | None:
    """The bucket a header names (未到期, 1-30天, 31至60天, 半年至一年, 1-2年, 3年以上), if any."""
    if not isinstance(label, str) or not label.strip():
        return None
    text = _plain(label).replace("一年", "1年").replace("半年", "6个月")
    shown = label.strip()
    if text in _NOT_DUE:
        return AgeBucket(shown, -15, -15)
    if m := _RANGE.match(text):
        unit_low = m.group(2) or m.group(4)
        low = _days(_number(m.group(1)), unit_low, True)
        high = _days(_number(m.group(3)), m.group(4), False)
        if high <= low:
            return None
        return AgeBucket(shown, max(low, 1), high)
    if m := _ABOVE.match(text):
        return AgeBucket(shown, _days(_number(m.group(1)), m.group(2), True), None)
    if m := _WITHIN.match(text):
        return AgeBucket(shown, 1, _days(_number(m.group(1)), m.group(2), False))
    return None


_TOTAL_WORDS = ("合计", "总计", "余额", "应收余额", "应收账款余额", "期末余额", "total", "balance")


def is_total_label(label: object) -> bool:
    """A header holding a row's total (合计, 应收余额): the cross-check of its buckets."""
    return isinstance(label, str) and _plain(label) in _TOTAL_WORDS


# A title's dates: 截止日期：2026-03-31, 截至2026年3月31日, 期间：2026年1期, 2026.01-2026.03
_DATE = r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
_AS_OF = re.compile(rf"(?:截止日期|截止|截至日期|截至|日期|as\s*of)\s*[:：]?\s*{_DATE}", re.IGNORECASE)
_PERIOD = re.compile(r"(\d{4})\s*年\s*(?:第\s*)?(\d{1,2})\s*(?:期|月)")
_PERIOD_DOTS = re.compile(r"(?:期间|会计期间)\s*[:：]?\s*(\d{4})\s*[-/.]\s*(\d{1,2})(?!\d)(?!\s*[/.]\s*\d)")
_RANGE_START = re.compile(rf"{_DATE}\s*(?:至|到|-|~|—)")


def _date_of(text: str) -> date | None:
    try:
        return parse_date_text(text)
    except DateError:
        return None


def as_of_from(titles: Iterable[str]) -> date | None:
    """The day an aging table is drawn up to, from its title lines."""
    for title in titles:
        text = unicodedata.normalize("NFKC", title)
        if (m := _AS_OF.search(text)) and (day := _date_of(m.group(1))):
            return day
    return None


def period_start(titles: Iterable[str]) -> date | None:
    """The first day of the period a detail ledger's title names."""
    for title in titles:
        text = unicodedata.normalize("NFKC", title)
        if (m := _RANGE_START.search(text)) and (day := _date_of(m.group(1))):
            return day
        for pattern in (_PERIOD, _PERIOD_DOTS):
            if m := pattern.search(text):
                year, month = int(m.group(1)), int(m.group(2))
                if 1 <= month <= 12:
                    return date(year, month, 1)
    return None


def opening_day(titles: Iterable[str], first_dated: date | None) -> date | None:
    """An opening balance's day: the day before the period the title names, else the day before
    the first dated row."""
    start = period_start(titles) or first_dated
    return start - timedelta(days=1) if start else None


_CUSTOMER_LABELS = ("往来单位", "客户名称", "客户", "单位名称", "核算项目", "购货单位", "customer")
_TITLE_CUSTOMER = re.compile(
    rf"(?:{'|'.join(_CUSTOMER_LABELS)})\s*[:：]\s*(?:\[[^\]]*\]\s*|(?=[A-Za-z.\-]*\d)[A-Za-z0-9.\-]+\s+)?(.+?)"
    r"(?:\s{2,}|\s*(?:期间|会计期间|币别|币种|日期|截止|截至|单位[:：])|$)")


def customer_from(titles: Iterable[str]) -> str | None:
    """The customer a one-customer sheet names in its title (往来单位：XX公司, 客户：XX)."""
    for title in titles:
        text = unicodedata.normalize("NFKC", title).strip()
        if m := _TITLE_CUSTOMER.search(text):
            name = m.group(1).strip().strip("-—:： ")
            if name.startswith(("客户", "往来单位")) and "-" in name:  # 核算项目: 客户 - XX公司
                name = name.split("-", 1)[1].strip()
            if name:
                return name
    return None


# 摘要 words that mark a row as an opening balance or as a total
_OPENING = re.compile(r"^(?:期初余额|期初|年初余额|上年结转|上期结转|承前页|期初结存)")
_TOTAL = re.compile(r"^(?:本期|本月|本年|本页|全部|期末)?(?:发生额?)?(?:合计|累计|总计|小计)(?:发生额?)?$"
                    r"|^(?:过次页|承前页)$")


def is_opening(text: str) -> bool:
    return bool(_OPENING.match(_plain(text)))


def is_total_text(text: str) -> bool:
    return bool(_TOTAL.match(re.sub(r"[:：()（）\[\]【】]", "", _plain(text))))


_DOCUMENT = re.compile(r"(?:单号|单据号|发票号|编号|no\.?)\s*[:：]?\s*([A-Za-z0-9][A-Za-z0-9\-_/]{3,})"
                       r"|(?<![A-Za-z0-9])([A-Za-z]{2,}[-_]?\d[\d\-_/]{2,})", re.IGNORECASE)


def document_number(summary: str) -> str | None:
    """A document number the 摘要 quotes (销售出库单 XSCK-2026-0001, 发票号:12345678), if any."""
    text = unicodedata.normalize("NFKC", summary)
    m = _DOCUMENT.search(text)
    return (m.group(1) or m.group(2)) if m else None


def signed_balance(amount: int, direction: str) -> int:
    """A 余额 with its 方向: 贷 (the customer paid ahead) is negative, 借 and 平 as they are."""
    return -abs(amount) if direction.strip().startswith(("贷", "credit", "cr")) else amount


def balance_mismatches(opening: int, moves: Sequence[tuple[int | None, int | None]]
                       ) -> list[tuple[int, int]]:
    """(index, expected balance) of each move whose stated balance is not the running one: the
    running balance starts at ``opening`` and adds each (debit − credit, stated balance or None);
    a wrong stated balance does not carry into the next row's check. A move whose change is
    unknown (None: an unreadable amount, reported on its own) starts again from its stated
    balance, or from the next one given."""
    out: list[tuple[int, int]] = []
    running: int | None = opening
    for index, (change, stated) in enumerate(moves):
        if change is None or running is None:
            running = stated
            continue
        running += change
        if stated is not None and stated != running:
            out.append((index, running))
    return out


def reduce_charges(charges: list[list[object]], amount: int, named: str | None) -> int:
    """A red-letter (negative) debit of ``amount`` fen taken off ``charges`` ([number, fen] in
    date order, changed in place): first the one it names, then the oldest; returns what no
    charge could absorb."""
    order = sorted(range(len(charges)), key=lambda i: (charges[i][0] != named, i))
    left = amount
    for i in order:
        held = charges[i][1]
        assert isinstance(held, int)
        taken = min(held, left)
        charges[i][1] = held - taken
        left -= taken
        if not left:
            break
    return left


def approximate_open(items: Iterable[OpenItem], before: date | None = None) -> bool:
    """Whether an approximate figure is in the open amount of ``items`` (or, with ``before``,
    in what of it fell due before that day)."""
    return any(i.approximate and i.open and (before is None or i.due < before) for i in items)
