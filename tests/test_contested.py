"""Contested duties beyond IEEPA (data/contested.csv): Section 122 and Section 301 forced-labor entries,
liquidated, unliquidated and past their protest window, with their deadlines; and no IEEPA figure moves."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from acecore.analysis import Analysis
from acecore.contested import contested, groups
from acecore.rules_data import rows
from tests.helpers import BASIC_HEADERS, analysis_files, csv_bytes, entry_number, parse_csv, row

LIQ_HEADERS = [*BASIC_HEADERS, "Liquidation Status", "Liquidation Date"]
D = dt.timedelta
S122 = next(r for r in rows("contested") if r["authority"] == "Section 122")
SUIT_BY = dt.date.fromisoformat(S122["suit_from"]).replace(year=dt.date.fromisoformat(S122["suit_from"]).year + 2)


def us(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def lines(entry: str, entered: dt.date, status: str = "", liquidated: dt.date | None = None, **hts_duty: str):
    """One entry's rows: a $10,000 goods line, then one Chapter 99 row per heading given as h<digits>."""
    made = [row(entry, 1, 1, "8471300100", "10000.00", "0.00", entry_date=us(entered), summary=us(entered))]
    for ordinal, (heading, duty) in enumerate(hts_duty.items(), start=2):
        made.append(row(entry, 1, ordinal, heading[1:], "0", duty, entry_date=us(entered), summary=us(entered)))
    return [dict(r, **{"Liquidation Status": status, "Liquidation Date": us(liquidated)}) for r in made]


def load(*entries: list[dict[str, str]]) -> Analysis:
    analysis = Analysis()
    report = analysis.add_file("es003.csv", csv_bytes([r for e in entries for r in e], headers=LIQ_HEADERS))
    assert report.status == "ok", report.errors
    return analysis


LIQUIDATED = entry_number("Z4K", 5000001)
PENDING = entry_number("Z4K", 5000002)
LATE = entry_number("Z4K", 5000003)
FORCED = entry_number("Z4K", 5000004)


def four() -> Analysis:
    return load(
        lines(LIQUIDATED, dt.date(2026, 3, 2), "Liquidated", dt.date(2026, 10, 1), h9903030100="1000.00"),
        lines(PENDING, dt.date(2026, 5, 11), h9903030100="1000.00", h9903030205="0.00"),
        lines(LATE, dt.date(2026, 2, 24), "Liquidated", dt.date(2026, 3, 6), h9903030100="1000.00"),
        lines(FORCED, dt.date(2026, 8, 17), "Unliquidated", dt.date(2027, 7, 2), h9903052500="1250.00"),
    )


def by_entry(analysis: Analysis, as_of: dt.date) -> dict[str, dict]:
    table = contested(analysis, as_of).to_pylist()
    assert len(table) == len({r["entry_number"] for r in table})  # one measure per entry here
    return {r["entry_number"]: r for r in table}


def test_section_122_and_forced_labor_entries_get_their_path_and_deadline() -> None:
    today = dt.date(2026, 12, 2)
    found = by_entry(four(), today)
    liquidated = found[LIQUIDATED]
    assert (liquidated["authority"], liquidated["path"]) == ("Section 122", "protective protest")
    assert liquidated["deadline"] == dt.date(2026, 10, 1) + D(days=180) and not liquidated["deadline_estimated"]
    assert liquidated["days_left"] == (liquidated["deadline"] - today).days
    assert liquidated["duty"] == Decimal("1000.00") and liquidated["headings"] == "9903.03.01"
    assert "Federal Circuit" in liquidated["case_status"] and liquidated["source"]

    pending = found[PENDING]  # no liquidation in the data: the usual 314 days after the entry summary
    assert pending["path"] == "window opens at liquidation (estimated)" and pending["deadline_estimated"]
    assert pending["liquidation_date"] == dt.date(2026, 5, 11) + D(days=314)
    assert pending["deadline"] == pending["liquidation_date"] + D(days=180)
    assert pending["headings"] == "9903.03.01"  # the exception heading carried no duty

    late = found[LATE]  # liquidated 2026-03-06: the protest window closed on 2026-09-02
    assert late["path"] == "protest window closed: only a suit of your own, talk to counsel"
    assert late["deadline"] == SUIT_BY == late["suit_by"] and not late["deadline_estimated"]

    forced = found[FORCED]
    assert (forced["authority"], forced["measure"]) == ("Section 301", "Section 301 forced labor")
    assert forced["path"] == "window opens at liquidation" and not forced["deadline_estimated"]
    assert forced["deadline"] == dt.date(2027, 7, 2) + D(days=180) and forced["duty"] == Decimal("1250.00")


