"""The PDF, checked by the text a reader sees in it (extracted with pypdf)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from soc2wizard import services
from soc2wizard.domain import format as fmt
from soc2wizard.report import ExportError
from soc2wizard.report.extras import EXTRA_SECTIONS
from soc2wizard.report.model import SECTIONS

from .conftest import TODAY, pdf_pages

pypdf = pytest.importorskip("pypdf")


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_holds_every_section_in_order(demo_pdf):
    """Every section title appears in reading order, after the contents listing them all."""
    path, _ = demo_pdf
    pages = pdf_pages(path)
    text = _flat(" ".join(pages))
    at = text.find("Contents")
    assert at >= 0
    for _ in range(2):  # once in the contents, then once as a heading in the body
        for title in SECTIONS.values():
            found = text.find(title, at)
            assert found >= 0, f"{title!r} missing after position {at}"
            at = found + len(title)


def test_contents_shares_page_two_with_the_summary_and_gives_true_page_numbers(demo_pdf):
    """Page 2 lists every section with the page its heading is on, then starts the executive summary."""
    path, _ = demo_pdf
    pages = pdf_pages(path)
    contents = _flat(pages[1])
    assert contents.startswith("Tidewater Health") and "Contents" in contents
    for title in SECTIONS.values():
        m = re.search(re.escape(title) + r"[ .]*?(\d+)\b", contents)
        assert m, f"{title!r} has no page number in the contents"
        page = int(m.group(1))
        lines = [line.strip() for line in pages[page - 1].splitlines()]
        assert title in lines, f"{title!r} is not a heading on page {page}"
    assert contents.count("Executive summary") == 2  # listed, then the section itself


def test_pdf_shows_the_same_totals_and_dates_as_summary_json(demo_pdf):
    """The budget and report dates in the PDF are those of summary --json, formatted as in the app."""
    path, summary = demo_pdf
    text = _flat(" ".join(pdf_pages(path)))
    cost = fmt.money_range(summary["cost"]["low"], summary["cost"]["high"])
    first = dt.date.fromisoformat(summary["timeline"]["report_date_earliest"])
    last = dt.date.fromisoformat(summary["timeline"]["report_date_latest"])
    assert f"The first year costs {cost}" in text
    assert f"earliest {fmt.day(first)}, latest {fmt.day(last)}" in text
    assert "Deadline 30 Nov 2027" in text  # marked on the Gantt chart
    renewal = fmt.money_range(summary["cost"]["renewal"]["low"], summary["cost"]["renewal"]["high"])
    assert f"Total, year two (renewal) {renewal}" in text


def test_pdf_has_metadata_outline_and_a_page_footer(demo_pdf):
    """Title, author and subject are set; bookmarks list the sections; each page says Page X of Y."""
    path, _ = demo_pdf
    reader = pypdf.PdfReader(str(path))
    meta = reader.metadata
    assert meta.title == "SOC 2 readiness plan: Tidewater Health"
    assert meta.author == "Priya Natarajan"
    assert "SOC 2 Type II readiness" in meta.subject
    top = [o["/Title"] for o in reader.outline if not isinstance(o, list)]
    # The deliverables' sections (issue 14) sit among the plan's: risks before remediation, appendices last.
    order = list(SECTIONS.values())
    order.insert(order.index(SECTIONS["remediation"]), EXTRA_SECTIONS["risks"])
    order += [EXTRA_SECTIONS[k] for k in ("csocs", "cuecs", "crosswalk")]
    assert top == order
    pages = pdf_pages(path)
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text


def test_pdf_passes_qpdf_check(demo_pdf):
    """qpdf finds no structural error in the file."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    path, _ = demo_pdf
    result = subprocess.run(["qpdf", "--check", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_company_names_in_any_script_come_out_as_text(tmp_path):
    """Japanese, Korean, accented and Hebrew names render (and extract) as themselves, not as boxes."""
    name = "株式会社テスト Ünïcödé GmbH שלום"
    with services.create_workspace(tmp_path / "u.soc2", name=name) as s:
        services.update_settings(s, prepared_for="Ωmega & <Partners> 董事会", firm_name="Ωmega & <Partners>")
        services.add_scope_item(s, "system", "データベース <prod> & co", customer_data=True)
        services.add_scope_item(s, "vendor", "김철수 상사 (Kim & Co)")
        out = services.export_pdf(s, tmp_path / "u.pdf", today=TODAY)
    pages = pdf_pages(out)
    cover = pages[0]
    assert "株式会社テスト" in cover and "Ünïcödé GmbH" in cover and "שלום" in cover
    assert "Ωmega & <Partners> 董事会" in cover  # markup characters are escaped, not parsed
    assert "データベース <prod> & co" in " ".join(pages)
    assert "김철수 상사 (Kim & Co)" in " ".join(pages)
    assert pypdf.PdfReader(str(out)).metadata.title == f"SOC 2 readiness plan: {name}"


def test_a_300_control_workspace_gives_many_pages_each_with_its_footer(big_pdf):
    """A large checklist flows over many pages; every page carries 'Page X of Y' and the header."""
    path, rows, added = big_pdf
    assert rows >= 300
    pages = pdf_pages(path)
    assert len(pages) > 20
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {len(pages)}" in text
        if i > 1:
            assert "Tidewater Health" in text
    text = " ".join(pages)
    assert "X-001" in text and f"X-{added:03d}" in text


def test_big_pdf_passes_qpdf_check(big_pdf):
    """The multi-page file is structurally sound too."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    path = big_pdf[0]
    result = subprocess.run(["qpdf", "--check", str(path)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_password_protected_pdf_needs_the_password(workspace, tmp_path):
    """With a password the PDF is encrypted (AES-256): without it nothing reads, with it all does."""
    pytest.importorskip("pyaes")
    out = services.export_pdf(workspace, tmp_path / "secret.pdf", today=TODAY, password="correct horse")
    reader = pypdf.PdfReader(str(out))
    assert reader.is_encrypted
    assert not reader.decrypt("wrong")
    reader = pypdf.PdfReader(str(out))
    assert reader.decrypt("correct horse")
    assert "Acme Health" in reader.pages[0].extract_text()
    assert reader._encryption.V == 5  # AES-256, not RC4
    if shutil.which("qpdf"):
        result = subprocess.run(
            ["qpdf", "--check", "--password=correct horse", str(out)], check=False, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout


def test_a_failing_render_leaves_no_file_and_names_the_cause(workspace, tmp_path, monkeypatch):
    """An error inside the renderer leaves neither the PDF nor a temporary file, and says why."""
    from soc2wizard.report import pdf

    def broken(*args, **kwargs):
        raise RuntimeError("the chart could not be drawn")

    monkeypatch.setattr(pdf, "gantt", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ExportError) as err:
        services.export_pdf(workspace, folder / "plan.pdf", today=TODAY)
    assert "plan.pdf" in str(err.value) and "the chart could not be drawn" in str(err.value)
    assert list(folder.iterdir()) == []


def test_a_failed_export_keeps_the_previous_file(workspace, tmp_path, monkeypatch):
    """Replacing an existing PDF is all or nothing: a failure leaves the old one untouched."""
    from soc2wizard.report import pdf

    out = tmp_path / "plan.pdf"
    out.write_bytes(b"%PDF-old")
    monkeypatch.setattr(pdf, "budget_chart", lambda r: 1 / 0)
    with pytest.raises(ExportError, match="ZeroDivisionError"):
        services.export_pdf(workspace, out, today=TODAY)
    assert out.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_an_unwritable_destination_is_named(workspace, tmp_path):
    """A folder that does not exist (or a file posing as one) is reported with the path."""
    with pytest.raises(ExportError, match="does not exist"):
        services.export_pdf(workspace, tmp_path / "missing" / "plan.pdf", today=TODAY)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError):
        services.export_pdf(workspace, blocker / "plan.pdf", today=TODAY)
    left = [p.name for p in tmp_path.iterdir()]
    assert not [n for n in left if n.endswith((".pdf", ".tmp"))], left


def test_progress_is_reported_up_to_done(workspace, tmp_path):
    """The renderer reports rising progress and ends at 100 (for the app's progress bar)."""
    seen: list[int] = []
    services.export_pdf(workspace, tmp_path / "p.pdf", today=TODAY, progress=lambda p, t: seen.append(p))
    assert seen[0] <= 2 and seen[-1] == 100
    assert seen == sorted(seen)


def test_render_needs_only_the_model(workspace, tmp_path):
    """A prepared report renders after the workspace is closed (so it can run off the UI thread)."""
    report = services.prepare_report(workspace, today=TODAY)
    workspace.close()
    out = services.render_pdf(report, tmp_path / "later.pdf")
    assert re.search(r"Page 1 of \d+", pdf_pages(out)[0])


def test_cancelling_leaves_the_previous_file_and_no_temporary(workspace, tmp_path):
    """A progress callback that cancels (InterruptedError) stops the export and changes nothing."""
    out = tmp_path / "plan.pdf"
    out.write_bytes(b"%PDF-old")

    def cancel(percent: int, text: str) -> None:
        if percent >= 10:
            raise InterruptedError("cancelled")

    with pytest.raises(InterruptedError):
        services.export_pdf(workspace, out, today=TODAY, progress=cancel)
    assert out.read_bytes() == b"%PDF-old"
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_emoji_come_out_as_a_replacement_mark_everywhere(tmp_path):
    """Emoji no shipped font has read as U+FFFD on the cover, in headers and in tables, never as NUL."""
    with services.create_workspace(tmp_path / "e.soc2", name="Rocket 🚀 Labs") as s:
        services.add_scope_item(s, "vendor", "Vendor ✅ check")
        services.add_scope_item(s, "system", "Robot 🤖 API", description="Thumbs 👍🏽 up", customer_data=True)
        out = services.export_pdf(s, tmp_path / "e.pdf", today=TODAY)
    pages = pdf_pages(out)
    text = " ".join(pages)
    assert "\x00" not in text
    assert "Rocket \ufffd Labs" in pages[0]
    assert "Rocket \ufffd Labs" in pages[2]  # the running header
    assert "Vendor \ufffd check" in text and "Robot \ufffd API" in text and "Thumbs \ufffd up" in text


def test_a_200_character_name_without_spaces_wraps_inside_the_page(tmp_path):
    """A very long unbroken name is broken over lines (all of it kept) rather than running off the page."""
    name = ("Averyverylongcompanynamewithoutanyspaces" * 5)[:200]
    with services.create_workspace(tmp_path / "l.soc2", name=name) as s:
        services.add_scope_item(s, "system", name, description=name, customer_data=True)
        out = services.export_pdf(s, tmp_path / "l.pdf", today=TODAY)
    pages = pdf_pages(out)
    assert name in pages[0].replace("\n", "")  # the cover keeps the whole name
    assert "".join("".join(pages).split()).count(name) >= 3  # the cover, the system's name and description
    widest = max(len(line) for page in pages for line in page.splitlines())
    assert widest < 140, widest  # about a page width of text at the smallest size used


def test_appendix_pages_are_filled_without_big_gaps(big_pdf, demo_pdf):
    """Every Appendix A page but its last holds several controls: headings no longer push tables over."""
    for path in (big_pdf[0], demo_pdf[0]):
        pages = pdf_pages(path)
        first = max(i for i, t in enumerate(pages) if "Appendix A: Control checklist" in t.splitlines())
        last = max(i for i, t in enumerate(pages) if "Appendix B: Evidence index" in t.splitlines())
        counts = [len(re.findall(r"(?m)^[A-Z]{1,4}-[A-Z0-9]{2,4}\b", pages[i])) for i in range(first, last)]
        assert all(n >= 6 for n in counts[:-1]), counts


def test_appendix_bookmarks_each_criterion_under_its_section(demo_pdf):
    """The outline lists Appendix A's criteria (CC1.1 …) as children, each opening the page it is on."""
    path, _ = demo_pdf
    reader = pypdf.PdfReader(str(path))
    outline = reader.outline
    at = next(
        i for i, o in enumerate(outline) if not isinstance(o, list) and o["/Title"] == "Appendix A: Control checklist"
    )
    children = outline[at + 1]
    assert isinstance(children, list) and children[0]["/Title"].startswith("CC1.1")
    pages = pdf_pages(path)
    for child in children:
        page = reader.get_destination_page_number(child)
        assert child["/Title"] in pages[page], child["/Title"]


def test_contents_entries_read_title_then_page(demo_pdf):
    """Extracted, the contents read like a printed one: title, leader dots, page number."""
    path, _ = demo_pdf
    contents = _flat(pdf_pages(path)[1])
    assert re.search(r"Executive summary[ .]+2\b", contents)
    assert re.search(r"Scope[ .]+3\b", contents)
