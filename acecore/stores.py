"""Where workspaces are kept: DuckDB database files in a folder (one host), or PostgreSQL (app replicas
on several hosts). Both keep the same things, each write in one transaction, so a server killed in the
middle of a save leaves the last complete state:

- the loaded files, one record each (its report, its typed rows), appended as each file loads;
- the tracker's working columns, replaced as a whole when they change;
- the settings (as-of date, coverage window, filters), a small JSON document;
- who may open the workspace (owner and members, when sign-in is on) and when it was last used.

Each part has a version that every write bumps: a session compares versions on each page run and reloads
what another session or another replica saved.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from acecore import db
from acecore.limits import Limits

PARTS = ("files", "tracker", "settings")
_ID = re.compile(r"[A-Za-z0-9_-]{32}")
_LOCK_WAIT_SECONDS = 20  # another process holding a workspace file (a second app on the same host)
_ID_ATTEMPTS = 5  # replicas saving files to one workspace at the same moment, each taking the next free id


class WorkspaceNotFound(LookupError):
    """No workspace has this id: never created, deleted, or removed after its idle days."""


class WorkspaceDamaged(OSError):
    """The workspace's database file cannot be read (damaged on disk); it has been set aside, once."""


def new_id() -> str:
    """192 random bits, URL-safe: the id is the key to the workspace when sign-in is off."""
    return secrets.token_urlsafe(24)


def valid_id(text: str) -> bool:
    return bool(_ID.fullmatch(text))


@dataclass
class WorkspaceInfo:
    owner: str | None
    members: list[str]
    created: dt.datetime
    last_used: dt.datetime

    def allows(self, email: str | None) -> bool:
        """Without an owner (sign-in off when it was made) the link alone opens it; with one, only the
        owner and the members it added, signed in."""
        if self.owner is None:
            return True
        return email is not None and email.casefold() in {m.casefold() for m in (self.owner, *self.members)}


@dataclass
class StoredFile:
    file_id: int
    size: int
    report: dict[str, Any]
    raw_lines: pa.Table
    liquidations: pa.Table
    rates: pa.Table | None = None  # a rate table upload's rows (None: saved before rate uploads existed)

    def rates_table(self, con: duckdb.DuckDBPyConnection) -> pa.Table:
        """The file's rate rows, or none in the columns of `con`'s rates table."""
        return db.empty(con, "rates") if self.rates is None else self.rates

    def numbered(self, file_id: int) -> StoredFile:
        """The same file under another id (its rows and report carry it)."""

        def renumber(table: pa.Table | None) -> pa.Table | None:
            if table is None or "file_id" not in table.column_names:
                return table
            column = pa.array([file_id] * table.num_rows, table.schema.field("file_id").type)
            return table.set_column(table.column_names.index("file_id"), "file_id", column)

        return StoredFile(
            file_id,
            self.size,
            {**self.report, "file_id": file_id},
            renumber(self.raw_lines),  # type: ignore[arg-type]
            renumber(self.liquidations),  # type: ignore[arg-type]
            renumber(self.rates),
        )


@dataclass
class Saved:
    files: list[StoredFile] = field(default_factory=list)
    tracker: pa.Table | None = None
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # part -> its JSON document
    versions: dict[str, int] = field(default_factory=dict)


class Store(ABC):
    """The operations a workspace needs; `kind` names the backend on the Help page."""

    kind: str

    @abstractmethod
    def create(self, owner: str | None) -> str: ...

    @abstractmethod
    def info(self, ws: str) -> WorkspaceInfo: ...

    @abstractmethod
    def touch(self, ws: str) -> None: ...

    @abstractmethod
    def set_members(self, ws: str, members: list[str]) -> None: ...

    @abstractmethod
    def versions(self, ws: str) -> dict[str, int]: ...

    @abstractmethod
    def add_file(self, ws: str, file: StoredFile) -> tuple[int, int]:
        """Append one loaded file; returns the new version of `files` and the id the file is kept under:
        its own, or the next free one when another session saved a file under that id first (two sessions
        on one link each number their next file from what they hold)."""

    @abstractmethod
    def clear_files(self, ws: str) -> int: ...

    @abstractmethod
    def remove_file(self, ws: str, file_id: int) -> int:
        """Remove one saved file (gone already: nothing to do); returns the files' new version."""

    @abstractmethod
    def update_tracker(self, ws: str, meta: dict[str, Any], merge: Callable[[pa.Table | None], pa.Table]) -> int:
        """Replace the tracker by `merge` of the stored one (None: none saved yet), in one transaction that
        holds the stored tracker until the new one is written; returns the tracker's new version."""

    @abstractmethod
    def put(self, ws: str, part: str, meta: dict[str, Any], tracker: pa.Table | None = None) -> int:
        """Replace a part (`tracker` with its table, `settings`); returns its new version."""

    @abstractmethod
    def load(self, ws: str, parts: tuple[str, ...] = PARTS) -> Saved: ...

    @abstractmethod
    def delete(self, ws: str) -> None: ...

    @abstractmethod
    def usage(self, ws: str | None = None) -> int:
        """Bytes one workspace (or, with None, all of them) takes on the disk or in the database."""

    @abstractmethod
    def expire(self, idle_days: int) -> list[str]:
        """Remove the workspaces not used for `idle_days`; returns their ids."""


