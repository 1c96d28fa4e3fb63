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
    "IEEPA duty on entries with a refund path open today (a CAPE declaration or a protest), filed or not, that "
    "is not yet refunded. IEEPA duty paid = recoverable now + needs counsel + refunded + the duty with no path "
    "open today."
)

INTEREST = (
    "CBP adds interest to a refund (19 U.S.C. 1505) from the day you deposited the duty to the day CBP "
    "liquidates or reliquidates the entry, not to the day the money arrives. The estimate stops at the "
    "liquidation date once a newer ES-003 pull or a liquidation list shows it."
)

# What the importer (or its broker) does on each path: beside what is due, in the plan and its download.
PATH_ACTIONS = {
    "CAPE declaration": "Declare it on CAPE: upload the CAPE file (Summary or Recovery plan page) in the ACE "
    "Portal's CAPE tab.",
    "post-summary correction": "Ask your broker to file a post-summary correction removing the IEEPA lines.",
    "protest (CBP Form 19)": "File a protest (CBP Form 19) in ACE before the deadline; your broker or counsel "
    "can file it.",
    "at risk: needs counsel": "Talk to trade counsel: the entry is finally liquidated; a refund needs a court "
    "case of your own so far.",
    "no path open now: protest after liquidation": "Nothing to file today: once the entry liquidates, a protest "
    "within 180 days keeps the claim.",
    "not through CAPE: TIB entry": "Ask your broker how the bond was closed: CAPE does not take TIB entries.",
    "check liquidation status": "Check the entry's liquidation status in ACE and upload a fresh ES-003 or ES-701.",
    "nothing left": "No refund path is open for this entry.",
    "no IEEPA duty": "",
}

# A later pull's changes (compare.CHANGES; changes.csv keeps these codes for tools) as people say them.
CHANGE_WORDS = {
    "ieepa removed": "IEEPA lines gone (accepted)",
    "ieepa reduced": "IEEPA duty lower",
    "liquidated": "Liquidated since",
    "new entry": "New entry",
    "entry gone": "Entry not in the later pull",
    "duty changed": "Duty changed",
}

# Plain headers for tables shown to people and their dashboard downloads (the command line's files keep
# their documented names, which other tools read). A name not listed reads as words: rows_flagged ->
# "Rows flagged", with the trade's acronyms in capitals.
HEADERS = {
    "entry_number": "Entry",
    "line_number": "Line",
    "hts": "HTS number",
    "recoverable_duty": "IEEPA duty paid",
    "rate_pct": "Rate %",
    "mfn_rate_pct": "MFN rate %",
    "recoverable_basis": "How the IEEPA duty was found",
    "sureness": "How sure",
    "country_of_origin": "Country of origin",
    "importer_number": "Importer",
    "filer_code": "Filer",
    "port_code": "Port",
    "value": "Value",
}
ACRONYMS = {"ieepa": "IEEPA", "hts": "HTS", "mfn": "MFN", "cape": "CAPE", "psc": "PSC", "ach": "ACH", "cbp": "CBP"}


def header(name: str) -> str:
    """A column name as people read it."""
    if name in HEADERS:
        return HEADERS[name]
    words = [ACRONYMS.get(w, w) for w in name.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


# The ACE reports that show what CBP really paid, for the Help page (19 CFR 24.72 for offsets; CSMS
# #68340863 for ACH refunds consolidated by importer or Form 4811 party).
ACE_REPORTS = {
    "ES-022": "the refunds CBP paid per entry, principal and interest apart: the amounts for the tracker's "
    "Refund received and Interest received.",
    "REV-603": 'offsets: refund money CBP kept to pay a debt first ("Funds Diverted"); the amount goes in '
    "Offset (funds diverted). An entry refunded short with no offset needs a question to CBP or your broker.",
    "REV-613": "ACH refunds the bank returned: the refund waits until the importer's ACH refund details in "
    "ACE are put right; set the entry's ACH to rejected.",
    "REV-615": "the CAPE refunds trade report, as trade guides name it: what CBP refunded on your CAPE "
    "declarations, to check against the tracker.",
}
WHO_IS_PAID = (
    "CBP pays the importer of record, or the party a Form 4811 names (often the broker). A refund paid to "
    "another party is marked Paid to: 4811 party or broker. It is not short, but it is not in your bank either."
)
