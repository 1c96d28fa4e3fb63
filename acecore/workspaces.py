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
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from acecore.analysis import Analysis, log_error
from acecore.models import FileReport
from acecore.stores import PARTS, FileStore, PostgresStore, Store, WorkspaceNotFound
from acecore.tracker import TrackerReport

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "workspaces"
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
    """Keeps `analysis` saved in `store` under `id`. Saving never raises: a failure is logged and kept
    in `save_error` for the page to say (the work is then in this session only until a save works)."""

    def __init__(self, store: Store, ws: str, analysis: Analysis) -> None:
        self.store = store
        self.id = ws
        self.analysis = analysis
        self.settings: dict[str, Any] = {}
        self.save_error: str | None = None
        self.seen: dict[str, int] = {}  # the version of each part this session holds
        self._saving = threading.Lock()

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
        PermissionError when sign-in made it someone else's."""
        if not store.info(ws).allows(email):
            raise PermissionError(ws)
        store.touch(ws)
        workspace = cls(store, ws, analysis)
        workspace._load(PARTS)
        return workspace

    def loaded(self, kind: str, report: FileReport | TrackerReport) -> None:
        """After the upload queue loaded a file (`es003`) or took a tracker (`tracker`)."""
        if kind == "tracker":
            if report.status == "ok":
                self.tracker_changed()
        elif isinstance(report, FileReport) and report.file_id:
            self.file_loaded(report)

    def file_loaded(self, report: FileReport) -> None:
        self._save("files", lambda: self.store.add_file(self.id, self.analysis.stored_file(report)))

    def tracker_changed(self) -> None:
        """The tracker's rows, with the report of the upload or edit that last changed it."""
        last = self.analysis.tracker_report
        meta = {"report": last.model_dump(mode="json")} if last is not None else {}
        self._save("tracker", lambda: self.store.put(self.id, "tracker", meta, self.analysis.tracker_rows()))

    def files_removed(self) -> None:
        self._save("files", lambda: self.store.clear_files(self.id))

    def save_settings(self, settings: dict[str, Any]) -> None:
        if settings != self.settings:
            self._save("settings", lambda: self.store.put(self.id, "settings", settings))
            self.settings = settings

    def refresh(self) -> tuple[str, ...]:
        """Reload the files and tracker that another session saved since this one read or wrote them;
        returns the parts reloaded. Skipped while this session is saving; the caller must not call it
        while a file of this session is loading and not yet saved (it would be put back without it)."""
        if not self._saving.acquire(blocking=False):
            return ()
        try:
            current = self.store.versions(self.id)
            stale = tuple(p for p in ("files", "tracker") if current.get(p) != self.seen.get(p))
            if stale:
                self._load(stale)
            return stale
        finally:
            self._saving.release()

    def delete(self) -> None:
        """Remove the workspace for good: its files, tracker and settings."""
        self.store.delete(self.id)

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
        if "settings" in parts:
            self.settings = saved.meta.get("settings", {})
        self.seen.update({part: saved.versions[part] for part in parts})

    def _save(self, part: str, write: Any) -> None:
        with self._saving:
            try:
                version = write()
            except WorkspaceNotFound:
                self.save_error = "this workspace was deleted (here or in another tab): nothing more is saved"
                return
            except Exception as error:  # a full disk, the database down: the page says so, the work stays here
                log_error(f"saving workspace part {part}", error)
                self.save_error = f"the last change could not be saved ({type(error).__name__})"
                return
            self.save_error = None
            # another session's write in between: reload this part on the next page run
            self.seen[part] = version if self.seen.get(part, 0) == version - 1 else -1


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
