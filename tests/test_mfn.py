"""The MFN rate table: the parser of the HTS's rate words, the build from USITC HTS revisions
(`python -m acecore mfn-table`), and the shipped acecore/data/mfn_rates.csv against its schema."""

import csv
import datetime as dt
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from acecore import cli, mfn


def test_rate_words_become_figures() -> None:
    assert mfn.parse_rate("Free") == mfn.Rate("Free")
    assert mfn.parse_rate("6.8%").ad_valorem_pct == Decimal("6.8")
    assert mfn.parse_rate("4.4¢/kg").specific == ((Decimal("0.044"), "KG"),)
    compound = mfn.parse_rate("$1.035/kg + 17.5%")
    assert (compound.ad_valorem_pct, compound.specific) == (Decimal("17.5"), ((Decimal("1.035"), "KG"),))
    assert mfn.parse_rate("0.9¢ each + 4.5%").specific == ((Decimal("0.009"), "NO"),)
    assert mfn.parse_rate("4.4¢/liter + 31.4¢/pf. liter").specific == (
        (Decimal("0.044"), "L"),
        (Decimal("0.314"), "PFL"),
    )


def test_rates_in_prose_keep_their_words_and_no_figures() -> None:
    for words in ("89.6¢/1000", "The rate applicable to the article", "25% on the case"):
        rate = mfn.parse_rate(words)
        assert not rate.computable and rate.text == words


@given(st.decimals(min_value=0, max_value=99, places=2), st.decimals(min_value=Decimal("0.1"), max_value=99, places=1))
def test_any_cents_per_kg_plus_percent_reads_back(percent: Decimal, cents: Decimal) -> None:
    rate = mfn.parse_rate(f"{cents}¢/kg + {percent}%")
    assert rate.computable and rate.ad_valorem_pct == percent and rate.specific == ((cents / 100, "KG"),)


def test_special_rates_of_the_top_up_programs_only() -> None:
    assert mfn.parse_special("Free (A+,AU,KR,SG) 2.8% (JO)") == {"KR": Decimal(0)}
    assert mfn.parse_special("Free (C,KR) 3.4% (JP)") == {"C": Decimal(0), "KR": Decimal(0), "JP": Decimal("3.4")}
    assert mfn.parse_special("1.1¢/kg (JP)") == {}  # a specific special rate: none applied


def revision(*rows: tuple[str, str, str]) -> bytes:
    return json.dumps([{"htsno": h, "general": g, "special": s} for h, g, s in rows]).encode()


def test_a_subheading_is_kept_at_8_digits_unless_its_lines_differ() -> None:
    rates = mfn.revision_rates(
        revision(
            ("3923.90.00", "3%", "Free (KR)"),
            ("3923.90.00.80", "", ""),
            ("6110.20.10", "", ""),  # the rate sits on the statistical lines, all the same
            ("6110.20.10.10", "16.5%", ""),
            ("6110.20.10.20", "16.5%", ""),
            ("0404.10.05", "", ""),  # lines with different rates: kept at 10 digits
            ("0404.10.05.10", "Free", ""),
            ("0404.10.05.20", "6%", ""),
            ("9903.01.25", "10%", ""),  # Chapter 99 is never an MFN rate
        )
    )
    assert set(rates) == {"39239000", "61102010", "0404100510", "0404100520"}
    assert rates["39239000"].special == (("KR", Decimal(0)),)


def test_the_table_spans_each_rate_over_the_revisions_it_stood_in(tmp_path: Path) -> None:
    first = tmp_path / "2025basic.json"
    second = tmp_path / "2025rev5.json"
    first.write_bytes(revision(("3923.90.00", "3%", ""), ("9503.00.00", "Free", "")))
    second.write_bytes(revision(("3923.90.00", "3.5%", ""), ("9503.00.00", "Free", "")))
    out = tmp_path / "mfn_rates.csv"
    args = ["mfn-table", "--out", str(out), "--revision", "2025-01-01", "2025 Basic", str(first)]
    assert cli.main([*args, "--revision", "2025-03-07", "2025 Rev. 5", str(second)]) == 0
    rows = [(r["hts"], r["first_day"], r["last_day"], r["general"], r["source"]) for r in csv.DictReader(out.open())]
    assert rows == [
        ("39239000", "2025-01-01", "2025-03-06", "3%", "USITC HTS 2025 Basic"),
        ("39239000", "2025-03-07", "", "3.5%", "USITC HTS 2025 Rev. 5"),
        ("95030000", "2025-01-01", "", "Free", "USITC HTS 2025 Basic to 2025 Rev. 5"),
    ]


class MfnRate(BaseModel):
    hts: str
    first_day: dt.date
    last_day: dt.date | None
    general: str
    ad_valorem_pct: Decimal | None
    specific: Decimal | None
    specific_unit: str | None
    other: Decimal | None
    other_unit: str | None
    special: str
    source: str


def shipped() -> list[MfnRate]:
    texts = ("general", "special")  # the rest: empty is None
    with resources.files("acecore").joinpath("data", "mfn_rates.csv").open(encoding="utf-8", newline="") as handle:
        return [MfnRate(**{k: v if k in texts else (v or None) for k, v in r.items()}) for r in csv.DictReader(handle)]


def test_the_shipped_table_is_well_formed_and_agrees_with_its_own_words() -> None:
    rows = shipped()
    assert len({r.hts[:8] for r in rows}) > 10_000  # the whole schedule, chapters 1-97
    last: dict[str, MfnRate] = {}
    for r in rows:
        assert r.hts.isdigit() and len(r.hts) in (8, 10) and r.hts[:2] not in ("98", "99"), r
        assert r.source.startswith("USITC HTS "), r
        words = mfn.parse_rate(r.general)
        assert (r.ad_valorem_pct is not None) == words.computable, r
        if words.computable:
            assert r.ad_valorem_pct == words.ad_valorem_pct and (r.specific, r.specific_unit) == (
                words.specific[0] if words.specific else (None, None)
            ), r
        for part in filter(None, r.special.split(";")):
            program, pct = part.split("=")
            assert program in mfn.TOP_UP_PROGRAMS and Decimal(pct) >= 0, r
        if r.hts in last:  # spans of one HTS follow each other, without overlap
            before = last[r.hts]
            assert before.last_day is not None and r.first_day == before.last_day + dt.timedelta(days=1), r
        last[r.hts] = r
    assert all(r.last_day is None for r in last.values())  # every HTS's last span is still in force


def test_well_known_rates_are_in_the_table() -> None:  # against the HTS 2026 as published by USITC
    current = {r.hts: r.general for r in shipped() if r.last_day is None}
    assert current["61102020"] == "16.5%" and current["42029231"] == "17.6%"
    assert current["39239000"] == "3%" and current["95030000"] == "Free"
