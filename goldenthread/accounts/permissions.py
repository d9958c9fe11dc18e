"""Who may do what: the one place that answers role × unit × object × action.

Views, forms and the API ask these functions; nothing else decides permissions.
Roles are held across an organisation or within a unit, and a role within a unit
also covers every unit below it.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from goldenthread.accounts.models import Organisation, Role, User
from goldenthread.accounts.selectors import role_assignments_for, unit_ancestry, unit_descendants

# Roles that may see all of their organisation's unpublished information.
READERS = frozenset(Role.values)
# Roles that approve returns and plans within their units (and everything, when held org-wide).
APPROVERS = frozenset({Role.HEAD_OF_SERVICE, Role.MANAGER, Role.SENIOR_LEADER})
# Roles that manage objectives and plans within their units.
UNIT_EDITORS = APPROVERS


def is_member_of(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Signed in and belonging to the organisation (or a superuser)."""
    if organisation is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.organisation_id == organisation.pk or bool(role_assignments_for(user, organisation))


def has_role(
    user: User | AnonymousUser,
    organisation: Organisation,
    roles: Iterable[str],
    *,
    unit_id: int | None = None,
) -> bool:
    """True if the person holds one of the roles org-wide, or within the unit or a unit above it."""
    if not user.is_authenticated:
        return False
    wanted = set(roles)
    ancestry = set(unit_ancestry(organisation, unit_id)) if unit_id else set()
    for assignment in role_assignments_for(user, organisation):
        if assignment.role not in wanted:
            continue
        if assignment.org_unit_id is None or assignment.org_unit_id in ancestry:
            return True
    return False


def holds_any(user: User | AnonymousUser, organisation: Organisation, roles: Iterable[str]) -> bool:
    """True if the person holds one of the roles anywhere in the organisation."""
    if not user.is_authenticated:
        return False
    wanted = set(roles)
    return any(a.role in wanted for a in role_assignments_for(user, organisation))


