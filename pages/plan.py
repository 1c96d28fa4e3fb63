"""Recovery plan: what is due by the one horizon of "urgent", dollars by path, every entry's path and
deadline with its amount, the CAPE file with the checks before filing, and the deadlines calendar."""

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from acecore.cape import cape_checks_table, declaration_files, declaration_zip, ready_split
from acecore.contested import NOT_ADVICE, contested
from acecore.contested import groups as contested_groups
from acecore.export import dollars, long_date
from acecore.ics import deadlines_ics
from acecore.overview import due_soon, urgent_by
from acecore.recovery import URGENCIES, plan_for_people, rules
from pages import run_through_app
from pages.common.display import dated, entries, table
from pages.common.session import as_of, loaded_or_stop

run_through_app()

LEFT_OUT = {  # the entries no declaration file holds, by status of the checks before filing
    "fix first": "would be rejected by CBP as they are: each row below says what to fix first and who does it; "
    "then upload the corrected export.",
    "not accepted": "are not accepted on CAPE (entry type, TIB, or no correction possible now): each row says "
    "what keeps the claim open.",
    "already declared": "are already on a declaration (the tracker says filed or accepted): they are not "
    "declared again.",
}
CHECK_HEADERS = {  # the checks' columns as people read them; the checks' codes ("entry_number") are for tools:
    # the command line's cape_checks.csv keeps them, with its names
    "entry_number": "Entry",
    "importer_number": "Importer",
    "deadline": "Deadline",
    "ieepa_duty": "IEEPA duty",
    "status": "Status",
    "problems": "What CBP would say",
    "fix": "What to do",
    "by": "Who",
}


st.header("Recovery plan")
current, today = loaded_or_stop(), as_of()
horizon = urgent_by(today)
st.caption(
    f"Paths and deadlines as of {long_date(today)}. Dates marked estimated rest on an estimated liquidation date "
    "(entry summary date + 314 days): add Liquidation Date and Liquidation Status to your ES-003, or upload an "
    "ES-701 export, to make them exact. This is not legal advice."
)

st.subheader(f"Due by {long_date(horizon)}")
groups = due_soon(current, today)
if not groups:
    st.success(f"Nothing is due by {long_date(horizon)}.")
for g in groups:
    estimated = " (estimated)" if g["estimated"] else ""
    if g["due_now"]:
        late = f", {g['overdue']:,} of them overdue" if g["overdue"] else ""
        st.error(
            f"**{g['path']}: {entries(g['due_now'])} due today{late}**, {dollars(g['due_now_duty'])} IEEPA duty. "
            f"{g['action']}",
            icon=":material/alarm:",
        )
    if rest := g["entries"] - g["due_now"]:
        days = (g["next_deadline"] - today).days
        st.warning(
            f"**{g['path']}: {entries(rest)}**, {dollars(g['ieepa_duty'] - g['due_now_duty'])} IEEPA duty; the "
            f"first by {long_date(g['next_deadline'])}{estimated}, **{days} days left**. {g['action']}",
            icon=":material/schedule:",
        )

plan = plan_for_people(current, today)
st.subheader("Dollars by path")
by_path = plan.group_by("Path").aggregate([("Entry", "count"), ("IEEPA duty", "sum")])
by_path = pa.table(  # the dollars second: a phone shows two or three columns
    {"Path": by_path["Path"], "IEEPA duty": by_path["IEEPA duty_sum"], "Entries": by_path["Entry_count"]}
).sort_by([("IEEPA duty", "descending")])
st.dataframe(
    by_path,
    hide_index=True,
    placeholder="",
    column_config={"IEEPA duty": st.column_config.NumberColumn(format="dollar")},
)

st.subheader("Every entry's path")
chosen = st.multiselect("Urgency", URGENCIES, default=list(URGENCIES))
shown = plan.filter(pc.is_in(plan["Urgency"], value_set=pa.array(chosen, pa.string())))
table(shown, "recovery-plan.csv", "plan", height=420, download=f"Download the plan ({entries(shown.num_rows)})")

