"""Read an upload in a child process with an address-space and a time limit.

The readers are native code (calamine in Rust, pyarrow in C++). A crafted file can make them ask for
more memory than the host has, and Rust answers a failed allocation with abort(): no Python `except`
runs, the process is gone (../shared/findings/security-review.md, F1). In a child process that costs
only the child; the server and every other session carry on, and the user gets one plain line.

Each file gets a fresh process (`python -m acecore.isolation`); one is kept started and waiting, with
the readers imported, so a read rarely waits for an interpreter. The file and the answer pass through
two anonymous in-memory files (memfd) the child is started with: the parent writes the file into one,
the child writes its answer (JSON, then an Arrow stream, never a pickle: what a child that read a hostile
file says is data, not code) into the other, and the parent maps the answer instead of copying it (for
1.5M rows, 0.15 s where a pipe took 0.9 s). On Linux nothing touches a disk.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.abc
import json
import mmap
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from acecore.limits import Limits
from acecore.queue import reading_queue
from acecore.readers import RawSheet, ReadError, read_file

TOO_BIG = (
    "reading the file needed more memory than one file may take here: it is far larger inside than "
    "an export (or damaged); split the export by date range"
)
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_spare: _Child | None = None
_spare_lock = threading.Lock()


@dataclass
class _Child:
    """A reader process and the two in-memory files it was started with."""

    process: subprocess.Popen
    request: int  # the file, written here
    answer: int  # the answer, written by the child

    def close(self) -> None:
        for descriptor in (self.request, self.answer):
            os.close(descriptor)


def _memory_file(name: str) -> int:
    """An anonymous file in memory (Linux memfd); where there is none (macOS), an unlinked temporary file."""
    if hasattr(os, "memfd_create"):
        return os.memfd_create(name)
    with tempfile.TemporaryFile(prefix=name) as handle:
        return os.dup(handle.fileno())


def _start() -> _Child:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    request, answer = _memory_file("ace-request"), _memory_file("ace-answer")
    process = subprocess.Popen(
        [sys.executable, "-m", "acecore.isolation", str(request), str(answer)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(request, answer),
        env=env,
    )
    return _Child(process, request, answer)


def _waiting_child() -> _Child:
    """The waiting child, started if there is none or it is gone; with _spare_lock held."""
    global _spare
    if _spare is None or _spare.process.poll() is not None:
        if _spare is not None:
            _spare.close()
        _spare = _start()
    return _spare


def warm() -> None:
    """Start the waiting child now (its imports take about a second), so that the first file does not wait."""
    with _spare_lock:
        _waiting_child()


def _worker() -> _Child:
    """The waiting child (a new one if it is gone). The next one is started once this read is done
    (warm()): started now, its imports would take a core from this read."""
    global _spare
    with _spare_lock:
        worker = _waiting_child()
        _spare = None
        return worker


def read_isolated(
    name: str, data: bytes, multiline: bool = False, limits: Limits | None = None, then_warm: bool = True
) -> RawSheet:
    """`readers.read_file` in a child process; any failure there is a ReadError here. The next child is
    started once this one is done, unless `then_warm` is false (no file follows: the command line's last
    one), for its imports would take a core from the loading of this file."""
    limits = limits or Limits.load()
    head = pickle.dumps((name, len(data), multiline, limits.parse_memory_mb << 20), protocol=pickle.HIGHEST_PROTOCOL)
    with reading_queue(limits).turn(len(data)):
        worker = _worker()
        try:
            sheet, timed_out = _ask(worker, head, data, limits.parse_seconds)
        finally:
            worker.close()
            if then_warm:
                warm()
    if timed_out:
        raise ReadError(
            f"reading the file took longer than {limits.parse_seconds} s and was stopped: split the export by "
            "date range"
        )
    returncode = worker.process.returncode
    if returncode != 0 or sheet is None:  # killed, aborted by a native reader, or an answer cut short
        raise ReadError(
            TOO_BIG
            if returncode in (-6, -9, -11, 134, 137, 0)
            else f"the reader stopped on this file (exit {returncode})"
        )
    return sheet


def _ask(worker: _Child, head: bytes, data: bytes, seconds: float) -> tuple[RawSheet | None, bool]:
    """Hand the file to the child and wait for it to end (killed past `seconds`): its answer, if whole,
    and whether time ran out."""
    assert worker.process.stdin is not None
    with contextlib.suppress(OSError):  # the child is gone (its exit code says why), or the file did not fit
        with open(worker.request, "wb", closefd=False) as request:
            request.write(data)
        worker.process.stdin.write(head)
    with contextlib.suppress(OSError):  # closed in any case: a child waiting for a request would wait out the time
        worker.process.stdin.close()
    try:
        worker.process.wait(seconds)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait()
        return None, True
    return (_receive(worker.answer) if worker.process.returncode == 0 else None), False


def _receive(answer: int) -> RawSheet | None:
    """The child's answer, mapped, not copied: a JSON head, then the table as an Arrow stream whose
    buffers stay in the mapping. None when it is cut short."""
    try:
        size = os.fstat(answer).st_size
        mapped = pa.py_buffer(mmap.mmap(answer, size, prot=mmap.PROT_READ)) if size else pa.py_buffer(b"")
        length = int.from_bytes(mapped[:8].to_pybytes(), "little")
        head = json.loads(mapped[8 : 8 + length].to_pybytes()) if length else None
        if head is None:
            return None
        if "error" in head:
            raise ReadError(head["error"])
        table = pa.ipc.open_stream(mapped[8 + length :]).read_all()
    except (ValueError, KeyError, OSError, pa.ArrowInvalid):
        return None
    return RawSheet(
        head["kind"],
        head["sheet"],
        head["header_row"],
        head["headers"],
        table,
        [tuple(e) for e in head["row_errors"]],
        head["malformed_rows"],
        head["warnings"],
    )


def _write(out: BinaryIO, sheet: RawSheet) -> None:
    """The head, then the table batch by batch, each batch's memory let go once written."""
    out.write(
        _head(
            {
                "kind": sheet.kind,
                "sheet": sheet.sheet,
                "header_row": sheet.header_row,
                "headers": sheet.headers,
                "row_errors": sheet.row_errors,
                "malformed_rows": sheet.malformed_rows,
                "warnings": sheet.warnings,
            }
        )
    )
    schema, batches = sheet.table.schema, sheet.table.to_batches()
    sheet.table = schema.empty_table()
    with pa.ipc.new_stream(out, schema) as writer:
        while batches:
            writer.write_batch(batches.pop(0))


