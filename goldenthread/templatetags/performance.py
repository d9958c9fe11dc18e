"""Labels and classes for performance judgements, so every page shows them the same way:
always as text, with a shape or arrow from the CSS, never colour alone."""

from decimal import Decimal

from django import template

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


@register.inclusion_tag("components/rag_tag.html")
def rag_tag(status: object) -> dict:
    value = str(status or "no_data")
    return {"label": RAG.get(value, value), "css": f"gt-rag--{value.replace('_', '-')}"}


@register.inclusion_tag("components/direction.html")
def direction(value: object) -> dict:
    key = str(value or "not_comparable")
    css = {"no_change": "no-change", "not_comparable": "no-change"}.get(key, key)
    return {"label": DIRECTION.get(key, key), "css": f"gt-direction--{css}"}


@register.inclusion_tag("components/spc_badge.html")
def variation(value: object) -> dict:
    label, css = VARIATION.get(str(value), ("No SPC", "gt-spc--common-cause"))
    return {"label": label, "css": css}


@register.inclusion_tag("components/spc_badge.html")
def assurance(value: object) -> dict:
    label, css = ASSURANCE.get(str(value), ("No assurance", "gt-spc--common-cause"))
    return {"label": label, "css": css}


@register.filter
def rag_label(status: object) -> str:
    return RAG.get(str(status), str(status))


@register.simple_tag
def show_value(indicator: object, value: Decimal | None) -> str:
    """The value in the indicator's unit and decimal places."""
    return indicator.format_value(value)  # type: ignore[attr-defined]
