"""Golden outputs: what other tools read, byte for byte. `analyze` on a fixed synthetic export and as-of date
must write exactly the files under tests/golden/, so a change to a column, a rounding, an order or a rule
shows as a diff in review. ACE_UPDATE_GOLDEN=1 rewrites them on purpose (then read the diff)."""

import os
from pathlib import Path

from acecore.cli import main
from acecore.sample import generate, to_csv

GOLDEN = Path(__file__).parent / "golden"


def test_analyze_writes_the_golden_files(tmp_path: Path) -> None:
    (tmp_path / "es003.csv").write_bytes(to_csv(generate(entries=25, seed=5)))
    assert main(["analyze", str(tmp_path / "es003.csv"), "--as-of", "2026-11-24", "--out", str(tmp_path / "out")]) == 0
    written = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    if os.environ.get("ACE_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.iterdir():
            old.unlink()
        for name, content in written.items():
            (GOLDEN / name).write_bytes(content)
    expected = {p.name: p.read_bytes() for p in GOLDEN.iterdir()}
    assert sorted(written) == sorted(expected)
    for name, content in expected.items():
        assert written[name] == content, f"{name} differs from tests/golden/{name}: ACE_UPDATE_GOLDEN=1 rewrites it"
