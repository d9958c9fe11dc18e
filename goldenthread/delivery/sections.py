"""The recovery plan on the indicator page: shown while one is open, with a button to set
one out when the indicator needs it."""

from django.http import HttpRequest
from django.utils import timezone

from goldenthread.delivery.selectors import recovery_plans_for_indicator
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.sections import IndicatorSection
from goldenthread.indicators.selectors import Performance


def _recovery_plans(request: HttpRequest, indicator: Indicator, performance: Performance):  # type: ignore[no-untyped-def]
    plans = recovery_plans_for_indicator(indicator, timezone.localdate())
    if not plans and not performance.recovery_needed:
        return None
    return {"recovery_plans": plans}


recovery_plans = IndicatorSection(10, "delivery/partials/recovery_plans.html", _recovery_plans)
