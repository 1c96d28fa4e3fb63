"""ace-refunds dashboard. Start it with: streamlit run app.py"""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from acecore.analysis import log_error
from acecore.coverage import DEFAULT_WINDOW, WINDOWS
from acecore.export import dollars
from acecore.overview import filter_options, headline
from pages._common import analysis, as_of, submit, wait_for_uploads

st.set_page_config(page_title="IEEPA refund planner", page_icon=":material/receipt_long:", layout="wide")


def sign_in_if_configured() -> None:
    """Sign-in (st.login) only when the host has configured it in secrets.toml; off by default."""
    try:
        configured = "auth" in st.secrets
    except Exception:  # no secrets file at all: sign-in is off
        configured = False
    if configured and not st.user.is_logged_in:
        st.title("IEEPA refund planner")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()


def upload_box() -> None:
    """The uploader lives in the sidebar, on every page: a click to another page while a large file is
    still on its way to the server never drops it (an uploader that leaves the page stops its upload)."""
    with st.sidebar:
        files = st.file_uploader(
            "Add ES-003 or liquidation files (.xlsx, .csv)",
            type=["xlsx", "xls", "csv"],
            accept_multiple_files=True,
            key=f"uploads_{st.session_state.upload_round}",
            help="ACE's ES-003 Entry Summary Line Tariff Details export; several at once "
            "are merged. What each file gave is on the Upload page.",
        )
    if files:
        submit("es003", files)
        st.rerun()  # the next run shows the loading, then every page with these files


def sidebar() -> None:
    current = analysis()
    with st.sidebar:
        st.header("Settings")
        st.date_input(
            "As-of date", value=dt.date.today(), key="as_of", help="Deadlines and days left are counted from this date."
        )
        st.segmented_control(
            "Coverage window",
            WINDOWS,
            default=DEFAULT_WINDOW,
            key="window",
            format_func=lambda w: f"{w} months" if isinstance(w, int) else w,
        )
        st.header("Filters")
        options = filter_options(current)
        chosen = {}
        for kind, label in (
            ("importer", "Importer"),
            ("filer", "Filer (broker)"),
            ("port", "Port"),
            ("program", "IEEPA program"),
        ):
            labels = dict(options[kind])
            chosen[kind] = st.multiselect(
                label, list(labels), format_func=labels.get, key=f"filter_{kind}", placeholder="All"
            )
        current.set_filters(
            importers=chosen["importer"], filers=chosen["filer"], ports=chosen["port"], programs=chosen["program"]
        )
        if st.session_state.get("using_sample"):
            st.info("Showing built-in synthetic sample data. Upload your ES-003 export on the Upload page.")


def headline_bar() -> None:
    numbers = headline(analysis(), as_of())
    columns = st.columns(4)
    columns[0].metric(
        "IEEPA duty paid",
        dollars(numbers.ieepa_paid),
        help=f"{numbers.ieepa_entries:,} entries paid duty under IEEPA headings",
    )
    columns[1].metric(
        "Recoverable now",
        dollars(numbers.recoverable_now),
        help="IEEPA duty on entries with a CAPE, PSC or protest path open today, not yet refunded",
    )
    columns[2].metric(
        "At risk within 15 days",
        dollars(numbers.at_risk_15_days),
        help="IEEPA duty whose deadline is within 15 days or past, not yet filed",
    )
    columns[3].metric("Recovered so far", dollars(numbers.recovered), help="Refunds entered in the tracker")


def guarded(part: str, draw: Callable[[], None]) -> None:
    """A problem in one part of the page is one line there; the other parts (the Upload page with its
    Start over) still work. A bug never shows a traceback; the data stays loaded."""
    try:
        draw()
    except Exception as error:
        log_error(part, error)
        st.error(
            f"The {part} hit a problem it could not handle. Your files are still loaded; try another page, "
            "or Start over on the Upload page. If it happens again, please report it."
        )


sign_in_if_configured()
navigation = st.navigation(
    [
        st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:", default=True),
        st.Page("pages/coverage.py", title="Coverage", icon=":material/calendar_month:"),
        st.Page("pages/ieepa.py", title="IEEPA lines", icon=":material/receipt:"),
        st.Page("pages/plan.py", title="Recovery plan", icon=":material/event:"),
        st.Page("pages/tracker.py", title="Tracker", icon=":material/checklist:"),
        st.Page("pages/help.py", title="Help", icon=":material/help:"),
    ]
)
st.title("IEEPA refund planner")
wait_for_uploads()  # outside the lock: the loading needs it
# One page run at a time in the session's database: a click during a long query waits for it
# instead of meeting it in DuckDB (Streamlit starts the next run before the last has stopped).
with analysis().lock:
    upload_box()
    guarded("sidebar", sidebar)
    guarded("headline", headline_bar)
    guarded("page", navigation.run)
