"""Would a columnar engine make the import fast enough? Measured, not guessed.

    python benchmarks/bench_columnar.py [--file PATH] [--runs N] [--csv-rows N] [--venv DIR]

Each in its own fresh process (median of --runs, 3 by default; peak memory as bench_import.py
takes it), on the 100,000-invoice workbook with the 回款 sheet:

  floor            python-calamine alone (bench_import.py's floor)
  dunner import    dunner import FILE into a fresh SQLite ledger
  row loop         the least a Python import can do: calamine's rows, the three sheets' columns
                   converted (amounts to fen, numbers to text, dates to ISO days) with no check
                   at all, inserted with the standard library's sqlite3 into dunner's schema in
                   one transaction, indexes built after the rows
  columnar         the same work through fastexcel (calamine into Arrow, no Python object per
                   cell), polars and the ADBC SQLite driver (Arrow into SQLite in C)

and on the CSV files of bench_import.py (100,000 rows and --csv-rows, 1,000,000 by default):

  columnar csv     polars' CSV reader, the same conversion, ADBC into a fresh ledger

and, for the reading commands, what an engine costs before it does anything, next to the floor
they are held to:

  sqlite3 floor    bench_reports.py's: every customer, invoice and payment row of the ledger
                   dunner's import wrote, read with the standard library's sqlite3
  python           python -c pass
  dunner --help    the CLI's start
  import polars    polars alone

The row loop and the columnar import must leave the same invoices and payments in their ledgers
as dunner's import does (customer name, number, days, fen: compared by a digest), else the
script stops: the three do the same work on this file, dunner with every check besides.

The columnar programs need polars, fastexcel and adbc-driver-sqlite, which dunner does not
depend on: the script installs them with pip into a virtualenv of their own (--venv, by default
benchmarks/out/columnar-venv) the first time.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import closing
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_big_ledger  # noqa: E402
from bench_import import CSV_CONFIG, FLOOR, Run, dunner_exe, ensure_csv, measure  # noqa: E402
from bench_reports import FLOOR_SQLITE  # noqa: E402

TODAY = "2026-11-23"
SCHEMA = Path(__file__).resolve().parents[1] / "src" / "dunner" / "ledger" / "sqlite_schema.sql"
ENGINE = ["polars", "fastexcel", "adbc-driver-sqlite"]

# What every minimal program does first: dunner's schema on a new file, with the PRAGMAs dunner's
# connections use. The programs below are appended to it.
PRELUDE = r"""
import sqlite3, sys, time
path, db, schema = sys.argv[1], sys.argv[2], sys.argv[3]
with sqlite3.connect(db) as made:
    made.executescript(open(schema, encoding="utf-8").read())
made.close()
PRAGMAS = ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON")
NOT_NULL = ("owner", "phone", "wechat", "address", "city", "pay_days", "notes")
FLAGS = ("no_monday", "no_morning", "do_not_contact")
INVOICE_COLUMNS = ("customer_id", "number", "issued", "due", "amount", "description", "owner",
                   "signed_receipt", "disputed", "dispute_reason", "source_file", "source_ref")
PAYMENT_COLUMNS = ("customer_id", "paid_on", "amount", "invoice_number", "method", "reference",
                   "origin", "import_key", "source_file", "source_ref")
"""

ROW_LOOP = PRELUDE + r"""
from python_calamine import CalamineWorkbook

def text(cell):
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    return str(cell).strip()

def day(cell):
    return cell.isoformat() if cell != "" else None

book = CalamineWorkbook.from_path(path)
invoices = book.get_sheet_by_name("应收明细").to_python()[2:]
payments = book.get_sheet_by_name("回款").to_python()[1:]
customers = book.get_sheet_by_name("客户").to_python()[1:]
conn = sqlite3.connect(db, isolation_level=None)
for pragma in PRAGMAS:
    conn.execute(f"PRAGMA {pragma}")