@pytest.mark.parametrize(("day", "path"), [(180, "protective protest"), (181, "protest window closed")])
def test_the_protest_window_is_180_days_from_liquidation(day: int, path: str) -> None:
    liquidated = dt.date(2026, 10, 1)
    found = by_entry(four(), liquidated + D(days=day))
    assert found[LIQUIDATED]["path"].startswith(path)


def test_after_the_suit_date_nothing_is_left() -> None:
    found = by_entry(four(), SUIT_BY + D(days=1))
    assert found[LATE]["path"] == "nothing left: the time for a suit has passed"
    assert found[LATE]["days_left"] == -1


def test_the_groups_add_up_to_the_lines() -> None:
    analysis = four()
    table = contested(analysis, dt.date(2026, 12, 2))
    listed = groups(analysis, dt.date(2026, 12, 2))
    assert sum(g["duty"] for g in listed) == sum(table["duty"].to_pylist()) == Decimal("4250.00")
    assert sum(g["entries"] for g in listed) == 4
    assert listed[0]["path"] == "protective protest"  # the soonest deadline first


def test_contested_lines_change_no_ieepa_figure_and_are_written_to_contested_csv() -> None:
    entry = entry_number("Z4K", 5000009)
    ieepa_only = lines(entry, dt.date(2026, 2, 20), h9903012400="1000.00", h9903012500="500.00")
    both = lines(entry, dt.date(2026, 2, 20), h9903012400="1000.00", h9903012500="500.00", h9903030100="333.33")
    as_of = dt.date(2026, 12, 2)
    alone, mixed = analysis_files(load(ieepa_only), as_of), analysis_files(load(both), as_of)
    for name in ("ieepa_lines.csv", "cape_checks.csv", "reconciliation.csv"):
        assert alone[name] == mixed[name], name
    [before], [after] = parse_csv(alone["entries.csv"]), parse_csv(mixed["entries.csv"])
    assert before["ieepa_duty"] == after["ieepa_duty"] == "1500.00"
    assert after["section122_duty"] == "333.33" and before["section122_duty"] == "0.00"
    assert parse_csv(alone["contested.csv"]) == []
    [written] = parse_csv(mixed["contested.csv"])
    assert (written["entry_number"], written["duty"], written["path"]) == (
        entry,
        "333.33",
        "window opens at liquidation (estimated)",
    )


def test_contested_deadlines_are_in_the_next_90_days_and_the_calendar_apart_from_ieepa() -> None:
    from acecore.ics import deadlines_ics
    from acecore.overview import upcoming

    analysis = four()
    as_of = dt.date(2027, 1, 15)  # LIQUIDATED's protest window closes on 2027-03-30
    items = [i for i in upcoming(analysis, as_of) if i["kind"] == "contested"]
    assert [(i["date"], i["path"], i["entries"], i["contested_duty"], i["ieepa_duty"]) for i in items] == [
        (dt.date(2027, 3, 30), "Section 122 surcharge (contested): protective protest", 1, Decimal("1000.00"), None)
    ]
    calendar = deadlines_ics(analysis, as_of).decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20270330" in calendar
    assert "Section 122 surcharge (contested): protective protest deadline: 1 entries\\, $1\\,000.00 duty" in calendar
    assert "IEEPA duty" not in calendar  # none of these entries paid IEEPA duty


