"""Pure rules: no database, no clock, no I/O; "today" is always a parameter."""