conn.execute("BEGIN IMMEDIATE")
names = {text(r[0]) for r in customers} | {text(r[0]) for r in invoices} | {text(r[0]) for r in payments}
conn.executemany("INSERT INTO customer (name, name_key, status, " + ", ".join(NOT_NULL + FLAGS)
                 + ") VALUES (?, ?, 'active'" + ", ''" * len(NOT_NULL) + ", 0" * len(FLAGS) + ")",
                 [(n, n) for n in sorted(names)])
ids = dict(conn.execute("SELECT name, id FROM customer"))
conn.execute("DROP INDEX ix_invoice_customer_id")
conn.execute("DROP INDEX ix_payment_customer_id")
conn.executemany(f"INSERT INTO invoice ({', '.join(INVOICE_COLUMNS)}) VALUES"
                 f" ({', '.join('?' * len(INVOICE_COLUMNS))})",
                 [(ids[text(r[0])], text(r[1]), day(r[2]), day(r[3]), round(r[4] * 100), text(r[7]),
                   text(r[6]), 0, 0, "", "f", "") for r in invoices])
conn.executemany(f"INSERT INTO payment ({', '.join(PAYMENT_COLUMNS)}) VALUES"
                 f" ({', '.join('?' * len(PAYMENT_COLUMNS))})",
                 [(ids[text(r[0])], day(r[1]), round(r[2] * 100), text(r[3]) or None, "", "",
                   "sheet", f"k{i}", "f", "") for i, r in enumerate(payments)])
conn.execute("CREATE INDEX ix_invoice_customer_id ON invoice (customer_id)")
conn.execute("CREATE INDEX ix_payment_customer_id ON payment (customer_id)")
conn.execute("COMMIT")
"""

# Shared by the two columnar programs: a polars frame of invoices (and one of payments) into
# dunner's schema through ADBC, each column converted by polars.
COLUMNAR_WRITE = PRELUDE + r"""
import polars as pl
import adbc_driver_sqlite.dbapi as adbc

def text(col):
    return pl.col(col).cast(pl.String).str.strip_chars().str.replace(r"\.0$", "")

def write(invoices, payments, customers):
    names = pl.concat([f.select(text(f.columns[0]).alias("name")) for f in (invoices, payments, customers)
                       if f.height]).unique().sort("name")
    # the PRAGMAs outside a transaction, then one transaction; nothing is fetched (ADBC's fetch
    # needs pyarrow), so the customers' ids are given: 1, 2, … in name order in a new ledger
    conn = adbc.connect(db, autocommit=True)
    cur = conn.cursor()
    for pragma in PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.execute("BEGIN IMMEDIATE")
    people = names.with_row_index("id", offset=1).with_columns(
        pl.col("id").cast(pl.Int64), pl.col("name").alias("name_key"), pl.lit("active").alias("status"),
        *(pl.lit("").alias(c) for c in NOT_NULL), *(pl.lit(False).alias(c) for c in FLAGS))
    cur.adbc_ingest("customer", people, mode="append")
    ids = dict(zip(people["name"], people["id"], strict=True))
    cur.execute("DROP INDEX ix_invoice_customer_id")
    cur.execute("DROP INDEX ix_payment_customer_id")
    c = invoices.columns
    rows = invoices.select(
        text(c[0]).replace_strict(ids, return_dtype=pl.Int64).alias("customer_id"),
        text(c[1]).alias("number"), pl.col(c[2]).cast(pl.Date).cast(pl.String).alias("issued"),
        pl.col(c[3]).cast(pl.Date).cast(pl.String).alias("due"),
        (pl.col(c[4]).cast(pl.Float64) * 100).round().cast(pl.Int64).alias("amount"),
        (text(c[7]) if len(c) > 7 else pl.lit("")).fill_null("").alias("description"),
        (text(c[6]) if len(c) > 6 else pl.lit("")).fill_null("").alias("owner"),
        pl.lit(False).alias("signed_receipt"), pl.lit(False).alias("disputed"),
        pl.lit("").alias("dispute_reason"), pl.lit("f").alias("source_file"),
        pl.lit("").alias("source_ref"))
    cur.adbc_ingest("invoice", rows, mode="append")
    if payments.height:
        c = payments.columns
        rows = payments.with_row_index("i").select(
            text(c[0]).replace_strict(ids, return_dtype=pl.Int64).alias("customer_id"),
            pl.col(c[1]).cast(pl.Date).cast(pl.String).alias("paid_on"),
            (pl.col(c[2]).cast(pl.Float64) * 100).round().cast(pl.Int64).alias("amount"),
            text(c[3]).replace("", None).alias("invoice_number"), pl.lit("").alias("method"),
            pl.lit("").alias("reference"), pl.lit("sheet").alias("origin"),
            ("k" + pl.col("i").cast(pl.String)).alias("import_key"),
            pl.lit("f").alias("source_file"), pl.lit("").alias("source_ref"))
        cur.adbc_ingest("payment", rows, mode="append")
    cur.execute("CREATE INDEX ix_invoice_customer_id ON invoice (customer_id)")
    cur.execute("CREATE INDEX ix_payment_customer_id ON payment (customer_id)")
    cur.execute("COMMIT")
    conn.close()
