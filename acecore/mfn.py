"""Column 1 (MFN) rates by HTS: what CAPE puts back on a top-up line when it recalculates the duty "as if
IEEPA duties were never owed" (ch99-audit.md; CSMS #68340863).

The shipped table, acecore/data/mfn_rates.csv, is built by `python -m acecore mfn-table` from the USITC
Harmonized Tariff Schedule's JSON exports (hts.usitc.gov, "Export" / archive), one per revision: each
HTS's general rate and its special rates for the programs a top-up good can claim, with the days each
was in force. A rate is kept at the 8-digit subheading, or at the 10-digit line where the schedule sets
different rates under one subheading. Rates the schedule words in prose ("on the case", "less ... for
each degree", "The rate applicable to ...") are kept as text with no figures: no rate is applied from
them, and the line says so. A user's copy of the USITC annual tariff database is read in SQL instead
(rates_stage.sql), from its own rate fields.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

# The unit a specific rate is per, as the HTS writes it, to the unit code ACE reports a line's
# quantity in (the Census/CBP unit of quantity codes).
UNITS = {
    "kg": "KG",
    "cleankg": "CKG",
    "liter": "L",
    "pf.liter": "PFL",
    "bbl": "BBL",
    "doz.": "DOZ",
    "pr.": "PRS",
    "gross": "GRS",
    "head": "NO",
    "each": "NO",
    "no.": "NO",
    "t": "T",
    "m2": "M2",
    "m3": "M3",
}

# Special programs a good of a top-up country (EU, Japan, Korea, Switzerland, Liechtenstein) can claim:
# KORUS (KR), the U.S.-Japan Trade Agreement (JP), Civil Aircraft (C, any origin). HTSUS General Note 3(c)(i).
TOP_UP_PROGRAMS = ("C", "JP", "KR")

_NUMBER = r"(\d+(?:\.\d+)?)"
_AD_VALOREM = re.compile(rf"{_NUMBER}%")
_SPECIFIC = re.compile(rf"(?:\$\s*{_NUMBER}|{_NUMBER}\s*¢)\s*(?:/\s*(.+)|(each))")
_SPECIAL_GROUP = re.compile(r"([^()]+?)\s*\(([^)]*)\)")


@dataclass(frozen=True)
class Rate:
    """A column 1 rate: ad valorem percent plus specific amounts (dollars per unit code). `computable` is
    false for a rate in prose: it is kept as text only."""

    text: str
    ad_valorem_pct: Decimal = Decimal(0)
    specific: tuple[tuple[Decimal, str], ...] = ()
    computable: bool = True


def parse_rate(text: str) -> Rate:
    """`Free`, `6.8%`, `4.4¢/kg`, `$1.035/kg + 17.5%`, `0.9¢ each + 4.5%`, ...; anything else is prose."""
    words = " ".join(text.split())
    if words.lower() == "free":
        return Rate(words)
    ad_valorem = Decimal(0)
    specific: list[tuple[Decimal, str]] = []
    for part in (p.strip() for p in words.split("+")):
        if match := _AD_VALOREM.fullmatch(part):
            ad_valorem += Decimal(match[1])
            continue
        match = _SPECIFIC.fullmatch(part)
        unit = UNITS.get((match[3] or match[4]).replace(" ", "").lower() if match else "")
        if match is None or unit is None:
            return Rate(words, computable=False)
        amount = Decimal(match[1]) if match[1] else Decimal(match[2]) / 100
        specific.append((amount, unit))
    if not words or len(specific) > 2:
        return Rate(words, computable=False)
    return Rate(words, ad_valorem, tuple(specific))


def parse_special(text: str, programs: Iterable[str] = TOP_UP_PROGRAMS) -> dict[str, Decimal]:
    """The ad valorem rate (Free = 0) of each program in `programs` that the special column names, as in
    `Free (A+,AU,KR,SG) 2.8% (JO)`; a program with a specific special rate is left out (no rate applied)."""
    wanted = set(programs)
    rates: dict[str, Decimal] = {}
    for rate_text, codes in _SPECIAL_GROUP.findall(" ".join(text.split())):
        rate = parse_rate(rate_text)
        if not rate.computable or rate.specific:
            continue
        for code in (c.strip() for c in codes.split(",")):
            if code in wanted:
                rates[code] = rate.ad_valorem_pct
    return rates


@dataclass(frozen=True)
class Entry:
    """One HTS's rates in one revision."""

    general: Rate
    special: tuple[tuple[str, Decimal], ...] = ()


