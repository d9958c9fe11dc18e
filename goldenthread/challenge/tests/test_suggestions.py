"""Suggestions for challenge come from every registered source, within the meeting's unit."""

from datetime import date

import pytest
from django.utils import timezone

from goldenthread.challenge import services, suggestions
from goldenthread.challenge.models import Meeting
from goldenthread.challenge.selectors import suggestions_for_meeting
from goldenthread.delivery.models import Action
from goldenthread.risks.models import Risk


@pytest.fixture
def clinic(council, person):
    return services.meeting_save(
        meeting=Meeting(
            organisation=council,
            kind="performance_clinic",
            title="Test clinic",
            held_on=timezone.localdate(),
        ),  # fmt: skip
        user=person("performance.lead"),
    )


def keys(found, source):
    return {s.key for s in found if s.source == source}


def test_the_three_sources_suggest_red_indicators_late_actions_and_risks(council, clinic):
    found = suggestions_for_meeting(clinic, timezone.localdate())
    assert {"indicator", "action", "risk"} <= {s.source for s in found}
    reasons = {s.title.split()[0]: s.reason for s in found}
    assert "red" in reasons["PI-REG-07"]


def test_an_off_track_action_is_suggested_and_a_completed_one_is_not(council, clinic, person):
    action = Action.objects.filter(organisation=council).exclude(source_kind="clinic").first()
    Action.objects.filter(pk=action.pk).update(
        start_date=date(2020, 1, 1), due_date=date(2020, 6, 1), manual_status=""
    )
    today = timezone.localdate()
    assert f"action:{action.pk}" in keys(suggestions_for_meeting(clinic, today), "action")
    Action.objects.filter(pk=action.pk).update(manual_status="complete", completed_on=today)
    assert f"action:{action.pk}" not in keys(suggestions_for_meeting(clinic, today), "action")


def test_only_risks_above_appetite_are_suggested(council, clinic):
    found = keys(suggestions_for_meeting(clinic, timezone.localdate()), "risk")
    assert found
    for key in found:
        risk = Risk.objects.get(pk=int(key.split(":")[1]))
        assert risk.is_above_appetite


def test_a_meeting_on_one_service_sees_only_its_own(council, clinic, unit):
    clinic.org_unit = unit("Planning and Regeneration")
    clinic.save()
    found = suggestions_for_meeting(clinic, timezone.localdate())
    titles = {s.title.split()[0] for s in found}
    assert "PI-REG-07" in titles
    assert not any(t.startswith("PI-HOU") for t in titles)


def test_another_app_registers_a_source_that_meetings_then_suggest(council, clinic):
    def grant_variances(organisation, today):
        return [
            suggestions.Suggestion(
                source="grant", key="grant:7", title="Waste grant", reason="12% overspend",
                url="/finance/7/", unit_id=None,
            )
        ]  # fmt: skip

    suggestions.register_source("grant-test", grant_variances)
    try:
        found = suggestions_for_meeting(clinic, timezone.localdate())
        assert keys(found, "grant") == {"grant:7"}
        item = services.item_choose(meeting=clinic, suggestion=found[-1], user=None)
        assert (item.source, item.reason) == ("grant", "12% overspend")
        assert "grant:7" not in keys(suggestions_for_meeting(clinic, timezone.localdate()), "grant")
    finally:
        suggestions._sources.pop("grant-test")


def test_choosing_from_the_page_puts_the_item_on_the_agenda(council, clinic, signed_in):
    client = signed_in("performance.lead")
    page = client.get(clinic.get_absolute_url()).content.decode()
    assert "PI-REG-07" in page
    suggestion = next(
        s for s in suggestions_for_meeting(clinic, timezone.localdate()) if "PI-REG-07" in s.title
    )
    client.post(f"/challenge/meetings/{clinic.pk}/choose/", {"key": suggestion.key})
    assert clinic.items.get().source_key == suggestion.key
