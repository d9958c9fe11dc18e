"""Helpers shared by the delivery views."""

from django.http import Http404
from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.delivery import selectors
from goldenthread.delivery.models import Action


def action_or_404(organisation: Organisation, pk: int) -> Action:
    action = selectors.action_for_page(organisation, pk)
    if action is None:
        raise Http404("There is no such action.")
    return action


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [{"text": "Home", "href": reverse("home")}] + [
        {"text": text, "href": href} for text, href in pairs
    ]


def action_crumbs(action: Action, *more: tuple[str, str | None]) -> list[dict]:
    return crumbs(
        ("Actions", reverse("delivery:action_list")),
        (action.code, action.get_absolute_url() if more else None),
        *more,
    )


def digits(value: str) -> int | None:
    return int(value) if value.isdigit() else None
