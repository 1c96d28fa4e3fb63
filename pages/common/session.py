"""One browser session's own state: its analysis, upload queue and workspace (opened from the `?ws=` link,
or the sample), the sidebar's settings, and what a workspace keeps of them. Nothing here is shared between
browser sessions."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import streamlit as st

from acecore.allocation import Allocation, Payment
from acecore.analysis import Analysis, log_error
from acecore.coverage import IEEPA_PERIOD
from acecore.stores import Store, WorkspaceDamaged, WorkspaceNotFound
from acecore.uploads import Uploads
from acecore.workspaces import Workspace, plain_cause
from pages.common.host import email, limits, sample_bytes, storage, store

SAMPLE_NAME = "sample ES-003 (synthetic).csv"
FILTER_KEYS = ("filter_importer", "filter_filer", "filter_port", "filter_program")


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
    waiting_for: str | None = None  # the link's workspace, not opened yet (the store away): tried each run
    waiting_why: str | None = None  # why it could not be opened, in plain words

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
            self.keep_in(self.workspace)
        self.new_uploader()

    def keep_in(self, opened: Workspace) -> None:
        """The upload queue checks the workspace's room before a file and saves the file after it."""
        self.uploads.after = opened.loaded
        self.uploads.before = lambda size: opened.room_for(size, self.analysis.limits)

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
        self.keep_in(self.workspace)


def work() -> Work:
    """This browser session's work: the workspace named in the URL, or the sample until a file is
    uploaded. Nothing in it is shared with another browser session."""
    if "work" not in st.session_state:
        st.session_state.work = open_session()
    return st.session_state.work


def analysis() -> Analysis:
    """This browser session's analysis (its own in-memory DuckDB)."""
    return work().analysis


def loaded_or_stop() -> Analysis:
    """The session's analysis, for a page of figures: while no export is loaded the page stops here (the
    headline above says so, and why a file was not taken), instead of showing empty tables and a green
    "nothing is due"."""
    current = analysis()
    if not work().using_sample and not current.loaded:
        st.stop()
    return current


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
    """A new browser session: open the workspace of the URL's `ws`, or show the sample. A link whose
    workspace cannot be opened just now (the store away, a busy server) keeps its place in the address and
    is tried again on each page run: never the sample in its stead."""
    ws = st.query_params.get("ws")
    if not ws:
        return Work.of(sample_analysis(), using_sample=True)
    try:
        opened = open_workspace(ws)
    except (LookupError, WorkspaceNotFound):  # LookupError: storage off
        why = f"This link's workspace does not exist (deleted, or removed after {storage().idle_days} days unused)."
    except PermissionError:
        why = "This workspace belongs to another account: sign in with an address its owner added."
    except WorkspaceDamaged:
        why = (
            "This link's workspace file on the server was damaged and has been set aside for the host to look at; "
            "upload your exports again to start a new workspace."
        )
    except Exception as error:
        log_error("opening a workspace", error)
        return Work.of(Analysis(limits()), waiting_for=ws, waiting_why=plain_cause(error))
    else:
        return opened
    del st.query_params["ws"]
    return Work.of(sample_analysis(), using_sample=True, notice=(why, None))


def open_workspace(ws: str, interim: Analysis | None = None) -> Work:
    """The link's workspace, its settings put in the sidebar's keys (before its widgets are drawn). The
    files a session loaded while it waited for the workspace (`interim`) are saved into it first."""
    host = store()
    if host is None:
        raise LookupError(ws)
    with st.spinner("Opening your workspace…"):
        if interim is not None:
            saver = Workspace(host, ws, interim)
            for report in interim.reports:
                if report.status == "ok" and report.file_id:
                    saver.file_loaded(report)
            if saver.pending or saver.lost:  # not all of them landed: still waiting, nothing dropped
                raise OSError(saver.save_error)
        opened = Workspace.open(host, ws, Analysis(limits()), email())
    chosen = opened.settings
    for key in ("window", *FILTER_KEYS):
        if key in chosen:
            st.session_state[key] = chosen[key]
    if chosen.get("as_of"):
        st.session_state.as_of = dt.date.fromisoformat(chosen["as_of"])
    return Work.of(opened.analysis, opened, using_sample=bool(chosen.get("using_sample")))


def remove_files() -> None:
    """Start over with other exports: the files go, the tracker's working columns stay."""
    current = work()
    current.analysis.restore(files=[])
    if current.workspace is not None:
        current.workspace.files_removed()


def remove_file(file_id: int) -> None:
    """One file out (a wrong export, a rate table not to use); the others and the tracker stay."""
    current = work()
    current.analysis.remove_file(file_id)
    if current.workspace is not None:
        current.workspace.file_removed(file_id)


def use_rates(file_id: int) -> None:
    """A held rate table put to use, and saved with the other files."""
    current = work()
    report = current.analysis.use_rates(file_id)
    if current.workspace is not None:
        current.workspace.file_loaded(report)


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
    """Each page run: keep the link in the address bar, open the link's workspace if it is still waited
    for, save what waits to be saved, and take what other sessions saved."""
    current = work()
    if current.waiting_for is not None:
        if st.query_params.get("ws") != current.waiting_for:
            st.query_params["ws"] = current.waiting_for
        if current.uploads.pending():
            return
        try:
            st.session_state.work = current = open_workspace(current.waiting_for, interim=current.analysis)
        except Exception as error:
            log_error("opening a workspace", error)
            current.waiting_why = plain_cause(error)
            return
    if current.workspace is None:
        return
    if st.query_params.get("ws") != current.workspace.id:
        st.query_params["ws"] = current.workspace.id
    if current.uploads.pending():  # a file loaded and not yet saved would be lost to a reload of the files
        return
    current.workspace.retry()
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


def as_of() -> dt.date:
    return st.session_state.get("as_of") or dt.date.today()


def window() -> int | str:
    """The coverage window; the IEEPA period (what matters for refunds) when none is chosen."""
    return st.session_state.get("window") or IEEPA_PERIOD
