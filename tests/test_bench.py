"""`python -m acecore.bench` (README, Hosting): it runs each measurement in a process of its own and prints
the figures issue 12 sets goals for. Small here; the README's figures come from 1.5M rows."""

import re
from pathlib import Path

import pytest

from acecore import bench

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)


def test_the_benchmark_prints_both_ratios_the_cpu_time_and_the_stages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench.main(["--rows", "3000", "--xlsx-rows", "300", "--repeat", "1", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    rows = {m[0]: m for m in re.findall(r"^(\S+ \S+)\s+(\S+)\s+([\d,]+)\s+([\d.]+)\s+([\d.]+)\s", out, re.M)}
    assert set(rows) == {
        "duckdb read_csv",
        "typing floor",
        "acecore analyze",
        "analyze parquet",
        "acecore load+merge",
        "dashboard upload",  # to its first figures: read, load, merge, save, the headline
    }
    assert rows["typing floor"][2] == "3,000"  # every row typed into raw_lines
    for method in ("acecore analyze", "analyze parquet", "acecore load+merge", "dashboard upload"):
        _, _, count, seconds, cpu = rows[method]
        assert int(count.replace(",", "")) in (3000, 300)  # every row of the CSV, or of the .xlsx
        assert 0 < float(cpu) and 0 < float(seconds)
    assert re.search(r"wall x[\d.]+ \(goal x5\), peak memory x[\d.]+ \(goal x3\)", out)
    assert re.search(r"upload to its first figures against DuckDB's bare read: x[\d.]+ \(goal x3\)", out)
    assert re.search(r"--format parquet against DuckDB's bare read: wall x[\d.]+ \(goal x3\)", out)
    assert re.search(r"no reader child: x[\d.]+ of the bare read; the x5 goal leaves -?[\d.]+ s", out)
    assert "insert_staged.sql" in out and "read the file (child process)" in out
