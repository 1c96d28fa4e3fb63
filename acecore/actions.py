"""This importer's next actions, most urgent first: what the summary page numbers and puts a button on
("Download the CAPE file: 119 entries, $2.76M", "File 6 protests due today: $108,677.64").

Each action names what it does, with its entries and IEEPA duty; urgent ones (due by the one horizon of
"urgent", overview.urgent_by) lead, in red where something is due today or overdue. An action either
hands over a file (the CAPE declaration, or the entries' plan rows for the broker or counsel) or points to
the page where the work is done.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel

from acecore.analysis import Analysis
from acecore.cape import cape_checks_table
from acecore.contested import contested
from acecore.coverage import IEEPA_PERIOD, coverage
from acecore.export import dollars, long_date
from acecore.ieepa import duty_to_check
from acecore.overview import due_soon, urgent_by
from acecore.recovery import routes
from acecore.tracker import DONE_STATUSES, tracker_table


class Action(BaseModel):
    key: str
    label: str  # the button: what it does, with its count and dollars
    say: str  # one plain sentence beside it: why, by when, who
    entries: int = 0
    ieepa_duty: Decimal = Decimal("0.00")
    deadline: dt.date | None = None
    days_left: int | None = None
    level: Literal["now", "soon", "later"] = "later"  # now: due today or overdue (red); soon: by the horizon
    hands: Literal["cape_file", "entries", "contested", "page"] = "entries"  # contested: those duties' rows
    page: str | None = None  # for hands == "page": ieepa, coverage, tracker or help
    entry_numbers: list[str] = []


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _lead(count: int, level: str) -> str:
    """How a group's date is told: of all of them when all are due now, else of the first."""
    if level != "now":
        return "The first is"
    return "The entry is" if count == 1 else f"All {count:,} are"


def _months(months: list[str]) -> str:
    """Months as people say them: ["2025-02", "2025-03"] -> "Feb 2025, Mar 2025"."""
    return ", ".join(f"{dt.date.fromisoformat(m + '-01'):%b %Y}" for m in months)


def _when(deadline: dt.date, as_of: dt.date) -> str:
    """A deadline as people say it: "due today", "due by December 7, 2026 (5 days left)"."""
    days = (deadline - as_of).days
    if days < 0:
        return f"overdue since {long_date(deadline)} ({_count(-days, 'day', 'days')})"
    if days == 0:
        return "due today"
    return f"due by {long_date(deadline)} ({_count(days, 'day', 'days')} left)"


def _closes(day: dt.date, as_of: dt.date, estimated: bool) -> str:
    """When a window closes, as people say it: "on July 7, 2027 (217 days left, estimated)"."""
    days = (day - as_of).days
    if days == 0:
        return "today (estimated)" if estimated else "today"
    note = ", estimated" if estimated else ""
    return f"on {long_date(day)} ({_count(abs(days), 'day', 'days')} {'left' if days > 0 else 'ago'}{note})"


def next_actions(analysis: Analysis, as_of: dt.date) -> list[Action]:
    """The checklist, in order: what is due now, then by the horizon, then the rest by kind."""
    horizon = urgent_by(as_of)
    urgent: list[Action] = []
    for group in due_soon(analysis, as_of):
        if group["path"] == "CAPE declaration":
            continue  # told with the CAPE file below
        urgent.extend(_due(group, as_of))
    tracked = tracker_table(analysis, as_of)
    paths = _paths(tracked, as_of, horizon)
    elsewhere = {e for a in urgent + paths for e in a.entry_numbers}  # a refused entry with a protest is told there
    checks = cape_checks_table(analysis, as_of)
    told = pc.is_in(checks["entry_number"], value_set=pa.array(sorted(elsewhere), pa.string()))
    told_elsewhere: dict[str, tuple[int, Decimal]] = {  # the plan counts them too: say where, and how much
        r["status"]: (r["entry_number_count"], r["ieepa_duty_sum"])
        for r in checks.filter(told)
        .group_by("status")
        .aggregate([("entry_number", "count"), ("ieepa_duty", "sum")])
        .to_pylist()
    }
    checks = checks.filter(pc.invert(told))
    on_cape = set(tracked.filter(pc.equal(tracked["path"], "CAPE declaration"))["entry_number"].to_pylist())
    disputed = _contested(analysis, tracked, as_of, horizon)
    rest = [*_cape(checks, on_cape, as_of, horizon, told_elsewhere), *paths, *disputed, *_data(analysis, as_of)]
    order = {"now": 0, "soon": 1, "later": 2}
    first = sorted(
        urgent + [a for a in rest if a.level != "later"], key=lambda a: (order[a.level], a.deadline or horizon)
    )
    return first + [a for a in rest if a.level == "later"]


