"""Summary, the first page: how much, what is urgent, and what to do next, as numbered actions with a
button each; then the dated things of the next 90 days. Before any upload: the sample, clearly marked,
and a large drop zone (the one a phone sees)."""

import re
from collections.abc import Callable
from typing import Literal

import pyarrow as pa
import streamlit as st

from acecore.actions import Action, next_actions
from acecore.cape import declaration_files, declaration_zip
from acecore.charts import money_split_chart, upcoming_chart
from acecore.contested import contested
from acecore.contested import sentence as contested_sentence
from acecore.export import csv_bytes, dollars, long_date
from acecore.ieepa import duty_to_check
from acecore.overview import due_soon, money_sentence, money_split, next_deadline, upcoming, urgent_by
from acecore.recovery import plan_for_people
from pages import run_through_app
from pages.common.display import DATE, entries, plain
from pages.common.session import analysis, as_of, work
from pages.common.uploading import drop_zone

run_through_app()

PAGES = {
    "ieepa": "pages/ieepa.py",
    "coverage": "pages/coverage.py",
    "tracker": "pages/tracker.py",
    "help": "pages/help.py",
}


def hand_over(action: Action, number: int) -> None:
    """The action's button: the file it hands over, or the page where it is done."""
    primary: Literal["primary", "secondary"] = "primary" if number == 1 else "secondary"
    if action.hands == "page":
        if st.button(plain(action.label), key=f"do_{action.key}", type=primary, width="stretch", wrap=True):
            st.switch_page(PAGES[action.page or "help"])
        return
    chosen = list(action.entry_numbers)
    data: bytes | Callable[[], bytes]
    if action.hands == "cape_file":
        files = declaration_files(chosen)
        name, data = files[0] if len(files) == 1 else ("cape-declarations.zip", declaration_zip(files))
    elif action.hands == "contested":  # those duties' rows, with their dates and the case, for counsel
        name = f"{re.sub(r'[^a-z0-9]+', '-', action.key.lower()).strip('-')}.csv"
        data = lambda: csv_bytes(contested(current, today, only=chosen))  # noqa: E731
    else:  # the entries' plan rows, for the broker or counsel, made when clicked
        name = f"{re.sub(r'[^a-z0-9]+', '-', action.key.lower()).strip('-')}.csv"
        data = lambda: csv_bytes(plan_for_people(current, today, only=chosen))  # noqa: E731
    st.download_button(
        plain(action.label),
        data,
        file_name=name,
        mime="application/zip" if name.endswith(".zip") else "text/csv",
        key=f"do_{action.key}",
        type=primary,
        width="stretch",
        wrap=True,
        on_click="ignore",
        icon=":material/download:",
    )


current, today = analysis(), as_of()
st.header("Summary")
if work().using_sample:  # the headline's badge says "Sample data" already
    st.markdown(
        "The figures below are from a **made-up importer**, to show what you will see. Drop your own "
        "ES-003 export to see yours: nothing you upload is shown to anyone else."
    )
    drop_zone()
elif not current.loaded:
    st.info("No ES-003 export is loaded yet: the Upload page says what each file gave.")
    drop_zone()
    st.stop()

horizon = urgent_by(today)
groups = due_soon(current, today)
now = sum(g["due_now"] for g in groups)
later = sum(g["entries"] for g in groups) - now
if now:  # what is urgent comes first: on a phone, the first screen
    duty = sum(g["due_now_duty"] for g in groups)
    st.error(
        f"**Due today or overdue: {now:,} {'entry' if now == 1 else 'entries'}, {dollars(duty)}** ("
        + "; ".join(f"{g['path']}: {g['due_now']:,}" for g in groups if g["due_now"])
        + ")",
        icon=":material/alarm:",
    )
