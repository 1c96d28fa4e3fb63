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
from acecore.recovery import routes
from acecore.rules_data import events
from acecore.tracker import load_tracker, reconcile
from tests.helpers import BASIC_HEADERS, csv_bytes, entry_number, row, xlsx_bytes

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
    confidence: str
    source: str
    note: str


class Rate(BaseModel):
    first_day: dt.date
    last_day: dt.date
    corporate_pct: Decimal
    noncorporate_pct: Decimal
    confidence: str
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
        assert rule.condition in ("deadline", "opens", "always") and rule.source.strip()
        assert rule.condition == "always" or rule.basis in (
            "entry_date",
            "liquidation_date",
            "deposit_date",
            "measure_date",
        )
        assert set(rule.statuses.split(";")) <= {"unliquidated", "extended", "suspended", "under review", "liquidated"}
        assert rule.confidence in ("confirmed", "reported", "legal reading")


def test_interest_quarters_follow_each_other_without_gap_or_overlap() -> None:
    rates = [Rate(**r) for r in data_rows("interest_rates")]
    for earlier, later in zip(rates, rates[1:], strict=False):
        assert later.first_day == earlier.last_day + dt.timedelta(days=1)
    assert rates[-1].last_day >= dt.date(2026, 12, 31)  # rules-audit.md section 3: 2026 added


def test_liquidation_estimates_and_events_parse() -> None:
    estimates = {r["entry_type"]: int(r["days"]) for r in data_rows("liquidation_estimates")}
    assert estimates["*"] == 314 and estimates["11"] == 0
    for event in data_rows("events"):
        assert dt.date.fromisoformat(event["date"]) and event["source"].strip()


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


# --- 15% top-up headings: net of the column 1 (MFN) duty (CSMS #66336270, #68340863; ch99-audit.md first
# finding). The rates are the shipped USITC table's (acecore/data/mfn_rates.csv) unless a case says otherwise.

QUANTITY_HEADERS = [*BASIC_HEADERS, "Line SPI Code", "Line Tariff Quantity (1)", "Line Tariff UOM (1) Code"]


def topup(
    hts: str,
    value: str = "1000.00",
    *,
    heading: str = "99030220",
    country: str = "DE",
    day: str = "10/01/2025",
    spi: str = "",
    quantity: str = "",
    uom: str = "",
    own_line: tuple[str, str] | None = None,
    rates: bytes | None = None,
) -> dict[str, object]:
    """One top-up line (15% = 150.00 of 1,000.00 on the Chapter 99 row, 0 on the Chapter 1-97 row), classified;
    `own_line` adds the importer's own line of the same HTS from Vietnam (value, MFN duty on the Ch.1-97 row);
    `rates` uploads a USITC tariff database first."""
    top = entry_number("EUR", 1)
    rows = [
        row(top, 1, 1, heading, "0", "150.00", country=country, entry_date=day, summary=day),
        row(top, 1, 2, hts, value, "0.00", country=country, entry_date=day, summary=day),
    ]
    rows[0]["Line SPI Code"] = rows[1]["Line SPI Code"] = spi
    rows[1].update({"Line Tariff Quantity (1)": quantity, "Line Tariff UOM (1) Code": uom})
    if own_line:
        rows.append(row(entry_number("VNM", 1), 1, 1, hts, *own_line, country="VN", entry_date=day, summary=day))
    analysis = Analysis()
    if rates is not None:
        assert analysis.add_file("tariff_database_2025.txt", rates).content == "rates"
    assert analysis.add_file("eu.csv", csv_bytes(rows, QUANTITY_HEADERS)).status == "ok"
    [c] = analysis.sql(
        "SELECT recoverable_duty, mfn_rate_pct, mfn_duty, recoverable_basis FROM tariff_classes WHERE hts = $h",
        h=heading,
    ).to_pylist()
    return c


def test_a_top_up_line_comes_back_net_of_the_ad_valorem_mfn_rate_of_the_usitc_table() -> None:
    c = topup("3923900080")  # 3923.90.00: 3% (USITC HTS 2025 Basic to 2026 Rev. 4)
    assert (c["recoverable_duty"], c["mfn_duty"], c["mfn_rate_pct"]) == (Decimal("120.00"), Decimal("30.00"), 3)
    assert "MFN 3% (USITC HTS 2025 Basic" in c["recoverable_basis"]


