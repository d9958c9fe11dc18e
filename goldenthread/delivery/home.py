"""The delivery panel on the home page: action updates to make this quarter and updates
waiting for the person's approval."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from goldenthread.accounts.permissions import can_view
from goldenthread.delivery import selectors
from goldenthread.home import HomeLink, HomePanel

OUTSTANDING = {"sent_back", "overdue", "due_soon", "open", "draft"}


def actions_panel(request: HttpRequest) -> HomePanel | None:
    organisation = request.organisation  # type: ignore[attr-defined]
    if not can_view(request.user, organisation):
        return None
    today = timezone.localdate()
    tasks = selectors.update_tasks(
        selectors.actions_led_by(request.user, organisation),  # type: ignore[arg-type]
        selectors.update_periods(organisation, today),
    )
    states = [task.state(today) for task in tasks]
    outstanding = sum(1 for state in states if state in OUTSTANDING)
    overdue = states.count("overdue")
    awaiting = selectors.updates_awaiting_approval(request.user, organisation)  # type: ignore[arg-type]
    if not tasks and not awaiting:
        return None
    summary = f"You have {outstanding} action update{'s' if outstanding != 1 else ''} to make"
    summary += f", {overdue} overdue." if overdue else "."
    links = [HomeLink("My actions", reverse("delivery:my_actions"))]
    if awaiting:
        summary += (
            f" {len(awaiting)} {'are' if len(awaiting) != 1 else 'is'} waiting for your approval."
        )
        links.append(HomeLink("Approve action updates", reverse("delivery:update_approvals")))
    return HomePanel(title="Action updates", summary=summary, links=links, order=20)
