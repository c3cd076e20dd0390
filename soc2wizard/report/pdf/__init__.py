"""The readiness plan as a PDF: a thin platypus renderer over the report model.

Reads only the ``Report`` it is given (no services calls), so it can run off
the UI thread, and only lays out what it holds: every sentence comes from
``Report.text`` (soc2wizard.report.text). US Letter, because SOC 2 is an
American (AICPA) attestation and most readers print on Letter. reportlab is
imported in this package and nowhere else.

``layout`` holds the page, styles, document and ``Story``; ``charts`` the
drawings; ``sections`` one function per section; this module puts them in
order and writes the file.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from soc2wizard import __version__
from soc2wizard.report import ExportError, Progress, atomic_output, no_progress
from soc2wizard.report import fonts as F
from soc2wizard.report.model import Report
from soc2wizard.report.pdf.charts import budget_chart, gantt, progress_chart, readiness_chart
from soc2wizard.report.pdf.layout import (
    GREY,
    INK,
    LINE,
    MARGIN,
    MAX_CELL,
    NAVY,
    PAGE,
    PAPERS,
    SEVERITY,
    TEAL,
    TEAL_LIGHT,
    WIDTH,
    ZEBRA,
    HRule,
    Story,
    _Cell,
    _Contents,
    _Doc,
    _HeldCanvas,
    _logo,
    _styles,
    clip,
    u,
)

__all__ = [
    "GREY",
    "INK",
    "LINE",
    "MARGIN",
    "MAX_CELL",
    "NAVY",
    "PAGE",
    "PAPERS",
    "SEVERITY",
    "TEAL",
    "TEAL_LIGHT",
    "WIDTH",
    "ZEBRA",
    "HRule",
    "Story",
    "_Cell",
    "_logo",
    "_styles",
    "budget_chart",
    "clip",
    "gantt",
    "progress_chart",
    "readiness_chart",
    "render",
    "story",
    "u",
    "write_pdf",
]


# --- entry point ---------------------------------------------------------------------


def story(r: Report, styles: dict[str, ParagraphStyle]) -> tuple[list[Flowable], _Contents]:
    from soc2wizard.report import pdf_extras as extra  # the deliverables' pages (issue 14)
    from soc2wizard.report.pdf import sections as s

    st = Story(styles)
    s.cover(st, r)
    contents = s.summary(st, r)
    s.scope(st, r)
    s.criteria(st, r)
    s.report_type(st, r)
    s.obligations(st, r)
    s.timeline(st, r)
    s.budget(st, r)
    s.year_two(st, r)
    s.readiness(st, r)
    s.progress(st, r)
    s.checks(st, r)
    extra.risks(st, r)
    s.remediation(st, r)
    extra.gap_narratives(st, r)
    s.checklist(st, r)
    s.evidence(st, r)
    extra.csocs(st, r)
    extra.cuecs(st, r)
    extra.crosswalk(st, r)
    return st.items, contents


def _encryption(password: str) -> Any:
    """AES-256 encryption for reportlab, with its revision-5 key fields written to the standard.

    reportlab pads UE and OE to 48 bytes and encrypts Perms in CBC mode; the
    standard (ISO 32000, Adobe extension level 3) wants 32-byte UE/OE without
    padding and Perms in ECB mode, and strict readers refuse anything else.
    """
    from hashlib import sha256

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.utils import asBytes

    try:
        import pyaes  # reportlab's AES needs it
    except ImportError:
        raise ExportError(
            "password protection needs the 'pyaes' package (AES-256); install it with "
            "'pip install pyaes' or export without a password"
        ) from None

    def cbc(key: bytes, data: bytes) -> bytes:
        mode = pyaes.AESModeOfOperationCBC(key, iv=bytes(16))
        return b"".join(mode.encrypt(data[i : i + 16]) for i in range(0, len(data), 16))

    class AES256(StandardEncryption):
        def prepare(self, document: Any, overrideID: Any = None) -> None:
            super().prepare(document, overrideID)
            if self.revision != 5:
                return
            uks, oks = self.U[40:48], self.O[40:48]
            self.UE = cbc(sha256(asBytes(self.userPassword[:127]) + uks).digest(), self.key)
            self.OE = cbc(sha256(asBytes(self.ownerPassword[:127]) + oks + self.U).digest(), self.key)
            p = self.P & 0xFFFFFFFF
            perms = p.to_bytes(4, "little") + b"\xff" * 4 + b"Tadb" + secrets.token_bytes(4)
            self.Perms = pyaes.AESModeOfOperationECB(self.key).encrypt(perms)

    return AES256(
        password,
        ownerPassword=secrets.token_urlsafe(24),
        canPrint=1,
        canModify=0,
        canCopy=1,
        canAnnotate=0,
        strength=256,
    )


def render(report: Report, out: Any, *, progress: Progress | None = None, password: str | None = None) -> None:
    """Lay the report out as a PDF into ``out`` (a path or a binary file object)."""
    progress = progress or no_progress
    progress(2, "Loading fonts")
    F.register()
    styles = _styles()
    items, contents = story(report, styles)
    kw: dict[str, Any] = {}
    if password:
        kw["encrypt"] = _encryption(password)
    doc = _Doc(
        out,
        report,
        progress,
        len(items),
        contents,
        title=report.title,
        author=report.author,
        subject=report.subject,
        creator=f"soc2wizard {__version__}",
        keywords="SOC 2, readiness, Trust Services Criteria",
        lang="en",
        **kw,
    )
    progress(8, "Laying out pages")
    # One layout pass: the canvas holds the pages and numbers them at the end.
    doc.build(items, canvasmaker=_HeldCanvas)
    progress(98, "Saving")


def write_pdf(
    report: Report, path: Path | str, *, progress: Progress | None = None, password: str | None = None
) -> Path:
    """Render to ``path`` atomically: a failure leaves no file, and the error names its cause."""
    path = Path(path)
    with atomic_output(path, "PDF") as tmp:
        render(report, str(tmp), progress=progress, password=password)
    (progress or no_progress)(100, "Done")
    return path