def test_a_free_mfn_rate_leaves_the_whole_top_up_recoverable() -> None:
    # 8471.30.01 is Free: the USITC table outranks what the importer's own lines seem to show
    c = topup("8471300100", own_line=("2000.00", "52.00"))
    assert (c["recoverable_duty"], c["mfn_duty"]) == (Decimal("150.00"), Decimal("0.00"))


def test_a_compound_rate_takes_the_lines_quantity_in_the_rates_unit() -> None:
    # 0404.10.15: $1.035/kg + 8.5%, on 20 kg and $1,000.00: 20.70 + 85.00 = 105.70 comes back
    c = topup("0404101500", quantity="20", uom="KG")
    assert (c["recoverable_duty"], c["mfn_duty"]) == (Decimal("44.30"), Decimal("105.70"))


def test_a_specific_rate_without_the_quantity_in_its_unit_shows_the_gross_as_an_upper_bound() -> None:
    c = topup("0404101500", quantity="20", uom="DOZ")
    assert c["recoverable_duty"] == Decimal("150.00") and c["mfn_duty"] is None
    assert "needs the quantity in KG" in c["recoverable_basis"] and "upper bound" in c["recoverable_basis"]


def test_a_rate_in_prose_is_not_applied() -> None:
    c = topup("0601101500")  # 0601.10.15: "89.6¢/1000" (per thousand bulbs): no unit code to apply it to
    assert c["recoverable_duty"] == Decimal("150.00") and "cannot be computed" in c["recoverable_basis"]


def test_a_line_claiming_korus_nets_out_the_special_rate() -> None:
    # CSMS #66987366: Korea's top-up 9903.02.80 from 2025-11-14; 3923.90.00 is free under KORUS (KR)
    c = topup("3923900080", heading="99030280", country="KR", day="12/01/2025", spi="KR")
    assert (c["recoverable_duty"], c["mfn_duty"]) == (Decimal("150.00"), Decimal("0.00"))
    assert "special rate KR 0% (USITC HTS" in c["recoverable_basis"]


def test_a_special_program_the_table_has_no_rate_of_is_an_upper_bound() -> None:
    c = topup("3923900080", spi="JO")
    assert c["recoverable_duty"] == Decimal("150.00") and "special program JO claimed" in c["recoverable_basis"]


def test_an_hts_the_table_lacks_takes_the_rate_the_importers_own_lines_show() -> None:
    # 8471.41.00 was renumbered 8471.41.01 before 2025: the 2025-26 table has no such line
    c = topup("8471410000", own_line=("2000.00", "52.00"))
    assert (c["recoverable_duty"], c["mfn_rate_pct"]) == (Decimal("124.00"), Decimal("2.600"))
    assert "from 1 of your lines of HTS 84714100" in c["recoverable_basis"]


def test_an_hts_neither_the_table_nor_the_lines_know_counts_the_gross_as_an_upper_bound() -> None:
    c = topup("8471410000")
    assert c["recoverable_duty"] == Decimal("150.00") and "upper bound" in c["recoverable_basis"]


TARIFF_DATABASE = (
    b"hts8|brief_description|quantity_1_code|quantity_2_code|mfn_text_rate|mfn_rate_type_code|mfn_ad_val_rate|"
    b"mfn_specific_rate|mfn_other_rate|korea_indicator|korea_rate_type_code|korea_ad_val_rate|begin_effect_date|"
    b"end_effective_date\n"
    b"39239000|Other articles of plastics|X||5.3%|7|0.053|0|0|KR|0|0|01/01/2025|12/31/2025\n"
    b"04041015|Whey|KG||$1.035/kg + 8.5%|4|0.085|1.035|0|KR|0|0|01/01/2025|12/31/2025\n"
    b"Grand total||||||||||||\n"
)