def test_the_tracker_holds_contested_entries_with_their_own_status() -> None:
    from acecore.tracker import export_tracker, load_tracker
    from tests.helpers import write_csv

    analysis, today = four(), dt.date(2026, 12, 2)
    rows = {r["entry_number"]: r for r in parse_csv(export_tracker(analysis, today))}
    assert set(rows) == {LIQUIDATED, PENDING, LATE, FORCED}  # no IEEPA duty on any: tracked for the contested duty
    liquidated = rows[LIQUIDATED]
    assert (liquidated["contested_duty"], liquidated["contested_status"], liquidated["ieepa_duty"]) == (
        "1000.00",
        "not started",
        "0.00",
    )
    assert liquidated["contested_path"] == "Section 122 surcharge: protective protest"
    assert liquidated["contested_deadline"] == "2027-03-30"
    liquidated["contested_status"] = "Protest filed"
    rows[LATE]["contested_status"] = "appealed"
    report = load_tracker(analysis, "tracker.csv", write_csv(list(rows.values())))
    assert [(i.column, i.message) for i in report.issues] == [
        ("contested_status", "unknown status 'appealed': use not started, protest filed, suit filed, not pursued")
    ]
    again = {r["entry_number"]: r for r in parse_csv(export_tracker(analysis, today))}
    assert again[LIQUIDATED]["contested_status"] == "protest filed"
    assert again[LATE]["contested_status"] == "not started"  # the unreadable cell kept what was there


def test_the_checklist_has_a_step_per_measure_and_path_until_the_tracker_says_it_is_taken_care_of() -> None:
    from acecore.actions import next_actions
    from acecore.tracker import export_tracker, load_tracker
    from tests.helpers import write_csv

    analysis, today = four(), dt.date(2027, 3, 20)  # LIQUIDATED's window closes on 2027-03-30: soon
    steps = {a.key: a for a in next_actions(analysis, today) if a.hands == "contested"}
    protest = steps["contested-Section 122 surcharge-protective protest"]
    assert protest.label == "File 1 protective protest (Section 122 surcharge): $1,000.00"
    assert protest.entry_numbers == [LIQUIDATED] and protest.level == "soon"
    assert "does not win one" in protest.say and "March 30, 2027 (10 days left)" in protest.say
    counsel = steps["contested-Section 122 surcharge-protest window closed: only a suit of your own, talk to counsel"]
    assert counsel.entry_numbers == [LATE] and counsel.level == "later"
    assert counsel.label == "Take 1 entry to counsel (Section 122 surcharge): $1,000.00"
    planned = steps["contested-Section 301 forced labor-window opens at liquidation"]
    assert planned.entry_numbers == [FORCED] and "have not liquidated yet" in planned.say
    assert planned.label == "Plan 1 protective protest (Section 301 forced labor): $1,250.00"
    assert contested(analysis, today, only=[LATE])["entry_number"].to_pylist() == [LATE]  # what its button hands

    rows = parse_csv(export_tracker(analysis, today))
    for r in rows:
        if r["entry_number"] == LIQUIDATED:
            r["contested_status"] = "protest filed"
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    after = {a.key for a in next_actions(analysis, today) if a.hands == "contested"}
    assert "contested-Section 122 surcharge-protective protest" not in after and len(after) == len(steps) - 1


def test_a_contested_entry_with_no_liquidation_date_is_still_a_step_of_the_summary() -> None:
    """Extended by its ES-003 status, with no liquidation date to count 180 days from: its duty is in
    the first screen's contested total, so it is in a step too, saying what would date it."""
    from acecore.actions import next_actions

    entry = entry_number("Z4K", 5000017)
    analysis = load(lines(entry, dt.date(2026, 5, 19), "Extended", None, h9903030100="333.33"))
    [step] = [a for a in next_actions(analysis, dt.date(2026, 12, 2)) if a.hands == "contested"]
    assert step.entry_numbers == [entry] and step.label.endswith("$333.33") and step.deadline is None
    assert step.say.startswith("Section 122 surcharge duty is contested in court. These entries have not liquidated")
    assert step.say.endswith("1 entry has no liquidation date yet: add it (Liquidation Date in your ES-003, or an "
                             "ES-701 export) to date its window.")  # fmt: skip
