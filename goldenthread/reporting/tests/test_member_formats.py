"""Issue 6, done when: for the demo council a member opens a committee's report for the
latest quarter as HTML, PDF, Word and Excel from the report pages, and every format has the
same content, read back from the files (page text, PDF text, Word paragraphs and tables,
Excel cells); the PDF's pages render to A4 images with something on them.

The files are made once for the module, as the pages make them (a run), then read back."""

import re
from decimal import Decimal
from html import unescape
from io import BytesIO

import pytest
from django.test import Client
from docx import Document
from matplotlib import image
from openpyxl import load_workbook

from goldenthread.accounts.models import Committee, Organisation, User
from goldenthread.demo import DEMO_SLUG
from goldenthread.reporting.catalogue import ReportRequest, report_build, report_resolve
from goldenthread.reporting.models import ReportRun
from goldenthread.reporting.services import report_run_execute
from goldenthread.reporting.tests.conftest import rolled_back
from goldenthread.reporting.tests.test_pdf import poppler

pytestmark = pytest.mark.django_db
MEMBER = "cllr.scrutiny"


def words(text: str) -> str:
    return " ".join(text.split())


def html_text(content: bytes) -> str:
    return words(unescape(re.sub(r"<[^>]+>", " ", content.decode())))


def pdf_text(content: bytes, folder) -> str:  # type: ignore[no-untyped-def]
    path = folder / "report.pdf"
    path.write_bytes(content)
    return words(poppler("pdftotext", "-raw", str(path), "-"))


def docx_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return words(" ".join(parts))


def xlsx_text(content: bytes) -> str:
    book = load_workbook(BytesIO(content))
    return words(
        " ".join(
            format(Decimal(str(cell)).normalize(), "f")
            if isinstance(cell, int | float)
            else str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    )


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("formats")
    with rolled_back(django_db_blocker):
        council = Organisation.objects.get(slug=DEMO_SLUG)
        committee = min(
            (c for c in Committee.objects.filter(organisation=council) if c.themes.exists()),
            key=lambda c: (c.themes.count(), c.name),
        )
        client = Client()
        client.force_login(User.objects.get(username=MEMBER))
        query = f"committee={committee.slug}"
        page = client.get(f"/reports/quarterly/?{query}")
        report = report_build(
            council,
            report_resolve(council, ReportRequest(kind="quarterly", committee=committee.slug)),
        )
        files = {}
        for fmt in ("html", "pdf", "docx", "xlsx"):
            asked = client.get(f"/reports/quarterly/download/?{query}&format={fmt}")
            assert asked.status_code == 302
            run = ReportRun.objects.get(pk=asked["Location"].rstrip("/").split("/")[-1])
            report_run_execute(run=run)
            response = client.get(f"/reports/runs/{run.pk}/file/")
            files[fmt] = b"".join(response.streaming_content)
        return {
            "report": report,
            "page": page,
            "html": html_text(files["html"]),
            "pdf": pdf_text(files["pdf"], folder),
            "docx": docx_text(files["docx"]),
            "xlsx": xlsx_text(files["xlsx"]),
            "pdf_path": folder / "report.pdf",
            "folder": folder,
        }


def test_the_member_opens_the_latest_quarters_report_page(made):
    page, report = made["page"], made["report"]
    assert page.status_code == 200
    text = html_text(page.content)
    assert report.subtitle in text
    assert report.entries, "the committee's themes have indicators"
    for entry in report.entries:
        assert f"{entry.code} {entry.title}" in text


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "xlsx"])
def test_every_format_has_the_same_indicators_figures_and_judgements(made, fmt):
    report, text = made["report"], made[fmt]
    assert report.title in text
    for section in report.sections:
        assert words(section.title) in text, (fmt, section.title)
    for entry in report.entries:
        assert entry.code in text, (fmt, entry.code)
        assert words(entry.title) in text, (fmt, entry.title)
        # Excel holds numbers as numbers (doubles: 15 significant digits), shown in the
        # indicator's format.
        shown = (
            format(Decimal(str(float(entry.value))).normalize(), "f")
            if fmt == "xlsx" and entry.value is not None
            else entry.value_text
        )
        assert shown in text, (fmt, entry.code, shown)
        if entry.commentary:
            assert words(entry.commentary)[:40] in text, (fmt, entry.code)


def test_the_pdf_pages_render_to_a4_images_with_content(made):
    folder = made["folder"]
    poppler("pdftoppm", "-r", "40", "-png", str(made["pdf_path"]), str(folder / "page"))
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) >= 3
    for path in pages:
        pixels = image.imread(str(path))
        height, width = pixels.shape[:2]
        assert abs(height / width - 297 / 210) < 0.02, path.name  # A4, portrait
        inked = (pixels[..., :3].mean(axis=2) < 0.85).mean()
        assert 0.0005 < inked < 0.6, path.name  # text on the page, not a blank or black page
