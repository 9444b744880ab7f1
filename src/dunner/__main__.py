"""Entry point for ``python -m dunner``."""

from dunner.cli.app import main

main()