def _due(group: dict, as_of: dt.date) -> list[Action]:
    """A path's entries due today or overdue (red), and those due later within the horizon."""
    path, n, duty, now, now_duty = (group[k] for k in ("path", "entries", "ieepa_duty", "due_now", "due_now_duty"))
    verbs = {
        "protest (CBP Form 19)": ("File", "protest", "protests"),
        "post-summary correction": ("Correct", "entry by PSC", "entries by PSC"),
        "at risk: needs counsel": ("Take to counsel", "entry", "entries"),
    }
    verb, one, many = verbs.get(path, ("Act on", "entry", "entries"))
    numbers = group["entry_numbers"]  # by deadline: those due now come first
    parts = []
    if now:
        overdue = group["overdue"]
        when = "overdue" if overdue == now else "due today" if not overdue else "due today or overdue"
        parts.append((now, now_duty, group["first_deadline"], when, "now", numbers[:now]))
    if n > now:
        later = group["next_deadline"]
        parts.append((n - now, duty - now_duty, later, f"due by {long_date(urgent_by(as_of))}", "soon", numbers[now:]))
    return [
        Action(
            key=f"{level}:{path}",
            label=f"{verb} {_count(count, one, many)} {when}: {dollars(amount)}",
            say=f"{_lead(count, level)} {_when(first, as_of)}. {group['action']} The button downloads the list to "
            "hand over.",
            entries=count,
            ieepa_duty=amount,
            deadline=first,
            days_left=(first - as_of).days,
            level=level,
            entry_numbers=chosen,
        )
        for count, amount, first, when, level, chosen in parts
    ]


def _cape(
    checks: pa.Table,
    on_cape: set[str],
    as_of: dt.date,
    horizon: dt.date,
    told_elsewhere: dict[str, tuple[int, Decimal]],
) -> list[Action]:
    """The CAPE file of the entries ready, and the entries CBP would reject as they are; `on_cape`, the
    entries whose path is CAPE (the summary's figure), which the file's figure is told against;
    `told_elsewhere`, by status, the entries CBP would reject that another step (a protest, counsel) holds,
    and their IEEPA duty: told so that the step and the Recovery plan give the same total."""
    actions = []
    ready = checks.filter(pc.equal(checks["status"], "ready"))
    held = checks.filter(pc.invert(pc.equal(checks["status"], "ready")))
    held_on_cape = [e for e in held["entry_number"].to_pylist() if e in on_cape]
    if ready.num_rows:
        duty = pc.sum(ready["ieepa_duty"]).as_py()
        first = pc.min(ready["deadline"]).as_py()
        soon = first is not None and first <= horizon
        said = [
            "Download the file (the button) and upload it in the ACE Portal's CAPE tab: it holds these entries' "
            "numbers in CBP's template.",
            f"The first is {_when(first, as_of)}." if first else "None of them has a deadline yet.",
        ]
        if soon:  # the button hands the whole file; the step's date is the first of them
            due = ready.filter(pc.less_equal(ready["deadline"], horizon))
            said.append(
                f"Of them, {_count(due.num_rows, 'entry', 'entries')} ({dollars(pc.sum(due['ieepa_duty']).as_py())}) "
                f"{'is' if due.num_rows == 1 else 'are'} due by {long_date(horizon)}."
            )
        if held_on_cape:
            said.append(
                f"Of the {_count(len(on_cape), 'entry', 'entries')} on the CAPE path, {len(held_on_cape):,} "
                "are not in the file: CBP would reject them now (below)."
            )
        say = " ".join(said)
        actions.append(
            Action(
                key="cape_file",
                label=f"Download the CAPE file: {_count(ready.num_rows, 'entry', 'entries')}, {dollars(duty)}",
                say=say,
                entries=ready.num_rows,
                ieepa_duty=duty,
                deadline=first,
                days_left=(first - as_of).days if first else None,
                level=("now" if first <= as_of else "soon") if soon and first else "later",
                hands="cape_file",
                entry_numbers=ready["entry_number"].to_pylist(),
            )
        )
    for status, label, say in (
        (
            "fix first",
            "Send {n} to your broker to fix: {d}",
            "CBP would reject {them} as {they_are}; the list says what to correct (a post-summary correction, "
            "mostly). Then upload the corrected export.",
        ),
        (
            "not accepted",
            "Review {n} CAPE will not take: {d}",
            "CAPE will not take {them} as {they_are}: {their} entry type or status, or a correction that cannot be "
            "made now (a later phase of CAPE may take some, CBP says). The list says what keeps the claim open.",
        ),
    ):
        these = held.filter(pc.equal(held["status"], status))
        if these.num_rows:
            duty = pc.sum(these["ieepa_duty"]).as_py()
            more, more_duty = told_elsewhere.get(status, (0, Decimal("0.00")))
            words = (
                {"them": "it", "they_are": "it is", "their": "its"}
                if these.num_rows == 1
                else {"them": "them", "they_are": "they are", "their": "their"}
            )
            actions.append(
                Action(
                    key=status,
                    label=label.format(n=_count(these.num_rows, "entry", "entries"), d=dollars(duty)),
                    say=say.format(**words)
                    + (
                        f" {_count(more, 'more entry', 'more entries')} like these ({dollars(more_duty)}) "
                        f"{'is' if more == 1 else 'are'} in another step of this list (a protest or counsel): "
                        f"{_count(these.num_rows + more, 'entry', 'entries')}, {dollars(duty + more_duty)}, in all."
                        if more
                        else ""
                    ),
                    entries=these.num_rows,
                    ieepa_duty=duty,
                    entry_numbers=these["entry_number"].to_pylist(),
                )
            )
    return actions


