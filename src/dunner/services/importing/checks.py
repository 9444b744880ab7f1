"""Checks across rows: a row is rejected for its own problems, or for leaning on a row that is.

Each check is a pure function returning the problems it finds, keyed by row. They run once, in
the order of what leans on what — a payment on its customer and invoice, a repeated invoice
number on the first row that lists it — so each sees every rejection it depends on, and the
rejected set is complete after one pass.
"""

from __future__ import annotations

from dunner.domain.problems import Problem
from dunner.i18n import t
from dunner.services.importing.changes import State
from dunner.services.importing.rows import Row

Rejected = dict[Row, list[Problem]]  # a rejected row → why


def rejected_rows(rows: list[Row], own: Rejected, state: State, file_name: str,
                  repeated: Rejected | None = None) -> Rejected:
    """Every row the import cannot take, in file order: ``own`` (each row's cells and rules),
    repeated invoice numbers (``repeated``, when ``duplicate_invoices`` of ``own`` is known
    already), and payments naming a customer or invoice neither the file's good rows nor the
    ledger hold."""
    rejected = dict(own)
    rejected |= duplicate_invoices(rows, rejected, file_name) if repeated is None else repeated
    rejected |= unknown_references(rows, rejected, state, file_name)
    return {row: rejected[row] for row in rows if row in rejected}


def beyond_rejection(rows: list[Row], own: Rejected, file_name: str,
                     repeated: Rejected | None = None) -> list[Row]:
    """The rows no check of ``rejected_rows`` can reject, whatever the ledger holds: no
    problem of their own, not a repeated invoice number, not a payment (whose customer or
    invoice the ledger may lack). A check added there that looks at the ledger for other rows
    must be reflected here."""
    if repeated is None:
        repeated = duplicate_invoices(rows, own, file_name)
    return [row for row in rows if row.kind != "payments" and row not in own and row not in repeated]


def duplicate_invoices(rows: list[Row], rejected: Rejected, file_name: str) -> Rejected:
    """An invoice number a customer's good rows list twice: the later rows are rejected."""
    out: Rejected = {}
    invoices = [row for row in rows if row.kind == "invoices" and row not in rejected
                and "number" in row.values]
    numbers = [row.values["number"] for row in invoices]
    if len(set(numbers)) == len(numbers):  # no number listed twice, whoever the customers
        return out
    first: dict[tuple[str, str], int] = {}
    for row, number in zip(invoices, numbers, strict=True):
        key = (row.customer_key, number)
        if key not in first:
            first[key] = row.line
            continue
        out[row] = [Problem(f"{file_name}:{row.sheet}!{row.line}", "duplicate_invoice",
                            t("row.duplicate", number=number, line=first[key]), t("row.duplicate.hint"))]
    return out


def unknown_references(rows: list[Row], rejected: Rejected, state: State, file_name: str) -> Rejected:
    """A payment row whose customer, or the invoice it names, is in neither the ledger nor a
    good row of the file."""
    ledger = state.customers
    # the payments whose customer and invoice the ledger holds need no look at the file
    payments = [row for row in rows if row.kind == "payments" and row not in rejected
                and not (row.customer_key in ledger and (
                    not (n := row.values.get("number"))
                    or (ledger[row.customer_key]["id"], n) in state.invoices))]
    if not payments:
        return {}
    customers = set(ledger)
    # (customer key, number) of the invoices these payments name that a good row holds
    named = {(row.customer_key, n) for row in payments if (n := row.values.get("number"))}
    good = [row for row in rows if row.kind != "payments" and row not in rejected
            and "customer" in row.values]
    customers.update([row.customer_key for row in good])
    numbers = {number for _, number in named}  # tested first: most invoices are named by none
    held = {pair for row in good if row.kind == "invoices" and row.values.get("number") in numbers
            and (pair := (row.customer_key, row.values["number"])) in named}
    out: Rejected = {}
    if len(held) == len(named) and {row.customer_key for row in payments} <= customers:
        return out  # every invoice named is held, every customer known: no payment to look at
    for row in payments:
        number = row.values.get("number")
        if row.customer_key in customers and (not number or (row.customer_key, number) in held):
            continue
        where = f"{file_name}:{row.sheet}!{row.line}"
        if row.customer_key not in customers:
            out[row] = [Problem(where, "unknown_customer",
                                t("row.unknown_customer", customer=row.values["customer"]),
                                t("row.unknown_customer.hint"))]
        else:
            out[row] = [Problem(where, "unknown_invoice", t("row.unknown_invoice", number=number),
                                t("row.unknown_invoice.hint"))]
    return out
