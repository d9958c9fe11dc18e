"""The chart and table of an indicator judged from the database by `performance_for`."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from goldenthread.charts import chart_table_rows, indicator_chart
from goldenthread.charts.tests.helpers import BASELINE, SVG, by_id, marker_shape, parse
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.indicators.selectors import performance_for
from goldenthread.strategy.models import ReportingPeriod


def test_chart_and_table_of_an_indicator_from_its_returns(council):
    indicator = Indicator.objects.create(
        organisation=council,
        code="PI 900",
        title="Empty council homes re-let within 28 days",
        unit="percent",
        decimal_places=1,
        polarity="higher",
        frequency="quarterly",
        spc_baseline_points=13,
    )
    quarters = list(
        ReportingPeriod.objects.filter(organisation=council, frequency="quarterly").order_by(
            "start_date"
        )[:17]
    )
    values = [*BASELINE, 16, None, 12, 8.5]  # 16: above the upper limit; one quarter missed
    approved_at = timezone.now() - timedelta(days=1)
    for quarter, value in zip(quarters, values, strict=True):
        Target.objects.create(indicator=indicator, period=quarter, value=Decimal(10))
        if value is not None:
            IndicatorReturn.objects.create(
                indicator=indicator,
                period=quarter,
                value=Decimal(str(value)),
                status="approved" if quarter != quarters[-1] else "submitted",
                approved_at=approved_at if quarter != quarters[-1] else None,
            )

    performance = performance_for([indicator], quarters[-1], include_unapproved=True)[indicator.pk]
    root = parse(indicator_chart(performance))
    rows = chart_table_rows(performance)

    chart = "chart-pi-900-full"
    assert by_id(root, f"{chart}-title").text == (
        "PI 900 Empty council homes re-let within 28 days, "
        f"{quarters[0].label} to {quarters[-1].label}"
    )
    assert by_id(root, f"{chart}-desc").text.startswith(
        f"Latest value, {quarters[-1].label}: 8.5% (provisional), against a target of 10.0%. "
        "RAG status: Red."
    )
    improvement = by_id(root, f"{chart}-points-improvement-high")
    assert marker_shape(root, improvement) == "triangle-up"
    assert len(list(improvement.iter(f"{SVG}use"))) == 1
    assert by_id(root, f"{chart}-points-common-provisional") is not None
    assert by_id(root, f"{chart}-values").find(f"{SVG}path").get("d").count("M") == 2
    assert [row.period for row in rows] == [q.label for q in quarters]
    assert rows[13].spc == "special cause: improving (above the upper process limit)"
    assert (rows[14].value, rows[14].status) == ("No data", "No return")
    assert (rows[16].value, rows[16].target, rows[16].status, rows[16].is_provisional) == (
        "8.5%",
        "10.0%",
        "Submitted",
        True,
    )
