"""The demo council's risks: enough registers, risks, history and states that every risk
page has something to show."""

from goldenthread.delivery.models import Action
from goldenthread.risks.models import Register, Risk, RiskEscalation, RiskReturn, RiskReview


def test_registers_and_risks(council):
    assert Register.objects.filter(organisation=council, kind="corporate").count() == 1
    assert Register.objects.filter(organisation=council, kind="directorate").count() == 4
    corporate = Risk.objects.filter(organisation=council, register__kind="corporate")
    directorate = Risk.objects.filter(organisation=council, register__kind="directorate")
    assert 22 <= corporate.count() <= 30
    assert 55 <= directorate.count() <= 65
    assert corporate.filter(kind="opportunity").exists()
    assert directorate.filter(kind="opportunity").exists()
    above = [
        r for r in Risk.objects.filter(organisation=council, status="open") if r.is_above_appetite
    ]
    assert 3 <= len(above) <= 10
    assert Risk.objects.filter(organisation=council, status="closed").count() >= 2


def test_several_quarters_of_returns_at_every_stage(council):
    returns = RiskReturn.objects.filter(register__organisation=council)
    assert returns.values("period").distinct().count() == 4
    assert {"draft", "submitted", "approved"} <= set(returns.values_list("status", flat=True))
    assert returns.filter(audit_committee_approved_on__isnull=False).exists()
    assert returns.filter(smt_reviewed_on__isnull=False, audit_committee_approved_on=None).exists()
    reviews = RiskReview.objects.filter(risk__organisation=council)
    assert reviews.count() > 200
    assert any(review.movement == "up" for review in reviews)
    assert any(review.movement == "down" for review in reviews)


def test_escalations_and_mitigating_actions(council):
    moves = RiskEscalation.objects.filter(risk__organisation=council)
    assert moves.filter(direction="escalate").count() >= 3
    assert moves.filter(direction="de_escalate").count() == 1
    assert Risk.objects.filter(organisation=council, escalated_from__isnull=False).count() >= 3
    actions = Action.objects.filter(organisation=council, source_kind="risk")
    assert actions.count() >= 10
    assert all(isinstance(action.source, Risk) for action in actions)
