"""ace-refunds dashboard: upload ES-003 exports, see what they hold. Start: streamlit run app.py"""

import streamlit as st

from acecore.analysis import Analysis
from acecore.sample import generate, to_csv

st.set_page_config(page_title="ace-refunds", layout="wide")


def session_analysis() -> Analysis:
    """One Analysis (its own in-memory DuckDB) per browser session: nothing is shared."""
    if "analysis" not in st.session_state:
        st.session_state.analysis = Analysis()
        st.session_state.loaded_files = set()
    return st.session_state.analysis


analysis = session_analysis()
st.title("IEEPA refund planner")
uploads = st.file_uploader("ES-003 Entry Summary Line Tariff Details exports (.xlsx or .csv)",
                           type=["xlsx", "xls", "csv"], accept_multiple_files=True)
for upload in uploads or []:
    key = (upload.name, upload.size)
    if key not in st.session_state.loaded_files:
        with st.spinner(f"Reading {upload.name}…"):
            report = analysis.add_file(upload.name, upload.getvalue())
        st.session_state.loaded_files.add(key)
        for error in report.errors:
            st.error(f"{upload.name}: {error}")
if not analysis.loaded:
    st.info("Nothing uploaded yet: showing built-in synthetic sample data.")
    analysis.add_file("sample (synthetic).csv", to_csv(generate()))
totals = analysis.sql(
    "SELECT count(*) AS entries, sum(total_duty) AS duty, sum(ieepa_duty) AS ieepa FROM entries").to_pylist()[0]
left, middle, right = st.columns(3)
left.metric("Entries", f"{totals['entries']:,}")
middle.metric("Duty paid", f"${totals['duty'] or 0:,.2f}")
right.metric("IEEPA duty", f"${totals['ieepa'] or 0:,.2f}")
for report in analysis.reports:
    st.text(f"{report.name}: {report.rows_kept:,} of {report.rows_read:,} rows loaded ({report.status})")
