"""The permission matrix: every named URL × every role, generated from the URL resolver.

Each named URL must have a rule saying how to fill in its parameters from the demo council and
what each role may do with it: the core apps' rules are below, and every other app keeps its
own in `goldenthread/<app>/tests/matrix_rules.py` (listed in `APP_RULES`). A URL added without
a rule fails `test_every_named_url_has_a_rule`. For each rule every role GETs the page (and
POSTs an empty form, or to the API an empty JSON object, to views that take POST): allowed
means 200, a redirect that is not to the sign-in page, or (for the API) a 400 that refuses the
empty input after the permission check; refused means 401, 403 or 404 (for a visitor, a
redirect to sign in), and nothing ever answers 500. Each role's requests run in a savepoint
rolled back afterwards, so one role's POST does not change what the next one sees.

A person of another council must never see the demo council's unpublished data: every page
they are shown is checked for the demo council's name and the sampled object (except the
public site's pages, whose rules say `public=True`: what was published is for everyone).
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from goldenthread import demo
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.tests.matrix import (
    ADMIN,
    ALLOWED,
    APPROVERS,
    AUDITOR,
    COUNCIL_ROLES,
    DIRECTOR,
    EITHER,
    HEAD,
    OFFICER,
    OTHER,
    OWNER_CHAIN,
    REFUSED,
    ROLES,
    USERNAMES,
    Rule,
    Samples,
    everyone,
    members,
    obj,
    only,
)

CORE_RULES: dict[str, Rule] = {
    "home": Rule(everyone()),
    "accounts:login": Rule(everyone()),
    "accounts:logout": Rule(everyone()),  # signing out is harmless for anyone
    # --- accounts ---
    "accounts:unit_tree": Rule(members()),
    "accounts:unit_detail": Rule(members(other=REFUSED), kwargs=obj(pk="unit")),
    "accounts:committee_list": Rule(members()),
    "accounts:committee_detail": Rule(members(other=REFUSED), kwargs=obj(slug="committee")),
    # --- strategy ---
    "strategy:framework": Rule(everyone()),  # the published framework is public
    "strategy:framework_edit": Rule(only(ADMIN)),
    "strategy:calendar": Rule(members()),
    "strategy:plan_list": Rule(members()),
    # The empty form is shown to everyone; saving checks permission once the form is valid.
    "strategy:plan_create": Rule(members(), post=members()),
    "strategy:plan_detail": Rule(members(other=REFUSED), kwargs=obj(pk="plan")),
    "strategy:plan_edit": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="plan")),
    "strategy:plan_approve": Rule(only(ADMIN), kwargs=obj(pk="plan")),
    "strategy:plan_new_version": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="plan")),
    "strategy:theme_create": Rule(only(ADMIN)),
    "strategy:theme_detail": Rule(members(other=REFUSED), kwargs=obj(pk="theme")),
    "strategy:theme_edit": Rule(only(ADMIN), kwargs=obj(pk="theme")),
    "strategy:objective_list": Rule(members()),
    "strategy:objective_create": Rule(only(OFFICER, HEAD, DIRECTOR, ADMIN)),
    "strategy:objective_detail": Rule(members(other=REFUSED), kwargs=obj(pk="objective")),
    "strategy:objective_edit": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="objective")),
    "strategy:objective_link_add": Rule(
        members(other=REFUSED), post=only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="objective")
    ),
    "strategy:objective_link_remove": Rule(
        only(*OWNER_CHAIN, DIRECTOR),
        kwargs=obj(pk="objective", parent_pk="parent_objective"),
    ),
    "strategy:objective_thread": Rule(members(other=REFUSED), kwargs=obj(pk="objective")),
    "strategy:objective_thread_svg": Rule(members(other=REFUSED), kwargs=obj(pk="objective")),
    # --- indicators ---
    "indicators:indicator_list": Rule(members()),
    "indicators:indicator_create": Rule(only(ADMIN)),
    "indicators:indicator_detail": Rule(members(other=REFUSED), kwargs=obj(pk="indicator")),
    "indicators:indicator_edit": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="indicator")),
    "indicators:indicator_sign_off": Rule(only(*APPROVERS), kwargs=obj(pk="indicator")),
    "indicators:targets": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="indicator")),
    "indicators:summary": Rule(members()),
    "indicators:my_returns": Rule(members()),
    "indicators:approvals": Rule(members()),
    "indicators:completion": Rule(members()),
    # Entering a return: its lead officer, managers over its unit and performance admins.
    "indicators:return_edit": Rule(
        members(other=REFUSED),
        post=only(OFFICER, HEAD, ADMIN),
        kwargs=obj(pk="indicator", period_pk="period"),
    ),
    # Approving a return: only the head of service over it and senior leaders.
    "indicators:return_decision": Rule(
        only(),
        post=only(*APPROVERS),
        kwargs=obj(pk="indicator", period_pk="period"),
        extra={"action": "approve"},
    ),
    # The exception report: heads of service for their units, senior leaders, audit, admins.
    "indicators:data_quality": Rule(only(HEAD, DIRECTOR, AUDITOR, ADMIN)),
    "indicators:audit_sample_list": Rule(only(AUDITOR, ADMIN)),
    "indicators:audit_sample_create": Rule(only(AUDITOR, ADMIN)),
    "indicators:audit_sample_detail": Rule(only(AUDITOR, ADMIN), kwargs=obj(pk="audit_sample")),
    "indicators:audit_check_record": Rule(only(AUDITOR, ADMIN), kwargs=obj(pk="audit_check")),
    # --- delivery ---
    "delivery:my_actions": Rule(members()),
    "delivery:update_approvals": Rule(members()),
    "delivery:update_edit": Rule(
        members(other=REFUSED),
        post=only(*OWNER_CHAIN, DIRECTOR),
        kwargs=obj(pk="action", period_pk="action_period"),
    ),
    "delivery:update_decision": Rule(
        only(),
        post=only(*APPROVERS),
        kwargs=obj(pk="action", period_pk="action_period"),
        extra={"decision": "approve"},
    ),
    "delivery:action_list": Rule(members()),
    "delivery:action_create": Rule(only(OFFICER, HEAD, DIRECTOR, ADMIN)),
    "delivery:action_detail": Rule(members(other=REFUSED), kwargs=obj(pk="action")),
    "delivery:action_edit": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:action_complete": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:action_cancel": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:action_defer": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:action_resume": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:milestone_create": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action")),
    "delivery:milestone_complete": Rule(
        only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="action", milestone_pk="milestone")
    ),
    "delivery:recovery_plan_list": Rule(members()),
    "delivery:recovery_plan_create": Rule(
        only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(indicator_pk="indicator")
    ),
    "delivery:recovery_plan_detail": Rule(members(other=REFUSED), kwargs=obj(pk="recovery_plan")),
    "delivery:recovery_plan_close": Rule(
        only(ADMIN, DIRECTOR, either=(OFFICER, HEAD)), kwargs=obj(pk="recovery_plan")
    ),
    # --- risks ---
    "risks:register_list": Rule(members()),
    "risks:risk_list": Rule(members()),
    "risks:corporate_register": Rule(members()),
    "risks:register_detail": Rule(members(other=REFUSED), kwargs=obj(pk="register")),
    "risks:risk_detail": Rule(members(other=REFUSED), kwargs=obj(pk="risk")),
    "risks:risk_edit": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="risk")),
    "risks:risk_create": Rule(
        only(OFFICER, HEAD, DIRECTOR, ADMIN), kwargs=obj(register_pk="register")
    ),
    "risks:control_add": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="risk")),
    "risks:action_add": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="risk")),
    "risks:risk_escalate": Rule(only(HEAD, DIRECTOR, ADMIN), kwargs=obj(pk="risk")),
    "risks:risk_de_escalate": Rule(only(DIRECTOR, ADMIN), kwargs=obj(pk="risk")),
    "risks:return_list": Rule(members()),
    "risks:return_detail": Rule(
        members(other=REFUSED), kwargs=obj(register_pk="register", period_pk="risk_period")
    ),
    "risks:review_edit": Rule(
        members(other=REFUSED),
        post=only(HEAD, DIRECTOR, ADMIN),
        kwargs=obj(register_pk="register", period_pk="risk_period", risk_pk="risk"),
    ),
    # Sign-off of a directorate's risk return: its heads of service and senior leaders.
    "risks:return_decision": Rule(
        members(other=REFUSED),  # GET shows the return
        post=only(*APPROVERS),
        kwargs=obj(register_pk="register", period_pk="risk_period"),
        extra={"action": "approve"},
    ),
    # --- benchmarking ---
    "benchmarking:index": Rule(members()),
    "benchmarking:metric_detail": Rule(members(), kwargs=obj(pk="metric")),
    "benchmarking:group_list": Rule(members()),
    "benchmarking:group_create": Rule(only(ADMIN)),
    "benchmarking:group_standard": Rule(only(ADMIN)),
    "benchmarking:group_detail": Rule(members(other=REFUSED), kwargs=obj(pk="group")),
    "benchmarking:group_edit": Rule(only(ADMIN), kwargs=obj(pk="group")),
    # Anyone who may edit one of the council's indicators.
    "benchmarking:link_create": Rule(only(*OWNER_CHAIN, DIRECTOR)),
    "benchmarking:target_create": Rule(only(*OWNER_CHAIN, DIRECTOR), kwargs=obj(pk="indicator")),
    # --- reporting ---
    "reporting:dashboard": Rule(members()),
    "reporting:dashboard_list": Rule(members()),
    "reporting:my_dashboard": Rule(members()),
    "reporting:theme_dashboard": Rule(members(other=REFUSED), kwargs=obj(pk="theme")),
    "reporting:committee_dashboard": Rule(members(other=REFUSED), kwargs=obj(slug="committee")),
    "reporting:unit_dashboard": Rule(members(other=REFUSED), kwargs=obj(pk="unit")),
    # A report run is its requester's: others are refused its progress and file.
    # A report run is the organisation's: anyone in it may follow its progress and fetch it.
    "reporting:run": Rule(members(other=REFUSED), kwargs=obj(pk="report_run")),
    "reporting:run_status": Rule(members(other=REFUSED), kwargs=obj(pk="report_run")),
    "reporting:run_file": Rule(only(either=COUNCIL_ROLES), kwargs=obj(pk="report_run")),
    "reporting:report_list": Rule(members()),
    "reporting:report": Rule(members(), kwargs=obj(kind="report_kind")),
    "reporting:report_download": Rule(
        members(), kwargs=obj(kind="report_kind"), query="format=html"
    ),
}


# The apps that keep their rules (and the samples those need) beside their own tests.
APP_RULES = [
    "goldenthread.indicators.tests.matrix_rules",
    "goldenthread.engagement.tests.matrix_rules",
    "goldenthread.challenge.tests.matrix_rules",
    "goldenthread.finance.tests.matrix_rules",
    "goldenthread.people.tests.matrix_rules",
    "goldenthread.publishing.tests.matrix_rules",
    "goldenthread.api.tests.matrix_rules",
    "goldenthread.tests.site_rules",
]


def _gathered() -> dict[str, Rule]:
    rules = dict(CORE_RULES)
    for name in APP_RULES:
        module = importlib.import_module(name)
        clash = set(rules) & set(module.RULES)
        assert not clash, f"{name} repeats rules for {', '.join(sorted(clash))}"
        rules.update(module.RULES)
        Samples.extra.update(getattr(module, "SAMPLES", {}))
    return rules


RULES = _gathered()

# Namespaces with their own permission model, tested through their front door only.
ELSEWHERE = {"admin": "the Django admin: staff only, with Django's model permissions"}


def named_urls() -> set[str]:
    """Every named URL pattern, with its namespace, from the project's resolver."""

    def walk(patterns: list[Any], namespace: str) -> set[str]:
        names = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")
        return names

    return walk(get_resolver().url_patterns, "")


