"""Showing published figures in their metric's unit, and standings in words."""

from decimal import Decimal

from django import template

from goldenthread.benchmarking.models import ExternalMetric

register = template.Library()

QUARTILES = {1: "1 (best)", 2: "2", 3: "3", 4: "4 (worst)"}


@register.simple_tag
def metric_value(metric: ExternalMetric, value: Decimal | None) -> str:
    """The value in the metric's unit and decimal places: '87.5%', '£1,234', 'No data'."""
    return metric.format_value(value)


@register.filter
def quartile_label(quartile: int | None) -> str:
    return QUARTILES.get(quartile, "Not ranked") if quartile else "Not ranked"
