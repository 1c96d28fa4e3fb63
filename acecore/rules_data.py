"""The rules data (acecore/data): when it was last checked against its sources, how sure each row is
in words for users, the dated events, and the checks of `python -m acecore rules-check`.

Rules change by CBP message and court order, so each fact is a row with its source, how sure it is
(data/confidence.csv) and the dates it is in force; the code applies the rows and never decides them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from itertools import combinations

from acecore.export import long_date

WORKING_NOTE = re.compile(r"VERIFY|\.\./|audit|\.md\b|notes on|study", re.IGNORECASE)  # never a rule's source
STALE_AFTER_DAYS = 30  # past this, the pages say the rules may have changed since they were checked

# The files of rules (each row sourced, and how sure); mfn_rates.csv is built from the USITC schedule.
RULE_FILES = (
    "chapter99",
    "recovery_rules",
    "cape_rejections",
    "events",
    "interest_rates",
    "liquidation_status",
    "liquidation_estimates",
    "entry_types",
    "contested",
)


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    text = resources.files("acecore").joinpath("data", f"{name}.csv").read_text(encoding="utf-8")
    with io.StringIO(text, newline="") as handle:
        return tuple(csv.DictReader(handle))


def checked_on() -> dt.date:
    """The day the rules data was last checked against its sources: the oldest file's (data/checked.csv)."""
    return min(dt.date.fromisoformat(r["checked_on"]) for r in rows("checked"))


def staleness(as_of: dt.date) -> str | None:
    """A plain warning when the rules are more than STALE_AFTER_DAYS older than the as-of date, else None."""
    checked = checked_on()
    days = (as_of - checked).days
    if days <= STALE_AFTER_DAYS:
        return None
    return (
        f"The rules behind these paths and deadlines were last checked against CBP's messages and the courts "
        f"on {long_date(checked)}, {days} days before {long_date(as_of)}: CBP or a court may have changed them "
        "since. Check the dates with your broker or counsel before you file."
    )


def confidence_words() -> dict[str, str]:
    """How sure a row is -> the words shown beside it ("" for a confirmed fact)."""
    return {r["confidence"]: r["words"] or "" for r in rows("confidence")}


def events(as_of: dt.date) -> list[dict[str, str]]:
    """CAPE phases, court steps and rule changes that had happened by the as-of date, newest first,
    each with the words of how sure it is (`sureness`)."""
    words = confidence_words()
    happened = [dict(r, sureness=words[r["confidence"]]) for r in rows("events") if _day(r["date"]) <= as_of]
    return sorted(happened, key=lambda r: r["date"], reverse=True)


# --- rules-check -----------------------------------------------------------------------------------


def problems() -> list[str]:
    """Every way the rules data is not as the code needs it, one line each (none: all is well)."""
    found: list[str] = []
    for check in _CHECKS:
        found.extend(check())
    return found


def _day(text: str | None, empty: dt.date = dt.date.max) -> dt.date:
    """A date of the data; an empty one is `empty` (an empty end: still in force)."""
    return dt.date.fromisoformat(text) if text else empty


def _overlap(a_from: str, a_to: str, b_from: str, b_to: str) -> bool:
    """Two periods share a day."""
    return max(_day(a_from), _day(b_from)) <= min(_day(a_to), _day(b_to))


def _sourced() -> Iterator[str]:
    words = confidence_words()
    for name in RULE_FILES:
        for number, row in enumerate(rows(name), start=2):
            where = f"{name}.csv row {number}"
            if not (row.get("source") or "").strip():
                yield f"{where}: no source"
            if row.get("confidence") not in words:
                yield f"{where}: confidence {row.get('confidence')!r} is not one of {', '.join(words)}"
            if WORKING_NOTE.search(row.get("source", "")):
                yield f"{where}: the source cites a working note, not the CBP message, order or court document"
    files = {r["file"] for r in rows("checked")}
    for missing in sorted(set(RULE_FILES) - files):
        yield f"checked.csv: no date for {missing}.csv"


def _dates_ordered() -> Iterator[str]:
    spans = {
        "chapter99": ("first_day", "last_day"),
        "recovery_rules": ("in_force_from", "in_force_to"),
        "cape_rejections": ("in_force_from", "in_force_to"),
        "interest_rates": ("first_day", "last_day"),
        "contested": ("in_force_from", "in_force_to"),
    }
    for name, (start, end) in spans.items():
        for number, row in enumerate(rows(name), start=2):
            try:
                first, last = _day(row[start], dt.date.min), _day(row[end])
            except ValueError as error:
                yield f"{name}.csv row {number}: {error}"
                continue
            if first == dt.date.min or last < first:
                yield f"{name}.csv row {number}: {start} {row[start]!r} is not on or before {end} {row[end]!r}"
    for number, row in enumerate(rows("chapter99"), start=2):
        if _day(row["measure_date"], dt.date.min) > _day(row["first_day"]):
            yield f"chapter99.csv row {number}: measure_date after first_day"
    for number, row in enumerate(rows("events"), start=2):
        try:
            _day(row["date"])
        except ValueError as error:
            yield f"events.csv row {number}: {error}"
    quarters = rows("interest_rates")
    for number, (earlier, later) in enumerate(zip(quarters, quarters[1:], strict=False), start=3):
        if _day(later["first_day"]) != _day(earlier["last_day"]) + dt.timedelta(days=1):
            yield f"interest_rates.csv row {number}: does not start the day after the row before ends"


