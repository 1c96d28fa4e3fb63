"""The host's reading queue: at most `slots` files are read at once (limits.parallel_parses), first come
first served, and each waiting file can say where it stands: how many files, of how many megabytes, are
ahead of it, and about how long that takes at the rate files have been read here. A whole load (`load`:
reading, the hand-over and DuckDB's typing and merge) also waits until its memory fits beside the loads
under way (limits.host_load_memory_mb): the server's memory is bounded however many people drop files."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from acecore.limits import Limits
from acecore.readers import workbook_kind

_START_RATE = 8e6  # bytes a second until files have been read here (a 25 MB export in about 3 s)
# What a load takes at its peak, for each byte of the file (the server's file, the reader, the hand-over
# and DuckDB together), measured with the load test: a 212 MB CSV of 1.5M rows took the server from about
# 75 MB to 1.37 GB (x6.1); a 100,000-row .xlsx (8 MB; its XML unpacks to some 20 times that) about 200 MB.
LOAD_FACTOR = {"csv": 6, "workbook": 25}


@dataclass
class Place:
    ahead: int  # files waiting or being read before this one
    ahead_bytes: int
    seconds: float  # about how long until this one's turn


@dataclass
class ReadingQueue:
    slots: int
    _line: list[tuple[int, int]] = field(default_factory=list)  # (thread, bytes) in arrival order
    _reading: dict[int, int] = field(default_factory=dict)  # thread -> bytes, being read now
    _rate: float = _START_RATE
    _turn: threading.Condition = field(default_factory=threading.Condition)
    _held: int = 0  # bytes of uploads the server holds, waiting or loading (hold, release)
    memory: int = 0  # bytes the loads under way may take together (0: no bound)
    _loading: dict[int, int] = field(default_factory=dict)  # thread -> a load's memory, from its read to its end
    _wants: dict[int, int] = field(default_factory=dict)  # thread -> the memory its load asks, before its read

    def hold(self, size: int, cap: int) -> int | None:
        """Count an upload's bytes as held until released; None when `cap` bytes are held already with it
        (the file is refused then), else what is held now."""
        with self._turn:
            if self._held and self._held + size > cap:  # one file alone is bounded by the session's cap
                return None
            self._held += size
            return self._held

    def release(self, size: int) -> None:
        with self._turn:
            self._held = max(0, self._held - size)

    @contextmanager
    def load(self, memory: int) -> Iterator[None]:
        """A whole load by this thread, asking `memory` bytes (load_memory): its read's turn waits too until
        that fits beside the loads under way (one alone always may), and the memory stays counted until the
        load ends."""
        me = threading.get_ident()
        with self._turn:
            self._wants[me] = memory
        try:
            yield
        finally:
            with self._turn:
                self._wants.pop(me, None)
                self._loading.pop(me, None)
                self._turn.notify_all()

    def _fits(self, thread: int) -> bool:
        wanted = self._wants.get(thread, 0)
        return not (self.memory and self._loading) or sum(self._loading.values()) + wanted <= self.memory

    @contextmanager
    def turn(self, size: int) -> Iterator[None]:
        """Wait for this thread's turn (and, within a `load`, for its memory), then hold a slot while the
        file is read."""
        me = threading.get_ident()
        with self._turn:
            self._line.append((me, size))
            self._turn.wait_for(lambda: len(self._reading) < self.slots and self._line[0][0] == me and self._fits(me))
            self._line.pop(0)
            self._reading[me] = size
            if me in self._wants:
                self._loading[me] = self._wants.pop(me)
            self._turn.notify_all()
        started = time.monotonic()
        try:
            yield
        finally:
            seconds = max(time.monotonic() - started, 1e-3)
            with self._turn:
                del self._reading[me]
                if size > 1e6:  # a small file's start-up time says nothing of the rate
                    self._rate = 0.7 * self._rate + 0.3 * size / seconds
                self._turn.notify_all()

    def place(self, thread: int) -> Place | None:
        """Where a thread's file stands in the line; None when it is not waiting."""
        with self._turn:
            for index, (waiting, _) in enumerate(self._line):
                if waiting == thread:
                    before = self._line[:index]
                    under_way = set(self._reading) | set(self._loading)  # read now, or loaded past their read
                    ahead_bytes = sum(size for _, size in before) + sum(self._reading.values())
                    rate = self._rate * self.slots
                    return Place(
                        ahead=len(before) + len(under_way), ahead_bytes=ahead_bytes, seconds=ahead_bytes / rate
                    )
        return None


_queue: ReadingQueue | None = None
_queue_lock = threading.Lock()


def reading_queue(limits: Limits) -> ReadingQueue:
    """The one queue of this server process (its slots and memory from the first caller's limits: the
    host's, the same for every session)."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = ReadingQueue(limits.parallel_parses, memory=limits.host_load_memory_mb << 20)
        return _queue


def load_memory(data: bytes) -> int:
    """About what loading this file takes at its peak (LOAD_FACTOR): a workbook (a zip, or an old .xls)
    unpacks to far more than its bytes."""
    return len(data) * LOAD_FACTOR["csv" if workbook_kind(data) is None else "workbook"]
