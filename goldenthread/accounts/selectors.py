"""Reads about organisations, units, people and roles."""

from collections.abc import Iterable
from typing import TypeVar

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, RoleAssignment, User

_T = TypeVar("_T")


def organisation_default() -> Organisation | None:
    """The organisation shown to visitors: the one named in settings, else the first."""
    wanted = settings.GOLDENTHREAD_DEFAULT_ORGANISATION
    organisations = Organisation.objects.order_by("pk")
    if wanted:
        match = organisations.filter(Q(slug=wanted) | Q(gss_code=wanted)).first()
        if match:
            return match
    # Comparator councils loaded from the national list have no units; prefer one that does.
    return organisations.filter(units__isnull=False).first() or organisations.first()


def unit_parents(organisation: Organisation) -> dict[int, int | None]:
    """Every unit of the organisation mapped to its parent, cached on the organisation object."""
    cached = getattr(organisation, "_unit_parents", None)
    if cached is None:
        cached = dict(
            OrgUnit.objects.filter(organisation=organisation).values_list("pk", "parent_id")
        )
        organisation._unit_parents = cached  # type: ignore[attr-defined]
    return cached


def sharing_organisation(objects: Iterable[_T], organisation: Organisation) -> list[_T]:
    """The objects, each pointing at the one organisation object, so that what is cached on
    it (the unit tree, the return schedule) is read once for them all, not once an object."""
    shared = list(objects)
    for each in shared:
        each.organisation = organisation  # type: ignore[attr-defined]
    return shared


def unit_ancestry(organisation: Organisation, unit_id: int | None) -> list[int]:
    """The unit and every unit above it, nearest first."""
    parents = unit_parents(organisation)
    chain: list[int] = []
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    return chain


def unit_descendants(organisation: Organisation, unit_id: int) -> set[int]:
    """The unit and every unit below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in unit_parents(organisation).items():
        children.setdefault(parent, []).append(pk)
    found, stack = set(), [unit_id]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def unit_tree(organisation: Organisation) -> list[dict]:
    """The unit tree as nested dicts {unit, children, people_count}, directorates first."""
    units = list(
        OrgUnit.objects.filter(organisation=organisation)
        .select_related("head")
        .annotate(people_count=Count("people"))
        .order_by("name")
    )
    nodes = {unit.pk: {"unit": unit, "children": []} for unit in units}
    roots = []
    for unit in units:
        node = nodes[unit.pk]
        if unit.parent_id in nodes:
            nodes[unit.parent_id]["children"].append(node)
        else:
            roots.append(node)
    return roots


def role_assignments_for(user: User, organisation: Organisation) -> list[RoleAssignment]:
    """The person's roles in the organisation, cached on the user object for the request."""
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        cache = {}
        user._role_cache = cache  # type: ignore[attr-defined]
    if organisation.pk not in cache:
        cache[organisation.pk] = list(
            RoleAssignment.objects.filter(user=user, organisation=organisation)
        )
    return cache[organisation.pk]


def people_for_organisation(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(organisation=organisation, is_active=True)
        .select_related("org_unit", "line_manager")
        .prefetch_related("roles")
    )


def committees_for_organisation(organisation: Organisation) -> QuerySet[Committee]:
    return Committee.objects.filter(organisation=organisation).prefetch_related(
        "memberships__user", "themes"
    )


def committees_for_user(user: User) -> Iterable[Committee]:
    return Committee.objects.filter(memberships__user=user).distinct()


def service_of(
    organisation: Organisation, units: dict[int, OrgUnit], unit_id: int | None
) -> OrgUnit | None:
    """The service an indicator's unit belongs to (a team reports within its service);
    a directorate's own indicators stay with the directorate."""
    chain = unit_ancestry(organisation, unit_id)
    return next(
        (units[pk] for pk in chain if units[pk].kind == OrgUnit.Kind.SERVICE),
        units.get(unit_id) if unit_id else None,
    )
