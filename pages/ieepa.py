"""IEEPA lines: every tariff row under an IEEPA heading, kept apart from Section 301/232/122 and ordinary duty."""

import pyarrow as pa
import streamlit as st

from acecore.charts import ieepa_by_country_chart, ieepa_by_month_chart
from acecore.ieepa import (
    duty_by_authority,
    headings,
    ieepa_by_month,
    ieepa_line_count,
    ieepa_lines,
    ieepa_summary,
)
from pages import run_through_app
from pages.common.display import SHOWN_ROWS, table
from pages.common.session import loaded_or_stop

run_through_app()

FIRST = ("entry_number", "line_number", "program", "country_of_origin", "recoverable_duty", "duty", "heading")


def read_first(lines: pa.Table) -> pa.Table:
    """The columns a person reads first (entry, line, program, country, the IEEPA duty) come first."""
    return lines.select([*FIRST, *(c for c in lines.column_names if c not in FIRST)])


st.header("IEEPA lines")
current = loaded_or_stop()
st.markdown(
    "Duty under IEEPA headings (9903.01.xx and 9903.02.xx) is what the Supreme Court's ruling makes "
    "refundable. Section 301, 232 and 122 duty and ordinary duty stay due and are shown apart. How much of "
    "it can still be claimed today, and by when, is on the Summary and the Recovery plan."
)
table(duty_by_authority(current), "duty-by-authority.csv", "authority", caption="Duty by authority")
summary = ieepa_summary(current)
if any(summary["recoverable_duty"].to_pylist()):
    left, right = st.columns([3, 2])
    with left:
        st.caption("IEEPA duty by month of entry summary, by program")
        st.altair_chart(ieepa_by_month_chart(ieepa_by_month(current)), width="stretch")
    with right:
        st.caption("IEEPA duty by country of origin")
        st.altair_chart(ieepa_by_country_chart(summary), width="stretch")
else:  # two empty charts say nothing
    st.info("No IEEPA duty to chart: no line below carries IEEPA duty that is refundable.")
table(
    summary,
    "ieepa-by-program-heading-country.csv",
    "summary",
    caption="By program, heading and country. Exception headings are IEEPA lines with nothing to recover; "
    "'unknown Chapter 99' headings are not in the catalogue and are never counted as IEEPA.",
)

with st.expander("The headings these lines fall under, with their sources"):
    table(headings(current), "ieepa-headings.csv", "headings")

st.subheader("Lines")
to_check = st.toggle("Only lines to check (rate or period)")
count = ieepa_line_count(current, to_check)
table(
    read_first(ieepa_lines(current, to_check, limit=SHOWN_ROWS)),  # the grid; the download queries all (1M: 0.4 s)
    "ieepa-lines.csv",
    "lines",
    height=420 if count > 10 else None,  # a few lines take the rows they need, not a box of empty ones
    whole=(count, lambda: read_first(ieepa_lines(current, to_check))),
)
