"""The ledger: tables, sessions and migrations — the only package that touches the database."""
