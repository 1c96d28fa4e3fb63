"""What CBP accepts changed in June and July 2026, and some paths end before their deadlines: each change
as cases the day before and the day it took effect, a property that no deadline outlives its rule, the
dated events of the next 90 days, and `rules-check` (each case names its source in the data)."""

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acecore import rules_data
from acecore.analysis import Analysis
from acecore.cape import cape_entries
from acecore.cli import main
from acecore.ics import deadlines_ics
from acecore.overview import upcoming
from acecore.recovery import routes
from acecore.sample import generate, to_csv
from acecore.tracker import tracker_table
from tests.test_recovery import one_entry, route

D = dt.timedelta


def test_a_stale_extended_entry_keeps_cape_and_is_flagged() -> None:
    """CSMS #68340863: extended, suspended and under-review entries are taken (refund at liquidation),
    whatever an old export's liquidation date says; the status is flagged as maybe out of date."""
    for status in ("Extended", "Suspended", "Under review"):
        analysis = one_entry(dt.date(2025, 6, 2), status, liquidation=dt.date(2026, 3, 1))
        r = route(analysis, dt.date(2026, 12, 2))
        assert (r["path"], r["deadline"], r["urgency"]) == ("CAPE declaration", None, "no deadline"), status
        assert "status may be out of date: pull a fresh ES-003 or ES-701" in r["status_basis"]
        assert [e["entry_number"] for e in cape_entries(analysis, dt.date(2026, 12, 2))] == [r["entry_number"]]


@pytest.mark.parametrize("text", ["Open", "closed"])
def test_open_or_closed_marks_a_tib_entry_cape_does_not_take(text: str) -> None:
    """CSMS #68340863 item h: an 'open' or 'closed' liquidation status is a TIB entry (it was read as
    unliquidated or liquidated, and went into the CAPE file)."""
    analysis = one_entry(dt.date(2025, 9, 2), text, entry_type="23")
    r = route(analysis, dt.date(2026, 12, 2))
    assert (r["status"], r["path"], r["deadline"]) == ("tib", "not through CAPE: TIB entry", None)
    assert "temporary importation under bond" in r["why"]
    assert cape_entries(analysis, dt.date(2026, 12, 2)) == []


@pytest.mark.parametrize("entry_type", ["21", "22"])
def test_warehouse_entries_leave_cape_on_2026_07_07(entry_type: str) -> None:
    """CSMS #69127837: ENTRY TYPE NOT ALLOWED for warehouse entries from 2026-07-07."""
    analysis = one_entry(dt.date(2026, 1, 15), entry_type=entry_type)
    before, after = route(analysis, dt.date(2026, 7, 6)), route(analysis, dt.date(2026, 7, 7))
    assert before["path"] == "CAPE declaration"
    assert before["deadline"] == dt.date(2026, 7, 6) and before["rule_ends"] == "until 2026-07-06, when the rule ends"
    assert after["path"] == "no path open now: protest after liquidation"
    assert (
        f"CAPE declaration is not open to type {entry_type} entries (" in after["why"] and "warehouse" in after["why"]
    )
    assert after["why"].endswith("from 2026-07-07")
    assert cape_entries(analysis, dt.date(2026, 7, 7)) == []
    withdrawal = one_entry(dt.date(2026, 1, 15), entry_type="31")  # withdrawals are still accepted
    assert route(withdrawal, dt.date(2026, 7, 7))["path"] == "CAPE declaration"


def test_a_psc_deadline_never_runs_past_2026_04_19() -> None:
    """PSC-300 was a refund path until 2026-04-19 (CSMS #68340863): an entry whose 300 days run later is
    told "until 2026-04-19, then CAPE declaration", in the plan, the tracker and the calendar."""
    analysis = one_entry(dt.date(2025, 10, 1))  # 300 days: 2026-07-28
    r = route(analysis, dt.date(2026, 3, 1))
    assert (r["path"], r["deadline"], r["days_left"]) == ("post-summary correction", dt.date(2026, 4, 19), 49)
    assert r["rule_ends"] == "until 2026-04-19, then CAPE declaration" and r["rule_ends"] in r["why"]
    assert not r["deadline_estimated"]
    [tracked] = tracker_table(analysis, dt.date(2026, 3, 1)).to_pylist()
    assert tracked["rule_ends"] == r["rule_ends"] and tracked["deadline"] == dt.date(2026, 4, 19)
    calendar = deadlines_ics(analysis, dt.date(2026, 3, 1)).decode().replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260419" in calendar and "until 2026-04-19\\, then CAPE declaration" in calendar
    assert route(analysis, dt.date(2026, 4, 20))["path"] == "CAPE declaration"


