"""The command line: Typer and rich only, each command a thin shell over one service call."""