if later and (first := next_deadline(groups)) is not None:  # the next deadline first: "by the 17th" hid the 7th
    duty = sum(g["ieepa_duty"] - g["due_now_duty"] for g in groups)
    on_first = [g for g in groups if g["next_deadline"] == first]
    days = (first - today).days
    st.warning(
        f"**Next deadline {long_date(first)}, in {days} {'day' if days == 1 else 'days'}: "
        f"{entries(sum(g['next_entries'] for g in on_first))}, {dollars(sum(g['next_duty'] for g in on_first))}** "
        f"({'; '.join(g['path'] for g in on_first)}). "
        f"Due by {long_date(horizon)}{', besides those due today' if now else ''}: {entries(later)}, {dollars(duty)}.",
        icon=":material/schedule:",
    )

split = money_split(current, today)
st.markdown(f"#### {plain(money_sentence(split))}")
st.altair_chart(money_split_chart(split), width="stretch")
checked, checked_duty = duty_to_check(current)
if checked:  # an exception heading with duty, say: counted as nothing, which a person should know
    st.warning(
        f"{'1 line' if checked == 1 else f'{checked:,} lines'} under IEEPA headings "
        f"{'carries' if checked == 1 else 'carry'} {dollars(checked_duty)} of duty that did not pass a rate or "
        "period check: look at them with your broker before you file (a step below).",
        icon=":material/rule:",
    )
if disputed := contested_sentence(contested(current, today)):
    st.info(f"{disputed} The Recovery plan lists them with their dates.", icon=":material/gavel:")
if not now and not later:
    counsel = next(p for p in split if p.place == "at risk: needs counsel")
    if counsel.ieepa_duty:  # nothing to file is not nothing to do
        st.info(f"Nothing to file by {long_date(horizon)}; {dollars(counsel.ieepa_duty)} needs counsel (step below).")
    else:
        st.success(f"Nothing is due by {long_date(horizon)}.", icon=":material/check_circle:")

st.subheader("What to do next")
for number, action in enumerate(next_actions(current, today), start=1):
    with st.container(border=True):
        text, button = st.columns([3, 2], vertical_alignment="center")
        by = action.deadline or horizon  # the step's own first date: "By Dec 17" hid that it was Dec 7
        badge = {"now": ":red-badge[Due today]", "soon": f":orange-badge[By {by:%b} {by.day}]"}
        text.markdown(f"**{number}.** {badge.get(action.level, '')} {plain(action.say)}")
        with button:
            hand_over(action, number)

st.subheader("The next 90 days")
items = upcoming(current, today)
if items:
    st.altair_chart(upcoming_chart(items, today), width="stretch")
    kinds = {"deadline": "last day", "liquidation": "liquidate", "event": "rule or court", "contested": "last day"}
    rows = [
        {
            "Date": i["date"],
            "Days left": i["days_left"],
            "What": (f"{i['event']}: {i['event_status']}" if i["event"] else f"{kinds[i['kind']]}: {i['path'] or ''}")
            + (f" ({i['sureness']})" if i["sureness"] else "")
            + (" (estimated)" if i["estimated"] else ""),
            "Entries": i["entries"],
            "IEEPA duty": i["ieepa_duty"],
            "Contested duty": i["contested_duty"],
        }
        for i in items
    ]
    shown = pa.Table.from_pylist(rows)
    if not any(i["contested_duty"] for i in items):
        shown = shown.drop_columns(["Contested duty"])
    st.dataframe(
        shown,
        hide_index=True,
        placeholder="",
        width="stretch",
        column_config={
            "Date": st.column_config.DateColumn(format=DATE),
            **{c: st.column_config.NumberColumn(format="dollar") for c in ("IEEPA duty", "Contested duty")},
        },
    )
    two_year = any(i["kind"] == "deadline" and i["path"] == "at risk: needs counsel" for i in items)
    st.caption(
        "A liquidation starts the 80 days for a CAPE declaration and the 180 days for a protest. "
        + (
            "The chart leaves out the cautious two-year dates for finally liquidated entries, which the table lists. "
            if two_year
            else ""
        )
        + "This is not legal advice: check the dates with your broker or counsel."
    )
else:
    st.success("Nothing dated in the next 90 days.")
