"""Synthetic ES-003 data: realistic in shape, never real importer data.

Several importers and brokers, entries from 2024-12 to 2026-10, Chapter 99 rows in CBP's reporting
order (Section 301, IEEPA fentanyl, IEEPA reciprocal, Section 232, then the commodity row:
es003-format.md section 2, CSMS #18-000624), IEEPA headings and rates taken from the Chapter 99
catalogue so that the sample agrees with the rules the analysis applies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TextIO

from acecore import catalogue, db

HEADERS = [
    "Entry Summary Number",
    "Entry Type Code",
    "Importer Number",
    "Importer Name",
    "Port of Entry Code",
    "Entry Date",
    "Entry Summary Date",
    "Entry Summary Line Number",
    "Country of Origin Code",
    "Country of Export Code",
    "Tariff Ordinal Number",
    "HTS Number - Full",
    "Line Tariff Quantity (1)",
    "Line Tariff UOM (1) Code",
    "Line Tariff Goods Value Amount",
    "Line Tariff Duty Amount",
    "Liquidation Status",
    "Liquidation Date",
]
CENT = Decimal("0.01")
FENTANYL_PROGRAMS = ("China/Hong Kong fentanyl", "Mexico (border)", "Canada (border)")
USMCA_EXCEPTION = {"MX": "99030104", "CA": "99030114"}  # IEEPA border-duty exception headings


@dataclass(frozen=True)
class Importer:
    number: str
    name: str
    brokers: tuple[str, ...]
    origins: tuple[tuple[str, int], ...]  # (country, weight)


IMPORTERS = (
    Importer("84-293441200", "Harbor Lane Goods LLC", ("Z4K", "7QX"), (("CN", 6), ("VN", 3), ("IN", 1), ("MX", 1))),
    Importer("27-550193800", "Cedar and Pine Outfitters Inc", ("7QX",), (("CN", 3), ("CA", 2), ("BR", 1), ("TH", 1))),
    Importer(
        "91-884027100", "Blue Mesa Electronics Corp", ("M2V", "Z4K"), (("CN", 4), ("TW", 2), ("MX", 2), ("VN", 1))
    ),
)
PORTS = ("2704", "2709", "1001", "5301", "1703", "3901")
ENTRY_TYPES = (("01", 90), ("11", 5), ("21", 3), ("06", 2))
# (HTS, MFN rate %, Section 301 heading and rate for China, Section 232 steel derivative)
PRODUCTS = (
    ("3923900080", Decimal("3"), ("99038803", Decimal("25")), False),
    ("9503000073", Decimal("0"), ("99038815", Decimal("7.5")), False),
    ("6110202079", Decimal("16.5"), ("99038815", Decimal("7.5")), False),
    ("4202923120", Decimal("17.6"), ("99038803", Decimal("25")), False),
    ("9403200050", Decimal("0"), ("99038803", Decimal("25")), False),
    ("8516604000", Decimal("0"), ("99038803", Decimal("25")), False),
    ("7318158066", Decimal("0"), ("99038803", Decimal("25")), True),
)


def _weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _steel_rate(day: dt.date) -> Decimal:
    # Section 232 steel: 25%, 50% from 2025-06-04 (Proclamation of 2025-06-03). Sample use only.
    return Decimal("50") if day >= dt.date(2025, 6, 4) else Decimal("25")


def chapter99_rows(
    country: str, day: dt.date, steel: bool, usmca: bool, section301: tuple[str, Decimal]
) -> list[tuple[str, Decimal]]:
    """The Chapter 99 numbers and rates a line of this origin and entry date carries, in CBP order."""
    rows: list[tuple[str, Decimal]] = []
    if country == "CN":
        rows.append(section301)
    if not steel:
        fentanyl = catalogue.heading_for(country, day, FENTANYL_PROGRAMS)
        if fentanyl and usmca:
            rows.append((USMCA_EXCEPTION[country], Decimal(0)))
        elif fentanyl:
            rows.append(fentanyl)
        reciprocal = catalogue.heading_for(country, day, ("Reciprocal by country",)) or catalogue.heading_for(
            country, day, ("Reciprocal baseline",)
        )
        if reciprocal and country in ("CA", "MX"):
            rows.append(("99030126" if country == "CA" else "99030127", Decimal(0)))
        elif reciprocal:
            rows.append(reciprocal)
        for program in ("Brazil", "India Russian oil", "Section 122 surcharge"):
            extra = catalogue.heading_for(country, day, (program,))
            if extra and not (usmca and program == "Section 122 surcharge"):
                rows.append(extra)
    else:
        if catalogue.heading_for(country, day, ("Reciprocal baseline",)):
            rows.append(("99030133", Decimal(0)))  # reciprocal exception: subject to Section 232
        rows.append(("99038191", _steel_rate(day)))
    return rows


def generate(entries: int = 400, seed: int = 7, **options: Any) -> list[dict[str, Any]]:
    """Tariff rows as dicts keyed by ES-003 header, with Python values (str, date, Decimal)."""
    return list(iter_rows(entries, seed, **options))


def iter_rows(
    entries: int,
    seed: int,
    start: dt.date = dt.date(2024, 12, 2),
    end: dt.date = dt.date(2026, 10, 30),
    as_of: dt.date = dt.date(2026, 11, 20),
    liquidation: bool = True,
) -> Iterator[dict[str, object]]:
    """The rows of `generate`, one at a time (the benchmark writes a million of them)."""
    rng = random.Random(seed)
    span = (end - start).days
    plans = []
    for sequence in range(entries):
        importer = rng.choice(IMPORTERS)
        summary_date = start + dt.timedelta(days=rng.randrange(span + 1))
        serial = (seed * 7_919 + sequence * 7 + rng.randrange(7)) % 10_000_000
        plans.append((importer, summary_date, f"{rng.choice(importer.brokers)}{serial:07d}"))
    con = db.connect()
    bases = [base for *_, base in plans]
    digits = dict(con.execute("SELECT b, ace_check_digit(b) FROM unnest(?::VARCHAR[]) t(b)", [bases]).fetchall())
    for importer, summary_date, base in sorted(plans, key=lambda p: p[1]):
        entry_number = f"{base}{digits[base]}"
        entry_date = summary_date - dt.timedelta(days=rng.randrange(10))
        entry_type = _weighted(rng, ENTRY_TYPES)
        port = rng.choice(PORTS)
        status, liquidated_on = _liquidation(rng, summary_date, as_of) if liquidation else ("", None)
        for line_number in range(1, rng.randint(1, 6) + 1):
            country = _weighted(rng, importer.origins)
            hts, mfn, section301, steel = rng.choice(PRODUCTS)
            value = _money(Decimal(rng.randrange(50_000, 5_000_000)) / 100)
            usmca = country in ("CA", "MX") and rng.random() < 0.5
            tariff_rows = chapter99_rows(country, entry_date, steel, usmca, section301)
            tariff_rows.append((hts, Decimal(0) if usmca else mfn))
            for ordinal, (number, rate) in enumerate(tariff_rows, start=1):
                commodity = number == hts
                yield {
                    "Entry Summary Number": entry_number,
                    "Entry Type Code": entry_type,
                    "Importer Number": importer.number,
                    "Importer Name": importer.name,
                    "Port of Entry Code": port,
                    "Entry Date": entry_date,
                    "Entry Summary Date": summary_date,
                    "Entry Summary Line Number": line_number,
                    "Country of Origin Code": country,
                    "Country of Export Code": country,
                    "Tariff Ordinal Number": ordinal,
                    "HTS Number - Full": number,
                    "Line Tariff Quantity (1)": rng.randrange(1, 500) if commodity else 0,
                    "Line Tariff UOM (1) Code": "NO" if commodity else "",
                    "Line Tariff Goods Value Amount": value if commodity else Decimal("0.00"),
                    "Line Tariff Duty Amount": _money(value * rate / 100),
                    "Liquidation Status": status,
                    "Liquidation Date": liquidated_on,
                }


def _liquidation(rng: random.Random, summary_date: dt.date, as_of: dt.date) -> tuple[str, dt.date | None]:
    """About 314 days after the summary, posted on a Friday; some extended (ieepa-rules.md)."""
    scheduled = summary_date + dt.timedelta(days=314)
    scheduled += dt.timedelta(days=(4 - scheduled.weekday()) % 7)
    if rng.random() < 0.05:
        return "Extended", None
    if scheduled <= as_of:
        return "Liquidated", scheduled
    return "Unliquidated", None


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    return "" if value is None else str(value)


def write_csv(rows: Iterable[dict[str, object]], handle: TextIO) -> None:
    """CSV as WebI saves it: one header row, ACE's MM/DD/YYYY dates, plain amounts."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_text(row[h]) for h in HEADERS])


def to_csv(rows: Iterable[dict[str, object]]) -> bytes:
    out = io.StringIO()
    write_csv(rows, out)
    return out.getvalue().encode("utf-8")


def to_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """An .xlsx like ACE's: a Parameters tab, then "Main Report" with date and currency cells."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    parameters = workbook.create_sheet("Parameters")
    parameters.append(["ES-003 Entry Summary Line Tariff Details", None, None, "FOR OFFICIAL USE ONLY"])
    parameters.append([])
    parameters.append([])
    parameters.append(["Report Parameters:", "Synthetic sample data"])
    sheet = workbook.create_sheet("Main Report")
    sheet.append(HEADERS)
    money = {"Line Tariff Goods Value Amount", "Line Tariff Duty Amount"}
    for row in rows:
        sheet.append([float(row[h]) if h in money else (row[h] if row[h] != "" else None) for h in HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
