"""Writes for finance: budget lines and settings, the savings programme, the budget monitoring
returns workflow (draft → submitted → approved; send back or reopen with a reason) and
carry-forward decisions. Who may act is decided in accounts.permissions; the arithmetic is
calculations.finance."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.calculations.finance import variance, variance_rag
from goldenthread.calculations.rag import RagStatus
from goldenthread.finance.models import (
    BudgetLine,
    BudgetReturn,
    CarryForward,
    FinanceSettings,
    SavingsItem,
)
from goldenthread.strategy.models import ReportingPeriod

Status = BudgetReturn.Status


def finance_settings_for(organisation: Organisation) -> FinanceSettings:
    """The organisation's settings, made with the defaults the first time they are asked for."""
    found, _created = FinanceSettings.objects.get_or_create(organisation=organisation)
    return found


def _require_manager(user: User, organisation: Organisation) -> None:
    if not permissions.can_manage_finance(user, organisation):
        raise PermissionDenied("Only the finance service and performance admins manage budgets.")


@transaction.atomic
def finance_settings_save(*, settings: FinanceSettings, user: User) -> FinanceSettings:
    _require_manager(user, settings.organisation)
    settings.full_clean()
    if settings.amber_percent > settings.red_percent:
        raise ValidationError({"amber_percent": "The amber threshold must not be above red."})
    settings.save()
    return settings


@transaction.atomic
def budget_line_save(*, line: BudgetLine, user: User) -> BudgetLine:
    """Adds or changes a budget line of the MTFP."""
    _require_manager(user, line.organisation)
    if line.org_unit.organisation_id != line.organisation_id:
        raise ValidationError({"org_unit": "Choose a unit of this organisation."})
    for name in ("theme", "objective"):
        linked = getattr(line, name)
        if linked is not None and linked.organisation_id != line.organisation_id:
            raise ValidationError({name: f"Choose a {name} of this organisation."})
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def savings_item_save(*, item: SavingsItem, user: User) -> SavingsItem:
    _require_manager(user, item.organisation)
    if item.org_unit.organisation_id != item.organisation_id:
        raise ValidationError({"org_unit": "Choose a unit of this organisation."})
    item.full_clean()
    item.save()
    return item


# Budget monitoring returns ----------------------------------------------------------------


def unit_budget(unit: OrgUnit, year: int) -> Decimal:
    """The unit's net budget for the year: its own lines and those of the units below it."""
    from goldenthread.accounts.selectors import unit_descendants

    units = unit_descendants(unit.organisation, unit.pk)
    total = BudgetLine.objects.filter(org_unit_id__in=units, year=year).aggregate(
        total=Sum("amount")
    )["total"]
    return total or Decimal(0)


def budget_return_rag(budget_return: BudgetReturn) -> RagStatus:
    settings = finance_settings_for(budget_return.org_unit.organisation)
    return variance_rag(budget_return.budget, budget_return.forecast, settings.thresholds)


@dataclass(frozen=True)
class BudgetReturnData:
    forecast: Decimal
    commentary: str = ""
    management_action: str = ""


@transaction.atomic
def budget_return_save(
    *, budget_return: BudgetReturn, data: BudgetReturnData, user: User, submit: bool = False
) -> BudgetReturn:
    """Saves a draft, and submits it when asked. Commentary is required to submit an amber
    or red forecast, and management action for a red one."""
    unit = budget_return.org_unit
    if not permissions.can_enter_budget_return(user, unit):
        raise PermissionDenied("Only the unit's budget holders can complete its return.")
    if budget_return.period.frequency != ReportingPeriod.Frequency.QUARTERLY:
        raise ValidationError("Budget monitoring returns are quarterly.")
    locked = BudgetReturn.objects.select_for_update().filter(pk=budget_return.pk).first()
    if locked is not None and locked.status != Status.DRAFT:
        raise ValidationError(
            f"This return is {locked.get_status_display().lower()}; it can no longer be changed."
        )
    budget_return.budget = unit_budget(unit, budget_return.period.year)
    budget_return.forecast = data.forecast.quantize(Decimal("0.01"))
    budget_return.commentary = data.commentary.strip()
    budget_return.management_action = data.management_action.strip()
    if submit:
        rag = budget_return_rag(budget_return)
        errors = {}
        if rag in {RagStatus.AMBER, RagStatus.RED} and not budget_return.commentary:
            result = variance(budget_return.budget, budget_return.forecast)
            errors["commentary"] = (
                f"The forecast is {rag.value} (variance £{result.amount:,.0f}): explain it in "
                "the commentary."
            )
        if rag == RagStatus.RED and not budget_return.management_action:
            errors["management_action"] = (
                "The forecast is red: say what management action will bring it back to budget."
            )
        if errors:
            raise ValidationError(errors)
        budget_return.status = Status.SUBMITTED
        budget_return.submitted_by = user
        budget_return.submitted_at = timezone.now()
        budget_return.sent_back_reason = ""
    budget_return.save()
    return budget_return


