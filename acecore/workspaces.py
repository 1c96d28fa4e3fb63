"""A workspace: an analysis whose files, tracker and settings outlive the browser session that made
them, under an unguessable id (the dashboard carries it in the page URL). Reload, a new tab, a second
device or a colleague with the link open the same work.

Each change is saved as it happens (a file when it has loaded, the tracker when it changed, the
settings when they changed), before the page shows it. A session checks the store's versions on each
page run and reloads the files and tracker another session saved; settings are read when a workspace
opens (a colleague's filters never change yours under your hands).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
from pydantic import BaseModel, Field

from acecore import tracker_merge
from acecore.analysis import Analysis, log_error
from acecore.limits import Limits
from acecore.models import FileReport
from acecore.readers import ReadError
from acecore.stores import PARTS, FileStore, PostgresStore, Store, WorkspaceDamaged, WorkspaceNotFound
from acecore.tracker import TrackerReport

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "workspaces"
# What an upload is counted for against the disk bounds, as a share of its bytes: a file's typed rows take
# about a quarter of its size in a workspace (a 25 MB CSV: 6.5 MB); half leaves room for the tracker.
STORED_SHARE = 0.5
_ENV = {
    "storage": "ACE_STORAGE",
    "directory": "ACE_WORKSPACE_DIR",
    "postgres_url": "ACE_POSTGRES_URL",
    "idle_days": "ACE_WORKSPACE_IDLE_DAYS",
}


class StorageConfig(BaseModel):
    """Where workspaces are kept; set by environment variables (`_ENV`) or the `[workspaces]` section
    of secrets.toml (README, "Hosting")."""

    storage: Literal["files", "postgres", "off"] | None = Field(
        None, description="files (default), postgres (when postgres_url is set), or off"
    )
    directory: Path = Field(DEFAULT_DIRECTORY, description="folder of the DuckDB workspace files")
    postgres_url: str | None = Field(None, description="postgresql://user:password@host/db for app replicas")
    idle_days: int = Field(90, ge=1, description="a workspace not opened for this many days is removed")

    @classmethod
    def load(cls, overrides: Mapping[str, object] | None = None) -> StorageConfig:
        values: dict[str, object] = {name: os.environ[env] for name, env in _ENV.items() if env in os.environ}
        values.update(overrides or {})
        return cls(**values)

    @property
    def mode(self) -> str:
        return self.storage or ("postgres" if self.postgres_url else "files")

    def open_store(self) -> Store | None:
        """The configured store, or None when the host turned storage off."""
        if self.mode == "off":
            return None
        if self.mode == "postgres":
            if not self.postgres_url:
                raise ValueError("storage is postgres but no postgres_url is set")
            return PostgresStore(self.postgres_url)
        return FileStore(self.directory)


class Workspace:
    """Keeps `analysis` saved in `store` under `id`. Saving never raises: a save that fails stays pending,
    retried on each page run with a growing pause (`retry`), until it lands; meanwhile `save_error` says
    why in plain words and how many changes wait. Nothing is cleared by an unrelated save that works."""

    def __init__(self, store: Store, ws: str, analysis: Analysis) -> None:
        self.store = store
        self.id = ws
        self.analysis = analysis
        self.settings: dict[str, Any] = {}
        self.seen: dict[str, int] = {}  # the version of each part this session holds
        self.pending: dict[str, tuple[str, Callable[[], int]]] = {}  # what failed to save (its part, its write)
        self.cause: str | None = None  # why the last try failed, in plain words
        self.lost: str | None = None  # why nothing more can be saved (deleted, or its file damaged)
        self.tracker_base: tracker_merge.Rows = {}  # the tracker as this session last read or wrote it
        self.conflicts: list[tracker_merge.CellConflict] = []  # cells another session changed too: to choose
        self._tries = 0
        self._next_try = 0.0
        self._saving = threading.Lock()

    @property
    def save_error(self) -> str | None:
        """What the page says while changes wait to be saved: how many, and why."""
        if self.lost:
            return self.lost
        if not self.pending:
            return None
        count = len(self.pending)
        return f"not saved yet (retrying): {count} {'change' if count == 1 else 'changes'}; {self.cause}"

    @classmethod
    def create(cls, store: Store, analysis: Analysis, owner: str | None, settings: dict[str, Any]) -> Workspace:
        """A new workspace holding what `analysis` has now (the sample, say, when the user first edits
        its tracker)."""
        workspace = cls(store, store.create(owner), analysis)
        workspace.seen = store.versions(workspace.id)  # empty, and known to be: nothing to reload
        for report in analysis.reports:
            workspace.file_loaded(report)
        workspace.tracker_changed()
        workspace.save_settings(settings)
        return workspace

    @classmethod
    def open(cls, store: Store, ws: str, analysis: Analysis, email: str | None) -> Workspace:
        """Load a saved workspace into a fresh `analysis`. WorkspaceNotFound when there is none;
        PermissionError when sign-in made it someone else's; WorkspaceDamaged when its file cannot be read
        (set aside)."""
        if not store.info(ws).allows(email):
            raise PermissionError(ws)
        store.touch(ws)
        workspace = cls(store, ws, analysis)
        workspace._load(PARTS)
        return workspace

    def room_for(self, size: int, limits: Limits) -> None:
        """Refuse, before anything is read or written, an upload of `size` bytes that this workspace, or all
        of them together, has no room for on the server (limits.workspace_disk_mb, workspaces_disk_mb). A
        store that cannot say lets it through: its save then waits, pending, like any other."""
        incoming = int(size * STORED_SHARE)
        try:
            mine, everyone = self.store.usage(self.id), self.store.usage()
        except Exception as error:
            log_error("measuring workspaces", error)
            return
        cap = limits.workspace_disk_mb << 20
        if mine + incoming > cap:
            raise ReadError(
                f"not loaded: this workspace already takes {mine / 1e6:,.0f} MB on the server and may take at most "
                f"{cap / 1e6:,.0f} MB; start over with fewer months, or open a new workspace for them"
            )
        if everyone + incoming > limits.workspaces_disk_mb << 20:
            raise ReadError(
                "not loaded: the server's room for saved work is full just now; nothing was written. Tell the "
                "site's host, or try again later"
            )

    def loaded(self, kind: str, report: FileReport | TrackerReport) -> None:
        """After the upload queue loaded a file (`es003`) or took a tracker (`tracker`)."""
        if kind == "tracker":
            if report.status == "ok":
                self.tracker_changed()
        elif isinstance(report, FileReport) and report.file_id and not report.awaiting_use:
            self.file_loaded(report)  # a rate table waiting for the user's word is saved once it is used

    def file_loaded(self, report: FileReport) -> None:
        """Save a loaded file (its rows taken now: a retry saves them even if the tab has moved on). When
        another session on the link saved a file under the same id first, the store keeps this one under
        the next free id, and the next page run reloads the files: both, in the order they were saved."""
        stored = self.analysis.stored_file(report)

        def write() -> int:
            version, kept_as = self.store.add_file(self.id, stored)
            if kept_as != stored.file_id:
                self.seen["files"] = -1  # the files as the store holds them, on the next page run
            return version

        self._save(f"file {report.file_id}", "files", write)

    def tracker_changed(self) -> None:
        """Save the tracker's edits: the entries changed since this session last read or wrote it, merged
        cell by cell into the stored tracker (tracker_merge): two people editing different entries, or
        different cells, both keep their edits; a cell both changed keeps the other's value and waits in
        `conflicts` for a choice. A retry saves the edits as they are then."""

        def write() -> int:
            last = self.analysis.tracker_report
            meta = {"report": last.model_dump(mode="json")} if last is not None else {}
            mine = self.analysis.tracker_rows()
            changed = tracker_merge.changed_since(tracker_merge.by_entry(mine), self.tracker_base)
            outcome: dict[str, Any] = {}

            def merged(stored: pa.Table | None) -> pa.Table:
                rows, outcome["conflicts"] = tracker_merge.merge(
                    tracker_merge.by_entry(stored), self.tracker_base, changed
                )
                outcome["table"] = tracker_merge.as_table(rows, mine.schema)
                return outcome["table"]

            version = self.store.update_tracker(self.id, meta, merged)
            self.tracker_base = tracker_merge.by_entry(outcome["table"])
            if not outcome["table"].equals(mine.sort_by("entry_number")):  # the others' edits, in this tab too
                self.analysis.restore(tracker=outcome["table"])
            fresh = {(c.entry_number, c.column) for c in outcome["conflicts"]}
            self.conflicts = [c for c in self.conflicts if (c.entry_number, c.column) not in fresh]
            self.conflicts += outcome["conflicts"]
            return version

        self._save("tracker", "tracker", write)

    def resolve(self, conflict: tracker_merge.CellConflict, keep_yours: bool) -> None:
        """A person's choice on a cell both changed: theirs stays as saved; yours is written over it."""
        self.conflicts = [c for c in self.conflicts if c != conflict]
        if keep_yours:
            rows = tracker_merge.by_entry(self.analysis.tracker_rows())
            rows[conflict.entry_number][conflict.column] = conflict.yours
            self.analysis.restore(tracker=tracker_merge.as_table(rows, self.analysis.tracker_rows().schema))
            self.tracker_changed()

    def files_removed(self) -> None:
        for key in [k for k in self.pending if k.startswith("file ")]:  # a file waiting to be saved goes too
            del self.pending[key]
        self._save("clear files", "files", lambda: self.store.clear_files(self.id))

    def file_removed(self, file_id: int) -> None:
        self.pending.pop(f"file {file_id}", None)  # not saved yet: nothing to save
        self._save(f"remove file {file_id}", "files", lambda: self.store.remove_file(self.id, file_id))

    def save_settings(self, settings: dict[str, Any]) -> None:
        if settings != self.settings:
            self._save("settings", "settings", lambda: self.store.put(self.id, "settings", settings))
            self.settings = settings

    def retry(self, now: float | None = None) -> bool:
        """Try the saves that failed again, in the order they were made, once their pause is over (2, 4,
        8 ... up to 60 seconds); True when nothing waits any more."""
        now = time.monotonic() if now is None else now
        if not self.pending or now < self._next_try:
            return not self.pending
        for key, (part, write) in list(self.pending.items()):
            if not self._attempt(key, part, write):
                break
        return not self.pending

    def refresh(self) -> tuple[str, ...]:
        """Reload the files and tracker that another session saved since this one read or wrote them;
        returns the parts reloaded. Skipped while this session is saving, or has a save of that part
        waiting (a reload would put the part back without this session's change); the caller must not call
        it while a file of this session is loading and not yet saved."""
        if not self._saving.acquire(blocking=False):
            return ()
        try:
            current = self.store.versions(self.id)
            waiting = {part for part, _ in self.pending.values()}
            stale = tuple(p for p in ("files", "tracker") if current.get(p) != self.seen.get(p) and p not in waiting)
            if stale:
                self._load(stale)
            return stale
        finally:
            self._saving.release()

    def delete(self) -> None:
        """Remove the workspace for good: its files, tracker and settings."""
        self.store.delete(self.id)
        self.pending.clear()

    def _load(self, parts: tuple[str, ...]) -> None:
        saved = self.store.load(self.id, parts)
        self.analysis.restore(
            files=saved.files if "files" in parts else None,
            tracker=saved.tracker if "tracker" in parts else None,
        )
        if "files" in parts:
            self.analysis.compact()
        if "tracker" in parts:
            last = saved.meta.get("tracker", {}).get("report")
            self.analysis.tracker_report = TrackerReport.model_validate(last) if last else None
            self.tracker_base = tracker_merge.by_entry(saved.tracker)
        if "settings" in parts:
            self.settings = saved.meta.get("settings", {})
        self.seen.update({part: saved.versions[part] for part in parts})

    def _save(self, key: str, part: str, write: Callable[[], int]) -> None:
        """Save now; on failure keep it pending (a later save of the same thing replaces it)."""
        self.pending.pop(key, None)
        if self.pending:  # an earlier change waits: this one waits behind it, in order
            self.pending[key] = (part, write)
            self.retry()
            return
        self._attempt(key, part, write)

    def _attempt(self, key: str, part: str, write: Callable[[], int]) -> bool:
        with self._saving:
            try:
                version = write()
            except (WorkspaceNotFound, WorkspaceDamaged) as error:
                self.pending.clear()
                self.lost = (
                    "this workspace was deleted (here or in another tab): nothing more is saved"
                    if isinstance(error, WorkspaceNotFound)
                    else "this workspace's file on the server was damaged and has been set aside: nothing more is "
                    "saved; download your tracker, and upload your exports again for a new workspace"
                )
                return False
            except Exception as error:  # a full disk, the database down: kept, tried again, the page says why
                log_error(f"saving workspace part {part}", error)
                self.pending[key] = (part, write)
                self.cause = plain_cause(error)
                self._tries += 1
                self._next_try = time.monotonic() + min(60.0, 2.0**self._tries)
                return False
            self.pending.pop(key, None)
            if not self.pending:
                self._tries, self._next_try = 0, 0.0
            # another session's write in between: reload this part on the next page run
            if self.seen.get(part) != -1:
                self.seen[part] = version if self.seen.get(part, 0) == version - 1 else -1
            return True


def plain_cause(error: BaseException) -> str:
    """Why a save failed, in words a user can act on (the log keeps the technical line)."""
    text = f"{type(error).__name__} {error}".lower()
    if "no space left" in text or "disk is full" in text or "disk full" in text:
        return "the server's disk is full"
    if any(word in text for word in ("operationalerror", "connection", "could not connect", "timeout", "timed out")):
        return "the database is unreachable"
    if "permission denied" in text or "read-only" in text:
        return "the server may not write its workspace files"
    return f"an error on the server ({type(error).__name__})"


class IdleSweep:
    """Removes the workspaces unused for `idle_days`, at most once per `every` seconds however many
    sessions ask (each page run of each session does)."""

    def __init__(self, every: float = 3600) -> None:
        self.every = every
        self._next = 0.0
        self._lock = threading.Lock()

    def __call__(self, store: Store, idle_days: int) -> list[str]:
        with self._lock:
            if time.monotonic() < self._next:
                return []
            self._next = time.monotonic() + self.every
        return store.expire(idle_days)
