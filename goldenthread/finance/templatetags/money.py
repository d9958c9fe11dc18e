"""Pounds as a reader sees them: £1,234,000, −£12,000, +£40,000 and +1.2%."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value: Decimal | None) -> str:
    if value is None:
        return "None"
    text = f"£{abs(value):,.0f}"
    return f"−{text}" if value < 0 else text


@register.filter
def signed_pounds(value: Decimal | None) -> str:
    if value is None:
        return "None"
    text = f"£{abs(value):,.0f}"
    return f"−{text}" if value < 0 else f"+{text}" if value > 0 else text


@register.filter
def signed_percent(value: Decimal | None) -> str:
    if value is None:
        return "n/a"
    return f"−{abs(value)}%" if value < 0 else f"+{value}%" if value > 0 else f"{value}%"
