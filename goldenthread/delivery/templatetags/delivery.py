"""The action status tag, the same on every page: its label in a GOV.UK tag."""

from django import template

from goldenthread.calculations.delivery import ActionStatus
from goldenthread.delivery.selectors import STATUS_TAGS

register = template.Library()


@register.inclusion_tag("delivery/partials/status_tag.html")
def action_status_tag(status: object) -> dict:
    try:
        found = ActionStatus(str(status))
    except ValueError:
        return {"label": "Not known", "css": "govuk-tag--grey"}
    return {"label": found.label, "css": STATUS_TAGS[found]}
