"""The risks panel on the home page: risk returns due, and risk returns awaiting approval."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.home import HomeLink, HomePanel
from goldenthread.risks import selectors
from goldenthread.risks.models import RiskReturn

OUTSTANDING = {"sent_back", "overdue", "due_soon", "open", "draft"}


def risk_returns_panel(request: HttpRequest) -> HomePanel | None:
    organisation = request.organisation  # type: ignore[attr-defined]
    user = request.user
    if not permissions.can_view(user, organisation):
        return None
    today = timezone.localdate()
    due = [
        task
        for task in selectors.return_tasks_open(organisation, today)
        if task.state(today) in OUTSTANDING
        and permissions.can_submit_risk_return(
            user, task.risk_return or RiskReturn(register=task.register, period=task.period)
        )
    ]
    awaiting = selectors.risk_returns_awaiting_approval(user, organisation)  # type: ignore[arg-type]
    if not due and not awaiting:
        return None
    links = [
        HomeLink(
            f"{task.register.name} {task.period.label}",
            reverse("risks:return_detail", args=[task.register.pk, task.period.pk]),
            hint=f"Due {task.window.deadline.day} {task.window.deadline:%B %Y}"
            + (", overdue" if task.state(today) == "overdue" else ""),
        )
        for task in due
    ]
    links += [
        HomeLink(
            f"Approve {risk_return.register.name} {risk_return.period.label}",
            risk_return.get_absolute_url(),
            hint=f"Submitted by {risk_return.submitted_by}" if risk_return.submitted_by else "",
        )
        for risk_return in awaiting
    ]
    parts = []
    if due:
        parts.append(f"{len(due)} risk return{'s' if len(due) != 1 else ''} to complete")
    if awaiting:
        parts.append(f"{len(awaiting)} waiting for your approval")
    return HomePanel(
        title="Quarterly risk returns",
        summary=f"{' and '.join(parts).capitalize()}.",
        links=links,
        order=20,
    )
