"""The same payment typed in twice at once — two people at two desks, or one while the clerk's
import brings it from the 回款 sheet — is one payment, on an SQLite file and on the PostgreSQL
database a team shares: the second ``pay`` sees the first and is refused, or the import matches
its row to the payment typed in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.cli import test_concurrent_writers
from tests.cli.processes import count, environment, start
from tests.cli.small_ledger import HENGTONG, write_book
from tests.conftest import Cli

PAIRS = 4  # pairs of the same pay started at once
shared = test_concurrent_writers.shared  # the ledger, an SQLite file or a PostgreSQL database


def test_the_same_pay_twice_at_once_is_one_payment(shared: Cli, tmp_path: Path) -> None:
    cli = shared
    assert cli("import", str(write_book(tmp_path / "small.xlsx"))).exit_code == 0
    env = environment(cli.db, tmp_path)
    jobs = []
    for i in range(PAIRS):
        pay = ("pay", "恒通", f"30{i}", "--date", "2026-11-20")
        jobs += [start(*pay, env=env), start(*pay, env=env)]
    results = [(job.wait(timeout=300), *job.communicate()) for job in jobs]
    for first, second in zip(results[::2], results[1::2], strict=True):
        codes = sorted((first[0], second[0]))
        assert codes == [0, 1], (first, second)  # one recorded, the other refused
        refused = first if first[0] else second
        assert "already has a payment of" in refused[2]
    assert count(cli.db, "payment", "origin = 'manual'") == PAIRS
    left = Decimal("12000.50") - sum(300 + i for i in range(PAIRS))
    assert cli.json("customer", "show", HENGTONG)["open"] == f"{left:.2f}"


def test_a_pay_while_the_import_brings_the_same_payment_is_one_payment(
        shared: Cli, tmp_path: Path) -> None:
    """Each round the clerk imports the day's copy, whose 回款 sheet has one payment more, while
    a rep types that payment in: it counts once, whichever writes first."""
    cli = shared
    assert cli("import", str(write_book(tmp_path / "应收.xlsx"))).exit_code == 0
    env = environment(cli.db, tmp_path)
    rows: list[list[object]] = []
    open_ = Decimal("12000.50")
    for i in range(3):
        amount = 1000 + i
        rows.append([HENGTONG, f"2026-11-{18 + i}", amount, "H-1"])
        copy = write_book(tmp_path / f"应收 11{21 + i}.xlsx", rows)
        before = count(cli.db, "payment")
        jobs = [start("import", str(copy), env=env),
                start("pay", "恒通", str(amount), "--date", f"2026-11-{18 + i}", "--invoice", "H-1",
                      env=env)]
        results = [(job.wait(timeout=300), *job.communicate()) for job in jobs]
        assert results[0][0] == 0, results[0]
        assert results[1][0] in (0, 1), results[1]  # recorded, or refused as the import's
        assert count(cli.db, "payment") == before + 1
        open_ -= amount
        shown = cli.json("customer", "show", HENGTONG)
        assert (shown["open"], shown["credit"]) == (f"{open_:.2f}", "0.00")
