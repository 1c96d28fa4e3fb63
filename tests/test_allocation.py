"""A lump CBP payment allocated to entries: to the cent, in proportion to what each was owed on the
payment date (refund plus interest), principal and interest apart; the tracker and reconciliation take it."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acecore.allocation import Payment, _split, allocate, record
from acecore.analysis import Analysis
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker, load_tracker, reconcile
from tests.helpers import parse_csv, write_csv

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

PAID_ON = dt.date(2026, 10, 15)


@given(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2),
    st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999.99"), places=2), min_size=1, max_size=40
    ),
)
def test_shares_add_up_to_the_payment_and_each_is_within_a_cent_of_its_proportion(
    amount: Decimal, weights: list[Decimal]
) -> None:
    shares = _split(amount, weights)
    assert sum(shares) == amount
    total = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - amount * weight / total) < Decimal("0.01")
        assert share == share.quantize(Decimal("0.01"))


@pytest.fixture
def awaiting() -> tuple[Analysis, list[str]]:
    """The sample with five IEEPA entries marked filed in the tracker."""
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=120, seed=23)))
    rows = parse_csv(export_tracker(analysis, PAID_ON))
    chosen = [r["entry_number"] for r in rows if Decimal(r["ieepa_duty"]) > 0][:5]
    for r in rows:
        if r["entry_number"] in chosen:
            r["action_status"] = "filed"
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    return analysis, chosen


def test_a_payment_of_exactly_what_was_owed_reconciles_every_entry_in_full(awaiting: tuple) -> None:
    analysis, chosen = awaiting
    owed = {r["entry_number"]: r for r in reconcile(analysis, PAID_ON)[0].to_pylist() if r["entry_number"] in chosen}
    amount = sum(r["expected"] + r["interest_estimate"] for r in owed.values())
    payment = Payment(payment_date=PAID_ON, amount=amount, reference="ACH 0042")
    allocation = allocate(analysis, payment)
    assert {r["entry_number"] for r in allocation.rows} == set(chosen) and allocation.variance == 0
    for row in allocation.rows:
        assert row["variance"] == 0 and row["principal"] + row["interest"] == row["allocated"]
        assert row["principal"] == owed[row["entry_number"]]["expected"]

    record(analysis, allocation, payment)
    detail, total = reconcile(analysis, PAID_ON)
    mine = {r["entry_number"]: r for r in detail.to_pylist() if r["entry_number"] in chosen}
    assert {r["refund_status"] for r in mine.values()} == {"refunded in full"}
    assert sum(r["received"] + r["interest_received"] for r in mine.values()) == amount
    tracker = {r["entry_number"]: r for r in analysis.tracker_rows().to_pylist()}
    assert {tracker[e]["action_status"] for e in chosen} == {"refunded"}
    assert all("ACH 0042" in tracker[e]["notes"] for e in chosen)


def test_a_short_payment_shows_its_variance_and_named_entries_are_checked(awaiting: tuple) -> None:
    analysis, chosen = awaiting
    owed = sum(r["expected"] + r["interest_estimate"] for r in reconcile(analysis, PAID_ON)[0].to_pylist()
               if r["entry_number"] in chosen[:2])  # fmt: skip
    payment = Payment(payment_date=PAID_ON, amount=owed - Decimal("100.00"), entries=[*chosen[:2], "NOTANENTRY1"])
    allocation = allocate(analysis, payment)
    assert [r["entry_number"] for r in allocation.rows] == sorted(chosen[:2])
    assert allocation.variance == Decimal("-100.00") == sum(r["variance"] for r in allocation.rows)
    assert allocation.left_out == {"NOTANENTRY1": "not an entry with IEEPA duty in the data in view"}

    record(analysis, allocation, payment)
    again = allocate(analysis, Payment(payment_date=PAID_ON, amount=Decimal("10.00"), entries=chosen[:1]))
    assert again.rows == [] and again.left_out == {chosen[0]: "the tracker already has a refund for it"}


def test_a_payment_with_an_offset_and_one_paid_to_a_4811_party_reconcile_apart(awaiting: tuple) -> None:
    """CBP took a debt out of one refund (REV-603) and paid another to a Form 4811 party: neither is "short"."""
    analysis, chosen = awaiting
    owed = {r["entry_number"]: r for r in reconcile(analysis, PAID_ON)[0].to_pylist() if r["entry_number"] in chosen}
    first, second = sorted(chosen)[:2]
    due = owed[first]["expected"] + owed[first]["interest_estimate"]
    debt = Decimal("250.00")
    offset = Payment(payment_date=PAID_ON, amount=due - debt, offset=debt, entries=[first], reference="ACH 7")
    allocation = allocate(analysis, offset)
    [share] = allocation.rows
    assert allocation.variance == 0 and share["offset"] == debt and share["allocated"] == due
    assert share["principal"] + share["offset"] == owed[first]["expected"]  # the debt is paid from the principal
    assert share["principal"] + share["interest"] == offset.amount  # what reached the bank
    record(analysis, allocation, offset)

    elsewhere = owed[second]["expected"] + owed[second]["interest_estimate"]
    broker = Payment(payment_date=PAID_ON, amount=elsewhere, entries=[second], paid_to="4811 party")
    record(analysis, allocate(analysis, broker), broker)

    detail, total = reconcile(analysis, PAID_ON)
    rows = {r["entry_number"]: r for r in detail.to_pylist()}
    assert (rows[first]["refund_status"], rows[first]["offset_amount"], rows[first]["shortfall"]) == (
        "offset (funds diverted)",
        debt,
        0,
    )
    assert rows[first]["received"] + rows[first]["offset_amount"] == rows[first]["expected"]
    assert (rows[second]["refund_status"], rows[second]["paid_to"]) == ("paid to another party", "4811 party")
    assert total["offset (funds diverted)"] == 1 and total["paid to another party"] == 1
    assert total["offset_amount"] == debt and total["paid to another party amount"] == owed[second]["expected"]
    assert total["refunded short"] == 0
    assert sum(r["received"] or 0 for r in rows.values()) == total["received"]  # the totals add up to the rows
    assert total["paid variance"] == sum(r["variance"] for r in rows.values() if r["received"] is not None)
    assert total["paid variance"] == -debt  # only the debt CBP kept is missing from what was paid
    assert sum(r["interest_received"] or 0 for r in rows.values()) == due - debt + elsewhere - total["received"]

    # The tracker keeps them through a download and an upload, and an older tracker without the columns
    # leaves them as saved.
    saved = parse_csv(export_tracker(analysis, PAID_ON))
    [kept] = [r for r in saved if r["entry_number"] == first]
    assert (kept["offset_amount"], kept["paid_to"], kept["ach_status"]) == ("250.00", "importer", "paid")
    older = [{k: v for k, v in r.items() if k not in ("offset_amount", "paid_to", "ach_status", "contested_status")}
             for r in saved]  # fmt: skip
    report = load_tracker(analysis, "old-tracker.csv", write_csv(older))
    assert report.status == "ok" and not report.issues
    assert parse_csv(export_tracker(analysis, PAID_ON)) == saved


def test_a_rejected_ach_and_an_unknown_payee_are_told(awaiting: tuple) -> None:
    analysis, chosen = awaiting
    rows = parse_csv(export_tracker(analysis, PAID_ON))
    mine = [r for r in rows if r["entry_number"] in chosen]
    mine[0]["ach_status"] = "Rejected"
    mine[1]["paid_to"] = "my cousin"
    report = load_tracker(analysis, "t.csv", write_csv(rows))
    assert [(i.column, i.message) for i in report.issues] == [
        ("paid_to", "unknown payee 'my cousin': use importer, 4811 party, broker")
    ]
    detail = {r["entry_number"]: r for r in reconcile(analysis, PAID_ON)[0].to_pylist()}
    assert detail[mine[0]["entry_number"]]["refund_status"] == "ACH rejected"
    assert detail[mine[1]["entry_number"]]["refund_status"] == "not yet refunded"
    assert detail[mine[1]["entry_number"]]["shortfall"] is None  # nothing paid yet is not short yet


def test_the_tracker_page_allocates_a_payment_and_records_it(app) -> None:  # noqa: ANN001 - AppTest
    from tests.test_pages import UPLOAD, upload

    upload(app, "good.csv", UPLOAD)
    app.switch_page("pages/tracker.py").run()
    analysis = app.session_state["work"].analysis
    rows = parse_csv(export_tracker(analysis, dt.date.today()))
    chosen = [r["entry_number"] for r in rows if Decimal(r["ieepa_duty"]) > 0][:3]
    upload(app, "t.csv", write_csv(rows), key=f"tracker_upload_{app.session_state['work'].upload_round}")
    amount = next(t for t in app.text_input if t.label.startswith("Amount"))
    amount.input("$1,000.00")
    app.text_area[0].input("\n".join(chosen))
    next(b for b in app.button if b.label == "Allocate").click().run()
    assert not app.exception and not app.error
    assert {m.label: m.value for m in app.main.metric}["Payment"] == "$1,000.00"
    next(b for b in app.button if b.label.startswith("Record these shares")).click().run()
    tracker = {r["entry_number"]: r for r in analysis.tracker_rows().to_pylist()}
    assert sum(tracker[e]["refund_amount"] + tracker[e]["interest_amount"] for e in chosen) == Decimal("1000.00")
    assert {tracker[e]["action_status"] for e in chosen} == {"refunded"}

    next(t for t in app.text_input if t.label.startswith("Amount")).input("a lot")
    next(b for b in app.button if b.label == "Allocate").click().run()
    assert any("Cannot read" in e.value for e in app.error)