def test_an_ftz_entry_loses_the_correction_path_on_2026_08_21() -> None:
    """CSMS #69635410 (F883): no PSC may change an IEEPA HTS on an FTZ entry (type 06) from 2026-08-21."""
    analysis = one_entry(dt.date(2026, 2, 2), entry_type="06")
    before, after = route(analysis, dt.date(2026, 8, 20)), route(analysis, dt.date(2026, 8, 21))
    assert any(p.startswith("correct the data before CAPE") for p in before["open_paths"])
    assert before["path"] == after["path"] == "CAPE declaration"
    assert not any(p.startswith("correct the data before CAPE") for p in after["open_paths"])
    assert any(
        p.startswith("correct the data before CAPE")
        for p in route(one_entry(dt.date(2026, 2, 2)), dt.date(2026, 8, 21))["open_paths"]
    )


# --- no deadline outlives its rule ---------------------------------------------------------------------

STATUSES = ["", "Unliquidated", "Liquidated", "Extended", "Suspended", "Open", "Pending"]
TYPES = ["01", "06", "11", "21", "23", "31", "47"]


def in_force_on(rule_id: str, status: str, entry_type: str, day: dt.date) -> bool:
    """Some row of the rule, applying to this status and type, is in force on the day (from the data)."""
    for r in rules_data.rows("recovery_rules"):
        if r["rule_id"] != rule_id or status not in r["statuses"].split(";"):
            continue
        if entry_type in r["excluded_entry_types"].split(";"):
            continue
        last = dt.date.fromisoformat(r["in_force_to"]) if r["in_force_to"] else dt.date.max
        if dt.date.fromisoformat(r["in_force_from"]) <= day <= last:
            return True
    return False


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    as_of=st.dates(dt.date(2025, 6, 1), dt.date(2027, 12, 31)),
    entries=st.lists(
        st.tuples(
            st.dates(dt.date(2025, 2, 4), dt.date(2026, 2, 23)),
            st.sampled_from(STATUSES),
            st.one_of(st.none(), st.integers(-400, 400)),
            st.sampled_from(TYPES),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_no_deadline_lies_past_its_rules_end_of_force(as_of: dt.date, entries: list) -> None:
    rows = []
    for n, (entered, status, liquidated_after, entry_type) in enumerate(entries):
        liquidation = (
            "" if liquidated_after is None else (entered + D(days=314 + liquidated_after)).strftime("%m/%d/%Y")
        )
        day = entered.strftime("%m/%d/%Y")
        base = {
            "Entry Summary Number": f"Z4K{4100000 + n:07d}0",
            "Entry Type Code": entry_type,
            "Port of Entry Code": "2704",
            "Entry Date": day,
            "Entry Summary Date": day,
            "Country of Origin Code": "CN",
            "Liquidation Status": status,
            "Liquidation Date": liquidation,
        }
        rows += [
            dict(
                base,
                **{
                    "Entry Summary Line Number": "1",
                    "Tariff Ordinal Number": "1",
                    "HTS Number - Full": "99030124",
                    "Line Tariff Goods Value Amount": "0",
                    "Line Tariff Duty Amount": "200.00",
                },
            ),
            dict(
                base,
                **{
                    "Entry Summary Line Number": "1",
                    "Tariff Ordinal Number": "2",
                    "HTS Number - Full": "3923900080",
                    "Line Tariff Goods Value Amount": "1000.00",
                    "Line Tariff Duty Amount": "30.00",
                },
            ),
        ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    analysis = Analysis()
    analysis.add_file("es003.csv", out.getvalue().encode())
    types = {
        r["entry_number"]: r["entry_type"]
        for r in analysis.sql("SELECT entry_number, entry_type FROM entries").to_pylist()
    }
    for r in routes(analysis, as_of).to_pylist():
        if r["deadline"] is None:
            continue
        assert in_force_on(r["rule_id"], r["status"], types[r["entry_number"]], r["deadline"]) or (
            r["deadline"] < as_of  # kept when overdue (at risk: needs counsel): its rule is still in force
        ), r
        if r["rule_ends"] is not None:  # said only where the deadline is the rule's last day for this entry
            assert not in_force_on(r["rule_id"], r["status"], types[r["entry_number"]], r["deadline"] + D(days=1)), r


# --- the next 90 days -----------------------------------------------------------------------------------


def test_the_next_90_days_hold_the_two_year_date_and_the_liquidations_with_this_importers_money() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=600, seed=3)))
    today = dt.date(2026, 12, 2)
    items = upcoming(analysis, today)
    plan = routes(analysis, today).to_pylist()
    [two_years] = [i for i in items if i["event"] and i["date"] == dt.date(2027, 2, 1)]
    counsel = [r for r in plan if r["path"] == "at risk: needs counsel" and r["deadline"] == dt.date(2027, 2, 1)]
    assert two_years["entries"] == len(counsel) > 0 and two_years["days_left"] == 61
    duty = {
        r["entry_number"]: r["ieepa_duty"]
        for r in analysis.sql("SELECT entry_number, ieepa_duty FROM entries").to_pylist()
    }
    assert two_years["ieepa_duty"] == sum(duty[r["entry_number"]] for r in counsel)
    assert "will not be decided in time" in two_years["event_status"] and two_years["sureness"]
    liquidating = [
        r
        for r in plan
        if r["status"] == "unliquidated"
        and r["liquidation_date"]
        and today < r["liquidation_date"] <= today + D(days=90)
        and duty[r["entry_number"]] > 0
    ]
    assert sum(i["entries"] for i in items if i["kind"] == "liquidation") == len(liquidating) > 0
    assert all(today <= i["date"] <= today + D(days=90) for i in items if i["kind"] != "deadline")
    assert [i["date"] for i in items] == sorted(i["date"] for i in items)


