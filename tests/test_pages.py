"""Each page's logic through Streamlit's AppTest: what a user sees after uploading, filtering, switching."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from acecore.analysis import Analysis
from acecore.coverage import IEEPA_PERIOD
from acecore.overview import headline
from acecore.sample import generate, to_csv
from acecore.tracker import export_tracker
from tests.helpers import parse_csv, shared, write_csv

pytestmark = pytest.mark.slow  # the fast loop leaves these out (README)

UPLOAD = to_csv(generate(entries=60, seed=77))


def money(value) -> str:  # noqa: ANN001 - Decimal
    return f"${value:,.2f}"


HEADLINE = ("IEEPA duty paid", "Recoverable now", "Due soon", "Refunds received")


def metrics(at: AppTest) -> dict[str, str]:
    """The headline's four numbers; "Due by Dec 16" (the horizon's date) as "Due soon"."""
    named = {("Due soon" if m.label.startswith("Due by ") else m.label): m.value for m in at.metric}
    return {label: value for label, value in named.items() if label in HEADLINE}


def expected(data: bytes, **filters: list[str]) -> dict[str, str]:
    analysis = Analysis()
    analysis.add_file("x.csv", data)
    if filters:
        analysis.set_filters(**filters)
    h = headline(analysis, dt.date.today())
    return {
        "IEEPA duty paid": money(h.ieepa_paid),
        "Recoverable now": money(h.recoverable_now),
        "Due soon": money(h.due_soon),
        "Refunds received": money(h.recovered),
    }


def upload(at: AppTest, name: str, data: bytes, key: str | None = None) -> AppTest:
    """Drop a file in an uploader (the sidebar's, on every page, unless `key` names another)."""
    uploader = at.file_uploader(key=key) if key else at.sidebar.file_uploader[0]
    uploader.upload(name, data, "text/csv")
    return at.run()


def files_page(at: AppTest) -> AppTest:
    """The Upload page, which says what each file gave."""
    return at.switch_page("pages/upload.py").run()


def test_first_start_shows_the_sample(app: AppTest) -> None:
    from pages.common.host import sample_bytes

    assert not app.exception
    assert metrics(app) == expected(sample_bytes())
    assert any("sample" in i.value for i in app.info)
    [soon] = [w.value for w in app.warning if w.value.startswith("**Next deadline ")]  # the nearest date leads
    [due] = [m for m in app.metric if m.label.startswith("Due by ")]  # and every page's first screen says it
    assert re.fullmatch(r"[\d,]+ entr(y|ies) due today or overdue|the first on \w{3} \d+, in \d+ days?", due.delta)
    assert re.match(r"\*\*Next deadline \w+ \d+, \d{4}, in \d+ days?: [\d,]+ entr(y|ies), \$[\d,]+\.\d\d\*\* \(", soon)


def test_upload_replaces_the_sample_and_reports_the_file(app: AppTest) -> None:
    assert [h.value for h in app.main.header] == ["Summary"] and any(
        "made-up importer" in m.value for m in app.markdown
    )
    upload(app, "ES-003 (3).csv", UPLOAD)
    assert not app.exception
    assert [h.value for h in app.main.header] == ["Summary"]  # a clean upload lands on the summary
    assert not any("made-up importer" in m.value for m in app.markdown)
    assert metrics(app) == expected(UPLOAD)
    [message] = files_page(app).success
    assert "ES\\-003 \\(3\\)\\.csv" in message.value and "rows loaded" in message.value


def test_a_bad_file_is_named_and_the_loaded_data_stays(app: AppTest) -> None:
    upload(app, "good.csv", UPLOAD)
    upload(app, "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary")
    assert not app.exception
    assert "Upload your ACE exports" in [h.value for h in app.header]  # a file that failed: the Upload page says why
    assert any("photo\\.csv" in e.value and "binary" in e.value for e in app.error)
    assert metrics(app) == expected(UPLOAD)


def test_duty_on_lines_that_failed_a_check_is_said_on_the_summary(app: AppTest) -> None:
    """KlearNow's fixture: $850 of duty under the exception heading 9903.01.28, which carries none; nothing
    is recoverable, and the Summary says what to look at instead of only "nothing to recover"."""
    upload(app, "klearnow.xlsx", shared("klearnow-es003-test-fixture.xlsx").read_bytes())
    assert not app.exception
    said = [w.value for w in app.warning]
    assert "1 line under IEEPA headings carries $850.00 of duty that did not pass a rate or period check" in (
        " ".join(said)
    )
    assert any(m.value.startswith("#### No IEEPA duty to recover") for m in app.markdown)
    step = next(b for b in app.button if b.label.startswith("Check 1 line with your broker"))  # what to do next
    assert "850" in step.label
    step.click().run()  # it opens the IEEPA lines page
    assert "IEEPA lines" in [h.value for h in app.main.header]
    assert any(i.value.startswith("No IEEPA duty to chart") for i in app.info) and not app.exception


def test_a_first_file_that_fails_says_so_on_top_of_the_page(app: AppTest) -> None:
    upload(app, "invoice.csv", b"Invoice,Amount\r\n1,2\r\n")
    assert not app.exception and "Upload your ACE exports" in [h.value for h in app.header]
    [top] = [e.value for e in app.error if e.value.startswith("Nothing is loaded")]  # the phone's first screen
    assert "**invoice\\.csv** was not" in top and "under Files below" in top
    for page in ("pages/coverage.py", "pages/ieepa.py", "pages/plan.py"):  # no empty tables, no green "nothing due"
        app.switch_page(page).run()
        [top] = [e.value for e in app.error if e.value.startswith("Nothing is loaded")]
        assert "under Files on the Upload page" in top and not app.exception
        assert not app.success and not app.dataframe, page


def test_filters_apply_to_the_headline(app: AppTest) -> None:
    upload(app, "good.csv", UPLOAD)
    importer = app.multiselect(key="filter_importer").options[0].split(" ")[0]
    app.multiselect(key="filter_importer").select(importer).run()
    assert metrics(app) == expected(UPLOAD, importers=[importer])


@pytest.mark.parametrize(
    "page, header",
    [
        ("pages/summary.py", "Summary"),
        ("pages/coverage.py", "Coverage"),
        ("pages/ieepa.py", "IEEPA lines"),
        ("pages/plan.py", "Recovery plan"),
        ("pages/tracker.py", "Tracker"),
        ("pages/help.py", "Help"),
    ],
)
def test_every_page_renders(app: AppTest, page: str, header: str) -> None:
    upload(app, "good.csv", UPLOAD)
    app.switch_page(page).run()
    assert not app.exception and not any("problem it could not handle" in e.value for e in app.error)
    assert header in [h.value for h in app.header]
    assert metrics(app) == expected(UPLOAD)
    assert all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in app.dataframe)  # not "None"


