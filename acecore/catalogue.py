"""The Chapter 99 heading catalogue (`data/chapter99.csv`): which program and authority each 9903
heading belongs to, in which countries and period, at what rate, and the source of each fact.

Rules change by court order and CBP message, so they live in the data file, one row per heading
(or heading range) and period, with how sure it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from functools import cache
from importlib import resources

from pydantic import BaseModel


class Heading(BaseModel):
    heading_from: str
    heading_to: str
    program: str
    authority: str
    countries: str  # ISO codes joined by ';', or '*' for any country
    rate_pct: Decimal | None
    first_day: dt.date
    last_day: dt.date | None
    carries_duty: bool
    top_up: bool  # tops the duty up to a floor (15%): recoverable is the line duty less the MFN duty
    measure_date: dt.date | None  # signing of the executive order behind an IEEPA heading
    confidence: str  # confirmed, reported, legal reading (data/confidence.csv)
    source: str
    note: str

    def applies(self, country: str, day: dt.date) -> bool:
        in_period = self.first_day <= day and (self.last_day is None or day <= self.last_day)
        return in_period and (self.countries == "*" or country in self.countries.split(";"))


@cache
def headings() -> tuple[Heading, ...]:
    text = resources.files("acecore").joinpath("data", "chapter99.csv").read_text(encoding="utf-8")
    with io.StringIO(text, newline="") as handle:
        optional = ("rate_pct", "last_day", "measure_date")
        return tuple(
            Heading(**{k: (v or None) if k in optional else v for k, v in row.items()})
            for row in csv.DictReader(handle)
        )


def heading_for(country: str, day: dt.date, programs: tuple[str, ...]) -> tuple[str, Decimal] | None:
    """The single dutiable heading of one of these programs in force for this origin and day."""
    for h in headings():
        if (
            h.program in programs
            and h.heading_from == h.heading_to
            and h.carries_duty
            and h.rate_pct is not None
            and h.applies(country, day)
        ):
            return h.heading_from, h.rate_pct
    return None