def can_view(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Unpublished information is for the organisation's own people only."""
    return is_member_of(user, organisation)


def can_configure(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """The framework, plans' approval records and reference data: performance admins."""
    if organisation is None or not user.is_authenticated:
        return False
    return user.is_superuser or has_role(user, organisation, {Role.PERFORMANCE_ADMIN})


def can_edit_owned(
    user: User | AnonymousUser,
    organisation: Organisation,
    *,
    owner_id: int | None,
    unit_id: int | None,
) -> bool:
    """Objectives and plans: their owner, managers above their unit, and performance admins."""
    if not is_member_of(user, organisation):
        return False
    if can_configure(user, organisation):
        return True
    if owner_id is not None and owner_id == user.pk:
        return True
    return unit_id is not None and has_role(user, organisation, UNIT_EDITORS, unit_id=unit_id)


def can_create_in(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Adding objectives, plans and themes: performance admins and managers."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or holds_any(
        user, organisation, UNIT_EDITORS | {Role.OFFICER}
    )


def can_approve(
    user: User | AnonymousUser, organisation: Organisation, *, unit_id: int | None
) -> bool:
    """Sign-off: heads of service and managers within their units, senior leaders org-wide."""
    if not is_member_of(user, organisation):
        return False
    if has_role(user, organisation, {Role.SENIOR_LEADER}):
        return True
    return unit_id is not None and has_role(user, organisation, APPROVERS, unit_id=unit_id)


def can_enter_return(user: User | AnonymousUser, indicator) -> bool:  # type: ignore[no-untyped-def]
    """Returns are entered by the indicator's lead officer, its named updaters, managers over
    its unit and performance admins."""
    organisation = indicator.organisation
    if not is_member_of(user, organisation):
        return False
    if indicator.owner_id == user.pk or indicator.updaters.filter(pk=user.pk).exists():
        return True
    return can_configure(user, organisation) or has_role(
        user, organisation, {Role.MANAGER, Role.HEAD_OF_SERVICE}, unit_id=indicator.org_unit_id
    )


def can_approve_return(user: User | AnonymousUser, indicator) -> bool:  # type: ignore[no-untyped-def]
    """Sign-off of returns: heads of service and managers over the indicator's unit, and
    senior leaders."""
    return can_approve(user, indicator.organisation, unit_id=indicator.org_unit_id)


def can_edit_indicator(user: User | AnonymousUser, indicator) -> bool:  # type: ignore[no-untyped-def]
    """The proforma and targets: performance admins, managers over the unit, the lead officer."""
    return can_edit_owned(
        user, indicator.organisation, owner_id=indicator.owner_id, unit_id=indicator.org_unit_id
    )


def can_audit(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Internal audit's data quality sample and findings (and performance admins)."""
    if organisation is None:
        return False
    return can_configure(user, organisation) or has_role(user, organisation, {Role.AUDITOR})


def data_quality_units(user: User | AnonymousUser, organisation: Organisation) -> set[int] | None:
    """The units whose exception report this person may see: None for every unit (performance
    admins, auditors and senior leaders), else the units below their head of service roles
    (empty when they have none)."""
    if can_audit(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER}):
        return None
    units: set[int] = set()
    for assignment in role_assignments_for(user, organisation):
        if assignment.role in {Role.HEAD_OF_SERVICE, Role.SENIOR_LEADER}:
            if assignment.org_unit_id is None:
                return None
            units |= unit_descendants(organisation, assignment.org_unit_id)
    return units


def can_add_action(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Adding delivery, service and team plan actions: as for objectives."""
    return can_create_in(user, organisation)


def can_edit_action(user: User | AnonymousUser, action) -> bool:  # type: ignore[no-untyped-def]
    """An action, its milestones, its recorded status (complete, cancelled, deferred) and its
    quarterly updates: its lead officer, managers and heads of service over its unit, senior
    leaders and performance admins."""
    return can_edit_owned(
        user, action.organisation, owner_id=action.lead_id, unit_id=action.org_unit_id
    )


def can_approve_action_update(user: User | AnonymousUser, action) -> bool:  # type: ignore[no-untyped-def]
    """Sign-off of quarterly action updates, as for returns: heads of service and managers
    over the action's unit, and senior leaders."""
    return can_approve(user, action.organisation, unit_id=action.org_unit_id)


def can_manage_recovery_plan(user: User | AnonymousUser, indicator) -> bool:  # type: ignore[no-untyped-def]
    """Opening and closing an indicator's recovery plan and adding its actions: whoever may
    edit the indicator (its lead officer, managers over its unit, performance admins)."""
    return can_edit_indicator(user, indicator)


def _holds_role_within(
    user: User | AnonymousUser, organisation: Organisation, roles: Iterable[str], *, unit_id: int
) -> bool:
    """True if the person holds one of the roles org-wide, or within the unit, a unit above
    it or a unit below it: everyone who works in a directorate, from its director down."""
    if has_role(user, organisation, roles, unit_id=unit_id):
        return True
    wanted = set(roles)
    below = unit_descendants(organisation, unit_id)
    return any(
        a.role in wanted and a.org_unit_id in below
        for a in role_assignments_for(user, organisation)
    )


def can_edit_risk(user: User | AnonymousUser, risk) -> bool:  # type: ignore[no-untyped-def]
    """A risk's details, controls and quarterly review: its owner, managers and heads of
    service over its unit, senior leaders and performance admins."""
    organisation = risk.organisation
    if can_edit_owned(user, organisation, owner_id=risk.owner_id, unit_id=risk.org_unit_id):
        return True
    return has_role(user, organisation, {Role.SENIOR_LEADER})


def can_add_risk(user: User | AnonymousUser, register) -> bool:  # type: ignore[no-untyped-def]
    """Adding risks to a register: performance admins and senior leaders to any; officers,
    managers and heads of service to the directorate or service register they work within."""
    organisation = register.organisation
    if not is_member_of(user, organisation):
        return False
    if can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER}):
        return True
    return register.org_unit_id is not None and _holds_role_within(
        user, organisation, UNIT_EDITORS | {Role.OFFICER}, unit_id=register.org_unit_id
    )


def can_escalate_risk(user: User | AnonymousUser, risk) -> bool:  # type: ignore[no-untyped-def]
    """Escalating a risk to the corporate register: heads of service and managers over its
    unit, senior leaders and performance admins."""
    organisation = risk.organisation
    return can_configure(user, organisation) or can_approve(
        user, organisation, unit_id=risk.org_unit_id
    )


def can_de_escalate_risk(user: User | AnonymousUser, risk) -> bool:  # type: ignore[no-untyped-def]
    """Taking a risk off the corporate register: the senior management team (senior leaders)
    and performance admins."""
    organisation = risk.organisation
    return can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER})


def can_submit_risk_return(user: User | AnonymousUser, risk_return) -> bool:  # type: ignore[no-untyped-def]
    """Submitting a quarterly risk return: the people who may add risks to its register."""
    return can_add_risk(user, risk_return.register)


def can_approve_risk_return(user: User | AnonymousUser, risk_return) -> bool:  # type: ignore[no-untyped-def]
    """Sign-off of a quarterly risk return: senior leaders, and for a directorate's return its
    heads of service."""
    register = risk_return.register
    organisation = register.organisation
    if not is_member_of(user, organisation):
        return False
    if has_role(user, organisation, {Role.SENIOR_LEADER}):
        return True
    return register.org_unit_id is not None and _holds_role_within(
        user, organisation, {Role.HEAD_OF_SERVICE}, unit_id=register.org_unit_id
    )


