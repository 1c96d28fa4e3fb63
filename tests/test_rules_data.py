"""The rules data after the two audits (../shared/domain/ch99-audit.md, rules-audit.md): one case per
corrected heading and rule, its source in the case, and every data file checked against its schema."""

import csv
import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest
from pydantic import BaseModel

from acecore import catalogue
from acecore.analysis import Analysis
from acecore.coverage import IEEPA_PERIOD, coverage
from acecore.recovery import RULES_CURRENT_AS_OF, events, routes
from acecore.tracker import reconcile
from tests.helpers import csv_bytes, entry_number, row

AS_OF = dt.date(2026, 11, 24)


def data_rows(name: str) -> list[dict[str, str]]:
    with resources.files("acecore").joinpath("data", f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the files against their schema ---------------------------------------------------------------


class Rule(BaseModel):
    rule_id: str
    path: str
    priority: int
    statuses: str
    excluded_entry_types: str
    condition: str
    basis: str
    span: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    keep_when_overdue: bool
    refund_path: bool
    source: str
    note: str


class Rate(BaseModel):
    first_day: dt.date
    last_day: dt.date
    corporate_pct: Decimal
    noncorporate_pct: Decimal
    source: str


def test_top_up_and_measure_dates_only_where_they_belong() -> None:
    """The rest of the catalogue's schema: tests/test_ieepa.py, test_every_catalogue_row_cites_a_source..."""
    for h in catalogue.headings():
        assert not h.top_up or (h.carries_duty and h.authority == "IEEPA"), h
        assert (h.measure_date is not None) == (h.authority == "IEEPA"), h
        assert h.measure_date is None or h.measure_date <= h.first_day, h


def test_every_rule_row_is_well_formed_and_sourced() -> None:
    for raw in data_rows("recovery_rules"):
        rule = Rule(**{k: (v or None) if k == "in_force_to" else v for k, v in raw.items()})
        assert rule.condition in ("deadline", "opens") and rule.source.strip()
        assert rule.basis in ("entry_date", "liquidation_date", "deposit_date", "measure_date")
        assert set(rule.statuses.split(";")) <= {"unliquidated", "extended", "suspended", "liquidated"}


def test_interest_quarters_follow_each_other_without_gap_or_overlap() -> None:
    rates = [Rate(**r) for r in data_rows("interest_rates")]
    for earlier, later in zip(rates, rates[1:], strict=False):
        assert later.first_day == earlier.last_day + dt.timedelta(days=1)
    assert rates[-1].last_day >= dt.date(2026, 12, 31)  # rules-audit.md section 3: 2026 added


def test_liquidation_estimates_and_events_parse() -> None:
    estimates = {r["entry_type"]: int(r["days"]) for r in data_rows("liquidation_estimates")}
    assert estimates["*"] == 314 and estimates["11"] == 0
    for event in data_rows("events"):
        assert dt.date.fromisoformat(event["date"]) <= RULES_CURRENT_AS_OF and event["source"].strip()


# --- headings (ch99-audit.md) -----------------------------------------------------------------------


def classify(hts: str, country: str, day: str, duty: str = "100.00", value: str = "1000.00") -> dict:
    analysis = Analysis()
    e = entry_number("Q7R", 1)
    analysis.add_file(
        "x.csv",
        csv_bytes(
            [
                row(e, 1, 1, hts, "0", duty, country=country, entry_date=day, summary=day),
                row(e, 1, 2, "8471300100", value, "0.00", country=country, entry_date=day, summary=day),
            ]
        ),
    )
    [c] = analysis.sql("SELECT * FROM tariff_classes WHERE hts LIKE '99%'").to_pylist()
    return c


@pytest.mark.parametrize(
    "hts, country, day, authority, recoverable, period",
    [
        # CSMS #67133044, 90 FR 59281: Switzerland/Liechtenstein framework from 2025-11-14 (was unknown Chapter 99)
        ("99030283", "CH", "12/01/2025", "IEEPA", True, "ok"),
        ("99030288", "LI", "12/01/2025", "IEEPA", True, "ok"),
        ("99030282", "CH", "12/01/2025", "IEEPA", False, "ok"),
        ("99030285", "CH", "12/01/2025", "IEEPA", False, "ok"),
        # CSMS #66871909: Brazil agricultural exception 9903.01.90 from 2025-11-13
        ("99030190", "BR", "12/01/2025", "IEEPA", False, "ok"),
        # CSMS #67133044: 9903.02.58 (CH 39%) and .36 (LI 15%) no longer in use after 2025-11-13
        ("99030258", "CH", "11/20/2025", "IEEPA", True, "outside the heading's period"),
        ("99030236", "LI", "11/13/2025", "IEEPA", True, "ok"),
        # CSMS #66987366: 9903.02.56 (KR 15%) ends 2025-11-13; .79-.81 start 2025-11-14, .79 carries no duty
        ("99030256", "KR", "11/14/2025", "IEEPA", True, "outside the heading's period"),
        ("99030280", "KR", "11/13/2025", "IEEPA", True, "outside the heading's period"),
        ("99030279", "KR", "12/01/2025", "IEEPA", False, "ok"),
        ("99030281", "KR", "11/14/2025", "IEEPA", False, "ok"),
        # CSMS #66242844: 9903.02.30 (JP 15%) not usable from 2025-09-16; .72 (col. 1 >= 15%) carries no duty
        ("99030230", "JP", "09/16/2025", "IEEPA", True, "outside the heading's period"),
        ("99030272", "JP", "09/16/2025", "IEEPA", False, "ok"),
        # CSMS #64335789 / #64336037: USMCA and potash headings from 2025-03-07
        ("99030105", "MX", "03/05/2025", "IEEPA", True, "outside the heading's period"),
        ("99030115", "CA", "03/07/2025", "IEEPA", True, "ok"),
        # CSMS #63988468, #64299816: fentanyl duty on products of China and Hong Kong, not Macau
        ("99030124", "MO", "06/02/2025", "IEEPA", True, "heading is for another country"),
        # CSMS #63988468: 9903.01.23 in transit only for goods entered before 2025-03-07
        ("99030123", "CN", "03/10/2025", "IEEPA", False, "outside the heading's period"),
        # CSMS #64649265, #64680374: 9903.01.28 only for entries before 2025-05-27
        ("99030128", "VN", "05/27/2025", "IEEPA", False, "outside the heading's period"),
        # Section 338 Canada, Section 301 Brazil (ch99-audit.md missing headings): known, not IEEPA
        ("99030312", "CA", "09/01/2026", "Section 338", False, None),
        ("99030501", "BR", "09/01/2026", "Section 301", False, None),
    ],
)
def test_corrected_headings(
    hts: str, country: str, day: str, authority: str, recoverable: bool, period: str | None
) -> None:
    c = classify(hts, country, day)
    assert (c["authority"], c["recoverable_duty"] > 0, c["period_check"]) == (authority, recoverable, period)


def test_the_canada_transshipment_rate_is_checked_at_40_percent() -> None:  # CSMS #65798609
    assert classify("99030116", "CA", "09/01/2025", duty="400.00")["rate_check"] == "ok"


@pytest.mark.parametrize("day, rate", [("04/09/2025", "84"), ("04/10/2025", "125")])  # CSMS #64687696, #64701128
def test_china_april_2025_rates_are_split(day: str, rate: str) -> None:
    assert classify("99030163", "CN", day)["rate_pct"] == Decimal(rate)


# --- 15% top-up headings: net of MFN (CSMS #66336270; ch99-audit.md first finding) --------------


def topup_analysis(own_mfn_line: bool) -> Analysis:
    day, eu = "10/01/2025", entry_number("EUR", 1)
    rows = [
        row(eu, 1, 1, "99030220", "0", "150.00", country="DE", entry_date=day, summary=day),
        row(eu, 1, 2, "8471300100", "1000.00", "0.00", country="DE", entry_date=day, summary=day),
    ]
    if own_mfn_line:  # the same HTS from Vietnam, MFN 2.6% reported on the Chapter 1-97 row
        rows += [
            row(
                entry_number("VNM", 1),
                1,
                1,
                "8471300100",
                "2000.00",
                "52.00",
                country="VN",
                entry_date=day,
                summary=day,
            )
        ]
    analysis = Analysis()
    analysis.add_file("eu.csv", csv_bytes(rows))
    return analysis


def test_a_top_up_line_comes_back_net_of_the_mfn_duty_shown_by_the_importers_own_lines() -> None:
    [c] = (
        topup_analysis(own_mfn_line=True)
        .sql("SELECT recoverable_duty, mfn_rate_pct, recoverable_basis FROM tariff_classes WHERE hts = '99030220'")
        .to_pylist()
    )
    assert c["recoverable_duty"] == Decimal("124.00")  # 150.00 less 2.6% of 1,000.00
    assert c["mfn_rate_pct"] == Decimal("2.600") and "from 1 of your lines of HTS 84713001" in c["recoverable_basis"]


def test_a_top_up_line_without_an_mfn_rate_counts_the_gross_as_an_upper_bound() -> None:
    [c] = (
        topup_analysis(own_mfn_line=False)
        .sql("SELECT recoverable_duty, recoverable_basis FROM tariff_classes WHERE hts = '99030220'")
        .to_pylist()
    )
    assert c["recoverable_duty"] == Decimal("150.00") and "upper bound" in c["recoverable_basis"]


# --- rules (rules-audit.md) -------------------------------------------------------------------------


def one_entry(day: str, entry_type: str = "01", hts: str = "99030125", country: str = "VN") -> Analysis:
    analysis = Analysis()
    e = entry_number("R2D", 1)
    analysis.add_file(
        "x.csv",
        csv_bytes(
            [
                row(e, 1, 1, hts, "0", "100.00", country=country, entry_type=entry_type, entry_date=day, summary=day),
                row(
                    e,
                    1,
                    2,
                    "8471300100",
                    "1000.00",
                    "0.00",
                    country=country,
                    entry_type=entry_type,
                    entry_date=day,
                    summary=day,
                ),
            ]
        ),
    )
    return analysis


def test_psc_is_no_refund_path_once_cape_opened_but_still_corrects_data() -> None:
    # CBP: PSCs cannot be used to request IEEPA refunds; CAPE is exclusive from 2026-04-20 (rules-audit.md #2)
    before = routes(one_entry("02/02/2026"), dt.date(2026, 4, 19)).to_pylist()[0]
    after = routes(one_entry("02/02/2026"), dt.date(2026, 4, 20)).to_pylist()[0]
    assert before["path"] == "post-summary correction"
    assert after["path"] == "CAPE declaration"
    assert any(p.startswith("correct the data before CAPE") for p in after["open_paths"])


def test_an_entry_cape_excludes_is_not_sent_to_a_psc_after_cape_opened() -> None:  # rules-audit.md #2: types 08/09/47
    r = routes(one_entry("02/02/2026", entry_type="47"), dt.date(2026, 5, 1)).to_pylist()[0]
    assert r["path"] == "no path open now: protest after liquidation"


def test_informal_entries_liquidate_at_entry() -> None:  # CIT (Eaton) 2026-05-27 via rules-audit.md #5
    r = routes(one_entry("06/02/2025", entry_type="11"), AS_OF).to_pylist()[0]
    assert (r["status"], r["liquidation_date"], r["liquidation_date_estimated"]) == (
        "liquidated",
        dt.date(2025, 6, 2),
        True,
    )
    assert r["path"] == "at risk: needs counsel"


@pytest.mark.parametrize(
    "hts, country, deadline",
    [
        ("99030124", "CN", dt.date(2027, 2, 1)),  # EO 14195 signed 2025-02-01 (rules-audit.md #1)
        ("99030125", "VN", dt.date(2027, 4, 2)),  # EO 14257 signed 2025-04-02
    ],
)
def test_the_court_limit_counts_from_the_executive_order_and_shows_the_deposit_reading(
    hts: str, country: str, deadline: dt.date
) -> None:
    r = routes(one_entry("06/02/2025", hts=hts, country=country), AS_OF).to_pylist()[0]
    assert (r["path"], r["deadline"]) == ("at risk: needs counsel", deadline)
    assert "from the deposit instead" in r["why"] and "2027-06-02" in r["why"]


def test_2026_interest_rates_are_known_not_assumed() -> None:  # rules-audit.md section 3
    analysis = one_entry("02/02/2026")
    detail, _ = reconcile(analysis, AS_OF)
    [r] = detail.to_pylist()
    assert not r["interest_rate_assumed"] and r["interest_estimate"] > 0


def test_coverage_of_the_ieepa_period_names_its_missing_months() -> None:
    cov = coverage(one_entry("06/02/2025"), AS_OF, IEEPA_PERIOD)
    assert (cov.first_day, cov.last_day, cov.window_months) == (dt.date(2025, 2, 1), dt.date(2026, 2, 23), 13)
    assert cov.gaps == [m for m in (f"2025-{n:02d}" for n in range(2, 13)) if m != "2025-06"] + ["2026-01", "2026-02"]
    assert cov.verdict.startswith("IEEPA period (2025-02-04 to 2026-02-23): 1 of 13 months present")


def test_cape_phases_and_the_appeal_show_as_of_their_dates() -> None:
    assert [e["event"] for e in events(dt.date(2026, 5, 1))] == ["CAPE Phase 1 opens"]
    assert any("Phase 2" in e["event"] for e in events(AS_OF))