def test_coverage_page_shows_the_verdict(app: AppTest) -> None:
    from acecore.coverage import coverage
    from pages.common.display import months_named

    upload(app, "good.csv", UPLOAD)
    app.switch_page("pages/coverage.py").run()
    analysis = Analysis()
    analysis.add_file("x.csv", UPLOAD)
    ieepa = coverage(analysis, dt.date.today(), IEEPA_PERIOD).verdict  # what matters for refunds, first
    assert (app.success or app.warning)[0].value.startswith(f"**For refunds: {months_named(ieepa)}.**")
    assert "IEEPA period (February 4, 2025 to February 23, 2026)" in months_named(ieepa)  # dates as dates
    app.button_group(key="window").set_value(12).run()
    verdict = coverage(analysis, dt.date.today(), 12).verdict
    assert re.search(r"\(\d{4}-\d\d in progress\)", verdict)  # the data's month; the page names it
    assert any(months_named(verdict) in m.value.replace("**", "") for m in app.markdown)
    assert not any(re.search(r"\d{4}-\d\d", m.value) for m in app.markdown)


def test_tracker_upload_records_refunds(app: AppTest) -> None:
    upload(app, "good.csv", UPLOAD)
    app.switch_page("pages/tracker.py").run()
    analysis = Analysis()
    analysis.add_file("x.csv", UPLOAD)
    rows = parse_csv(export_tracker(analysis, dt.date.today()))
    rows[0].update(action_status="refunded", refund_amount="1000.00", refund_date="2026-10-01")
    upload(app, "my tracker.csv", write_csv(rows), key=f"tracker_upload_{app.session_state['work'].upload_round}")
    assert not app.exception
    assert metrics(app)["Refunds received"] == "$1,000.00"
    assert any("entries taken" in s.value for s in app.success)
    [grid] = [d.value for d in app.dataframe if "Refund status" in d.value.columns]
    paid = grid["Received"].notna()
    assert paid.sum() == 1 and grid["Variance"][paid].notna().all()  # what came against what was owed
    assert grid["Variance"][~paid].isna().all()  # nothing paid yet: no variance shown, not the whole refund
    [editor] = [json.loads(d.proto.columns) for d in app.dataframe if "entry_number" in json.loads(d.proto.columns)]
    dates = {name for name, c in editor.items() if c.get("type_config", {}).get("format") == "MM/DD/YYYY"}
    assert dates >= {"deadline", "liquidation_date", "filed_date", "refund_date"}  # the grid's dates as ACE's


