"""The returns workbook and CSV: what an officer gets to fill in, read back with openpyxl."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from goldenthread.accounts.models import User
from goldenthread.indicators.excel import COLUMNS, INSTRUCTIONS_SHEET, neutralise
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.indicators.tests.factories import make_indicator, set_target
from goldenthread.strategy.models import ReportingPeriod

HEADERS = [column.header for column in COLUMNS]


def letter(header: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[HEADERS.index(header)]


@pytest.fixture
def quarter(council) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return period_latest_ended(council)


@pytest.fixture
def voids(council, quarter):  # type: ignore[no-untyped-def]
    """A percentage indicator of the estates officer, with a past value and a target."""
    indicator = make_indicator(council, "XL-001", title="Void homes re-let within 28 days")
    earlier = (
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lt=quarter.start_date
        )
        .order_by("-start_date")
        .first()
    )
    IndicatorReturn.objects.create(
        indicator=indicator, period=earlier, value=Decimal("81.5"), status="approved"
    )
    set_target(indicator, quarter.label, "90", "5")
    return indicator


def export(tmp_path, *args: str, name: str = "returns.xlsx"):  # type: ignore[no-untyped-def]
    out = tmp_path / name
    call_command("returns", "export", *args, "--out", str(out), stdout=io.StringIO())
    return out


def row_of(sheet, code: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(2, sheet.max_row + 1):
        if sheet[f"A{row}"].value == code:
            return row
    raise AssertionError(f"{code} is not on {sheet.title}")


class TestWorkbook:
    def test_one_owner_gets_one_sheet_with_their_indicators_prefilled(
        self, tmp_path, voids, quarter
    ):
        out = export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        book = load_workbook(out)
        assert book.sheetnames[0] == INSTRUCTIONS_SHEET
        sheet = book.worksheets[1]
        assert [cell.value for cell in sheet[1]] == HEADERS
        row = row_of(sheet, "XL-001")
        assert sheet[f"{letter('Indicator')}{row}"].value == "Void homes re-let within 28 days"
        assert sheet[f"{letter('Unit')}{row}"].value == "Percentage (%)"
        assert sheet[f"{letter('Period')}{row}"].value == quarter.label
        assert sheet[f"{letter('Previous period')}{row}"].value == 81.5
        assert sheet[f"{letter('Target')}{row}"].value == 90
        assert sheet[f"{letter('Status')}{row}"].value == "Not started"
        assert sheet[f"{letter('Method followed')}{row}"].value == "Yes"

    def test_only_the_cells_to_fill_are_unlocked_and_the_heading_row_is_frozen(
        self, tmp_path, voids, quarter
    ):
        sheet = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        ).worksheets[1]
        row = row_of(sheet, "XL-001")
        assert sheet.protection.sheet is True
        assert sheet.freeze_panes == "C2"
        for header in ["Value", "Commentary", "Remedial action", "Source of the figure",
                       "Prepared by", "Prepared on", "Method followed", "Submit"]:  # fmt: skip
            assert sheet[f"{letter(header)}{row}"].protection.locked is False, header
        for header in ["Indicator code", "Indicator", "Target", "Status", "Previous period"]:
            cell = sheet[f"{letter(header)}{row}"]
            assert cell.protection.locked is True, header
            assert cell.fill.fgColor.rgb.endswith("F3F2F1"), header  # greyed
        # Not a rate and not qualitative: numerator, narrative and judgement stay locked.
        for header in ["Numerator", "Narrative", "Judgement"]:
            assert sheet[f"{letter(header)}{row}"].protection.locked is True, header

    def test_cells_carry_data_validation(self, tmp_path, voids, quarter):
        sheet = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        ).worksheets[1]
        row = row_of(sheet, "XL-001")

        def validation_of(header: str):  # type: ignore[no-untyped-def]
            cell = f"{letter(header)}{row}"
            found = [v for v in sheet.data_validations.dataValidation if cell in v.sqref]
            assert len(found) == 1, header
            return found[0]

        value = validation_of("Value")
        assert (value.type, value.operator, value.formula1, value.formula2) == (
            "decimal",
            "between",
            "0",
            "100",
        )
        assert value.showErrorMessage
        assert validation_of("Submit").type == "list"
        assert validation_of("Submit").formula1 == '"Yes,No"'
        assert validation_of("Method followed").formula1 == '"Yes,No"'
        assert validation_of("Prepared on").type == "date"

    def test_a_rate_opens_its_numerator_and_denominator(self, tmp_path, council, quarter):
        make_indicator(
            council, "XL-002", numerator_label="Homes re-let", denominator_label="Homes empty"
        )
        sheet = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        ).worksheets[1]
        row = row_of(sheet, "XL-002")
        assert sheet[f"{letter('Numerator')}{row}"].protection.locked is False
        denominator = f"{letter('Denominator')}{row}"
        rule = [v for v in sheet.data_validations.dataValidation if denominator in v.sqref][0]
        assert (rule.operator, rule.formula1) == ("notEqual", "0")

    def test_a_qualitative_indicator_gets_a_judgement_list(self, tmp_path, council, quarter):
        make_indicator(council, "XL-003", is_qualitative=True)
        sheet = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        ).worksheets[1]
        row = row_of(sheet, "XL-003")
        judgement = f"{letter('Judgement')}{row}"
        assert sheet[f"{letter('Value')}{row}"].protection.locked is True
        rule = [v for v in sheet.data_validations.dataValidation if judgement in v.sqref][0]
        assert rule.formula1 == '"On track,Some concern,Off track"'

    def test_a_submitted_return_is_shown_but_locked(self, tmp_path, voids, quarter):
        IndicatorReturn.objects.create(
            indicator=voids, period=quarter, value=Decimal("92"), status="submitted"
        )
        sheet = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        ).worksheets[1]
        row = row_of(sheet, "XL-001")
        assert sheet[f"{letter('Value')}{row}"].value == 92
        assert sheet[f"{letter('Value')}{row}"].protection.locked is True
        assert sheet[f"{letter('Status')}{row}"].value == "Submitted"

    def test_without_an_owner_each_lead_officer_gets_a_sheet(self, tmp_path, council, quarter):
        make_indicator(council, "XL-010")
        waste = User.objects.get(username="officer.waste")
        make_indicator(council, "XL-011", owner=waste, org_unit=waste.org_unit)
        book = load_workbook(export(tmp_path, "--period", quarter.label))
        estates = User.objects.get(username="officer.estates")
        names = book.sheetnames
        assert estates.get_full_name() in names
        assert waste.get_full_name() in names
        assert row_of(book[waste.get_full_name()], "XL-011")
        assert "XL-011" not in {
            c.value for c in book[estates.get_full_name()]["A"]
        }  # each return on its owner's sheet

    def test_a_unit_narrows_the_export(self, tmp_path, council, quarter):
        waste = User.objects.get(username="officer.waste")
        make_indicator(council, "XL-020")
        make_indicator(council, "XL-021", owner=waste, org_unit=waste.org_unit)
        out = export(
            tmp_path, "--period", quarter.label, "--unit", "Estate Management", name="u.csv"
        )
        codes = {row["Indicator code"] for row in csv.DictReader(out.open(encoding="utf-8-sig"))}
        assert "XL-020" in codes
        assert "XL-021" not in codes

    def test_an_unknown_period_is_refused(self, tmp_path, council):
        with pytest.raises(CommandError, match="no reporting period '1999-Q9'"):
            export(tmp_path, "--period", "1999-Q9")


class TestInjection:
    @pytest.mark.parametrize("text", ["=1+2", "+44 1234", "-3", "@SUM(A1)", "\tx", "\rx"])
    def test_text_a_spreadsheet_would_run_is_quoted(self, text):
        assert neutralise(text) == "'" + text

    def test_plain_text_is_left_alone(self):
        assert neutralise("Homes re-let") == "Homes re-let"

    def test_exported_cells_starting_with_formula_characters_are_text(
        self, tmp_path, council, quarter
    ):
        indicator = make_indicator(council, "XL-030", title='=HYPERLINK("http://evil","Click")')
        IndicatorReturn.objects.create(
            indicator=indicator, period=quarter, value=Decimal(50), commentary="@SUM(1+1)"
        )
        book = load_workbook(
            export(tmp_path, "--period", quarter.label, "--owner", "officer.estates")
        )
        sheet = book.worksheets[1]
        row = row_of(sheet, "XL-030")
        title = sheet[f"{letter('Indicator')}{row}"]
        assert title.value == '\'=HYPERLINK("http://evil","Click")'
        assert title.data_type == "s"
        assert sheet[f"{letter('Commentary')}{row}"].value == "'@SUM(1+1)"
        out = export(
            tmp_path, "--period", quarter.label, "--owner", "officer.estates", name="r.csv"
        )
        rows = {r["Indicator code"]: r for r in csv.DictReader(out.open(encoding="utf-8-sig"))}
        assert rows["XL-030"]["Indicator"].startswith("'=")
        assert rows["XL-030"]["Commentary"] == "'@SUM(1+1)"


class TestCsv:
    def test_the_csv_has_the_workbook_columns(self, tmp_path, voids, quarter):
        out = export(
            tmp_path, "--period", quarter.label, "--owner", "officer.estates", name="r.csv"
        )
        reader = csv.reader(out.open(encoding="utf-8-sig"))
        assert next(reader) == HEADERS
        rows = {r[0]: r for r in reader}
        assert rows["XL-001"][HEADERS.index("Target")] == "90"
        assert rows["XL-001"][HEADERS.index("Previous period")] == "81.5"

    def test_format_follows_the_suffix_unless_given(self, tmp_path, voids, quarter):
        out = export(tmp_path, "--period", quarter.label, "--format", "csv", name="returns.txt")
        assert out.read_bytes().startswith(b"\xef\xbb\xbfIndicator code,")
