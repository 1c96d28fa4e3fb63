"""Read an upload in a child process with an address-space and a time limit.

The readers are native code (calamine in Rust, pyarrow in C++). A crafted file can make them ask for
more memory than the host has, and Rust answers a failed allocation with abort(): no Python `except`
runs, the process is gone (../shared/findings/security-review.md, F1). In a child process that costs
only the child; the server and every other session carry on, and the user gets one plain line.

Each file gets a fresh process (`python -m acecore.isolation`); one is kept started and waiting, with
the readers imported, so a read rarely waits for an interpreter. The child answers with JSON and an
Arrow stream, never a pickle: what a child that read a hostile file says is data, not code.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, BinaryIO

import pyarrow as pa

from acecore.limits import Limits
from acecore.readers import RawSheet, ReadError, read_file

TOO_BIG = (
    "reading the file needed more memory than one file may take here: it is far larger inside than "
    "an export (or damaged); split the export by date range"
)
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
_spare: subprocess.Popen | None = None
_spare_lock = threading.Lock()
_slots: threading.BoundedSemaphore | None = None


def _start() -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_ROOT, os.environ.get("PYTHONPATH")]))}
    return subprocess.Popen(
        [sys.executable, "-m", "acecore.isolation"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )


def _waiting_child() -> subprocess.Popen:
    """The waiting child, started if there is none or it is gone; with _spare_lock held."""
    global _spare
    if _spare is None or _spare.poll() is not None:
        _spare = _start()
    return _spare


def warm() -> None:
    """Start the waiting child now (its imports take about a second), so that the first file does not wait."""
    with _spare_lock:
        _waiting_child()


def _worker() -> subprocess.Popen:
    """The waiting child (a new one if it is gone). The next one is started once this read is done
    (warm()): started now, its imports would take a core from this read."""
    global _spare
    with _spare_lock:
        worker = _waiting_child()
        _spare = None
        return worker


def _parse_slots(count: int) -> threading.BoundedSemaphore:
    """One semaphore for the whole host process: at most `count` files are read at once."""
    global _slots
    with _spare_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(count)
        return _slots


def read_isolated(name: str, data: bytes, multiline: bool = False, limits: Limits | None = None) -> RawSheet:
    """`readers.read_file` in a child process; any failure there is a ReadError here. The file goes to the
    child from a thread of its own while the answer streams back into Arrow: neither is held twice."""
    limits = limits or Limits.load()
    head = pickle.dumps((name, len(data), multiline, limits.parse_memory_mb << 20), protocol=pickle.HIGHEST_PROTOCOL)
    with _parse_slots(limits.parallel_parses):
        worker = _worker()
        timed_out = threading.Event()

        def stop() -> None:
            timed_out.set()
            worker.kill()

        timer = threading.Timer(limits.parse_seconds, stop)
        feeder = threading.Thread(target=_feed, args=(worker, head, data), daemon=True)
        timer.start()
        feeder.start()
        try:
            sheet = _receive(worker.stdout)
        finally:
            timer.cancel()
            worker.wait()
            feeder.join()
            warm()
    if timed_out.is_set():
        raise ReadError(
            f"reading the file took longer than {limits.parse_seconds} s and was stopped: split the export by "
            "date range"
        )
    if worker.returncode != 0 or sheet is None:  # killed, aborted by a native reader, or an answer cut short
        raise ReadError(
            TOO_BIG
            if worker.returncode in (-6, -9, -11, 134, 137, 0)
            else f"the reader stopped on this file (exit {worker.returncode})"
        )
    return sheet


def _feed(worker: subprocess.Popen, head: bytes, data: bytes) -> None:
    assert worker.stdin is not None
    try:
        worker.stdin.write(head)
        worker.stdin.write(data)
        worker.stdin.close()
    except OSError:  # the child is gone (killed, or out of memory): the answer says so
        pass


def _receive(stream: IO[bytes] | None) -> RawSheet | None:
    """The child's answer: a JSON head, then the table as an Arrow stream; None when it is cut short."""
    assert stream is not None
    try:
        size = int.from_bytes(stream.read(8), "little")
        head = json.loads(stream.read(size)) if size else None
        if head is None:
            return None
        if "error" in head:
            raise ReadError(head["error"])
        table = pa.ipc.open_stream(stream).read_all()
    except (ValueError, KeyError, OSError, pa.ArrowInvalid):
        return None
    finally:
        stream.close()
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
    with pa.ipc.new_stream(out, sheet.table.schema) as writer:
        writer.write_table(sheet.table)


def _child() -> None:
    """Wait (imports done) for one request on stdin, read the file under the memory limit, answer."""
    try:
        name, size, multiline, memory_bytes = pickle.load(sys.stdin.buffer)  # from the parent: trusted
        data = sys.stdin.buffer.read(size)
    except EOFError:  # the parent went away before handing over a file
        os._exit(0)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    out = sys.stdout.buffer
    try:
        _write(out, read_file(name, data, multiline))
    except ReadError as error:
        out.write(_head({"error": str(error)}))
    except MemoryError:
        out.write(_head({"error": TOO_BIG}))
    except Exception as error:  # not foreseen: a line for the user, no file contents
        out.write(_head({"error": f"the file could not be read ({type(error).__name__})"}))
    out.flush()
    os._exit(0)  # no interpreter shutdown: a reader's thread pool can hang it (security review F15)


def _head(fields: dict) -> bytes:
    text = json.dumps(fields).encode()
    return len(text).to_bytes(8, "little") + text


if __name__ == "__main__":
    _child()
