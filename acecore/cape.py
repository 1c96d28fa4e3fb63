"""CAPE declaration files: CBP's template (ACEP_CapeEntryNumberUploadTemplate) is a CSV with one column
headed "Entry Number", entry numbers only, at most 9,999 per declaration (CSMS of 2026-04-13, summarised
at info.expeditors.com/newsflash/cbp-publishes-phase-1-cape-guidance)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from functools import cache
from importlib import resources

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.export import neutralise
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES

MAX_ENTRIES = 9_999
HEADER = "Entry Number"
PROTEST_OPEN = "protest open"  # a tracker status: the entry is not declared, and the checks say why


@cache
def rejections() -> dict[str, dict[str, str]]:
    """What CBP rejects and how to fix it first, with sources (data/cape_rejections.csv), by check."""
    text = resources.files("acecore").joinpath("data", "cape_rejections.csv").read_text(encoding="utf-8")
    return {row["check"]: row for row in csv.DictReader(io.StringIO(text))}


def cape_checks(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """Every entry CAPE would take and the tracker does not show declared: "ready", or what CBP would
    reject (`problems`), what to do first (`fix`) and who does it (`by`)."""
    with analysis.lock:
        build_routes(analysis, as_of)
        done = [s for s in DONE_STATUSES if s != PROTEST_OPEN]
        rows = db.arrow_file(analysis.con, "cape_checks", done=done).to_pylist()
    known = rejections()
    return [
        {
            **{k: row[k] for k in ("entry_number", "importer_number", "deadline", "ieepa_duty")},
            "status": "fix first" if row["failed"] else "ready",
            "checks": ";".join(row["failed"]),
            "problems": "; ".join(known[c]["problem"] for c in row["failed"]),
            "fix": "; ".join(known[c]["fix"] for c in row["failed"]),
            "by": ", ".join(sorted({known[c]["by"] for c in row["failed"]})),
        }
        for row in rows
    ]


def cape_entries(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """The entries to declare now: CAPE takes them, they are not yet filed, and no check fails."""
    return [e for e in cape_checks(analysis, as_of) if e["status"] == "ready"]


def cape_left_out(checks: list[dict]) -> list[dict]:
    """Of `cape_checks`, the entries no declaration file holds, with what to fix first."""
    return [
        {"entry_number": e["entry_number"], "ieepa_duty": e["ieepa_duty"], "reason": f"{e['problems']}: {e['fix']}"}
        for e in checks
        if e["status"] != "ready"
    ]


def declaration_files(entry_numbers: list[str], prefix: str = "cape-declaration") -> list[tuple[str, bytes]]:
    """Split into files of at most 9,999 entries, numbered 1 of N. Entry numbers reach here checked;
    the formula guard of every other export applies all the same."""
    entry_numbers = neutralise(pa.chunked_array([entry_numbers], pa.string())).to_pylist()
    chunks = [entry_numbers[i : i + MAX_ENTRIES] for i in range(0, len(entry_numbers), MAX_ENTRIES)]
    return [
        (f"{prefix}-{n}-of-{len(chunks)}.csv", ("\r\n".join([HEADER, *chunk]) + "\r\n").encode("ascii"))
        for n, chunk in enumerate(chunks, start=1)
    ]


def declaration_zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
