"""ace-refunds dashboard. Start it with: streamlit run app.py"""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from acecore.analysis import log_error
from acecore.coverage import IEEPA_PERIOD, WINDOWS
from acecore.export import dollars, long_date
from acecore.overview import due_soon, filter_options, headline, next_deadline, urgent_by
from acecore.rules_data import staleness
from acecore.words import RECOVERABLE
from acecore.workspaces import plain_cause
from pages.common.display import DATE, Metric, entries, metric_row, plain
from pages.common.host import email, sign_in_configured, storage, store_reachable, sweep_idle_workspaces
from pages.common.session import analysis, as_of, leave_workspace, link, save_settings, sync_workspace, work, workspace
from pages.common.uploading import take_files, wait_for_uploads

st.set_page_config(page_title="IEEPA refund planner", page_icon=":material/receipt_long:", layout="wide")


def sign_in_if_configured() -> None:
    """Sign-in (st.login) only when the host has configured it in secrets.toml; off by default."""
    if sign_in_configured() and not st.user.is_logged_in:
        st.title("IEEPA refund planner")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()


def upload_box() -> None:
    """The uploader lives in the sidebar, on every page: a click to another page while a large file is
    still on its way to the server never drops it (an uploader that leaves the page stops its upload)."""
    with st.sidebar:
        take_files(
            "Add ES-003, liquidation or MFN rate files (.xlsx, .csv, .txt)",
            "uploads",
            "ACE's ES-003 Entry Summary Line Tariff Details export; several at once are merged. Also an ES-701 "
            "liquidation list, or the USITC tariff database (.txt) for MFN rates. What each file gave is on the "
            "Upload page.",
        )


