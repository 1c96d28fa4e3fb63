"""The files of `python -m acecore analyze` (a contract: other tools read them, keep the names)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq

from acecore import rules_data
from acecore.analysis import Analysis
from acecore.cape import cape_checks_table, cape_left_out, declaration_files, ready_split
from acecore.contested import contested
from acecore.coverage import DEFAULT_WINDOW, IEEPA_PERIOD, coverage
from acecore.export import json_bytes, money, write_csv
from acecore.ics import deadlines_ics
from acecore.ieepa import headings, ieepa_lines
from acecore.overview import upcoming
from acecore.recovery import build_routes
from acecore.tracker import reconcile, tracker_table

Format = Literal["csv", "parquet"]
OUTPUT = re.compile(
    r"(entries|lines|coverage|ieepa_lines|headings|tracker|reconciliation|contested|cape_checks)\.(csv|parquet)"
    r"|summary\.json|deadlines\.ics"
)
DECLARATION = re.compile(r"cape-declaration(-\d+-of-\d+)?\.csv")  # CBP's template: always CSV


def write_analysis_files(
    analysis: Analysis, as_of: dt.date, out: Path, window: int = DEFAULT_WINDOW, table_format: Format = "csv"
) -> list[str]:
    """Write each file into `out` as it is built; the names written. A table's CSV is formatted and
    written by a thread of its own while the next file's query runs, one file at a time: what is held
    is that table and the next (for 1.5M rows the files are some 450 MB together). With `table_format`
    parquet the tables are Parquet files (what data tools read fastest); CBP's declaration files stay CSV."""
    written: list[str] = []
    with ThreadPoolExecutor(1, thread_name_prefix="ace-csv") as writer:
        writing: Future[None] | None = None
        for name, content in _contents(analysis, as_of, window):
            if table_format == "parquet" and isinstance(content, pa.Table):  # CBP's files are bytes: CSV
                name = name.removesuffix(".csv") + ".parquet"
            if writing is not None:
                writing.result()  # the one before is on disk (an error there is raised here)
            writing = writer.submit(_write, out / name, content)
            written.append(name)
            del content  # a table goes once written, not when the next file's query is done
        if writing is not None:
            writing.result()
    return written


def is_output(name: str) -> bool:
    """A file name `analyze` writes (a run that replaces an earlier one removes the earlier's others)."""
    return bool(OUTPUT.fullmatch(name) or DECLARATION.fullmatch(name))


def _write(path: Path, content: pa.Table | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
        return
    if path.suffix == ".parquet":
        pq.write_table(content, path)
        return
    with pa.OSFile(str(path), "wb") as sink:
        write_csv(content, sink)


def _contents(analysis: Analysis, as_of: dt.date, window: int) -> Iterator[tuple[str, pa.Table | bytes]]:
    """Each file: the table its CSV is made of, or its contents."""
    build_routes(analysis, as_of)
    yield "entries.csv", analysis.query("entries_out")
    yield "lines.csv", analysis.query("lines_out")
    covered = coverage(analysis, as_of, window)
    yield "coverage.csv", pa.Table.from_pylist([m.model_dump() for m in covered.months])
    yield "ieepa_lines.csv", ieepa_lines(analysis)
    yield "headings.csv", headings(analysis)
    checks = cape_checks_table(analysis, as_of)
    yield (
        "summary.json",
        json_bytes(summary(analysis, as_of, covered.verdict, coverage(analysis, as_of, IEEPA_PERIOD).verdict, checks)),
    )
    yield "tracker.csv", tracker_table(analysis, as_of, everything=True)  # what export_tracker writes
    yield "reconciliation.csv", reconcile(analysis, as_of)[0]
    yield "contested.csv", contested(analysis, as_of)
    yield "deadlines.ics", deadlines_ics(analysis, as_of)
    yield "cape_checks.csv", checks
    yield from declaration_files(ready_split(checks)[0]["entry_number"].to_pylist())


def summary(
    analysis: Analysis, as_of: dt.date, coverage_verdict: str, ieepa_period_verdict: str, checks: pa.Table
) -> dict[str, object]:
    totals = analysis.query("totals").to_pylist()[0]
    return {
        "as_of": as_of.isoformat(),
        "files": [
            {
                "name": r.name,
                "rows_read": r.rows_read,
                "rows_kept": r.rows_kept,
                "status": r.status,
                "errors": r.errors,
                "warnings": r.warnings,
                "rows_skipped": r.rows_skipped,
                "rows_rejected": r.rows_rejected,
                "rows_flagged": r.rows_flagged,
                "issues": [i.model_dump() for i in r.issues],
            }
            for r in analysis.reports
        ],
        "entry_count": totals["entries"],
        "line_count": totals["lines"],
        "total_duty": money(totals["total_duty"]),
        "ieepa_duty": money(totals["ieepa_duty"]),
        "coverage": coverage_verdict,
        "coverage_ieepa_period": ieepa_period_verdict,
        "tracker": analysis.tracker_report.model_dump() if analysis.tracker_report else None,
        "conflicts": [c.model_dump() for c in analysis.conflicts()],
        "cape_left_out": [dict(e, ieepa_duty=money(e["ieepa_duty"])) for e in cape_left_out(checks)],
        "next_90_days": [
            dict(e, ieepa_duty=money(e["ieepa_duty"]), contested_duty=money(e["contested_duty"]))
            for e in upcoming(analysis, as_of)
        ],
        "rules_checked_on": rules_data.checked_on().isoformat(),
        "rules_warning": rules_data.staleness(as_of),
    }
