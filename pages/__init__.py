"""The dashboard's pages (each a script that app.py's st.navigation runs), and what they all share, here
in the package's own module so that it is no page itself: the session's own analysis, upload queue and
workspace, the sidebar settings, formatting, and tables that download. Nothing here is shared between
browser sessions."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from acecore.allocation import Allocation, Payment
from acecore.analysis import Analysis, log_error
from acecore.coverage import IEEPA_PERIOD
from acecore.export import csv_bytes
from acecore.limits import Limits
from acecore.models import FileReport
from acecore.sample import generate, to_csv
from acecore.stores import Store, WorkspaceNotFound
from acecore.uploads import Kind, Uploads
from acecore.words import header
from acecore.workspaces import IdleSweep, StorageConfig, Workspace

SAMPLE_NAME = "sample ES-003 (synthetic).csv"
FILTER_KEYS = ("filter_importer", "filter_filer", "filter_port", "filter_program")


def run_through_app() -> None:
    """Each page calls this first. Streamlit takes a `pages/` folder beside app.py for an old-style
    multipage app until app.py's st.navigation has run once in the server process, so right after a
    (re)start a link straight to a page (/tracker?ws=…) would run that page alone: no sidebar, headline
    or workspace. Then this switches the old mode off (a private flag of Streamlit's; st.navigation
    sets the same) and runs again, through app.py."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(show_spinner=False)
def sample_bytes() -> bytes:
    """The built-in synthetic sample: the same for everyone, holds no user data."""
    return to_csv(generate(entries=400))


@cache
def limits() -> Limits:
    """The host's bounds: ACE_* environment variables, then the [limits] section of secrets.toml."""
    return Limits.load(secrets_section("limits"))


def secrets_section(name: str) -> dict[str, object]:
    try:
        return dict(st.secrets.get(name, {}))
    except Exception:  # no secrets file at all
        return {}


@cache
def storage() -> StorageConfig:
    """Where workspaces are kept: ACE_STORAGE / ACE_WORKSPACE_DIR / ACE_POSTGRES_URL /
    ACE_WORKSPACE_IDLE_DAYS, then the [workspaces] section of secrets.toml."""
    return StorageConfig.load(secrets_section("workspaces"))


@st.cache_resource(show_spinner=False)
def store() -> Store | None:
    """The host's one store, shared by every session (it holds each workspace file's lock); None when
    storage is off. Failing to reach it raises, and the next run tries again."""
    return storage().open_store()


def store_reachable() -> bool:
    try:
        store()
    except Exception as error:
        log_error("reaching the workspace store", error)
        return False
    return True


@st.cache_resource(show_spinner=False)
def idle_sweep() -> IdleSweep:
    return IdleSweep()


def sweep_idle_workspaces() -> None:
    """The host's retention: workspaces unused for storage().idle_days go (checked once an hour).
    Housekeeping: a failure goes to the log, never on the user's page."""
    try:
        if (host := store()) is not None:
            idle_sweep()(host, storage().idle_days)
    except Exception as error:
        log_error("removing idle workspaces", error)


def sign_in_configured() -> bool:
    return bool(secrets_section("auth"))


def email() -> str | None:
    """The signed-in user's address when sign-in is configured, else None."""
    if not sign_in_configured() or not st.user.is_logged_in:
        return None
    address = st.user.get("email")
    return str(address) if address else None


