"""Help: how to pull the data from ACE and what the tool does with it."""

import streamlit as st

from acecore.recovery import RULES_CURRENT_AS_OF, events
from pages import as_of, plain, run_through_app, storage

run_through_app()

st.header("Help")
st.markdown("""
### 1. Pull the ES-003 report from ACE
1. Sign in to the **ACE Portal** and open **Reports**.
2. Go to **Public Folders → ACE → Trade → Entry Summary** and open
   **ES-003 Entry Summary Line Tariff Details**.
3. Prompts: your **Importer ID**, and an **Entry Summary Date** range. Large ranges time out: pull a few
   months at a time (upload them all; overlaps are merged).
4. Export to **Excel (.xlsx)** or **CSV**, and upload the files on the Upload page.

### 2. Add the liquidation columns (recommended)
ES-003 does not carry liquidation by default. In the report, choose **Modify**, add the objects
**Liquidation Date** and **Liquidation Status** from the Entry Summary universe, and run it again. Or run
**ES-701 Courtesy Notice of Liquidation** and upload it as well. Without them, liquidation dates are
estimated (entry summary date + 314 days; informal entries, type 11, liquidate at entry) and every
deadline built on them is marked *estimated*.

### 3. What the paths mean
- **CAPE declaration**: CBP's IEEPA refund function in ACE (CAPE tab, from April 20, 2026). It takes
  unliquidated entries, entries liquidated within the last 80 days, and extended or suspended entries.
  Upload the declaration file from the Recovery plan page (at most 9,999 entries per file).
- **Post-summary correction (PSC)**: before April 20, 2026 a way to remove IEEPA lines from an
  unliquidated entry (within 300 days of entry, no later than 15 days before the scheduled liquidation).
  Since CAPE opened, CBP takes IEEPA refunds through CAPE only; a PSC is still how your broker **corrects
  the data before CAPE**, within the same window, and is listed beside the path for that.
- **Protest (CBP Form 19)**: within 180 days after liquidation. CAPE rejects an entry with an open or
  suspended protest: set its tracker status to *protest open* and it stays off the declaration files, with
  the advice to withdraw an IEEPA-only protest while the entry is within 80 days of liquidation if you
  would rather use CAPE.
- **Checks before filing**: the Recovery plan page lists what CBP would reject in each entry (goods value
  or a sequence error on a Chapter 99 line, an IEEPA line with no duty, a bad entry number, an open
  protest) and who fixes it first, usually your broker by post-summary correction.
- **At risk: needs counsel**: finally liquidated entries. CBP has not opened CAPE to them and the
  government argues they need a court order. The date shown is the cautious two-year limit, counted from
  the executive order behind the entry's IEEPA duty; the *why* column also gives today's other reading
  (two years from the deposit). Talk to trade counsel.
- **Top-up headings** (EU 9903.02.20, Japan .73, Korea .80, Switzerland .83, Liechtenstein .88): the
  whole 15% was reported on the Chapter 99 line; CAPE gives back the line's duty less the normal (MFN)
  duty. The MFN rate comes from the USITC tariff schedule (shipped with ace-refunds, revisions 2025 Basic
  to 2026 Rev. 4), or from the USITC tariff database if you upload it (DataWeb, "Tariff Database", the
  year's file: drop it on the Upload page like an export); a rate per kilogram, dozen or liter uses the
  line's reported quantity, and a line claiming KORUS or the Japan agreement nets out that rate. Where the
  schedule lacks the HTS, your own lines of the same HTS show the rate; where nothing does, the full
  amount is counted and marked as an upper bound on the IEEPA lines page, with the reason.
- **Interest** on a refund runs from your deposit to the day CBP liquidates or reliquidates the entry,
  not to the day the money arrives: upload a newer ES-003 pull or a liquidation list after CBP acts and
  the estimate stops there.

### 4. Keep track
Download the tracker, record what you filed and what CBP paid, and upload it again any time, also with
newer ES-003 exports. The Reconciliation section compares what CBP paid with what you are owed.

*ace-refunds gives information, not legal advice. Check deadlines with your broker or counsel.*
""")

st.subheader("Where things stand")
st.caption(
    f"The rules data is current as of {RULES_CURRENT_AS_OF:%B %d, %Y}; it lives in acecore/data "
    "(chapter99.csv, recovery_rules.csv, interest_rates.csv, events.csv), each row with its source."
)
for event in events(as_of()):
    st.markdown(
        f"- **{event['date']}: {plain(event['event'])}**: {plain(event['status'])} _(source: {plain(event['source'])})_"
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
- **Who**: anyone with the workspace's link, which holds a random key of 192 bits; share it only with
  people who may see your customs data. When this site requires sign-in, only the person who made the
  workspace and the addresses they add can open it, link or not.
- **How long**: until you press **Delete this workspace** (sidebar), which removes it for good, or until
  it has gone unused for {config.idle_days} days, after which it is removed.
- Nothing of one workspace is ever shown in another; the built-in sample is the only data shared.
"""
    )
