"""The first minute: where every dollar stands (adding up to the IEEPA duty paid), one horizon of
"urgent" for the headline, the summary and the plan, and the numbered actions with their counts and dollars."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from acecore.actions import CONTESTED_STEPS, next_actions
from acecore.analysis import Analysis
from acecore.cape import cape_checks_table, cape_entries
from acecore.contested import contested
from acecore.export import dollars, long_date
from acecore.overview import PLACES, due_soon, headline, money_sentence, money_split, urgent_by
from acecore.recovery import plan_for_people, routes
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker, load_tracker
from acecore.words import header
from tests.helpers import parse_csv, write_csv

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def sample() -> Analysis:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=600, seed=3)))
    return analysis


def duty_of(analysis: Analysis) -> dict[str, Decimal]:
    return {r["entry_number"]: r["ieepa_duty"] for r in analysis.sql("SELECT * FROM entries").to_pylist()}


def test_the_money_split_adds_up_to_the_headline_with_refunds_and_filings() -> None:
    analysis = Analysis()
    analysis.add_file("sample.csv", to_csv(generate(entries=300, seed=5)))
    rows = parse_csv(export_tracker(analysis, TODAY))
    cape = next(r for r in rows if r["path"] == "CAPE declaration")
    protest = next(r for r in rows if r["path"] == "protest (CBP Form 19)")
    counsel = next(r for r in rows if r["path"] == "at risk: needs counsel")
    cape.update(action_status="refunded", refund_amount="100.00", refund_date="2026-11-01")
    protest.update(action_status="filed", filed_date="2026-11-20")
    assert load_tracker(analysis, "t.csv", write_csv(rows)).status == "ok"

    split = {p.place: p for p in money_split(analysis, TODAY)}
    h = headline(analysis, TODAY)
    assert list(split) == list(PLACES)
    assert sum(p.ieepa_duty for p in split.values()) == h.ieepa_paid  # to the cent
    assert sum(split[p].ieepa_duty for p in PLACES[:4]) == h.recoverable_now
    assert split["at risk: needs counsel"].ieepa_duty == h.needs_counsel
    duty = duty_of(analysis)
    assert split["refunded"].ieepa_duty == duty[cape["entry_number"]] and split["refunded"].entries == 1
    assert split["filed, waiting for CBP"].ieepa_duty == duty[protest["entry_number"]]
    plan = routes(analysis, TODAY).to_pylist()
    untouched = {cape["entry_number"], protest["entry_number"]}
    expected_counsel = sum(duty[r["entry_number"]] for r in plan if r["path"] == "at risk: needs counsel")
    assert split["at risk: needs counsel"].ieepa_duty == expected_counsel and counsel["entry_number"] not in untouched
    assert split["CAPE declaration"].ieepa_duty == sum(
        duty[r["entry_number"]] for r in plan if r["path"] == "CAPE declaration" and r["entry_number"] not in untouched
    )


def test_the_sentence_tells_the_split_and_leaves_out_what_is_zero(sample: Analysis) -> None:
    split = money_split(sample, TODAY)
    said = money_sentence(split)
    amounts = {p.place: p.ieepa_duty for p in split}
    paid = sum(amounts.values())
    assert said.startswith(f"You paid ${paid:,.2f} in IEEPA duty. ")
    assert f"${amounts['CAPE declaration']:,.2f} by CAPE declaration" in said
    assert f"${amounts['at risk: needs counsel']:,.2f} is at risk: needs counsel" in said
    assert "post-summary correction" not in said and said.endswith(". Nothing is refunded yet.")


def test_one_horizon_of_urgent_for_the_headline_the_summary_and_the_plan(sample: Analysis) -> None:
    horizon = urgent_by(TODAY)
    assert horizon == dt.date(2026, 12, 16)
    groups = due_soon(sample, TODAY)
    duty = duty_of(sample)
    plan = routes(sample, TODAY).to_pylist()
    due = [r for r in plan if r["deadline"] and r["deadline"] <= horizon and duty[r["entry_number"]] > 0]
    assert sum(g["entries"] for g in groups) == len(due) > 0
    assert sum(g["ieepa_duty"] for g in groups) == headline(sample, TODAY).due_soon
    assert {r["urgency"] for r in due} <= {"overdue", "under 15 days"}  # the urgency buckets agree
    now = [r for r in due if r["deadline"] <= TODAY]
    assert sum(g["due_now"] for g in groups) == len(now) > 0
    first = min(r["deadline"] for r in due if r["deadline"] > TODAY)  # what the Summary's yellow line leads with
    on_first = [r for r in due if r["deadline"] == first]
    assert min(g["next_deadline"] for g in groups if g["next_deadline"]) == first
    assert sum(g["next_entries"] for g in groups if g["next_deadline"] == first) == len(on_first) > 0
    assert sum(g["next_duty"] for g in groups if g["next_deadline"] == first) == sum(
        duty[r["entry_number"]] for r in on_first
    )


def test_the_actions_lead_with_what_is_due_today_and_name_their_count_and_dollars(sample: Analysis) -> None:
    actions = next_actions(sample, TODAY)
    levels = [a.level for a in actions]
    assert levels == sorted(levels, key=["now", "soon", "later"].index)  # due today first, then by the horizon
    first = actions[0]
    assert first.level == "now" and first.label.startswith("File ") and "due today" in first.label
    assert first.label.endswith(f"${first.ieepa_duty:,.2f}") and first.say.startswith("All ")
    duty = duty_of(sample)
    assert sum(duty[e] for e in first.entry_numbers) == first.ieepa_duty and len(first.entry_numbers) == first.entries
    [cape] = [a for a in actions if a.hands == "cape_file"]
    ready = cape_entries(sample, TODAY)
    assert cape.entry_numbers == [e["entry_number"] for e in ready]
    assert cape.label == f"Download the CAPE file: {len(ready):,} entries, ${cape.ieepa_duty:,.2f}"
    horizon = urgent_by(TODAY)
    soon = [
        e for e in ready if e["deadline"] and e["deadline"] <= horizon
    ]  # the step is tagged with their date, not all of the file's
    duty_soon = sum(e["ieepa_duty"] for e in soon)
    told = f"Of them, {len(soon):,} entries (${duty_soon:,.2f}) are due by {long_date(horizon)}."
    assert cape.level == "soon" and 0 < len(soon) < len(ready) and told in cape.say
    refused = [c for c in cape_checks_table(sample, TODAY).to_pylist() if c["status"] == "not accepted"]
    [review] = [a for a in actions if a.key == "not accepted"]
    told = "it as it is: its entry type" if review.entries == 1 else "them as they are: their entry type"
    assert review.say.startswith(f"CAPE will not take {told} or status")  # said of one entry or of several
    more = len(refused) - review.entries  # the plan's count of them, less this step's: where the rest are
    assert more > 0 and f"{more:,} more entries like these (" in review.say
    total = sum((c["ieepa_duty"] for c in refused), Decimal("0.00"))  # what the Recovery plan says of them
    assert review.say.endswith(
        f"in another step of this list (a protest or counsel): {len(refused):,} entries, {dollars(total)}, in all."
    )
    assert [a.key for a in actions][-1] == "tracker"
    listed = [e for a in actions if a.hands == "entries" for e in a.entry_numbers]
    assert len(listed) == len(set(listed))  # no entry in two actions


def test_the_plan_for_people_carries_the_amounts_and_plain_headers(sample: Analysis) -> None:
    plan = plan_for_people(sample, TODAY)
    first = ["Entry", "Path", "Deadline", "Date basis", "Days left", "IEEPA duty", "What to do"]
    assert plan.column_names[:7] == first
    assert sum(plan["IEEPA duty"].to_pylist()) == headline(sample, TODAY).ieepa_paid
    todo = zip(plan["Path"].to_pylist(), plan["What to do"].to_pylist(), strict=True)
    assert all(t for p, t in todo if p != "no IEEPA duty")
    codes = tuple({r for r in routes(sample, TODAY)["rule_id"].to_pylist() if r})
    assert len(codes) >= 2 and "Rule" not in plan.column_names  # the rule in words, not its code
    assert not any(why.startswith(codes) for why in plan["Why"].to_pylist())
    assert any(why.startswith("by liquidation date") for why in plan["Why"].to_pylist())
    some = plan["Entry"].to_pylist()[:3]
    assert plan_for_people(sample, TODAY, only=some)["Entry"].to_pylist() == some
    told = " ".join(plan["Why"].to_pylist() + plan["Paths open"].to_pylist())  # dates as the grid shows them
    assert re.search(r"\(by \d\d/\d\d/\d{4}\)", told) and not re.search(r"\d{4}-\d\d-\d\d", told)


@pytest.mark.parametrize(
    "amount, text", [("2761450.58", "$2,761,450.58"), ("-8478238.56", "-$8,478,238.56"), ("0", "$0.00")]
)
def test_dollars_as_people_read_them(amount: str, text: str) -> None:
    assert dollars(Decimal(amount)) == text


def test_headers_read_as_words() -> None:
    assert [header(n) for n in ("entry_number", "ieepa_duty", "rows_flagged", "mfn_duty", "recoverable_duty")] == [
        "Entry",
        "IEEPA duty",
        "Rows flagged",
        "MFN duty",
        "IEEPA duty paid",
    ]


def test_the_contested_steps_hold_every_entry_the_first_screen_counts(sample: Analysis) -> None:
    """The blue line's entries and dollars are the steps' together: the entries not liquidated yet with no
    liquidation date (no window to date) are planned with the others, and say so."""
    table = contested(sample, TODAY).to_pylist()
    steps = [a for a in next_actions(sample, TODAY) if a.hands == "contested"]
    planned = {e for a in steps for e in a.entry_numbers}
    assert planned == {r["entry_number"] for r in table if r["path"].split(" (")[0] in CONTESTED_STEPS}
    undated = {r["entry_number"] for r in table if r["deadline"] is None and r["entry_number"] in planned}
    assert undated and any(f"{len(undated)} entries have no liquidation date yet" in a.say for a in steps)
    in_steps = sum((r["duty"] for r in table if r["entry_number"] in planned), Decimal("0.00"))
    assert sum((Decimal(a.label.rsplit("$", 1)[1].replace(",", "")) for a in steps), Decimal("0.00")) == in_steps
