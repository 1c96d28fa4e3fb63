"""The words users read, kept in one place so that every page, download and the README say one thing:
the glossary, what "recoverable" and interest mean, and plain headers for the tables meant for people."""

from __future__ import annotations

GLOSSARY = {
    "CAPE": "CBP's refund declaration for IEEPA duties, in the ACE Portal's CAPE tab (from April 20, 2026): "
    "you upload a file of entry numbers and CBP refunds the IEEPA duty, with interest.",
    "Liquidation": "CBP's final computation of an entry's duty, normally about 314 days after the entry summary. "
    "Most deadlines count from it; ES-003 can show it if you add the Liquidation Date column.",
    "PSC (post-summary correction)": "your broker's correction of an entry before it liquidates. Since CAPE "
    "opened it no longer asks for a refund, but it fixes data that CAPE would reject.",
    "Protest (CBP Form 19)": "the formal challenge of a liquidation, within 180 days after it; it keeps a "
    "refund claim open where CAPE no longer can.",
    "At risk: needs counsel": "entries whose protest window has closed (finally liquidated). CBP refunds them "
    "only with a court order of your own so far: talk to trade counsel.",
    "MFN (column 1) duty": "the normal duty of the goods. On the 15% top-up headings (EU, Japan, Korea, "
    "Switzerland, Liechtenstein) the refund is the line's duty less this normal duty.",
    "Chapter 99 line": "the extra HTS number (9903.xx.xx) on an entry line that carries a special duty: "
    "IEEPA, Section 301, 232, 122 and others.",
}

RECOVERABLE = (
    "the IEEPA duty on entries with a refund path open today (a CAPE declaration or a protest) that is not yet "
    "refunded. IEEPA duty paid = recoverable now + needs counsel + already refunded + the duty with no path "
    "open today."
)

INTEREST = (
    "CBP adds interest to a refund (19 U.S.C. 1505) from the day you deposited the duty to the day CBP "
    "liquidates or reliquidates the entry, not to the day the money arrives. The estimate stops at the "
    "liquidation date once a newer ES-003 pull or a liquidation list shows it."
)
