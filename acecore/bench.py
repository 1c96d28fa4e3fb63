"""Benchmark: `python -m acecore.bench [--rows 1000000] [--xlsx-rows 100000]`.

Runs `python -m acecore analyze` end to end (every output written) on a generated ES-003 CSV (the plain
ACE layout with quantity and liquidation columns) next to DuckDB's bare `read_csv` of the same file, and
prints the two ratios issue 12 sets goals for (wall time within 5x, peak memory within 3x), the time
of each stage of the analysis, what a dashboard session holding the file keeps in DuckDB (loaded, then
compacted), the dashboard's upload of the file to its first figures (read, load, merge, saved to a
workspace, the headline's query), and an .xlsx loaded through acecore. It also times the least any
design could do before its first figure: DuckDB reads every cell as text and acecore's SQL (stage.sql,
insert_staged.sql) types it, in one process with no reader child; what that leaves of the x5 is printed.
Each measurement runs in a fresh process, so its peak memory is its own: what the process and its
children (the file reader) held at one moment,
sampled every 20 ms from /proc by the benchmark's own process (their own pages, and the machine's shared
memory beyond what it held before: the reader's in-memory files). The sum of each one's own peak, an
upper bound, is printed beside it. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TypedDict

AS_OF = "2026-11-24"
GOALS = {"wall": 5.0, "memory": 3.0, "parquet wall": 3.0, "figures": 3.0}  # against DuckDB's bare read of the file


def _peak_mb() -> float:
    """The sum of the process's own peak and its largest child's: an upper bound of what they held at once."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def _cpu_of_children() -> float:
    """User and system seconds of every child process that ended, with the children they waited for (a
    measurement's reader processes): CPU time varies less than wall time on a shared machine, so it shows
    whether a change did less work when the wall time is within the noise."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _kb(path: str, *fields: str) -> int:
    """The sum of some `Name:   123 kB` fields of a /proc file; 0 once the process is gone."""
    try:
        with open(path) as listed:
            return sum(int(line.split()[1]) for line in listed if line.split(":")[0] in fields)
    except OSError:
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return [int(child) for child in listed.read().split()]
    except OSError:
        return []


def _tree_mb(pid: int, shared_before: int) -> float:
    """What a process and its children hold now: their own pages, and the machine's shared memory beyond
    what it held before (the reader's in-memory files: shared pages are counted once, not per process)."""
    own = sum(_kb(f"/proc/{p}/status", "RssAnon", "RssFile") for p in [pid, *_children(pid)])
    return (own + _kb("/proc/meminfo", "Shmem") - shared_before) / 1024


def _make_data(directory: Path, rows: int, kind: str) -> Path:
    from acecore import sample

    path = directory / f"es003-{rows}.{kind}"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    generated = itertools.islice(sample.iter_rows(entries=rows // 5, seed=1), rows)
    if kind == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            sample.write_csv(generated, handle)
    else:
        path.write_bytes(sample.to_xlsx(list(generated)))
    return path


class Measured(TypedDict):
    rows: int
    seconds: float
    peak_mb: float  # at one moment, sampled
    bound_mb: float  # the process's own peak plus its largest child's
    cpu_seconds: float  # user and system time of the process and its reader, on every core
    steps: dict[str, float]
    held_mb: float  # load+merge: the session's DuckDB memory once loaded, then compacted as the dashboard does
    compacted_mb: float


def _measure(method: str, path: Path) -> Measured:
    """Run in a child process: one method on one file."""
    import duckdb

    from acecore import cli, db

    start = time.perf_counter()
    held = compacted = 0.0
    if method == "duckdb read_csv":
        con = duckdb.connect()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    elif method == "typing floor":
        rows = _read_and_type(path)
    elif method == "acecore analyze":
        with tempfile.TemporaryDirectory() as out:
            code = cli.main(["analyze", str(path), "--as-of", AS_OF, "--out", out])
            assert code == 0, code
            with (Path(out) / "lines.csv").open("rb") as handle:
                rows = sum(1 for _ in handle) - 1
    elif method == "analyze parquet":
        import pyarrow.parquet as pq

        with tempfile.TemporaryDirectory() as out:
            code = cli.main(["analyze", str(path), "--as-of", AS_OF, "--out", out, "--format", "parquet"])
            assert code == 0, code
            rows = pq.read_metadata(Path(out) / "lines.parquet").num_rows
    elif method == "dashboard upload":
        rows, start = _upload_to_figures(path)
    else:  # "acecore load+merge"
        from acecore.analysis import Analysis

        analysis = Analysis()
        report = analysis.add_file(path.name, path.read_bytes(), more_to_come=False)  # loaded and merged
        rows, held = report.rows_kept, analysis.held_mb
        analysis.compact()
        compacted = analysis.held_mb
    return {
        "rows": rows,
        "seconds": time.perf_counter() - start,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # the run's own; see _run
        "bound_mb": _peak_mb(),
        "cpu_seconds": 0.0,  # counted by _run, from outside
        "steps": dict(db.STEP_SECONDS),
        "held_mb": held,
        "compacted_mb": compacted,
    }


def _upload_to_figures(path: Path) -> tuple[int, float]:
    """The dashboard's path from a dropped file to its first figures, on the server: the upload queue
    (read, load, merge, compact), the save to a workspace (a DuckDB file), the headline's query. Timed
    from the drop, in a session already open (its reader process started); the rows kept, and when the
    clock started."""
    import datetime as dt

    from acecore.analysis import Analysis
    from acecore.models import FileReport
    from acecore.overview import headline
    from acecore.stores import FileStore
    from acecore.uploads import Uploads
    from acecore.workspaces import Workspace

    analysis = Analysis()
    with tempfile.TemporaryDirectory() as folder:
        uploads = Uploads(analysis)
        uploads.after = Workspace.create(FileStore(Path(folder)), analysis, None, {}).loaded
        data = path.read_bytes()
        time.sleep(2)  # the session's reader process is started and waiting, as on a server that is up
        start = time.perf_counter()
        job = uploads.submit("es003", path.name, data)
        del data
        uploads.wait()
        with analysis.lock:
            headline(analysis, dt.date.fromisoformat(AS_OF))
        assert isinstance(job.report, FileReport)
        return job.report.rows_kept, start


def _read_and_type(path: Path) -> int:
    """DuckDB's own reader, every cell as text (the cells of an export are not DuckDB's types: $1,234.56,
    MM/DD/YYYY, ="0101"), typed by acecore's SQL into raw_lines: the floor under any reader. Cells are
    not trimmed (the generated file has no spaces around them), so the floor is if anything low."""
    import duckdb

    from acecore import db
    from acecore.columns import COLUMNS, match_headers

    con = duckdb.connect()  # as the bare read's: every core
    db.run(con, "macros")
    db.run(con, "schema")
    con.execute(f"CREATE TEMP TABLE cells AS SELECT * FROM read_csv('{path}', all_varchar = true, header = true)")
    headers = [name for name, *_ in con.execute("DESCRIBE cells").fetchall()]
    given = {name: headers[position] for position, name in match_headers(headers).items()}
    cells = ", ".join(
        f'"{given[c.name]}" AS {c.name}' if c.name in given else f"NULL::VARCHAR AS {c.name}" for c in COLUMNS
    )
    con.execute(f"CREATE TEMP VIEW staged AS SELECT {cells}, NULL::VARCHAR AS extra, rowid + 2 AS _row FROM cells")
    con.begin()
    db.run(con, "stage")
    db.run(con, "insert_staged", file_id=1, source_file=path.name)
    con.commit()
    return con.execute("SELECT count(*) FROM raw_lines").fetchall()[0][0]


def _run(method: str, path: Path) -> Measured:
    """One measurement in a process of its own, its memory (with its children's) sampled from here every
    20 ms: sampled by a thread of its own, the run would lose time to the thread (the GIL)."""
    with tempfile.TemporaryFile("w+") as out:
        before = _cpu_of_children()
        run = subprocess.Popen(
            [sys.executable, "-m", "acecore.bench", "--measure", method, str(path)],
            stdout=out,
            stderr=subprocess.DEVNULL,
        )
        peak, shared_before = 0.0, _kb("/proc/meminfo", "Shmem")
        while run.poll() is None:
            peak = max(peak, _tree_mb(run.pid, shared_before))
            time.sleep(0.02)
        if run.returncode:
            raise subprocess.CalledProcessError(run.returncode, run.args)
        out.seek(0)
        measured: Measured = json.loads(out.read().splitlines()[-1])
    measured["peak_mb"] = max(measured["peak_mb"], peak)  # its own exact peak, or the sampled one with the reader
    measured["cpu_seconds"] = _cpu_of_children() - before
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m acecore.bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("bench-data"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is shown")
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return 0
    started = time.perf_counter()
    csv_path = _make_data(args.dir, args.rows, "csv")
    xlsx_path = _make_data(args.dir, args.xlsx_rows, "xlsx") if args.xlsx_rows else None
    print(f"data: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB), made in {time.perf_counter() - started:.0f} s")
    print(f"the fastest of {args.repeat} runs of each (a shared machine's speed varies from run to run):")
    print(
        f"{'method':<22}{'file':<24}{'rows':>11}{'seconds':>9}{'cpu s':>7}{'rows/s':>11}{'peak MB':>9}{'bound MB':>10}"
    )
    runs = [
        ("duckdb read_csv", csv_path),
        ("typing floor", csv_path),
        ("acecore analyze", csv_path),
        ("analyze parquet", csv_path),
        ("acecore load+merge", csv_path),
        ("dashboard upload", csv_path),
    ]
    if xlsx_path is not None:
        runs.append(("acecore load+merge", xlsx_path))
    results = {}
    for method, path in runs:
        m = results[(method, path)] = min((_run(method, path) for _ in range(args.repeat)), key=lambda r: r["seconds"])
        print(
            f"{method:<22}{path.name:<24}{m['rows']:>11,}{m['seconds']:>9.2f}{m['cpu_seconds']:>7.1f}"
            f"{m['rows'] / m['seconds']:>11,.0f}{m['peak_mb']:>9.0f}{m['bound_mb']:>10.0f}"
        )
    bare, ours = results[("duckdb read_csv", csv_path)], results[("acecore analyze", csv_path)]
    wall, memory = ours["seconds"] / bare["seconds"], ours["peak_mb"] / bare["peak_mb"]
    print(
        f"analyze against DuckDB's bare read: wall x{wall:.1f} (goal x{GOALS['wall']:.0f}), "
        f"peak memory x{memory:.1f} (goal x{GOALS['memory']:.0f})"
    )
    floor = results[("typing floor", csv_path)]["seconds"]
    left = GOALS["wall"] * bare["seconds"] - floor
    print(
        "DuckDB reading the cells as text and acecore's SQL typing them, no reader child: "
        f"x{floor / bare['seconds']:.1f} of the bare read; the x{GOALS['wall']:.0f} goal leaves {left:.2f} s "
        "for everything after (the checks, the entries, the routes and every output file)"
    )
    parquet = results[("analyze parquet", csv_path)]
    print(
        f"analyze --format parquet against DuckDB's bare read: wall x{parquet['seconds'] / bare['seconds']:.1f} "
        f"(goal x{GOALS['parquet wall']:.0f}), peak memory x{parquet['peak_mb'] / bare['peak_mb']:.1f}"
    )
    figures = results[("dashboard upload", csv_path)]
    print(
        f"the dashboard's upload to its first figures against DuckDB's bare read: "
        f"x{figures['seconds'] / bare['seconds']:.1f} (goal x{GOALS['figures']:.0f})"
    )
    session = results[("acecore load+merge", csv_path)]
    print(
        f"a dashboard session holding this file: DuckDB {session['held_mb']:,.0f} MB once loaded, "
        f"{session['compacted_mb']:,.0f} MB compacted (what it keeps between clicks)"
    )
    steps = sorted(ours["steps"].items(), key=lambda item: -item[1])
    print("analyze, seconds per stage:")
    for step, seconds in steps:
        if seconds >= 0.01:
            print(f"  {step:<40}{seconds:>7.2f}")
    print(f"  {'other (Python, writing the CSV files)':<40}{ours['seconds'] - sum(s for _, s in steps):>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
