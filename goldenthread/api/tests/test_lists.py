"""The lists: every ordering offered works with the cursor pages, and the filters are the
same on every list and in the schema."""

import pytest

from goldenthread.api.pages import schema
from goldenthread.api.urls import router
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import Objective

LISTS = {prefix: viewset for prefix, viewset, _ in router.registry}
ORDERINGS = [
    (prefix, f"{sign}{field}")
    for prefix, viewset in LISTS.items()
    for field in getattr(viewset, "ordering_fields", None) or []
    for sign in ("", "-")
]


def list_parameters(prefix: str) -> dict[str, dict]:
    operation = schema()["paths"][f"/api/v1/{prefix}/"]["get"]
    return {parameter["name"]: parameter for parameter in operation["parameters"]}


def walk(client, url: str) -> tuple[list[dict], list[dict]]:  # type: ignore[no-untyped-def]
    """Every row, following `next` to the end and then `previous` back to the start."""
    forward, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        pages.append(page)
        forward += page["results"]
        url = page["next"]
    backward = list(pages[-1]["results"])
    url = pages[-1]["previous"]
    while url:
        page = client.get(url).json()
        backward = page["results"] + backward
        url = page["previous"]
    return forward, backward


@pytest.mark.parametrize(("prefix", "ordering"), ORDERINGS)
def test_every_ordering_offered_answers(api, council, prefix, ordering):
    response = api("performance.lead").get(f"/api/v1/{prefix}/?ordering={ordering}&page_size=2")
    assert response.status_code == 200, response.content
    page = response.json()
    if page["next"]:
        following = api("performance.lead").get(page["next"])
        assert following.status_code == 200, following.content
        assert not {r["id"] for r in page["results"]} & {
            r["id"] for r in following.json()["results"]
        }


def test_the_schema_offers_exactly_the_orderings_that_work():
    """And a list that offers none has no `ordering` parameter."""
    assert "ordering" not in list_parameters("organisations")
    for prefix, viewset in LISTS.items():
        offered = [
            f"{sign}{field}"
            for field in getattr(viewset, "ordering_fields", None) or []
            for sign in ("", "-")
        ]
        parameter = list_parameters(prefix).get("ordering", {"schema": {}})
        assert parameter["schema"].get("enum", []) == offered, prefix


@pytest.mark.parametrize("ordering", ["period__start_date", "-period__start_date"])
def test_returns_by_period_page_through_every_return_once(api, council, ordering):
    """Many returns share a period: the pages still give each once, in order."""
    client = api("performance.lead")
    forward, backward = walk(client, f"/api/v1/returns/?ordering={ordering}&page_size=300")
    descending = ordering.startswith("-")
    expected = list(
        IndicatorReturn.objects.filter(indicator__organisation=council)
        .order_by(ordering, "-pk" if descending else "pk")
        .values_list("pk", flat=True)
    )
    assert [row["id"] for row in forward] == expected
    assert backward == forward


@pytest.mark.parametrize("ordering", ["due_date", "-due_date"])
def test_objectives_without_a_due_date_come_last_and_are_not_lost(api, council, ordering):
    objectives = list(Objective.objects.filter(organisation=council).order_by("pk"))
    undated = {objective.pk for objective in objectives[::3]}
    Objective.objects.filter(pk__in=undated).update(due_date=None)
    forward, backward = walk(
        api("cllr.leader"), f"/api/v1/objectives/?ordering={ordering}&page_size=4"
    )
    ids = [row["id"] for row in forward]
    assert sorted(ids) == [objective.pk for objective in objectives]
    assert backward == forward
    dates = [row["due_date"] for row in forward if row["due_date"] is not None]
    assert dates == sorted(dates, reverse=ordering.startswith("-"))
    empty_at = [row["due_date"] is None for row in forward]
    # Empty dates last going up, first going down.
    assert empty_at == sorted(empty_at, reverse=ordering.startswith("-"))


def test_units_by_kind_page_through_every_unit_once(api, council):
    """Only three kinds: most rows share their value with the rows either side."""
    forward, backward = walk(api("cllr.leader"), "/api/v1/units/?ordering=-kind&page_size=5")
    ids = [row["id"] for row in forward]
    assert len(ids) == len(set(ids)) == council.units.count()
    kinds = [row["kind"] for row in forward]
    assert kinds == sorted(kinds, reverse=True)
    assert backward == forward


def test_a_made_up_cursor_is_a_404_problem(api, council):
    response = api("cllr.leader").get("/api/v1/returns/?ordering=period__start_date&cursor=cD1bIng")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Invalid cursor"


@pytest.mark.parametrize("prefix", ["indicators", "actions"])
def test_search_is_in_the_schema(prefix):
    assert list_parameters(prefix)["search"]["in"] == "query"


def test_searching_indicators_finds_the_code(api, council):
    found = api("cllr.leader").get("/api/v1/indicators/?search=PI-HOU-0").json()["results"]
    assert found
    assert all(row["code"].startswith("PI-HOU-0") for row in found)


def test_indicators_of_a_unit_include_those_of_the_units_below_it(api, council, unit):
    housing = unit("Housing")  # a service, with the Housing Options and Estate Management teams
    below = set(housing.children.values_list("pk", flat=True))
    assert below
    client = api("cllr.leader")
    rows = client.get(f"/api/v1/indicators/?unit={housing.pk}&page_size=500").json()["results"]
    expected = Indicator.objects.filter(
        organisation=council, is_active=True, org_unit__in={housing.pk, *below}
    )
    assert {row["id"] for row in rows} == set(expected.values_list("pk", flat=True))
    assert {row["org_unit"] for row in rows} & below