def test_every_named_url_has_a_rule():
    found = {name for name in named_urls() if name.split(":")[0] not in ELSEWHERE}
    missing = sorted(found - set(RULES))
    stale = sorted(set(RULES) - found)
    assert not missing, (
        "These URL names have no rule; add one saying who may use each to their app's "
        f"tests/matrix_rules.py (see APP_RULES): {', '.join(missing)}"
    )
    assert not stale, f"RULES names URLs that no longer exist: {', '.join(stale)}"


@pytest.fixture
def clients(db, other_council) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    made = {}
    for role, username in USERNAMES.items():
        client = Client()
        if username is not None:
            client.force_login(User.objects.get(username=username))
        made[role] = client
    return made


class _Rollback(Exception):
    pass


def _outcome(response: Any) -> str:
    if response.status_code == 500:
        return "500"
    if response.status_code in (401, 403, 404):
        return REFUSED
    if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
        return REFUSED
    if response.status_code in (200, 302):
        return ALLOWED
    if response.status_code == 400 and "json" in response.get("Content-Type", ""):
        return ALLOWED  # an API write that passed the permission check and refused the input
    return str(response.status_code)


def _leaks(response: Any, council: Organisation, shown: list[str]) -> list[str]:
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    text = response.content.decode()
    return [marker for marker in [council.name, *shown] if marker and marker in text]


