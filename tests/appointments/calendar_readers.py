"""Our calendar files as two real calendar programs' parsers read them: ical.js (Mozilla's,
in Thunderbird and many web calendars; installed by `make test` into tests/calendar_js)
and Python icalendar, reading the file's own VTIMEZONE rather than its zone database."""

import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

CALENDAR_JS = Path(__file__).resolve().parent.parent / "calendar_js"
INSTALL = "npm ci --prefix tests/calendar_js (a prerequisite of make test-sqlite)"


@dataclass(frozen=True)
class Read:
    uid: str
    start: datetime  # UTC
    end: datetime
    sequence: int
    last_modified: datetime | None


def read_with_ical_js(body: bytes) -> dict[str, Read]:
    """Every event by UID as ical.js reads it. Fails, never skips, without Node or ical.js."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"Node.js is not installed: the ical.js check needs it ({INSTALL}).")
    if not (CALENDAR_JS / "node_modules" / "ical.js" / "package.json").exists():
        pytest.fail(f"ical.js is not installed: run {INSTALL}.")
    done = subprocess.run(
        [node, str(CALENDAR_JS / "events.mjs")],
        input=body,
        capture_output=True,
        check=False,
        cwd=CALENDAR_JS,
    )
    assert done.returncode == 0, done.stderr.decode()
    return {
        row["uid"]: Read(
            uid=row["uid"],
            start=_instant(row["start"]),
            end=_instant(row["end"]),
            sequence=row["sequence"],
            last_modified=_instant(row["last_modified"]) if row["last_modified"] else None,
        )
        for row in json.loads(done.stdout)
    }


def read_with_icalendar(body: bytes) -> dict[str, Read]:
    """Every event by UID, its local times resolved through the file's VTIMEZONE only."""
    calendar = Calendar.from_ical(body)
    zones = {str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in calendar.walk("VTIMEZONE")}

    def instant(prop) -> datetime:
        wall = prop.dt.replace(tzinfo=None)
        tzid = prop.params.get("TZID")
        if tzid is None:
            return prop.dt.astimezone(UTC)
        return wall.replace(tzinfo=zones[tzid]).astimezone(UTC)

    reads = {}
    for event in calendar.walk("VEVENT"):
        modified = event.get("LAST-MODIFIED")
        reads[str(event["UID"])] = Read(
            uid=str(event["UID"]),
            start=instant(event["DTSTART"]),
            end=instant(event["DTEND"]),
            sequence=int(event["SEQUENCE"]),
            last_modified=modified.dt.astimezone(UTC) if modified else None,
        )
    return reads


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
