"""Tracker: keep each entry's action, filing and refund up to date; reconcile what CBP paid back."""

import datetime as dt
import math
from decimal import Decimal, InvalidOperation

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st
from pydantic import ValidationError

from acecore.allocation import Payment, allocate, record
from acecore.export import csv_bytes, dollars
from acecore.tracker import (
    ACH_STATUSES,
    ACTION_STATUSES,
    CONTESTED_STATUSES,
    PAYEES,
    REFUND_STATUSES,
    USER_COLUMNS,
    TrackerReport,
    reconcile,
    tracker_table,
)
from acecore.words import INTEREST, header
from pages import run_through_app
from pages.common.display import DATE, Metric, metric_row, plain, table
from pages.common.session import analysis, as_of, uploads, work, workspace
from pages.common.uploading import submit

run_through_app()

FIRST = ["entry_number", "path", "deadline", "days_left", "ieepa_duty", *USER_COLUMNS]
EDITS = "edits on this page"  # the name an inline edit is saved under, as if a tracker had been uploaded
# The grid's headers for people; the download keeps the tracker's column names, which an upload reads.
LABELS = {
    "entry_number": "Entry",
    "path": "Path",
    "deadline": "Deadline",
    "days_left": "Days left",
    "urgency": "Urgency",
    "ieepa_duty": "IEEPA duty",
    "action_status": "Status",
    "filed_date": "Filed on",
    "reference": "Reference",
    "refund_amount": "Refund received",
    "refund_date": "Refunded on",
    "interest_amount": "Interest received",
    "notes": "Notes",
    "rule_ends": "Path ends",
    "liquidation_status": "Liquidation status",
    "liquidation_date": "Liquidation date",
    "offset_amount": "Offset (funds diverted)",
    "paid_to": "Paid to",
    "ach_status": "ACH",
    "contested_status": "Contested duty: status",
    "contested_duty": "Contested duty",
    "contested_path": "Contested duty: what keeps it open",
    "contested_deadline": "Contested duty: by",
}


def show_report(report: TrackerReport) -> None:
    if report.status == "error":
        st.error(f"**{plain(report.name)}** was not taken: {plain(report.errors[0])}")
        return
    if report.name == EDITS:  # a few rows typed in: what the rest of the data holds is no news
        st.success(f"Saved {report.entries:,} {'entry' if report.entries == 1 else 'entries'}.")
        if report.issues:
            st.dataframe(pa.Table.from_pylist([i.model_dump() for i in report.issues]), hide_index=True, placeholder="")
        return
    st.success(
        f"**{plain(report.name)}**: {report.entries:,} {'entry' if report.entries == 1 else 'entries'} taken, "
        f"{report.matched:,} found in the data."
    )
    if report.left:
        st.warning(
            f"{len(report.left)} entries in the tracker are not in the data any more: "
            + plain(", ".join(report.left[:20]))
            + (" …" if len(report.left) > 20 else "")
        )
    if report.joined:
        st.info(f"{len(report.joined)} IEEPA entries in the data were not in the uploaded tracker.")
    if report.ignored_columns:
        st.info(
            "Columns the tracker does not keep were left out: "
            + plain(", ".join(report.ignored_columns[:20]))
            + ". Put your own remarks in the notes column."
        )
    if report.issues:
        st.dataframe(pa.Table.from_pylist([i.model_dump() for i in report.issues]), hide_index=True, placeholder="")


