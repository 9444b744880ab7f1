"""One record of each payment: ``pay``, a workbook's paid column (已收金额) and a payment sheet
(回款) describe the same money, and the ledger counts it once in whichever order they come."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dunner.config import load_config
from dunner.domain.allocation import Charge, Remittance, allocate
from dunner.ledger.db import open_ledger
from dunner.services.context import AppContext
from dunner.services.customers import position_of, resolve
from dunner.services.importing import ImportOptions, import_file
from dunner.services.recording import record_payment
from tests.conftest import Cli
from tests.services.workbooks import INVOICE_HEADERS, PAYMENT_HEADERS, SheetSpec, write_book, write_csv

HT = "杭州恒通五金有限公司"
DAY = date(2026, 11, 2)


def _rows(paid: dict[str, int | None]) -> list[tuple[object, ...]]:
    """Three invoices of 恒通 (¥20,000, ¥30,000, ¥16,000) with the paid column as given."""
    return [
        (HT, "HT-001", date(2026, 8, 1), date(2026, 9, 1), 20000, paid.get("HT-001"), "张三"),
        (HT, "HT-002", date(2026, 9, 1), date(2026, 10, 1), 30000, paid.get("HT-002"), "张三"),
        (HT, "HT-003", date(2026, 10, 1), date(2026, 11, 1), 16000, paid.get("HT-003"), "张三"),
    ]


def _book(path: Path, paid: dict[str, int | None], payments: list[tuple[object, ...]] | None = None
          ) -> Path:
    sheets = [SheetSpec("应收明细", INVOICE_HEADERS, _rows(paid), title_rows=2)]
    if payments is not None:
        sheets.append(SheetSpec("回款", PAYMENT_HEADERS, payments))
    return write_book(path, sheets)


def _open(cli: Cli) -> str:
    shown = cli.json("customer", "show", HT)
    return str(shown["open"])


def test_pay_then_the_paid_column_rises_is_one_payment(tmp_path: Path, db_path: Path) -> None:
    """``pay 恒通 10000`` and next morning the workbook's 已收金额 rises by 10,000."""
    book = tmp_path / "应收账款.xlsx"
    monday, tuesday = Cli(db_path, DAY), Cli(db_path, DAY + timedelta(days=1))
    assert monday("import", str(_book(book, {}))).exit_code == 0
    assert monday("pay", HT, "10000").exit_code == 0
    assert _open(monday) == "56000.00"
    result = tuesday("import", str(_book(book, {"HT-001": 10000})))
    assert result.exit_code == 0, result.output
    assert _open(tuesday) == "56000.00"  # not 46,000: the rise is the payment already recorded
    assert "counted once" in result.output


def test_the_paid_column_rises_then_pay_is_one_payment(tmp_path: Path, db_path: Path) -> None:
    """The clerk types the payment into the workbook first, imports, then also runs ``pay``."""
    book = tmp_path / "应收账款.xlsx"
    tuesday = Cli(db_path, DAY + timedelta(days=1))
    tuesday("import", str(_book(book, {})))
    tuesday("import", str(_book(book, {"HT-001": 10000})))
    assert _open(tuesday) == "56000.00"
    paid = tuesday("pay", HT, "10000", "--date", DAY.isoformat())
    assert paid.exit_code == 0
    assert "¥10,000.00 of it the workbook's paid column (已收金额) already showed: counted once" \
        in paid.stdout
    assert "still open: ¥56,000.00" in paid.stdout
    assert _open(tuesday) == "56000.00"
    # and the workbook imported again the day after still agrees
    Cli(db_path, DAY + timedelta(days=2))("import", str(book))
    assert _open(tuesday) == "56000.00"


