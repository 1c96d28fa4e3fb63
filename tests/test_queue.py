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


def test_a_load_waits_until_its_memory_fits_beside_the_loads_under_way() -> None:
    """Issue 26: a load's memory (read, hand-over and DuckDB together) counts from its read to its end, and
    the next load reads only once its own fits beside them, though a reading slot is free; one that fits
    goes at once, and one alone always may (a bound never refuses a file: the session's cap does)."""
    line = ReadingQueue(slots=2, memory=100)
    events: list[str] = []
    first_read, finish_first = threading.Event(), threading.Event()

    def first() -> None:
        with line.load(60):
            with line.turn(10):
                events.append("first read")
            first_read.set()
            finish_first.wait(10)  # its typing and merge in DuckDB, past its read
            events.append("first done")

    def second() -> None:
        with line.load(60), line.turn(10):
            events.append("second read")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    assert first_read.wait(5)
    with line.load(30), line.turn(10):  # a smaller one fits beside the first: read at once
        events.append("small read")
    threads[1].start()
    for _ in range(200):
        if (waiting := line.place(threads[1].ident or 0)) is not None:
            break
        time.sleep(0.01)
    assert waiting is not None and waiting.ahead == 1  # the first file, loading past its read
    time.sleep(0.2)
    assert events == ["first read", "small read"]  # a slot is free, the memory is not
    finish_first.set()
    for thread in threads:
        thread.join(5)
    assert events == ["first read", "small read", "first done", "second read"]
    with line.load(500), line.turn(10):  # larger than the bound, alone: read
        events.append("alone")
    assert events[-1] == "alone"


def test_a_server_holding_its_most_refuses_a_new_file_at_once_and_says_so() -> None:
    """Issue 26: what waits to be read is held in memory; past limits.host_upload_mb a file is refused in one
    line (listed on the Upload page with the others), and a file taken is let go once loaded."""
    from acecore.analysis import Analysis
    from acecore.limits import Limits
    from acecore.queue import reading_queue
    from acecore.sample import generate, to_csv
    from acecore.uploads import Uploads

    analysis = Analysis(Limits(host_upload_mb=1))
    data = to_csv(generate(entries=20, seed=5))
    line = reading_queue(analysis.limits)
    before = line.hold(0, 1 << 20)
    assert before is not None
    others = (1 << 20) - len(data) // 2 - before  # another session's files, waiting
    assert line.hold(others, 1 << 20) is not None
    try:
        refused = Uploads(analysis).submit("es003", "march.csv", data)
        assert refused.done and refused.data is None and refused.report is not None
        assert refused.report.status == "error" and "drop this file again in a few minutes" in refused.report.errors[0]
        assert [(r.name, r.status) for r in analysis.reports] == [("march.csv", "error")]
    finally:
        line.release(others)
    queue = Uploads(analysis)
    taken = queue.submit("es003", "march.csv", data)
    assert queue.wait(120) and taken.report is not None and taken.report.status == "ok"
    assert line.hold(0, 1 << 20) == before  # let go once loaded