def revision_rates(data: bytes) -> dict[str, Entry]:
    """The rates of one HTS revision (the USITC JSON export: a list of rows with `htsno`, `general`,
    `special`), chapters 1-97, by 8-digit subheading; by 10-digit line where that subheading's lines
    differ."""
    lines: dict[str, Entry] = {}
    for row in json.loads(data):
        hts = str(row.get("htsno") or "").replace(".", "")
        general = str(row.get("general") or "").strip()
        if len(hts) not in (8, 10) or not hts.isdigit() or hts[:2] in ("98", "99") or not general:
            continue
        special = parse_special(str(row.get("special") or ""))
        lines[hts] = Entry(parse_rate(general), tuple(sorted(special.items())))
    by_heading: dict[str, set[Entry]] = {}
    for hts, entry in lines.items():
        if len(hts) == 10 and hts[:8] not in lines:
            by_heading.setdefault(hts[:8], set()).add(entry)
    rates = {hts: entry for hts, entry in lines.items() if len(hts) == 8}
    for hts, entry in lines.items():
        if len(hts) == 10 and hts[:8] not in rates:
            if len(by_heading[hts[:8]]) == 1:
                rates.setdefault(hts[:8], entry)
            else:
                rates[hts] = entry
    return rates


@dataclass
class Span:
    hts: str
    entry: Entry
    first_day: date
    last_day: date | None = None
    revisions: list[str] = field(default_factory=list)


def spans(revisions: list[tuple[date, str, dict[str, Entry]]]) -> list[Span]:
    """The days each rate was in force, from revisions in the order they took effect: a span ends the day
    before a revision changes or drops the HTS's rates; the last span of each HTS stays open."""
    open_spans: dict[str, Span] = {}
    done: list[Span] = []
    for effective, name, rates in sorted(revisions, key=lambda r: r[0]):
        for hts in list(open_spans):
            if rates.get(hts) != open_spans[hts].entry:
                span = open_spans.pop(hts)
                span.last_day = effective - timedelta(days=1)
                done.append(span)
        for hts, entry in rates.items():
            if hts in open_spans:
                open_spans[hts].revisions.append(name)
            else:
                open_spans[hts] = Span(hts, entry, effective, revisions=[name])
    return sorted([*done, *open_spans.values()], key=lambda s: (s.hts, s.first_day))


COLUMNS = (
    "hts",
    "first_day",
    "last_day",
    "general",
    "ad_valorem_pct",
    "specific",
    "specific_unit",
    "other",
    "other_unit",
    "special",
    "source",
)


def write_table(path: Path, table: list[Span]) -> int:
    """acecore/data/mfn_rates.csv: one row per HTS and span; figures empty for a rate in prose;
    `special` as `KR=0;JP=3.4`; `source` names the first and last revision the span was read from."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for span in table:
            rate = span.entry.general
            specific = [*rate.specific, (None, None), (None, None)]
            first, last = span.revisions[0], span.revisions[-1]
            writer.writerow(
                [
                    span.hts,
                    span.first_day,
                    span.last_day or "",
                    rate.text,
                    _figure(rate.ad_valorem_pct) if rate.computable else "",
                    _figure(specific[0][0]),
                    specific[0][1] or "",
                    _figure(specific[1][0]),
                    specific[1][1] or "",
                    ";".join(f"{code}={_figure(pct)}" for code, pct in span.entry.special),
                    f"USITC HTS {first}" + ("" if first == last else f" to {last}"),
                ]
            )
    return len(table)


def _figure(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")
