"""What each sheet of an import was read as: one line for the terminal, an object for JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.services.importing.accounting import SheetLayout


def count(noun: str, n: int) -> str:
    """``1 payment``, ``2 payments`` (回款 2 笔)."""
    return t(f"count.{noun}.one" if n == 1 else f"count.{noun}", n=n)


def layout_line(layout: SheetLayout) -> str:
    """e.g. ``应收账款明细账: detail ledger, 2 customers, 3 invoices, 1 payment, opening balances 1``."""
    c = layout.counts
    if layout.layout == "detail_ledger":
        return t("import.layout.detail_ledger", sheet=layout.sheet,
                 customers=count("customers", c["customers"]),
                 invoices=count("invoices", c["invoices"]),
                 payments=count("payments", c["payments"]), openings=c["openings"])
    if layout.layout == "aging_table":
        return t("import.layout.aging_table", sheet=layout.sheet, as_of=layout.as_of,
                 customers=count("customers", c["customers"]),
                 receivables=count("receivables", c["receivables"]))
    return t(f"import.layout.{layout.layout}", sheet=layout.sheet, rows=count("rows", c["rows"]))


def layout_json(layout: SheetLayout) -> dict[str, Any]:
    """``{"sheet", "layout", "counts": {name: n}, "as_of"}`` (as_of: an aging table's, else null)."""
    return {"sheet": layout.sheet, "layout": layout.layout, "counts": dict(layout.counts),
            "as_of": layout.as_of.isoformat() if layout.as_of else None}
