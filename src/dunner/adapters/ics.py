"""Calendar export: one event per action, local times with their time zone, for phones and desktops."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime  # naive local time in ``zone``
    minutes: int
    summary: str
    description: str
    location: str = ""


def write_ics(path: Path, events: Iterable[Event], zone: str, stamp: datetime) -> None:
    from dunner.adapters.xlsx import private_file

    data = ics_bytes(events, zone, stamp)
    private_file(path)
    path.write_bytes(data)


def ics_bytes(events: Iterable[Event], zone: str, stamp: datetime) -> bytes:
    """The calendar file's bytes (for a file, or a mail attachment a phone opens)."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    tz = ZoneInfo(zone)
    cal = Calendar()
    cal.add("prodid", "-//dunner//collections plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "dunner")
    for e in events:
        ev = IcsEvent()
        ev.add("uid", f"{e.uid}@dunner")
        ev.add("dtstamp", stamp.replace(tzinfo=tz))
        ev.add("dtstart", e.start.replace(tzinfo=tz))
        ev.add("dtend", e.start.replace(tzinfo=tz) + timedelta(minutes=e.minutes))
        ev.add("summary", e.summary)
        ev.add("description", e.description)
        if e.location:
            ev.add("location", e.location)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())