def test_money_paid_after_the_workbook_was_read_is_new(tmp_path: Path, db_path: Path) -> None:
    """Old payments in the paid column never swallow a payment that came in later."""
    book = tmp_path / "应收账款.xlsx"
    Cli(db_path, DAY)("import", str(_book(book, {"HT-001": 20000})))
    later = Cli(db_path, DAY + timedelta(days=3))
    later("pay", HT, "5000")
    assert _open(later) == "41000.00"
    shown = later.json("customer", "show", HT)
    paid = {i["number"]: i["open"] for i in shown["invoices"]}
    assert paid == {"HT-002": "25000.00", "HT-003": "16000.00"}  # HT-001 settled by the workbook


def test_a_paid_column_beside_a_payment_sheet_is_a_cross_check(tmp_path: Path, db_path: Path) -> None:
    """Both 已收金额 and a 回款 sheet: the sheet is the record, never both."""
    cli = Cli(db_path, DAY)
    payments = [(HT, date(2026, 10, 20), 20000, "HT-001"), (HT, date(2026, 10, 28), 10000, None)]
    result = cli("import", str(_book(tmp_path / "a.xlsx", {"HT-001": 20000, "HT-002": 10000},
                                     payments)))
    assert result.exit_code == 0
    assert _open(cli) == "36000.00"
    assert "paid column" not in result.output  # they agree: nothing to report

    # a paid column that says more than the sheet holds is reported, not applied
    result = cli("import", str(_book(tmp_path / "b.xlsx", {"HT-001": 20000, "HT-002": 16000},
                                     payments)))
    assert _open(cli) == "36000.00"
    assert f"{HT}: the paid column adds up to 36000.00, the payments recorded to 30000.00" \
        in result.output


def test_a_payment_sheet_row_for_a_payment_recorded_by_hand(tmp_path: Path, db_path: Path) -> None:
    cli = Cli(db_path, DAY)
    cli("import", str(_book(tmp_path / "a.xlsx", {})))
    cli("pay", HT, "8000", "--date", "2026-10-30")
    payments = [(HT, date(2026, 10, 31), 8000, None)]  # the bank's date, a day later
    result = cli("import", str(_book(tmp_path / "a.xlsx", {}, payments)))
    assert result.exit_code == 0
    assert _open(cli) == "58000.00"
    assert "counted once" in result.output
    again = cli("import", str(tmp_path / "a.xlsx"))  # and it stays matched
    assert _open(cli) == "58000.00"
    assert "counted once" not in again.output


def test_an_edited_payment_sheet_row_is_the_same_payment(tmp_path: Path, db_path: Path) -> None:
    """A reference typed in later changes the row, not the money."""
    cli = Cli(db_path, DAY)
    cli("import", str(_book(tmp_path / "a.xlsx", {}, [(HT, date(2026, 10, 20), 5000, None)])))
    edited = [(HT, date(2026, 10, 20), 5000, "HT-002")]
    cli("import", str(_book(tmp_path / "a.xlsx", {}, edited)))
    assert _open(cli) == "61000.00"


def test_an_edited_row_in_the_next_days_copy_under_a_new_name_is_the_same_payment(
        tmp_path: Path, db_path: Path) -> None:
    cli = Cli(db_path, DAY)
    kept = (HT, date(2026, 10, 2), 1000, "HT-001")
    cli("import", str(_book(tmp_path / "a_1101.xlsx", {}, [kept, (HT, date(2026, 10, 20), 5000, None)])))
    edited = [kept, (HT, date(2026, 10, 20), 5000, "HT-002")]
    cli("import", str(_book(tmp_path / "a_1102.xlsx", {}, edited)))
    assert _open(cli) == "60000.00"


def test_another_workbooks_payment_of_the_same_day_and_amount_is_a_payment_of_its_own(
        tmp_path: Path, db_path: Path) -> None:
    """Two payments of ¥700 on one day for two invoices, kept in two workbooks (the ledger's,
    and the cashier's payment list, which lists none of its invoices): the second is no edit
    of the first, and both count."""
    cli = Cli(db_path, DAY)
    cli("import", str(_book(tmp_path / "2025.xlsx", {}, [(HT, date(2026, 10, 20), 700, "HT-001")])))
    cashier = write_book(tmp_path / "出纳.xlsx", [SheetSpec("回款", PAYMENT_HEADERS,
                                                         [(HT, date(2026, 10, 20), 700, "HT-002")])])
    result = cli("import", str(cashier))
    assert "payment_matched" not in result.output
    assert _open(cli) == "64600.00"


