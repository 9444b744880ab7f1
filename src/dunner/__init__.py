"""dunner: chase unpaid trade receivables from an Excel ledger."""

__version__ = "0.1.0"
