"""The permission matrix's vocabulary: roles, who may (`Access`), `Rule` and `Samples`.

The matrix itself is `test_permission_matrix.py`: every named URL × every role, generated
from the URL resolver. Each app keeps the rules for its own URLs beside its tests, in
`goldenthread/<app>/tests/matrix_rules.py`: a `RULES` dict (URL name → `Rule`) and, for the
objects its URLs need, a `SAMPLES` dict (attribute → function of the `Samples`), which
`Samples` looks up when it has no property of that name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.urls import reverse

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, User
from goldenthread.benchmarking.models import ComparatorGroup, ExternalMetric
from goldenthread.delivery.models import Action, ActionUpdate, RecoveryPlan
from goldenthread.indicators import quality
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.reporting.catalogue import REPORTS
from goldenthread.reporting.models import ReportRun
from goldenthread.risks.models import Register, Risk, RiskReturn
from goldenthread.strategy.models import Objective, ObjectiveLink, Plan, Theme

# The roles, each a demo person (the other council's officer is made by `other_council`).
OFFICER = "officer"
HEAD = "head of service"
DIRECTOR = "director"
MEMBER = "member"
AUDITOR = "auditor"
ADMIN = "performance admin"
ANONYMOUS = "anonymous"
OTHER = "other council"

USERNAMES = {
    OFFICER: "officer.estates",  # owns PI-HOU-03 and two estate actions, in Estate Management
    HEAD: "head.housing",  # head of service over Housing, Estate Management's service
    DIRECTOR: "director.dns",  # senior leader, organisation-wide
    MEMBER: "cllr.scrutiny",
    AUDITOR: "auditor",
    ADMIN: "performance.officer",  # performance admin (and an officer elsewhere)
    ANONYMOUS: None,
    OTHER: "northfield.officer",
}
COUNCIL_ROLES = (OFFICER, HEAD, DIRECTOR, MEMBER, AUDITOR, ADMIN)
ROLES = (*COUNCIL_ROLES, ANONYMOUS, OTHER)

ALLOWED = "allowed"
REFUSED = "refused"
EITHER = "either"  # depends on the sampled data; still never a 500 or a leak
Access = dict[str, str]


def everyone() -> Access:
    """Public pages: visitors included."""
    return dict.fromkeys(ROLES, ALLOWED)


def members(*, other: str = EITHER) -> Access:
    """Every person of the council; visitors are asked to sign in. A person of another council
    sees their own organisation's (empty) list, or is refused an object of this one."""
    return {**dict.fromkeys(COUNCIL_ROLES, ALLOWED), ANONYMOUS: REFUSED, OTHER: other}


def only(*roles: str, either: tuple[str, ...] = ()) -> Access:
    """The roles named; everyone else refused."""
    access = dict.fromkeys(ROLES, REFUSED)
    access.update(dict.fromkeys(roles, ALLOWED))
    access.update(dict.fromkeys(either, EITHER))
    return access


@dataclass(frozen=True)
class Rule:
    """How to fill a URL's parameters (from the sampled demo objects) and who may use it."""

    get: Access
    post: Access | None = None  # for views that take POST; None means the same as GET
    # URL parameter → the Samples attribute that fills it, e.g. {"pk": "indicator"}.
    kwargs: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)  # literal parameters
    # The query string; `{attribute}` is filled from the samples, e.g. "period={period_label}".
    query: str = ""
    # A page of what the council has published (the public site): anyone may see its name
    # there, so a person of another council is not checked for it.
    public: bool = False

    def url(self, name: str, samples: Samples) -> str:
        filled = {key: samples.value(attribute) for key, attribute in self.kwargs.items()}
        url = reverse(name, kwargs={**filled, **self.extra})
        return f"{url}?{self.query.format_map(_Lookup(samples))}" if self.query else url


class _Lookup(dict[str, Any]):
    def __init__(self, samples: Samples) -> None:
        super().__init__()
        self.samples = samples

    def __missing__(self, attribute: str) -> Any:
        return self.samples.value(attribute)


def obj(**names: str) -> dict[str, str]:
    return names