@pytest.mark.parametrize("name", sorted(RULES))
def test_matrix(name, council, clients):  # type: ignore[no-untyped-def]
    rule = RULES[name]
    samples = Samples(council)
    url = rule.url(name, samples)
    offered = _methods(url)
    methods = []
    if "get" in offered:
        methods.append(("GET", rule.get))
    else:  # a POST-only view: GET is not offered to anyone
        assert clients[ADMIN].get(url).status_code == 405, f"GET {url} should answer 405"
    if "post" in offered:
        methods.append(("POST", rule.post or rule.get))
    # What a person of another council must never be shown: the sampled object's name.
    shown = [
        str(item)
        for item in (getattr(samples, attribute) for attribute in rule.kwargs.values())
        if hasattr(item, "_meta")
    ]
    problems = []
    for method, access in methods:
        for role in ROLES:
            try:
                with transaction.atomic():
                    client = clients[role]
                    if method == "GET":
                        response = client.get(url)
                    elif _is_api(url):  # the API takes JSON: an empty JSON object
                        response = client.post(url, {}, content_type="application/json")
                    else:
                        response = client.post(url)
                    raise _Rollback
            except _Rollback:
                pass
            except Exception as error:  # a 500: name the view, the role and the error
                problems.append(f"{method} {url} as {role}: raised {error!r}")
                continue
            got = _outcome(response)
            wanted = access[role]
            if got == "500" or (wanted != EITHER and got != wanted):
                problems.append(
                    f"{method} {url} as {role}: expected {wanted}, got {response.status_code}"
                )
            if role == OTHER and not rule.public:
                problems += [
                    f"{method} {url} as {role}: shows {marker!r}"
                    for marker in _leaks(response, council, shown)
                ]
    assert not problems, "\n".join(problems)


