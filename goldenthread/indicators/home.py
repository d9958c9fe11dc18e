"""The indicators' panels on the home page: returns to complete and returns to approve."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from goldenthread.accounts.permissions import can_view
from goldenthread.accounts.selectors import sharing_organisation
from goldenthread.home import HomeLink, HomePanel
from goldenthread.indicators import selectors

OUTSTANDING = {"sent_back", "overdue", "due_soon", "open", "draft"}


def returns_panel(request: HttpRequest) -> HomePanel | None:
    organisation = request.organisation  # type: ignore[attr-defined]
    if not can_view(request.user, organisation):
        return None
    today = timezone.localdate()
    tasks = selectors.return_tasks(
        selectors.indicators_entered_by(request.user, organisation),  # type: ignore[arg-type]
        sharing_organisation(selectors.periods_open_for_returns(organisation, today), organisation),
    )
    states = [task.state(today) for task in tasks]
    outstanding = sum(1 for state in states if state in OUTSTANDING)
    overdue = states.count("overdue")
    awaiting = selectors.returns_awaiting_approval(request.user, organisation)  # type: ignore[arg-type]
    if not tasks and not awaiting:
        return None
    summary = f"You have {outstanding} return{'s' if outstanding != 1 else ''} to complete"
    summary += f", {overdue} overdue." if overdue else "."
    links = [HomeLink("My returns", reverse("indicators:my_returns"))]
    if awaiting:
        summary += (
            f" {len(awaiting)} {'are' if len(awaiting) != 1 else 'is'} waiting for your approval."
        )
        links.append(HomeLink("Approve returns", reverse("indicators:approvals")))
    return HomePanel(title="Quarterly returns", summary=summary, links=links, order=10)
