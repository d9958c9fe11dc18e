"""Labels and classes for performance judgements, so every page shows them the same way:
always as text, with a shape or arrow from the CSS, never colour alone."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
def _badge(element: str, base: str, css: str, label: str) -> SafeString:
    return format_html('<{} class="{} {}">{}</{}>\n', element, base, css, label, element)


def _rag_badge(value: str) -> SafeString:
    return _badge("strong", "gt-rag", f"gt-rag--{value.replace('_', '-')}", RAG.get(value, value))


def _direction_badge(key: str) -> SafeString:
    css = {"no_change": "no-change", "not_comparable": "no-change"}.get(key, key)
    return _badge("span", "gt-direction", f"gt-direction--{css}", DIRECTION.get(key, key))


# Each badge there can be, made once: a page of 500 rows shows some 2,000 of them. The
# functions below give them to views that prepare their rows; the tags give them to templates.
_RAG_BADGES = {value: _rag_badge(value) for value in RAG}
_DIRECTION_BADGES = {key: _direction_badge(key) for key in DIRECTION}
_VARIATION_BADGES = {
    key: _badge("span", "gt-spc", css, label) for key, (label, css) in VARIATION.items()
}
_ASSURANCE_BADGES = {
    key: _badge("span", "gt-spc", css, label) for key, (label, css) in ASSURANCE.items()
}
_NO_VARIATION = _badge("span", "gt-spc", "gt-spc--common-cause", "No SPC")
_NO_ASSURANCE = _badge("span", "gt-spc", "gt-spc--common-cause", "No assurance")


def rag_html(status: object) -> SafeString:
    value = str(status or "no_data")
    found = _RAG_BADGES.get(value)
    return found if found is not None else _rag_badge(value)


def direction_html(value: object) -> SafeString:
    key = str(value or "not_comparable")
    found = _DIRECTION_BADGES.get(key)
    return found if found is not None else _direction_badge(key)


def variation_html(value: object) -> SafeString:
    return _VARIATION_BADGES.get(str(value), _NO_VARIATION)


def assurance_html(value: object) -> SafeString:
    return _ASSURANCE_BADGES.get(str(value), _NO_ASSURANCE)


@register.simple_tag
def rag_tag(status: object) -> str:
    return rag_html(status)


@register.simple_tag
def direction(value: object) -> str:
    return direction_html(value)


@register.simple_tag
def variation(value: object) -> str:
    return variation_html(value)


@register.simple_tag
def assurance(value: object) -> str:
    return assurance_html(value)


@register.filter
def rag_label(status: object) -> str:
    return RAG.get(str(status), str(status))


@register.simple_tag
def show_value(indicator: object, value: Decimal | None) -> str:
    """The value in the indicator's unit and decimal places."""
    return indicator.format_value(value)  # type: ignore[attr-defined]
