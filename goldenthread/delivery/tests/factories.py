"""Actions for tests, in the demo council unless told otherwise."""

from datetime import date, timedelta

from django.utils import timezone

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.delivery.models import Action, Milestone
from goldenthread.strategy.models import Plan


def days(count: int) -> date:
    """A day relative to today: days(-10) was ten days ago."""
    return timezone.localdate() + timedelta(days=count)


def make_action(
    organisation: Organisation,
    code: str = "T-001",
    *,
    lead: str = "officer.estates",
    unit: str = "Estate Management",
    milestones: list[tuple[str, date, date | None]] = (),  # type: ignore[assignment]
    **fields,
) -> Action:  # type: ignore[no-untyped-def]
    """An action under way: started 100 days ago, due in 100 days, 50% done (on track)."""
    defaults = {
        "title": f"Test action {code}",
        "plan": Plan.objects.get(organisation=organisation, kind=Plan.Kind.DELIVERY_PLAN),
        "lead": User.objects.get(username=lead),
        "org_unit": OrgUnit.objects.get(organisation=organisation, name=unit),
        "start_date": days(-100),
        "due_date": days(100),
        "progress": 50,
    }
    defaults.update(fields)
    action = Action.objects.create(organisation=organisation, code=code, **defaults)
    for title, due, done in milestones:
        Milestone.objects.create(action=action, title=title, due_date=due, completed_on=done)
    return action
