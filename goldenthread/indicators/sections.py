"""Sections other apps add to the indicator page: its recovery plan, how the council
compares... Each app registers one in its AppConfig.ready(): a template and a function giving
its context, or None when the section has nothing to show for this indicator."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string

from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import Performance


@dataclass(frozen=True)
class IndicatorSection:
    order: int
    template: str
    context: Callable[[HttpRequest, Indicator, Performance], dict | None]


_sections: list[IndicatorSection] = []


def register(section: IndicatorSection) -> None:
    if all(existing.template != section.template for existing in _sections):
        _sections.append(section)
        _sections.sort(key=lambda each: each.order)


def sections_for(
    request: HttpRequest, indicator: Indicator, performance: Performance, page: dict
) -> list[str]:
    """Each section rendered, with the page's own context (indicator, performance, can_edit)
    beneath its own. render_to_string's escaped output is already safe to show as it is."""
    rendered = []
    for section in _sections:
        context = section.context(request, indicator, performance)
        if context is not None:
            rendered.append(
                render_to_string(section.template, {**page, **context}, request=request)
            )
    return rendered
