"""Who may use the finance pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py).

Budget monitoring is the council's unpublished information: every person of the council may
read it (overview, a unit's budget and returns, the MTFP, savings, carry-forwards). Entering
a unit's return and asking for a carry-forward is for its budget holders (heads of service
and managers over it) and the people who manage finance; sign-off is for the approvers over
the unit; the MTFP, savings programme, settings and carry-forward decisions are the finance
service's, senior leaders' and performance admins' (`permissions.can_manage_finance`).

The sampled unit is Housing, the head of service's own service, which holds the budget lines
and makes the returns (Estate Management, below it, holds no budget lines in the demo). The
officer works in it but holds no budget; the head of service holds it but does not manage
finance (the demo's finance service is head.finance's).
"""

from typing import Any

from goldenthread.accounts.models import OrgUnit
from goldenthread.finance import selectors
from goldenthread.finance.models import BudgetLine, BudgetReturn, CarryForward, SavingsItem
from goldenthread.tests.matrix import (
    ADMIN,
    APPROVERS,
    DIRECTOR,
    HEAD,
    REFUSED,
    Rule,
    Samples,
    members,
    obj,
    only,
)

# Budget holders of the Housing unit, and whoever manages finance (the director as a senior
# leader, the performance admin); the officer holds no budget.
BUDGET_HOLDERS = (HEAD, DIRECTOR, ADMIN)
# The finance service, senior leaders and performance admins: not the head of Housing.
FINANCE = (DIRECTOR, ADMIN)

RULES: dict[str, Rule] = {
    "finance:overview": Rule(members()),
    "finance:approvals": Rule(members()),  # lists only the returns each person may approve
    "finance:mtfp": Rule(members()),
    "finance:savings": Rule(members()),
    "finance:carry_forwards": Rule(members()),
    "finance:resources": Rule(members()),
    "finance:unit": Rule(members(other=REFUSED), kwargs=obj(pk="budget_unit")),
    # Everyone of the council may read the return; only its budget holders save it.
    "finance:return_edit": Rule(
        members(other=REFUSED),
        post=only(*BUDGET_HOLDERS),
        kwargs=obj(pk="budget_unit", period_pk="budget_period"),
    ),
    # Sign-off: the head of service over the unit and senior leaders. A performance admin
    # manages finance but does not approve a service's return.
    "finance:return_decision": Rule(
        only(),
        post=only(*APPROVERS),
        kwargs=obj(pk="budget_unit", period_pk="budget_period"),
        extra={"decision": "approve"},
    ),
    "finance:carry_forward_request": Rule(only(*BUDGET_HOLDERS), kwargs=obj(pk="budget_unit")),
    # Anyone of the council may read a request; only the finance service decides it.
    "finance:carry_forward_detail": Rule(
        members(other=REFUSED), post=only(*FINANCE), kwargs=obj(pk="carry_forward")
    ),
    # The MTFP's lines, the savings programme and the settings: not the budget holders.
    "finance:line_add": Rule(only(*FINANCE)),
    "finance:line_edit": Rule(only(*FINANCE), kwargs=obj(pk="budget_line")),
    "finance:line_import": Rule(only(*FINANCE)),
    "finance:savings_add": Rule(only(*FINANCE)),
    "finance:savings_edit": Rule(only(*FINANCE), kwargs=obj(pk="savings_item")),
    "finance:settings": Rule(only(*FINANCE)),
    "finance:monitoring_export": Rule(
        members(other=REFUSED), kwargs=obj(period_pk="budget_period"), extra={"fmt": "csv"}
    ),
}


def _budget_unit(samples: Samples) -> Any:
    return OrgUnit.objects.get(organisation=samples.council, name="Housing")


def _budget_return(samples: Samples) -> Any:
    # Housing's latest return, put back to submitted so approving it is a real decision.
    latest = (
        BudgetReturn.objects.filter(org_unit=samples.budget_unit)
        .order_by("-period__start_date")
        .first()
    )
    BudgetReturn.objects.filter(pk=latest.pk).update(status=BudgetReturn.Status.SUBMITTED)
    return latest


def _budget_period(samples: Samples) -> Any:
    return samples.budget_return.period_id


def _budget_line(samples: Samples) -> Any:
    return (
        BudgetLine.objects.filter(
            org_unit=samples.budget_unit, year=selectors.financial_year(samples.council)
        )
        .order_by("code")
        .first()
    )


def _savings_item(samples: Samples) -> Any:
    return SavingsItem.objects.filter(organisation=samples.council).order_by("reference").first()


def _carry_forward(samples: Samples) -> Any:
    # A request still awaiting the finance service's decision.
    return (
        CarryForward.objects.filter(
            org_unit__organisation=samples.council, status=CarryForward.Status.REQUESTED
        )
        .order_by("pk")
        .first()
    )


SAMPLES = {
    "budget_unit": _budget_unit,
    "budget_return": _budget_return,
    "budget_period": _budget_period,
    "budget_line": _budget_line,
    "savings_item": _savings_item,
    "carry_forward": _carry_forward,
}
