"""Help: the five steps from ACE to refunds, the words the pages use, where things stand, and what is kept."""

import datetime as dt

import streamlit as st

from acecore.export import long_date
from acecore.rules_data import checked_on, events
from acecore.words import ACE_REPORTS, GLOSSARY, INTEREST, RECOVERABLE, WHO_IS_PAID
from pages import run_through_app
from pages.common.display import dated, plain
from pages.common.host import storage
from pages.common.session import as_of

run_through_app()

st.header("Help")
st.markdown("""
### Five steps from ACE to your refunds
1. **Pull the ES-003 report from ACE.** Sign in to the **ACE Portal**, open **Reports**, then
   **Public Folders → ACE → Trade → Entry Summary → ES-003 Entry Summary Line Tariff Details**. Prompts:
   your **Importer ID** and an **Entry Summary Date** range. Large ranges time out: pull a few months at a
   time and upload them all (overlaps are merged). Export to **Excel (.xlsx)** or **CSV**. For exact
   deadlines, choose **Modify** and add **Liquidation Date** and **Liquidation Status** before you run it,
   or also pull **ES-701 Courtesy Notice of Liquidation**.
2. **Upload** the files (Upload page, or the box in the sidebar on every page).
3. **Check the IEEPA months.** The Coverage page says whether every month from February 2025 to
   February 23, 2026 (when IEEPA duties were collected) is in your files. A missing month is money you
   cannot see yet: pull it and upload it.
4. **File.** The Summary page lists what to do first. Download the **CAPE declaration file** (Recovery plan)
   and upload it in the ACE Portal's CAPE tab; have your broker or counsel file the **protests** before their
   dates; talk to counsel about the entries **at risk**. Entries CBP would reject are listed with what to
   fix and who fixes it.
5. **Track the refunds.** Mark what you filed on the Tracker page (or download it, edit it in Excel and upload
   it again). When CBP pays, enter the payment: the Tracker splits it over the entries and shows what came
   short.

Without liquidation dates, they are estimated (entry summary date + 314 days; informal entries, type 11,
liquidate at entry), and every deadline built on them is marked *estimated*.

*This planner gives information, not legal advice. Check deadlines with your broker or counsel.*
""")

st.subheader("The words on these pages")
st.markdown("\n".join(f"- **{term}**: {meaning}" for term, meaning in GLOSSARY.items()))
st.markdown(f"- **Recoverable now**: {RECOVERABLE}\n- **Interest**: {INTEREST}")

st.subheader("Where things stand")
st.caption(
    f"The rules behind the paths and deadlines were last checked against CBP's messages, the executive orders "
    f"and the court dockets on {long_date(checked_on())}. What is marked *reported* comes from law firms or "
    "trade guides, not from CBP's own text."
)


for event in events(as_of()):
    sureness = f" *({plain(event['sureness'])})*" if event["sureness"] else ""
    day = long_date(dt.date.fromisoformat(event["date"]))
    status = dated(event["status"])
    st.markdown(
        f"- **{day}: {plain(event['event'])}.** {plain(status[:1].upper() + status[1:])}{sureness}. "
        f"_Source: {plain(dated(event['source']))}._"
    )

st.subheader("When a refund does not match")
st.markdown(
    "Pull these ACE reports and put what they show in the tracker: reconciliation then tells an offset, a "
    "refund paid to someone else and a rejected ACH apart from a refund that is simply short.\n"
    + "\n".join(f"- **{name}**: {meaning}" for name, meaning in ACE_REPORTS.items())
    + f"\n\n{WHO_IS_PAID}"
)

st.subheader("Your data")
config = storage()
if config.mode == "off":
    st.markdown(
        "This server keeps nothing: your files are read into this browser session only, never written to "
        "disk, and a reload or a lost connection starts over. Keep your downloaded tracker."
    )
else:
    where = (
        "in a PostgreSQL database that this site's servers share"
        if config.mode == "postgres"
        else "in a database file of its own on this server"
    )
    st.markdown(
        f"""
From your first upload or tracker edit, your work is kept in a **workspace** {where}:
- **What**: the rows of each file you uploaded (as read, typed) with what the Upload page said of it,
  your tracker's working columns, and your settings (as-of date, coverage window, filters). Not the
  original files.
- **Who**: anyone with the workspace's link, which holds a long random key no one can guess; share it only
  with people who may see your customs data. When this site requires sign-in, only the person who made the
  workspace and the addresses they add can open it, link or not.
- **How long**: until you press **Delete this workspace** (sidebar), which removes it for good, or until
  it has gone unused for {config.idle_days} days, after which it is removed.
- Nothing of one workspace is ever shown in another; the built-in sample is the only data shared.
"""
    )