def sidebar() -> None:
    current = analysis()
    with st.sidebar:
        st.header("Settings")
        # set before the widgets (a workspace may have set them already), so no widget has a default
        # of its own that could differ from it
        saved = st.session_state
        saved.setdefault("as_of", dt.date.today())
        saved.setdefault("window", IEEPA_PERIOD)  # what matters for refunds
        st.date_input(
            "As-of date",
            value=None,
            key="as_of",
            format=DATE,
            help="Deadlines and days left are counted from this date.",
        )
        st.segmented_control(
            "Coverage window",
            WINDOWS,
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
            if f"filter_{kind}" in saved:  # a saved filter whose value the files no longer hold
                saved[f"filter_{kind}"] = [v for v in saved[f"filter_{kind}"] if v in labels]
            chosen[kind] = st.multiselect(
                label,
                list(labels),
                format_func=labels.__getitem__,
                key=f"filter_{kind}",
                placeholder="All",
            )
        current.set_filters(
            importers=chosen["importer"], filers=chosen["filer"], ports=chosen["port"], programs=chosen["program"]
        )
        if work().using_sample:
            st.info("Showing a made-up importer's sample data: drop your ES-003 export in the box above.")


def headline_bar() -> None:
    if (warning := staleness(as_of())) is not None:
        st.warning(warning, icon=":material/update:")
    if (why := work().waiting_why) is not None and work().waiting_for is not None:
        st.warning(
            f"Your workspace cannot be opened just now ({plain(why)}). Its link stays in the address and it is "
            "tried again on each click; nothing in it is lost. Files you add meanwhile are saved into it once it "
            "opens.",
            icon=":material/cloud_off:",
        )
        st.button("Try again now", icon=":material/refresh:")
    current = analysis()
    asked = navigation.title == "Upload"  # a rate table dropped on any page is asked about on that one
    for held in (r for r in current.reports if r.awaiting_use and not asked):
        st.warning(
            f"**{plain(held.name)}**, an MFN rate table, would change your figures and is not used yet: the Upload "
            "page says by how much and asks whether to use it.",
            icon=":material/help:",
        )
        st.page_link("pages/upload.py", label="Choose on the Upload page", icon=":material/arrow_forward:")
    if not work().using_sample and not current.loaded:
        if failed := [r for r in current.reports if r.status == "error"]:  # on a phone, why is far below
            st.error(
                f"Nothing is loaded: **{plain(failed[-1].name)}** was not. Why, and what to do instead, is under "
                f"Files {'below' if asked else 'on the Upload page'}.",
                icon=":material/error:",
            )
            if not asked:
                st.page_link("pages/upload.py", label="See why on the Upload page", icon=":material/arrow_forward:")
        else:
            st.info("No ES-003 export loaded yet: drop one on the Summary or Upload page to see your figures.")
        return
    if work().using_sample:
        st.badge("Sample data: the figures of a made-up importer", icon=":material/science:", color="orange")
    numbers, horizon = headline(current, as_of()), urgent_by(as_of())
    soon = due_soon(current, as_of())  # what is urgent, on the first screen of every page (a phone's too)
    due_now = sum(g["due_now"] for g in soon)
    first = next_deadline(soon)
    days = (first - as_of()).days if first is not None else 0
    urgent = (
        f"{entries(due_now)} due today or overdue"
        if due_now
        else f"the first on {first:%b} {first.day}, in {days} {'day' if days == 1 else 'days'}"
        if first is not None
        else None
    )
    metric_row(
        [
            Metric(
                "IEEPA duty paid",
                dollars(numbers.ieepa_paid),
                f"{entries(numbers.ieepa_entries)} paid duty under IEEPA headings. On EU, Japan, Korea and Swiss "
                "lines the heading's 15% holds the ordinary duty too: that part is not IEEPA duty and is left out "
                "(at the rate in your MFN rate table, if you added one).",
            ),
            Metric("Recoverable now", dollars(numbers.recoverable_now), RECOVERABLE),
            Metric(
                f"Due by {horizon:%b} {horizon.day}",
                dollars(numbers.due_soon),
                f"IEEPA duty whose deadline is by {long_date(horizon)} or past, not yet filed",
                urgent,
            ),
            Metric("Refunds received", dollars(numbers.recovered), "Refunds entered in the tracker"),
        ]
    )


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


def workspace_box() -> None:
    """Where the work is kept, the link that opens it again, and the controls to share or delete it."""
    opened = workspace()
    with st.sidebar:
        st.header("Workspace")
        if (message := work().notice) is not None:
            work().notice = None
            text, address = message
            st.info(plain(text))
            if address:
                st.code(address, language=None, wrap_lines=True)
        if storage().mode == "off":
            st.warning("This server does not keep your work: a reload or a lost connection starts over.")
            return
        if work().waiting_for is not None:
            st.warning("Your workspace opens as soon as the server can reach it; its link stays in the address.")
            return
        if opened is None:
            if store_reachable():
                st.caption("Your work is saved, with a link to come back to, from your first upload or tracker edit.")
            else:
                st.warning("The server cannot reach its workspace store just now: a reload would lose your work.")
            return
        if opened.lost:
            st.error(f"{plain(opened.lost[:1].upper() + opened.lost[1:])}.")
        elif opened.save_error:
            st.warning(
                f"{plain(opened.save_error[:1].upper() + opened.save_error[1:])}. Your work is in this tab and is "
                "saved as soon as the server can; keep this tab open until this note goes."
            )
        else:
            st.caption("Saved as you work. Reload, a new tab or another device opens it with this link:")
        st.code(link(opened), language=None, wrap_lines=True)
        try:
            info = opened.store.info(opened.id)
        except Exception as error:  # the store away: the link and the work stay, the page says so plainly
            log_error("reading a workspace's owner", error)
            st.caption(f"Who may open it cannot be read just now ({plain(plain_cause(error))}).")
            return
        if info.owner is None:
            st.caption("Anyone with this link can open and change this workspace: share it only with your team.")
        else:
            st.caption("Only its owner and the people added below, signed in, can open this workspace.")
            if info.owner.casefold() == (email() or "").casefold():
                members = st.text_area("People who may open it (one e-mail per line)", "\n".join(info.members))
                if st.button("Save the list of people"):
                    opened.store.set_members(opened.id, sorted({m.strip() for m in members.split() if "@" in m}))
        with st.popover("Delete this workspace", icon=":material/delete_forever:"):
            st.write("Removes its files, tracker and settings from this server for good.")
            if st.button("Delete for good", type="primary"):
                leave_workspace(deleted=True)
                st.rerun()


sign_in_if_configured()
navigation = st.navigation(
    [
        st.Page("pages/summary.py", title="Summary", icon=":material/home:", default=True),
        st.Page("pages/upload.py", title="Upload", icon=":material/upload_file:"),
        st.Page("pages/coverage.py", title="Coverage", icon=":material/calendar_month:"),
        st.Page("pages/ieepa.py", title="IEEPA lines", icon=":material/receipt:"),
        st.Page("pages/plan.py", title="Recovery plan", icon=":material/event:"),
        st.Page("pages/tracker.py", title="Tracker", icon=":material/checklist:"),
        st.Page("pages/compare.py", title="Compare pulls", icon=":material/compare_arrows:"),
        st.Page("pages/help.py", title="Help", icon=":material/help:"),
    ]
)
st.title("IEEPA refund planner")
# One page run at a time per session: Streamlit starts the next run (a click) before the last has
# stopped, and the last may be queueing an upload or replacing the analysis. The next waits here, then
# sees the files loading. The loading itself needs only the analysis lock, which the page takes after.
with work().lock:
    wait_for_uploads(land=navigation.title in ("Summary", "Upload"))
    sweep_idle_workspaces()
    # the page's queries and the loader never meet in DuckDB, and a page shows one state of the data
    with analysis().lock:
        guarded("workspace", sync_workspace)  # before any upload of this run is queued
        upload_box()
        guarded("sidebar", sidebar)
        guarded("headline", headline_bar)
        guarded("page", navigation.run)
        guarded("workspace", workspace_box)
        guarded("workspace", save_settings)
