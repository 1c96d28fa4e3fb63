"""Compare pulls: an earlier ES-003 pull against the files loaded now, entry by entry. Entries whose
IEEPA lines are gone were reliquidated without them: CBP accepted their CAPE declaration."""

import pyarrow as pa
import streamlit as st

from acecore.analysis import Analysis
from acecore.compare import CHANGES, accept_removed, compare
from acecore.readers import ReadError
from acecore.words import CHANGE_WORDS
from pages import run_through_app
from pages.common.display import plain, table
from pages.common.host import limits
from pages.common.session import analysis, work, workspace

run_through_app()

st.header("Compare pulls")
st.markdown(
    "Pull ES-003 again some weeks after filing CAPE declarations and upload it in the sidebar as usual. "
    "Here, upload the **earlier** pull: each entry is compared with the files loaded now. When CBP accepts "
    "a declaration it reliquidates the entry without its IEEPA lines, so **IEEPA lines gone** means accepted, "
    "before the refund arrives."
)
current = work()
earlier = st.file_uploader(
    "The earlier pull (.xlsx, .csv)",
    type=["xlsx", "xls", "csv"],
    accept_multiple_files=True,
    key=f"compare_upload_{current.upload_round}",
)
if earlier:
    before = Analysis(limits())
    try:  # the earlier pull counts against the session's one cap for uploads, beside the files loaded now
        analysis().check_room(sum(f.size for f in earlier))
    except ReadError as error:
        st.error(f"The earlier pull was not read: {plain(str(error))}")
        current.new_uploader()
        st.stop()
    with st.spinner("Reading the earlier pull…"):
        reports = [before.add_file(f.name, f.getvalue()) for f in earlier]
    for report in reports:
        if report.status == "error":
            st.error(f"**{plain(report.name)}** was not loaded: {plain(report.errors[0])}")
    if before.loaded:
        current.comparison = ([r.name for r in reports if r.status == "ok"], compare(before, analysis()))
    current.new_uploader()
    st.rerun()

if current.comparison is None:
    st.info("No earlier pull uploaded yet.")
else:
    names, changes = current.comparison
    st.caption("Earlier pull: " + plain(", ".join(names)) + ". Later pull: the files loaded now (Upload page).")
    counts = changes["change"].to_pylist()
    for column, change in zip(st.columns(len(CHANGES)), CHANGES, strict=True):
        column.metric(CHANGE_WORDS[change], f"{counts.count(change):,}")
    said = pa.array([CHANGE_WORDS[c] for c in counts], pa.string())  # the download is for people too
    table(changes.set_column(changes.column_names.index("change"), "change", said), "changes.csv", "changes")
    removed = counts.count("ieepa removed")
    if removed and st.button(
        f"Mark the {removed:,} entries whose IEEPA lines are gone as accepted in the tracker",
        help="Entries you set to rejected or refunded keep their status; the other working columns stay.",
    ):
        marked = accept_removed(analysis(), changes)
        if marked is not None and (opened := workspace()) is not None:
            opened.tracker_changed()
        st.success(f"{marked.entries if marked else 0:,} entries marked accepted in the tracker.")
