"""Writes for risks: saving risks and controls, escalation to the corporate register and back,
and the quarterly risk return (owners' reviews, submission, sign-off, the senior management
team's review and the audit committee's approval).

Rules about who may act live in accounts.permissions; scoring rules in calculations.risk.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import User
from goldenthread.calculations import risk as scoring
from goldenthread.risks import selectors
from goldenthread.risks.models import (
    Control,
    Register,
    Risk,
    RiskEscalation,
    RiskObjective,
    RiskReturn,
    RiskReview,
)
from goldenthread.strategy.models import Objective

Status = RiskReturn.Status


# Risks and controls --------------------------------------------------------------------


@transaction.atomic
def risk_save(
    *,
    risk: Risk,
    user: User,
    objectives: list[tuple[Objective, str]] | None = None,
) -> Risk:
    """Saves a new or changed risk; when given, replaces the objectives it is linked to."""
    allowed = (
        permissions.can_edit_risk(user, risk)
        if risk.pk
        else permissions.can_add_risk(user, risk.register)
    )
    if not allowed:
        raise PermissionDenied("You cannot change risks on this register.")
    if risk.pk:
        stored = Risk.objects.select_for_update().get(pk=risk.pk)
        if (stored.register_id, stored.escalated_from_id) != (
            risk.register_id,
            risk.escalated_from_id,
        ):
            raise ValidationError(
                {"register": "Move a risk between registers by escalating or de-escalating it."}
            )
    risk.full_clean()
    risk._history_user = user  # type: ignore[attr-defined]  # kept by simple-history
    risk.save()
    if objectives is not None:
        keep = {objective.pk for objective, _kind in objectives}
        risk.objective_links.exclude(objective_id__in=keep).delete()
        for objective, kind in objectives:
            if objective.organisation_id != risk.organisation_id:
                raise ValidationError("Link risks to objectives of the same organisation.")
            RiskObjective.objects.update_or_create(
                risk=risk, objective=objective, defaults={"kind": kind}
            )
    return risk


def control_add(*, risk: Risk, description: str, effectiveness: str, user: User) -> Control:
    if not permissions.can_edit_risk(user, risk):
        raise PermissionDenied("Only the risk's owner or a manager over it can add controls.")
    control = Control(risk=risk, description=description.strip(), effectiveness=effectiveness)
    control.full_clean()
    control.save()
    return control


# Escalation ----------------------------------------------------------------------------


@transaction.atomic
def risk_escalate(*, risk: Risk, user: User, reason: str, on: date | None = None) -> RiskEscalation:
    """Moves a directorate or service risk to the corporate register, remembering where it came
    from so it can go back."""
    locked = Risk.objects.select_for_update().select_related("register").get(pk=risk.pk)
    if not permissions.can_escalate_risk(user, locked):
        raise PermissionDenied(
            "Only a head of service over this risk or a senior leader can escalate it."
        )
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk is being escalated."})
    if not locked.is_open:
        raise ValidationError("A closed risk cannot be escalated.")
    if locked.register.is_corporate:
        raise ValidationError("This risk is already on the corporate register.")
    corporate = selectors.corporate_register(locked.organisation)
    if corporate is None:
        raise ValidationError("There is no corporate risk register to escalate to.")
    escalation = RiskEscalation.objects.create(
        risk=locked,
        from_register=locked.register,
        to_register=corporate,
        direction=RiskEscalation.Direction.ESCALATE,
        reason=reason.strip(),
        decided_by=user,
        decided_on=on or timezone.localdate(),
    )
    locked.escalated_from = locked.register
    locked.register = corporate
    locked._change_reason = f"Escalated: {reason.strip()}"  # type: ignore[attr-defined]
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save()
    return escalation


@transaction.atomic
def risk_de_escalate(
    *,
    risk: Risk,
    user: User,
    reason: str,
    to_register: Register | None = None,
    on: date | None = None,
) -> RiskEscalation:
    """Moves a risk off the corporate register: back to the register it was escalated from,
    or, for a risk that began on the corporate register, to the directorate register given."""
    # Only the risk's row is locked: PostgreSQL cannot lock the nullable side of the outer
    # join to the register it was escalated from.
    locked = (
        Risk.objects.select_for_update(of=("self",))
        .select_related("register", "escalated_from")
        .get(pk=risk.pk)
    )
    if not permissions.can_de_escalate_risk(user, locked):
        raise PermissionDenied("Only the senior management team can de-escalate a risk.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the risk is being de-escalated."})
    if not locked.register.is_corporate:
        raise ValidationError("Only a risk on the corporate register can be de-escalated.")
    target = locked.escalated_from or to_register
    if target is None:
        raise ValidationError(
            {"to_register": "Choose the directorate or service register the risk moves to."}
        )
    if target.organisation_id != locked.organisation_id or target.is_corporate:
        raise ValidationError(
            {"to_register": "Choose a directorate or service register of this organisation."}
        )
    escalation = RiskEscalation.objects.create(
        risk=locked,
        from_register=locked.register,
        to_register=target,
        direction=RiskEscalation.Direction.DE_ESCALATE,
        reason=reason.strip(),
        decided_by=user,
        decided_on=on or timezone.localdate(),
    )
    locked.register = target
    locked.escalated_from = None
    locked._change_reason = f"De-escalated: {reason.strip()}"  # type: ignore[attr-defined]
    locked._history_user = user  # type: ignore[attr-defined]
    locked.save()
    return escalation


# The quarterly risk return -------------------------------------------------------------


def _check_returnable(risk_return: RiskReturn) -> None:
    if risk_return.register.kind not in selectors.RETURNABLE:
        raise ValidationError(
            "Service registers are reviewed in their directorate's quarterly return."
        )
    if risk_return.period.frequency != "quarterly":
        raise ValidationError("Risk returns are made for quarters.")
    if risk_return.period.organisation_id != risk_return.register.organisation_id:
        raise ValidationError("The quarter belongs to another organisation.")


def _reviews_of(risk_return: RiskReturn) -> QuerySet[RiskReview]:
    """The return's reviews, whether or not the return has been saved yet."""
    return RiskReview.objects.filter(
        risk_return__register=risk_return.register, risk_return__period=risk_return.period
    )


