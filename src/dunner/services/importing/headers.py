"""Finding the header row and mapping Chinese or English headers to ledger fields."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

HEADER_SCAN_ROWS = 20

SYNONYMS: dict[str, tuple[str, ...]] = {
    "customer": ("客户", "客户名称", "单位名称", "购货单位", "客户名", "customer", "customer name"),
    "number": ("发票号", "单号", "单据编号", "订单号", "发票号码", "单据号", "送货单号", "invoice",
               "number", "invoice number", "invoice no"),
    "issued": ("日期", "开票日期", "发货日期", "单据日期", "送货日期", "date", "issued",
               "issue date"),
    "due": ("到期日", "应收日期", "约定付款日", "到期日期", "due", "due date"),
    "amount": ("金额", "应收金额", "价税合计", "amount", "回款金额", "收款金额"),
    "paid": ("已收金额", "已回款", "已付", "已收", "paid"),
    "owner": ("业务员", "负责人", "销售员", "owner", "sales rep"),
    "phone": ("电话", "联系电话", "手机", "phone", "mobile"),
    "note": ("备注", "note", "notes"),
    "payment_date": ("回款日期", "收款日期", "到账日期", "payment date", "paid on"),
    "terms": ("结算方式", "付款方式", "账期", "terms"),
    "credit_limit": ("信用额度", "credit_limit", "credit limit"),
    "pay_days": ("付款日", "pay_days", "pay days"),
    "wechat": ("微信", "微信号", "wechat"),
    "address": ("地址", "address"),
    "city": ("城市", "区域", "city", "district"),
    "description": ("品名", "摘要", "货品", "规格", "description", "item"),
    "method": ("收款方式", "method"),
    "reference": ("流水号", "凭证号", "reference", "ref"),
    "contact": ("联系人", "contact"),
    "title": ("职务", "角色", "职位", "title", "role", "job title"),  # the contact person's
    "closing_day": ("扎账日", "结账日", "closing_day", "closing day"),
    "distance": ("距离", "distance", "distance_km"),
    # the tax invoice (发票) of a receivable, and an acceptance bill (承兑汇票) on a payment sheet
    "fapiao_state": ("发票状态", "开票状态", "fapiao state"),
    "fapiao_no": ("fapiao number", "fapiao no"),
    "fapiao_date": ("fapiao date",),
    "bill_no": ("票据号", "票据号码", "汇票号码", "票号", "bill no", "bill number"),
    "bill_matures": ("票据到期日", "汇票到期日", "bill matures", "bill maturity"),
    "bill_acceptor": ("承兑人", "承兑行", "承兑银行", "acceptor"),
}
FIELDS = tuple(SYNONYMS)
_UNIT = re.compile(r"[(（\[【](?:元|rmb|cny|¥|￥|人民币|km|公里|天)[)）\]】]$")


def header_key(text: object) -> str:
    """How a header cell is compared: NFKC, lower case, no spaces, marks or unit suffix."""
    s = unicodedata.normalize("NFKC", str(text)).strip().lower().lstrip("*").rstrip(":：*")
    s = _UNIT.sub("", s.replace("（", "(").replace("）", ")"))
    return re.sub(r"\s+", " ", s).strip()


_INDEX = {header_key(word): field for field, words in SYNONYMS.items() for word in words}
# A sheet that has a document number (单号) and a delivery date (发货日期) of its own holds the
# tax invoice's number and date in 发票号码 and 开票日期; elsewhere those are the receivable's.
_DOCUMENT_NUMBERS = frozenset(header_key(w) for w in ("单号", "送货单号", "单据编号"))
_DELIVERY_DATES = frozenset(header_key(w) for w in ("发货日期", "单据日期"))
_FAPIAO_INDEX = {**_INDEX, **{header_key(w): "fapiao_no" for w in ("发票号码", "发票号")},
                 header_key("开票日期"): "fapiao_date"}


def _index_for(row: Sequence[object]) -> dict[str, str]:
    keys = {header_key(c) for c in row if isinstance(c, str) and c.strip()}
    return _FAPIAO_INDEX if keys & _DOCUMENT_NUMBERS and keys & _DELIVERY_DATES else _INDEX


@dataclass(frozen=True)
class Header:
    row: int  # 0-based index of the header row
    columns: dict[int, str]  # column index → field
    labels: dict[int, str]  # column index → the header text as written
    kind: str  # invoices | payments | customers


def find_header(
    rows: Sequence[Sequence[object]], sheet_name: str, overrides: Mapping[str, str]
) -> Header | None:
    """The first row among the first 20 whose headers make an invoice, payment or customer sheet."""
    extra = {header_key(k): v for k, v in overrides.items()}
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, labels = _map_row(row, extra)
        kind = sheet_kind(set(columns.values()), sheet_name)
        if kind is not None:
            if kind == "payments":
                columns = _as_payment_columns(columns)
            return Header(index, columns, labels, kind)
    return None


@dataclass(frozen=True)
class Candidate:
    """The row that looks most like a header when none is complete: what it has, what it lacks."""

    row: int
    fields: frozenset[str]  # the fields its headers name
    found: tuple[str, ...]  # every header text as written
    unknown: tuple[str, ...]  # the texts that name no field

    @property
    def missing(self) -> str:
        """The first required field it lacks: a customer, then an amount, then an issue date."""
        if "customer" not in self.fields:
            return "customer"
        if "amount" not in self.fields:
            return "amount"
        return "issued"

    def likely(self, field: str) -> str | None:
        """The unrecognised header that most likely holds ``field`` (单位 for a customer), if any."""
        words = _LOOKS_LIKE.get(field, ())
        return next((h for h in self.unknown if any(w in h.lower() for w in words)), None)


# Parts of unrecognised headers that suggest a field, for the --map example in an error's hint.
_LOOKS_LIKE = {"customer": ("单位", "客户", "公司", "名称", "户名", "customer", "client", "name"),
               "amount": ("金额", "额", "款", "amount", "total"),
               "issued": ("日期", "时间", "日", "date")}


def best_candidate(rows: Sequence[Sequence[object]], overrides: Mapping[str, str]) -> Candidate | None:
    """The row among the first 20 with the most recognised headers (the first on a tie), if any."""
    extra = {header_key(k): v for k, v in overrides.items()}
    best: Candidate | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, labels = _map_row(row, extra)
        if columns and (best is None or len(columns) > len(best.fields)):
            found = tuple(str(c).strip() for c in row if c not in ("", None) and str(c).strip())
            best = Candidate(index, frozenset(columns.values()), found,
                             tuple(f for f in found if f not in labels.values()))
    return best


def _map_row(row: Sequence[object], extra: Mapping[str, str]) -> tuple[dict[int, str], dict[int, str]]:
    columns: dict[int, str] = {}
    labels: dict[int, str] = {}
    seen: set[str] = set()
    index = _index_for(row)
    for col, cell in enumerate(row):
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = header_key(cell)
        field = extra.get(key) or index.get(key)
        if field and field not in seen:  # the first column of a field wins
            seen.add(field)
            columns[col] = field
            labels[col] = cell.strip()
    return columns, labels


def sheet_kind(fields: set[str], sheet_name: str = "") -> str | None:
    if "customer" not in fields:
        return None
    invoice_only = {"paid", "due"} & fields
    if "amount" in fields and not invoice_only and ("payment_date" in fields
                                                    or _payment_sheet(fields, sheet_name)):
        return "payments"
    if "amount" in fields and ("issued" in fields or "number" in fields):
        return "invoices"
    attributes = fields & {"owner", "phone", "terms", "credit_limit", "pay_days", "wechat",
                           "address", "city", "contact", "closing_day", "distance"}
    if attributes and "amount" not in fields:
        return "customers"
    return None


def _payment_sheet(fields: set[str], sheet_name: str) -> bool:
    """A sheet named like 回款 whose only date column says just 日期."""
    named = any(word in sheet_name.lower() for word in ("回款", "收款", "到账", "payment"))
    return named and "issued" in fields and "due" not in fields


def _as_payment_columns(columns: dict[int, str]) -> dict[int, str]:
    # On a payment sheet 日期 is the payment date and 付款方式 the method, not the terms.
    renamed = {"issued": "payment_date", "terms": "method"}
    out: dict[int, str] = {}
    for col, field in columns.items():
        target = renamed.get(field, field)
        if target in out.values():
            continue
        out[col] = target
    return out


def parse_map_option(values: Sequence[str]) -> dict[str, str]:
    """``--map '往来单位=customer'`` pairs → {header: field}; raises ValueError on a bad pair."""
    out: dict[str, str] = {}
    for value in values:
        header, sep, field = value.partition("=")
        field = field.strip()
        if not sep or not header.strip() or field not in FIELDS:
            raise ValueError(value)
        out[header.strip()] = field
    return out