def _one_answer_a_day() -> Iterator[str]:
    """No two rows of one heading, rule condition or check in force on the same day with different answers.
    Heading ranges nest or stay apart whatever their dates: the catalogue takes a heading's narrowest range
    before it looks at the period."""
    headings = list(enumerate(rows("chapter99"), start=2))
    for (n, a), (m, b) in combinations(headings, 2):
        same = (a["heading_from"], a["heading_to"]) == (b["heading_from"], b["heading_to"])
        a_in_b = b["heading_from"] <= a["heading_from"] and a["heading_to"] <= b["heading_to"]
        b_in_a = a["heading_from"] <= b["heading_from"] and b["heading_to"] <= a["heading_to"]
        apart = a["heading_to"] < b["heading_from"] or b["heading_to"] < a["heading_from"]
        if same and _overlap(a["first_day"], a["last_day"], b["first_day"], b["last_day"]):
            yield f"chapter99.csv rows {n} and {m}: heading {a['heading_from']}-{a['heading_to']} twice on one day"
        elif not (same or apart or a_in_b or b_in_a):
            yield f"chapter99.csv rows {n} and {m}: heading ranges cross (neither holds the other)"
    rules = list(enumerate(rows("recovery_rules"), start=2))
    for (n, a), (m, b) in combinations(rules, 2):
        if a["rule_id"] != b["rule_id"]:
            continue
        if (a["path"], a["priority"], a["refund_path"]) != (b["path"], b["priority"], b["refund_path"]):
            yield f"recovery_rules.csv rows {n} and {m}: one rule {a['rule_id']} with two paths or priorities"
        shared = set(a["statuses"].split(";")) & set(b["statuses"].split(";"))
        if (
            (a["condition"], a["basis"]) == (b["condition"], b["basis"])
            and shared
            and _overlap(a["in_force_from"], a["in_force_to"], b["in_force_from"], b["in_force_to"])
        ):
            both = ", ".join(sorted(shared))
            yield f"recovery_rules.csv rows {n} and {m}: {a['rule_id']} twice for {both} on one day"
    checks = list(enumerate(rows("cape_rejections"), start=2))
    for (n, a), (m, b) in combinations(checks, 2):
        if a["check"] == b["check"] and _overlap(
            a["in_force_from"], a["in_force_to"], b["in_force_from"], b["in_force_to"]
        ):
            yield f"cape_rejections.csv rows {n} and {m}: check {a['check']} twice on one day"
    for name, key in (
        ("liquidation_status", "text"),
        ("entry_types", "entry_type"),
        ("liquidation_estimates", "entry_type"),
    ):
        seen: dict[str, int] = {}
        for number, row in enumerate(rows(name), start=2):
            value = row[key].strip().casefold()
            if value in seen:
                yield f"{name}.csv rows {seen[value]} and {number}: {key} {row[key]!r} twice"
            seen[value] = number


def _references() -> Iterator[str]:
    """What one file names in another exists there."""
    paths = {r["path"] for r in rows("recovery_rules")}
    for number, row in enumerate(rows("events"), start=2):
        if row["path"] and row["path"] not in paths:
            yield f"events.csv row {number}: path {row['path']!r} is no path of recovery_rules.csv"
    statuses = {r["status"] for r in rows("liquidation_status")}
    for number, row in enumerate(rows("recovery_rules"), start=2):
        for status in row["statuses"].split(";"):
            if status not in statuses:
                yield f"recovery_rules.csv row {number}: status {status!r} is no status of liquidation_status.csv"
        if row["condition"] not in ("deadline", "opens", "always"):
            yield f"recovery_rules.csv row {number}: condition {row['condition']!r}"
        if row["condition"] != "always" and row["basis"] not in (
            "entry_date",
            "liquidation_date",
            "deposit_date",
            "measure_date",
        ):
            yield f"recovery_rules.csv row {number}: basis {row['basis']!r}"
    catalogue = rows("chapter99")
    for number, row in enumerate(rows("contested"), start=2):
        if not any(
            c["authority"] == row["authority"] and row["heading_from"] <= c["heading_from"] <= row["heading_to"]
            for c in catalogue
        ):
            yield f"contested.csv row {number}: no {row['authority']} heading of chapter99.csv in its range"
        for span in ("protest_span", "suit_span"):
            if not re.fullmatch(r"\d+ (days|years)", row[span]):
                yield f"contested.csv row {number}: {span} {row[span]!r} is not a number of days or years"


_CHECKS: tuple[Callable[[], Iterator[str]], ...] = (_sourced, _dates_ordered, _one_answer_a_day, _references)
