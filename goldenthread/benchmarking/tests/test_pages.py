"""The benchmarking pages, the comparator chart, the forms and who may use them."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.test import Client

from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ComparatorTarget,
    ExternalMetric,
    IndicatorMetricLink,
)
from goldenthread.benchmarking.selectors import how_we_compare
from goldenthread.benchmarking.tests.helpers import table_rows
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import ReportingPeriod

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def metric_url(code: str) -> str:
    return f"/benchmarking/metrics/{ExternalMetric.objects.get(code=code).pk}/"


def test_the_demo_council_among_its_nearest_neighbours(signed_in) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("officer.adults").get(metric_url("ASC5"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wyvern Vale among Nearest neighbours, 2022/23" in html
    assert '<dd class="govuk-summary-list__value" id="rank">11th of 17</dd>' in html
    assert "78.2 (your approved return)" in html
    members = table_rows(html, "members")
    assert members[0] == ["Rank", "Council", "Value"]
    assert members[11] == ["11", "Wyvern Vale (you)", "78.2"]
    assert len(members) == 18  # the 16 and Wyvern Vale
    over_time = table_rows(html, "over-time")
    # Wyvern Vale's returns run from 2018/19; Oflog's from 2015/16.
    assert [row[0] for row in over_time[1:]] == [
        "2022/23", "2021/22", "2020/21", "2019/20", "2018/19", "2017/18", "2016/17", "2015/16"
    ]  # fmt: skip
    assert over_time[-1][1:3] == ["No data", "–"]


def test_the_chart_has_a_text_alternative_and_marks_the_council_by_shape(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("officer.adults").get(metric_url("ASC5")).content.decode()
    svg = ET.fromstring(html[html.index("<svg") : html.index("</svg>") + 6])
    assert svg.get("role") == "img"
    chart_id = "chart-asc5-2022-23"
    assert svg.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    description = svg.find(f"{SVG}desc").text
    assert description.startswith(
        "Wyvern Vale: 78.2, ranked 11 of 17 (quartile 3, where 1 is best). Group median 79.0."
    )
    assert "Values, best first: Rotherham 94.8; Stockport 94.3;" in description
    ids = {element.get("id") for element in svg.iter() if element.get("id")}
    assert {f"{chart_id}-subject", f"{chart_id}-members", f"{chart_id}-median"} <= ids
    labels = [text.text for text in svg.iter(f"{SVG}text") if text.text]
    assert "Wyvern Vale (you)" in labels and "Your council" in labels


def test_another_council_with_a_measure_that_has_no_direction(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = (
        signed_in("officer.adults")
        .get(metric_url("ASC7"), {"council": "E06000004", "period": "2022/23"})
        .content.decode()
    )
    assert "Stockton-on-Tees among Oflog nearest neighbours, 2022/23" in html
    assert "This measure has no better direction, so councils are not ranked on it." in html
    assert table_rows(html, "members")[1][0] == "–"


def test_lgbf_family_group_is_chosen_for_a_scottish_measure(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = (
        signed_in("officer.adults")
        .get(metric_url("CORP 09"), {"council": "S12000030", "period": "2021-Q2"})
        .content.decode()
    )
    assert "Stirling among LGBF Family Group 2: Environmental" in html
    assert '<dd class="govuk-summary-list__value" id="rank">7th of 8</dd>' in html
    assert "94.12% (published)" in html  # Value_Scot_Mean 0.94125


def test_pages_are_for_members_only(client: Client, signed_in, other_council) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/benchmarking/").status_code == 302  # sign in first
    outsider = Client()
    outsider.force_login(other_council.people.get())
    assert outsider.get(metric_url("ASC5")).status_code == 200  # their own council's view
    group = ComparatorGroup.objects.get(name="Nearest neighbours")
    assert outsider.get(f"/benchmarking/groups/{group.pk}/").status_code == 200  # published
    chosen = ComparatorGroup.objects.create(
        owner=group.owner, kind=ComparatorGroup.Kind.USER_DEFINED, name="Our pick"
    )
    assert outsider.get(f"/benchmarking/groups/{chosen.pk}/").status_code == 404


def test_index_lists_links_groups_and_sources(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in("cllr.scrutiny").get("/benchmarking/").content.decode()
    assert "PI-ASC-11 Short-term support that left people needing no further support" in html
    assert "Oflog adult social care metrics (3 metrics)" in html
    assert "Scottish Local Government Benchmarking Framework (108 metrics)" in html
    assert (
        '<a class="govuk-service-navigation__link" href="/benchmarking/" aria-current="true">'
        '<strong class="govuk-service-navigation__active-fallback">Benchmarking</strong></a>'
    ) in html


def test_admins_choose_a_group_of_councils(signed_in, council) -> None:  # type: ignore[no-untyped-def]
    admin = signed_in("performance.lead")
    page = admin.post(
        "/benchmarking/groups/add/",
        {
            "name": "Tees Valley",
            "description": "The five Tees Valley unitaries.",
            "councils": "Darlington\nHartlepool Borough Council\nE06000002\n"
            "Redcar and Cleveland Borough Council (E06000003)\nStockton-on-Tees",
        },
    )
    group = ComparatorGroup.objects.get(owner=council, name="Tees Valley")
    assert page.status_code == 302 and page["Location"] == f"/benchmarking/groups/{group.pk}/"
    assert group.kind == "user_defined"
    assert sorted(group.members.values_list("gss_code", flat=True)) == [
        "E06000001",
        "E06000002",
        "E06000003",
        "E06000004",
        "E06000005",
    ]
    page = admin.post(
        f"/benchmarking/groups/{group.pk}/edit/",
        {"name": "Tees Valley", "description": "", "councils": "Darlington\nAtlantis"},
    )
    assert "No council is called or has the GSS code: Atlantis." in page.content.decode()
    assert group.members.count() == 5
    assert signed_in("officer.adults").get("/benchmarking/groups/add/").status_code == 403


def test_region_and_council_type_groups(signed_in, council) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("performance.lead").post("/benchmarking/groups/standard/")
    assert page.status_code == 302
    region = ComparatorGroup.objects.get(owner=council, kind="region")
    assert region.name == "Councils in North East"
    # The 12 current North East councils; the North East Combined Authority is left out.
    assert region.members.count() == 12
    unitaries = ComparatorGroup.objects.get(owner=council, kind="council_type")
    assert unitaries.name == "Unitary authorities"
    assert unitaries.members.filter(gss_code="E06000004").exists()
    assert not unitaries.members.exclude(kind="unitary").exists()


def test_linking_an_indicator_and_setting_a_comparator_target(signed_in, council) -> None:  # type: ignore[no-untyped-def]
    officer = signed_in("officer.adults")
    indicator = Indicator.objects.get(organisation=council, code="PI-ASC-12")
    IndicatorMetricLink.objects.filter(indicator=indicator).delete()
    metric = ExternalMetric.objects.get(code="ASC2")
    page = officer.post(
        "/benchmarking/links/add/", {"indicator": indicator.pk, "metric": metric.pk}
    )
    assert page.status_code == 302
    assert IndicatorMetricLink.objects.get(indicator=indicator).metric == metric
    wrong = ExternalMetric.objects.get(code="ASC7")  # no direction
    page = officer.post("/benchmarking/links/add/", {"indicator": indicator.pk, "metric": wrong.pk})
    assert "cannot be the same measure" in page.content.decode()
    group = ComparatorGroup.objects.get(owner=council, name="Nearest neighbours")
    page = officer.post(
        f"/benchmarking/indicators/{indicator.pk}/comparator-target/",
        {
            "period": ReportingPeriod.objects.get(
                organisation=council, frequency="annual", year=2022
            ).pk,
            "metric": metric.pk,
            "statistic": ComparatorTarget.Statistic.TOP_QUARTILE,
            "group": group.pk,
            "margin": "0",
        },
    )
    assert page.status_code == 302
    rule = ComparatorTarget.objects.get(target__indicator=indicator)
    assert rule.description == "At or better than the Nearest neighbours top quartile threshold"


def test_the_how_we_compare_partial(council, person) -> None:  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.get(organisation=council, code="PI-ASC-11")
    html = render_to_string(
        "benchmarking/partials/how_we_compare.html",
        {"how_we_compare": how_we_compare(indicator), "indicator": indicator, "can_edit": True},
    )
    assert "11th of 17, quartile 3" in html
    rows = table_rows(html, "table-0")
    assert rows[1][:4] == [
        "2022/23",
        "At or better than the Nearest neighbours median",
        "79.0",  # 79.05 to the metric's one decimal place
        "78.2",
    ]
    assert rows[1][4] == "Amber"
    assert f"/benchmarking/indicators/{indicator.pk}/comparator-target/" in html


@pytest.mark.parametrize(
    ("username", "url", "heading"),
    [
        ("performance.lead", "/benchmarking/groups/", "Comparator groups"),
        ("performance.lead", "/benchmarking/groups/add/", "Add a comparator group"),
        ("officer.adults", "/benchmarking/links/add/", "Link an indicator to a published metric"),
        ("officer.adults", "comparator-target", "Target against comparators for PI-ASC-11"),
        ("performance.lead", "group", "Nearest neighbours"),
        ("performance.lead", "group-edit", "Change Tees Valley"),
    ],
)
def test_pages_and_forms_render(signed_in, council, username, url, heading) -> None:  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.get(organisation=council, code="PI-ASC-11")
    published = ComparatorGroup.objects.get(owner=council, name="Nearest neighbours")
    chosen = ComparatorGroup.objects.create(
        owner=council, kind=ComparatorGroup.Kind.USER_DEFINED, name="Tees Valley"
    )
    url = {
        "comparator-target": f"/benchmarking/indicators/{indicator.pk}/comparator-target/",
        "group": f"/benchmarking/groups/{published.pk}/",
        "group-edit": f"/benchmarking/groups/{chosen.pk}/edit/",
    }.get(url, url)
    page = signed_in(username).get(url)
    assert page.status_code == 200
    assert f">{heading}</h1>" in page.content.decode()
