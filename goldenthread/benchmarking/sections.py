""" "How we compare" on the indicator page, for indicators linked to published metrics (and,
for those who may edit the indicator, the buttons to link one)."""

from django.http import HttpRequest

from goldenthread.benchmarking.selectors import how_we_compare
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.sections import IndicatorSection
from goldenthread.indicators.selectors import Performance


def _how_we_compare(request: HttpRequest, indicator: Indicator, performance: Performance):  # type: ignore[no-untyped-def]
    summary = how_we_compare(indicator)
    if not summary.comparisons and not summary.targets:
        return None
    return {"how_we_compare": summary}


comparisons = IndicatorSection(20, "benchmarking/partials/how_we_compare.html", _how_we_compare)
