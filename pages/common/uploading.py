"""Files on their way in: handing them to the session's upload queue (the workspace made first, so each is
saved as soon as it has loaded), the main area's drop zone, and the wait, with its progress, while they load."""

from __future__ import annotations

import time

import streamlit as st

from acecore.analysis import Analysis, log_error
from acecore.models import FileReport
from acecore.uploads import Job, Kind
from pages.common.display import plain
from pages.common.host import email, limits, store
from pages.common.session import analysis, settings, uploads, work


def submit(kind: Kind, files: list[tuple[str, bytes]]) -> list[Job]:
    """Queue files (name, contents) for loading; the first ES-003 upload replaces the sample. The workspace is
    made first, so that each file is saved as soon as it has loaded.

    A click stops a run at its next Streamlit call (a session_state read, a cached function): every
    such call comes first, while stopping changes nothing and the uploader still holds the files for
    the next run; what follows only changes the session's Work object and cannot be cut halfway."""
    owner, chosen, bounds, current, host = email(), settings(), limits(), work(), None
    if current.workspace is None and current.waiting_for is None:  # a link waited for is never replaced
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
    jobs = [current.uploads.submit(kind, name, data) for name, data in files]
    current.new_uploader()
    return jobs


def take_files(label: str, key: str, help: str) -> None:
    """An uploader of ES-003 exports (and liquidation lists, rate tables): what is dropped in is queued,
    and the next run shows the loading, then every page with these files."""
    files = st.file_uploader(
        label,
        type=["xlsx", "xls", "csv", "txt"],
        accept_multiple_files=True,
        key=f"{key}_{work().upload_round}",  # a new round is a new, empty uploader
        help=help,
    )
    st.caption(
        f"At most {st.get_option('server.maxUploadSize'):,} MB a file. A larger ACE pull: run the report "
        "month by month and drop in every file; overlapping exports merge without counting anything twice."
    )
    if files:
        jobs = submit("es003", [(f.name, f.getvalue()) for f in files])
        if any(j.done for j in jobs):  # refused at once (a busy server): the Upload page says why
            st.switch_page("pages/upload.py")
        st.rerun()


def drop_zone() -> None:
    """The main area's uploader (Summary and Upload pages): large, and on a phone the one in sight (the
    sidebar's is folded away)."""
    take_files(
        "Drop your ACE ES-003 export here (.xlsx or .csv; several at once are merged)",
        "main_uploads",
        "ES-003 Entry Summary Line Tariff Details, from ACE Reports (Help, step 1). An ES-701 liquidation "
        "list or the USITC tariff database can come along.",
    )


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
        waiting = queue.place()
        behind = (
            f"waiting: {waiting.ahead} {'file' if waiting.ahead == 1 else 'files'} of other users ahead of yours "
            f"({waiting.ahead_bytes / 1e6:,.0f} MB), about {max(1, round(waiting.seconds)):,} s. "
            if waiting is not None and waiting.ahead
            else ""
        )
        bar.progress(
            (total - len(pending)) / total,
            text=f"Reading {plain(current.name)} ({current.size / 1e6:,.1f} MB): "
            f"{total - len(pending) + 1} of {total}; {behind}The page appears when they are in; "
            "leaving it does not stop the loading.",
        )
        time.sleep(0.25)
    bar.empty()
    exports = [j.report for j in batch if j.kind == "es003" and isinstance(j.report, FileReport)]
    if land and exports:
        troubled = any(r.status == "error" or r.warnings or r.rows_rejected for r in exports)
        st.switch_page("pages/upload.py" if troubled or not analysis().loaded else "pages/summary.py")
    st.rerun()