def test_user_text_is_never_markup(app: AppTest) -> None:
    upload(app, "[click](https://evil.example) *x*.csv", UPLOAD)
    [message] = files_page(app).success
    assert "\\[click\\]\\(https\\:" in message.value and "\\*x\\*" in message.value


def test_start_over_removes_every_file_without_an_error(app: AppTest) -> None:
    upload(app, "good.csv", UPLOAD)
    next(b for b in files_page(app).button if b.label.startswith("Start over")).click().run()
    assert not app.exception and not app.error
    assert metrics(app) == {}  # no $0.00 four times: the headline says no export is loaded
    assert any("No ES-003 export loaded yet" in i.value for i in app.info)
    for page in ("pages/summary.py", "pages/coverage.py", "pages/plan.py", "pages/tracker.py"):
        app.switch_page(page).run()
        assert not app.exception and not app.error, page


def test_clearing_the_window_choice_falls_back_to_the_ieepa_period(app: AppTest) -> None:
    app.button_group(key="window").set_value(None).run()
    app.switch_page("pages/coverage.py").run()
    assert not app.exception and not app.error
    assert [s.value for s in app.subheader][0].startswith("IEEPA period (February 4, 2025 to February 23, 2026)")


def test_pages_work_on_data_without_ieepa_duty(app: AppTest) -> None:
    """Security review F9: the IEEPA lines page once failed on a file with only ordinary duty."""
    upload(
        app,
        "ordinary.csv",
        b"Entry Summary Number,Entry Summary Line Number,HTS Number - Full,"
        b"Line Tariff Duty Amount,Entry Summary Date\r\nBII05992854,1,8471.30.0100,10.00,"
        b"10/01/2026\r\n",
    )
    for page in ("pages/ieepa.py", "pages/plan.py", "pages/tracker.py", "pages/coverage.py"):
        app.switch_page(page).run()
        assert not app.exception and not app.error, page
    assert metrics(app)["IEEPA duty paid"] == "$0.00"


