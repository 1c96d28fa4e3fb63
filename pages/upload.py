"""Upload: drag in one or more ES-003 exports (and liquidation lists); see what each file gave."""

import pyarrow as pa
import streamlit as st

from pages import run_through_app
from pages.common.display import entries, plain, sentences
from pages.common.host import storage
from pages.common.session import analysis, leave_workspace, remove_file, remove_files, use_rates, work
from pages.common.uploading import drop_zone

run_through_app()

WHAT = {"liquidation": "liquidation list", "rates": "MFN rate table, USITC tariff database"}

st.header("Upload your ACE exports")
st.markdown(
    "Drag in one or more **ES-003 Entry Summary Line Tariff Details** exports (.xlsx or .csv) pulled from "
    "the ACE Portal. Overlapping exports are merged: a line that appears twice counts once. You can also "
    "add an **ES-701 courtesy notice of liquidation** export (or any list of entry numbers with liquidation "
    "dates) to give exact liquidation dates, and the **USITC tariff database** of the year (DataWeb, "
    "tariff_database_YYYY.txt or .xlsx) to net top-up lines with the MFN rates you trust."
)
if storage().mode == "off":
    st.caption("Files stay in this browser session only: this server does not keep them.")
else:
    st.caption(
        "What you upload and edit is kept in a workspace on this server, opened again by its link (sidebar), "
        "until you delete it or it goes unused for the days the Help page says."
    )
drop_zone()
st.caption("The same box is in the sidebar on every page: look around while a large file loads.")

current = analysis()
left, right = st.columns(2)
if work().using_sample:
    left.info("No file of yours yet: the figures are the built-in sample's, a made-up importer (under Files).")
elif left.button(
    "Start over (remove all files)",
    icon=":material/delete:",
    help="For newer exports: the files go, your tracker's working columns stay (matched by entry number).",
):
    remove_files()
    st.rerun()
if not work().using_sample and right.button(
    "Try the sample data instead",
    icon=":material/science:",
    help="Your workspace stays at its link; the sample opens apart from it.",
):
    leave_workspace(deleted=False)
    st.rerun()

if current.loaded and not work().using_sample:
    st.page_link(
        "pages/summary.py", label="See what you can recover and what to do next", icon=":material/arrow_forward:"
    )
if current.reports:
    st.subheader("Files")
    for report in current.reports:
        what = WHAT.get(report.content or "", "ES-003")
        if report.status == "error":
            st.error(f"**{plain(report.name)}** was not loaded: {plain(report.errors[0])}", icon=":material/error:")
            if st.button("Take it off this list", key=f"remove_file_{report.file_id}", icon=":material/close:"):
                remove_file(report.file_id)
                st.rerun()
            continue
        if report.content == "liquidation" and not current.loaded:
            st.info(
                f"**{plain(report.name)}** is a liquidation list: it adds liquidation dates to the entries of an "
                "ES-003 export. Upload the ES-003 export too.",
                icon=":material/info:",
            )
        dates = (
            f", entry summary dates {report.first_summary_date:%m/%d/%Y} to {report.last_summary_date:%m/%d/%Y}"
            if report.first_summary_date
            else ""
        )
        text = (
            f"**{plain(report.name)}** ({what}): {report.rows_kept:,} of {report.rows_read:,} rates checked, **not "
            "used yet**. Use it? Until you choose, the figures use the built-in USITC rates and this table is not "
            "saved."
            if report.awaiting_use
            else f"**{plain(report.name)}** ({what}): {report.rows_kept:,} of {report.rows_read:,} rates in use, "
            "before the built-in USITC rates, for the lines where IEEPA topped the ordinary duty up to 15% (the "
            "IEEPA lines page says which rate each line took). Not the rates you trust? The button below takes "
            "the table out again."
            if report.content == "rates"
            else f"**{plain(report.name)}** ({what}): {report.rows_kept:,} of {report.rows_read:,} rows loaded, "
            f"{entries(report.entries)}{dates}."
        )
        problems = []
        if report.rows_rejected:
            rows = "row" if report.rows_rejected == 1 else "rows"
            problems.append(f"{report.rows_rejected:,} {rows} could not be loaded")
        if report.rows_flagged:
            have = "row has" if report.rows_flagged == 1 else "rows have"
            problems.append(f"{report.rows_flagged:,} {have} a cell that could not be read")
        told = " and ".join(problems)
        text += " " + plain(sentences(report.warnings)) if report.warnings else ""
        # a rate table's effect on the figures is news, not a problem, once it is in use
        if report.awaiting_use or told or (report.warnings and report.content != "rates"):
            st.warning(text + (f" {told}: see the rows to check below." if told else ""), icon=":material/warning:")
        else:
            st.success(text, icon=":material/check_circle:")
        if report.awaiting_use and st.button(
            "Use this table", key=f"use_rates_{report.file_id}", type="primary", icon=":material/check:"
        ):
            use_rates(report.file_id)
            st.rerun()
        if not work().using_sample and st.button(
            "Don't use this table (remove it)" if report.content == "rates" else "Remove this file",
            key=f"remove_file_{report.file_id}",
            icon=":material/delete:",
            help="The figures are worked out again without it; your other files and your tracker stay.",
        ):
            remove_file(report.file_id)
            st.rerun()
        if report.issues:
            with st.expander(f"Rows to check in {plain(report.name)}"):
                st.dataframe(
                    pa.Table.from_pylist(
                        [{"Row": i.row, "Column": i.column, "What is wrong": i.message} for i in report.issues]
                    ),
                    hide_index=True,
                    placeholder="",
                )
        if report.rows_skipped and report.content == "rates":
            st.caption(f"{report.rows_skipped:,} rows without an 8-digit HTS number in hts8 were skipped.")
        elif report.rows_skipped:
            st.caption(
                f"{report.rows_skipped:,} rows without an entry number were skipped (totals, footers, or "
                "text such as N/A in the entry number column)."
            )
    conflicts = current.conflicts()
    if conflicts:
        with st.expander(
            f"{len(conflicts):,} lines are in two files with different values: the figures use the later file's "
            "(usually a line corrected in ACE between two pulls)"
        ):
            st.dataframe(pa.Table.from_pylist([c.model_dump() for c in conflicts]), hide_index=True, placeholder="")
