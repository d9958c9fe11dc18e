"""The done test of the API: the demo council's quarter loaded through the API with an
officer's token, approved, and read back with a member's token."""

import time

from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.strategy.models import ReportingPeriod


def test_a_quarter_loads_through_the_api_and_a_member_reads_it_back(api, council):
    quarter = period_latest_ended(council)
    months = ReportingPeriod.objects.filter(
        organisation=council,
        frequency="monthly",
        start_date__gte=quarter.start_date,
        end_date__lte=quarter.end_date,
    )
    periods = [quarter, *months]
    IndicatorReturn.objects.filter(period__in=periods).delete()
    indicators = Indicator.objects.filter(organisation=council, is_active=True).exclude(
        formula__gt=""
    )
    rows, sent = [], {}
    for indicator in indicators:
        for period in periods:
            if period.frequency != indicator.frequency:
                continue
            earlier = (
                IndicatorReturn.objects.filter(indicator=indicator, value__isnull=False)
                .order_by("-period__start_date")
                .values_list("value", flat=True)
                .first()
            )
            row = {
                "indicator": indicator.code,
                "period": period.label,
                "commentary": "Loaded from the housing system.",
                "remedial_action": "Recovery plan reviewed monthly.",
                "outlier_confirmed": True,
                "outlier_explanation": "Checked against the source system.",
                "submit": True,
            }
            if indicator.is_qualitative:
                row |= {"narrative": "Delivered as planned.", "judgement": "green"}
            else:
                row["value"] = str(earlier if earlier is not None else 1)
                sent[(indicator.code, period.label)] = row["value"]
            rows.append(row)
    assert len(rows) > 60

    officer = api("performance.officer", scope="read_write")
    started = time.perf_counter()
    loaded = officer.post("/api/v1/returns/bulk/", {"returns": rows})
    elapsed = time.perf_counter() - started
    assert loaded.status_code == 200, loaded.json()
    assert loaded.json() == {
        "rows": len(rows), "created": len(rows), "updated": 0, "submitted": len(rows),
        "unchanged": 0,
    }  # fmt: skip
    print(f"{len(rows)} returns loaded in {elapsed:.2f}s")  # noqa: T201 - measured for the report

    director = api("director.dns", scope="read_write")
    submitted = IndicatorReturn.objects.filter(period__in=periods, status="submitted")
    assert submitted.count() == len(rows)
    for pk in submitted.values_list("pk", flat=True):
        assert director.post(f"/api/v1/returns/{pk}/approve/").status_code == 200

    member = api("cllr.leader")
    read, url = {}, f"/api/v1/indicators/?period={quarter.label}&page_size=100"
    while url:
        page = member.get(url).json()
        read |= {row["code"]: row["performance"] for row in page["results"]}
        url = page["next"]
    quarterly = [i for i in indicators if i.frequency == "quarterly" and not i.is_qualitative]
    for indicator in quarterly:
        performance = read[indicator.code]
        assert performance["status"] == "approved"
        assert performance["value"] == f"{float(sent[(indicator.code, quarter.label)]):.6f}"
        assert performance["rag"] != "no_data"