def _paths(tracked: pa.Table, as_of: dt.date, horizon: dt.date) -> list[Action]:
    """Protests and the entries for counsel due after the horizon (those due by it lead the list), from
    the tracker's table of the entries in view."""
    done = pc.is_in(
        tracked["action_status"], value_set=pa.array(DONE_STATUSES, tracked.schema.field("action_status").type)
    )
    open_ = tracked.filter(pc.invert(done))
    actions = []
    for path, key, label, say in (
        (
            "protest (CBP Form 19)",
            "protests",
            "Prepare {n}: {d}",
            "Liquidated more than 80 days ago: CAPE no "
            "longer takes them, a protest within 180 days of liquidation does. The first is {when}.",
        ),
        (
            "at risk: needs counsel",
            "counsel",
            "Talk to counsel about {n}: {d}",
            "Finally liquidated: CBP refunds them only with a court case of your own so far. The cautious "
            "reading gives two years from the executive order behind each entry's IEEPA duty (28 U.S.C. 2636(i)): "
            "the first such date is {when}. Ask counsel now.",
        ),
    ):
        rows = open_.filter(pc.equal(open_["path"], path))
        later = rows.filter(pc.greater(rows["deadline"], horizon))
        if not later.num_rows:
            continue
        duty = pc.sum(later["ieepa_duty"]).as_py()
        first = pc.min(later["deadline"]).as_py()
        noun = (
            ("protest", "protests") if key == "protests" else ("finally liquidated entry", "finally liquidated entries")
        )
        guessed = pc.sum(pc.cast(pc.equal(later["liquidation_basis"], "estimated"), "int64")).as_py() or 0
        actions.append(
            Action(
                key=key,
                label=label.format(n=_count(later.num_rows, *noun), d=dollars(duty)),
                say=say.format(when=_when(first, as_of))
                + (
                    f" {_count(guessed, 'entry is', 'entries are')} liquidated only by estimate (your files give no "
                    f"liquidation date): check {'it' if guessed == 1 else 'them'} in ACE first, for an entry that "
                    "has not liquidated is CAPE's."
                    if guessed
                    else ""
                ),
                entries=later.num_rows,
                ieepa_duty=duty,
                deadline=first,
                days_left=(first - as_of).days,
                entry_numbers=later["entry_number"].to_pylist(),
            )
        )
    return actions


CONTESTED_STEPS = {  # a contested duty's path -> the button, what it counts, what to say (contested.sql's paths)
    "protective protest": (
        "File {n} ({measure})",
        ("protective protest", "protective protests"),
        "{measure} duty is contested in court. A protest within 180 days of an entry's liquidation keeps a "
        "claim open; it does not win one. The first window closes {closes}. Decide with counsel.",
    ),
    "window opens at liquidation": (
        "Plan {n} ({measure})",
        ("protective protest", "protective protests"),
        "{measure} duty is contested in court. These entries have not liquidated yet: each one's 180 days for "
        "a protest start when it does; the first window closes {closes}. Decide with counsel now whether to protest.",
    ),
    "protest window closed: only a suit of your own, talk to counsel": (
        "Take {n} to counsel ({measure})",
        ("entry", "entries"),
        "{measure} duty is contested in court and these entries' protest windows have closed: only a suit of "
        "your own keeps a claim, {when}.",
    ),
}


# said instead of the step's sentence when none of its entries has a liquidation date to count from
UNDATED = "{measure} duty is contested in court. These entries have not liquidated yet, and no date is known."


