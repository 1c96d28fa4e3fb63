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
from acecore.contested import contested
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
    disputed = {  # the last days to protest a contested duty, apart from the IEEPA paths
        (r["deadline"], f"{r['measure']} (contested): {r['path']}")
        for r in contested(analysis, AS_OF).to_pylist()
        if r["deadline"] and r["deadline"] >= AS_OF
    }
    assert disputed and not groups & disputed
    groups |= disputed
    assert unfolded.count("BEGIN:VEVENT") == len(groups)
    for day, path in groups:
        assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in unfolded
        assert f"SUMMARY:{path} deadline" in unfolded
    assert "TRIGGER:-P7D" in unfolded


def unliquidated_entry(
    serial: int, rows: list[tuple[int, int, str, str, str]], entry_type: str = "01"
) -> list[dict[str, str]]:
    """An entry CAPE takes (summary 2026-02-10, unliquidated): rows of (line, ordinal, hts, value, duty)."""
    number = entry_number("BII", serial)
    return [row(number, *r, summary="02/10/2026", entry_date="02/05/2026", entry_type=entry_type) for r in rows]


CH99, GOODS = (1, 1, "99030124", "0.00", "200.00"), (1, 2, "3923900080", "1000.00", "30.00")
# One entry per check of data/cape_rejections.csv, each named by the check it fails on some day
CASES = {
    "ready": [CH99, GOODS],
    "goods_value_ch99": [(1, 1, "99030124", "1000.00", "200.00"), GOODS],
    "hts_sequence": [(1, 1, "3923900080", "1000.00", "30.00"), (1, 2, *CH99[2:])],
    "ieepa_zero_duty": [CH99, GOODS, (2, 1, "99030124", "0.00", "0.00"), (2, 2, *GOODS[2:])],
    "open_protest": [CH99, GOODS],
    "invalid_hts": [(1, 1, "99030120", "0.00", "100.00"), GOODS],  # 9903.01.20 ended 2025-03-03
    "hts_relationship": [CH99, (2, 1, "99030124", "0.00", "50.00")],  # line 2: a Chapter 99 row alone
    "duplicate": [CH99, GOODS],
    "resubmit": [(1, 1, "99030124", "1000.00", "200.00"), GOODS],  # CBP rejected it for the goods value
}
TRACKED = {"open_protest": "protest open", "duplicate": "filed", "resubmit": "rejected"}


def checked_cases(as_of: dt.date, extra: dict[str, list[dict[str, str]]] = {}) -> dict[str, dict]:  # noqa: B006
    """Each case (and `extra` entries) through the checks in force on `as_of`, by case name."""
    entries = {name: unliquidated_entry(n, rows) for n, (name, rows) in enumerate(CASES.items(), 1)} | extra
    analysis = Analysis()
    every = [r for rows in entries.values() for r in rows]
    analysis.add_file("es003.csv", csv_bytes(every, list(dict.fromkeys(k for r in every for k in r))))
    header = "entry_number,action_status,filed_date,reference,refund_amount,refund_date,interest_amount,notes\n"
    tracked = "".join(f"{entries[n][0]['Entry Summary Number']},{s},2026-05-01,X-1,,,,\n" for n, s in TRACKED.items())
    load_tracker(analysis, "t.csv", (header + tracked).encode())
    table = cape_checks_table(analysis, as_of)
    by_number = {c["entry_number"]: c for c in table.to_pylist()}
    ready = [e["entry_number"] for e in cape_entries(analysis, as_of)]
    assert {e["entry_number"] for e in cape_left_out(table)} == set(by_number) - set(ready)
    return {name: by_number.get(rows[0]["Entry Summary Number"]) for name, rows in entries.items()}


def test_the_checks_before_cbp_changed_its_validations_on_2026_06_25() -> None:
    """Until 2026-06-24 CBP rejected goods value on a Chapter 99 line and a Chapter 99 row after its
    Chapter 1-97 row (NCBFAA 2026-05-18); INVALID HTS and HTS RELATIONSHIP MISMATCH did not exist yet."""
    found = checked_cases(dt.date(2026, 6, 24))
    fails = {name: (c["status"], c["checks"]) for name, c in found.items()}
    assert fails == {
        "ready": ("ready", ""),
        "goods_value_ch99": ("fix first", "goods_value_ch99"),
        "hts_sequence": ("fix first", "hts_sequence"),
        "ieepa_zero_duty": ("fix first", "ieepa_zero_duty"),
        "open_protest": ("fix first", "open_protest"),
        "invalid_hts": ("ready", ""),
        "hts_relationship": ("ready", ""),
        "duplicate": ("already declared", "duplicate"),
        "resubmit": ("fix first", "goods_value_ch99"),
    }
    assert "Goods Value Amount Not Allowed" in found["goods_value_ch99"]["problems"]
    assert found["open_protest"]["by"] == "importer" and "withdraw" in found["open_protest"]["fix"]