@dataclass
class Work:
    """All of one browser session's own state, as one session_state entry. Every read or write of
    st.session_state is a point where a click can stop the run (Streamlit checks for a newer run
    there); changing this object's fields is not, so a change made here is never left halfway."""

    analysis: Analysis
    uploads: Uploads
    workspace: Workspace | None = None
    using_sample: bool = False
    upload_round: int = 0  # in the uploaders' keys: a new round is a new, empty uploader
    notice: tuple[str, str | None] | None = None  # for the next page drawn, with a link to copy
    lock: threading.RLock = field(default_factory=threading.RLock)  # held by each page run (app.py)
    comparison: tuple[list[str], pa.Table] | None = None  # earlier pull's file names, changes (Compare page)
    allocation: tuple[Payment, Allocation] | None = None  # a CBP payment allocated, not yet recorded (Tracker)

    @classmethod
    def of(cls, current: Analysis, opened: Workspace | None = None, **fields: Any) -> Work:
        work = cls(current, Uploads(current), workspace=opened, **fields)
        work.use(current, work.using_sample)
        return work

    def use(self, current: Analysis, using_sample: bool) -> None:
        """Make `current` the analysis, with an upload queue that saves to the workspace."""
        self.analysis, self.uploads, self.using_sample = current, Uploads(current), using_sample
        if self.workspace is not None:
            self.workspace.analysis = current
            self.uploads.after = self.workspace.loaded
        self.new_uploader()

    def new_uploader(self) -> None:
        """Streamlit lets go of the files the old uploader held (they are loaded or queued by then), and
        a start-over does not get them handed straight back."""
        self.upload_round += 1

    def start_over(self, fresh: Analysis, using_sample: bool) -> None:
        """A fresh analysis (the sample, or empty); a workspace, if any, is emptied too."""
        self.use(fresh, using_sample)
        if self.workspace is not None:
            self.workspace.files_removed()
            self.workspace.tracker_changed()

    def make_workspace(self, host: Store, owner: str | None, chosen: dict[str, object]) -> None:
        """The first change worth keeping (an upload, a tracker edit) makes the workspace; its link goes
        in the address on the next run."""
        try:
            self.workspace = Workspace.create(host, self.analysis, owner, chosen)
        except Exception as error:
            log_error("creating a workspace", error)
            self.notice = (f"Your work could not be saved ({type(error).__name__}): a reload will lose it.", None)
            return
        self.uploads.after = self.workspace.loaded


def work() -> Work:
    """This browser session's work: the workspace named in the URL, or the sample until a file is
    uploaded. Nothing in it is shared with another browser session."""
    if "work" not in st.session_state:
        st.session_state.work = open_session()
    return st.session_state.work


def analysis() -> Analysis:
    """This browser session's analysis (its own in-memory DuckDB)."""
    return work().analysis


def workspace() -> Workspace | None:
    return work().workspace


def uploads() -> Uploads:
    """The queue that loads this session's files, to the end, whatever the pages do meanwhile."""
    return work().uploads


def sample_analysis() -> Analysis:
    sample = Analysis(limits())
    sample.add_file(SAMPLE_NAME, sample_bytes())
    return sample


def open_session() -> Work:
    """A new browser session: open the workspace of the URL's `ws`, or show the sample."""
    ws = st.query_params.get("ws")
    if not ws:
        return Work.of(sample_analysis(), using_sample=True)
    try:
        host = store()
        if host is None:
            raise LookupError
        with st.spinner("Opening your workspace…"):
            opened = Workspace.open(host, ws, Analysis(limits()), email())
    except (LookupError, WorkspaceNotFound):  # LookupError: storage off
        why = f"This link's workspace does not exist (deleted, or removed after {storage().idle_days} days unused)."
    except PermissionError:
        why = "This workspace belongs to another account: sign in with an address its owner added."
    except Exception as error:
        log_error("opening a workspace", error)
        why = f"The workspace could not be opened ({type(error).__name__}); try again in a moment."
    else:
        chosen = opened.settings
        for key in ("window", *FILTER_KEYS):  # before the sidebar's widgets are drawn
            if key in chosen:
                st.session_state[key] = chosen[key]
        if chosen.get("as_of"):
            st.session_state.as_of = dt.date.fromisoformat(chosen["as_of"])
        return Work.of(opened.analysis, opened, using_sample=bool(chosen.get("using_sample")))
    del st.query_params["ws"]
    return Work.of(sample_analysis(), using_sample=True, notice=(why, None))


def remove_files() -> None:
    """Start over with other exports: the files go, the tracker's working columns stay."""
    current = work()
    current.analysis.restore(files=[])
    if current.workspace is not None:
        current.workspace.files_removed()