def cell(value: object) -> str:
    """An edited cell as tracker CSV text: amounts to the cent, dates ISO, blanks empty."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def grid_column(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """As the grid holds it: amounts as floats, empty text as blanks (not "None"); cell() reads both back."""
    if pa.types.is_decimal(column.type):
        return pc.cast(column, pa.float64())
    return pc.fill_null(column, "") if pa.types.is_string(column.type) else column


def editor(data: pa.Table) -> None:
    """The tracker as an editable grid: only the working columns can change; changed rows are saved
    through the same path as an uploaded tracker."""
    shown = [grid_column(c) for c in data.columns]
    frame = pa.table(shown, names=data.column_names).to_pandas()
    edited = st.data_editor(
        frame,
        key="tracker_editor",
        hide_index=True,
        placeholder="",
        width="stretch",
        height=420,
        column_order=FIRST + [c for c in frame.columns if c not in FIRST],
        disabled=[c for c in frame.columns if c not in USER_COLUMNS],
        column_config={
            **{name: LABELS.get(name, header(name)) for name in frame.columns},  # every header in words
            **{  # every date as Americans write it (the deadline, the liquidation date ...)
                f.name: st.column_config.DateColumn(LABELS.get(f.name, header(f.name)), format=DATE)
                for f in data.schema
                if pa.types.is_date(f.type)
            },
            "action_status": st.column_config.SelectboxColumn(
                LABELS["action_status"], options=ACTION_STATUSES, required=True
            ),
            "refund_amount": st.column_config.NumberColumn(LABELS["refund_amount"], format="dollar", step=0.01),
            "interest_amount": st.column_config.NumberColumn(LABELS["interest_amount"], format="dollar", step=0.01),
            "offset_amount": st.column_config.NumberColumn(LABELS["offset_amount"], format="dollar", step=0.01),
            "paid_to": st.column_config.SelectboxColumn(LABELS["paid_to"], options=PAYEES),
            "ach_status": st.column_config.SelectboxColumn(LABELS["ach_status"], options=ACH_STATUSES),
            "contested_status": st.column_config.SelectboxColumn(
                LABELS["contested_status"], options=CONTESTED_STATUSES
            ),
            "ieepa_duty": st.column_config.NumberColumn(LABELS["ieepa_duty"], format="dollar"),
            "contested_duty": st.column_config.NumberColumn(LABELS["contested_duty"], format="dollar"),
        },
    )
    touched = sorted(st.session_state["tracker_editor"]["edited_rows"])  # the rows typed in, not all 100,000
    changed = [i for i in touched if any(cell(frame.at[i, c]) != cell(edited.at[i, c]) for c in USER_COLUMNS)]
    if changed and st.button(f"Save {len(changed)} {'change' if len(changed) == 1 else 'changes'}", type="primary"):
        rows = [
            {"entry_number": edited.at[i, "entry_number"], **{c: cell(edited.at[i, c]) for c in USER_COLUMNS}}
            for i in changed
        ]
        submit("tracker", [(EDITS, csv_bytes(pa.Table.from_pylist(rows)))])
        st.rerun()


current = analysis()
st.header("Tracker")
st.markdown(
    "Edit the working columns here, or download the tracker, edit it in Excel and upload it again: "
    "your columns are kept by entry number, also after you upload newer ES-003 exports."
)
saved = st.file_uploader(
    "Upload a saved tracker (.csv or .xlsx)",
    type=["csv", "xlsx"],
    key=f"tracker_upload_{work().upload_round}",
)
if saved is not None:
    submit("tracker", [(saved.name, saved.getvalue())])
    st.rerun()  # the next run shows the loading, then the headline with this tracker
if (last := uploads().last("tracker")) is not None and isinstance(last.report, TrackerReport):
    show_report(last.report)
if (opened := workspace()) is not None and opened.conflicts:
    st.warning(
        f"{len(opened.conflicts):,} {'cell was' if len(opened.conflicts) == 1 else 'cells were'} changed by someone "
        "else on this link while you changed them too. Theirs is saved for now: choose for each.",
        icon=":material/merge:",
    )
    for number, clash in enumerate(opened.conflicts):
        said, yours, theirs = st.columns([4, 1, 1], vertical_alignment="center")
        said.markdown(
            f"**{plain(clash.entry_number)}**, {LABELS.get(clash.column, clash.column)}: yours "
            f"**{plain(clash.yours if clash.yours is not None else 'blank')}**, theirs "
            f"**{plain(clash.theirs if clash.theirs is not None else 'blank')}**"
        )
        if yours.button("Keep yours", key=f"keep_yours_{number}"):
            opened.resolve(clash, keep_yours=True)
            st.rerun()
        if theirs.button("Keep theirs", key=f"keep_theirs_{number}"):
            opened.resolve(clash, keep_yours=False)
            st.rerun()

data = tracker_table(current, as_of())
everything = tracker_table(current, as_of(), everything=True)
if data.num_rows:
    editor(data)
if everything.num_rows:
    st.download_button(
        "Download the tracker (.csv)",
        lambda: csv_bytes(everything),  # export_tracker's file from the table just built, made when clicked
        file_name="ieepa-tracker.csv",
        mime="text/csv",
        type="primary",
        on_click="ignore",
    )
    hidden = everything.num_rows - data.num_rows
    gone = everything.num_rows - sum(everything["in_current_data"].to_pylist())
    contested_only = pc.sum(  # why the tracker counts more entries than the plan, which is IEEPA only
        pc.and_(pc.equal(everything["ieepa_duty"], 0), pc.greater(pc.fill_null(everything["contested_duty"], 0), 0))
    ).as_py()
    st.caption(
        f"The download holds all {everything.num_rows:,} tracked entries, whatever the filters"
        + (f" ({hidden:,} of them are outside the filters and not in the table above)" if hidden else "")
        + (
            f"; {contested_only:,} of them paid no IEEPA duty, only duty contested in court (such as the Section "
            "122 surcharge)"
            if contested_only
            else ""
        )
        + (
            f"; {gone:,} are in your tracker but not in the files loaded now (kept, marked false in In current data)"
            if gone
            else ""
        )
        + "."
    )
if not data.num_rows:
    st.info("No entry in view paid IEEPA duty: nothing to track here.")

st.subheader("Allocate a CBP payment")
st.caption(
    "CBP pays one ACH per importer and date, interest included, without a split by entry. Enter the payment: "
    "each entry gets a share in proportion to what it was owed on that date (refund plus interest), split "
    "into principal and interest, to the cent. If CBP took a debt out of the refund first (ACE report REV-603, "
    '"Funds Diverted"), enter it as the offset: the entries share the payment and the offset together.'
)
with st.form("payment"):
    left, middle, right = st.columns(3)  # row by row: a phone stacks each row's columns in this order
    paid_on = left.date_input("Payment date", value=as_of(), format=DATE)
    amount_text = middle.text_input("Amount, interest included", placeholder="12,345.67")
    reference = right.text_input("Reference (ACH trace, bill number)")
    left, middle, _ = st.columns(3)
    offset_text = left.text_input("Offset: diverted to a debt (REV-603), if any", placeholder="0.00")
    paid_to = middle.selectbox(
        "Paid to",
        PAYEES,
        help="Who CBP paid: the importer, or the party named on CBP Form 4811 to receive refunds (a 4811 "
        "party, often the broker), or a broker",
    )
    named = st.text_area(
        "Entries it covers, if CBP said (one per line; empty: every entry filed or accepted with no refund yet)"
    )
    allocate_now = st.form_submit_button("Allocate")
if allocate_now:
    try:
        amount = Decimal(amount_text.replace("$", "").replace(",", "").strip())
        offset = Decimal(offset_text.replace("$", "").replace(",", "").strip() or "0")
        payment = Payment(
            payment_date=paid_on,
            amount=amount,
            entries=named.split(),
            reference=reference.strip(),
            offset=offset,
            paid_to=paid_to,
        )
    except (InvalidOperation, ValidationError):
        st.error(
            f"Cannot read {plain(amount_text)!r} as an amount of money above zero (like 12,345.67)"
            + (f", or {plain(offset_text)!r} as an offset of 0 or more." if offset_text.strip() else ".")
        )
    else:
        work().allocation = (payment, allocate(current, payment))
if (allocated := work().allocation) is not None:
    payment, allocation = allocated
    figures = st.columns(3)
    figures[0].metric("Payment", dollars(payment.amount))
    figures[1].metric("Entries sharing it", f"{len(allocation.rows):,}")
    figures[2].metric("Paid less owed", dollars(allocation.variance))
    for entry, why in allocation.left_out.items():
        st.warning(f"{plain(entry)}: {plain(why)}")
    if allocation.rows:
        table(pa.Table.from_pylist(allocation.rows), "payment-allocation.csv", "allocation")
        if st.button("Record these shares in the tracker (refunded, principal and interest)", type="primary"):
            record(current, allocation, payment)
            if (opened := workspace()) is not None:
                opened.tracker_changed()
            work().allocation = None
            st.rerun()
    else:
        st.info("No entry to share this payment: name the entries, or mark them filed or accepted first.")

st.subheader("Reconciliation")
corporate = st.toggle(
    "Importer is a corporation (interest rate)",
    value=True,
    help="CBP pays interest at the IRS overpayment rate, which is one point lower for corporations: it changes "
    "the interest estimate only.",
)
detail, total = reconcile(current, as_of(), corporate=corporate)
metric_row(
    [
        Metric(
            "IEEPA duty on these entries",
            dollars(total["expected"]),
            "What these entries paid in IEEPA duty: what CBP owes back if every one is refunded. Recoverable now, "
            "at the top, counts only the entries with a refund path open today.",
        ),
        Metric(
            "Received",
            dollars(total["received"]),
            delta=f"{dollars(total['paid variance'])} against what those entries were owed"
            if total["received"]
            else None,
        ),
        Metric("Interest estimate", dollars(total["interest_estimate"])),
        Metric("Interest received", dollars(total["interest_received"])),
    ]
)
told = {  # each refund status as a line, with the money where it is some
    "offset (funds diverted)": f"offset (CBP took {dollars(total['offset_amount'])} for debts first)",
    "paid to another party": f"paid to a 4811 party or broker ({dollars(total['paid to another party amount'])}:"
    " ask them for it)",
    "refunded short": f"short with no offset to explain it ({dollars(total['refunded short shortfall'])} missing)",
    "ACH rejected": "ACH rejected by the bank (REV-613: update the ACH refund details in ACE)",
}
counted = ", ".join(
    f"{total[s]:,} {'entry' if total[s] == 1 else 'entries'} {told.get(s, s)}" for s in REFUND_STATUSES if total[s]
)
st.caption(
    (f"{counted[:1].upper()}{counted[1:]}. " if counted else "")
    + f"Interest: {INTEREST} The rate is the quarterly IRS overpayment rate, compounded daily; a quarter not yet "
    "published uses the latest rate and is marked."
)
paid = pc.is_valid(detail["received"])  # nothing paid yet is nothing short yet: blank, not the whole refund in red
detail = detail.set_column(
    detail.column_names.index("variance"), "variance", pc.if_else(paid, detail["variance"], None)
)
table(detail, "reconciliation.csv", "reconciliation", height=360)
