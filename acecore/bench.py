"""Benchmark: `python -m acecore.bench [--rows 1000000] [--xlsx-rows 100000]`.

Times loading a generated ES-003 CSV through acecore (read, type, merge into `lines` and
`entries`) next to DuckDB's bare `read_csv` of the same file, and an .xlsx through acecore.
Each measurement runs in a fresh process so that its peak memory (max RSS) is its own. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    """Peak resident memory of this process plus that of its largest child (the file reader): an upper
    bound of what the two held at once."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


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


def _measure(method: str, path: Path) -> dict[str, float]:
    """Run in a child process: one method on one file."""
    import duckdb

    from acecore.analysis import Analysis

    baseline = _peak_mb()
    start = time.perf_counter()
    if method == "duckdb read_csv":
        con = duckdb.connect()
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}')")
        rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
        loaded = time.perf_counter()
    else:
        analysis = Analysis()
        report = analysis.add_file(path.name, path.read_bytes())
        loaded = time.perf_counter()
        rows = analysis.sql("SELECT count(*) AS n FROM lines").to_pylist()[0]["n"]
        assert report.rows_kept == rows, report
    finished = time.perf_counter()
    return {
        "rows": rows,
        "load_s": loaded - start,
        "total_s": finished - start,
        "peak_mb": _peak_mb(),
        "baseline_mb": baseline,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m acecore.bench", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("bench-data"))
    parser.add_argument("--measure", nargs=2, metavar=("METHOD", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.measure[0], Path(args.measure[1]))))
        return 0
    started = time.perf_counter()
    csv_path = _make_data(args.dir, args.rows, "csv")
    xlsx_path = _make_data(args.dir, args.xlsx_rows, "xlsx")
    print(
        f"data: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB), {xlsx_path} "
        f"({xlsx_path.stat().st_size / 1e6:.0f} MB), made in {time.perf_counter() - started:.0f} s"
    )
    print(f"{'method':<26}{'file':<22}{'rows':>10}{'seconds':>9}{'rows/s':>11}{'peak MB':>9}{'of which base':>14}")
    for method, path in (
        ("duckdb read_csv", csv_path),
        ("acecore load+merge", csv_path),
        ("acecore load+merge", xlsx_path),
    ):
        out = subprocess.run(
            [sys.executable, "-m", "acecore.bench", "--measure", method, str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        m = json.loads(out.stdout)
        print(
            f"{method:<26}{path.name:<22}{m['rows']:>10,}{m['total_s']:>9.2f}{m['rows'] / m['total_s']:>11,.0f}"
            f"{m['peak_mb']:>9.0f}{m['baseline_mb']:>14.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
