"""Entry point for ``python -m dunner``."""

from dunner.cli.app import main

if __name__ == "__main__":  # also without the console script on PATH (a Windows user's usual case)
    main()