def leave_workspace(deleted: bool) -> None:
    """Back to the sample without a workspace; the one left stays at its link unless deleted."""
    current = work()
    if current.workspace is not None and deleted:
        current.workspace.delete()
        current.notice = ("The workspace was deleted, with its files, tracker and settings.", None)
    elif current.workspace is not None:
        current.notice = ("Your workspace is kept: open it again with its link.", link(current.workspace))
    current.workspace = None
    st.query_params.pop("ws", None)
    current.start_over(sample_analysis(), using_sample=True)


def sync_workspace() -> None:
    """Each page run: keep the link in the address bar, and take what other sessions saved."""
    current = work()
    if current.workspace is None:
        return
    if st.query_params.get("ws") != current.workspace.id:
        st.query_params["ws"] = current.workspace.id
    if current.uploads.pending():  # a file loaded and not yet saved would be lost to a reload of the files
        return
    try:
        current.workspace.refresh()
    except WorkspaceNotFound:
        current.workspace = None
        st.query_params.pop("ws", None)
        current.notice = (
            "This workspace was deleted (in another tab or by its owner); what is shown is no longer saved.",
            None,
        )
    except Exception as error:
        log_error("refreshing a workspace", error)


def settings() -> dict[str, object]:
    """What a workspace keeps of the sidebar (the as-of date only when it is not today)."""
    chosen = st.session_state.get("as_of")
    return {
        "as_of": chosen.isoformat() if chosen and chosen != dt.date.today() else None,
        "window": st.session_state.get("window"),
        **{key: list(st.session_state.get(key) or []) for key in FILTER_KEYS},
        "using_sample": work().using_sample,
    }


def save_settings() -> None:
    if (opened := workspace()) is not None:
        opened.save_settings(settings())


def link(opened: Workspace) -> str:
    """The workspace's address (the app's own address with ?ws=)."""
    base = (st.context.url or "").split("?")[0]
    return f"{base}?ws={opened.id}"


def submit(kind: Kind, files: list[tuple[str, bytes]]) -> None:
    """Queue files (name, contents) for loading; the first ES-003 upload replaces the sample. The workspace is
    made first, so that each file is saved as soon as it has loaded.

    A click stops a run at its next Streamlit call (a session_state read, a cached function): every
    such call comes first, while stopping changes nothing and the uploader still holds the files for
    the next run; what follows only changes the session's Work object and cannot be cut halfway."""
    owner, chosen, bounds, current, host = email(), settings(), limits(), work(), None
    if current.workspace is None:
        try:
            host = store()
        except Exception as error:  # the database is down: the work goes on, unsaved, and the page says so
            log_error("reaching the workspace store", error)
            current.notice = (f"Your work could not be saved ({type(error).__name__}): a reload will lose it.", None)
    # from here on, no Streamlit call
    if kind == "es003" and files and current.using_sample:
        current.start_over(Analysis(bounds), using_sample=False)
        chosen["using_sample"] = False
    if host is not None:
        current.make_workspace(host, owner, chosen)
    for name, data in files:
        current.uploads.submit(kind, name, data)
    current.new_uploader()


def drop_zone() -> None:
    """The main area's uploader (Summary and Upload pages): large, and on a phone the one in sight (the
    sidebar's is folded away)."""
    files = st.file_uploader(
        "Drop your ACE ES-003 export here (.xlsx or .csv; several at once are merged)",
        type=["xlsx", "xls", "csv", "txt"],
        accept_multiple_files=True,
        key=f"main_uploads_{work().upload_round}",
        help="ES-003 Entry Summary Line Tariff Details, from ACE Reports (Help, step 1). An ES-701 liquidation "
        "list or the USITC tariff database can come along.",
    )
    if files:
        submit("es003", [(f.name, f.getvalue()) for f in files])
        st.rerun()


