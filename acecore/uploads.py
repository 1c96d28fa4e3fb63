"""A session's uploads, loaded one after another in a thread of the session's own.

A page run can end at any click (Streamlit stops it and starts the next); a file handed over here is
loaded to the end all the same, and its report waits for the next page run to show it. The analysis
lock keeps the loading and the page queries from ever meeting in DuckDB.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from acecore.analysis import Analysis, log_error, short_hash
from acecore.models import FileReport
from acecore.queue import Place, load_memory, reading_queue
from acecore.readers import ReadError
from acecore.tracker import TrackerReport, load_tracker

Kind = Literal["es003", "tracker"]


@dataclass
class Job:
    kind: Kind  # an ES-003 export (or liquidation list), or a saved tracker
    name: str
    size: int
    data: bytes | None = field(default=None, repr=False)  # dropped once loaded
    report: FileReport | TrackerReport | None = None
    refused: bool = False  # before it was read (no room): nothing to save either

    @property
    def done(self) -> bool:
        return self.report is not None


class Uploads:
    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.after: Callable[[Kind, FileReport | TrackerReport], None] | None = None  # a workspace saving
        self.before: Callable[[int], None] | None = None  # a workspace's room check: ReadError refuses a file
        self.jobs: list[Job] = []
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, kind: Kind, name: str, data: bytes) -> Job:
        """Queue a file; refused at once (its report says so) when the server holds limits.host_upload_mb of
        uploads already: what waits to be read is held in memory, so twenty people dropping a year each
        must not take the server's memory."""
        job = Job(kind, name, len(data), data)
        cap = self.analysis.limits.host_upload_mb
        if reading_queue(self.analysis.limits).hold(job.size, cap << 20) is None:
            busy = (
                f"not loaded: the server holds {cap:,} MB of files waiting to load just now, the most it takes at "
                "once; nothing already loaded was lost: drop this file again in a few minutes"
            )
            job.data = None
            job.report = (
                TrackerReport(name=name, status="error", errors=[busy])
                if kind == "tracker"
                else self.analysis.refused(name, busy)
            )
            with self._guard:
                self.jobs.append(job)
            return job
        with self._guard:
            self.jobs.append(job)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._drain, name="ace-uploads", daemon=True)
                self._thread.start()
        return job

    def pending(self) -> list[Job]:
        with self._guard:
            return [j for j in self.jobs if not j.done]

    def wait(self, timeout: float | None = None) -> bool:
        """Until every job is done (True), or the timeout passes (False)."""
        with self._guard:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return not self.pending()

    def place(self) -> Place | None:
        """Where this session's file stands in the host's reading queue, while it waits for its turn."""
        with self._guard:
            thread = self._thread
        if thread is None or thread.ident is None:
            return None
        return reading_queue(self.analysis.limits).place(thread.ident)

    def last(self, kind: Kind) -> Job | None:
        with self._guard:
            return next((j for j in reversed(self.jobs) if j.kind == kind and j.done), None)

    def _drain(self) -> None:
        while True:
            with self._guard:
                job = next((j for j in self.jobs if not j.done), None)
                if job is None:
                    self._thread = None
                    return
            queue = reading_queue(self.analysis.limits)
            try:
                with queue.load(load_memory(job.data or b"")):  # the server's memory, bounded over all loads
                    report = self._load(job)
            finally:
                queue.release(job.size)
            if not self._waiting(job):
                self.analysis.compact()  # the last of a batch: what the session keeps, compressed
            if self.after is not None and not job.refused:  # saved before the page shows it: a reload keeps it
                self.after(job.kind, report)
            job.report = report
            job.data = None

    def _waiting(self, loaded: Job) -> list[Job]:
        """The jobs still to load besides `loaded` (whose report is not set yet)."""
        with self._guard:
            return [j for j in self.jobs if j is not loaded and not j.done]

    def _load(self, job: Job) -> FileReport | TrackerReport:
        try:
            if self.before is not None:
                self.before(job.size)
            if job.kind == "tracker":
                return load_tracker(self.analysis, job.name, job.data or b"")
            return self.analysis.add_file(job.name, job.data or b"", hold_rates=True)  # asked first on the page
        except ReadError as error:  # refused before anything was read or written
            job.refused = True
            if job.kind == "tracker":
                return TrackerReport(name=job.name, status="error", errors=[str(error)])
            return self.analysis.refused(job.name, str(error))
        except Exception as error:  # add_file and load_tracker catch what they foresee; this never kills the thread
            log_error(f"loading file#{short_hash(job.name)}", error)  # its name may be the importer's
            message = f"the file could not be loaded ({type(error).__name__}); nothing from it was kept"
            if job.kind == "tracker":
                return TrackerReport(name=job.name, status="error", errors=[message])
            return self.analysis.refused(job.name, message)
