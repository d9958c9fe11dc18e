"""The service navigation. Each app adds its own entries in AppConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int
    visible: Callable[[HttpRequest], bool]


_entries: list[NavEntry] = []


def register(
    label: str, url_name: str, *, order: int, visible: Callable[[HttpRequest], bool]
) -> None:
    if not any(entry.url_name == url_name for entry in _entries):
        _entries.append(NavEntry(label, url_name, order, visible))
        _entries.sort(key=lambda entry: entry.order)


def entries_for(request: HttpRequest) -> list[dict]:
    """The entries this request may see, with their hrefs and which is the current section."""
    items = []
    for entry in _entries:
        if not entry.visible(request):
            continue
        href = reverse(entry.url_name)
        current = request.path == href or (href != "/" and request.path.startswith(href))
        items.append({"text": entry.label, "href": href, "active": current})
    return items