def _locked_draft(risk_return: RiskReturn) -> RiskReturn:
    """The return, created if need be and locked; refuses one that is no longer a draft."""
    if risk_return.pk is None:
        _check_returnable(risk_return)
        risk_return.save()
    locked = RiskReturn.objects.select_for_update().get(pk=risk_return.pk)
    if locked.status != Status.DRAFT:
        raise ValidationError(
            f"This return is {locked.get_status_display().lower()}; it can no longer be changed."
        )
    return locked


@transaction.atomic
def risk_review_save(
    *,
    risk_return: RiskReturn,
    risk: Risk,
    likelihood: int,
    impact: int,
    reason: str,
    control_changes: str,
    user: User,
) -> RiskReview:
    """The owner's review of one risk for the quarter. Records the residual score before (the
    first time) and after, and brings the risk's residual score up to date."""
    if not permissions.can_edit_risk(user, risk):
        raise PermissionDenied("Only the risk's owner or a manager over it can review it.")
    _check_returnable(risk_return)
    covered = selectors.risks_for_return(risk_return.register, risk_return.period)
    if not covered.filter(pk=risk.pk).exists():
        raise ValidationError(f"{risk.reference} is not in this return.")
    errors = {
        name: f"Choose a {name} from 1 to 5."
        for name, rating in (("likelihood", likelihood), ("impact", impact))
        if rating not in scoring.RATINGS
    }
    if errors:
        raise ValidationError(errors)
    review = _reviews_of(risk_return).filter(risk=risk).first() or RiskReview(
        risk=risk,
        previous_likelihood=risk.residual_likelihood,
        previous_impact=risk.residual_impact,
    )
    review.likelihood, review.impact = likelihood, impact
    review.reason, review.control_changes = reason.strip(), control_changes.strip()
    if review.score_changed and not review.reason:
        raise ValidationError(
            {"reason": f"The score has changed from {review.previous_score} to {review.score}: "
             "say why."}
        )  # fmt: skip
    locked = _locked_draft(risk_return)  # made only once the review is known to be right
    review.risk_return = locked
    review.reviewed_by = user
    review.reviewed_at = timezone.now()
    review.save()
    if (risk.residual_likelihood, risk.residual_impact) != (likelihood, impact):
        risk.residual_likelihood, risk.residual_impact = likelihood, impact
        risk._change_reason = f"Reviewed for {locked.period.label}"  # type: ignore[attr-defined]
        risk._history_user = user  # type: ignore[attr-defined]
        risk.save(update_fields=["residual_likelihood", "residual_impact"])
    return review


