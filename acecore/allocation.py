"""CBP pays IEEPA refunds as one ACH per importer and date, interest included, with no split by entry.
Allocating such a payment gives each entry its share, in proportion to what it was owed on the payment
date (expected refund plus the 19 U.S.C. 1505 interest estimate), and splits each share into principal
and interest in the same proportion, to the cent: the shares add up to the payment exactly. Recorded in
the tracker, the allocation is what reconciliation reads.

CBP takes a debt the importer owes out of a refund before it pays (19 CFR 24.72; ACE report REV-603,
"Funds Diverted"): a payment may come with such an offset. The entries then share the payment and the
offset together, each share's offset counted against its principal first; and a refund CBP sent to a
Form 4811 party or a broker is recorded with who took it (`paid_to`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, field_validator

from acecore.analysis import Analysis
from acecore.tracker import PAYEES, TrackerReport, reconcile, saved_rows, take_changes

AWAITING = ("filed", "accepted")  # tracker statuses of entries a payment may be for, when it names none
CENT = Decimal("0.01")


class Payment(BaseModel):
    payment_date: dt.date
    amount: Decimal = Field(gt=0, max_digits=14, decimal_places=2)
    entries: list[str] = Field(default_factory=list, description="the entries it covers; empty: all awaiting")
    reference: str = ""
    offset: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2, description="diverted to a debt first")
    paid_to: str = Field(PAYEES[0], description="who CBP paid: " + ", ".join(PAYEES))

    @field_validator("paid_to")
    @classmethod
    def _a_payee(cls, value: str) -> str:
        if value not in PAYEES:
            raise ValueError(f"{value!r} is none of {', '.join(PAYEES)}")
        return value

    @property
    def gross(self) -> Decimal:
        """What CBP refunded: the payment and the debt it paid with part of the refund."""
        return self.amount + self.offset


class Allocation(BaseModel):
    rows: list[dict[str, Any]]  # entry_number, expected, interest_estimate, owed, allocated, principal, ...
    left_out: dict[str, str] = Field(default_factory=dict, description="entry -> why it has no share")
    variance: Decimal = Decimal(0)  # the payment less what the covered entries were owed


def allocate(analysis: Analysis, payment: Payment, corporate: bool = True) -> Allocation:
    owed = {r["entry_number"]: r for r in reconcile(analysis, payment.payment_date, corporate)[0].to_pylist()}
    left_out: dict[str, str] = {}
    if payment.entries:
        covered = []
        for entry in dict.fromkeys(payment.entries):
            row = owed.get(entry)
            if row is None:
                left_out[entry] = "not an entry with IEEPA duty in the data in view"
            elif row["received"] is not None:
                left_out[entry] = "the tracker already has a refund for it"
            else:
                covered.append(row)
    else:
        covered = [r for r in owed.values() if r["action_status"] in AWAITING and r["received"] is None]
    covered.sort(key=lambda r: r["entry_number"])
    weights = [r["expected"] + r["interest_estimate"] for r in covered]
    shares, offsets = _split(payment.gross, weights), _split(payment.offset, weights)
    rows = []
    for row, weight, share, offset in zip(covered, weights, shares, offsets, strict=True):
        principal = (share * row["expected"] / weight).quantize(CENT) if weight else Decimal(0)
        against_principal = min(offset, principal)  # a debt is paid out of the refund, principal first
        rows.append(
            {
                "entry_number": row["entry_number"],
                "expected": row["expected"],
                "interest_estimate": row["interest_estimate"],
                "owed": weight,
                "allocated": share,
                "offset": offset,
                "principal": principal - against_principal,
                "interest": share - principal - (offset - against_principal),
                "variance": share - weight,
            }
        )
    return Allocation(rows=rows, left_out=left_out, variance=payment.gross - sum(weights, Decimal(0)))


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`amount` in proportion to `weights`, in whole cents that add up to it (largest remainders get the
    cents left over; ties go to the earlier entry)."""
    total = sum(weights, Decimal(0))
    if not weights or total <= 0:
        return [Decimal(0)] * len(weights)
    cents = int(amount / CENT)
    exact = [Decimal(cents) * w / total for w in weights]
    floors = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[: cents - sum(floors)]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def record(analysis: Analysis, allocation: Allocation, payment: Payment) -> TrackerReport | None:
    """Write the shares into the tracker: refunded on the payment date, principal paid as refund_amount,
    interest as interest_amount, the share of an offset as offset_amount, and who was paid; the other
    working columns stay."""
    kept = saved_rows(analysis)
    shares = {
        share["entry_number"]: {
            "action_status": "refunded",
            "refund_amount": share["principal"],
            "interest_amount": share["interest"],
            "refund_date": payment.payment_date,
            "reference": kept.get(share["entry_number"], {}).get("reference") or payment.reference or None,
            "offset_amount": share["offset"] or None,
            "paid_to": payment.paid_to,
            "ach_status": "paid",
        }
        for share in allocation.rows
    }
    paid = " ".join(p for p in ("CBP payment", payment.reference) if p)
    if payment.offset:
        paid += f" (and {payment.offset} diverted to a debt)"
    return take_changes(
        analysis, "allocated payment", shares, f"share of {paid} of {payment.payment_date:%Y-%m-%d} (allocated)"
    )
