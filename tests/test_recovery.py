"""Liquidation status, paths and deadlines: every rule at its boundaries (data/recovery_rules.csv)."""

import csv
import datetime as dt
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acecore.analysis import Analysis
from acecore.recovery import routes
from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row

LIQ_HEADERS = BASIC_HEADERS + ["Liquidation Status", "Liquidation Date"]
E = entry_number("Z4K", 4000001)
D = dt.timedelta


def us(day: dt.date | None) -> str:
    return day.strftime("%m/%d/%Y") if day else ""


def one_entry(
    entry_date: dt.date,
    status: str = "",
    liquidation: dt.date | None = None,
    entry_type: str = "01",
    summary: dt.date | None = None,
) -> Analysis:
    summary = summary or entry_date
    rows = [
        dict(
            row(
                E,
                1,
                1,
                "99030124",
                "0",
                "200.00",
                entry_date=us(entry_date),
                summary=us(summary),
                entry_type=entry_type,
            ),
            **{"Liquidation Status": status, "Liquidation Date": us(liquidation)},
        ),
        dict(
            row(
                E,
                1,
                2,
                "3923900080",
                "1000.00",
                "30.00",
                entry_date=us(entry_date),
                summary=us(summary),
                entry_type=entry_type,
            ),
            **{"Liquidation Status": status, "Liquidation Date": us(liquidation)},
        ),
    ]
    analysis = Analysis()
    analysis.add_file("es003.csv", csv_bytes(rows, LIQ_HEADERS))
    return analysis


def route(analysis: Analysis, as_of: dt.date) -> dict:
    [r] = routes(analysis, as_of).to_pylist()
    return r


def paths(r: dict) -> list[str]:
    return [p.split(" (by")[0] for p in r["open_paths"]]


ENTRY = dt.date(2025, 6, 2)  # before CAPE existed, a PSC was the way


@pytest.mark.parametrize("day, open_, days_left", [(299, True, 1), (300, True, 0), (301, False, None)])
def test_psc_within_300_days_of_entry(day: int, open_: bool, days_left: int | None) -> None:
    r = route(one_entry(ENTRY, "Unliquidated", dt.date(2026, 6, 5)), ENTRY + D(days=day))
    assert (r["path"] == "post-summary correction") is open_
    if open_:
        assert (r["rule_id"], r["deadline"], r["days_left"]) == ("PSC-300", ENTRY + D(days=300), days_left)
    else:
        assert r["path"] == "no path open now: protest after liquidation"


@pytest.mark.parametrize("before, open_", [(16, True), (15, True), (14, False)])
def test_psc_no_later_than_15_days_before_scheduled_liquidation(before: int, open_: bool) -> None:
    liquidation = dt.date(2026, 3, 6)  # earlier than entry + 300 days (2026-03-29)
    r = route(one_entry(ENTRY, "Unliquidated", liquidation), liquidation - D(days=before))
    assert ("post-summary correction" in paths(r)) is open_
    if open_:
        assert r["deadline"] == liquidation - D(days=15)


@pytest.mark.parametrize(
    "day, path", [(179, "protest (CBP Form 19)"), (180, "protest (CBP Form 19)"), (181, "at risk: needs counsel")]
)
def test_protest_within_180_days_after_liquidation(day: int, path: str) -> None:
    liquidated = dt.date(2025, 9, 12)
    r = route(one_entry(dt.date(2024, 11, 1), "Liquidated", liquidated), liquidated + D(days=day))
    assert r["path"] == path
    if day <= 180:
        assert r["deadline"] == liquidated + D(days=180) and r["days_left"] == 180 - day
    else:  # finally liquidated: the cautious date is two years from the executive order (EO 14195, 2025-02-01),
        # shown beside the deposit reading; never "lost" or "safe" (rules-audit.md summary #1)
        assert r["rule_id"] == "COURT-2Y" and r["deadline"] == dt.date(2027, 2, 1)
        assert "2026-11-01" in r["why"]


@pytest.mark.parametrize("day, path", [(80, "CAPE declaration"), (81, "protest (CBP Form 19)")])
def test_cape_takes_entries_liquidated_within_80_days(day: int, path: str) -> None:
    liquidated = dt.date(2026, 5, 1)
    r = route(one_entry(dt.date(2025, 6, 20), "Liquidated", liquidated), liquidated + D(days=day))
    assert r["path"] == path
    assert "protest (CBP Form 19)" in paths(r)


