"""`python -m acecore analyze`: the files and columns other tools read."""

import csv
import json
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from acecore.sample import generate, to_csv, to_xlsx

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONEY = re.compile(r"^-?\d+\.\d{2}$")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "acecore", *args],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        timeout=300,
    )


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_analyze_writes_the_contract_files(tmp_path: Path) -> None:
    rows = generate(entries=120, seed=3)
    (tmp_path / "a.xlsx").write_bytes(to_xlsx(rows[: len(rows) // 2]))
    (tmp_path / "b.csv").write_bytes(to_csv(rows))
    result = run(
        "analyze",
        str(tmp_path / "a.xlsx"),
        str(tmp_path / "b.csv"),
        "--as-of",
        "2026-11-24",
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 0, result.stderr
    entries = read(tmp_path / "out" / "entries.csv")
    lines = read(tmp_path / "out" / "lines.csv")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert all(ISO.match(e["entry_summary_date"]) for e in entries)
    assert all(e["liquidation_date"] == "" or ISO.match(e["liquidation_date"]) for e in entries)
    assert all(MONEY.match(e["total_duty"]) and MONEY.match(e["ieepa_duty"]) for e in entries)
    assert all(MONEY.match(r["duty"]) for r in lines)
    assert {e["check_digit_valid"] for e in entries} == {"true"}
    expected = sum((r["Line Tariff Duty Amount"] for r in rows), Decimal(0))
    assert sum(Decimal(e["total_duty"]) for e in entries) == expected
    assert sum(Decimal(r["duty"]) for r in lines) == expected
    assert summary["total_duty"] == f"{expected:.2f}"
    assert summary["entry_count"] == len(entries) == len({r["Entry Summary Number"] for r in rows})
    assert summary["line_count"] == len(lines) == len(rows)
    assert [(f["name"], f["status"], f["rows_read"], f["rows_kept"]) for f in summary["files"]] == [
        ("a.xlsx", "ok", len(rows) // 2, len(rows) // 2),
        ("b.csv", "ok", len(rows), len(rows)),
    ]
    assert {r["source_file"] for r in lines} == {"b.csv"}  # the later file wins identical repeats
    coverage = read(tmp_path / "out" / "coverage.csv")
    assert list(coverage[0])[:5] == ["month", "entries", "lines", "total_duty", "ieepa_duty"]
    assert [c["month"] for c in coverage][-1] == "2026-11" and len(coverage) == 12
    ieepa = read(tmp_path / "out" / "ieepa_lines.csv")
    assert list(ieepa[0])[:8] == [
        "entry_number",
        "line_number",
        "tariff_ordinal",
        "hts",
        "program",
        "authority",
        "country_of_origin",
        "duty",
    ]
    assert sum(Decimal(r["recoverable_duty"]) for r in ieepa) == sum(Decimal(e["ieepa_duty"]) for e in entries)
    assert {r["authority"] for r in ieepa} == {"IEEPA"}
    urgencies = {"overdue", "under 15 days", "under 45 days", "later", "no deadline"}
    assert {e["urgency"] for e in entries} <= urgencies
    for e in entries:
        assert (e["deadline"] == "") == (e["days_left"] == "")
        if e["deadline"]:
            assert (
                ISO.match(e["deadline"])
                and int(e["days_left"]) == (date.fromisoformat(e["deadline"]) - date(2026, 11, 24)).days
            )
        assert (e["path"] == "no IEEPA duty") == (Decimal(e["ieepa_duty"]) == 0)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"tracker.csv", "reconciliation.csv", "deadlines.ics", "cape-declaration-1-of-1.csv"} <= names


def test_analyze_exit_2_when_nothing_loads(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "other.csv").write_bytes(b"Invoice,Amount\r\n1,2\r\n")
    result = run(
        "analyze",
        str(tmp_path / "empty.csv"),
        str(tmp_path / "other.csv"),
        str(tmp_path / "missing.csv"),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(str(tmp_path / "empty.csv")) and "empty" in line for line in lines)
    assert any(line.startswith(str(tmp_path / "other.csv")) and "ES-003" in line for line in lines)
    assert any(line.startswith(str(tmp_path / "missing.csv")) for line in lines)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_bytes(to_csv(generate(entries=10)))
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04 broken")
    result = run("analyze", str(tmp_path / "bad.xlsx"), str(tmp_path / "good.csv"), "--out", str(tmp_path / "out"))
    assert result.returncode == 0
    assert result.stderr.strip().startswith(str(tmp_path / "bad.xlsx"))
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert [f["status"] for f in summary["files"]] == ["error", "ok"]


def test_bad_as_of_date_is_a_usage_error(tmp_path: Path) -> None:
    result = run("analyze", "x.csv", "--as-of", "24/11/2026", "--out", str(tmp_path))
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_analyze_takes_a_usitc_tariff_database_beside_the_export(tmp_path: Path) -> None:
    (tmp_path / "eu.csv").write_text(
        "Entry Summary Number,Entry Date,Entry Summary Line Number,Country of Origin Code,Tariff Ordinal Number,"
        "HTS Number - Full,Line Tariff Goods Value Amount,Line Tariff Duty Amount\n"
        "EUR00000019,10/01/2025,1,FR,1,99030220,0,150.00\n"
        "EUR00000019,10/01/2025,1,FR,2,3923900080,1000.00,0.00\n"
    )
    (tmp_path / "tariff_database_2025.txt").write_text(
        "hts8|mfn_text_rate|mfn_rate_type_code|mfn_ad_val_rate|begin_effect_date|end_effective_date\n"
        "39239000|5.3%|7|0.053|01/01/2025|12/31/2025\n"
    )
    files = [str(tmp_path / "tariff_database_2025.txt"), str(tmp_path / "eu.csv")]
    result = run("analyze", *files, "--as-of", "2026-11-24", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "read as an MFN rate table (USITC tariff database): 1 of 1 rows" in result.stderr
    [line] = [r for r in read(tmp_path / "out" / "ieepa_lines.csv") if r["hts"] == "99030220"]
    assert (line["recoverable_duty"], line["mfn_duty"]) == ("97.00", "53.00")
    assert "your upload tariff_database_2025.txt" in line["recoverable_basis"]


def test_analyze_format_parquet_writes_the_same_tables(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    (tmp_path / "es003.csv").write_bytes(to_csv(generate(entries=80, seed=9)))
    for table_format in ("csv", "parquet"):
        result = run("analyze", str(tmp_path / "es003.csv"), "--as-of", "2026-11-24", "--out",
                     str(tmp_path / table_format), "--format", table_format, "--memory-mb", "512")  # fmt: skip
        assert result.returncode == 0, result.stderr
    as_csv = {p.stem for p in (tmp_path / "csv").glob("*.csv") if not p.name.startswith("cape-declaration")}
    assert {p.stem for p in (tmp_path / "parquet").glob("*.parquet")} == as_csv
    assert sorted(p.name for p in (tmp_path / "parquet").glob("cape-declaration*.csv")) == sorted(
        p.name for p in (tmp_path / "csv").glob("cape-declaration*.csv")
    )  # CBP's template stays CSV
    for name in as_csv:
        table, rows = pq.read_table(tmp_path / "parquet" / f"{name}.parquet"), read(tmp_path / "csv" / f"{name}.csv")
        assert table.num_rows == len(rows) and table.column_names == (list(rows[0]) if rows else table.column_names)
    entries = pq.read_table(tmp_path / "parquet" / "entries.parquet").to_pylist()
    assert sum(e["ieepa_duty"] for e in entries) == sum(
        Decimal(e["ieepa_duty"]) for e in read(tmp_path / "csv" / "entries.csv")
    )


def test_a_failed_analyze_leaves_the_folder_as_it_was_and_says_why_in_one_line(tmp_path: Path) -> None:
    """Out of memory after the first files are written: nothing of the run reaches the folder."""
    export = tmp_path / "es003.csv"
    export.write_bytes(to_csv(generate(entries=60, seed=4)))
    out = tmp_path / "out"
    out.mkdir()
    (out / "entries.csv").write_text("an earlier run\n")
    (out / "cape-declaration-2-of-2.csv").write_text("an earlier run\n")
    (out / "my notes.txt").write_text("mine\n")
    script = (
        "import sys, duckdb\n"
        "from acecore import cli, outputs\n"
        "real = outputs._contents\n"
        "def failing(*args):\n"
        "    for number, item in enumerate(real(*args)):\n"
        "        if number == 3:\n"
        "            raise duckdb.OutOfMemoryException('Out of Memory Error: could not allocate block')\n"
        "        yield item\n"
        "outputs._contents = failing\n"
        f"sys.exit(cli.main(['analyze', {str(export)!r}, '--as-of', '2026-11-24', '--out', {str(out)!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).parent.parent)  # fmt: skip
    assert result.returncode == 1
    [said] = [line for line in result.stderr.splitlines() if "analyze stopped" in line]
    assert "left as it was" in said and "--memory-mb" in said and "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["es003.csv", "out"]  # no staging folder left
    assert (out / "entries.csv").read_text() == "an earlier run\n"

    assert run("analyze", str(export), "--as-of", "2026-11-24", "--out", str(out)).returncode == 0
    assert not (out / "cape-declaration-2-of-2.csv").exists()  # the earlier run's, not written this time
    assert (out / "my notes.txt").read_text() == "mine\n"  # not ours: kept
    assert (out / "summary.json").exists() and read(out / "entries.csv")


def test_the_command_line_is_bounded_by_the_machine_not_by_a_hosted_session(tmp_path: Path) -> None:
    from acecore.analysis import Analysis
    from acecore.limits import Limits

    hosted, machine = Limits.load(), Limits.for_machine(None, str(tmp_path))
    assert machine.session_upload_mb > 1_000_000 > hosted.session_upload_mb  # a 688 MB file is not refused
    assert machine.session_memory_mb >= 1024 and machine.parse_seconds >= hosted.parse_seconds
    assert Limits.for_machine(3000, str(tmp_path)).session_memory_mb == 3000
    spilling = Analysis(machine).con.execute("SELECT current_setting('temp_directory')").fetchone()
    assert spilling == (str(tmp_path),)  # past its memory, DuckDB spills here rather than failing
    assert Analysis().con.execute("SELECT current_setting('temp_directory')").fetchone() == ("",)  # hosted: never
