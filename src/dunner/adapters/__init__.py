"""Edges of dunner: workbooks in and out, calendars, notifications."""