def _no_huge_pages() -> None:
    """Linux maps the reader's allocations with transparent huge pages (pyarrow's allocator asks for
    them), and each first touch of one zeroes 2 MB: reading 1.5M rows spent 1.6-2.9 s in the kernel,
    0.8-0.9 s with 4 KB pages (the read 1.7-2.6 -> 1.4-1.5 s). prctl(PR_SET_THP_DISABLE) for this
    process only; elsewhere nothing."""
    prctl = getattr(ctypes.CDLL(None), "prctl", None)
    if sys.platform == "linux" and prctl is not None:
        prctl(41, 1, 0, 0, 0)  # PR_SET_THP_DISABLE, <linux/prctl.h>


def _child(request: int, answer: int) -> None:
    """Wait (imports done) for one request on stdin, read the file under the memory limit, answer."""
    _no_huge_pages()
    try:
        name, size, multiline, memory_bytes = pickle.load(sys.stdin.buffer)  # from the parent: trusted
    except EOFError:  # the parent went away before handing over a file
        os._exit(0)
    data = bytearray(size)  # the reader empties it once parsed (read_file)
    with open(request, "rb") as handed:
        handed.seek(0)  # the parent's writing moved the offset both share
        handed.readinto(data)
        os.ftruncate(request, 0)  # read: its memory goes back
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    with open(answer, "wb") as out:
        try:
            _write(out, read_file(name, data, multiline))
        except ReadError as error:
            out.write(_head({"error": str(error)}))
        except MemoryError:
            out.write(_head({"error": TOO_BIG}))
        except Exception as error:  # not foreseen: a line for the user, no file contents
            out.write(_head({"error": f"the file could not be read ({type(error).__name__})"}))
    os._exit(0)  # no interpreter shutdown: a reader's thread pool can hang it (security review F15)


def _head(fields: dict) -> bytes:
    text = json.dumps(fields).encode()
    return len(text).to_bytes(8, "little") + text


class _NoPandas(importlib.abc.MetaPathFinder):
    """pyarrow imports pandas the first time it builds an array, if it can. The reader never needs it,
    and it cost each read 0.25 s and some 40 MB; a failed import is what pyarrow expects without it (a
    None in sys.modules is not: pyarrow then fails)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ImportError("the file reader works without pandas")
        return None


if __name__ == "__main__":
    sys.meta_path.insert(0, _NoPandas())
    _child(int(sys.argv[1]), int(sys.argv[2]))