def test_an_uploaded_usitc_tariff_database_outranks_the_shipped_table() -> None:
    # its 5.3% (a made-up revision) instead of the shipped 3%, and its own source named on the line
    c = topup("3923900080", rates=TARIFF_DATABASE)
    assert (c["recoverable_duty"], c["mfn_duty"]) == (Decimal("97.00"), Decimal("53.00"))
    assert "your upload tariff_database_2025.txt (USITC tariff database), row 2" in c["recoverable_basis"]


def test_the_uploaded_database_computes_its_compound_rates_by_type_code() -> None:  # type 4: specific x Q1 + ad valorem
    c = topup("0404101500", quantity="20", uom="KG", rates=TARIFF_DATABASE)
    assert c["mfn_duty"] == Decimal("105.70") and "row 3" in c["recoverable_basis"]


def test_an_uploaded_database_is_only_used_in_its_own_period() -> None:
    c = topup("3923900080", day="02/02/2026", heading="99030220", rates=TARIFF_DATABASE)
    assert c["mfn_duty"] == Decimal("30.00")  # 2026: past the upload's end date, the shipped 3% again


def test_the_tariff_database_as_a_workbook_reads_its_numbers_and_dates() -> None:
    # USITC also ships the database as .xlsx: numbers and dates arrive as cells, a leading zero of hts8 lost
    headers = ["hts8", "mfn_text_rate", "mfn_rate_type_code", "mfn_ad_val_rate", "mfn_specific_rate",
               "quantity_1_code", "begin_effect_date", "end_effective_date"]  # fmt: skip
    rows = [
        [39239000, "5.3%", 7, 0.053, 0, "X", dt.date(2025, 1, 1), dt.date(2025, 12, 31)],
        [4041015, "$1.035/kg + 8.5%", 4, 0.085, 1.035, "KG", dt.date(2025, 1, 1), dt.date(2025, 12, 31)],
    ]
    workbook = xlsx_bytes(rows, headers, sheet="tariff_database_2025", before=())
    c = topup("0404101500", quantity="20", uom="KG", rates=workbook)
    assert c["mfn_duty"] == Decimal("105.70") and "row 3" in c["recoverable_basis"]
    assert topup("3923900080", rates=workbook)["mfn_duty"] == Decimal("53.00")


def test_the_tariff_database_upload_reports_its_rows() -> None:
    analysis = Analysis()
    report = analysis.add_file("tariff_database_2025.txt", TARIFF_DATABASE)
    assert (report.content, report.rows_read, report.rows_kept, report.rows_skipped) == ("rates", 3, 2, 1)


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
        # EO 14326 (2025-07-31) amends EO 14257: the cautious reading counts from 2025-04-02, not 2027-07-31
        ("99030269", "VN", dt.date(2027, 4, 2)),
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


TRACKER = (
    "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"
    "{entry},refunded,05/01/2026,CAPE-1,100.00,08/03/2026,,\n"
)


def interest_end(liquidation: str | None) -> dict[str, object]:
    """The entry of one_entry(02/02/2026), filed in CAPE 2026-05-01 and refunded 2026-08-03, with or without a
    liquidation list that shows CBP liquidating it after the filing."""
    analysis = one_entry("02/02/2026")
    entry = analysis.sql("SELECT entry_number FROM entries")[0][0].as_py()
    assert load_tracker(analysis, "tracker.csv", TRACKER.format(entry=entry).encode()).status == "ok"
    if liquidation:
        listing = f"Entry Summary Number,Liquidation Date\n{entry},{liquidation}\n".encode()
        assert analysis.add_file("ES-701.csv", listing).content == "liquidation"
    [r] = reconcile(analysis, AS_OF)[0].to_pylist()
    return r


def test_interest_runs_to_the_liquidation_after_filing_not_to_the_refund() -> None:
    # 19 USC 1505(c), T.D. 99-75 (64 FR 56433): "not beyond the date of liquidation or reliquidation"
    r = interest_end("06/15/2026")
    assert (r["interest_until"], r["interest_until_basis"]) == (
        dt.date(2026, 6, 15),
        "liquidation or reliquidation after filing",
    )
    assert r["interest_estimate"] < interest_end(None)["interest_estimate"]


