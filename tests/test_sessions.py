"""A session on a shared host: its uploads load to the end in a thread of their own, two threads never
meet in its database, and what one session may take is bounded (acecore.limits)."""

import datetime as dt
import threading
from decimal import Decimal

import duckdb
import pytest

from acecore import db
from acecore.analysis import Analysis
from acecore.limits import Limits
from acecore.overview import headline
from acecore.recovery import routes
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker
from acecore.uploads import Uploads
from tests.helpers import parse_csv, write_csv

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

AS_OF = dt.date(2026, 11, 24)
DATA = to_csv(generate(entries=300, seed=11))


def expected() -> Decimal:
    analysis = Analysis()
    analysis.add_file("x.csv", DATA)
    return headline(analysis, AS_OF).ieepa_paid


def test_uploads_load_to_the_end_without_anyone_waiting() -> None:
    analysis = Analysis()
    queue = Uploads(analysis)
    jobs = [queue.submit("es003", "a.csv", DATA), queue.submit("es003", "b.csv", b"\x89PNG\r\n\x1a\n\x00\x00")]
    assert queue.wait(120)
    assert [j.report.status for j in jobs] == ["ok", "error"] and all(j.data is None for j in jobs)
    assert headline(analysis, AS_OF).ieepa_paid == expected()


def test_a_tracker_upload_goes_through_the_same_queue() -> None:
    analysis = Analysis()
    queue = Uploads(analysis)
    queue.submit("es003", "a.csv", DATA)
    queue.wait(120)
    rows = parse_csv(export_tracker(analysis, AS_OF))
    rows[0].update(action_status="refunded", refund_amount="10.00")
    queue.submit("tracker", "t.csv", write_csv(rows))
    assert queue.wait(120) and queue.last("tracker").report.status == "ok"
    assert headline(analysis, AS_OF).recovered == Decimal("10.00")


def test_page_queries_while_a_file_loads_never_meet_in_duckdb() -> None:
    """Streamlit starts a page run before the last has stopped; the lock makes them take turns."""
    analysis = Analysis()
    queue = Uploads(analysis)
    errors: list[BaseException] = []

    def page() -> None:
        try:
            for day in range(12):
                with analysis.lock:
                    headline(analysis, AS_OF - dt.timedelta(days=day))
                    routes(analysis, AS_OF - dt.timedelta(days=day))
        except BaseException as error:  # noqa: BLE001 - any error is the finding
            errors.append(error)

    for n in range(3):
        queue.submit("es003", f"{n}.csv", to_csv(generate(entries=200, seed=n)))
    threads = [threading.Thread(target=page) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert queue.wait(300)
    assert errors == []
    assert all(j.report.status == "ok" for j in queue.jobs)


def test_a_session_over_its_upload_cap_gets_a_plain_line_and_keeps_its_files() -> None:
    analysis = Analysis(Limits(session_upload_mb=1))
    first = analysis.add_file("small.csv", to_csv(generate(entries=20)))
    report = analysis.add_file("big.csv", to_csv(generate(entries=2000)))
    assert first.status == "ok" and report.status == "error" and "takes at most 1 MB" in report.errors[0]
    assert analysis.sql("SELECT count(*) AS n FROM entries").column("n")[0].as_py() == first.entries


def test_a_session_over_its_memory_limit_gets_a_plain_line_and_keeps_its_files() -> None:
    analysis = Analysis(Limits(session_memory_mb=64))
    first = analysis.add_file("small.csv", to_csv(generate(entries=20)))
    report = analysis.add_file("big.csv", to_csv(generate(entries=30_000, seed=5)))
    assert first.status == "ok"
    assert report.status == "error" and "memory limit (64 MB)" in report.errors[0]
    assert analysis.sql("SELECT count(*) AS n FROM entries").column("n")[0].as_py() == first.entries


def test_a_file_that_takes_too_long_to_read_is_stopped() -> None:
    analysis = Analysis(Limits(parse_seconds=1))
    header = b"Entry Summary Number,Entry Summary Line Number,HTS Number - Full"
    # 3,000,000 lines that are not UTF-8 (12 MB): each is read as Windows-1252 on its own, some 4 s here.
    # Not a large file: 200 MB of good rows once took several seconds, and since 2026-12-02 less than one;
    # nor malformed rows, which are refused past readers.MAX_MALFORMED_ROWS.
    report = analysis.add_file("slow.csv", header + b"\n" + b"\xe9,,\n" * 3_000_000)
    assert report.status == "error" and "longer than 1 s" in report.errors[0]


def test_limits_come_from_the_environment_then_the_host_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACE_SESSION_MEMORY_MB", "512")
    monkeypatch.setenv("ACE_THREADS", "1")
    limits = Limits.load({"session_upload_mb": 50})
    assert (limits.session_memory_mb, limits.threads, limits.session_upload_mb) == (512, 1, 50)
    con = Analysis(limits).con
    assert con.execute("SELECT current_setting('threads')").fetchone()[0] == 1
    assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] in ("512.0 MiB", "488.2 MiB")


def test_the_upload_queue_compacts_the_session_once_its_files_are_in_and_changes_no_number() -> None:
    data = to_csv(generate(entries=4_000, seed=7))
    plain = Analysis()
    plain.add_file("march.csv", data)
    plain.merge()
    queued = Analysis()
    queue = Uploads(queued)
    queue.submit("es003", "march.csv", data)
    assert queue.wait(120)
    for table, key in (("entries", "entry_number"), ("lines", "entry_number, line_number, tariff_ordinal")):
        query = f"SELECT * FROM {table} ORDER BY {key}"  # a checkpoint compresses, it changes nothing
        assert queued.sql(query) == plain.sql(query), table
    classes = "SELECT * FROM tariff_classes ORDER BY entry_number, line_number, tariff_ordinal"
    assert queued.sql(classes) == plain.sql(classes)
    assert queued.held_mb < plain.held_mb / 2  # what the session keeps between clicks


def test_a_file_the_merge_cannot_take_is_refused_whole_and_the_rest_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    analysis = Analysis()
    first = analysis.add_file("march.csv", to_csv(generate(entries=30, seed=1)))
    before = analysis.sql("SELECT * FROM entries ORDER BY entry_number")
    real_run = db.run

    def classify_out_of_memory(con, name, **params):  # noqa: ANN001, ANN003, ANN202
        if name == "classify":
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")
        return real_run(con, name, **params)

    monkeypatch.setattr(db, "run", classify_out_of_memory)
    report = analysis.add_file("april.csv", to_csv(generate(entries=30, seed=2)))
    monkeypatch.setattr(db, "run", real_run)

    assert first.status == "ok" and report.status == "error" and "memory limit" in report.errors[0]
    assert analysis.sql("SELECT count(*) FROM raw_lines WHERE file_id = 2")[0][0].as_py() == 0
    assert analysis.sql("SELECT * FROM entries ORDER BY entry_number") == before
