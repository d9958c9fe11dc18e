from django.utils import timezone

from goldenthread.challenge.models import CurveWorksheet, Inspection, Meeting
from goldenthread.challenge.selectors import best_value_programme
from goldenthread.delivery.models import Action


def test_demo_has_three_clinics_this_year_with_items_and_actions(council):
    clinics = Meeting.objects.filter(organisation=council, kind="improvement_clinic")
    assert clinics.count() == 3
    held = [c for c in clinics if c.held_on <= timezone.localdate()]
    assert held
    for clinic in held:
        assert clinic.items.count() >= 2
        assert clinic.actions.count() == 2
        assert all(a.source_kind == Action.SourceKind.CLINIC for a in clinic.actions.all())


def test_demo_best_value_programme_has_exactly_one_overdue_service(council):
    rows = best_value_programme(council, timezone.localdate())
    overdue = [row.unit.name for row in rows if row.standing.state == "overdue"]
    assert overdue == ["Customer Services"]


def test_demo_inspection_recommendations_are_actions(council):
    inspection = Inspection.objects.get(organisation=council, kind="inspection")
    assert inspection.actions.filter(source_kind=Action.SourceKind.INSPECTION).count() == 3


def test_demo_worksheet_is_for_a_red_indicator(council):
    worksheet = CurveWorksheet.objects.get(organisation=council)
    assert worksheet.indicator.code == "PI-REG-07"
    assert worksheet.partners.count() == 3
    assert worksheet.actions.count() == 2
