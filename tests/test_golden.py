"""Golden outputs: what other tools read, byte for byte. `analyze` on a fixed synthetic export and as-of date
must write exactly the files under tests/golden/, so a change to a column, a rounding, an order or a rule
shows as a diff in review. ACE_UPDATE_GOLDEN=1 rewrites them on purpose (then read the diff)."""

import os
from pathlib import Path

from acecore.cli import main
from acecore.sample import generate, to_csv
from tests.helpers import parse_csv, write_csv

GOLDEN = Path(__file__).parent / "golden"


def test_analyze_writes_the_golden_files(tmp_path: Path) -> None:
    (tmp_path / "es003.csv").write_bytes(to_csv(generate(entries=25, seed=5)))
    assert main(["analyze", str(tmp_path / "es003.csv"), "--as-of", "2026-11-24", "--out", str(tmp_path / "out")]) == 0
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    if os.environ.get("ACE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("*.*"):
            old.unlink()
        for name, content in written.items():
            (GOLDEN / name).write_bytes(content)
    expected = {p.name: p.read_bytes() for p in GOLDEN.glob("*.*")}
    assert sorted(written) == sorted(expected)
    for name, content in expected.items():
        assert written[name] == content, f"{name} differs from tests/golden/{name}: ACE_UPDATE_GOLDEN=1 rewrites it"


def test_compare_writes_the_golden_changes(tmp_path: Path) -> None:
    """The later pull: the golden export with two entries reliquidated without their IEEPA lines and the
    last entry gone."""
    rows = parse_csv(to_csv(generate(entries=25, seed=5)))
    entry, hts = "Entry Summary Number", "HTS Number - Full"
    ieepa = sorted({r[entry] for r in rows if r[hts].startswith(("990301", "990302"))})
    last = rows[-1][entry]
    later = [r for r in rows if r[entry] != last and not (r[entry] in ieepa[:2] and r[hts].startswith("9903"))]
    (tmp_path / "before.csv").write_bytes(write_csv(rows))
    (tmp_path / "after.csv").write_bytes(write_csv(later))
    out = tmp_path / "out"
    arguments = ["compare", "--before", str(tmp_path / "before.csv"), "--after", str(tmp_path / "after.csv")]
    assert main([*arguments, "--out", str(out)]) == 0
    golden = GOLDEN / "compare" / "changes.csv"
    if os.environ.get("ACE_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes((out / "changes.csv").read_bytes())
    assert (out / "changes.csv").read_bytes() == golden.read_bytes(), "ACE_UPDATE_GOLDEN=1 rewrites it"
