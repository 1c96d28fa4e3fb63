"""Recovery plan: for each entry, the path open on the as-of date, its deadline, and what to do this week."""

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from acecore.cape import cape_checks_table, declaration_files, declaration_zip, ready_split
from acecore.export import dollars
from acecore.ics import deadlines_ics
from acecore.overview import this_week
from acecore.recovery import URGENCIES, routes, rules
from pages import analysis, as_of, run_through_app, table

run_through_app()

LEFT_OUT = {  # the entries no declaration file holds, by status of the checks before filing
    "fix first": "would be rejected by CBP as they are: each row below says what to fix first and who does it; "
    "then upload the corrected export.",
    "not accepted": "are not accepted on CAPE (entry type, TIB, or no correction possible now): each row says "
    "what keeps the claim open.",
    "already declared": "are already on a declaration (the tracker says filed or accepted): they are not "
    "declared again.",
}

current = analysis()
st.header("Recovery plan")
st.caption(
    f"Paths and deadlines as of {as_of():%B %d, %Y}. Dates marked estimated rest on an estimated "
    "liquidation date (entry summary date + 314 days): add Liquidation Date and Liquidation Status to "
    "your ES-003, or upload an ES-701 export, to make them exact. This is not legal advice."
)

st.subheader("This week")
week = this_week(current, as_of())
if not week:
    st.success("No deadline in the next 7 days.")
for item in week:
    late = f", {item['overdue']} already overdue" if item["overdue"] else ""
    estimated = " (estimated)" if item["estimated"] else ""
    entries = f"{item['entries']} {'entry' if item['entries'] == 1 else 'entries'}"
    st.warning(
        f"**{item['path']}**: {entries}, {dollars(item['ieepa_duty'])} IEEPA duty, first "
        f"deadline {item['first_deadline']:%m/%d/%Y}{estimated}{late}. {item['action']}",
        icon=":material/schedule:",
    )

plan = routes(current, as_of())
counted = plan.group_by("path").aggregate([("path", "count")])
by_path = pa.table({"path": counted["path"], "entries": counted["path_count"]})
st.subheader("Entries by path")
st.dataframe(by_path.sort_by([("entries", "descending"), ("path", "ascending")]), hide_index=True)
chosen = st.multiselect("Urgency", URGENCIES, default=[u for u in URGENCIES if u != "no deadline"])
shown = plan.filter(pc.is_in(plan["urgency"], value_set=pc.cast(chosen, plan.schema.field("urgency").type)))
table(shown.sort_by([("deadline", "ascending")]), "recovery-plan.csv", "plan", height=420)

st.subheader("Files to act on")
left, right = st.columns(2)
checks = cape_checks_table(current, as_of())
cape, left_out = ready_split(checks)
files = declaration_files(cape["entry_number"].to_pylist())
with left:
    st.markdown(
        f"**CAPE declaration**: {cape.num_rows:,} entries CAPE takes, not yet filed and with nothing CBP is known "
        f"to reject ({dollars(pc.sum(cape['ieepa_duty']).as_py())} IEEPA duty), in {len(files)} file(s) of at "
        "most 9,999 entries, CBP's one-column template."
    )
    if files:
        st.download_button(
            "Download CAPE declaration file(s) (.zip)",
            lambda: declaration_zip(files),  # made when clicked
            file_name="cape-declarations.zip",
            mime="application/zip",
            on_click="ignore",
        )
    for status, told in LEFT_OUT.items():
        held = left_out.filter(pc.equal(left_out["status"], status))
        if held.num_rows:
            st.warning(
                f"{held.num_rows:,} {'entry' if held.num_rows == 1 else 'entries'} "
                f"({dollars(pc.sum(held['ieepa_duty']).as_py())} IEEPA duty) {told}"
            )
with right:
    st.markdown("**Deadlines calendar**: one event per deadline date and path, with a reminder a week before.")
    st.download_button(
        "Download deadlines (.ics)",
        deadlines_ics(current, as_of()),
        file_name="ieepa-deadlines.ics",
        mime="text/calendar",
        on_click="ignore",
    )

if checks.num_rows:
    table(
        checks,
        "cape_checks.csv",
        "cape_checks",
        caption="Checks before filing: each entry CAPE would take, ready or what to fix first and who does it",
    )

with st.expander("The rules behind the paths, with their sources"):
    table(rules(current), "recovery-rules.csv", "rules")
