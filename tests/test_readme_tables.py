"""The README's tables of output columns are read from the README and checked against what `analyze`
wrote for the golden run (tests/golden/), so the two cannot drift apart."""

import csv
import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"


def readme_tables() -> dict[str, tuple[list[str], list[str]]]:
    """file name -> (the names the README lists first, the ones after "then"), in its order."""
    tables = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 3 and re.fullmatch(r"`[a-z_]+\.(csv|json)`", cells[0]):
            first, _, then = cells[2].partition(" then ")
            tables[cells[0].strip("`")] = (re.findall(r"`([a-z_0-9]+)`", first), re.findall(r"`([a-z_0-9]+)`", then))
    return tables


def is_in_order(names: list[str], header: list[str]) -> bool:
    positions = [header.index(n) for n in names if n in header]
    return len(positions) == len(names) and positions == sorted(positions)


def test_the_readme_lists_every_output_table() -> None:
    assert set(readme_tables()) == {
        "entries.csv",
        "lines.csv",
        "summary.json",
        "coverage.csv",
        "ieepa_lines.csv",
        "headings.csv",
        "changes.csv",
    }


def test_every_column_the_readme_names_is_written_in_that_order() -> None:
    """The names before "then" are the contract: the file's first columns, in that order. The rest follow."""
    for name, (first, then) in readme_tables().items():
        if name.endswith(".csv"):
            path = GOLDEN / "compare" / name if name == "changes.csv" else GOLDEN / name  # of `compare`
            header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
            assert header[: len(first)] == first, (name, header)
            assert is_in_order(then, header[len(first) :]), (name, [n for n in then if n not in header], header)
        else:
            summary = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
            keys = set(summary) | set(summary["files"][0])
            assert set(first + then) <= keys, (name, set(first + then) - keys)
