"""Actions to and from XLSX and CSV: round trips, all-or-nothing imports, row errors."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from goldenthread.delivery.exports import actions_csv, actions_workbook
from goldenthread.delivery.importers import actions_import
from goldenthread.delivery.models import Action
from goldenthread.delivery.selectors import actions_for_export
from goldenthread.delivery.tests.factories import make_action
from goldenthread.strategy.models import Plan


def csv_of(council, **kwargs) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    actions_csv(actions=actions_for_export(council, **kwargs), out=out)
    return out.getvalue()


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def to_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_csv_export_imports_back_unchanged(council):
    text = csv_of(council)
    result = actions_import(data=text.encode(), filename="actions.csv", organisation=council)
    assert result.ok, result.errors
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == Action.objects.filter(organisation=council).count()


def test_a_workbook_round_trip_changes_what_was_edited(council, tmp_path):
    plan = Plan.objects.get(organisation=council, kind="delivery_plan")
    out = io.BytesIO()
    actions_workbook(
        actions=actions_for_export(council, plan_id=plan.pk), organisation=council, out=out
    )
    book = load_workbook(io.BytesIO(out.getvalue()))
    sheet = book["Actions"]
    headers = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=headers.index("Reference") + 1).value == "DP-001"
    sheet.cell(row=2, column=headers.index("Progress (%)") + 1).value = 64
    sheet.cell(row=2, column=headers.index("Action") + 1).value = "Insulate 2,000 homes"
    edited = io.BytesIO()
    book.save(edited)
    result = actions_import(data=edited.getvalue(), filename="plan.xlsx", organisation=council)
    assert result.ok, result.errors
    assert result.updated == 1 and result.created == 0
    changed = Action.objects.get(organisation=council, code="DP-001")
    assert (changed.progress, changed.title) == (64, "Insulate 2,000 homes")
    assert changed.history.first().history_change_reason == "Imported from Actions"


def test_a_new_row_adds_an_action_with_its_links(council):
    rows = rows_of(
        csv_of(council, plan_id=Plan.objects.get(organisation=council, kind="delivery_plan").pk)
    )[:1]
    rows[0].update(
        {
            "Reference": "DP-100",
            "Action": "Plant 5,000 trees",
            "Starts": "01/04/2026",
            "Due": "2027-03-31",
            "Progress (%)": "10%",
            "Objectives": "CP-ENV-1; Clean streets and open spaces",
        }
    )
    result = actions_import(data=to_csv(rows), filename="new.csv", organisation=council)
    assert result.ok, result.errors
    added = Action.objects.get(organisation=council, code="DP-100")
    assert (added.progress, str(added.start_date)) == (10, "2026-04-01")
    assert sorted(added.objective_links.values_list("objective__code", flat=True)) == [
        "CP-ENV-1",
        "CP-ENV-2",
    ]


def test_one_bad_row_means_nothing_is_saved_and_every_problem_is_named(council):
    rows = rows_of(csv_of(council))[:3]
    rows[0]["Action"] = "Changed title that must not be kept"
    rows[1].update({"Due": "31 March", "Lead officer": "nobody.here"})
    rows[2].update(
        {"Progress (%)": "150", "Indicators": "PI-NOPE", "Reference": rows[0]["Reference"]}
    )
    result = actions_import(data=to_csv(rows), filename="bad.csv", organisation=council)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "Due"), (3, "Lead officer"), (4, "Reference")}
    assert all(e.sheet == "bad.csv" and e.reason for e in result.errors)
    assert "is not a date" in next(e.reason for e in result.errors if e.column == "Due")
    assert not Action.objects.filter(title="Changed title that must not be kept").exists()


def test_service_rules_are_reported_against_their_column(council):
    rows = rows_of(csv_of(council))[:1]
    rows[0].update({"Starts": "2026-05-01", "Due": "2026-04-01", "Progress (%)": "150"})
    result = actions_import(data=to_csv(rows), filename="bad.csv", organisation=council)
    assert {(e.row, e.column) for e in result.errors} == {(2, "Progress (%)")}
    rows[0]["Progress (%)"] = "20"
    result = actions_import(data=to_csv(rows), filename="bad.csv", organisation=council)
    [error] = result.errors
    assert (error.row, error.column) == (2, "Due")
    assert "on or after the start date" in error.reason


def test_formulas_are_neutralised_on_export_and_refused_on_import(council):
    make_action(council, "T-INJ", title='=HYPERLINK("http://evil")')
    text = csv_of(council)
    [row] = [r for r in rows_of(text) if r["Reference"] == "T-INJ"]
    assert row["Action"] == '\'=HYPERLINK("http://evil")'
    result = actions_import(data=text.encode(), filename="a.csv", organisation=council)
    assert result.ok and Action.objects.get(code="T-INJ").title.startswith("=HYPERLINK")
    out = io.BytesIO()
    actions_workbook(actions=actions_for_export(council), organisation=council, out=out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    values = [c.value for c in book["Actions"]["B"]]
    assert '\'=HYPERLINK("http://evil")' in values
    sheet = book["Actions"]
    sheet["B2"] = "=1+1"
    edited = io.BytesIO()
    book.save(edited)
    result = actions_import(data=edited.getvalue(), filename="f.xlsx", organisation=council)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Action (B)")]


def test_unknown_headings_and_files_of_other_councils_are_refused(council, other_council):
    result = actions_import(
        data=b"Reference,Colour\nDP-001,Blue\n", filename="x.csv", organisation=council
    )
    assert {e.column for e in result.errors} == {"Colour", "Action", "Starts", "Due"}
    out = io.BytesIO()
    actions_workbook(actions=[], organisation=other_council, out=out)
    result = actions_import(data=out.getvalue(), filename="y.xlsx", organisation=council)
    assert "another organisation" in result.errors[0].reason


class TestTheCommand:
    def test_export_then_dry_run_import(self, council, tmp_path):
        target = tmp_path / "housing.csv"
        stdout = io.StringIO()
        call_command(
            "actions",
            "export",
            "--unit",
            "Housing",
            "--format",
            "csv",
            "--out",
            str(target),
            stdout=stdout,
        )
        count = Action.objects.filter(
            organisation=council,
            org_unit__name__in=["Housing", "Housing Options", "Estate Management"],
        ).count()
        assert f"{count} actions written" in stdout.getvalue()
        assert len(rows_of(target.read_text(encoding="utf-8-sig"))) == count
        stdout = io.StringIO()
        call_command("actions", "import", str(target), "--dry-run", stdout=stdout)
        assert (
            f"0 new, 0 changed and {count} unchanged actions would be imported" in stdout.getvalue()
        )

    def test_a_failed_import_lists_each_row_error(self, tmp_path, council):
        bad = tmp_path / "bad.csv"
        bad.write_text("Reference,Action,Starts,Due\nDP-001,Title,2026-01-01,soon\n")
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
            call_command("actions", "import", str(bad), stderr=stderr)
        assert "bad.csv, row 2, column Due: “soon” is not a date" in stderr.getvalue()

    def test_xlsx_export_for_a_plan(self, council, tmp_path):
        plan = Plan.objects.get(organisation=council, kind="delivery_plan")
        target = tmp_path / "plan.xlsx"
        call_command(
            "actions",
            "export",
            "--plan",
            str(plan.pk),
            "--format",
            "xlsx",
            "--out",
            str(target),
            stdout=io.StringIO(),
        )
        rows = list(load_workbook(target)["Actions"].iter_rows(values_only=True))
        assert len(rows) - 1 == plan.actions.count()
        assert str(rows[1][7]).startswith(str(Action.objects.get(code="DP-001").start_date))

    def test_an_unknown_plan_is_refused(self, council, tmp_path):
        with pytest.raises(CommandError, match="no plan"):
            call_command(
                "actions",
                "export",
                "--plan",
                "999999",
                "--format",
                "csv",
                "--out",
                str(tmp_path / "x.csv"),
            )
