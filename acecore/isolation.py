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
from typing import BinaryIO

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


def _worker() -> subprocess.Popen:
    """The waiting child if it is still there, and a new one started to wait for the next file."""
    global _spare
    with _spare_lock:
        worker = _spare if _spare is not None and _spare.poll() is None else _start()
        _spare = _start()
        return worker


def _parse_slots(count: int) -> threading.BoundedSemaphore:
    """One semaphore for the whole host process: at most `count` files are read at once."""
    global _slots
    with _spare_lock:
        if _slots is None:
            _slots = threading.BoundedSemaphore(count)
        return _slots


def read_isolated(name: str, data: bytes, multiline: bool = False, limits: Limits | None = None) -> RawSheet:
    """`readers.read_file` in a child process; any failure there is a ReadError here."""
    limits = limits or Limits.load()
    request = pickle.dumps((name, data, multiline, limits.parse_memory_mb << 20), protocol=pickle.HIGHEST_PROTOCOL)
    with _parse_slots(limits.parallel_parses):
        worker = _worker()
        try:
            answer, _ = worker.communicate(request, timeout=limits.parse_seconds)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.communicate()
            raise ReadError(
                f"reading the file took longer than {limits.parse_seconds} s and was stopped: split the "
                "export by date range"
            ) from None
    if worker.returncode != 0 or len(answer) < 8:  # killed, or aborted by a native reader
        raise ReadError(
            TOO_BIG
            if worker.returncode in (-6, -9, -11, 134, 137)
            else f"the reader stopped on this file (exit {worker.returncode})"
        )
    try:
        return _decode(answer)
    except (ValueError, KeyError, pa.ArrowInvalid) as error:  # an answer cut short where the child ran out
        raise ReadError(TOO_BIG) from error


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


def _decode(answer: bytes) -> RawSheet:
    size = int.from_bytes(answer[:8], "little")
    head = json.loads(answer[8 : 8 + size])
    if "error" in head:
        raise ReadError(head["error"])
    table = pa.ipc.open_stream(pa.py_buffer(answer)[8 + size :]).read_all()
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


def _child() -> None:
    """Wait (imports done) for one request on stdin, read the file under the memory limit, answer."""
    try:
        name, data, multiline, memory_bytes = pickle.load(sys.stdin.buffer)  # from the parent: trusted
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