def can_record_risk_governance(
    user: User | AnonymousUser, organisation: Organisation | None
) -> bool:
    """Recording the senior management team's review and the audit committee's approval of
    risk returns: performance admins and senior leaders."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER})


# --- finance ---


def _finance_unit_id(organisation: Organisation) -> int | None:
    from goldenthread.finance.models import FinanceSettings

    return (
        FinanceSettings.objects.filter(organisation=organisation)
        .values_list("finance_unit_id", flat=True)
        .first()
    )


def can_manage_finance(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Budgets, the MTFP, the savings programme, thresholds and carry-forward decisions:
    heads and managers within the finance service named in the finance settings (and its
    teams), senior leaders and performance admins."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    if can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER}):
        return True
    finance_unit = _finance_unit_id(organisation)
    return finance_unit is not None and _holds_role_within(
        user, organisation, {Role.HEAD_OF_SERVICE, Role.MANAGER}, unit_id=finance_unit
    )


def can_enter_budget_return(user: User | AnonymousUser, unit) -> bool:  # type: ignore[no-untyped-def]
    """A unit's budget monitoring return and carry-forward requests: its budget holders
    (heads of service and managers over it) and the people who manage finance."""
    organisation = unit.organisation
    if can_manage_finance(user, organisation):
        return True
    return has_role(user, organisation, {Role.HEAD_OF_SERVICE, Role.MANAGER}, unit_id=unit.pk)


def can_approve_budget_return(user: User | AnonymousUser, unit) -> bool:  # type: ignore[no-untyped-def]
    """Sign-off of budget monitoring returns, as for indicator returns: heads of service and
    managers over the unit, and senior leaders."""
    return can_approve(user, unit.organisation, unit_id=unit.pk)


# --- people (appraisals) ---
# There is no HR role: performance admins act as the HR administrators of appraisals.


def _manages(user: User | AnonymousUser, employee: User) -> bool:
    """True if the person is the employee's line manager, or their manager's manager, and so
    up the chain."""
    seen: set[int] = set()
    current = employee.line_manager
    while current is not None and current.pk not in seen:
        if current.pk == user.pk:
            return True
        seen.add(current.pk)
        current = current.line_manager
    return False


def can_manage_appraisal(user: User | AnonymousUser, appraisal) -> bool:  # type: ignore[no-untyped-def]
    """Setting objectives, recording reviews: the employee's line-management chain and
    performance admins (as HR administrators)."""
    organisation = appraisal.organisation
    if not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or _manages(user, appraisal.employee)


def can_view_appraisal(user: User | AnonymousUser, appraisal) -> bool:  # type: ignore[no-untyped-def]
    """An appraisal is private: the employee, their line-management chain and performance
    admins only. Colleagues, other managers, members and auditors do not see it."""
    if not is_member_of(user, appraisal.organisation):
        return False
    return appraisal.employee_id == user.pk or can_manage_appraisal(user, appraisal)


def can_start_appraisal(user: User | AnonymousUser, employee: User) -> bool:
    """Starting an employee's appraisal for a year: their line-management chain and
    performance admins."""
    organisation = employee.organisation
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or _manages(user, employee)


def can_see_appraisal_counts(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Completion rates and training needs by service (counts, never content): performance
    admins, senior leaders, heads of service and managers."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or holds_any(user, organisation, APPROVERS)


# --- publishing ---


def can_publish(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Publishing a period, opening it for a correction and publishing the correction:
    performance admins."""
    return can_configure(user, organisation)


# --- engagement ---


def can_manage_engagement(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Consultations and their results, "you said, we did", needs evidence and the complaints
    indicator feeds: as for adding objectives (performance admins, managers, officers)."""
    return can_create_in(user, organisation)


def can_log_complaint(
    user: User | AnonymousUser, organisation: Organisation, *, unit_id: int | None
) -> bool:
    """Logging and updating a service's complaints and commendations: officers, managers and
    heads of service within it, senior leaders and performance admins."""
    if not is_member_of(user, organisation):
        return False
    if can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER}):
        return True
    return unit_id is not None and has_role(
        user, organisation, {Role.HEAD_OF_SERVICE, Role.MANAGER, Role.OFFICER}, unit_id=unit_id
    )


# --- challenge ---


def can_run_challenge(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Improvement and performance clinics, Best Value reviews, inspections and peer
    assessments, and the actions they agree: performance admins and senior leaders."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_configure(user, organisation) or has_role(user, organisation, {Role.SENIOR_LEADER})


def can_record_scrutiny(user: User | AnonymousUser, organisation: Organisation | None) -> bool:
    """Scrutiny meetings, the scrutiny work programme and committee performance monitors'
    notes: elected members, committee monitors, and whoever runs challenge."""
    if organisation is None or not is_member_of(user, organisation):
        return False
    return can_run_challenge(user, organisation) or holds_any(
        user, organisation, {Role.MEMBER, Role.COMMITTEE_MONITOR}
    )


def can_edit_turning_the_curve(user: User | AnonymousUser, indicator) -> bool:  # type: ignore[no-untyped-def]
    """An indicator's Turning the Curve worksheet: whoever may edit the indicator, and
    whoever runs challenge."""
    return can_edit_indicator(user, indicator) or can_run_challenge(user, indicator.organisation)
