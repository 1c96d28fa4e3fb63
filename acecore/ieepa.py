"""IEEPA isolation: every tariff row under an IEEPA heading, by program, country and heading, kept
apart from Section 301/232/122 and ordinary duty (classification in sql/classify.sql against the
catalogue in data/chapter99.csv)."""

from __future__ import annotations

from decimal import Decimal

import pyarrow as pa

from acecore.analysis import Analysis


def ieepa_lines(analysis: Analysis, to_check_only: bool = False, limit: int | None = None) -> pa.Table:
    """IEEPA rows (exceptions included) and unknown 9903 rows, with their rate and period checks; only
    those whose check did not pass (or has no catalogue heading to check against) if `to_check_only`; the
    first `limit` of them, or all."""
    return analysis.query("ieepa_lines", limit, to_check_only=to_check_only)


def headings(analysis: Analysis) -> pa.Table:
    """The headings and periods the IEEPA lines in view fall under, each once with its source."""
    return analysis.query("headings")


def ieepa_line_count(analysis: Analysis, to_check_only: bool = False) -> int:
    """How many rows `ieepa_lines` gives without a limit (a page shows the first few thousand)."""
    [count] = analysis.query("ieepa_line_count", to_check_only=to_check_only)["lines"].to_pylist()
    return int(count)


def duty_to_check(analysis: Analysis) -> tuple[int, Decimal]:
    """The lines to check (a rate or period check that did not pass, or a 9903 heading the catalogue does
    not know) that carry duty, and that duty: what a person should look at before filing."""
    [row] = analysis.query("ieepa_line_count", to_check_only=True).to_pylist()
    return int(row["lines_with_duty"]), row["duty"]


def ieepa_summary(analysis: Analysis) -> pa.Table:
    """Duty and recoverable duty by authority, program, heading and country of origin."""
    return analysis.query("ieepa_summary")


def ieepa_by_month(analysis: Analysis) -> pa.Table:
    return analysis.query("ieepa_by_month")


def duty_by_authority(analysis: Analysis) -> pa.Table:
    return analysis.query("duty_by_authority")
