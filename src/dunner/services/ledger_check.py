"""``db check``: the database file's integrity, rows whose customer or invoice is missing, and
the money invariants of every customer, each problem as one line."""

from __future__ import annotations

from dataclasses import dataclass

from dunner.domain.ledger_health import Flaw, MoneyFacts, Totals, money_flaws
from dunner.domain.money import fen_str
from dunner.domain.terms import parse_terms
from dunner.i18n import t
from dunner.ledger import health, repo
from dunner.services.context import AppContext
from dunner.services.portfolio import money_facts

MONEY_VALUES = ("allocated", "amount", "expected", "open", "credit")


@dataclass(frozen=True)
class CheckReport:
    """What ``db check`` found; no flaws means the ledger is sound."""

    flaws: tuple[Flaw, ...]
    customers: int
    integrity_checked: bool  # False on a server database (its storage is its own to check)

    @property
    def ok(self) -> bool:
        return not self.flaws


def check_ledger(ctx: AppContext) -> CheckReport:
    """Check the ledger read in one transaction, so a writer running meanwhile is not seen
    half-way; nothing is written."""
    ledger = ctx.ledger()
    with ledger.read() as conn:
        flaws = [Flaw("integrity", {"detail": line}) for line in health.integrity(conn)]
        flaws += [Flaw("orphan", {"table": table, "row": row, "customer_id": cid})
                  for table, row, cid in health.orphans(conn)]
        flaws += [Flaw("unmatched", {"payment": pid, "customer": name, "invoice": number})
                  for pid, name, number in health.unmatched_payments(conn)]
        sums = health.money_sums(conn)
        invoices, payments, claims = money_facts(conn)
        customers = repo.customer_names(conn)
        terms = {r["id"]: r["terms"] for r in repo.customer_rows(conn)}
    default = ctx.config.default_terms
    for cid, name, _key in sorted(customers):
        facts = MoneyFacts(cid, name, parse_terms(terms[cid] or default), invoices[cid],
                           payments[cid], claims[cid])
        flaws += money_flaws(facts, Totals(*sums.get(cid, (0, 0, 0))),
                             ctx.config.batch_fallback_days)
    return CheckReport(tuple(flaws), len(customers), ledger.dialect == "sqlite")


def flaw_text(flaw: Flaw) -> str:
    """The flaw as one line in the run's language, amounts in yuan."""
    values = {k: fen_str(v) if k in MONEY_VALUES and isinstance(v, int) else v
              for k, v in flaw.values.items()}
    return t(f"dbcheck.{flaw.code}", **values)


def flaw_document(flaw: Flaw) -> dict[str, object]:
    """The flaw for ``--json``: its code, its line, and its values (amounts as ``"12.50"``)."""
    values = {k: fen_str(v) if k in MONEY_VALUES and isinstance(v, int) else v
              for k, v in flaw.values.items()}
    return {"code": flaw.code, "message": flaw_text(flaw), **values}
