"""Shared fixtures. The demo council is built once into the test database, and each test
runs in a transaction rolled back afterwards, so tests can change it freely."""

import pytest
from django.test import Client

from goldenthread import demo
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.indicators import judgement_cache


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        demo.build_demo()


@pytest.fixture(autouse=True)
def _empty_judgement_cache():  # type: ignore[no-untyped-def]
    """Each test starts with no judged indicators in memory, so its query counts do not
    depend on the tests before it."""
    judgement_cache.clear()


@pytest.fixture
def council(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(slug=demo.DEMO_SLUG)


@pytest.fixture
def person(db):  # type: ignore[no-untyped-def]
    """Look up a demo person by username."""
    return lambda username: User.objects.get(username=username)


@pytest.fixture
def unit(db):  # type: ignore[no-untyped-def]
    return lambda name: OrgUnit.objects.get(name=name)


@pytest.fixture
def signed_in(db):  # type: ignore[no-untyped-def]
    """A test client signed in as the named demo person."""

    def sign_in(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


@pytest.fixture
def other_council(db) -> Organisation:  # type: ignore[no-untyped-def]
    """A second organisation in the same database, with one unit and one officer."""
    organisation = Organisation.objects.create(
        name="Northfield District Council", slug="northfield"
    )
    team = OrgUnit.objects.create(
        organisation=organisation, kind="directorate", name="Northfield Resources"
    )
    User.objects.create_user(
        username="northfield.officer", password="x", organisation=organisation, org_unit=team
    )
    return organisation
