"""The case report: everything about a case in one document, as PDF (fpdf2) or Word (python-docx).

The content is gathered once into plain sections; each format only lays it out.
An anonymous reporter stays anonymous here too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils import timezone

from carecyber.core.actor import Actor
from carecyber.core.audit import audit_record
from carecyber.incidents import access, presenters
from carecyber.incidents.models import Incident, Notification

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@dataclass
class Section:
    heading: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    table_header: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)


@dataclass
class CaseReport:
    title: str
    subtitle: str
    generated: str
    sections: list[Section]


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y %H:%M}"


def gather(actor: Actor, incident: Incident) -> CaseReport:
    now = timezone.now()
    org = incident.organisation
    summary = Section(
        "The incident",
        rows=[
            ("Reference", incident.reference),
            ("Organisation", f"{org.name} ({org.code})"),
            ("Kind", presenters.category_label(incident.category)),
            ("Status", incident.get_status_display()),
            ("Owner", incident.owner.full_name if incident.owner else "Nobody yet"),
            ("Reported by", presenters.reporter_words(incident)),
            ("Happened", _when(incident.occurred_at)),
            ("Organisation aware", _when(incident.aware_at)),
            ("Reported", _when(incident.reported_at)),
            ("Still happening when reported", incident.get_still_happening_display()),
            (
                "People whose information is involved",
                "" if incident.data_subjects_count is None else f"{incident.data_subjects_count:,}",
            ),
        ],
        paragraphs=[p for p in (incident.summary, incident.description, incident.data_or_systems) if p],
    )
    grading = Section("Grading and notification")
    if incident.is_graded:
        grading.rows = [
            (
                "Likelihood × severity",
                f"{incident.graded_likelihood} × {incident.graded_severity} = {incident.score} ({incident.band})",
            ),
            ("Vulnerable people involved", "Yes" if incident.vulnerable_groups else "No"),
            ("What the rules require", presenters.level_label(incident.level)),
            ("Essential-service report", "Yes" if incident.nis_report else "No"),
            ("Rules version", str(incident.rules_version)),
            ("Graded", _when(incident.graded_at)),
        ]
        grading.paragraphs = list(incident.grading_reasons)
    else:
        grading.paragraphs = ["Not graded yet."]
    state = incident.clock(now)
    if state is not None:
        grading.rows.append(("72-hour deadline", _when(state.deadline_at)))
        grading.rows.append(("Clock", state.words))
    if incident.decision:
        grading.rows.append(("Decision", incident.get_decision_display()))
        if incident.decision_reason:
            grading.rows.append(("Reason", incident.decision_reason))
    notes = list(incident.notifications.all())
    if notes:
        grading.table_header = ["Notified", "Reference", "When"]
        grading.table = [[Notification.Recipient(n.recipient).label, n.reference, _when(n.notified_at)] for n in notes]
    tasks = Section("Tasks", table_header=["Task", "State", "Due", "Done by"])
    for t in incident.tasks.select_related("assignee"):
        tasks.table.append([t.title, t.get_state_display(), _when(t.due_at), t.done_by_label])
    if not tasks.table:
        tasks.paragraphs = ["No tasks."]
    timeline = Section("Timeline", table_header=["When", "Who", "What"])
    timeline.table = [[_when(e.at), e.actor_label, e.text] for e in incident.timeline.order_by("at", "id")]
    evidence = Section("Evidence and its chain of custody", table_header=["File", "SHA-256", "Received", "Custody"])
    for item in incident.evidence.prefetch_related("custody"):
        custody = "; ".join(
            f"{_when(c.at)} {c.get_action_display().lower()} by {c.actor_label}" for c in item.custody.all()
        )
        evidence.table.append(
            [f"{item.original_name} ({item.size:,} bytes)", item.sha256, _when(item.uploaded_at), custody]
        )
    if not evidence.table:
        evidence.paragraphs = ["No evidence files."]
    indicators = Section("Indicators and affected systems", table_header=["Kind", "Value (defanged)", "Note"])
    indicators.table = [
        [presenters.indicator_kind_label(i.kind), presenters.defanged(i.kind, i.value), i.note]
        for i in incident.indicators.all()
    ]
    indicators.table += [
        ["Affected system", s.name, f"{s.get_state_display()}. {s.impact}".strip()] for s in incident.systems.all()
    ]
    if not indicators.table:
        indicators.paragraphs = ["None recorded."]
    comms = Section("Communications", table_header=["When", "With", "How", "What"])
    comms.table = [
        [_when(c.at), f"{c.party} ({c.get_direction_display().lower()})", c.get_channel_display(), c.summary]
        for c in incident.communications.all()
    ]
    if not comms.table:
        comms.paragraphs = ["None logged."]
    closing = Section("Root cause and lessons")
    if incident.is_closed:
        closing.rows = [
            ("Closed", _when(incident.closed_at)),
            ("Closed by", incident.closed_by.full_name if incident.closed_by else ""),
        ]
        closing.paragraphs = [f"Root cause: {incident.root_cause}", f"Lessons: {incident.lessons}"]
        lessons = [f"{link.get_kind_display()} {link.reference}" for link in incident.links.filter(is_lesson=True)]
        if lessons:
            closing.paragraphs.append("Linked to: " + ", ".join(lessons))
    else:
        closing.paragraphs = ["The case is still open."]
    links = [
        f"{link.get_kind_display()} {link.reference}" + (f" – {link.label}" if link.label else "")
        for link in incident.links.filter(is_lesson=False)
    ]
    sections = [summary, grading, tasks, timeline, evidence, indicators, comms, closing]
    if links:
        sections.insert(6, Section("Links", paragraphs=links))
    return CaseReport(
        title=f"{incident.reference}: {incident.summary}",
        subtitle=f"{org.name} – incident report",
        generated=f"Produced by CareCyber on {_when(now)} for {actor.label}. "
        "Contains the organisation's confidential information.",
        sections=sections,
    )


def case_document(*, actor: Actor, incident: Incident, fmt: str) -> tuple[bytes, str]:
    """The report in `fmt` ("pdf" or "docx"). Who downloaded which case goes into the audit log."""
    from django.http import Http404

    if fmt not in FORMATS:
        raise Http404("Reports come as .pdf or .docx")
    access.rights(actor, incident).require("view")
    report = gather(actor, incident)
    body = case_pdf(report) if fmt == "pdf" else case_docx(report)
    audit_record(
        actor=actor,
        action="incident.report_downloaded",
        obj=incident,
        organisation=incident.organisation_id,
        object_label=incident.reference,
        changes={"format": fmt},
    )
    return body, FORMATS[fmt]


def _font() -> Path | None:
    return next((p for p in FONT_CANDIDATES if p.exists()), None)


def _latin1(text: str) -> str:
    """For the built-in PDF font, which has no characters beyond Latin-1."""
    table = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "→": "->", "×": "x"})
    return text.translate(table).encode("latin-1", "replace").decode("latin-1")


def case_pdf(report: CaseReport) -> bytes:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(report.title)
    pdf.set_author("CareCyber")
    font_path = _font()
    if font_path is not None:
        pdf.add_font("Body", "", str(font_path))
        pdf.add_font("Body", "B", str(font_path))
        family = "Body"

        def t(text: str) -> str:
            return text
    else:
        family = "Helvetica"
        t = _latin1
    pdf.add_page()
    width = pdf.epw
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(width, 8, t(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 11)
    pdf.multi_cell(width, 6, t(report.subtitle), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, "", 8)
    pdf.multi_cell(width, 5, t(report.generated), new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(4)
        pdf.set_font(family, "B", 13)
        pdf.multi_cell(width, 7, t(section.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 9)
        if section.rows:
            with pdf.table(col_widths=(35, 65), first_row_as_headings=False, line_height=5) as table:
                for key, value in section.rows:
                    row = table.row()
                    row.cell(t(key))
                    row.cell(t(value or "–"))
        for paragraph in section.paragraphs:
            pdf.multi_cell(width, 5, t(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        if section.table:
            pdf.ln(1)
            with pdf.table(line_height=5, headings_style=FontFace(emphasis="BOLD")) as table:
                head = table.row()
                for name in section.table_header:
                    head.cell(t(name))
                for values in section.table:
                    row = table.row()
                    for value in values:
                        row.cell(t(value or "–"))
    return bytes(pdf.output())


def case_docx(report: CaseReport) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.author = "CareCyber"
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle)
    document.add_paragraph(report.generated).runs[0].italic = True
    for section in report.sections:
        document.add_heading(section.heading, level=1)
        if section.rows:
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key, value in section.rows:
                cells = table.add_row().cells
                cells[0].text = key
                cells[1].text = value or "–"
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.table:
            table = document.add_table(rows=1, cols=len(section.table_header))
            table.style = "Table Grid"
            for cell, name in zip(table.rows[0].cells, section.table_header, strict=True):
                cell.text = name
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for values in section.table:
                cells = table.add_row().cells
                for cell, value in zip(cells, values, strict=True):
                    cell.text = value or "–"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
