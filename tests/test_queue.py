"""The host's reading queue: first come first served, at most `slots` files at once, and a waiting file
knows what is ahead of it (the Upload progress says "2 files of other users ahead of yours, about 40 s")."""

import threading
import time

from acecore.queue import ReadingQueue


def test_files_are_read_in_arrival_order_and_each_waiting_one_knows_what_is_ahead() -> None:
    line = ReadingQueue(slots=1)
    order: list[str] = []
    release = {name: threading.Event() for name in ("a", "b", "c")}
    threads: dict[str, threading.Thread] = {}

    def read(name: str, size: int) -> None:
        with line.turn(size):
            order.append(name)
            release[name].wait(10)

    for name, size in (("a", 30_000_000), ("b", 20_000_000), ("c", 10_000_000)):
        threads[name] = threading.Thread(target=read, args=(name, size))
        threads[name].start()
        time.sleep(0.1)  # arrival order a, b, c
    c = line.place(threads["c"].ident or 0)
    assert c is not None and (c.ahead, c.ahead_bytes) == (2, 50_000_000) and c.seconds > 0
    assert line.place(threads["a"].ident or 0) is None  # being read, not waiting
    for name in ("a", "b", "c"):
        release[name].set()
        threads[name].join(5)
    assert order == ["a", "b", "c"]


def test_two_slots_read_two_files_at_once() -> None:
    line = ReadingQueue(slots=2)
    inside, most = [0], [0]
    lock = threading.Lock()

    def read() -> None:
        with line.turn(1000):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.2)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=read) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert most[0] == 2
