"""Labels and classes for performance judgements, so every page shows them the same way:
always as text, with a shape or arrow from the CSS, never colour alone."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

register = template.Library()

RAG = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_data": "No data",
    "no_target": "No target",
    "not_assessed": "Not assessed",
}
DIRECTION = {
    "improving": "Improving",
    "declining": "Declining",
    "no_change": "No change",
    "up": "Up",
    "down": "Down",
    "not_comparable": "Not comparable",
}
VARIATION = {
    "common_cause": ("Common cause variation", "gt-spc--common-cause"),
    "special_cause_improving": ("Special cause: improving", "gt-spc--improvement"),
    "special_cause_concerning": ("Special cause: concerning", "gt-spc--concern"),
    "special_cause_neutral_high": ("Special cause: neutral, high", "gt-spc--neutral gt-spc--high"),
    "special_cause_neutral_low": ("Special cause: neutral, low", "gt-spc--neutral gt-spc--low"),
    "not_enough_data": ("Not enough data for SPC (13 points needed)", "gt-spc--common-cause"),
}
ASSURANCE = {
    "consistently_passing": ("Consistently passing the target", "gt-spc--pass"),
    "consistently_failing": ("Consistently failing the target", "gt-spc--fail"),
    "hit_and_miss": ("Hit and miss: the target may or may not be met", "gt-spc--hit-and-miss"),
    "no_target": ("No assurance: no target", "gt-spc--common-cause"),
    "not_enough_data": ("No assurance: not enough data", "gt-spc--common-cause"),
}


# Simple tags rather than inclusion tags: a dashboard shows four of these on each of its
# hundreds of rows, and an inclusion tag renders a template in a new context each time (a
# third of the dashboard page's rendering). The markup is the same as the component
# templates' (components/rag_tag.html, direction.html and spc_badge.html), newline included.
def _badge(element: str, base: str, css: str, label: str) -> str:
    return format_html('<{} class="{} {}">{}</{}>\n', element, base, css, label, element)


@register.simple_tag
def rag_tag(status: object) -> str:
    value = str(status or "no_data")
    return _badge("strong", "gt-rag", f"gt-rag--{value.replace('_', '-')}", RAG.get(value, value))


@register.simple_tag
def direction(value: object) -> str:
    key = str(value or "not_comparable")
    css = {"no_change": "no-change", "not_comparable": "no-change"}.get(key, key)
    return _badge("span", "gt-direction", f"gt-direction--{css}", DIRECTION.get(key, key))


@register.simple_tag
def variation(value: object) -> str:
    label, css = VARIATION.get(str(value), ("No SPC", "gt-spc--common-cause"))
    return _badge("span", "gt-spc", css, label)


@register.simple_tag
def assurance(value: object) -> str:
    label, css = ASSURANCE.get(str(value), ("No assurance", "gt-spc--common-cause"))
    return _badge("span", "gt-spc", css, label)


@register.filter
def rag_label(status: object) -> str:
    return RAG.get(str(status), str(status))


@register.simple_tag
def show_value(indicator: object, value: Decimal | None) -> str:
    """The value in the indicator's unit and decimal places."""
    return indicator.format_value(value)  # type: ignore[attr-defined]