def test_a_data_problem_never_hides_the_upload_page(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Security review F6: the sidebar and headline fail alone; Upload and Start over stay usable."""
    import acecore.overview

    def broken(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        raise RuntimeError("a query failed")

    monkeypatch.setattr(acecore.overview, "headline", broken)
    app.run()
    assert not app.exception
    assert any("headline hit a problem" in e.value for e in app.error)
    assert "Summary" in [h.value for h in app.header] and len(app.sidebar.file_uploader) == 1
    upload(app, "good.csv", UPLOAD)  # and uploading still works
    files_page(app)
    assert any(b.label.startswith("Start over") for b in app.button) and any(
        "rows loaded" in s.value for s in app.success
    )


def test_a_usitc_tariff_database_upload_is_reported_as_rates(app: AppTest) -> None:
    upload(app, "good.csv", UPLOAD)
    rates = b"hts8|mfn_text_rate|mfn_rate_type_code|mfn_ad_val_rate\n39239000|3%|7|0.03\n"
    upload(app, "tariff_database_2025.txt", rates)
    assert not app.exception
    files_page(app)
    assert any("tariff\\_database\\_2025\\.txt" in s.value and "1 of 1 rates in use" in s.value for s in app.success)
    assert metrics(app) == expected(UPLOAD)


def test_a_rate_table_that_moves_the_figures_waits_for_use_it(app: AppTest) -> None:
    """Security review 2, N10: its effect is said before it is used; the figures move only on "Use this table"."""
    from tests.test_workspaces import RATES, TOP_UP

    upload(app, "eu.csv", TOP_UP)
    before = metrics(app)
    upload(app, "tariff_database_2025.txt", RATES)
    files_page(app)
    [asked] = [w.value for w in app.warning if "tariff\\_database\\_2025\\.txt" in w.value]
    assert "not used yet" in asked and "Use it?" in asked and "by \\-\\$23\\.00" in asked
    assert metrics(app) == before
    app.switch_page("pages/summary.py").run()  # dropped on another page, it says where the question is
    assert any("would change your figures and is not used yet" in w.value for w in app.warning)
    files_page(app)

    next(b for b in app.button if b.label == "Use this table").click().run()

    assert not app.exception and not any(b.label == "Use this table" for b in app.button)
    assert not any("is not used yet" in w.value for w in app.warning)
    assert any("1 of 1 rates in use" in s.value for s in app.success)
    after = Analysis()
    for name, data in (("eu.csv", TOP_UP), ("tariff_database_2025.txt", RATES)):
        after.add_file(name, data)
    assert (
        metrics(app)["Recoverable now"]
        == money(headline(after, dt.date.today()).recoverable_now)
        != before["Recoverable now"]
    )


def test_a_long_table_shows_its_first_rows_and_says_the_download_holds_all(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acecore.ieepa import ieepa_lines
    from pages.common import display

    rows = generate(entries=60, seed=77)
    ieepa = [r for r in rows if r["HTS Number - Full"].startswith("990301") and r["Line Tariff Duty Amount"]]
    for r in ieepa[:8]:  # duty far from rate x value: lines to check
        r["Line Tariff Duty Amount"] *= 3
    data = to_csv(rows)
    monkeypatch.setattr(display, "SHOWN_ROWS", 5)
    upload(app, "good.csv", data)
    app.switch_page("pages/ieepa.py").run()
    analysis = Analysis()
    analysis.add_file("x.csv", data)
    for to_check in (False, True):  # the grid is queried only as far as it shows, and counted apart
        lines = ieepa_lines(analysis, to_check)
        assert lines.num_rows > 5
        grid = app.dataframe[-1].value
        assert len(grid) == 5 and list(grid["Entry"]) == lines["entry_number"][:5].to_pylist()
        told = f"The first 5 of {lines.num_rows:,} rows; the download holds all of them. {len(grid.columns)} columns: "
        assert told + "on a narrow screen, scroll the table sideways to see them all." in [c.value for c in app.caption]
        app.toggle[0].set_value(True).run()


def test_the_plan_gives_entries_and_dollars_by_path(app: AppTest) -> None:
    from acecore.recovery import routes

    upload(app, "good.csv", UPLOAD)
    app.switch_page("pages/plan.py").run()
    analysis = Analysis()
    analysis.add_file("x.csv", UPLOAD)
    duty = {r["entry_number"]: r["ieepa_duty"] for r in analysis.sql("SELECT * FROM entries").to_pylist()}
    paid = [r for r in routes(analysis, dt.date.today()).to_pylist() if duty[r["entry_number"]]]
    [by_path] = [d.value for d in app.dataframe if list(d.value.columns) == ["Path", "IEEPA duty", "Entries"]]
    assert dict(zip(by_path["Path"], by_path["Entries"], strict=True)) == {
        p: sum(r["path"] == p for r in paid) for p in {r["path"] for r in paid}
    }
    shown = [json.loads(d.proto.columns) for d in app.dataframe if "Deadline" in d.value.columns]
    assert shown and all(s["Deadline"]["type_config"]["format"] == "MM/DD/YYYY" for s in shown)  # as ACE writes dates
    for path, amount in zip(by_path["Path"], by_path["IEEPA duty"], strict=True):
        assert Decimal(str(amount)) == sum(duty[r["entry_number"]] for r in paid if r["path"] == path)
    assert list(by_path["IEEPA duty"]) == sorted(by_path["IEEPA duty"], reverse=True)


def test_contested_duty_is_on_the_summary_and_the_plan_apart_from_ieepa(app: AppTest) -> None:
    from acecore.contested import contested

    upload(app, "good.csv", UPLOAD)
    analysis = Analysis()
    analysis.add_file("x.csv", UPLOAD)
    disputed = contested(analysis, dt.date.today()).to_pylist()
    assert disputed  # the sample importer paid the Section 122 surcharge
    total = sum(r["duty"] for r in disputed)
    app.switch_page("pages/summary.py").run()
    assert any(f"${total:,.2f} of other duty" in i.value for i in app.info), [i.value for i in app.info]
    app.switch_page("pages/plan.py").run()
    assert not app.exception
    said = " ".join(w.value for w in app.warning)
    for measure, path in {(r["measure"], r["path"]) for r in disputed}:
        assert f"**{measure}: {path}**" in said
    assert "Where the case stands" in said and not re.search(r"\d{4}-\d\d-\d\d", said)  # dates read as dates
    [listed] = [d.value for d in app.dataframe if "Suit by" in d.value.columns]
    assert len(listed) == len(disputed) and Decimal(str(round(listed["Duty"].sum(), 2))) == total
    app.switch_page("pages/tracker.py").run()
    duty = {r["entry_number"]: r["ieepa_duty"] for r in analysis.sql("SELECT * FROM entries").to_pylist()}
    only = len({r["entry_number"] for r in disputed if not duty[r["entry_number"]]})
    said = f"; {only:,} of them paid no IEEPA duty, only duty contested in court"  # why the tracker holds more
    assert only and any(said in c.value for c in app.caption), [c.value for c in app.caption]


def test_a_page_run_with_nothing_changed_builds_no_table_again(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sidebar sets the filters on every run; the same filters keep the routes and scope built."""
    from acecore import db

    upload(app, "good.csv", UPLOAD)
    app.switch_page("pages/plan.py").run()
    ran: list[str] = []
    original = db.run
    monkeypatch.setattr(db, "run", lambda con, name, **params: ran.append(name) or original(con, name, **params))
    app.run()
    assert not app.exception
    assert not {"routes", "entry_status", "scope", "filter_options"} & set(ran)
    app.multiselect(key="filter_port").select(app.multiselect(key="filter_port").options[0]).run()
    assert {"routes", "entry_status", "scope"} <= set(ran)


def test_help_names_the_ace_reports_that_show_what_cbp_paid(app: AppTest) -> None:
    app.switch_page("pages/help.py").run()
    said = " ".join(m.value for m in app.markdown)
    for report in ("ES-022", "REV-603", "REV-613", "REV-615", "Form 4811"):
        assert report in said


def test_the_upload_box_says_its_size_limit_and_what_to_do_above_it(app: AppTest) -> None:
    import streamlit as st

    app.switch_page("pages/upload.py").run()
    limit = st.get_option("server.maxUploadSize")
    said = [c.value for c in app.caption if "MB a file" in c.value]
    assert said and all(f"At most {limit:,} MB a file" in c and "month by month" in c for c in said)


def test_one_wrong_file_is_removed_and_the_other_stays(app: AppTest) -> None:
    other = to_csv(generate(entries=30, seed=78))
    upload(app, "good.csv", UPLOAD)
    upload(app, "other.csv", other)
    files_page(app)
    assert [s.value.split("**")[1] for s in app.success[:2]] == ["good\\.csv", "other\\.csv"]  # as markdown
    next(b for b in app.button if b.key == "remove_file_2").click().run()
    files_page(app)
    assert not app.exception
    analysis = app.session_state["work"].analysis
    assert [r.name for r in analysis.reports] == ["good.csv"]
    alone = Analysis()
    alone.add_file("good.csv", UPLOAD)
    expected = headline(alone, dt.date.today()).ieepa_paid
    assert headline(analysis, dt.date.today()).ieepa_paid == expected
    assert [m.value for m in app.main.metric if m.label == "IEEPA duty paid"] == [money(expected)]

    upload(app, "not-an-export.csv", b"hello,world\n1,2\n")  # a file that is not loaded stays listed, with why,
    files_page(app)  # until it is taken off the list
    assert [r.status for r in analysis.reports] == ["ok", "error"] and app.error
    next(b for b in app.button if b.label == "Take it off this list").click().run()
    assert [r.name for r in analysis.reports] == ["good.csv"] and not app.exception


def test_help_tells_the_rules_dates_as_people_read_them(app: AppTest) -> None:
    app.switch_page("pages/help.py").run()
    told = " ".join(m.value for m in app.markdown if m.value.startswith("- **"))  # Where things stand
    assert "August 25, 2026" in told and not re.search(r"\d{4}\\?-\d\d\\?-\d\d", told)


def test_rows_not_loaded_are_counted_in_words_and_listed_with_plain_headers(app: AppTest) -> None:
    from tests.helpers import csv_bytes, entry_number, row

    entry = entry_number("BII", 599285)
    good = row(entry, 1, 1, "99030124", "0", "200.00")
    data = csv_bytes([good, row(entry, 2, 1, "", "1000.00", "30.00")])  # no HTS number: the row is not loaded
    upload(app, "one bad row.csv", data)
    page = files_page(app)
    [said] = [w.value for w in page.warning if "one bad row" in w.value]
    assert said.endswith("1 row could not be loaded: see the rows to check below.")
    [listed] = [d.value for d in page.dataframe if "What is wrong" in d.value.columns]
    assert list(listed.columns) == ["Row", "Column", "What is wrong"] and list(listed["Row"]) == [3]


def test_a_step_due_soon_is_badged_with_its_own_first_date(app: AppTest) -> None:
    from acecore.actions import next_actions
    from pages.common.host import sample_bytes

    sample = Analysis()
    sample.add_file("sample.csv", sample_bytes())
    soon = [a for a in next_actions(sample, dt.date.today()) if a.level == "soon"]
    told = " ".join(m.value for m in app.markdown)
    assert soon and all(a.deadline and f":orange-badge[By {a.deadline:%b} {a.deadline.day}]" in told for a in soon)