def test_without_a_liquidation_after_filing_the_refund_date_is_an_upper_bound() -> None:  # rules-audit.md section 3
    r = interest_end("01/02/2026")  # a liquidation before the filing is not the refund's
    assert r["interest_until"] == dt.date(2026, 8, 3) and "upper bound" in r["interest_until_basis"]


def test_coverage_of_the_ieepa_period_names_its_missing_months() -> None:
    cov = coverage(one_entry("06/02/2025"), AS_OF, IEEPA_PERIOD)
    assert (cov.first_day, cov.last_day, cov.window_months) == (dt.date(2025, 2, 1), dt.date(2026, 2, 23), 13)
    assert cov.gaps == [m for m in (f"2025-{n:02d}" for n in range(2, 13)) if m != "2025-06"] + ["2026-01", "2026-02"]
    assert cov.verdict.startswith("IEEPA period (2025-02-04 to 2026-02-23): 1 of 13 months present")


def test_cape_phases_and_the_appeal_show_as_of_their_dates() -> None:
    assert [e["event"] for e in events(dt.date(2026, 4, 20))][0] == "CAPE Phase 1 opens"
    assert not any("Phase 1" in e["event"] for e in events(dt.date(2026, 4, 19)))
    assert any("Phase 2" in e["event"] for e in events(AS_OF))
    assert not any(e["date"] > str(AS_OF) for e in events(AS_OF))  # the two-year dates of 2027 are still to come
    appeal = next(e for e in events(AS_OF) if "26-1895" in e["event"])
    assert "no decision" in appeal["status"] and appeal["sureness"] == "reported, not confirmed by CBP"


HOSTILE_DATABASE = (
    TARIFF_DATABASE.split(b"\n")[0] + b"\n"
    b"39239000|made up|X||1000%|7|10|0|0|KR|0|0|01/01/2025|12/31/2025\n"  # 1000%: outside the schedule's 0-350%
    b"39239000|made up|X||4%|7|0.04|0|0|KR|0|0|01/01/2025|12/31/2025\n"  # the first rate in bounds: used
    b"39239000|made up|X||5%|7|0.05|0|0|KR|0|0|06/01/2025|12/31/2025\n"  # a second rate for the same days
    b"04041015|Whey|KG||neg|4|0.085|-999999.99|0|KR|0|0|01/01/2025|12/31/2025\n"  # a negative specific rate
    b"84713001|made up|ZZZ||1/zzz|1|0|1.0|0|KR|0|0|01/01/2025|12/31/2025\n"  # a unit the schedule has not
)


def test_an_uploaded_tariff_database_is_checked_before_its_rates_are_used() -> None:
    """Security review 2, N10: negative, 1000% and duplicate rates were taken silently and moved every
    top-up figure (for everyone on the link): each such row is now left out and named, and the table's
    effect on the recoverable duty is said."""
    shipped = topup("3923900080")  # the shipped 3%: 120.00 of 150.00 comes back
    c = topup("3923900080", rates=HOSTILE_DATABASE)
    assert (c["recoverable_duty"], c["mfn_duty"]) == (Decimal("110.00"), Decimal("40.00"))  # its one good 4% row
    assert "row 3" in c["recoverable_basis"] and shipped["recoverable_duty"] == Decimal("120.00")
    analysis, top, day = Analysis(), entry_number("EUR", 1), "10/01/2025"
    lines = [("99030220", "0", "150.00"), ("3923900080", "1000.00", "0.00")]
    rows = [row(top, 1, n, *line, country="DE", entry_date=day, summary=day) for n, line in enumerate(lines, 1)]
    analysis.add_file("eu.csv", csv_bytes(rows))
    report = analysis.add_file("tariff_database_2025.txt", HOSTILE_DATABASE)
    assert (report.status, report.rows_kept, report.rows_rejected) == ("ok", 1, 4)
    assert [(i.row, i.message.split(":")[1].strip()[:28]) for i in report.issues] == [
        (2, "ad valorem rate 1000% is out"),
        (4, "a second rate for HTS 392390"),
        (5, "specific rate outside 0 to 1"),
        (6, "unit ZZZ is no unit of the t"),
    ]
    assert any("changes the recoverable IEEPA duty by -$10.00, from $120.00 to $110.00" in w for w in report.warnings)