class FileStore(Store):
    """One DuckDB database file per workspace in `directory`. A workspace file is opened for each
    operation and closed after it, so a second app process on the same host can take its turn."""

    kind = "DuckDB files"

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.sql = db.statements("store_files")
        self.rows = db.statements("workspace")  # the same tables as an analysis
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def path(self, ws: str) -> Path:
        if not valid_id(ws):
            raise WorkspaceNotFound(ws)
        return self.directory / f"{ws}.duckdb"

    def create(self, owner: str | None) -> str:
        ws = new_id()
        try:
            with self._open(ws, create=True) as con:
                db.run(con, "schema")  # the analysis tables the rows are kept in
                db.execute(con, self.sql["schema"])
                db.execute(con, self.sql["create"], id=ws, owner=owner)
        except BaseException:  # a full disk, say: no empty file is left to read as a damaged workspace
            for part in _database_files(self.path(ws)):
                part.unlink(missing_ok=True)
            raise
        return ws

    def info(self, ws: str) -> WorkspaceInfo:
        with self._open(ws) as con:
            row = db.execute(con, self.sql["info"]).fetchone()
        if row is None:
            raise WorkspaceNotFound(ws)
        owner, members, created, last_used = row
        return WorkspaceInfo(owner, list(members), created, last_used)

    def touch(self, ws: str) -> None:
        with self._open(ws) as con:
            db.execute(con, self.sql["touch"])

    def set_members(self, ws: str, members: list[str]) -> None:
        with self._open(ws) as con:
            db.execute(con, self.sql["set_members"], members=members)

    def versions(self, ws: str) -> dict[str, int]:
        with self._open(ws) as con:
            return dict(db.execute(con, self.sql["versions"]).fetchall())

    def add_file(self, ws: str, file: StoredFile) -> tuple[int, int]:
        with self._open(ws) as con:  # one writer per workspace file: the id read here is still free below
            self._migrate(con)
            [(taken,)] = db.execute(con, self.sql["last_file_id"]).fetchall()
            file = file if file.file_id > taken else file.numbered(taken + 1)
            con.register("incoming_lines", file.raw_lines)
            con.register("incoming_liquidations", file.liquidations)
            con.register("incoming_rates", file.rates_table(con))
            db.execute(con, self.sql["add_file"], file_id=file.file_id, size=file.size, report=json.dumps(file.report))
            return self._bump(con, "files", {}), file.file_id

    def clear_files(self, ws: str) -> int:
        with self._open(ws) as con:
            db.execute(con, self.sql["clear_files"])
            return self._bump(con, "files", {})

    def remove_file(self, ws: str, file_id: int) -> int:
        with self._open(ws) as con:
            db.execute(con, self.sql["remove_file"], file_id=file_id)
            return self._bump(con, "files", {})

    def update_tracker(self, ws: str, meta: dict[str, Any], merge: Callable[[pa.Table | None], pa.Table]) -> int:
        with self._open(ws) as con:  # one writer per workspace file
            con.register("incoming_tracker", merge(db.arrow(con, self.rows["tracker"])))
            db.execute(con, self.sql["put_tracker"])
            return self._bump(con, "tracker", meta)

    def put(self, ws: str, part: str, meta: dict[str, Any], tracker: pa.Table | None = None) -> int:
        with self._open(ws) as con:
            if tracker is not None:
                con.register("incoming_tracker", tracker)
                db.execute(con, self.sql["put_tracker"])
            return self._bump(con, part, meta)

    def load(self, ws: str, parts: tuple[str, ...] = PARTS) -> Saved:
        saved = Saved()
        with self._open(ws) as con:
            self._migrate(con)
            for part, version, meta in db.execute(con, self.sql["parts"]).fetchall():
                saved.versions[part] = version
                saved.meta[part] = json.loads(meta)
            if "files" in parts:
                for file_id, size, report in db.execute(con, self.sql["stored_files"]).fetchall():
                    saved.files.append(
                        StoredFile(
                            file_id,
                            size,
                            json.loads(report),
                            db.arrow(con, self.rows["file_lines"], file_id=file_id),
                            db.arrow(con, self.rows["file_liquidations"], file_id=file_id),
                            db.arrow(con, self.rows["file_rates"], file_id=file_id),
                        )
                    )
            if "tracker" in parts:
                saved.tracker = db.arrow(con, self.rows["tracker"])
        return saved

    def delete(self, ws: str) -> None:
        with self._lock(ws):
            for part in _database_files(self.path(ws)):
                part.unlink(missing_ok=True)

    def usage(self, ws: str | None = None) -> int:
        paths = [self.path(ws)] if ws is not None else list(self.directory.glob("*.duckdb"))
        return sum(part.stat().st_size for path in paths for part in _database_files(path) if part.exists())

    def expire(self, idle_days: int) -> list[str]:
        """By the file's time of last change: opening a workspace writes its last_used."""
        cutoff = time.time() - idle_days * 86400
        gone = []
        for aside in self.directory.glob("*.damaged-*"):  # set aside when found damaged: kept as long as any
            if aside.stat().st_mtime < cutoff:
                aside.unlink(missing_ok=True)
        for path in self.directory.glob("*.duckdb"):
            changed = max(p.stat().st_mtime for p in _database_files(path) if p.exists())
            if changed < cutoff and valid_id(path.stem):
                self.delete(path.stem)
                gone.append(path.stem)
        return gone

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        """A workspace file saved by an earlier version takes on the tables and columns added since."""
        db.run(con, "schema")
        db.execute(con, self.sql["migrate"])

    def _bump(self, con: duckdb.DuckDBPyConnection, part: str, meta: dict[str, Any]) -> int:
        db.execute(con, self.sql["bump"], part=part, meta=json.dumps(meta))
        return dict(db.execute(con, self.sql["versions"]).fetchall())[part]

    def _lock(self, ws: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(ws, threading.Lock())

    @contextmanager
    def _open(self, ws: str, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """The workspace's database in one transaction: committed whole, or not at all."""
        path = self.path(ws)
        with self._lock(ws):
            if path.exists() == create:
                raise WorkspaceNotFound(ws) if not create else FileExistsError(path)
            con = self._connect(ws, path, create)
            try:
                con.begin()
                yield con
                con.commit()
            except BaseException:
                with suppress(duckdb.Error):  # a commit that failed (a full disk) leaves nothing to roll back:
                    con.rollback()  # the error raised is the commit's, not "no transaction is active"
                raise
            finally:
                con.close()

    def _connect(self, ws: str, path: Path, create: bool) -> duckdb.DuckDBPyConnection:
        """The workspace file, opened; one that cannot be read as a database is set aside (renamed, never
        deleted: a person may recover it) and said once."""
        try:
            return _connect_waiting(path)
        except duckdb.IOException as error:
            if create or "lock" in str(error).lower():
                raise
            for part in _database_files(path):
                if part.exists():
                    part.rename(part.with_name(f"{part.name}.damaged-{int(time.time())}"))
            raise WorkspaceDamaged(ws) from error


def _database_files(path: Path) -> tuple[Path, Path]:
    """A DuckDB database and its write-ahead log (there until the next checkpoint)."""
    return path, path.with_name(path.name + ".wal")


def _connect_waiting(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a workspace file; while another process has it open, wait for its turn. With the session's
    threads (ACE_THREADS): a file's rows are compressed as they are saved, and for 1M rows one thread
    took 1.0-1.4 s of the wait for the first figures, two 0.55-0.7 s."""
    deadline = time.monotonic() + _LOCK_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(str(path), config={"threads": Limits.load().threads})
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class PostgresStore(Store):
    """Workspaces in PostgreSQL, for app replicas behind a load balancer. A connection per operation
    (few and short: a version check per page run, a write per change)."""

    kind = "PostgreSQL"

    def __init__(self, url: str) -> None:
        import psycopg  # only a host that configures PostgreSQL needs the driver loaded
        from psycopg.types.json import Jsonb

        self._psycopg, self._jsonb = psycopg, Jsonb
        self.url = url
        self.sql = db.statements("store_postgres")
        with self._open() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(72430011)")  # replicas starting at once
            for statement in _split(self.sql["schema"]):
                cur.execute(statement)

    def create(self, owner: str | None) -> str:
        ws = new_id()
        with self._open() as cur:
            self._run(cur, "create", id=ws, owner=owner)
        return ws

    def info(self, ws: str) -> WorkspaceInfo:
        with self._open() as cur:
            row = self._run(cur, "info", id=ws).fetchone()
        if row is None:
            raise WorkspaceNotFound(ws)
        owner, members, created, last_used = row
        return WorkspaceInfo(owner, list(members), created, last_used)

    def touch(self, ws: str) -> None:
        with self._open() as cur:
            self._run(cur, "touch", id=ws)

    def set_members(self, ws: str, members: list[str]) -> None:
        with self._open() as cur:
            self._run(cur, "set_members", id=ws, members=members)

    def versions(self, ws: str) -> dict[str, int]:
        with self._open() as cur:
            versions = dict(self._run(cur, "versions", id=ws).fetchall())
        if not versions:
            raise WorkspaceNotFound(ws)
        return versions

    def add_file(self, ws: str, file: StoredFile) -> tuple[int, int]:
        for attempt in range(_ID_ATTEMPTS):  # two replicas may take the same free id: the second tries again
            try:
                with self._open() as cur:
                    [(taken,)] = self._run(cur, "last_file_id", id=ws).fetchall()
                    numbered = file if file.file_id > taken else file.numbered(taken + 1)
                    self._run(
                        cur,
                        "add_file",
                        id=ws,
                        file_id=numbered.file_id,
                        size=numbered.size,
                        report=self._json(numbered.report),
                        raw_lines=_ipc(numbered.raw_lines),
                        liquidations=_ipc(numbered.liquidations),
                        rates=None if numbered.rates is None else _ipc(numbered.rates),
                    )
                    return self._bump(cur, ws, "files", {}, None), numbered.file_id
            except self._psycopg.errors.UniqueViolation:
                if attempt == _ID_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def clear_files(self, ws: str) -> int:
        with self._open() as cur:
            self._run(cur, "clear_files", id=ws)
            return self._bump(cur, ws, "files", {}, None)

    def remove_file(self, ws: str, file_id: int) -> int:
        with self._open() as cur:
            self._run(cur, "remove_file", id=ws, file_id=file_id)
            return self._bump(cur, ws, "files", {}, None)

    def update_tracker(self, ws: str, meta: dict[str, Any], merge: Callable[[pa.Table | None], pa.Table]) -> int:
        with self._open() as cur:
            rows = self._run(cur, "tracker_for_update", id=ws).fetchall()
            if not rows:
                raise WorkspaceNotFound(ws)
            [(body,)] = rows
            return self._bump(cur, ws, "tracker", meta, _ipc(merge(None if body is None else _table(body))))

    def put(self, ws: str, part: str, meta: dict[str, Any], tracker: pa.Table | None = None) -> int:
        with self._open() as cur:
            return self._bump(cur, ws, part, meta, None if tracker is None else _ipc(tracker))

    def load(self, ws: str, parts: tuple[str, ...] = PARTS) -> Saved:
        saved = Saved()
        with self._open() as cur:
            rows = self._run(cur, "parts", id=ws).fetchall()
            if not rows:
                raise WorkspaceNotFound(ws)
            for part, version, meta, body in rows:
                saved.versions[part] = version
                saved.meta[part] = meta
                if part == "tracker" and "tracker" in parts and body is not None:
                    saved.tracker = _table(body)
            if "files" in parts:
                for file_id, size, report, raw_lines, liquidations, rates in self._run(cur, "stored_files", id=ws):
                    saved.files.append(
                        StoredFile(
                            file_id,
                            size,
                            report,
                            _table(raw_lines),
                            _table(liquidations),
                            None if rates is None else _table(rates),
                        )
                    )
        return saved

    def delete(self, ws: str) -> None:
        with self._open() as cur:
            self._run(cur, "delete", id=ws)

    def usage(self, ws: str | None = None) -> int:
        with self._open() as cur:
            [(used,)] = self._run(cur, "usage", id=ws).fetchall()
            return int(used)

    def expire(self, idle_days: int) -> list[str]:
        with self._open() as cur:
            return [row[0] for row in self._run(cur, "expire", days=idle_days).fetchall()]

    def _bump(self, cur: Any, ws: str, part: str, meta: dict[str, Any], body: bytes | None) -> int:
        self._run(cur, "bump", id=ws, part=part, meta=self._json(meta), body=body)
        versions = dict(self._run(cur, "versions", id=ws).fetchall())
        if part not in versions:
            raise WorkspaceNotFound(ws)
        return versions[part]

    def _json(self, value: dict[str, Any]) -> Any:
        return self._jsonb(value)

    def _run(self, cur: Any, name: str, **params: Any) -> Any:
        for statement in _split(self.sql[name]):
            cur.execute(statement, params)
        return cur

    @contextmanager
    def _open(self) -> Iterator[Any]:
        """A cursor in one transaction (psycopg commits when the block ends, rolls back on an error).
        A write that names a workspace no longer there (deleted meanwhile) is WorkspaceNotFound."""
        try:
            with self._psycopg.connect(self.url, connect_timeout=10) as con, con.transaction(), con.cursor() as cur:
                yield cur
        except self._psycopg.errors.ForeignKeyViolation as error:
            raise WorkspaceNotFound(str(error.diag.message_detail)) from None


def _split(text: str) -> list[str]:
    """PostgreSQL takes one statement per execute when it is given parameters."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", code) if s.strip()]


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _table(body: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(body)).read_all()
