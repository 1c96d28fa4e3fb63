"""IEEPA lines: every tariff row under an IEEPA heading, kept apart from Section 301/232/122 and ordinary duty."""

import pyarrow.compute as pc
import streamlit as st

from acecore.charts import ieepa_by_country_chart, ieepa_by_month_chart
from acecore.ieepa import duty_by_authority, ieepa_by_month, ieepa_lines, ieepa_summary
from pages import analysis, run_through_app, table

run_through_app()

current = analysis()
st.header("IEEPA lines")
st.markdown(
    "Duty under IEEPA headings (9903.01.xx and 9903.02.xx) is what the Supreme Court's ruling makes "
    "refundable. Section 301, 232 and 122 duty and ordinary duty stay due and are shown apart."
)
table(duty_by_authority(current), "duty-by-authority.csv", "authority", caption="Duty by authority")
left, right = st.columns([3, 2])
with left:
    st.caption("IEEPA duty by month of entry summary, by program")
    st.altair_chart(ieepa_by_month_chart(ieepa_by_month(current)), width="stretch")
summary = ieepa_summary(current)
with right:
    st.caption("IEEPA duty by country of origin")
    st.altair_chart(ieepa_by_country_chart(summary), width="stretch")
table(
    summary,
    "ieepa-by-program-heading-country.csv",
    "summary",
    caption="By program, heading and country. Exception headings are IEEPA lines with nothing to recover; "
    "'unknown Chapter 99' headings are not in the catalogue and are never counted as IEEPA.",
)

lines = ieepa_lines(current)
st.subheader("Lines")
only_flagged = st.toggle("Only lines to check (rate or period)")
if only_flagged:
    ok_rate = pc.is_in(
        lines["rate_check"],
        value_set=pc.cast(["ok", "exception: no duty", "no rate to check"], lines.schema.field("rate_check").type),
    )
    flagged = pc.or_(pc.invert(ok_rate), pc.not_equal(lines["period_check"], "ok"))
    lines = lines.filter(pc.fill_null(flagged, True))
table(lines, "ieepa-lines.csv", "lines", height=420)