"""

COLUMNAR = COLUMNAR_WRITE + r"""
import fastexcel
book = fastexcel.read_excel(path)
sheet = book.load_sheet_by_name("应收明细", header_row=1, dtypes={"单据编号": "string"})
invoices = sheet.to_polars()
payments = book.load_sheet_by_name("回款", dtypes={"单号": "string"}).to_polars()
customers = book.load_sheet_by_name("客户").to_polars()
write(invoices, payments, customers)
"""

COLUMNAR_CSV = COLUMNAR_WRITE + r"""
invoices = pl.read_csv(path, schema={"客户名称": pl.String, "单据编号": pl.String,
                                     "发货日期": pl.Date, "价税合计": pl.String})
invoices = invoices.with_columns(pl.lit(None, pl.Date).alias("到期日"))
invoices = invoices.select("客户名称", "单据编号", "发货日期", "到期日", "价税合计")
empty = pl.DataFrame()
write(invoices, empty, empty)
"""

STARTS = {"python": "pass", "import polars": "import polars"}
HEAD = "\n| name | seconds (median) | CPU s | peak MB | {} |\n| --- | ---: | ---: | ---: | ---: |"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=make_big_ledger.DEFAULT_PATH)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--venv", type=Path, default=make_big_ledger.OUT / "columnar-venv")
    return parser.parse_args()


def engine_python(venv: Path) -> str:
    """The virtualenv's python, with the engine and dunner's calamine installed the first time."""
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *ENGINE,
                        f"python-calamine=={version('python-calamine')}"], check=True)
    return str(python)


def digest(db: Path) -> str:
    """The invoices and payments by customer name, number, days and fen."""
    h = hashlib.sha256()
    with closing(sqlite3.connect(db)) as conn:
        for sql in ("SELECT c.name, i.number, i.issued, i.due, i.amount FROM invoice i"
                    " JOIN customer c ON c.id = i.customer_id ORDER BY 1, 2",
                    "SELECT c.name, p.paid_on, p.amount, p.invoice_number FROM payment p"
                    " JOIN customer c ON c.id = p.customer_id ORDER BY 1, 2, 3, 4"):
            for row in conn.execute(sql):
                h.update(repr(row).encode())
    return h.hexdigest()


def fresh(work: Path, name: str) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work / name}{suffix}").unlink(missing_ok=True)
    return work / name


def runs_of(label: str, cmd: list[str], db: Path | None, work: Path, runs: int,
            env: dict[str, str] | None = None) -> tuple[list[Run], str | None]:
    """``runs`` fresh processes (each into a fresh ``db`` if given); the ledger's digest."""
    out = []
    for _ in range(runs):
        if db is not None:
            fresh(work, db.name)
        run = measure(cmd, work, env)
        if run.rc != 0:
            raise SystemExit(f"{label} exited {run.rc}:\n{run.stdout}\n{run.stderr}")
        out.append(run)
    return out, digest(db) if db is not None else None


