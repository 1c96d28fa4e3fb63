"""CAPE declaration files: CBP's template (ACEP_CapeEntryNumberUploadTemplate) is a CSV with one column
headed "Entry Number", entry numbers only, at most 9,999 per declaration (CSMS of 2026-04-13, summarised
at info.expeditors.com/newsflash/cbp-publishes-phase-1-cape-guidance)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pyarrow as pa

from acecore import db
from acecore.analysis import Analysis
from acecore.export import neutralise
from acecore.recovery import build_routes
from acecore.tracker import DONE_STATUSES

MAX_ENTRIES = 9_999
HEADER = "Entry Number"
FIX_FIRST = "the entry number fails the CBP check digit: correct it in the export first"


def cape_entries(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """The entries to declare now: CAPE takes them, they are not yet filed, their number is valid."""
    return [e for e in _candidates(analysis, as_of) if e["check_digit_valid"]]


def cape_left_out(analysis: Analysis, as_of: dt.date) -> list[dict]:
    """Entries CAPE would take that no declaration file holds, with the reason."""
    return [
        {"entry_number": e["entry_number"], "ieepa_duty": e["ieepa_duty"], "reason": FIX_FIRST}
        for e in _candidates(analysis, as_of)
        if not e["check_digit_valid"]
    ]


def _candidates(analysis: Analysis, as_of: dt.date) -> list[dict]:
    with analysis.lock:
        build_routes(analysis, as_of)
        return db.arrow_file(analysis.con, "cape_entries", done=list(DONE_STATUSES)).to_pylist()


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