# --- any interleaving of pay and re-imports ends at the same balances -------------------------

AMOUNTS = (20_000_00, 30_000_00, 16_000_00)  # fen
NUMBERS = ("HT-001", "HT-002", "HT-003")
DUES = (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1))
FIRST = date(2026, 11, 2)

payment = st.tuples(st.integers(0, 9), st.integers(1, 60).map(lambda n: n * 500_00),
                    st.sampled_from((None, *NUMBERS)), st.booleans())


def _clerk_paid(payments: list[tuple[date, int, str | None]]) -> dict[str, int]:
    """The paid column a clerk keeps: each payment on the invoice it names, else the oldest."""
    charges = [Charge(i, n, d, a) for i, (n, d, a) in enumerate(zip(NUMBERS, DUES, AMOUNTS,
                                                                      strict=True))]
    remits = [Remittance(k, on, fen, number) for k, (on, fen, number) in enumerate(payments)]
    settled = allocate(charges, remits)
    return {n: AMOUNTS[i] - settled.open[i] for i, n in enumerate(NUMBERS)}


def _csv(path: Path, paid: dict[str, int]) -> Path:
    rows = [(HT, n, "2026-08-01", d.isoformat(), a / 100, paid[n] / 100 or "", "张三")
            for n, d, a in zip(NUMBERS, DUES, AMOUNTS, strict=True)]
    return write_csv(path, INVOICE_HEADERS, rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(payment, min_size=1, max_size=5), st.lists(st.integers(0, 10), max_size=4),
       st.randoms(use_true_random=False))
def test_any_interleaving_counts_each_payment_once(tmp_path_factory, plan, import_days, rnd) -> None:
    """True payments on days 0–9, each paid in full by the customer; some are also typed in with
    ``pay`` (on its day or later), the workbook is re-imported on some mornings describing what
    was paid up to that day, and a last import describes everything. The balance then is the
    invoices less the payments — whatever the order."""
    folder = tmp_path_factory.mktemp("interleave")
    config = load_config(None, {})
    ledger = open_ledger(str(folder / "ledger.db"))
    true = [(FIRST + timedelta(days=d), fen, number) for d, fen, number, _ in plan]
    total = sum(AMOUNTS)
    paid_total = sum(fen for _, fen, _ in true)
    assume(paid_total <= total)  # a workbook's paid column cannot show an overpayment
    events: list[tuple[date, int, str, object]] = []
    for k, ((on, fen, number), (_, _, _, typed)) in enumerate(zip(true, plan, strict=True)):
        if typed:
            events.append((on + timedelta(days=rnd.randint(0, 3)), rnd.randint(0, 1), "pay",
                           (on, fen, number, k)))
    for d in import_days:
        events.append((FIRST + timedelta(days=d), rnd.randint(0, 1), "import", None))
    events.sort(key=lambda e: (e[0], e[1]))
    events.append((FIRST + timedelta(days=14), 0, "import", None))
    first = True
    for day, _, kind, what in events:
        if kind == "import" or first:
            known = [p for p in true if p[0] <= day] if kind == "import" else []
            import_file(ledger, _csv(folder / f"wb-{day}.csv", _clerk_paid(known)),
                        ImportOptions(today=day), config)
            first = False
            if kind == "import":
                continue
        on, fen, number, k = what  # type: ignore[misc]
        ctx = AppContext(config, str(folder / "ledger.db"), day, "en", ledger)
        record_payment(ctx, HT, fen, on, number, "", f"bank-{k}", force=True)
    with ledger.read() as conn:
        pos = position_of(conn, config, resolve(conn, HT).id)
    ledger.close()
    # payments above the invoices stay as credit, so the balance is exact either way
    assert pos.open - pos.credit == total - sum(fen for _, fen, _ in true), (events, paid_total)
