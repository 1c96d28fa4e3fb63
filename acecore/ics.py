"""Deadlines as an iCalendar (.ics) file (RFC 5545): one all-day event per deadline date and path, with
the entries it covers, and a reminder a week before; the last days to protest a contested duty too."""

from __future__ import annotations

import datetime as dt
import hashlib

from acecore import db
from acecore.analysis import Analysis
from acecore.contested import build_contested
from acecore.export import dollars
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES

MAX_LISTED = 100  # entry numbers written into one event's description


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets; a continuation line starts with a space (RFC 5545 section 3.1)."""
    parts, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 75:
            parts.append(current)
            current = " "
        current += char
    return [*parts, current]


def deadlines_ics(analysis: Analysis, as_of: dt.date) -> bytes:
    build_routes(analysis, as_of)
    groups = db.arrow_file(analysis.con, "deadline_groups", done=list(DONE_STATUSES)).to_pylist()
    stamp = as_of.strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ace-refunds//IEEPA recovery deadlines//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:IEEPA refund deadlines",
    ]
    build_contested(analysis, as_of)
    disputed = db.arrow_file(analysis.con, "contested_calendar", as_of=as_of).to_pylist()
    for g in groups + disputed:
        day: dt.date = g["deadline"]
        uid = hashlib.sha1(f"{day}|{g['path']}".encode()).hexdigest()
        estimated = " (estimated)" if g["estimated"] else ""
        ends = f" ({g['rule_ends']})" if g.get("rule_ends") else ""
        money = f"{dollars(g['ieepa_duty'])} IEEPA duty" if "ieepa_duty" in g else f"{dollars(g['duty'])} duty"
        summary = f"{g['path']} deadline{estimated}{ends}: {g['entries']} entries, {money}"
        listed = g["entry_numbers"][:MAX_LISTED]
        more = len(g["entry_numbers"]) - len(listed)
        description = "Entries: " + ", ".join(listed) + (f" and {more} more" if more else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@ace-refunds",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{_escape(summary)}",
            "TRIGGER:-P7D",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(f"{part}\r\n" for line in lines for part in _fold(line)).encode("utf-8")