def test_cape_opens_on_2026_04_20() -> None:
    analysis = one_entry(dt.date(2025, 9, 2), "Unliquidated", dt.date(2026, 7, 17))
    assert route(analysis, dt.date(2026, 4, 19))["path"] == "post-summary correction"
    r = route(analysis, dt.date(2026, 4, 20))
    assert r["path"] == "CAPE declaration" and r["deadline"] == dt.date(2026, 7, 17) + D(days=80)
    # from CAPE's opening a PSC corrects data, it is no refund path (rules-audit.md summary #2)
    assert paths(r) == ["CAPE declaration", "correct the data before CAPE (post-summary correction)"]


@pytest.mark.parametrize("entry_type", ["09", "47", "08"])
def test_cape_phase_1_excludes_reconciliation_drawback_and_duty_deferral(entry_type: str) -> None:
    r = route(
        one_entry(dt.date(2025, 9, 2), "Unliquidated", dt.date(2026, 7, 17), entry_type=entry_type), dt.date(2026, 5, 1)
    )
    assert "CAPE declaration" not in paths(r)


def test_estimated_liquidation_is_marked() -> None:
    r = route(one_entry(dt.date(2025, 3, 10)), dt.date(2026, 2, 1))
    assert (r["status"], r["status_basis"]) == ("liquidated", "estimated")
    assert r["liquidation_date"] == dt.date(2025, 3, 10) + D(days=314) and r["liquidation_date_estimated"]
    assert r["path"] == "protest (CBP Form 19)" and r["deadline_estimated"]
    assert r["why"].endswith("(liquidation date estimated)")


def test_known_liquidation_from_a_liquidation_file_outranks_the_es003_columns() -> None:
    analysis = one_entry(dt.date(2025, 3, 10), "Unliquidated", dt.date(2026, 1, 16))
    assert route(analysis, dt.date(2026, 1, 10))["status_basis"] == "ES-003 columns"  # before the list arrives
    analysis.add_file(
        "es701.csv", f"Entry Number,Liquidation Date,Liquidation Status\r\n{E},12/05/2025,LIQUIDATED\r\n".encode()
    )
    r = route(analysis, dt.date(2026, 2, 1))
    assert (r["status"], r["status_basis"], r["liquidation_date"]) == (
        "liquidated",
        "liquidation file",
        dt.date(2025, 12, 5),
    )
    assert not r["liquidation_date_estimated"] and not r["deadline_estimated"]


@pytest.mark.parametrize(
    "text, status",
    [
        ("LIQUIDATED", "liquidated"),
        ("Deemed Liquidated", "liquidated"),
        ("unliquidated", "unliquidated"),
        ("Pending", "unliquidated"),
        ("Extended", "extended"),
        ("SUSPENDED", "suspended"),
    ],
)
def test_status_text_is_mapped_case_insensitively(text: str, status: str) -> None:
    assert route(one_entry(dt.date(2025, 9, 2), text, None), dt.date(2026, 5, 1))["status"] == status


def test_unknown_status_text_is_flagged_not_dropped() -> None:
    r = route(one_entry(dt.date(2025, 9, 2), "Under Protest Review", None), dt.date(2026, 5, 1))
    assert (r["status"], r["status_text"], r["path"]) == ("unknown", "Under Protest Review", "check liquidation status")
    assert "Under Protest Review" in r["why"]


def test_extended_entries_go_to_cape_without_a_deadline() -> None:
    r = route(one_entry(dt.date(2025, 9, 2), "Extended", None), dt.date(2026, 11, 24))
    assert (r["path"], r["deadline"], r["urgency"]) == ("CAPE declaration", None, "no deadline")


@pytest.mark.parametrize(
    "days_left, urgency",
    [
        (-1, "overdue"),
        (0, "under 15 days"),
        (14, "under 15 days"),
        (15, "under 45 days"),
        (44, "under 45 days"),
        (45, "later"),
    ],
)
def test_urgency_buckets(days_left: int, urgency: str) -> None:
    liquidated = dt.date(2025, 7, 11)
    deadline = liquidated + D(days=180)
    if days_left < 0:  # only the at-risk path stays listed when overdue: two years from EO 14195 (2025-02-01)
        analysis, as_of = one_entry(dt.date(2024, 1, 5), "Liquidated", dt.date(2025, 1, 10)), dt.date(2027, 2, 2)
    else:
        analysis, as_of = one_entry(dt.date(2024, 9, 3), "Liquidated", liquidated), deadline - D(days=days_left)
    r = route(analysis, as_of)
    assert (r["days_left"], r["urgency"]) == (days_left, urgency)


