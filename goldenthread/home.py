"""Panels on the home page. Each app registers what its people need to see first (returns
to complete, returns to approve...) in AppConfig.ready(); a panel returns None when it has
nothing to say to this person."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class HomeLink:
    text: str
    href: str
    hint: str = ""


@dataclass(frozen=True)
class HomePanel:
    title: str
    summary: str
    links: list[HomeLink] = field(default_factory=list)
    order: int = 50


Panel = Callable[[HttpRequest], HomePanel | None]
_panels: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _panels:
        _panels.append(panel)


def panels_for(request: HttpRequest) -> list[HomePanel]:
    shown = [panel for panel in (make(request) for make in _panels) if panel is not None]
    return sorted(shown, key=lambda panel: panel.order)
