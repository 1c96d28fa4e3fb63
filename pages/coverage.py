"""Coverage: do the exports hold every recent entry? Month by month, by type, port and broker."""

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from acecore.charts import coverage_chart
from acecore.coverage import IEEPA_PERIOD, coverage, coverage_by, coverage_files
from pages import analysis, as_of, run_through_app, table, window

run_through_app()


def month_grid(rows: list[dict], key: str, months: list[str]) -> pa.Table:
    """Long rows (key, month, entries) as one row per key with a column per month (0 where none)."""
    grid: dict[str, dict] = {}
    for r in rows:
        grid.setdefault(r[key], {key: r[key], **dict.fromkeys(months, 0)})[r["month"]] = r["entries"]
    return pa.Table.from_pylist(list(grid.values()))


current = analysis()
result = coverage(current, as_of(), window())
st.header("Coverage")
st.markdown(f"**{result.verdict}.**")
st.caption(
    f"{result.window[0].upper()}{result.window[1:]}, by entry summary date. A gap usually means an export "
    "is missing: ACE reports time out on long date ranges, so pull the missing months and upload them too."
)
if result.window.startswith(IEEPA_PERIOD):
    st.caption(
        "For refunds, every month of the IEEPA period must be in your exports: "
        + (f"missing now: {', '.join(result.gaps)}." if result.gaps else "none is missing.")
    )
st.altair_chart(coverage_chart(result), width="stretch")
table(pa.Table.from_pylist([m.model_dump() for m in result.months]), "coverage-by-month.csv", "coverage_months")
apart = {
    "before the window": result.before_window,
    "after the window": result.after_as_of,
    "without an entry summary date": result.no_summary_date,
}
if any(apart.values()):
    st.caption("Counted apart: " + ", ".join(f"{n:,} entries {why}" for why, n in apart.items() if n) + ".")

window_months = [m.month for m in result.months]
st.subheader("By entry type, port and filer (broker)")
by = coverage_by(current, as_of(), window())
for tab, dimension in zip(st.tabs(["Entry type", "Port", "Filer"]), ("entry type", "port", "filer"), strict=True):
    with tab:
        rows = by.filter(pc.equal(by["dimension"], dimension)).to_pylist()
        table(
            month_grid(rows, "value", window_months),
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
