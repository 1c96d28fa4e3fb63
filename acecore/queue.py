"""The host's reading queue: at most `slots` files are read at once (limits.parallel_parses), first come
first served, and each waiting file can say where it stands: how many files, of how many megabytes, are
ahead of it, and about how long that takes at the rate files have been read here."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

_START_RATE = 8e6  # bytes a second until files have been read here (a 25 MB export in about 3 s)


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
    def turn(self, size: int) -> Iterator[None]:
        """Wait for this thread's turn, then hold a slot while the file is read."""
        me = threading.get_ident()
        with self._turn:
            self._line.append((me, size))
            self._turn.wait_for(lambda: len(self._reading) < self.slots and self._line[0][0] == me)
            self._line.pop(0)
            self._reading[me] = size
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
                    ahead_bytes = sum(size for _, size in before) + sum(self._reading.values())
                    rate = self._rate * self.slots
                    return Place(
                        ahead=len(before) + len(self._reading), ahead_bytes=ahead_bytes, seconds=ahead_bytes / rate
                    )
        return None


_queue: ReadingQueue | None = None
_queue_lock = threading.Lock()


def reading_queue(slots: int) -> ReadingQueue:
    """The one queue of this server process (its size from the first caller's limits)."""
    global _queue
    with _queue_lock:
        if _queue is None:
            _queue = ReadingQueue(slots)
        return _queue