# --- rules-check and freshness ----------------------------------------------------------------------------


def test_the_shipped_rules_data_passes_its_own_check() -> None:
    assert rules_data.problems() == []
    assert main(["rules-check"]) == 0


@pytest.mark.parametrize(
    "name, change, found",
    [
        ("chapter99", lambda r: r if r["heading_from"] != "99030125" else dict(r, source=""), "no source"),
        ("events", lambda r: dict(r, source="rules-audit.md #5, VERIFY"), "working note"),
        (
            "recovery_rules",
            lambda r: dict(r, in_force_to="2000-01-01") if r["rule_id"] == "PROTEST-180" else r,
            "is not on or before",
        ),
        ("chapter99", lambda r: dict(r, heading_from="99030160") if r["heading_from"] == "99030164" else r, "cross"),
        # ranges that cross in different periods still misclassify: the narrowest range is taken first
        (
            "chapter99",
            lambda r: dict(r, heading_to="99030185", last_day="2025-08-10") if r["heading_from"] == "99030178" else r,
            "cross",
        ),
        ("events", lambda r: dict(r, source="CourtListener notes on a docket"), "working note"),
        ("interest_rates", lambda r: dict(r, confidence="sure") if r["first_day"] == "2026-10-01" else r, "confidence"),
    ],
)
def test_rules_check_names_what_is_wrong(monkeypatch: pytest.MonkeyPatch, name: str, change, found: str) -> None:
    original = rules_data.rows

    def doctored(file: str) -> tuple[dict[str, str], ...]:
        return tuple(change(dict(r)) for r in original(file)) if file == name else original(file)

    monkeypatch.setattr(rules_data, "rows", doctored)
    problems = rules_data.problems()
    assert any(found in p and name in p for p in problems), problems


def test_two_rows_of_one_check_in_force_on_one_day_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    original = rules_data.rows

    def doubled(file: str) -> tuple[dict[str, str], ...]:
        rows = original(file)
        return rows + (dict(rows[0], in_force_from="2026-05-01"),) if file == "cape_rejections" else rows

    monkeypatch.setattr(rules_data, "rows", doubled)
    assert any("twice on one day" in p for p in rules_data.problems())
    assert main(["rules-check"]) == 1


def test_the_rules_say_when_they_are_more_than_30_days_old() -> None:
    checked = rules_data.checked_on()
    assert rules_data.staleness(checked + D(days=30)) is None
    warning = rules_data.staleness(checked + D(days=31))
    assert warning and "31 days" in warning and "may have changed" in warning
