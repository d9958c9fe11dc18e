"""Returns read back from a workbook or CSV: all or nothing, every problem named by sheet,
row, column and reason; on the command line and through the upload page."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from goldenthread.accounts.models import User
from goldenthread.indicators import importers
from goldenthread.indicators.excel import COLUMNS
from goldenthread.indicators.importers import returns_import
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.selectors import indicators_entered_by, period_latest_ended
from goldenthread.indicators.tests.factories import make_indicator, set_target
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.strategy.services import reporting_periods_ensure

HEADERS = [column.header for column in COLUMNS]


@pytest.fixture
def quarter(council) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return period_latest_ended(council)


@pytest.fixture
def voids(council, quarter):  # type: ignore[no-untyped-def]
    indicator = make_indicator(council, "IM-001", title="Void homes re-let within 28 days")
    set_target(indicator, quarter.label, "90", "5")
    return indicator


@pytest.fixture
def arrears(council, quarter):  # type: ignore[no-untyped-def]
    return make_indicator(council, "IM-002", title="Rent arrears", unit="number")


def csv_bytes(*rows: str, header: str = "Indicator code,Period,Value,Commentary,Submit") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(council, data: bytes, name: str = "returns.csv", **options):  # type: ignore[no-untyped-def]
    return returns_import(data=data, filename=name, organisation=council, user=None, **options)


def problems(result) -> list[tuple[str, int | None, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.sheet, e.row, e.column, e.reason) for e in result.errors]


def saved(indicator, period) -> IndicatorReturn | None:  # type: ignore[no-untyped-def]
    return IndicatorReturn.objects.filter(indicator=indicator, period=period).first()


class TestCsv:
    def test_filled_in_rows_are_saved_as_drafts_through_the_return_service(
        self, council, voids, arrears, quarter
    ):
        result = run(
            council,
            csv_bytes(
                f"IM-001,{quarter.label},92.5,Better than planned,", f"IM-002,{quarter.label},,,"
            ),  # fmt: skip
        )
        assert result.ok, problems(result)
        assert (result.saved, result.submitted, result.blank) == (1, 0, 1)
        entered = saved(voids, quarter)
        assert entered.value == Decimal("92.5")
        assert entered.commentary == "Better than planned"
        assert entered.status == "draft"
        assert entered.history.first().history_change_reason == "Imported from returns.csv"
        assert entered.history.first().history_user == voids.owner
        assert saved(arrears, quarter) is None

    def test_submit_sends_every_return_for_approval(self, council, voids, quarter):
        result = run(council, csv_bytes(f"IM-001,{quarter.label},95,,"), submit=True)
        assert result.ok, problems(result)
        entered = saved(voids, quarter)
        assert (entered.status, entered.submitted_by) == ("submitted", voids.owner)

    def test_a_rows_own_submit_cell_submits_it(self, council, voids, quarter):
        assert run(council, csv_bytes(f"IM-001,{quarter.label},95,,Yes")).ok
        assert saved(voids, quarter).status == "submitted"

    def test_importing_the_same_file_again_changes_nothing(self, council, voids, quarter):
        data = csv_bytes(f"IM-001,{quarter.label},92.5,Fine,")
        assert run(council, data).saved == 1
        again = run(council, data)
        assert (again.saved, again.unchanged) == (0, 1)
        assert saved(voids, quarter).history.count() == 1

    def test_a_dry_run_saves_nothing(self, council, voids, quarter):
        result = run(council, csv_bytes(f"IM-001,{quarter.label},92.5,,"), dry_run=True)
        assert result.ok and result.saved == 1
        assert saved(voids, quarter) is None

    def test_public_period_spellings_and_data_quality_fields_are_read(
        self, council, voids, quarter
    ):
        spelt = f"{quarter.year}/{(quarter.year + 1) % 100:02d} Q{quarter.number}"
        header = "Indicator code,Period,Value,Prepared by,Prepared on,Method followed"
        result = run(council, csv_bytes(f"IM-001,{spelt},91,Sam Wilson,14/07/2025,No",
                                        header=header))  # fmt: skip
        assert result.ok, problems(result)
        entered = saved(voids, quarter)
        assert entered.prepared_by == "Sam Wilson"
        assert entered.prepared_on.isoformat() == "2025-07-14"
        assert entered.method_followed is False


class TestEveryProblemAtOnce:
    def test_each_bad_row_is_named_and_nothing_is_written(self, council, voids, arrears, quarter):
        for code in ["IM-003", "IM-004", "IM-005"]:
            make_indicator(council, code)
        label = quarter.label
        data = csv_bytes(
            f"IM-002,{label},12,,",  # fine on its own
            f"IM-001,{label},lots,,",  # not a number
            f"NOPE-1,{label},5,,",  # unknown code
            f"IM-003,{label},150,,",  # a percentage over 100
            f"IM-002,{label},13,,",  # the same return twice
            f"IM-004,{label},50,=1+1,",  # a formula
            "IM-005,1999-Q9,50,,",  # not a period
        )
        result = run(council, data)
        by_row = {row: (column, reason) for _sheet, row, column, reason in problems(result)}
        assert by_row == {
            3: ("Value", "“lots” is not a number."),
            4: ("Indicator code", "There is no indicator with the code “NOPE-1”."),
            5: ("Value", "A percentage must be between 0 and 100."),
            6: ("Indicator code", f"IM-002 {label} is also on row 2 of returns.csv."),
            7: ("Commentary", "This cell has a formula; type the value itself. Formulas are "
                "never run."),
            8: ("Period", "“1999-Q9” is not a reporting period: use labels like 2025-Q2, "
                "2025-M07 or 2025/26."),
        }  # fmt: skip
        assert saved(arrears, quarter) is None  # the good row was not kept either

    def test_red_needs_commentary_and_a_remedial_action_when_submitting(
        self, council, voids, quarter
    ):
        result = run(council, csv_bytes(f"IM-001,{quarter.label},50,,Yes"))
        columns = {(e.column, e.row) for e in result.errors}
        assert ("Commentary", 2) in columns
        assert ("Status", 2) not in columns
        reasons = " ".join(e.reason for e in result.errors)
        assert "remedial action" in reasons
        assert saved(voids, quarter) is None

    def test_red_with_commentary_and_remedial_action_can_be_submitted(
        self, council, voids, quarter
    ):
        header = "Indicator code,Period,Value,Commentary,Remedial action,Submit"
        data = csv_bytes(f"IM-001,{quarter.label},50,Staff off sick,Agency staff hired,Yes",
                         header=header)  # fmt: skip
        assert run(council, data).ok
        assert saved(voids, quarter).status == "submitted"

    def test_a_missing_column_is_named(self, council, voids, quarter):
        result = run(council, csv_bytes(f"IM-001,{quarter.label}", header="Indicator code,Period"))
        assert [(e.row, e.column) for e in result.errors] == [(1, "Value")]
        assert "Required column missing" in result.errors[0].reason

    def test_an_unknown_column_is_named(self, council, voids, quarter):
        result = run(council, csv_bytes(f"IM-001,{quarter.label},1,x",
                                        header="Indicator code,Period,Value,Colour"))  # fmt: skip
        assert [(e.row, e.column) for e in result.errors] == [(1, "Colour")]

    def test_latin_1_bytes_are_refused_with_the_line(self, council, voids, quarter):
        data = csv_bytes(f"IM-001,{quarter.label},92,,") + "IM-001,x,1,Caf\xe9,\n".encode("latin-1")
        result = run(council, data)
        assert [(e.row, e.reason) for e in result.errors] == [(3, importers.NOT_UTF8)]

    def test_an_empty_file_is_refused(self, council):
        assert problems(run(council, b"")) == [
            ("returns.csv", None, "", "The file has no returns in it.")
        ]

    def test_an_old_excel_file_is_refused(self, council):
        result = run(council, b"\xd0\xcf\x11\xe0" + b"\0" * 100, name="returns.xls")
        assert "old Excel (.xls)" in result.errors[0].reason

    def test_a_period_not_yet_open_is_refused(self, council, voids):
        today = timezone.localdate()
        reporting_periods_ensure(organisation=council, year=today.year + 1)
        future = (
            ReportingPeriod.objects.filter(
                organisation=council,
                frequency="quarterly",
                end_date__gt=today + timedelta(days=30),
            )
            .order_by("start_date")
            .first()
        )
        result = run(council, csv_bytes(f"IM-001,{future.label},90,,"))
        assert [(e.row, e.column) for e in result.errors] == [(2, "Period")]
        assert "not open yet" in result.errors[0].reason

    def test_someone_who_does_not_enter_the_return_is_refused(self, council, voids, quarter):
        result = returns_import(
            data=csv_bytes(f"IM-001,{quarter.label},92,,"),
            filename="returns.csv",
            organisation=council,
            user=User.objects.get(username="officer.waste"),
        )
        assert [(e.row, e.column) for e in result.errors] == [(2, "Indicator code")]
        assert "not the lead officer" in result.errors[0].reason
        assert saved(voids, quarter) is None

    def test_a_submitted_return_cannot_be_changed(self, council, voids, quarter):
        IndicatorReturn.objects.create(
            indicator=voids, period=quarter, value=Decimal(91), status="submitted"
        )
        result = run(council, csv_bytes(f"IM-001,{quarter.label},95,,"))
        assert "can no longer be changed" in result.errors[0].reason
        assert saved(voids, quarter).value == Decimal(91)

    def test_too_many_rows_are_refused(self, council, quarter, monkeypatch):
        for number in range(4):
            make_indicator(council, f"IM-1{number}")
        monkeypatch.setattr(importers, "MAX_RETURN_ROWS", 3)
        rows = [f"IM-1{number},{quarter.label},5,," for number in range(4)]
        result = run(council, csv_bytes(*rows))
        assert "more than 3 returns" in result.errors[0].reason
        assert not IndicatorReturn.objects.filter(indicator__code__startswith="IM-1").exists()


class TestWorkbook:
    def exported(self, tmp_path, quarter) -> tuple:  # type: ignore[no-untyped-def]
        out = tmp_path / "returns.xlsx"
        call_command(
            "returns", "export", "--period", quarter.label, "--owner", "officer.estates",
            "--out", str(out), stdout=io.StringIO(),
        )  # fmt: skip
        book = load_workbook(out)
        sheet = book.worksheets[1]
        row = next(r for r in range(2, sheet.max_row + 1) if sheet[f"A{r}"].value == "IM-001")
        return out, book, sheet, row

    def cell(self, header: str, row: int) -> str:
        return f"{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[HEADERS.index(header)]}{row}"

    def test_an_exported_workbook_filled_in_is_read_back(self, tmp_path, council, voids, quarter):
        out, book, sheet, row = self.exported(tmp_path, quarter)
        sheet[self.cell("Value", row)] = 93.25
        sheet[self.cell("Commentary", row)] = "'=not a formula"
        book.save(out)
        stdout = io.StringIO()
        call_command("returns", "import", str(out), stdout=stdout)
        assert "1 return were saved as drafts" in stdout.getvalue()
        entered = saved(voids, quarter)
        assert entered.value == Decimal("93.25")
        assert entered.commentary == "=not a formula"  # the export's quote is taken off

    def test_a_formula_in_a_cell_is_refused_naming_the_cell(
        self, tmp_path, council, voids, quarter
    ):
        out, book, sheet, row = self.exported(tmp_path, quarter)
        sheet[self.cell("Value", row)] = "=SUM(40,50)"
        book.save(out)
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="Nothing was saved: 1 problem"):
            call_command("returns", "import", str(out), stdout=io.StringIO(), stderr=stderr)
        letter = self.cell("Value", row)[0]
        assert f"{sheet.title}, row {row}, column Value ({letter}): This cell has a formula" in (
            stderr.getvalue()
        )
        assert saved(voids, quarter) is None

    def test_a_workbook_of_another_organisation_is_refused(
        self, tmp_path, council, other_council, voids, quarter
    ):
        out, _book, _sheet, _row = self.exported(tmp_path, quarter)
        result = returns_import(
            data=out.read_bytes(), filename="r.xlsx", organisation=other_council, user=None
        )
        assert "another organisation" in result.errors[0].reason

    def test_a_plain_workbook_with_the_columns_is_read(self, council, voids, quarter):
        book = Workbook()
        book.active.title = "Mine"
        book.active.append(["Indicator code", "Period", "Value"])
        book.active.append(["IM-001", quarter.label, "ninety"])
        out = io.BytesIO()
        book.save(out)
        result = run(council, out.getvalue(), name="mine.xlsx")
        assert problems(result) == [("Mine", 2, "Value (C)", "“ninety” is not a number.")]


class TestUploadPage:
    def test_my_returns_links_to_the_spreadsheet_page(self, signed_in):
        page = signed_in("officer.estates").get(reverse("indicators:my_returns"))
        assert reverse("indicators:returns_spreadsheet") in page.content.decode()

    def test_the_page_offers_each_open_quarter(self, signed_in, voids, quarter):
        page = signed_in("officer.estates").get(reverse("indicators:returns_spreadsheet"))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Download or upload your returns as Excel" in text
        assert f"download.xlsx?period={quarter.label}" in text

    def test_the_download_is_the_officers_own_workbook(self, signed_in, voids, quarter):
        response = signed_in("officer.estates").get(
            reverse("indicators:returns_download", args=["xlsx"]), {"period": quarter.label}
        )
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        book = load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[1]
        codes = {sheet[f"A{r}"].value for r in range(2, sheet.max_row + 1)}
        assert "IM-001" in codes
        theirs = indicators_entered_by(
            User.objects.get(username="officer.estates"), voids.organisation
        )
        assert codes == set(theirs.values_list("code", flat=True))

    def test_the_csv_download(self, signed_in, voids, quarter):
        response = signed_in("officer.estates").get(
            reverse("indicators:returns_download", args=["csv"]), {"period": quarter.label}
        )
        assert response.content.startswith(b"\xef\xbb\xbfIndicator code,")
        assert b"IM-001" in response.content

    def test_an_upload_saves_and_shows_what_was_saved(self, signed_in, voids, quarter):
        upload = SimpleUploadedFile("mine.csv", csv_bytes(f"IM-001,{quarter.label},94,,"))
        page = signed_in("officer.estates").post(
            reverse("indicators:returns_spreadsheet"), {"file": upload}
        )
        text = page.content.decode()
        assert "1 return saved as draft" in text
        assert "What was saved" in text
        assert "94.0%" in text
        assert saved(voids, quarter).value == Decimal(94)

    def test_an_upload_with_problems_lists_them_and_saves_nothing(
        self, signed_in, voids, arrears, quarter
    ):
        upload = SimpleUploadedFile(
            "mine.csv", csv_bytes(f"IM-002,{quarter.label},4,,", f"IM-001,{quarter.label},x,,")
        )
        page = signed_in("officer.estates").post(
            reverse("indicators:returns_spreadsheet"), {"file": upload}
        )
        text = page.content.decode()
        assert "govuk-error-summary" in text
        assert "Nothing was saved" in text
        assert "Problems in the file" in text
        assert '<td class="govuk-table__cell">3</td>' in text
        assert "“x” is not a number." in text
        assert saved(arrears, quarter) is None

    def test_no_file_is_a_form_error(self, signed_in):
        page = signed_in("officer.estates").post(reverse("indicators:returns_spreadsheet"), {})
        assert "There is a problem" in page.content.decode()

    def test_people_not_signed_in_are_sent_to_sign_in(self, db, client):
        response = client.get(reverse("indicators:returns_spreadsheet"))
        assert response.status_code == 302