def test_the_checks_after_cbp_changed_its_validations_on_2026_06_25() -> None:
    """CSMS #69056483: goods value on the IEEPA line is accepted (an entry rejected for it is resubmitted),
    no ordering error remains, INVALID HTS and HTS RELATIONSHIP MISMATCH take its place."""
    found = checked_cases(dt.date(2026, 6, 25))
    fails = {name: (c["status"], c["checks"]) for name, c in found.items()}
    assert fails == {
        "ready": ("ready", ""),
        "goods_value_ch99": ("ready", ""),
        "hts_sequence": ("ready", ""),
        "ieepa_zero_duty": ("fix first", "ieepa_zero_duty"),
        "open_protest": ("fix first", "open_protest"),
        "invalid_hts": ("fix first", "invalid_hts"),
        "hts_relationship": ("fix first", "hts_relationship"),
        "duplicate": ("already declared", "duplicate"),
        "resubmit": ("ready", "goods_value_accepted"),
    }
    assert "resubmit" in found["resubmit"]["fix"] and "INVALID HTS" in found["invalid_hts"]["problems"]


def test_warehouse_entries_leave_the_cape_file_from_2026_07_07_and_tib_entries_always() -> None:
    """CSMS #69127837: types 21 and 22 refused from 2026-07-07; CSMS #68340863 item h: an 'open' or 'closed'
    liquidation status is a TIB entry, which CAPE does not take (it used to be read as unliquidated)."""
    tib = unliquidated_entry(40, [CH99, GOODS], entry_type="23")
    for r in tib:
        r["Liquidation Status"] = "Open"
    extra = {"warehouse": unliquidated_entry(41, [CH99, GOODS], entry_type="21"), "tib": tib}
    before, after = checked_cases(dt.date(2026, 7, 6), extra), checked_cases(dt.date(2026, 7, 7), extra)
    assert (before["warehouse"]["status"], after["warehouse"]["status"]) == ("ready", "not accepted")
    assert (
        after["warehouse"]["checks"] == "warehouse_entry" and "ENTRY TYPE NOT ALLOWED" in after["warehouse"]["problems"]
    )
    assert "reported, not confirmed by CBP" in after["warehouse"]["problems"]  # CSMS #69127837 as cited, not read
    assert before["tib"]["status"] == after["tib"]["status"] == "not accepted"
    assert before["tib"]["checks"] == "tib_entry"


def test_an_ftz_entry_no_psc_can_fix_waits_for_cbp_from_2026_08_21() -> None:
    """CSMS #69635410 (F883): no PSC may change an IEEPA HTS on a type 06 entry from 2026-08-21."""
    extra = {"ftz": unliquidated_entry(50, CASES["invalid_hts"], entry_type="06")}
    before, after = checked_cases(dt.date(2026, 8, 20), extra), checked_cases(dt.date(2026, 8, 21), extra)
    assert (before["ftz"]["status"], before["ftz"]["checks"]) == ("fix first", "invalid_hts")
    assert (after["ftz"]["status"], after["ftz"]["checks"]) == ("not accepted", "invalid_hts;no_psc_window")
    assert after["invalid_hts"]["status"] == "fix first"  # a type 01 entry can still be corrected


def test_every_check_the_sql_can_fail_has_its_text_and_source() -> None:
    import re
    from pathlib import Path

    sql = (Path(__file__).parent.parent / "acecore" / "sql" / "cape_checks.sql").read_text()
    named = set(re.findall(r"THEN '([a-z_0-9]+)' END", sql)) | set(re.findall(r"THEN \['([a-z_0-9]+)'\]", sql))
    named |= set(re.findall(r"coalesce\(et\.cape_check, '([a-z_]+)'\)", sql))  # the type refusal's check, by type
    named |= {
        r["cape_check"] for r in Analysis().sql("SELECT cape_check FROM entry_types").to_pylist() if r["cape_check"]
    }
    rejections = {r["check"]: r for r in Analysis().sql("SELECT * FROM cape_rejections").to_pylist()}
    assert named == set(rejections)
    for check, text in rejections.items():
        assert text["problem"] and text["fix"] and text["by"] in ("broker", "importer") and text["source"], check
        assert text["outcome"] in ("fix first", "not accepted", "already declared", "note"), check