@transaction.atomic
def risk_return_submit(*, risk_return: RiskReturn, user: User, commentary: str) -> RiskReturn:
    """Submits the return for sign-off once every open risk in it has been reviewed."""
    if not permissions.can_submit_risk_return(user, risk_return):
        raise PermissionDenied("You cannot submit this register's risk return.")
    reviewed = set(_reviews_of(risk_return).values_list("risk_id", flat=True))
    missing = [
        risk.reference
        for risk in selectors.risks_for_return(risk_return.register, risk_return.period)
        if risk.is_open and risk.pk not in reviewed
    ]
    if missing:
        raise ValidationError(
            f"Review every open risk before submitting: {', '.join(missing)} "
            f"{'has' if len(missing) == 1 else 'have'} not been reviewed."
        )
    locked = _locked_draft(risk_return)  # reviews are never removed, so the check stands
    locked.commentary = commentary.strip()
    locked.status = Status.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.sent_back_reason = ""
    locked.save()
    return locked


def _locked(risk_return: RiskReturn) -> RiskReturn:
    return (
        RiskReturn.objects.select_for_update()
        .select_related("register__organisation", "period")
        .get(pk=risk_return.pk)
    )


@transaction.atomic
def risk_return_approve(*, risk_return: RiskReturn, user: User) -> RiskReturn:
    locked = _locked(risk_return)
    if not permissions.can_approve_risk_return(user, locked):
        raise PermissionDenied("Only the director or a head of service can approve this return.")
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
def risk_return_send_back(*, risk_return: RiskReturn, user: User, reason: str) -> RiskReturn:
    locked = _locked(risk_return)
    if not permissions.can_approve_risk_return(user, locked):
        raise PermissionDenied("Only the director or a head of service can send this return back.")
    if locked.status != Status.SUBMITTED:
        raise ValidationError("Only submitted returns can be sent back.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the return is being sent back."})
    locked.status = Status.DRAFT
    locked.sent_back_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def risk_return_record_smt_review(
    *, risk_return: RiskReturn, user: User, reviewed_on: date, outcome: str
) -> RiskReturn:
    """The senior management team's review of an approved return: its date and outcome."""
    locked = _locked(risk_return)
    if not permissions.can_record_risk_governance(user, locked.register.organisation):
        raise PermissionDenied("Only performance admins and senior leaders can record this.")
    if locked.status != Status.APPROVED:
        raise ValidationError(
            "The senior management team reviews a return once it has been approved."
        )
    errors = {}
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = "The review date cannot be in the future."
    elif locked.approved_at and reviewed_on < timezone.localdate(locked.approved_at):
        errors["reviewed_on"] = "The review date must be on or after the return was approved."
    if not outcome.strip():
        errors["outcome"] = "Record what the senior management team decided."
    if errors:
        raise ValidationError(errors)
    locked.smt_reviewed_on = reviewed_on
    locked.smt_outcome = outcome.strip()
    locked.save()
    return locked


@transaction.atomic
def risk_return_record_audit_committee(
    *, risk_return: RiskReturn, user: User, approved_on: date
) -> RiskReturn:
    """The audit committee's approval, which follows the senior management team's review."""
    locked = _locked(risk_return)
    if not permissions.can_record_risk_governance(user, locked.register.organisation):
        raise PermissionDenied("Only performance admins and senior leaders can record this.")
    if locked.smt_reviewed_on is None:
        raise ValidationError(
            "Record the senior management team's review before the audit committee's approval."
        )
    if approved_on > timezone.localdate():
        raise ValidationError({"approved_on": "The approval date cannot be in the future."})
    if approved_on < locked.smt_reviewed_on:
        raise ValidationError(
            {"approved_on": "The audit committee approves after the senior management team's "
             f"review on {locked.smt_reviewed_on.day} {locked.smt_reviewed_on:%B %Y}."}
        )  # fmt: skip
    locked.audit_committee_approved_on = approved_on
    locked.save()
    return locked