def _contested(analysis: Analysis, tracked: pa.Table, as_of: dt.date, horizon: dt.date) -> list[Action]:
    """Duties a court may strike down (Section 122 ...): by measure and step, the claims not yet protested,
    sued on or let go (the tracker's contested_status), each with its first deadline."""
    settled = {  # the entries whose contested claim the tracker says is taken care of
        e
        for e, s in zip(tracked["entry_number"].to_pylist(), tracked["contested_status"].to_pylist(), strict=True)
        if s in ("protest filed", "suit filed", "not pursued")
    }
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in contested(analysis, as_of).to_pylist():
        step = row["path"].split(" (")[0]
        # an entry not liquidated yet whose liquidation date is not known is planned with the others: its
        # window has no date yet, but its duty is in the contested total all the same
        planned = row["deadline"] is not None or step == "window opens at liquidation"
        if step in CONTESTED_STEPS and row["entry_number"] not in settled and planned:
            groups.setdefault((row["measure"], step), []).append(row)
    actions = []
    for (measure, step), rows in sorted(groups.items(), key=lambda g: min(r["deadline"] or dt.date.max for r in g[1])):
        first = min(rows, key=lambda r: r["deadline"] or dt.date.max)
        entries = sorted({r["entry_number"] for r in rows})
        undated = len({r["entry_number"] for r in rows if r["deadline"] is None})
        duty = sum((r["duty"] for r in rows), Decimal("0.00"))
        label, (one, many), say = CONTESTED_STEPS[step]
        deadline = first["deadline"]
        level: Literal["now", "soon", "later"] = (
            "later" if deadline is None else "now" if deadline <= as_of else "soon" if deadline <= horizon else "later"
        )
        said = (
            say.format(
                measure=measure,
                when=_when(deadline, as_of) + (" (estimated)" if first["deadline_estimated"] else ""),
                closes=_closes(deadline, as_of, first["deadline_estimated"]),
            )
            if deadline is not None
            else UNDATED.format(measure=measure)
        )
        if undated:
            said += (
                f" {_count(undated, 'entry has', 'entries have')} no liquidation date yet: add it (Liquidation Date "
                "in your ES-003, or an ES-701 export) to date its window."
            )
        actions.append(
            Action(
                key=f"contested-{measure}-{step}",
                label=f"{label.format(n=_count(len(entries), one, many), measure=measure)}: {dollars(duty)}",
                say=said,
                entries=len(entries),
                deadline=deadline,
                days_left=None if deadline is None else (deadline - as_of).days,
                level=level,
                hands="contested",
                entry_numbers=entries,
            )
        )
    return actions


def _data(analysis: Analysis, as_of: dt.date) -> list[Action]:
    """What makes the numbers surer: the lines whose check did not pass, the IEEPA months missing,
    liquidation dates, the tracker."""
    actions = []
    lines, duty = duty_to_check(analysis)
    if lines:
        actions.append(
            Action(
                key="lines to check",
                label=f"Check {_count(lines, 'line', 'lines')} with your broker: {dollars(duty)}",
                say=f"{_count(lines, 'line', 'lines')} under IEEPA headings {'carries' if lines == 1 else 'carry'} "
                "duty that did not pass a rate or period check (an exception heading with duty, say): nothing is "
                "counted from them until your broker corrects them or confirms them.",
                hands="page",  # their duty is in the label, not in ieepa_duty: it is not counted as IEEPA duty
                page="ieepa",
            )
        )
    missing = coverage(analysis, as_of, IEEPA_PERIOD).gaps
    if missing:
        actions.append(
            Action(
                key="coverage",
                label=f"Check {_count(len(missing), 'month', 'months')} with no entries",
                say=f"Your files hold no entry summary in {_months(missing)}, months when IEEPA duty was "
                "collected. If you imported then, pull those months from ACE and upload them: their refunds are "
                "missing from every figure here.",
                hands="page",
                page="coverage",
            )
        )
    plan = routes(analysis, as_of)
    estimated = pc.sum(pc.cast(plan["deadline_estimated"], "int64")).as_py() or 0
    if estimated:
        actions.append(
            Action(
                key="liquidation",
                label="Add liquidation dates",
                say=f"{_count(estimated, 'deadline rests', 'deadlines rest')} on an estimated liquidation date. "
                "Add Liquidation Date and Status to your ES-003, or upload an ES-701 export (Help, step 1).",
                hands="page",
                page="help",
            )
        )
    actions.append(
        Action(
            key="tracker",
            label="Record what you filed and what CBP paid",
            say="Mark entries filed in the Tracker (or download it, edit it in Excel and upload it again); enter "
            "CBP's payments there to see what came short.",
            hands="page",
            page="tracker",
        )
    )
    return actions
