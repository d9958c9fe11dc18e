"""Who may use the API and its pages: this app's part of the permission matrix
(goldenthread/tests/test_permission_matrix.py).

The matrix's clients are signed in by session, which the API accepts as a token would be.
Every endpoint needs a signed-in person of an organisation: visitors get 401. Reads are scoped
to the caller's organisation, so another council's officer lists their own (empty) data and
gets a 404 for any of this council's objects. Writes go through the same services, and so the
same permission checks, as the web forms; an empty body that passes them is refused with a 400
(which the matrix counts as allowed).
"""

from typing import Any

from goldenthread.accounts.models import User
from goldenthread.api import services
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.risks.models import RiskReview
from goldenthread.tests.matrix import (
    ADMIN,
    ALLOWED,
    APPROVERS,
    HEAD,
    OFFICER,
    REFUSED,
    USERNAMES,
    Rule,
    Samples,
    everyone,
    members,
    obj,
    only,
)

# Reads: every person of the council; another council's officer sees only their own.
LIST = members(other=ALLOWED)
DETAIL = members(other=REFUSED)

RULES: dict[str, Rule] = {
    # --- reads ---
    "api:organisation-list": Rule(LIST),
    "api:organisation-detail": Rule(DETAIL, kwargs=obj(pk="council")),
    "api:unit-list": Rule(LIST),
    "api:unit-detail": Rule(DETAIL, kwargs=obj(pk="unit")),
    "api:period-list": Rule(LIST),
    "api:period-detail": Rule(DETAIL, kwargs=obj(pk="period")),
    "api:plan-list": Rule(LIST),
    "api:plan-detail": Rule(DETAIL, kwargs=obj(pk="plan")),
    "api:theme-list": Rule(LIST),
    "api:theme-detail": Rule(DETAIL, kwargs=obj(pk="theme")),
    "api:objective-list": Rule(LIST),
    "api:objective-detail": Rule(DETAIL, kwargs=obj(pk="objective")),
    "api:indicator-list": Rule(LIST),
    "api:indicator-detail": Rule(DETAIL, kwargs=obj(pk="indicator")),
    "api:action-list": Rule(LIST),
    "api:action-detail": Rule(DETAIL, kwargs=obj(pk="action")),
    "api:risk-list": Rule(LIST),
    "api:risk-detail": Rule(DETAIL, kwargs=obj(pk="risk")),
    "api:report-list": Rule(LIST),
    "api:report-detail": Rule(DETAIL, kwargs=obj(pk="report_run")),
    # --- returns ---
    # Starting a return, or many at once: whether the caller may enter each return is checked
    # once the body names its indicator (as on the web), so the empty body is a 400 for anyone
    # signed in, another council's officer included (their own council's indicators).
    "api:return-list": Rule(LIST, post=LIST),
    "api:return-bulk": Rule(LIST, post=LIST),
    "api:return-detail": Rule(DETAIL, kwargs=obj(pk="indicator_return")),
    # Submitting a draft: its lead officer, the head of service over it and performance admins.
    "api:return-submit": Rule(
        only(), post=only(OFFICER, HEAD, ADMIN), kwargs=obj(pk="draft_return")
    ),
    # Deciding a submitted return: the head of service over it and senior leaders.
    "api:return-approve": Rule(only(), post=only(*APPROVERS), kwargs=obj(pk="indicator_return")),
    "api:return-send-back": Rule(only(), post=only(*APPROVERS), kwargs=obj(pk="indicator_return")),
    "api:return-reopen": Rule(only(), post=only(*APPROVERS), kwargs=obj(pk="approved_return")),
    # --- action updates ---
    "api:action-update-list": Rule(LIST, post=LIST),  # as for starting a return
    "api:action-update-detail": Rule(DETAIL, kwargs=obj(pk="action_update")),
    "api:action-update-approve": Rule(
        only(), post=only(*APPROVERS), kwargs=obj(pk="action_update")
    ),
    "api:action-update-send-back": Rule(
        only(), post=only(*APPROVERS), kwargs=obj(pk="action_update")
    ),
    # --- risk reviews ---
    "api:risk-review-list": Rule(LIST, post=LIST),  # as for starting a return
    "api:risk-review-detail": Rule(DETAIL, kwargs=obj(pk="risk_review")),
    # --- the schema, its documentation page, and each person's tokens ---
    "api:schema": Rule(everyone()),  # what the API offers is public, like its docs
    "api:docs": Rule(everyone()),
    # Anyone signed in manages their own tokens (a token reads only its holder's council).
    "api:tokens": Rule(LIST),
    "api:token_create": Rule(LIST),  # the empty POST shows the form again
    # Only the token's holder may revoke it: to anyone else it is not there.
    "api:token_revoke": Rule(only(OFFICER), kwargs=obj(pk="officer_token")),
}


def _draft_return(samples: Samples) -> Any:
    """The officer's latest return, put back to a draft so submitting it is a real step."""
    latest = samples.indicator.returns.order_by("-period__start_date").first()
    IndicatorReturn.objects.filter(pk=latest.pk).update(status=IndicatorReturn.Status.DRAFT)
    return latest.pk


def _approved_return(samples: Samples) -> Any:
    """The officer's latest return, approved, so reopening it is a real decision."""
    latest = samples.indicator.returns.order_by("-period__start_date").first()
    IndicatorReturn.objects.filter(pk=latest.pk).update(status=IndicatorReturn.Status.APPROVED)
    return latest.pk


def _risk_review(samples: Samples) -> Any:
    return (
        RiskReview.objects.filter(risk_return__register__organisation=samples.council)
        .order_by("pk")
        .first()
    )


def _officer_token(samples: Samples) -> Any:
    token, _key = services.token_create(
        user=User.objects.get(username=USERNAMES[OFFICER]), name="Matrix", scope="read"
    )
    return token.pk


SAMPLES = {
    "draft_return": _draft_return,
    "approved_return": _approved_return,
    "risk_review": _risk_review,
    "officer_token": _officer_token,
}
