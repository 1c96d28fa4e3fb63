"""CAPE declaration files (CBP's one-column template, 9,999 entries at most) and the deadline calendar."""

import datetime as dt
import io
import zipfile

from acecore.analysis import Analysis
from acecore.cape import (
    MAX_ENTRIES,
    cape_checks_table,
    cape_entries,
    cape_left_out,
    declaration_files,
    declaration_zip,
)
from acecore.ics import deadlines_ics
from acecore.recovery import routes
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker, load_tracker
from tests.helpers import csv_bytes, entry_number, parse_csv, row, write_csv

AS_OF = dt.date(2026, 11, 24)


def test_split_at_9999_entries() -> None:
    numbers = [entry_number("Z4K", n) for n in range(MAX_ENTRIES * 2 + 5)]
    files = declaration_files(numbers)
    assert [name for name, _ in files] == [f"cape-declaration-{n}-of-3.csv" for n in (1, 2, 3)]
    bodies = [data.decode("ascii").split("\r\n") for _, data in files]
    assert all(body[0] == "Entry Number" and body[-1] == "" for body in bodies)
    assert [len(body) - 2 for body in bodies] == [MAX_ENTRIES, MAX_ENTRIES, 5]
    assert [n for body in bodies for n in body[1:-1]] == numbers
    archive = zipfile.ZipFile(io.BytesIO(declaration_zip(files)))
    assert archive.namelist() == [name for name, _ in files]
    assert declaration_files([]) == []


def test_cape_entries_are_those_cape_takes_and_not_yet_filed() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=200, seed=17)))
    chosen = cape_entries(analysis, AS_OF)
    table = {r["entry_number"]: r for r in routes(analysis, AS_OF).to_pylist()}
    expected = {e for e, r in table.items() if any(p.startswith("CAPE declaration") for p in r["open_paths"])}
    assert {c["entry_number"] for c in chosen} == expected and expected
    filed = chosen[0]["entry_number"]
    rows = parse_csv(export_tracker(analysis, AS_OF))
    next(r for r in rows if r["entry_number"] == filed)["action_status"] = "filed"
    load_tracker(analysis, "tracker.csv", write_csv(rows))
    assert filed not in {c["entry_number"] for c in cape_entries(analysis, AS_OF)}


def test_calendar_has_one_event_per_deadline_and_path() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=200, seed=17)))
    text = deadlines_ics(analysis, AS_OF).decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    groups = {(r["deadline"], r["path"]) for r in routes(analysis, AS_OF).to_pylist() if r["deadline"]}
    assert unfolded.count("BEGIN:VEVENT") == len(groups)
    for day, path in groups:
        assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in unfolded
        assert f"SUMMARY:{path} deadline" in unfolded
    assert "TRIGGER:-P7D" in unfolded


def unliquidated_entry(serial: int, rows: list[tuple[int, int, str, str, str]]) -> list[dict[str, str]]:
    """An entry CAPE takes (summary 2026-02-10, unliquidated): rows of (line, ordinal, hts, value, duty)."""
    number = entry_number("BII", serial)
    return [row(number, *r, summary="02/10/2026", entry_date="02/05/2026") for r in rows]


def test_each_rejection_cbp_would_make_is_caught_before_the_declaration() -> None:
    """One entry per check of data/cape_rejections.csv (its sources: CBP's 2026-05-26 update, NCBFAA
    2026-05-18, CSMS of 2026-04-13), and one entry that is ready."""
    ch99, goods = (1, 1, "99030124", "0.00", "200.00"), (1, 2, "3923900080", "1000.00", "30.00")
    entries = {
        "ready": unliquidated_entry(1, [ch99, goods]),
        "goods_value_ch99": unliquidated_entry(2, [(1, 1, "99030124", "1000.00", "200.00"), goods]),
        "hts_sequence": unliquidated_entry(3, [(1, 1, "3923900080", "1000.00", "30.00"), (1, 2, *ch99[2:])]),
        "ieepa_zero_duty": unliquidated_entry(4, [ch99, goods, (2, 1, "99030124", "0.00", "0.00"), (2, 2, *goods[2:])]),
        "open_protest": unliquidated_entry(5, [ch99, goods]),
    }
    analysis = Analysis()
    analysis.add_file("es003.csv", csv_bytes([r for rows in entries.values() for r in rows]))
    protest = entries["open_protest"][0]["Entry Summary Number"]
    header = "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"
    load_tracker(analysis, "t.csv", (header + f"{protest},protest open,2026-03-01,PR-1,,,,\n").encode())

    table = cape_checks_table(analysis, AS_OF)
    checks = {c["entry_number"]: c for c in table.to_pylist()}
    for expected, rows in entries.items():
        found = checks[rows[0]["Entry Summary Number"]]
        assert found["checks"] == ("" if expected == "ready" else expected), expected
        assert found["status"] == ("ready" if expected == "ready" else "fix first")
    assert (
        "Goods Value Amount Not Allowed" in checks[entries["goods_value_ch99"][0]["Entry Summary Number"]]["problems"]
    )
    assert checks[protest]["by"] == "importer" and "withdraw" in checks[protest]["fix"]
    ready = [e["entry_number"] for e in cape_entries(analysis, AS_OF)]
    assert ready == [entries["ready"][0]["Entry Summary Number"]]
    assert {e["entry_number"] for e in cape_left_out(table)} == set(checks) - set(ready)


def test_every_check_the_sql_can_fail_has_its_text_and_source() -> None:
    import re
    from pathlib import Path

    sql = (Path(__file__).parent.parent / "acecore" / "sql" / "cape_checks.sql").read_text()
    named = set(re.findall(r"THEN '([a-z_0-9]+)' END", sql))
    rejections = {r["check"]: r for r in Analysis().sql("SELECT * FROM cape_rejections").to_pylist()}
    assert named == set(rejections)
    for check, text in rejections.items():
        assert text["problem"] and text["fix"] and text["by"] in ("broker", "importer") and text["source"], check
