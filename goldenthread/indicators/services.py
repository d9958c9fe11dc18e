"""Writes for indicators: definitions, targets, and the returns workflow
(draft → submitted → approved → locked when published; approvers may send a return back).

Every write that judges a value uses the calculations package through `judging`;
rules about who may act live in accounts.permissions.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import User
from goldenthread.calculations.aggregation import Aggregation, ProfileMethod, profile_annual_target
from goldenthread.calculations.formula import FormulaError, dependency_order, parse_formula
from goldenthread.calculations.periods import Frequency, periods_in_year
from goldenthread.calculations.rag import RagStatus
from goldenthread.indicators import judging
from goldenthread.indicators.models import Indicator, IndicatorObjective, IndicatorReturn, Target
from goldenthread.strategy.models import Objective, Plan, ReportingPeriod

Status = IndicatorReturn.Status


# Definitions ---------------------------------------------------------------------------


def indicator_formula_check(*, indicator: Indicator) -> None:
    """A calculated indicator's formula must parse, name indicators of the same organisation
    and frequency, and not depend on itself."""
    if not indicator.is_calculated:
        return
    try:
        formula = parse_formula(indicator.formula)
    except FormulaError as error:
        raise ValidationError({"formula": str(error)}) from error
    inputs = dict(
        Indicator.objects.filter(
            organisation=indicator.organisation, code__in=formula.references
        ).values_list("code", "frequency")
    )
    missing = sorted(formula.references - inputs.keys())
    if missing:
        raise ValidationError({"formula": f"No indicator has the code {', '.join(missing)}."})
    other = sorted(code for code, frequency in inputs.items() if frequency != indicator.frequency)
    if other:
        raise ValidationError(
            {
                "formula": f"{', '.join(other)} reported at a different frequency; use inputs "
                f"reported {indicator.frequency}."
            }
        )
    formulas = {
        code: parse_formula(text)
        for code, text in Indicator.objects.filter(organisation=indicator.organisation)
        .exclude(formula="")
        .exclude(pk=indicator.pk)
        .values_list("code", "formula")
    }
    formulas[indicator.code] = formula
    try:
        dependency_order(formulas)
    except FormulaError as error:
        raise ValidationError({"formula": str(error)}) from error


@transaction.atomic
def indicator_save(
    *,
    indicator: Indicator,
    objectives: list[tuple[Objective, str]] | None = None,
) -> Indicator:
    """Saves the proforma; when given, replaces the objectives it measures (the thread)."""
    indicator.full_clean()
    indicator_formula_check(indicator=indicator)
    indicator.save()
    if objectives is not None:
        keep = {objective.pk for objective, _kind in objectives}
        indicator.objective_links.exclude(objective_id__in=keep).delete()
        for objective, kind in objectives:
            if objective.organisation_id != indicator.organisation_id:
                raise ValidationError("Link indicators to objectives of the same organisation.")
            IndicatorObjective.objects.update_or_create(
                indicator=indicator, objective=objective, defaults={"kind": kind}
            )
    return indicator


def indicator_sign_off(*, indicator: Indicator, user: User) -> Indicator:
    """The head of service signs off the proforma (definition, target and its rationale)."""
    if not permissions.can_approve(user, indicator.organisation, unit_id=indicator.org_unit_id):
        raise PermissionDenied("Only a head of service over this indicator can sign it off.")
    indicator.signed_off_by = user
    indicator.signed_off_on = timezone.localdate()
    indicator.save(update_fields=["signed_off_by", "signed_off_on"])
    return indicator


# Targets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetValues:
    value: Decimal | None = None
    band_lower: Decimal | None = None
    band_upper: Decimal | None = None
    tolerance: Decimal | None = None
    tolerance_is_percentage: bool = False
    comparator: str = ""
    comparator_margin: Decimal | None = None


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    period: ReportingPeriod,
    values: TargetValues,
    user: User | None,
    plan: Plan | None = None,
    reason: str = "",
) -> Target:
    """Adds a new version of the period's target. Earlier versions are kept, so returns
    approved against them keep being judged against what applied then."""
    if period.organisation_id != indicator.organisation_id:
        raise ValidationError("The period belongs to another organisation.")
    if indicator.polarity == "band":
        if values.band_lower is None or values.band_upper is None:
            raise ValidationError("A within-band indicator needs both ends of the band.")
        if values.band_lower > values.band_upper:
            raise ValidationError("The band's lower end must not be above its upper end.")
    elif values.value is None and not values.comparator:
        raise ValidationError("Enter a target value.")
    latest = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, period=period)
        .order_by("-version")
        .first()
    )
    if latest is not None and not reason:
        raise ValidationError("Say why the target is being revised.")
    return Target.objects.create(
        indicator=indicator,
        period=period,
        version=(latest.version + 1) if latest else 1,
        plan=plan,
        set_by=user,
        reason=reason,
        **values.__dict__,
    )


@transaction.atomic
def targets_profile_annual(
    *,
    indicator: Indicator,
    year: int,
    annual: Decimal,
    method: ProfileMethod,
    weights: list[Decimal] | None,
    tolerance: Decimal | None,
    tolerance_is_percentage: bool,
    user: User | None,
    reason: str = "",
) -> list[Target]:
    """Sets the year's target and profiles it across the indicator's periods (even,
    seasonal by weights, or entered separately), so the periods add back to the year."""
    organisation = indicator.organisation
    year_period = ReportingPeriod.objects.get(
        organisation=organisation, frequency="annual", year=year
    )
    frequency = Frequency(indicator.frequency)
    periods = list(
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency=indicator.frequency, year=year
        ).order_by("number")
    )
    if len(periods) != periods_in_year(frequency):
        raise ValidationError(f"The {year} reporting periods are not set up.")
    quantum = Decimal(1).scaleb(-indicator.decimal_places)
    shares = profile_annual_target(
        annual,
        len(periods),
        method=method,
        weights=weights,
        rule=Aggregation(indicator.aggregation),
        quantum=quantum,
    )
    common = {"tolerance": tolerance, "tolerance_is_percentage": tolerance_is_percentage}
    made = [
        _target_revise(indicator, year_period, TargetValues(value=annual, **common), user, reason)
    ]
    for period, share in zip(periods, shares, strict=True):
        made.append(
            _target_revise(indicator, period, TargetValues(value=share, **common), user, reason)
        )
    return made


def _target_revise(
    indicator: Indicator,
    period: ReportingPeriod,
    values: TargetValues,
    user: User | None,
    reason: str,
) -> Target:
    exists = Target.objects.filter(indicator=indicator, period=period).exists()
    return target_set(
        indicator=indicator,
        period=period,
        values=values,
        user=user,
        reason=reason or ("Profiled from the annual target" if exists else ""),
    )


# Returns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnData:
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    narrative: str = ""
    judgement: str = ""
    commentary: str = ""
    remedial_action: str = ""
    source_quoted: str = ""
    prepared_by: str = ""
    prepared_on: object = None
    method_followed: bool = True
    outlier_explanation: str = ""
    outlier_confirmed: bool = False


def return_validate_value(indicator: Indicator, data: ReturnData) -> dict[str, str]:
    """Type and range checks, as field name → message."""
    errors: dict[str, str] = {}
    if indicator.is_qualitative:
        if not data.narrative.strip():
            errors["narrative"] = "Describe what happened this period."
        return errors
    value = data.value
    if value is None and data.numerator is not None and data.denominator is not None:
        return errors  # worked out from the numerator and denominator
    if value is None:
        errors["value"] = "Enter the value for this period."
        return errors
    if indicator.unit == Indicator.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        errors["value"] = "A percentage must be between 0 and 100."
    elif (
        indicator.unit
        in {
            Indicator.Unit.NUMBER,
            Indicator.Unit.DAYS,
            Indicator.Unit.RATE_PER_1000,
            Indicator.Unit.RATE_PER_100000,
        }
        and value < 0
    ):
        errors["value"] = f"A {indicator.get_unit_display().lower()} cannot be negative."
    if data.denominator is not None and data.denominator == 0:
        errors["denominator"] = "The denominator cannot be zero."
    return errors


def return_value_from_parts(indicator: Indicator, data: ReturnData) -> Decimal | None:
    """The value, or numerator ÷ denominator (× 100 for a percentage) when only those are given."""
    if data.value is not None or data.numerator is None or not data.denominator:
        return data.value
    ratio = data.numerator / data.denominator
    if indicator.unit == Indicator.Unit.PERCENT:
        ratio *= 100
    elif indicator.unit == Indicator.Unit.RATE_PER_1000:
        ratio *= 1000
    elif indicator.unit == Indicator.Unit.RATE_PER_100000:
        ratio *= 100_000
    return ratio.quantize(Decimal(1).scaleb(-6))


def return_outlier_check(indicator_return: IndicatorReturn) -> str:
    """Why the value looks unusual (outside the SPC process limits of past approved values,
    or far from the trend), or "" when it does not."""
    from goldenthread.indicators.selectors import expected_range

    if indicator_return.value is None:
        return ""
    low, high = expected_range(indicator_return.indicator, indicator_return.period)
    if low is None or high is None:
        return ""
    value = float(indicator_return.value)
    if value < low or value > high:
        unit = indicator_return.indicator
        return (
            f"{unit.format_value(indicator_return.value)} is outside the range past values "
            f"suggest ({unit.format_value(Decimal(str(round(low, 6))))} to "
            f"{unit.format_value(Decimal(str(round(high, 6))))})."
        )
    return ""


def _current_target(indicator_return: IndicatorReturn) -> Target | None:
    return judging.target_in_force(
        list(
            Target.objects.filter(
                indicator=indicator_return.indicator, period=indicator_return.period
            )
        ),
        None,
    )


@transaction.atomic
def return_save(
    *,
    indicator_return: IndicatorReturn,
    data: ReturnData,
    user: User,
    submit: bool = False,
) -> IndicatorReturn:
    """Saves a draft, and submits it when asked. Raises ValidationError naming each field.

    On submission: commentary is required when the value is amber or red, a remedial
    action when red, and an explanation with confirmation when the value is unusual.
    """
    indicator = indicator_return.indicator
    if not permissions.can_enter_return(user, indicator):
        raise PermissionDenied(
            "You are not the lead officer or a named updater for this indicator."
        )
    locked = IndicatorReturn.objects.select_for_update().filter(pk=indicator_return.pk).first()
    if locked is not None and locked.status != Status.DRAFT:
        raise ValidationError(
            f"This return is {locked.get_status_display().lower()}; it can no longer be changed."
        )
    errors = return_validate_value(indicator, data)
    if errors:
        raise ValidationError(errors)
    for name, value in data.__dict__.items():
        setattr(indicator_return, name, value)
    indicator_return.value = return_value_from_parts(indicator, data)
    if submit:
        _check_submission(indicator_return)
        indicator_return.status = Status.SUBMITTED
        indicator_return.submitted_by = user
        indicator_return.submitted_at = timezone.now()
        indicator_return.sent_back_reason = ""
    indicator_return.save()
    return indicator_return


def _check_submission(indicator_return: IndicatorReturn) -> None:
    indicator = indicator_return.indicator
    errors: dict[str, str] = {}
    rag = judging.judge(
        indicator,
        indicator_return.value,
        _current_target(indicator_return),
        judgement=indicator_return.judgement,
    ).status
    if indicator.is_qualitative and not indicator_return.judgement:
        errors["judgement"] = "Give your judgement: on track, some concern or off track."
    if rag in {RagStatus.AMBER, RagStatus.RED} and not indicator_return.commentary.strip():
        errors["commentary"] = f"The value is {rag.value}: explain why in the commentary."
    if rag == RagStatus.RED and not indicator_return.remedial_action.strip():
        errors["remedial_action"] = "The value is red: say what remedial action is being taken."
    unusual = "" if indicator.is_qualitative else return_outlier_check(indicator_return)
    if unusual and not (
        indicator_return.outlier_confirmed and indicator_return.outlier_explanation.strip()
    ):
        errors["outlier_explanation"] = (
            f"{unusual} Check the figure, then confirm it and explain why it is unusual."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def return_approve(*, indicator_return: IndicatorReturn, user: User) -> IndicatorReturn:
    """Head of service sign-off. Recalculates any calculated indicators that use this one."""
    locked = IndicatorReturn.objects.select_for_update().get(pk=indicator_return.pk)
    if not permissions.can_approve_return(user, locked.indicator):
        raise PermissionDenied(
            "Only a head of service or manager over this indicator can approve it."
        )
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only submitted returns can be approved; this one is {locked.get_status_display()}."
        )
    locked.status = Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save()
    calculated_returns_refresh(
        organisation_id=locked.indicator.organisation_id, period=locked.period
    )
    return locked


@transaction.atomic
def return_send_back(
    *, indicator_return: IndicatorReturn, user: User, reason: str
) -> IndicatorReturn:
    """The approver returns a submission to draft with a reason the officer sees."""
    locked = IndicatorReturn.objects.select_for_update().get(pk=indicator_return.pk)
    if not permissions.can_approve_return(user, locked.indicator):
        raise PermissionDenied(
            "Only a head of service or manager over this indicator can send it back."
        )
    if locked.status != Status.SUBMITTED:
        raise ValidationError("Only submitted returns can be sent back.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being sent back."})
    locked.status = Status.DRAFT
    locked.sent_back_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def return_reopen(*, indicator_return: IndicatorReturn, user: User, reason: str) -> IndicatorReturn:
    """Reopens an approved return for correction, with the reason recorded in its history.
    Published (locked) returns change only through a published correction."""
    locked = IndicatorReturn.objects.select_for_update().get(pk=indicator_return.pk)
    if not permissions.can_approve_return(user, locked.indicator):
        raise PermissionDenied("Only an approver over this indicator can reopen it.")
    if locked.status == Status.LOCKED:
        raise ValidationError("This return has been published; publish a correction instead.")
    if locked.status != Status.APPROVED:
        raise ValidationError("Only approved returns can be reopened.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being reopened."})
    locked.status = Status.DRAFT
    locked.sent_back_reason = f"Reopened: {reason.strip()}"
    locked._change_reason = reason.strip()  # type: ignore[attr-defined]  # kept by simple-history
    locked.save()
    return locked


def calculated_returns_refresh(*, organisation_id: int, period: ReportingPeriod) -> int:
    """Recalculates every calculated indicator for the period from its inputs' approved values,
    in dependency order. Returns how many values changed."""
    indicators = {
        i.code: i for i in Indicator.objects.filter(organisation_id=organisation_id, is_active=True)
    }
    formulas = {code: parse_formula(i.formula) for code, i in indicators.items() if i.is_calculated}
    if not formulas:
        return 0
    values = dict(
        IndicatorReturn.objects.filter(
            period=period,
            indicator__organisation_id=organisation_id,
            status__in=[Status.APPROVED, Status.LOCKED],
        ).values_list("indicator__code", "value")
    )
    changed = 0
    for code in dependency_order(formulas):
        indicator = indicators[code]
        if indicator.frequency != period.frequency:
            continue
        value = formulas[code].evaluate(values)
        values[code] = value
        existing = IndicatorReturn.objects.filter(indicator=indicator, period=period).first()
        if existing is not None and (existing.value == value or existing.status == Status.LOCKED):
            continue
        IndicatorReturn.objects.update_or_create(
            indicator=indicator,
            period=period,
            defaults={
                "value": value,
                "status": Status.APPROVED,
                "is_calculated": True,
                "approved_at": timezone.now(),
                "commentary": f"Calculated from {indicator.formula}.",
            },
        )
        changed += 1
    return changed