st.subheader("Files to act on")
left, right = st.columns(2)
checks = cape_checks_table(current, today)
cape, left_out = ready_split(checks)
files = declaration_files(cape["entry_number"].to_pylist())
cape_duty = pc.sum(cape["ieepa_duty"]).as_py()
with left:
    st.markdown(
        f"**CAPE declaration**: {entries(cape.num_rows)} CAPE takes, not yet filed and with nothing CBP is known "
        f"to reject ({dollars(cape_duty)} IEEPA duty), in CBP's one-column template (at most 9,999 entries a "
        f"file: {'one file' if len(files) == 1 else f'{len(files)} files'})."
        if files
        else "**CAPE declaration**: no entry to declare today (none that CAPE takes is left unfiled)."
    )
    if files:
        st.download_button(
            f"Download the CAPE file: {entries(cape.num_rows)}, {dollars(cape_duty)}",
            lambda: declaration_zip(files),  # made when clicked
            file_name="cape-declarations.zip",
            mime="application/zip",
            on_click="ignore",
            type="primary",
            icon=":material/download:",
        )
    path_of = dict(zip(plan["Entry"].to_pylist(), plan["Path"].to_pylist(), strict=True))
    for status, told in LEFT_OUT.items():
        held = left_out.filter(pc.equal(left_out["status"], status))
        if held.num_rows:
            protests = sum(path_of.get(e) == "protest (CBP Form 19)" for e in held["entry_number"].to_pylist())
            st.warning(
                f"{entries(held.num_rows)} ({dollars(pc.sum(held['ieepa_duty']).as_py())} IEEPA duty) {told}"
                + (f" {protests:,} of them have a protest open instead (in the plan above)." if protests else "")
            )
with right:
    st.markdown("**Deadlines calendar**: one event per deadline date and path, with a reminder a week before.")
    st.download_button(
        "Download the deadlines calendar (.ics)",
        deadlines_ics(current, today),
        file_name="ieepa-deadlines.ics",
        mime="text/calendar",
        on_click="ignore",
        icon=":material/event:",
    )

if checks.num_rows:
    table(
        checks.select(list(CHECK_HEADERS)).rename_columns(list(CHECK_HEADERS.values())),
        "cape-checks.csv",
        "cape_checks",
        caption="Checks before filing: each entry CAPE would take, ready or what to do first and who does it",
    )

st.subheader("Contested duties beyond IEEPA")
disputed = contested(current, today)
if not disputed.num_rows:
    st.caption(
        "No duty in this data falls under a measure a court is deciding now (Section 122, Section 301 forced "
        "labor). These are not IEEPA duties and are not refundable through CAPE."
    )
else:
    st.caption(
        "Duties a court may still strike down. They are not IEEPA duties and are not refundable through CAPE; no "
        f"figure above includes them. A protest can be filed only once an entry liquidates. {NOT_ADVICE}"
    )
    for g in contested_groups(current, today):
        closes = "the first protest window closes on" if g["path"].startswith("window opens") else "the first by"
        when = (
            f"; {closes} {long_date(g['first_deadline'])}{' (estimated)' if g['estimated'] else ''}, "
            f"**{g['days_left']:,} days left**"
            if g["first_deadline"] and g["days_left"] >= 0
            else ""
        )
        st.warning(
            f"**{g['measure']}: {g['path']}**, {entries(g['entries'])}, {dollars(g['duty'])}{when}. "
            f"Where the case stands: {dated(g['case_status'])}.",
            icon=":material/gavel:",
        )
    table(
        disputed.drop_columns(["authority", "status_basis", "case_status", "case_status_on"]),
        "contested-duties.csv",
        "contested",
        download=f"Download the contested duties ({entries(disputed.num_rows)})",
    )

with st.expander("The rules behind the paths, with their sources"):
    table(rules(current), "recovery-rules.csv", "rules")