@transaction.atomic
def budget_return_approve(*, budget_return: BudgetReturn, user: User) -> BudgetReturn:
    locked = BudgetReturn.objects.select_for_update().get(pk=budget_return.pk)
    if not permissions.can_approve_budget_return(user, locked.org_unit):
        raise PermissionDenied("Only a head of service or manager over this unit can approve it.")
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only submitted returns can be approved; this one is {locked.get_status_display()}."
        )
    locked.status = Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save()
    return locked


@transaction.atomic
def budget_return_send_back(
    *, budget_return: BudgetReturn, user: User, reason: str
) -> BudgetReturn:
    locked = BudgetReturn.objects.select_for_update().get(pk=budget_return.pk)
    if not permissions.can_approve_budget_return(user, locked.org_unit):
        raise PermissionDenied("Only a head of service or manager over this unit can send it back.")
    if locked.status != Status.SUBMITTED:
        raise ValidationError("Only submitted returns can be sent back.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being sent back."})
    locked.status = Status.DRAFT
    locked.sent_back_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def budget_return_reopen(*, budget_return: BudgetReturn, user: User, reason: str) -> BudgetReturn:
    """Reopens an approved return for correction; the reason is kept in its history."""
    locked = BudgetReturn.objects.select_for_update().get(pk=budget_return.pk)
    if not permissions.can_approve_budget_return(user, locked.org_unit):
        raise PermissionDenied("Only an approver over this unit can reopen it.")
    if locked.status != Status.APPROVED:
        raise ValidationError("Only approved returns can be reopened.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being reopened."})
    locked.status = Status.DRAFT
    locked.sent_back_reason = f"Reopened: {reason.strip()}"
    locked._change_reason = reason.strip()  # type: ignore[attr-defined]  # kept by simple-history
    locked.save()
    return locked


# Carry-forward requests --------------------------------------------------------------------


@transaction.atomic
def carry_forward_request(
    *, unit: OrgUnit, year: int, kind: str, amount: Decimal, business_case: str, user: User
) -> CarryForward:
    """A budget holder asks to carry an underspend forward, or to fund an overspend from
    next year's budget."""
    if not permissions.can_enter_budget_return(user, unit):
        raise PermissionDenied("Only the unit's budget holders can ask for a carry-forward.")
    errors = {}
    if kind not in CarryForward.Kind.values:
        errors["kind"] = "Choose whether this carries an underspend or funds an overspend."
    if amount is None or amount <= 0:
        errors["amount"] = "Enter an amount in pounds greater than zero."
    if len(business_case.strip()) < 20:
        errors["business_case"] = "Set out the business case: what the money is for and why."
    if errors:
        raise ValidationError(errors)
    return CarryForward.objects.create(
        org_unit=unit,
        year=year,
        kind=kind,
        amount=amount,
        business_case=business_case.strip(),
        requested_by=user,
    )


@transaction.atomic
def carry_forward_decide(
    *, request: CarryForward, approve: bool, note: str, user: User
) -> CarryForward:
    """The finance service's decision, recorded with who made it, when and why."""
    locked = CarryForward.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_manage_finance(user, locked.org_unit.organisation):
        raise PermissionDenied("Only the finance service decides carry-forward requests.")
    if locked.status != CarryForward.Status.REQUESTED:
        raise ValidationError(f"This request has already been {locked.get_status_display()}.")
    if not approve and not note.strip():
        raise ValidationError({"note": "Say why the request is rejected."})
    locked.status = CarryForward.Status.APPROVED if approve else CarryForward.Status.REJECTED
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.save()
    return locked