def _is_api(url: str) -> bool:
    """A REST framework viewset route, which reads only JSON bodies."""
    return bool(getattr(resolve(url.partition("?")[0]).func, "actions", None))


def _methods(url: str) -> set[str]:
    """Which of GET and POST the URL's view answers."""
    callback = resolve(url.partition("?")[0]).func
    actions = getattr(callback, "actions", None)
    if actions:  # a REST framework viewset route: the methods it maps to actions
        return set(actions) & {"get", "post"}
    view = getattr(callback, "view_class", callback)
    return {
        method
        for method in ("get", "post")
        if hasattr(view, method) and method in getattr(view, "http_method_names", [method])
    }


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(role, clients):  # type: ignore[no-untyped-def]
    response = clients[role].get(reverse("admin:index"))
    if role == ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", COUNCIL_ROLES)
def test_nobody_sees_another_councils_units(role, clients, other_council):  # type: ignore[no-untyped-def]
    theirs = OrgUnit.objects.get(organisation=other_council)
    response = clients[role].get(reverse("accounts:unit_detail", kwargs={"pk": theirs.pk}))
    assert response.status_code == 404


def test_demo_council_is_the_one_sampled(council):  # type: ignore[no-untyped-def]
    assert council.slug == demo.DEMO_SLUG
    assert Samples(council).indicator.owner.username == USERNAMES[OFFICER]