class Samples:
    """One object of each kind in the demo council, chosen so the roles above mean something:
    the officer owns the indicator and the action, which sit under the head of service."""

    # Filled from the apps' matrix_rules.py by the matrix: attribute → function(samples).
    extra: dict[str, Callable[[Samples], Any]] = {}

    def __init__(self, council: Organisation) -> None:
        self.council = council

    def __getattr__(self, name: str) -> Any:
        if name not in Samples.extra:
            raise AttributeError(name)
        value = Samples.extra[name](self)
        self.__dict__[name] = value  # sampled once, like the properties above
        return value

    def value(self, name: str) -> Any:
        item = getattr(self, name)
        return getattr(item, "pk", item)

    @cached_property
    def indicator(self) -> Indicator:
        return Indicator.objects.get(organisation=self.council, code="PI-HOU-03")

    @cached_property
    def indicator_return(self) -> IndicatorReturn:
        # The latest return, put back to submitted so approving it is a real decision.
        latest = self.indicator.returns.order_by("-period__start_date").first()
        IndicatorReturn.objects.filter(pk=latest.pk).update(status=IndicatorReturn.Status.SUBMITTED)
        return latest

    @cached_property
    def period(self) -> int:
        return self.indicator_return.period_id

    @cached_property
    def objective(self) -> Objective:
        return Objective.objects.filter(owner__username=USERNAMES[OFFICER]).first()

    @cached_property
    def parent_objective(self) -> int:
        return ObjectiveLink.objects.filter(child=self.objective).first().parent_id

    @cached_property
    def plan(self) -> Plan:
        return Plan.objects.get(
            organisation=self.council, kind="service_plan", owner__username=USERNAMES[HEAD]
        )

    @cached_property
    def theme(self) -> Theme:
        return Theme.objects.filter(plan__organisation=self.council).order_by("pk").first()

    @cached_property
    def unit(self) -> OrgUnit:
        return OrgUnit.objects.get(organisation=self.council, name="Estate Management")

    @cached_property
    def committee(self) -> str:
        return Committee.objects.filter(organisation=self.council).order_by("pk").first().slug

    @cached_property
    def action(self) -> Action:
        return Action.objects.filter(lead__username=USERNAMES[OFFICER]).order_by("pk").first()

    @cached_property
    def action_update(self) -> ActionUpdate:
        latest = self.action.updates.order_by("-period__start_date").first()
        ActionUpdate.objects.filter(pk=latest.pk).update(status=ActionUpdate.Status.SUBMITTED)
        return latest

    @cached_property
    def action_period(self) -> int:
        return self.action_update.period_id

    @cached_property
    def milestone(self) -> int:
        return self.action.milestones.order_by("pk").first().pk

    @cached_property
    def recovery_plan(self) -> RecoveryPlan:
        return (
            RecoveryPlan.objects.filter(indicator__organisation=self.council).order_by("pk").first()
        )

    @cached_property
    def register(self) -> Register:
        return Register.objects.get(
            organisation=self.council, org_unit__name="Development and Neighbourhood Services"
        )

    @cached_property
    def risk(self) -> Risk:
        # A risk of the officer's team, owned by the head of service above it: the officer may
        # read it but not change it.
        risks = Risk.objects.filter(register=self.register, org_unit__name="Estate Management")
        return risks.exclude(owner__username=USERNAMES[OFFICER]).order_by("pk").first()

    @cached_property
    def risk_return(self) -> RiskReturn:
        latest = self.register.returns.order_by("-period__start_date").first()
        RiskReturn.objects.filter(pk=latest.pk).update(status=RiskReturn.Status.SUBMITTED)
        return latest

    @cached_property
    def risk_period(self) -> int:
        return self.risk_return.period_id

    @cached_property
    def audit_sample(self) -> Any:
        approved = IndicatorReturn.objects.filter(
            indicator__organisation=self.council, status=IndicatorReturn.Status.APPROVED
        ).first()
        return quality.audit_sample_draw(
            organisation=self.council,
            period=approved.period,
            size=1,
            user=User.objects.get(username=USERNAMES[AUDITOR]),
            seed=1,
        )

    @cached_property
    def audit_check(self) -> int:
        return self.audit_sample.checks.first().pk

    @cached_property
    def metric(self) -> int:
        return ExternalMetric.objects.order_by("pk").first().pk

    @cached_property
    def group(self) -> ComparatorGroup:
        return ComparatorGroup.objects.create(
            owner=self.council, kind=ComparatorGroup.Kind.USER_DEFINED, name="Sampled neighbours"
        )

    @cached_property
    def report_run(self) -> ReportRun:
        return ReportRun.objects.create(
            organisation=self.council,
            requested_by=User.objects.get(username=USERNAMES[OFFICER]),
            request={"kind": "quarterly"},
            format=ReportRun.Format.HTML,
            title="Quarterly performance report",
        )

    @cached_property
    def report_kind(self) -> str:
        return next(iter(REPORTS))


# Who approves within the officer's unit: the head of service above it, senior leaders.
APPROVERS = (HEAD, DIRECTOR)
# Who may edit what the officer owns: the officer, the head of service above them, admins.
OWNER_CHAIN = (OFFICER, HEAD, ADMIN)