def wait_for_uploads(land: bool) -> None:
    """While files are loading, show how far it got; when they are in, draw the page again. A click
    elsewhere ends this wait, not the loading. With `land` (the user waits on the Summary or Upload page),
    a batch of exports ends on the Summary, or on the Upload page when a file needs a word."""
    queue = uploads()
    if not (batch := queue.pending()):
        return
    bar = st.progress(0.0, text="Reading your files…")
    while pending := queue.pending():
        total = len(queue.jobs)
        current = pending[0]
        bar.progress(
            (total - len(pending)) / total,
            text=f"Reading {plain(current.name)} ({current.size / 1e6:,.1f} MB): "
            f"{total - len(pending) + 1} of {total}. The page appears when they are in; "
            "leaving it does not stop the loading.",
        )
        time.sleep(0.25)
    bar.empty()
    exports = [j.report for j in batch if j.kind == "es003" and isinstance(j.report, FileReport)]
    if land and exports:
        troubled = any(r.status == "error" or r.warnings or r.rows_rejected for r in exports)
        st.switch_page("pages/upload.py" if troubled or not analysis().loaded else "pages/summary.py")
    st.rerun()


def as_of() -> dt.date:
    return st.session_state.get("as_of") or dt.date.today()


def window() -> int | str:
    """The coverage window; the IEEPA period (what matters for refunds) when none is chosen."""
    return st.session_state.get("window") or IEEPA_PERIOD


SHOWN_ROWS = 10_000  # rows a grid holds: more are no use to read in a browser, and slow every page run
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def plain(text: object) -> str:
    """User text (file names, notes) shown as text: markdown characters escaped, never HTML."""
    return _MARKDOWN.sub(r"\\\1", str(text))


# The most characters of an amount that four metrics side by side show whole: at 1,400 px 14 fit
# ("$12,345,678.90") and 15 are cut ("$123,456,78..."); 13 leaves room for a narrower window.
FITS_FOUR = 13


class Metric(NamedTuple):
    label: str
    value: str
    help: str | None = None
    delta: str | None = None  # shown plain under the value (no colour: a variance is not good or bad)


def metric_row(metrics: list[Metric]) -> None:
    """Metrics side by side, two to a row when a value is too long for four (a large importer's
    amounts): a cut amount would read as another number."""
    per_row = len(metrics) if max(len(m.value) for m in metrics) <= FITS_FOUR else 2
    for start in range(0, len(metrics), per_row):
        for column, m in zip(st.columns(per_row), metrics[start : start + per_row], strict=False):  # a last odd one
            column.metric(m.label, m.value, delta=m.delta, delta_color="off", delta_arrow="off", help=m.help)


def for_people(data: pa.Table, blanks: bool = False) -> pa.Table:
    """Plain headers; with `blanks`, empty text cells shown empty (not "None") in a grid."""
    columns = [
        pc.fill_null(c, "") if blanks and pa.types.is_string(c.type) and c.null_count else c for c in data.columns
    ]
    return pa.table(columns, names=[header(n) for n in data.column_names])


def table(
    data: pa.Table,
    file_name: str,
    key: str,
    caption: str | None = None,
    height: int | None = None,
    whole: tuple[int, Callable[[], pa.Table]] | None = None,
    download: str | None = None,
) -> None:
    """A table with its CSV download (Excel-safe, amounts exact). The grid holds the first SHOWN_ROWS
    rows and says so; the download holds every row, its CSV made only when it is clicked (a page run of
    400,000 IEEPA lines sent them all to the browser and wrote their CSV every time: 3 s). `whole`, for a
    table queried only as far as the grid shows: how many rows it has, and how to get all of them;
    `download`, the button's words."""
    if caption:
        st.caption(caption)
    if data.num_rows == 0:
        st.info("Nothing to show for the current filters.")
        return
    money_columns = {
        header(f.name): st.column_config.NumberColumn(header(f.name), format="dollar")
        for f in data.schema
        if pa.types.is_decimal(f.type) and not f.name.endswith("_pct")
    }
    rows, everything = whole or (data.num_rows, lambda: data)
    st.dataframe(
        for_people(data.slice(0, SHOWN_ROWS), blanks=True),
        hide_index=True,
        width="stretch",
        height=height or "auto",
        column_config=money_columns,
    )
    if rows > SHOWN_ROWS:
        st.caption(f"The first {SHOWN_ROWS:,} of {rows:,} rows; the download holds all of them.")
    st.download_button(
        download or f"Download this table ({file_name})",
        lambda: csv_bytes(for_people(everything())),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