def row(label: str, runs: list[Run], floor: float | None) -> str:
    seconds = statistics.median(r.seconds for r in runs)
    cpu = statistics.median(r.cpu_s for r in runs)
    peak = max(r.peak_mb for r in runs)
    ratio = f"{seconds / floor:.2f}" if floor else ""
    return f"| {label} | {seconds:.2f} | {cpu:.2f} | {peak:,.1f} | {ratio} |"


def main() -> None:
    args = options()
    path = make_big_ledger.ensure(args.file)
    engine = engine_python(args.venv)
    dunner = dunner_exe()
    print(f"file: {path}; python {sys.version.split()[0]}, {os.cpu_count()} cpus; "
          f"median of {args.runs}; engine: " + ", ".join(f"{p} {_engine_version(engine, p)}" for p in ENGINE))
    with tempfile.TemporaryDirectory(prefix="dunner-columnar-") as tmp:
        work = Path(tmp)
        config = work / "config.toml"
        config.write_text(CSV_CONFIG, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("DUNNER_")}
        env["DUNNER_CONFIG"] = str(config)
        table: list[tuple[str, list[Run]]] = []
        floor, _ = runs_of("floor", [sys.executable, "-c", FLOOR, str(path)], None, work, args.runs)
        table.append(("floor (calamine)", floor))
        db = work / "dunner.db"
        ran, want = runs_of("dunner import", [dunner, "--db", str(db), "--today", TODAY, "import",
                                              str(path), "--json"], db, work, args.runs, env)
        table.append(("dunner import", ran))
        reads, _ = runs_of("sqlite3 floor", [sys.executable, "-c", FLOOR_SQLITE, str(db)], None, work,
                           args.runs)
        for label, python, program in (("row loop (sqlite3)", sys.executable, ROW_LOOP),
                                       ("columnar (polars, ADBC)", engine, COLUMNAR)):
            db = work / "minimal.db"
            ran, got = runs_of(label, [python, "-c", program, str(path), str(db), str(SCHEMA)],
                               db, work, args.runs)
            if got != want:
                raise SystemExit(f"{label} wrote other invoices or payments than dunner's import")
            table.append((label, ran))
        csv_table: list[tuple[str, list[Run]]] = []
        for rows in (100_000, args.csv_rows):
            csv = ensure_csv(rows)
            db = work / "csv-dunner.db"
            _, want = runs_of("dunner csv", [dunner, "--db", str(db), "--today", TODAY, "import",
                                             str(csv), "--json"], db, work, 1, env)
            db = work / "csv.db"
            ran, got = runs_of("columnar csv", [engine, "-c", COLUMNAR_CSV, str(csv), str(db),
                                                str(SCHEMA)], db, work, args.runs)
            if got != want:
                raise SystemExit(f"columnar csv wrote other invoices than dunner's import of {csv.name}")
            csv_table.append((f"columnar csv, {rows:,} rows", ran))
        starts = [(label, runs_of(label, [engine, "-c", code], None, work, args.runs)[0])
                  for label, code in STARTS.items()]
        starts.insert(1, ("dunner --help", runs_of("help", [dunner, "--help"], None, work, args.runs)[0]))
    read_floor = statistics.median(r.seconds for r in reads)
    base = statistics.median(r.seconds for r in floor)
    print(HEAD.format("× floor"))
    for label, ran in table:
        print(row(label, ran, base))
    for label, ran in csv_table:
        print(row(label, ran, None))
    print(HEAD.format("× sqlite3 floor"))
    for label, ran in [("sqlite3 floor (reads)", reads), *starts]:
        print(row(label, ran, read_floor))


def _engine_version(python: str, package: str) -> str:
    code = f"from importlib.metadata import version; print(version({package!r}))"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


if __name__ == "__main__":
    main()
