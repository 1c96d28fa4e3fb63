"""Coverage: do the exports hold every recent entry? Month by month, by type, port and broker."""

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from acecore.charts import coverage_chart
from acecore.coverage import IEEPA_PERIOD, coverage, coverage_by, coverage_files
from pages import run_through_app
from pages.common.display import entries, months_named, table
from pages.common.session import as_of, loaded_or_stop, window

run_through_app()


def month_grid(rows: list[dict], key: str, months: list[str]) -> pa.Table:  # key: value or file
    """Long rows (key, month, entries) as one row per key with a column per month (0 where none)."""
    grid: dict[str, dict] = {}
    for r in rows:
        grid.setdefault(r[key], {key: r[key], **dict.fromkeys(months, 0)})[r["month"]] = r["entries"]
    return pa.Table.from_pylist(list(grid.values()))


st.header("Coverage")
current = loaded_or_stop()
ieepa = coverage(current, as_of(), IEEPA_PERIOD)  # the verdict that matters for refunds comes first
if ieepa.gaps:
    st.warning(
        f"**For refunds: {months_named(ieepa.verdict)}.** If you imported in those months, pull them from ACE "
        "and upload them, or their refunds are missing from every figure.",
        icon=":material/warning:",
    )
else:
    st.success(
        f"**For refunds: {months_named(ieepa.verdict)}.** Every month when IEEPA duty was collected is in your files.",
        icon=":material/check_circle:",
    )
result = ieepa if window() == IEEPA_PERIOD else coverage(current, as_of(), window())
st.subheader(months_named(f"{result.window[0].upper()}{result.window[1:]}"))
if result is not ieepa:
    st.markdown(f"**{months_named(result.verdict)}.**")
st.caption(
    "By entry summary date; the window is chosen in the sidebar. A gap usually means an export is missing: ACE "
    "reports time out on long date ranges, so pull the missing months and upload them too."
)
st.altair_chart(coverage_chart(result), width="stretch")
table(pa.Table.from_pylist([m.model_dump() for m in result.months]), "coverage-by-month.csv", "coverage_months")
apart = {
    "before the window": result.before_window,
    "after the window": result.after_as_of,
    "without an entry summary date": result.no_summary_date,
}
if any(apart.values()):
    st.caption("Counted apart: " + ", ".join(f"{entries(n)} {why}" for why, n in apart.items() if n) + ".")

window_months = [m.month for m in result.months]
st.subheader("By entry type, port and filer (broker)")
by = coverage_by(current, as_of(), window())
for tab, dimension in zip(st.tabs(["Entry type", "Port", "Filer"]), ("entry type", "port", "filer"), strict=True):
    with tab:
        rows = [{**r, dimension: r["value"]} for r in by.filter(pc.equal(by["dimension"], dimension)).to_pylist()]
        table(
            month_grid(rows, dimension, window_months),
            f"coverage-by-{dimension.replace(' ', '-')}.csv",
            f"coverage_{dimension}",
            caption="Entries per month",
        )

st.subheader("Which file covered which month")
files = coverage_files(current, as_of(), window())
table(
    month_grid(files.to_pylist(), "file", window_months),
    "coverage-by-file.csv",
    "coverage_files",
    caption="Entries per uploaded file and month (before merging overlaps)",
)
