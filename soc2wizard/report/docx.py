"""Word documents people edit before they sign: system description, management assertion,
bridge letter and the policy set (python-docx, real headings, tables for lists).

Each writer takes the drafted ``Deliverables`` (``soc2wizard.domain.drafts``)
and writes atomically; nothing here reads the workspace.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from soc2wizard.domain import vocab
from soc2wizard.domain.deliverables import Policy
from soc2wizard.domain.drafts import Deliverables, SubserviceOrg, _join, section_tables, system_name
from soc2wizard.estimate.criteria import selected_criteria
from soc2wizard.report import ExportError, atomic_output


def _docx() -> Any:
    try:
        import docx
    except ImportError:
        raise ExportError(
            "Word export needs the 'python-docx' package; install it with 'pip install python-docx'"
        ) from None
    return docx


def _new(title: str, company: str) -> Any:
    doc = _docx().Document()
    doc.core_properties.title = title
    doc.core_properties.author = company
    doc.core_properties.comments = "Drafted by soc2wizard"
    style = doc.styles["Normal"]
    style.font.name = "Calibri"
    return doc


def _clean(text: str) -> str:
    # python-docx refuses XML-illegal control characters; the services already strip most.
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


def _paras(doc: Any, text: str) -> None:
    for block in text.split("\n"):
        if block.strip():
            doc.add_paragraph(_clean(block.strip()))


def _table(doc: Any, head: Sequence[str], rows: Sequence[Sequence[Any]]) -> Any:
    t = doc.add_table(rows=1, cols=len(head))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, head):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for row in rows:
        cells = t.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = _clean(str(value))
    doc.add_paragraph()
    return t


def _save(doc: Any, path: Path | str, what: str) -> Path:
    path = Path(path)
    with atomic_output(path, what) as tmp:
        doc.save(str(tmp))
    return path


def _period(d: Deliverables, today: dt.date) -> tuple[str, str, dt.date, dt.date]:
    """The report type's words, the period text, and its first and last day."""
    plan = d.answers.plan
    kind = plan.report_type or d.answers.customers.requested_report or "type2"
    start = plan.start or today
    if kind == "type1":
        return "Type I", f"as of {_day(start)}", start, start
    months = plan.observation_months or 6
    end_month = start.month - 1 + months
    end = dt.date(start.year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
    return "Type II", f"for the period {_day(start)} to {_day(end)}", start, end


def _day(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def _possessive(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _categories(d: Deliverables) -> str:
    return _join([vocab.CRITERIA[k] for k in selected_criteria(d.answers)])


def _signer(d: Deliverables) -> str:
    for r in d.rows:
        if r.control.owner_role == "CEO" and r.state.owner:
            return r.state.owner
    return "[Name]"


def _subservice(d: Deliverables) -> list[SubserviceOrg]:
    return [o for o in d.orgs if o.role != "Vendor"]


# --- system description ----------------------------------------------------------------------


def write_system_description(d: Deliverables, path: Path | str, today: dt.date) -> Path:
    kind, period, _, _ = _period(d, today)
    title = f"{d.company}: description of {system_name(d.product)}"
    doc = _new(title, d.company)
    doc.add_heading(title, 0)
    doc.add_paragraph(
        f"Draft system description for the SOC 2 {kind} report {period}, following the AICPA description "
        f"criteria (DC 200). Prepared {_day(today)}; review every section before it goes to the auditor."
    )
    tables = section_tables(d)
    for section in d.sections:
        doc.add_heading(section.title, 1)
        _paras(doc, section.text)
        for table in tables.get(section.key, []):
            if table.title:
                doc.add_heading(table.title, 2)
            if table.note:
                doc.add_paragraph(_clean(table.note))
            if table.rows:
                _table(doc, table.head, table.rows)
            elif table.empty:
                doc.add_paragraph(table.empty)
    return _save(doc, path, "system description")


# --- management assertion -------------------------------------------------------------------


def write_assertion(d: Deliverables, path: Path | str, today: dt.date) -> Path:
    kind, period, _, _ = _period(d, today)
    doc = _new(f"{d.company}: management's assertion", d.company)
    doc.add_heading(f"Management's assertion of {d.company}", 0)
    subs = _subservice(d)
    doc.add_paragraph(
        f"We have prepared the accompanying description of {system_name(d.product)} of {d.company} {period} "
        f"(the description) based on the criteria for a description of a service organization's system in DC 200, "
        "2018 Description Criteria for a Description of a Service Organization's System in a SOC 2 Report. "
        f"The description is intended to give user entities of {system_name(d.product)}, their auditors and "
        "prospective customers information about the system that may be useful in understanding the risks "
        f"relevant to the {_categories(d)} trust services criteria."
    )
    if subs:
        doc.add_paragraph(
            f"{d.company} uses {_join([o.name for o in subs])} as "
            f"{'a subservice organization' if len(subs) == 1 else 'subservice organizations'}. The description includes only the controls of {d.company} and "
            "excludes the controls of the subservice organizations (carve-out method). The description also indicates "
            "that certain trust services criteria can be met only if the complementary subservice organization controls "
            f"assumed in the design of {d.company}'s controls are suitably designed and operating effectively, along with "
            f"the related controls at {d.company}."
        )
    if d.cuecs:
        doc.add_paragraph(
            "The description indicates that certain trust services criteria can be met only if the complementary user "
            f"entity controls assumed in the design of {d.company}'s controls are suitably designed and operating "
            f"effectively, along with the related controls at {d.company}."
        )
    doc.add_heading("We confirm, to the best of our knowledge and belief, that", 1)
    items = [
        f"the description presents {system_name(d.product)} that was designed and implemented {period} in accordance with the description criteria;",
        f"the controls stated in the description were suitably designed {period} to provide reasonable assurance that "
        f"{d.company}'s service commitments and system requirements would be achieved based on the applicable trust services criteria"
        + (", if the complementary controls operated as assumed;" if subs or d.cuecs else ";"),
    ]
    if kind == "Type II":
        items.append(
            f"the controls stated in the description operated effectively {period} to provide reasonable assurance "
            f"that {d.company}'s service commitments and system requirements were achieved based on the applicable trust services criteria."
        )
    for item in items:
        doc.add_paragraph(item, style="List Number")
    _signature(doc, d, today)
    return _save(doc, path, "management assertion")


def _signature(doc: Any, d: Deliverables, today: dt.date) -> None:
    doc.add_paragraph()
    doc.add_paragraph("Signed: ______________________________")
    doc.add_paragraph(f"Name: {_signer(d)}")
    doc.add_paragraph(f"Title: Chief Executive Officer, {d.company}")
    doc.add_paragraph(f"Date: {_day(today)}")


# --- bridge letter -------------------------------------------------------------------------


def write_bridge_letter(d: Deliverables, path: Path | str, today: dt.date) -> Path:
    kind, period, _, end = _period(d, today)
    # A bridge letter follows a report's end; drafted earlier, it is dated three months after that end.
    letter = today if today > end else end + dt.timedelta(days=91)
    doc = _new(f"{d.company}: bridge letter", d.company)
    doc.add_heading(f"Bridge letter from {d.company}", 0)
    doc.add_paragraph(_day(letter))
    doc.add_paragraph("To the customers of " + d.product + ",")
    doc.add_paragraph(
        f"{d.company}'s most recent SOC 2 {kind} report covers {system_name(d.product)} {period}. "
        f"This letter covers the time between the end of that report and the date of this letter "
        f"({_day(end + dt.timedelta(days=1))} to {_day(letter)}), until the next report is issued."
    )
    if letter != today:
        doc.add_paragraph(
            f"Drafted on {_day(today)}, before the report period ends: the dates assume the letter is issued three "
            "months after it. Change them to the day you send it."
        )
    doc.add_heading("Management confirms that during this time", 1)
    for line in (
        f"there were no significant changes to the infrastructure, software, people, procedures or data of {system_name(d.product)} "
        "that would change the description in the report, other than those listed below;",
        f"{d.company} is not aware of any incident or control failure that would have changed the auditor's opinion, other than "
        "those listed below;",
        "the controls described in the report continued to operate as described, including the review of "
        + (
            _join([_possessive(o.name) for o in _subservice(d)]) + " SOC 2 reports;"
            if _subservice(d)
            else "vendors' security reports;"
        ),
        f"the next SOC 2 report is planned to cover a period ending no later than {_day(end.replace(year=end.year + 1))}.",
    ):
        doc.add_paragraph(line, style="List Number")
    doc.add_heading("Changes and exceptions", 1)
    changes = {s.key: s for s in d.sections}
    for key in ("changes", "incidents"):
        if key in changes:
            doc.add_paragraph(_clean(changes[key].text))
    doc.add_paragraph(
        "This letter is not a substitute for a SOC 2 report and is not an auditor's opinion. Customers remain responsible "
        "for the complementary user entity controls listed in the report."
    )
    _signature(doc, d, today)
    return _save(doc, path, "bridge letter")


# --- policies ------------------------------------------------------------------------------


def policy_file_name(p: Policy) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", p.title).strip("-").lower() + ".docx"


def write_policy(d: Deliverables, p: Policy, path: Path | str, today: dt.date) -> Path:
    doc = _new(f"{d.company}: {p.title}", d.company)
    doc.add_heading(f"{d.company}: {p.title}", 0)
    # Wording changed since the last approval reads as an unapproved draft of the next version, not as approved.
    v = None if p.changed_since_approval else p.current
    titles = {r.control.id: r.control.title for r in d.rows}
    _table(
        doc,
        ["Version", "Owner", "Approver", "Approved on", "Next review"],
        [
            (
                p.version_label,
                f"{p.owner_role}" + (f" ({p.owner})" if p.owner else ""),
                v.approver if v else "Not yet approved",
                _day(v.approved_on) if v else "\u2014",
                _day(v.next_review) if v else "Within 12 months of approval",
            )
        ],
    )
    doc.add_heading("1. Purpose", 1)
    doc.add_paragraph(_clean(p.purpose))
    doc.add_heading("2. Scope", 1)
    systems = _join([s.name for s in d.systems]) or "every system the company runs"
    doc.add_paragraph(
        f"This policy applies to every employee and contractor of {d.company} and to these systems: {systems}."
    )
    doc.add_heading("3. Roles and responsibilities", 1)
    _table(doc, ["Role", "Person"], [(role, person or "To be named") for role, person in p.roles])
    doc.add_heading("4. Policy statements", 1)
    for s in p.statements:
        doc.add_paragraph(_clean(s), style="List Number")
    doc.add_heading("5. Controls this policy satisfies", 1)
    _table(doc, ["Control", "Title"], [(cid, titles.get(cid, "")) for cid in p.controls])
    doc.add_heading("6. Exceptions and enforcement", 1)
    doc.add_paragraph(
        "An exception is requested in writing, approved by the policy owner and the CEO, and recorded with an expiry "
        "date no more than 12 months away. A breach of this policy is handled through the disciplinary process."
    )
    doc.add_heading("7. Version history", 1)
    if p.versions:
        _table(
            doc,
            ["Version", "Approver", "Approved on", "Next review", "Note"],
            [(f"{x.version}.0", x.approver, _day(x.approved_on), _day(x.next_review), x.note) for x in p.versions],
        )
        last = p.versions[-1].version
        if p.changed_since_approval:
            doc.add_paragraph(
                f"The wording above has changed since version {last}.0 was approved; "
                f"it becomes version {last + 1}.0 when approved."
            )
    else:
        doc.add_paragraph(f"Draft 0.1, generated {_day(today)}; not yet approved.")
    doc.add_heading("8. Acknowledgements", 1)
    if p.acknowledgements:
        _table(
            doc,
            ["Person", "Version", "Acknowledged on"],
            [(a.person, f"{a.version}.0", _day(a.acknowledged_on)) for a in p.acknowledgements],
        )
    else:
        doc.add_paragraph("No acknowledgements recorded yet.")
    return _save(doc, path, "policy")


def write_policies(d: Deliverables, folder: Path | str, today: dt.date) -> list[Path]:
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; give a folder for the policies")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{folder} could not be created ({exc.strerror or exc})") from None
    return [write_policy(d, p, folder / policy_file_name(p), today) for p in d.policies]
