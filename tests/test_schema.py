"""The DuckDB tables have exactly the documented fields of the pydantic models."""

from acecore.analysis import Analysis
from acecore.models import EntryRow, LineRow, TariffClass
from acecore.sample import generate, to_csv


def test_tables_match_models() -> None:
    analysis = Analysis()
    analysis.add_file("s.csv", to_csv(generate(entries=10)))
    lines = analysis.sql("SELECT * FROM lines")
    entries = analysis.sql("SELECT * FROM entries")
    assert lines.column_names == list(LineRow.model_fields)
    assert entries.column_names == list(EntryRow.model_fields)
    for record in lines.to_pylist():
        LineRow(**record)
    for record in entries.to_pylist():
        EntryRow(**record)
    classes = analysis.sql("SELECT * FROM tariff_classes")
    assert classes.column_names == list(TariffClass.model_fields)
    for record in classes.to_pylist():
        TariffClass(**record)
