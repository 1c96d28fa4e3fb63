"""`python -m acecore analyze FILE [FILE ...] --as-of YYYY-MM-DD --out DIR`: the files other tools read.
`python -m acecore compare --before FILE... --after FILE... --out DIR`: what changed between two pulls.
`python -m acecore expire-workspaces`: remove the dashboard's workspaces unused for the configured days.
`python -m acecore mfn-table --out FILE --revision DATE NAME JSON ...`: the MFN rate table from USITC HTS exports.
`python -m acecore rules-check`: check the rules data (every row sourced, dates in order, one answer a day)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from acecore import outputs
from acecore.analysis import Analysis
from acecore.coverage import DEFAULT_WINDOW
from acecore.limits import Limits
from acecore.models import FileReport
from acecore.tracker import load_tracker


def _megabytes(text: str) -> int:
    if not text.isdigit() or int(text) < 256:
        raise argparse.ArgumentTypeError(f"not a number of megabytes (256 or more): {text!r}")
    return int(text)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _days(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of days (1 or more): {text!r}")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m acecore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="load ES-003 exports and write entries, lines and a summary")
    analyze.add_argument("files", nargs="+", type=Path, metavar="FILE")
    analyze.add_argument("--as-of", type=_date, default=dt.date.today(), help="evaluation date (default today)")
    analyze.add_argument("--out", type=Path, required=True, metavar="DIR")
    analyze.add_argument(
        "--tracker", type=Path, metavar="FILE", help="a saved entry tracker (tracker.csv) whose working columns to keep"
    )
    analyze.add_argument(
        "--window",
        type=int,
        choices=range(1, 37),
        default=DEFAULT_WINDOW,
        metavar="MONTHS",
        help=f"coverage window in months ending with the as-of month (default {DEFAULT_WINDOW})",
    )
    analyze.add_argument(
        "--format",
        choices=("csv", "parquet"),
        default="csv",
        help="the tables as CSV (default) or Parquet; summary.json, deadlines.ics and CBP's declaration files "
        "stay as they are",
    )
    sample = commands.add_parser("sample", help="write a synthetic ES-003 export (never real data)")
    sample.add_argument("--out", type=Path, required=True, metavar="FILE", help=".csv or .xlsx")
    sample.add_argument("--entries", type=int, default=400)
    sample.add_argument("--seed", type=int, default=7)
    compare = commands.add_parser(
        "compare", help="compare two ES-003 pulls entry by entry (changes.csv): which lost their IEEPA lines"
    )
    compare.add_argument("--before", nargs="+", type=Path, required=True, metavar="FILE", help="the earlier pull")
    compare.add_argument("--after", nargs="+", type=Path, required=True, metavar="FILE", help="the later pull")
    compare.add_argument("--out", type=Path, required=True, metavar="DIR")
    compare.add_argument(
        "--as-of", type=_date, default=dt.date.today(), help="for the tracker written with --tracker (default today)"
    )
    compare.add_argument(
        "--tracker",
        type=Path,
        metavar="FILE",
        help="a saved tracker: written again as DIR/tracker.csv, with the entries whose IEEPA lines are gone "
        "marked accepted (unless set to rejected or refunded)",
    )
    for command in (analyze, compare):
        command.add_argument(
            "--memory-mb",
            type=_megabytes,
            metavar="MB",
            help="what DuckDB may hold in memory before it spills to a temporary folder (default: 60%% of this "
            "machine's memory)",
        )
    expire = commands.add_parser(
        "expire-workspaces",
        help="remove saved workspaces unused for DAYS (the store and days come from ACE_STORAGE, "
        "ACE_WORKSPACE_DIR, ACE_POSTGRES_URL, ACE_WORKSPACE_IDLE_DAYS, as for the dashboard)",
    )
    expire.add_argument("--days", type=_days, metavar="DAYS", help="instead of ACE_WORKSPACE_IDLE_DAYS (default 90)")
    table = commands.add_parser(
        "mfn-table",
        help="build the MFN rate table (acecore/data/mfn_rates.csv) from USITC HTS JSON exports, one per revision",
    )
    table.add_argument("--out", type=Path, required=True, metavar="FILE")
    table.add_argument(
        "--revision",
        nargs=3,
        action="append",
        required=True,
        metavar=("DATE", "NAME", "JSON"),
        help='the day a revision took effect, its name ("2025 Rev. 16") and its JSON export; repeat per revision',
    )
    commands.add_parser(
        "rules-check",
        help="check the rules data in acecore/data: every row sourced and rated for how sure it is, dates in "
        "order, no two rows of one heading, rule or check in force on one day with different answers",
    )
    args = parser.parse_args(argv)
    if args.command == "rules-check":
        return _rules_check()
    if args.command == "mfn-table":
        return _mfn_table(args.out, args.revision)
    if args.command == "compare":
        with _spill_folder() as spill:
            limits = Limits.for_machine(args.memory_mb, spill)
            return _compare(args.before, args.after, args.out, args.as_of, args.tracker, limits)
    if args.command == "expire-workspaces":
        return _expire(args.days)
    if args.command == "sample":
        return _sample(args.out, args.entries, args.seed)
    with _spill_folder() as spill:
        limits = Limits.for_machine(args.memory_mb, spill)
        return _analyze(args.files, args.as_of, args.out, args.window, args.tracker, limits, args.format)


@contextmanager
def _spill_folder() -> Iterator[str]:
    """A private folder DuckDB may spill to past its memory, removed with what it holds at the end."""
    with tempfile.TemporaryDirectory(prefix="acecore-spill-") as folder:
        yield folder


def _analyze(
    files: list[Path],
    as_of: dt.date,
    out: Path,
    window: int,
    tracker: Path | None,
    limits: Limits,
    table_format: outputs.Format,
) -> int:
    """The files are written to a folder of their own beside `out` and moved into `out` once all are: a run
    that fails leaves `out` as it was and says why in one line."""
    analysis = _load(files, limits)
    if analysis is None:
        return 2
    if tracker is not None:
        _take_tracker(analysis, tracker)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as staging:
            written = outputs.write_analysis_files(analysis, as_of, Path(staging), window, table_format)
            out.mkdir(exist_ok=True)
            for earlier in out.iterdir():  # an earlier run's files that this one does not write again
                if outputs.is_output(earlier.name) and earlier.name not in written:
                    earlier.unlink()
            for name in written:
                os.replace(Path(staging, name), out / name)
    except duckdb.OutOfMemoryException:
        print(
            f"analyze stopped, {out} left as it was: DuckDB needed more than {limits.session_memory_mb:,} MB of "
            "memory and its spill folder; give it more with --memory-mb, or free disk space",
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(f"analyze stopped, {out} left as it was: cannot write ({error.strerror or error})", file=sys.stderr)
        return 1
    except Exception as error:  # not foreseen: still one line, and nothing half written
        said = str(error).strip().splitlines()
        print(
            f"analyze stopped, {out} left as it was: {type(error).__name__}: {said[0] if said else ''}", file=sys.stderr
        )
        return 1
    return 0


def _compare(
    before: list[Path], after: list[Path], out: Path, as_of: dt.date, tracker: Path | None, limits: Limits
) -> int:
    from acecore.compare import CHANGES, accept_removed, compare
    from acecore.export import csv_bytes
    from acecore.tracker import export_tracker

    earlier, later = _load(before, limits), _load(after, limits)
    if earlier is None or later is None:
        return 2
    changes = compare(earlier, later)
    out.mkdir(parents=True, exist_ok=True)
    (out / "changes.csv").write_bytes(csv_bytes(changes))
    counts = {change: changes["change"].to_pylist().count(change) for change in CHANGES}
    print(", ".join(f"{count:,} {change}" for change, count in counts.items()), file=sys.stderr)
    if tracker is not None:
        _take_tracker(later, tracker)
        report = accept_removed(later, changes)
        print(f"{tracker}: {report.entries if report else 0:,} entries marked accepted", file=sys.stderr)
        (out / "tracker.csv").write_bytes(export_tracker(later, as_of))
    return 0


def _take_tracker(analysis: Analysis, tracker: Path) -> None:
    report = load_tracker(analysis, tracker.name, _read(tracker))
    for error in report.errors:
        print(f"{tracker}: not taken: {error}", file=sys.stderr)


def _load(files: list[Path], limits: Limits) -> Analysis | None:
    """The files in one analysis, a line on stderr for each; None (and why) when no ES-003 export loaded."""
    analysis = Analysis(limits)
    for number, path in enumerate(files, 1):
        report = analysis.add_file(path.name, _read(path), more_to_come=number < len(files))
        if report.status == "error":
            print(f"{path}: not loaded: {report.errors[0]}", file=sys.stderr)
            continue
        what = {"liquidation": "a liquidation list", "rates": "an MFN rate table (USITC tariff database)"}.get(
            report.content or "", "an ES-003 export"
        )
        print(
            f"{path}: read as {what}: {report.rows_kept:,} of {report.rows_read:,} rows, {report.entries:,} entries",
            file=sys.stderr,
        )
        for warning in report.warnings:
            print(f"{path}: {warning}", file=sys.stderr)
    if not analysis.loaded:
        print(
            "no ES-003 export was loaded ("
            + "; ".join(_why_not(r) for r in analysis.reports)
            + "): nothing to analyze",
            file=sys.stderr,
        )
        return None
    return analysis


def _why_not(report: FileReport) -> str:
    if report.status == "error":
        return f"{report.name}: not loaded"
    if report.content == "liquidation":
        return f"{report.name} is a liquidation list, which adds dates to the entries of an ES-003 export"
    if report.content == "rates":
        return f"{report.name} is an MFN rate table, which nets the top-up lines of an ES-003 export"
    return f"{report.name}: no rows"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        print(f"{path}: cannot be read ({error.strerror})", file=sys.stderr)
        return b""


def _sample(out: Path, entries: int, seed: int) -> int:
    from acecore import sample

    rows = sample.generate(entries=entries, seed=seed)
    out.write_bytes(sample.to_xlsx(rows) if out.suffix.lower() == ".xlsx" else sample.to_csv(rows))
    return 0


def _expire(days: int | None) -> int:
    from acecore.workspaces import StorageConfig

    config = StorageConfig.load()
    store = config.open_store()
    if store is None:
        print("storage is off (ACE_STORAGE=off): no workspaces to remove", file=sys.stderr)
        return 0
    days = days or config.idle_days
    gone = store.expire(days)
    print(f"{len(gone)} workspace(s) unused for {days} days removed ({store.kind})", file=sys.stderr)
    return 0


def _mfn_table(out: Path, revisions: list[list[str]]) -> int:
    from acecore import mfn

    read = [(_date(day), name, mfn.revision_rates(Path(path).read_bytes())) for day, name, path in revisions]
    rows = mfn.write_table(out, mfn.spans(read))
    print(f"{out}: {rows:,} rates from {len(read)} revisions", file=sys.stderr)
    return 0


def _rules_check() -> int:
    from acecore import rules_data

    found = rules_data.problems()
    for problem in found:
        print(problem, file=sys.stderr)
    counted = sum(len(rules_data.rows(name)) for name in rules_data.RULE_FILES)
    print(
        f"rules data: {len(rules_data.RULE_FILES)} files, {counted:,} rows, checked against their sources on "
        f"{rules_data.checked_on()}: " + (f"{len(found)} problem(s)" if found else "all sourced and consistent"),
        file=sys.stderr,
    )
    return 1 if found else 0