def test_entries_without_ieepa_duty_have_no_path() -> None:
    rows = [row(E, 1, 1, "3923900080", "1000.00", "30.00")]
    analysis = Analysis()
    analysis.add_file("es003.csv", csv_bytes(rows, BASIC_HEADERS))
    assert route(analysis, dt.date(2026, 5, 1))["path"] == "no IEEPA duty"


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=dt.date(2025, 3, 1), max_value=dt.date(2026, 9, 30)), st.integers(min_value=0, max_value=400))
def test_liquidated_entry_path_follows_its_age(liquidated: dt.date, age: int) -> None:
    as_of = liquidated + D(days=age)
    r = route(one_entry(liquidated - D(days=314), "Liquidated", liquidated), as_of)
    cape_open = as_of >= dt.date(2026, 4, 20)
    expected = (
        "CAPE declaration"
        if age <= 80 and cape_open
        else "protest (CBP Form 19)"
        if age <= 180
        else "at risk: needs counsel"
    )
    assert r["path"] == expected
    assert r["days_left"] == (r["deadline"] - as_of).days


def test_every_rule_cites_its_source_and_date_in_force() -> None:
    with resources.files("acecore").joinpath("data", "recovery_rules.csv").open(encoding="utf-8") as handle:
        rules = list(csv.DictReader(handle))
    assert {r["rule_id"] for r in rules} == {"CAPE-1", "PSC-300", "PSC-FIX", "PROTEST-180", "COURT-2Y"}
    for r in rules:
        assert r["source"].strip() and dt.date.fromisoformat(r["in_force_from"])
        assert r["condition"] in ("deadline", "opens", "always")
        assert r["condition"] == "always" or r["basis"] in (
            "entry_date",
            "liquidation_date",
            "deposit_date",
            "measure_date",
        )


def test_a_path_that_rests_on_an_estimated_liquidation_is_marked_estimated() -> None:
    """No liquidation status or date in the files, and the usual 314 days long past: the entry counts as
    liquidated by estimate only. Counsel's path then rests on that guess, and says so (a user review: an
    entry shown as 'finally liquidated' with its date basis 'exact', that may still be CAPE's)."""
    from acecore.actions import next_actions

    as_of = dt.date(2026, 12, 3)
    analysis = one_entry(dt.date(2025, 4, 15), summary=dt.date(2025, 4, 25))  # estimated liquidation 2026-03-05
    [route] = routes(analysis, as_of).to_pylist()
    assert route["path"] == "at risk: needs counsel" and route["status_basis"] == "estimated"
    assert route["deadline_estimated"] and "(liquidation date estimated)" in route["why"]
    steps = {a.key: a for a in next_actions(analysis, as_of)}
    assert "1 entry is liquidated only by estimate (your files give no liquidation date)" in steps["counsel"].say
    assert steps["liquidation"].say.startswith("1 deadline rests on an estimated liquidation date")
    given = one_entry(dt.date(2025, 4, 15), "Liquidated", dt.date(2026, 3, 5), summary=dt.date(2025, 4, 25))
    [known] = routes(given, as_of).to_pylist()  # the same entry with ACE's own status and date: nothing guessed
    assert known["path"] == "at risk: needs counsel" and not known["deadline_estimated"]
    assert "liquidated only by estimate" not in {a.key: a for a in next_actions(given, as_of)}["counsel"].say


def test_the_months_missing_are_named_as_people_say_them() -> None:
    from acecore.actions import next_actions

    analysis = one_entry(dt.date(2025, 4, 15))  # one entry: every other IEEPA month is missing
    [step] = [a for a in next_actions(analysis, dt.date(2026, 12, 3)) if a.key == "coverage"]
    assert step.say.startswith("Your files hold no entry summary in Feb 2025, Mar 2025, May 2025, Jun 2025, ")
