"""The SQL value parsers (acecore/sql/macros.sql): money, dates, HTS, entry numbers, check digit. They take
cells as the reader gives them, trimmed (test_csv_loading: padded cells load the same)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acecore import db
from tests.helpers import luhn_check_digit

CON = db.connect()


def one(sql: str, *params: object) -> object:
    return CON.execute(sql, list(params)).fetchone()[0]


cents = st.decimals(min_value=Decimal("-9999999999.99"), max_value=Decimal("9999999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(cents)
def test_money_round_trips_in_every_ace_form(amount: Decimal) -> None:
    plain = f"{amount:.2f}"
    currency = f"${abs(amount):,.2f}"
    accounting = f"({currency})" if amount < 0 else currency
    assert one("SELECT ace_money(?)", plain) == amount
    assert one("SELECT ace_money(?)", accounting) == amount


@pytest.mark.parametrize("text", ["12,5", "1.2.3", "abc", "(12.00", "$", "12-", "1,2345.00"])
def test_unreadable_money_is_flagged_not_guessed(text: str) -> None:
    assert one("SELECT ace_money(?)", text) is None
    assert one("SELECT ace_unreadable(?, ace_money(?))", text, text) is True


@pytest.mark.parametrize(
    "text, expected", [("", None), ("FREE", Decimal("0.00")), ("free", Decimal("0.00")), ("-0.5", Decimal("-0.50"))]
)
def test_money_blanks_and_free(text: str, expected: Decimal | None) -> None:
    assert one("SELECT ace_money(?)", text) == expected
    assert one("SELECT ace_unreadable(?, ace_money(?))", text, text) is False


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(dates)
def test_dates_in_every_form(day: dt.date) -> None:
    serial = (day - dt.date(1899, 12, 30)).days
    for text in (
        day.strftime("%m/%d/%Y"),
        f"{day.month}/{day.day}/{day.year}",
        day.isoformat(),
        f"{day.isoformat()} 00:00:00",
        str(serial),
        f"{serial}.0",
    ):
        assert one("SELECT ace_date(?)", text) == day, text


def test_two_digit_years_are_this_century() -> None:
    assert one("SELECT ace_date('3/4/25')") == dt.date(2025, 3, 4)


@pytest.mark.parametrize("text", ["13/45/2025", "02/29/2025", "someday", "2025-13-01"])
def test_impossible_dates_are_flagged(text: str) -> None:
    assert one("SELECT ace_date(?)", text) is None
    assert one("SELECT ace_unreadable(?, ace_date(?))", text, text) is True


@pytest.mark.parametrize(
    "text, expected",
    [
        ("9903.01.24", "99030124"),
        ("3923900080", "3923900080"),
        ("101300000", "0101300000"),
        ("1013000", "01013000"),
        (" 3923.90.0080 ", "3923900080"),
        ("", None),
    ],
)
def test_hts_digits_and_lost_leading_zeros(text: str, expected: str | None) -> None:
    assert one("SELECT ace_hts(?)", text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("BII-0599285-4", "BII05992854"),
        ("bii 0599285 4", "BII05992854"),
        ("BII05992854", "BII05992854"),
        ("1234567890", "01234567890"),
        ("00112345678", "00112345678"),
    ],
)
def test_entry_numbers_normalised(text: str, expected: str) -> None:
    assert one("SELECT ace_entry(?)", text) == expected


def test_real_entry_numbers_validate() -> None:
    # Entry numbers from real ES-003 files quoted in es003-format.md section 4.
    assert one("SELECT ace_entry_valid('BII05992854')") is True
    assert one("SELECT ace_entry_valid('BII05999206')") is True
    assert one("SELECT ace_check_digit('ABC1234567')") == 6


filer = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=3)


@settings(max_examples=500, deadline=None)
@given(filer, st.integers(min_value=0, max_value=9_999_999))
def test_check_digit_matches_reference(code: str, serial: int) -> None:
    base = f"{code}{serial:07d}"
    digit = luhn_check_digit(base)
    assert one("SELECT ace_check_digit(?)", base) == digit
    assert one("SELECT ace_entry_valid(?)", base + str(digit)) is True
    assert one("SELECT ace_entry_valid(?)", base + str((digit + 1) % 10)) is False


@settings(max_examples=200, deadline=None)
@given(
    filer,
    st.integers(min_value=0, max_value=9_999_999),
    st.integers(min_value=3, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_any_single_digit_typo_is_caught(code: str, serial: int, position: int, shift: int) -> None:
    base = f"{code}{serial:07d}"
    good = base + str(luhn_check_digit(base))
    typo = good[:position] + str((int(good[position]) + shift) % 10) + good[position + 1 :]
    assert one("SELECT ace_entry_valid(?)", typo) is False


def test_wrong_length_is_invalid() -> None:
    assert one("SELECT ace_entry_valid('BII0599285')") is False
    assert one("SELECT ace_entry_valid('BII059928544')") is False


rows = st.tuples(st.integers(1, 2**31 - 1), st.integers(1, 2**31 - 1))


@settings(max_examples=300, deadline=None)
@given(rows, rows)
def test_load_order_ranks_a_later_file_then_a_later_row_higher(first: tuple[int, int], second: tuple[int, int]) -> None:
    """entries.sql takes each entry's fields from the row with the largest ace_load_order."""
    a, b = (one("SELECT ace_load_order(?::INTEGER, ?::INTEGER)", *r) for r in (first, second))
    assert (a < b, a == b) == (first < second, first == second)
